// The import wizard up to its report: a GBK-encoded Chinese CSV is read, mapped from its Chinese
// headers, validated (one row rejected, downloadable with its reason), and its in-file duplicate
// shown with the duplicates screen's reasons. (Writing the plan is the bulk-write step's.)
import { expect, test } from '@playwright/test';
import { openApp } from './helpers';

// 姓名,手机,邮箱,国家,备注 / 张伟 … / 李娜 (invalid) / 张伟 again, as Chinese Excel saves CSV (GBK).
const GBK_CSV = Buffer.from(
  'd0d5c3fb2ccad6bbfa2cd3cacfe42cb9fabcd22cb1b8d7a20d0ad5c5ceb02c313338203030313320383030302c5a68616e672e576569404578616d706c652e434e2cd6d0b9fa2c0d0ac0eec4c82c31322c626164402c41746c616e7469732c0d0ad5c5ceb02c31333830303133383030302c7a68616e672e776569406578616d706c652e636e2c434e2c3d312b310d0a',
  'hex',
);

test('a GBK CSV: preview and mapping, report, rejected rows, in-file duplicate', async ({ page }) => {
  await openApp(page, '#/settings');
  await page.getByRole('link', { name: 'Import', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Import customers' })).toBeVisible();
  await page.locator('input[type=file]').setInputFiles({ name: 'kunden.csv', mimeType: 'text/csv', buffer: GBK_CSV });

  await expect(page.getByText('read as GB18030, separated by “,”')).toBeVisible();
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
  const stream = await (await downloading).createReadStream();
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  const csv = Buffer.concat(chunks).toString('utf8');
  expect(csv.startsWith('\uFEFF姓名,手机,邮箱,国家,备注,reason\r\n李娜,12,bad@,Atlantis,,')).toBe(true);
  expect(csv).toContain('Phone: This is not a valid phone number for');

  // Skipping the duplicate leaves one customer to write.
  await expect(page.getByRole('button', { name: 'Import 1 customer' })).toBeDisabled();
  await page.getByRole('combobox', { name: 'For row 3' }).selectOption('create-and-review');
  await expect(page.getByRole('button', { name: 'Import 2 customers' })).toBeVisible();
});
