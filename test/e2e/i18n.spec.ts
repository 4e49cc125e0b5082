// Language switch: English ⇄ 简体中文, every visible string translated, locale formats, persisted.
import { expect, test, type Page } from '@playwright/test';
import { en } from '../../src/i18n/en';
import { zhCN } from '../../src/i18n/zh-CN';
import { createCustomer, detailFact, listRows, openApp, waitReady } from './helpers';

/**
 * English UI strings that must not be visible once the UI is Chinese: fixed texts (not templates),
 * leaving out names the Chinese UI also uses (e.g. the brand "Fieldbook").
 */
const ZH_TEXTS = Object.values(zhCN);
const ENGLISH_ONLY = Object.values(en).filter(
  (text) => !text.includes('{') && text.length >= 4 && !ZH_TEXTS.some((zh) => zh.includes(text)),
);

async function expectNoEnglishUi(page: Page): Promise<void> {
  // Polled: parts of a screen (lists, status lines) render in tasks after its heading shows, and a
  // snapshot taken while they still carry the previous language's text would be a false alarm.
  await expect
    .poll(
      async () => {
        const visible = await page.locator('body').innerText();
        return ENGLISH_ONLY.filter((text) => visible.includes(text));
      },
      { message: `English strings visible in the Chinese UI on ${page.url()}` },
    )
    .toEqual([]);
}

async function chooseLanguage(
  page: Page,
  settingsLink: string,
  languageLabel: string,
  language: string,
): Promise<void> {
  await page.getByRole('navigation').getByRole('link', { name: settingsLink, exact: true }).click();
  await page.getByLabel(languageLabel, { exact: true }).selectOption({ label: language });
}

test('switch to 简体中文 and back; the choice persists across reloads', async ({ page }) => {
  await openApp(page);
  await createCustomer(
    page,
    {
      givenName: '丽',
      familyName: '王',
      birthDate: '1990-05-17',
      city: '上海',
      country: 'China',
      phone: '021 6123 4567',
    },
    '王丽',
  );
  await expect(detailFact(page, 'Birth date')).toHaveText('May 17, 1990');
  await expect(detailFact(page, 'Address')).toHaveText('China 上海');

  // An order so that money is on screen.
  const orders = page.getByRole('region', { name: 'Orders' });
  await orders.getByRole('button', { name: 'Add order', exact: true }).click();
  await page.getByLabel('Product', { exact: true }).fill('Espresso machine');
  await page.getByLabel('Unit price', { exact: true }).fill('1234.50');
  await page.getByRole('button', { name: 'Save order', exact: true }).click();
  await expect(orders.getByRole('listitem')).toContainText('$1,234.50'); // no catalogue: the en-US device's currency

  // Switch.
  await chooseLanguage(page, 'Settings', 'Language', '简体中文');
  const nav = page.getByRole('navigation', { name: '主导航' });
  await expect(nav.getByRole('link', { name: '客户', exact: true })).toBeVisible();
  await expect(nav.getByRole('link', { name: '设置', exact: true })).toBeVisible();
  await expect(page.getByRole('heading', { name: '设置', level: 2 })).toBeVisible();
  await expect(page.getByLabel('语言', { exact: true })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page).toHaveTitle('Fieldbook 客户簿');
  await expectNoEnglishUi(page);

  // The customer's screen: labels translated, dates and money in zh-CN format, country name in Chinese.
  await nav.getByRole('link', { name: '客户', exact: true }).click();
  await expect(page.getByRole('searchbox', { name: '搜索客户' })).toBeVisible();
  await expect(page.getByRole('region', { name: '客户' }).getByRole('status')).toHaveText('1 位客户');
  await page.getByRole('list', { name: '客户列表' }).getByRole('link', { name: /王丽/ }).click();
  await expect(page.locator('article.detail').getByRole('heading', { level: 2 })).toHaveText('王丽');
  await expect(detailFact(page, '出生日期')).toHaveText('1990年5月17日');
  await expect(detailFact(page, '地址')).toHaveText('中国 上海');
  await expect(detailFact(page, '电话')).toHaveText('+86 21 6123 4567');
  const zhMoney = await page.evaluate(() =>
    new Intl.NumberFormat('zh-CN', { style: 'currency', currency: 'USD', minimumFractionDigits: 2 }).format(1234.5),
  );
  const zhToday = await page.evaluate(() =>
    new Intl.DateTimeFormat('zh-CN', { dateStyle: 'medium' }).format(Date.now()),
  );
  const order = page.getByRole('region', { name: '订单' }).getByRole('listitem');
  await expect(order).toContainText(zhMoney);
  await expect(order).toContainText(zhToday);
  await expect(order).toContainText('已确认');
  await expect(page.getByRole('link', { name: '编辑', exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: '删除', exact: true })).toBeVisible();
  await expect(page.getByText(/^更新于 \d{4}年\d{1,2}月\d{1,2}日/)).toBeVisible();
  await expectNoEnglishUi(page);

  // The customer form's labels.
  await page.getByRole('link', { name: '新建客户', exact: true }).click();
  await expect(page.getByRole('heading', { name: '新建客户', level: 2 })).toBeVisible();
  for (const label of [
    '名',
    '姓',
    '邮箱',
    '电话',
    '公司',
    '街道',
    '城市',
    '邮编',
    '省/州',
    '国家/地区',
    '出生日期',
    '标签',
    '备注',
  ]) {
    await expect(page.locator('form.customer-form').getByLabel(label, { exact: true })).toBeVisible();
  }
  await expect(page.getByRole('button', { name: '保存', exact: true })).toBeVisible();
  // Errors are translated too.
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await expect(
    page.locator('form.customer-form').getByRole('alert').filter({ hasText: zhCN['error.nameRequired'] }),
  ).toBeVisible();
  await expectNoEnglishUi(page);
  await page.getByRole('button', { name: '取消', exact: true }).click();

  // Persisted: a reload comes back in Chinese.
  await page.reload();
  await waitReady(page);
  await expect(
    page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '客户', exact: true }),
  ).toBeVisible();
  await expect(page.getByRole('searchbox', { name: '搜索客户' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expectNoEnglishUi(page);

  // And back to English.
  await chooseLanguage(page, '设置', '语言', 'English');
  await expect(
    page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers', exact: true }),
  ).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Settings', level: 2 })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers', exact: true }).click();
  await listRows(page).filter({ hasText: '王丽' }).click();
  await expect(detailFact(page, 'Birth date')).toHaveText('May 17, 1990');
  await page.reload();
  await waitReady(page);
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await expect(detailFact(page, 'Address')).toHaveText('China 上海');
});
