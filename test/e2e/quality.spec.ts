// Data quality end to end: the report (computed in the dedup worker) lists an email domain typo
// and a missing country with their proposed fixes; applying fixes them, Undo puts them back.
import { expect, test } from '@playwright/test';
import { createCustomer, detailHeading, openApp } from './helpers';

test('quality report, bulk fix with preview, undo', async ({ page }) => {
  await openApp(page);
  await createCustomer(page, { givenName: 'Anna', familyName: 'Schmidt', email: 'anna@gmial.com', country: 'Germany' });
  await createCustomer(page, {
    givenName: 'Li',
    familyName: 'Na',
    email: 'li.na@example.cn',
    phone: '+86 138 0013 8000',
  });

  await page.goto('/#/duplicates');
  await page.getByRole('link', { name: 'Data quality' }).click();
  await expect(page.getByRole('heading', { name: 'Data quality', level: 1 })).toBeVisible();
  await expect(page.getByText(/Database quality score: [\d.]+ \/ 100/)).toBeVisible();
  await expect(page.getByText('2 customers checked')).toBeVisible();

  const typo = page.getByRole('article', { name: /Email domain typos/ });
  await expect(typo.getByRole('heading')).toHaveText('Email domain typos: 1 record');
  await expect(typo.getByRole('list', { name: 'Proposed fixes' })).toContainText('anna@gmial.com → anna@gmail.com');
  // Li Na has no country; her +86 number proposes China.
  const country = page.getByRole('article', { name: /Missing country/ });
  await expect(country.getByRole('list', { name: 'Proposed fixes' })).toContainText('→ CN');

  await country.getByRole('button', { name: 'Apply 1 fix' }).click();
  await expect(page.getByText('Applied 1 fix.')).toBeVisible();
  await expect(page.getByRole('article', { name: /Missing country/ })).toHaveCount(0);
  await page.getByRole('button', { name: 'Undo fixes' }).click();
  await expect(page.getByText('Fixes undone.')).toBeVisible();
  await expect(page.getByRole('article', { name: /Missing country/ })).toBeVisible();

  await typo.getByRole('button', { name: 'Apply 1 fix' }).click();
  await expect(page.getByText('Applied 1 fix.')).toBeVisible();
  await expect(page.getByRole('article', { name: /Email domain typos/ })).toHaveCount(0);
  await page.goto('/#/');
  await page.getByRole('list', { name: 'Customer list' }).getByRole('link').filter({ hasText: 'Anna Schmidt' }).click();
  await expect(detailHeading(page)).toHaveText('Anna Schmidt');
  await expect(page.locator('article.detail')).toContainText('anna@gmail.com');
});
