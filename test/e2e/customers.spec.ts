// Customers: create → search → open → edit → delete (to the Trash) → Undo, name splitting and duplicate warnings.
import { expect, test, type Page } from '@playwright/test';
import {
  createCustomer,
  customerForm,
  detailFact,
  detailHeading,
  field,
  fillCustomer,
  listRows,
  openApp,
  openNewForm,
  search,
} from './helpers';

const ZHANG = {
  givenName: '伟',
  familyName: '张',
  email: 'Zhang.Wei@Example.COM',
  phone: '138 0013 8000',
  company: 'Huaxia Trading',
  city: 'Shanghai',
  country: 'China',
  tags: 'vip, coffee',
};
const ANNA = {
  givenName: 'Anna',
  familyName: 'Schmidt',
  email: 'anna@schmidt-kaffee.de',
  phone: '+49 30 1234567',
  company: 'Kaffeehaus Berlin',
  city: 'Berlin',
  country: 'Germany',
  tags: 'cafe',
};

/** After a search, exactly these names are listed (in any order). */
async function expectListed(page: Page, names: string[]): Promise<void> {
  const rows = listRows(page);
  await expect(rows).toHaveCount(names.length);
  for (const name of names) await expect(rows.filter({ hasText: name })).toHaveCount(1);
}

test('create → search → open → edit → delete → undo', async ({ page }) => {
  await openApp(page);
  await expect(page.getByText('No customers yet.')).toBeVisible();

  // Create: the detail shows the normalized values.
  await createCustomer(page, ZHANG, '张伟');
  await expect(page.locator('article.detail').getByText('Huaxia Trading', { exact: true })).toBeVisible();
  await expect(detailFact(page, 'Email')).toHaveText('Zhang.Wei@example.com');
  await expect(detailFact(page, 'Phone')).toHaveText('+86 138 0013 8000');
  await expect(detailFact(page, 'Address')).toHaveText('Shanghai China');
  await expect(detailFact(page, 'Tags')).toContainText('vip');
  await expect(detailFact(page, 'Tags')).toContainText('coffee');
  await expect(listRows(page).filter({ hasText: '张伟' })).toBeVisible();

  await createCustomer(page, ANNA);
  await expect(detailFact(page, 'Phone')).toHaveText('+49 30 1234567');
  await expect(listRows(page)).toHaveCount(2);

  // Search: family name, pinyin (full and initials), partial phone digits, company, email.
  await search(page, 'Schmidt');
  await expectListed(page, ['Anna Schmidt']);
  await search(page, 'zhang wei');
  await expectListed(page, ['张伟']);
  await search(page, 'zw');
  await expectListed(page, ['张伟']);
  await search(page, '0013 8000');
  await expectListed(page, ['张伟']);
  await search(page, '1234567');
  await expectListed(page, ['Anna Schmidt']);
  await search(page, 'kaffeehaus');
  await expectListed(page, ['Anna Schmidt']);
  await search(page, 'huaxia');
  await expectListed(page, ['张伟']);
  await search(page, 'nobody-like-this');
  await expect(listRows(page)).toHaveCount(0);
  await expect(page.getByText('No customer matches “nobody-like-this”.')).toBeVisible();

  // Open from the search result.
  await search(page, 'zhang');
  await listRows(page).filter({ hasText: '张伟' }).click();
  await expect(detailHeading(page)).toHaveText('张伟');

  // Edit: change the company.
  await page.getByRole('link', { name: 'Edit', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Edit 张伟' })).toBeVisible();
  await expect(field(page, 'company')).toHaveValue('Huaxia Trading');
  await expect(field(page, 'email')).toHaveValue('Zhang.Wei@example.com');
  await field(page, 'company').fill('Shanghai Coffee Co.');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(detailHeading(page)).toHaveText('张伟');
  await expect(page.locator('article.detail').getByText('Shanghai Coffee Co.', { exact: true })).toBeVisible();
  await expect(page.locator('article.detail').getByText('Huaxia Trading')).toHaveCount(0);

  // Delete (confirmed: the customer goes to the Trash), then Undo from the toast.
  await search(page, '');
  await expect(listRows(page)).toHaveCount(2);
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Move to Trash', exact: true }).click();
  await expect(page.getByText('Moved 张伟 to the Trash.')).toBeVisible();
  await expect(listRows(page)).toHaveCount(1);
  await expect(listRows(page).filter({ hasText: '张伟' })).toHaveCount(0);
  await search(page, 'zhang');
  await expect(listRows(page)).toHaveCount(0);

  await page.getByRole('button', { name: 'Undo', exact: true }).click();
  await expect(detailHeading(page)).toHaveText('张伟');
  await expect(listRows(page).filter({ hasText: '张伟' })).toHaveCount(1);
  await search(page, '');
  await expect(listRows(page)).toHaveCount(2);
  // The restored customer kept the edit.
  await expect(page.locator('article.detail').getByText('Shanghai Coffee Co.', { exact: true })).toBeVisible();
});

test('a whole Chinese name in Given name is split into family and given name (compound surname)', async ({ page }) => {
  await openApp(page);
  await createCustomer(page, { givenName: '欧阳娜娜' }, '欧阳娜娜');
  await page.getByRole('link', { name: 'Edit', exact: true }).click();
  await expect(field(page, 'familyName')).toHaveValue('欧阳');
  await expect(field(page, 'givenName')).toHaveValue('娜娜');

  // Full-width and extra whitespace are normalized too.
  await page.getByRole('button', { name: 'Cancel', exact: true }).click();
  await createCustomer(page, { givenName: '  Ｊｏｈｎ   ', familyName: ' Ｄｏｅ ' }, 'John Doe');
  await page.getByRole('link', { name: 'Edit', exact: true }).click();
  await expect(field(page, 'givenName')).toHaveValue('John');
  await expect(field(page, 'familyName')).toHaveValue('Doe');
});

test('saving a second customer with the same email warns with a link; "Save anyway" saves', async ({ page }) => {
  await openApp(page);
  await createCustomer(page, { givenName: 'Maria', familyName: 'Rossi', email: 'maria.rossi@example.it' });
  await expect(listRows(page)).toHaveCount(1);

  await openNewForm(page);
  await fillCustomer(page, { givenName: 'M.', familyName: 'Rossi', email: 'Maria.Rossi@EXAMPLE.IT' });
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  const warning = customerForm(page)
    .getByRole('alert')
    .filter({ hasText: 'A customer with the same email already exists:' });
  await expect(warning).toBeVisible();
  const link = warning.getByRole('link', { name: 'Maria Rossi' });
  await expect(link).toBeVisible();
  // Nothing saved yet.
  await expect(listRows(page)).toHaveCount(1);

  // The link leads to the existing customer.
  const href = await link.getAttribute('href');
  expect(href).toMatch(/^#\/customers\/.+/);

  await page.getByRole('button', { name: 'Save anyway', exact: true }).click();
  await expect(detailHeading(page)).toHaveText('M. Rossi');
  await expect(listRows(page)).toHaveCount(2);

  // Following the link from a fresh duplicate warning opens the existing one.
  await openNewForm(page);
  await fillCustomer(page, { givenName: 'X', email: 'maria.rossi@example.it' });
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await customerForm(page).getByRole('link', { name: 'Maria Rossi' }).click();
  await expect(detailHeading(page)).toHaveText('Maria Rossi');
});
