// Importing through the wizard on the production build: a GBK CSV read, mapped, validated (rejected
// rows downloaded), its duplicates resolved (one update, one created and queued for review, which
// the duplicates screen then shows), committed and undone from the history; an .xlsx; an orders
// file; and an import interrupted by a reload that is resumed from the history.
import { expect, test, type Page } from '@playwright/test';
import writeXlsxFile from 'write-excel-file/node';
import { createCustomer, openApp } from './helpers';

// 姓名,手机,邮箱,国家,备注 / 张伟 … / 李娜 (invalid) / 张伟 again, as Chinese Excel saves CSV (GBK).
const GBK_CSV = Buffer.from(
  'd0d5c3fb2ccad6bbfa2cd3cacfe42cb9fabcd22cb1b8d7a20d0ad5c5ceb02c313338203030313320383030302c5a68616e672e576569404578616d706c652e434e2cd6d0b9fa2c0d0ac0eec4c82c31322c626164402c41746c616e7469732c0d0ad5c5ceb02c31333830303133383030302c7a68616e672e776569406578616d706c652e636e2c434e2c3d312b310d0a',
  'hex',
);

// 姓名,手机,邮箱,国家,备注 (GBK) / 张伟 (a stored customer: same email) / 李娜 (rejected: phone,
// email, country) / 王芳 (new; its note looks like a formula) / 陈静 (a stored customer's phone).
const GBK_MIXED = Buffer.from(
  'd0d5c3fb2ccad6bbfa2cd3cacfe42cb9fabcd22cb1b8d7a20d0ad5c5ceb02c313338203030313320383030302c5a68616e672e576569404578616d706c652e434e2cd6d0b9fa2c0d0ac0eec4c82c31322c626164402c41746c616e7469732c0d0acdf5b7bc2c313339203132333420353637382c77616e672e66616e67406578616d706c652e636e2cd6d0b9fa2c3d312b310d0ab3c2beb22c313337203030303020313131312c6368656e2e6a696e67406578616d706c652e636e2cd6d0b9fa2c0d0a',
  'hex',
);

async function openWizard(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('link', { name: 'Import', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Import customers' })).toBeVisible();
}

async function pick(page: Page, name: string, buffer: Buffer, mimeType = 'text/csv'): Promise<void> {
  await page.locator('input[type=file]').setInputFiles({ name, mimeType, buffer });
}

const summaryCount = (page: Page, label: string) =>
  page
    .locator('dl.counts div')
    .filter({ has: page.getByText(label, { exact: true }) })
    .locator('dd');

test('a GBK CSV: preview and mapping, report, rejected rows, in-file duplicate', async ({ page }) => {
  await openApp(page, '#/settings');
  await page.getByRole('link', { name: 'Import', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Import customers' })).toBeVisible();
  await pick(page, 'kunden.csv', GBK_CSV);

  await expect(page.getByText('read as GB18030, separated by “,”')).toBeVisible();
  await expect(page.getByRole('radio', { name: 'Customers' })).toBeChecked();
  await expect(page.getByRole('combobox', { name: 'Field for column 姓名' })).toHaveValue('fullName');
  await expect(page.getByRole('combobox', { name: 'Field for column 手机' })).toHaveValue('phone');
  await expect(page.getByRole('combobox', { name: 'Field for column 邮箱' })).toHaveValue('email');
  await page.getByRole('button', { name: 'Check all rows' }).click();

  await expect(page.locator('dl.counts')).toHaveText('Rows 3 Valid 2 With warnings 1 Rejected 1');
  await expect(page.getByText('Row 2 · Country: Unknown country')).toBeVisible();
  await expect(page.getByText('Row 3: 张伟 — same person as row 1?')).toBeVisible();
  await expect(page.getByText('same email · same phone · same name')).toBeVisible();

  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download the rejected row (CSV)' }).click();
  const download = await downloading;
  // Named after the file without its extension (not "rejected-kunden.csv.csv").
  expect(download.suggestedFilename()).toBe('rejected-kunden.csv');
  const stream = await download.createReadStream();
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  const csv = Buffer.concat(chunks).toString('utf8');
  expect(csv.startsWith('\uFEFF姓名,手机,邮箱,国家,备注,reason\r\n李娜,12,bad@,Atlantis,,')).toBe(true);
  expect(csv).toContain('Phone: This is not a valid phone number for');

  // Skipping the duplicate leaves one customer to write; creating it anyway, two.
  await expect(page.getByRole('button', { name: 'Import 1 customer' })).toBeEnabled();
  await page.getByRole('combobox', { name: 'For row 3' }).selectOption('create-and-review');
  await expect(page.getByRole('button', { name: 'Import 2 customers' })).toBeEnabled();
});

test('a mixed GBK file: rejected rows, one update, one created for review (on the duplicates screen), undo', async ({
  page,
}) => {
  await openApp(page);
  await createCustomer(page, { givenName: '伟', familyName: '张', email: 'zhang.wei@example.cn' }, '张伟');
  await createCustomer(
    page,
    { givenName: '静', familyName: '陈', phone: '+86 137 0000 1111', email: 'jing.chen@other.cn' },
    '陈静',
  );
  await openWizard(page);
  await pick(page, 'kunden.csv', GBK_MIXED);
  await page.getByRole('button', { name: 'Check all rows' }).click();

  await expect(summaryCount(page, 'Rows')).toHaveText('4');
  await expect(summaryCount(page, 'Rejected')).toHaveText('1');
  await expect(page.getByText('Row 1: 张伟 — already a customer?')).toBeVisible();
  await expect(page.getByText('Row 4: 陈静 — already a customer?')).toBeVisible();
  // Explained against the stored customer's own name (not "name sounds alike: 陈静 ~" with nothing).
  await expect(page.getByText('same phone · same name · different email')).toBeVisible();

  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download the rejected row (CSV)' }).click();
  const chunks: Buffer[] = [];
  for await (const c of await (await downloading).createReadStream()) chunks.push(c as Buffer);
  expect(Buffer.concat(chunks).toString('utf8')).toContain('李娜,12,bad@,Atlantis');

  await page.getByRole('combobox', { name: 'For row 1' }).selectOption('fill');
  await page.getByRole('combobox', { name: 'For row 4' }).selectOption('create-and-review');
  await page.getByRole('button', { name: 'Import 3 customers' }).click();

  await expect(page.getByRole('heading', { name: 'Imported kunden.csv' })).toBeVisible();
  await expect(summaryCount(page, 'Created')).toHaveText('2');
  await expect(summaryCount(page, 'Updated')).toHaveText('1');
  await expect(summaryCount(page, 'Skipped')).toHaveText('0');
  await expect(summaryCount(page, 'Queued for review')).toHaveText('1');
  await expect(summaryCount(page, 'Rejected')).toHaveText('1');

  // The pair created anyway waits on the duplicates screen, explained as the scan's groups are.
  await page.getByRole('link', { name: 'Review 1 possible duplicate' }).click();
  const review = page.getByRole('region', { name: 'Queued for review by imports' });
  await expect(review).toContainText('陈静 ↔ 陈静');
  await expect(review).toContainText('same phone');
  await expect(review).toContainText('jing.chen@other.cn');
  await expect(review).toContainText('chen.jing@example.cn');

  // Undo from the history: the created customers go, the updated one gets its values back.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  const history = page.getByRole('region', { name: 'Import history' });
  await expect(history.getByRole('listitem').first()).toContainText('2 created · 1 updated · 0 skipped · 1 rejected');
  await history.getByRole('button', { name: 'Undo' }).click();
  await expect(history.getByText('Undone: 2 removed, 1 restored.')).toBeVisible();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers', exact: true }).click();
  const list = page.getByRole('region', { name: 'Customers' });
  await expect(list.getByRole('link', { name: /陈静/ })).toHaveCount(1);
  await expect(list.getByRole('link', { name: /张伟/ })).toHaveCount(1);
  await expect(list.getByRole('link', { name: /王芳/ })).toHaveCount(0);
});

test('an .xlsx workbook is imported', async ({ page }) => {
  const xlsx = await writeXlsxFile([
    [{ value: 'Name' }, { value: 'Email' }, { value: 'City' }],
    [{ value: 'Anna Schmidt' }, { value: 'anna@example.de' }, { value: 'Berlin' }],
    [{ value: 'Ben Weber' }, { value: 'ben@example.de' }, { value: 'Hamburg' }],
  ]).toBuffer();
  await openApp(page);
  await openWizard(page);
  await pick(page, 'kunden.xlsx', xlsx, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  await expect(page.getByRole('combobox', { name: 'Field for column Email' })).toHaveValue('email');
  await page.getByRole('button', { name: 'Check all rows' }).click();
  await page.getByRole('button', { name: 'Import 2 customers' }).click();
  await expect(page.getByRole('heading', { name: 'Imported kunden.xlsx' })).toBeVisible();
  await expect(summaryCount(page, 'Created')).toHaveText('2');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Customers' }).getByRole('link', { name: /Ben Weber/ })).toBeVisible();
});

test('an orders file: customers found by email, unknown customers rejected, orders written', async ({ page }) => {
  await openApp(page);
  await createCustomer(page, { givenName: 'Olga', familyName: 'Berg', email: 'olga@example.com' });
  const orders = Buffer.from(
    'Order number,Email,Product,Quantity,Unit price,Currency,Date\r\n' +
      'A-1,olga@example.com,Widget,2,9.50,EUR,2024-03-05\r\n' +
      'A-1,olga@example.com,Gadget,1,20,EUR,2024-03-05\r\n' +
      'B-2,nobody@example.com,Widget,1,5,EUR,2024-03-06\r\n',
  );
  await openWizard(page);
  await pick(page, 'orders.csv', orders);
  await expect(page.getByRole('radio', { name: 'Orders' })).toBeChecked();
  await expect(page.getByRole('combobox', { name: 'Field for column Email' })).toHaveValue('customerEmail');
  await expect(page.getByRole('heading', { name: 'Import orders' })).toBeVisible();
  await page.getByRole('button', { name: 'Check all rows' }).click();
  await expect(summaryCount(page, 'Orders')).toHaveText('1');
  await expect(summaryCount(page, 'Rejected')).toHaveText('1');
  await expect(page.getByText('Row 3 · Customer: No customer with this email, phone or id.')).toBeVisible();
  const rejecting = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download the rejected row (CSV)' }).click();
  const rejected = await rejecting;
  expect(rejected.suggestedFilename()).toBe('rejected-orders.csv');
  const rejectedChunks: Buffer[] = [];
  for await (const c of await rejected.createReadStream()) rejectedChunks.push(c as Buffer);
  expect(Buffer.concat(rejectedChunks).toString('utf8').split('\r\n')).toEqual([
    '\uFEFFOrder number,Email,Product,Quantity,Unit price,Currency,Date,reason',
    'B-2,nobody@example.com,Widget,1,5,EUR,2024-03-06,"Customer: No customer with this email, phone or id."',
    '',
  ]);
  await page.getByRole('button', { name: 'Import 1 order' }).click();
  await expect(page.getByRole('heading', { name: 'Imported orders.csv' })).toBeVisible();
  await expect(summaryCount(page, 'Created')).toHaveText('1');
  await page.getByRole('link', { name: 'Import history' }).click();
  const history = page.getByRole('region', { name: 'Import history' });
  await expect(history).toContainText('1 orders created · 1 rejected');
  // Who imported it, as a person: this device's user without a profile name is "You".
  await expect(history.getByRole('listitem').filter({ hasText: 'orders.csv' })).toContainText('· by You ·');

  // Orders leave again as their own file from the list's menu.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers', exact: true }).click();
  await page.getByRole('button', { name: 'Export / Import' }).click();
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Orders · CSV' }).click();
  const file = await downloading;
  expect(file.suggestedFilename()).toMatch(/^fieldbook-orders-.*\.csv$/);
  const chunks: Buffer[] = [];
  for await (const c of await file.createReadStream()) chunks.push(c as Buffer);
  const csv = Buffer.concat(chunks).toString('utf8');
  expect(csv).toContain('Widget');
  expect(csv).toContain('Gadget');
});

test('an import runs on while the user works elsewhere; after a reload it is unfinished and Resume completes it', async ({
  page,
}) => {
  test.setTimeout(300_000);
  // Big enough that the import still runs after the steps below, on a busy machine too.
  const ROWS = 30_000;
  let csv = 'Name,Email,City\r\n';
  for (let i = 0; i < ROWS; i++) csv += `Person${i} Bulk,person${i}@example.com,City${i % 50}\r\n`;
  await openApp(page);
  await openWizard(page);
  await pick(page, 'big.csv', Buffer.from(csv));
  await page.getByRole('button', { name: 'Check all rows' }).click();
  await expect(summaryCount(page, 'Valid')).toHaveText('30,000', { timeout: 120_000 });
  await page.getByRole('button', { name: 'Import 30,000 customers' }).click();

  // Progress in the wizard and in the header; the rest of the app stays usable.
  await expect(page.getByRole('heading', { name: 'Importing big.csv' })).toBeVisible();
  await expect(page.getByText(/[1-9][\d,]* of 30,000 rows written/)).toBeVisible({ timeout: 60_000 });
  const header = page.getByRole('banner').getByRole('link', { name: /Importing [1-9][\d,]* \/ 30,000/ });
  await expect(header).toBeVisible();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Customers' }).getByRole('link').first()).toBeVisible();
  await expect(header).toBeVisible();
  await header.click();
  await expect(page.getByRole('heading', { name: 'Importing big.csv' })).toBeVisible();
  await expect(page.getByText(/rows\/s · about \d+ s left/)).toBeVisible();

  await page.reload();
  await page.locator('body[data-ready="true"]').waitFor();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  const entry = page
    .getByRole('region', { name: 'Import history' })
    .getByRole('listitem')
    .filter({ hasText: 'big.csv' });
  // Marked unfinished once its entry stopped moving (its tab is gone).
  await expect(entry).toContainText('unfinished', { timeout: 60_000 });
  await entry.getByRole('button', { name: 'Resume' }).click();
  await expect(entry).toContainText('· finished', { timeout: 180_000 });
  await expect(entry).toContainText('30,000 created · 0 updated · 0 skipped · 0 rejected');
});

test('an import that finishes while the user is on another screen says so in a toast that links to the history', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const ROWS = 5_000;
  let csv = 'Name,Email\r\n';
  for (let i = 0; i < ROWS; i++) csv += `Toast${i} Person,toast${i}@example.com\r\n`;
  await openApp(page);
  await openWizard(page);
  await pick(page, 'toast.csv', Buffer.from(csv));
  await page.getByRole('button', { name: 'Check all rows' }).click();
  await expect(summaryCount(page, 'Valid')).toHaveText('5,000', { timeout: 60_000 });
  await page.getByRole('button', { name: 'Import 5,000 customers' }).click();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers', exact: true }).click();
  const toast = page.getByText('Import of toast.csv finished: 5,000 created · 0 updated · 0 skipped · 0 rejected');
  await expect(toast).toBeVisible({ timeout: 120_000 });
  await page.getByRole('button', { name: 'Import history' }).click();
  await expect(page.getByRole('region', { name: 'Import history' })).toContainText('toast.csv');
});
