// The audit trail and privacy requests on the production build: the History tab shows an edit
// (who, which field, before and after), "Export this customer's data" downloads the JSON and the
// readable CSV with the orders, and "Erase this customer" leaves nothing personal in any IndexedDB
// store of this origin (read in the page, below RxDB). At tablet and phone width, and in 简体中文.
import { expect, test, type Download, type Page } from '@playwright/test';
import { zhCN } from '../../src/i18n/zh-CN';
import {
  addOrder,
  createCustomer,
  customerForm,
  detailHeading,
  field,
  fillCustomer,
  historyTab,
  listStatus,
  openApp,
  openNewForm,
  rawIndexedDb,
  waitReady,
} from './helpers';

const SIZES = [
  { name: 'tablet', viewport: { width: 1024, height: 768 } },
  { name: 'phone', viewport: { width: 360, height: 740 } },
] as const;

const detail = (page: Page) => page.locator('article.detail');
/** The History tab's entries (each with its list of changed fields inside). */
const historyList = (page: Page) =>
  detail(page).getByRole('region', { name: 'History' }).getByRole('list').first().locator(':scope > li');

async function text(download: Download): Promise<string> {
  const stream = await download.createReadStream();
  return new Promise<string>((resolve, reject) => {
    let out = '';
    stream.on('data', (c: Buffer) => (out += c.toString('utf8')));
    stream.on('end', () => resolve(out));
    stream.on('error', reject);
  });
}

for (const size of SIZES) {
  test.describe(`at ${size.name} size`, () => {
    test.use({ viewport: size.viewport });

    test('the History tab shows an edit: the field, before and after, who and on which device', async ({ page }) => {
      await openApp(page);
      await createCustomer(page, { givenName: 'Hedy', familyName: 'Lamarr', city: 'Vienna' });
      await detail(page).getByRole('link', { name: 'Edit', exact: true }).click();
      await field(page, 'city').fill('Los Angeles');
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await expect(detailHeading(page)).toHaveText('Hedy Lamarr');

      await historyTab(page).click();
      await expect(historyTab(page)).toHaveAttribute('aria-selected', 'true');
      await expect(historyList(page).first()).toContainText('Edited · You · this device');
      await expect(historyList(page).first()).toContainText('City: Vienna → Los Angeles');
      await expect(historyList(page).last()).toContainText('Created');
      await expect(historyList(page).last()).toContainText('Given name: Hedy');
      // The details are one tab away.
      await detail(page).getByRole('tab', { name: 'Details', exact: true }).click();
      await expect(detail(page).getByRole('region', { name: 'Orders' })).toBeVisible();
    });
  });
}

test('Export this customer’s data downloads the JSON and a readable CSV with the orders', async ({ page }) => {
  await openApp(page);
  await createCustomer(page, { givenName: 'Grace', familyName: 'Hopper', email: 'grace@navy.example' });
  await addOrder(page, 'Compiler manual', '2', '12.50', '2026-11-20', '09:30');
  await addOrder(page, 'Nanosecond wire', '100', '0.10', '2026-11-21', '10:00');
  await historyTab(page).click();

  const jsonDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export this customer’s data (JSON)', exact: true }).click();
  const jsonFile = await jsonDownload;
  expect(jsonFile.suggestedFilename()).toMatch(/^fieldbook-customer-[0-9a-f]{8}-\d{4}-\d{2}-\d{2}\.json$/);
  const data = JSON.parse(await text(jsonFile)) as {
    customer: { givenName: string; email: string };
    orders: Array<{ items: Array<{ name: string }> }>;
    audit: Array<{ action: string }>;
  };
  expect(data.customer).toMatchObject({ givenName: 'Grace', email: 'grace@navy.example' });
  expect(data.orders.flatMap((o) => o.items.map((i) => i.name)).sort()).toEqual(['Compiler manual', 'Nanosecond wire']);
  expect(data.audit.map((a) => a.action)).toEqual(['create', 'create', 'create']);

  const csvDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export this customer’s data (CSV)', exact: true }).click();
  const csv = (await text(await csvDownload)).replace(/^\uFEFF/, '');
  const lines = csv.trim().split('\r\n');
  expect(lines[0]).toBe('Section,Record,Date,Field,Value');
  expect(lines).toContainEqual(expect.stringMatching(/^Customer,[0-9a-f-]{36},[^,]+,Email,grace@navy\.example$/));
  expect(lines.filter((l) => /^Order,/.test(l) && l.includes(',Items,'))).toHaveLength(2);
  expect(csv).toContain('Nanosecond wire');
  // Each export is on the customer's trail.
  await expect(historyList(page).filter({ hasText: 'Data exported' })).toHaveCount(2);
});

test('Erase this customer removes it and leaves nothing personal in any IndexedDB store on this device', async ({
  page,
}) => {
  const SECRET = { phone: '+49 30 5550 1778', email: 'ursula.quist@example.org', note: 'allergic to hazelnuts' };
  await openApp(page);
  await createCustomer(page, {
    givenName: 'Ursula',
    familyName: 'Quistgaard',
    email: SECRET.email,
    phone: SECRET.phone,
    notes: SECRET.note,
    tags: 'zebrafair',
  });
  await addOrder(page, 'Velvet ribbon', '3', '4.00', '2026-11-20', '09:30');
  await createCustomer(page, { givenName: 'Bystander', familyName: 'Person' });
  await expect(listStatus(page)).toHaveText('2 customers');
  await expect.poll(() => rawIndexedDb(page)).toContain('hazelnuts');

  await page.getByRole('link', { name: /Ursula Quistgaard/ }).click();
  await expect(detailHeading(page)).toHaveText('Ursula Quistgaard');
  await historyTab(page).click();
  await page.getByRole('button', { name: 'Erase this customer', exact: true }).click();
  const confirm = page.getByRole('button', { name: 'Erase for good', exact: true });
  await expect(confirm).toBeDisabled();
  await page.getByLabel('Type ERASE to confirm').fill('erase');
  await confirm.click();

  await expect(page.getByText('Erased: 2 records removed.')).toBeVisible();
  await expect(listStatus(page)).toHaveText('1 customer');
  await expect
    .poll(async () => {
      const raw = (await rawIndexedDb(page)).toLowerCase();
      return ['ursula', 'quistgaard', 'hazelnuts', 'ursula.quist', '5550', 'zebrafair', 'velvet'].filter((v) =>
        raw.includes(v),
      );
    })
    .toEqual([]);
  expect(await rawIndexedDb(page)).toContain('Bystander');
});

test('简体中文: 历史标签页与隐私请求', async ({ page }) => {
  await openApp(page);
  await page.evaluate(() => localStorage.setItem('fieldbook.locale', 'zh-CN'));
  await page.reload();
  await waitReady(page);
  await page.getByRole('navigation').getByRole('link', { name: zhCN['nav.customers'], exact: true }).click();
  await page
    .getByRole('region', { name: zhCN['nav.customers'] })
    .getByRole('link', { name: zhCN['customer.new'] })
    .click();
  await page.locator('form.customer-form').getByLabel(zhCN['field.familyName'], { exact: true }).fill('王');
  await page.locator('form.customer-form').getByLabel(zhCN['field.givenName'], { exact: true }).fill('芳');
  await page.getByRole('button', { name: zhCN['customer.save'], exact: true }).click();
  await expect(detailHeading(page)).toHaveText('王芳');
  await detail(page).getByRole('tab', { name: zhCN['customer.tab.history'] }).click();
  await expect(
    detail(page).getByRole('region', { name: zhCN['history.title'] }).getByRole('listitem').first(),
  ).toContainText(zhCN['history.action.create']);
  await expect(page.getByRole('button', { name: zhCN['privacy.erase'] })).toBeVisible();
});

test('the list export can keep only customers who gave email consent', async ({ page }) => {
  await openApp(page);
  await openNewForm(page);
  await fillCustomer(page, { givenName: 'Yes', familyName: 'Mail', email: 'yes@example.org' });
  const form = customerForm(page);
  await form.getByLabel('Email: consent', { exact: true }).selectOption({ label: 'Given' });
  await form.getByLabel('Email: when', { exact: true }).fill('2026-03-02');
  await form.getByLabel('Email: how', { exact: true }).selectOption({ label: 'Signed form' });
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(detailHeading(page)).toHaveText('Yes Mail');
  await createCustomer(page, { givenName: 'No', familyName: 'Mail', email: 'no@example.org' });

  const list = page.getByRole('region', { name: 'Customers' });
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers', exact: true }).click();
  await expect(listStatus(page)).toHaveText('2 customers');
  await list.getByRole('button', { name: 'Export / Import', exact: true }).click();
  const panel = list.getByRole('group', { name: 'Export customers' });
  await panel.getByLabel('Only customers who agreed to be contacted by').selectOption({ label: 'Email' });
  const downloading = page.waitForEvent('download');
  await panel.getByRole('button', { name: 'CSV (Excel, campaign tools)' }).click();
  const csv = await text(await downloading);
  expect(csv).toContain('yes@example.org');
  expect(csv).not.toContain('no@example.org');
  await expect(page.getByText('Exported 1 customer.')).toBeVisible();
});
