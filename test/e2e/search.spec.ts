// Search finds what reps remember, through the search box of the production build: pinyin typed
// without a space, a word inside a Chinese company name (after its place name), a merged customer's
// second phone; at tablet and phone width, in English and in 简体中文.
import { expect, test, type Page } from '@playwright/test';
import { createCustomer, customerForm, detailHeading, fillCustomer, openApp, openNewForm } from './helpers';

const TABLET = { width: 1024, height: 768 };
const PHONE = { width: 360, height: 740 };

const ZHANG = { givenName: '伟', familyName: '张', company: '北京天成科技有限公司', country: 'China', tags: 'vip' };
const LI = { givenName: '芳', familyName: '李', company: '上海瑞丰食品有限公司', country: 'China', tags: 'vip' };
const AMY = {
  givenName: 'Amy',
  familyName: 'Chen',
  company: 'Blue Bottle Coffee Roasters Inc.',
  country: 'United States',
};

interface Ui {
  nav: string;
  customers: string;
  search: string;
  list: string;
}
const EN: Ui = { nav: 'Main', customers: 'Customers', search: 'Search customers', list: 'Customer list' };
const ZH: Ui = { nav: '主导航', customers: '客户', search: '搜索客户', list: '客户列表' };

/** Goes to the customer list through the main navigation (on a phone an open customer hides it). */
async function toList(page: Page, ui: Ui): Promise<void> {
  await page.getByRole('navigation', { name: ui.nav }).getByRole('link', { name: ui.customers, exact: true }).click();
  await expect(page).toHaveURL(/#\/$/);
  await expect(page.getByRole('searchbox', { name: ui.search })).toBeVisible();
}

/** Types the query into the search box and waits until exactly these names are listed. */
async function expectFound(page: Page, ui: Ui, query: string, names: string[]): Promise<void> {
  await page.getByRole('searchbox', { name: ui.search }).fill(query);
  const rows = page.getByRole('list', { name: ui.list }).getByRole('link');
  await expect(rows).toHaveCount(names.length);
  for (const name of names) await expect(rows.filter({ hasText: name })).toHaveCount(1);
}

async function createCast(page: Page): Promise<void> {
  await createCustomer(page, ZHANG, '张伟');
  await createCustomer(page, LI, '李芳');
  await createCustomer(page, AMY);
}

test('tablet, English: zhangwei, zhangw, 瑞丰, 天成 and a word inside a company name', async ({ page }) => {
  await page.setViewportSize(TABLET);
  await openApp(page);
  await createCast(page);
  await toList(page, EN);
  await expectFound(page, EN, 'zhangwei', ['张伟']);
  await expectFound(page, EN, 'zhangw', ['张伟']);
  await expectFound(page, EN, '瑞丰', ['李芳']);
  await expectFound(page, EN, '天成', ['张伟']);
  await expectFound(page, EN, 'roasters', ['Amy Chen']);
  await expectFound(page, EN, 'coffee', ['Amy Chen']);
  const status = page.getByRole('region', { name: 'Customers' }).getByRole('status');
  await expect(status).toHaveText('1 match');

  // The count next to the tag filter is the filtered one.
  await page.getByRole('searchbox', { name: EN.search }).fill('');
  await expect(status).toHaveText('3 customers');
  await page.getByLabel('Filter by tag', { exact: true }).selectOption('vip');
  await expect(status).toHaveText('2 customers');
  await expect(page.getByRole('list', { name: EN.list }).getByRole('link')).toHaveCount(2);
});

test('tablet: search results page on beyond the first 50', async ({ page }) => {
  await page.setViewportSize(TABLET);
  await openApp(page, '#/settings');
  await page.getByLabel('Number of customers', { exact: true }).fill('400');
  await page.getByRole('button', { name: 'Load demo data', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: /^Added 400 customers/ })).toBeVisible({ timeout: 60_000 });
  await toList(page, EN);
  // Every Chinese phone number (a good share of the demo customers): more than a page.
  await page.getByRole('searchbox', { name: EN.search }).fill('+861');
  const status = page.getByRole('region', { name: 'Customers' }).getByRole('status');
  await expect(status).toHaveText('50+ matches — scroll for more');
  const list = page.getByRole('list', { name: EN.list });
  // Scrolling to the end of the list loads the next pages until every match is listed.
  await expect
    .poll(
      async () => {
        await list.evaluate((ul) => ul.parentElement?.scrollTo({ top: ul.parentElement.scrollHeight }));
        return status.textContent();
      },
      { timeout: 30_000 },
    )
    .toMatch(/^\d+ matches$/);
  const total = Number((await status.textContent())?.split(' ')[0]);
  expect(total).toBeGreaterThan(50);
  await expect(list.getByRole('listitem').first()).toHaveAttribute('aria-setsize', String(total));
});

test('phone, 简体中文: zhangwei and 瑞丰 through the Chinese search box', async ({ page }) => {
  await page.setViewportSize(PHONE);
  await openApp(page);
  await createCast(page);
  await page.evaluate(() => localStorage.setItem('fieldbook.locale', 'zh-CN'));
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await toList(page, ZH);
  await expectFound(page, ZH, 'zhangwei', ['张伟']);
  await expectFound(page, ZH, '瑞丰', ['李芳']);
  await expect(page.getByRole('region', { name: '客户' }).getByRole('status')).toHaveText('1 条结果');
  // Open the customer from the result.
  await page.getByRole('list', { name: ZH.list }).getByRole('link', { name: /李芳/ }).click();
  await expect(detailHeading(page)).toHaveText('李芳');
});

for (const [size, viewport] of [
  ['tablet', TABLET],
  ['phone', PHONE],
] as const) {
  test(`${size}: after a merge the second phone and email find the customer`, async ({ page }) => {
    await page.setViewportSize(viewport);
    await openApp(page);
    const jane = { givenName: 'Jane', familyName: 'Doe', email: 'jane@example.com', country: 'United States' };
    await createCustomer(page, { ...jane, phone: '(201) 555-0123' });
    // The same person again with her work phone: merged from the form's duplicate panel.
    await openNewForm(page);
    await fillCustomer(page, { ...jane, phone: '212 555 0111' });
    const panel = customerForm(page).getByRole('region', { name: 'Possible duplicates' });
    await panel.getByRole('button', { name: 'Merge into this one' }).click();
    const dialog = page.getByRole('dialog', { name: 'Merge customers' });
    await dialog.getByRole('button', { name: 'Merge', exact: true }).click();
    await expect(dialog).toHaveCount(0);
    await expect(detailHeading(page)).toHaveText('Jane Doe');

    await toList(page, EN);
    await expectFound(page, EN, '212 555 0111', ['Jane Doe']);
    await expectFound(page, EN, '201 555 0123', ['Jane Doe']);
    await expectFound(page, EN, '0111', ['Jane Doe']);
    await expectFound(page, EN, 'jane doe', ['Jane Doe']);
  });
}
