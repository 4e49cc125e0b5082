// An RFM segment narrowed to the customers who agreed to be contacted on a channel: the list and
// its CSV export keep only them (consent recorded on the customer form), and "everyone" brings the
// whole segment back.
import { expect, test, type Download } from '@playwright/test';
import { addOrder, createCustomer, customerForm, detailHeading, fillCustomer, openApp, openNewForm } from './helpers';

async function text(download: Download): Promise<string> {
  const stream = await download.createReadStream();
  return new Promise<string>((resolve, reject) => {
    let out = '';
    stream.on('data', (c: Buffer) => (out += c.toString('utf8')));
    stream.on('end', () => resolve(out));
    stream.on('error', reject);
  });
}

test('a segment filtered on email consent lists and exports only those who agreed', async ({ page }) => {
  test.setTimeout(120_000);
  await openApp(page);
  await openNewForm(page);
  await fillCustomer(page, { givenName: 'Yes', familyName: 'Mail', email: 'yes@example.org' });
  const form = customerForm(page);
  await form.getByLabel('Email: consent', { exact: true }).selectOption({ label: 'Given' });
  await form.getByLabel('Email: when', { exact: true }).fill('2026-03-02');
  await form.getByLabel('Email: how', { exact: true }).selectOption({ label: 'Signed form' });
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(detailHeading(page)).toHaveText('Yes Mail');
  await addOrder(page, 'Beans', '1', '10.00', '2026-03-02', '10:00');
  await createCustomer(page, { givenName: 'No', familyName: 'Mail', email: 'no@example.org' });
  await addOrder(page, 'Beans', '1', '10.00', '2026-03-02', '10:00');

  // Both bought the same on the same day: the same scores, one segment.
  await page.goto('/#/insights/rfm');
  await page.getByRole('button', { name: 'Open Need attention' }).click();
  await expect(page.getByRole('heading', { name: 'Need attention: 2 customers' })).toBeVisible();

  await page.getByLabel('Consent', { exact: true }).selectOption({ label: 'Agreed to email' });
  await expect(page.getByRole('heading', { name: 'Need attention: 1 customer' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Yes Mail' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'No Mail' })).toHaveCount(0);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export Need attention as CSV' }).click();
  const rows = (await text(await download))
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n');
  expect(rows).toHaveLength(2);
  expect(rows[1]?.startsWith('Yes,Mail,yes@example.org,')).toBe(true);

  await page.getByLabel('Consent', { exact: true }).selectOption({ label: 'Agreed to SMS' });
  await expect(page.getByRole('heading', { name: 'Need attention: 0 customers' })).toBeVisible();
  await page.getByLabel('Consent', { exact: true }).selectOption({ label: 'Everyone in the segment' });
  await expect(page.getByRole('heading', { name: 'Need attention: 2 customers' })).toBeVisible();
});
