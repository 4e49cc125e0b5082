// Export of the customer list: CSV (UTF-8 with BOM, phones E.164 as campaign tools read them, only
// formula-like cells neutralized) and .xlsx, of everything or of the current search; the owner
// column in words and, when asked, the per-customer measures.
import { expect, test, type Download, type Page } from '@playwright/test';
import { createCustomer, listRows, openApp, search } from './helpers';

async function text(download: Download): Promise<string> {
  const stream = await download.createReadStream();
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function exportAs(
  page: Page,
  format: 'CSV (Excel, campaign tools)' | 'Excel workbook (.xlsx)',
): Promise<Download> {
  const list = page.getByRole('region', { name: 'Customers' });
  await list.getByRole('button', { name: 'Export / Import', exact: true }).click();
  const downloading = page.waitForEvent('download');
  await list.getByRole('group', { name: 'Export customers' }).getByRole('button', { name: format }).click();
  return downloading;
}

test('export all customers and a search as CSV and .xlsx', async ({ page }) => {
  await openApp(page);
  await createCustomer(
    page,
    { givenName: '伟', familyName: '张', phone: '+1 416 908 2609', country: 'Canada', tags: 'vip' },
    '张伟',
  );
  await createCustomer(page, { givenName: 'Anna', familyName: 'Schmidt', email: 'anna@example.de', notes: '=1+1' });
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers', exact: true }).click();
  await expect(listRows(page)).toHaveCount(2);

  const all = await text(await exportAs(page, 'CSV (Excel, campaign tools)'));
  expect(all.startsWith('\uFEFFgivenName,familyName,email,phone,company,')).toBe(true);
  const lines = all.trim().split('\r\n');
  expect(lines).toHaveLength(3);
  expect(lines.find((l) => l.startsWith('伟,张,'))).toContain(',+14169082609,');
  expect(lines.find((l) => l.startsWith('Anna,Schmidt,'))).toContain(",'=1+1,");
  await expect(page.getByText('Exported 2 customers.')).toBeVisible();

  await search(page, 'Anna');
  await expect(listRows(page)).toHaveCount(1);
  const one = await text(await exportAs(page, 'CSV (Excel, campaign tools)'));
  expect(one.trim().split('\r\n')).toHaveLength(2);
  expect(one).toContain('Anna,Schmidt,anna@example.de');

  const xlsx = await exportAs(page, 'Excel workbook (.xlsx)');
  expect(xlsx.suggestedFilename()).toMatch(/^fieldbook-customers-\d{4}-\d{2}-\d{2}\.xlsx$/);
  expect((await text(xlsx)).startsWith('PK')).toBe(true);
});

test('the owner column names the person, and the measures option adds the per-customer measure columns', async ({
  page,
}) => {
  await openApp(page);
  await createCustomer(page, { givenName: 'Olga', familyName: 'Berg', email: 'olga@example.com' });
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers', exact: true }).click();
  await expect(listRows(page)).toHaveCount(1);
  const list = page.getByRole('region', { name: 'Customers' });
  await list.getByRole('button', { name: 'Export / Import', exact: true }).click();
  await list
    .getByRole('checkbox', { name: 'Add orders, spend, last order, satisfaction and churn risk per customer' })
    .check();
  const downloading = page.waitForEvent('download');
  await list.getByRole('button', { name: 'CSV (Excel, campaign tools)' }).click();
  const csv = await text(await downloading);
  const [header = '', olga = ''] = csv.slice(1).trim().split('\r\n');
  const columns = header.split(',');
  expect(columns.slice(-9)).toEqual([
    'orderCount',
    'totalSpend',
    'lastOrderAt',
    'surveyCount',
    'avgSatisfaction',
    'lastScore',
    'lastInteractionAt',
    'quality',
    'churnRisk',
  ]);
  const cells = olga.split(',');
  // Created on this device with no profile name: the owner is "You", never the device id.
  expect(cells[columns.indexOf('owner')]).toBe('You');
  expect(cells[columns.indexOf('orderCount')]).toBe('0');
  // No order rhythm, no churn risk: the cell is empty.
  expect(cells[columns.indexOf('churnRisk')]).toBe('');
});
