// Invalid input gets a message next to the field, and nothing is saved.
import { expect, test, type Page } from '@playwright/test';
import {
  createCustomer,
  customerForm,
  field,
  fillCustomer,
  listRows,
  listStatus,
  openApp,
  openNewForm,
  type CustomerInputFields,
} from './helpers';

/** The error message rendered right under a field and linked to it with aria-describedby. */
async function expectFieldError(page: Page, name: keyof CustomerInputFields, message: string): Promise<void> {
  const input = field(page, name);
  await expect(input).toHaveAttribute('aria-invalid', 'true');
  // Next to the field: inside the same field wrapper, announced as an alert.
  const alert = input.locator('xpath=..').getByRole('alert');
  await expect(alert).toHaveText(message);
  await expect(input).toHaveAccessibleDescription(new RegExp(message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
}

const CASES: Array<{
  title: string;
  fields: CustomerInputFields;
  errorField: keyof CustomerInputFields;
  message: string;
}> = [
  {
    title: 'malformed email',
    fields: { givenName: 'Eve', familyName: 'Invalid', email: 'eve@@example' },
    errorField: 'email',
    message: 'This is not a valid email address.',
  },
  {
    title: 'unparseable phone',
    fields: { givenName: 'Pat', familyName: 'Phone', phone: '12', country: 'Germany' },
    errorField: 'phone',
    message: 'This is not a valid phone number for Germany.',
  },
  {
    title: 'birth date in the future',
    fields: { givenName: 'Fut', familyName: 'Ure', birthDate: `${new Date().getFullYear() + 1}-01-01` },
    errorField: 'birthDate',
    message: 'A birth date cannot be in the future.',
  },
  {
    title: 'birth date that is not a date',
    fields: { givenName: 'Not', familyName: 'Adate', birthDate: '2001-02-30' },
    errorField: 'birthDate',
    message: 'Enter a real date (YYYY-MM-DD).',
  },
  {
    title: 'birth date that is text',
    fields: { givenName: 'Some', familyName: 'Text', birthDate: 'yesterday' },
    errorField: 'birthDate',
    message: 'Enter a real date (YYYY-MM-DD).',
  },
  {
    title: 'both names empty',
    fields: { givenName: '   ', familyName: '', email: 'noname@example.com', company: 'Nameless Ltd' },
    errorField: 'givenName',
    message: 'Enter a given name or a family name.',
  },
];

test.describe('validation blocks saving', () => {
  for (const c of CASES) {
    test(c.title, async ({ page }) => {
      await openApp(page);
      await createCustomer(page, { givenName: 'Existing', familyName: 'Customer' });
      await expect(listRows(page)).toHaveCount(1);
      await expect(listStatus(page)).toHaveText(/^1 customers?$/);

      await openNewForm(page);
      await fillCustomer(page, c.fields);
      await page.getByRole('button', { name: 'Save', exact: true }).click();

      await expectFieldError(page, c.errorField, c.message);
      await expect(
        customerForm(page).getByRole('alert').filter({ hasText: 'Please fix the highlighted fields.' }),
      ).toBeVisible();
      // Focus lands on the invalid field.
      await expect(field(page, c.errorField)).toBeFocused();
      // Still on the form, nothing saved.
      await expect(page.getByRole('heading', { name: 'New customer', level: 2 })).toBeVisible();
      await expect(page).toHaveURL(/#\/customers\/new$/);
      // The errors above are the Save handler's answer: it shows them only on the path that returns
      // before writing, so no save can still be on its way here (and the reload below reads storage).
      await expect(listRows(page)).toHaveCount(1);
      await expect(listStatus(page)).toHaveText(/^1 customers?$/);

      // A reload does not reveal a saved record either.
      await page.reload();
      await page.locator('body[data-ready="true"]').waitFor();
      await expect(listRows(page)).toHaveCount(1);
    });
  }

  test('fixing the field clears the error and then saves', async ({ page }) => {
    await openApp(page);
    await openNewForm(page);
    await fillCustomer(page, { givenName: 'Eve', email: 'eve@@example' });
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expectFieldError(page, 'email', 'This is not a valid email address.');
    await field(page, 'email').fill('eve@example.org');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(page.locator('article.detail').getByRole('heading', { level: 2 })).toHaveText('Eve');
    await expect(listRows(page)).toHaveCount(1);
  });
});
