// Orders, interactions and survey answers on a customer's screen.
import { expect, test, type Page } from '@playwright/test';
import { createCustomer, openApp } from './helpers';

/** Loads demo data in Settings (which also installs the demo product catalogue). */
async function loadDemo(page: Page, count: number): Promise<void> {
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  await page.getByLabel('Number of customers', { exact: true }).fill(String(count));
  await page.getByRole('button', { name: 'Load demo data', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: new RegExp(`^Added ${count} customers`) })).toBeVisible({
    timeout: 30_000,
  });
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers', exact: true }).click();
}

test('add an order, log an interaction and add a survey answer', async ({ page }) => {
  await openApp(page);
  await loadDemo(page, 1);
  await createCustomer(page, { givenName: 'Olivia', familyName: 'Brown', company: 'Brown Bakery', country: 'GB' });
  const detail = page.locator('article.detail');
  const orders = detail.getByRole('region', { name: 'Orders' });
  const interactions = detail.getByRole('region', { name: 'Visits and interactions' });
  const surveys = detail.getByRole('region', { name: 'Survey answers' });
  await expect(orders.getByText('No orders yet.')).toBeVisible();
  await expect(interactions.getByText('No interactions yet.')).toBeVisible();
  await expect(surveys.getByText('No survey answers yet.')).toBeVisible();

  // --- Order with two items: one from the catalogue (price filled in), one typed freely.
  await orders.getByRole('button', { name: 'Add order', exact: true }).click();
  const orderForm = orders.getByRole('form', { name: 'Add order' });
  const item1 = orderForm.getByRole('group', { name: 'Item 1' });
  await item1.getByLabel('Product', { exact: true }).fill('Descaler 1 L');
  await item1.getByLabel('Quantity', { exact: true }).fill('2'); // leaving Product commits it (change event)
  await expect(item1.getByLabel('Unit price', { exact: true })).toHaveValue('14.90');
  await expect(orderForm.locator('output')).toHaveText('€29.80');

  await orderForm.getByRole('button', { name: 'Add item', exact: true }).click();
  const item2 = orderForm.getByRole('group', { name: 'Item 2' });
  await item2.getByLabel('Product', { exact: true }).fill('Hand-painted shop sign');
  await item2.getByLabel('Quantity', { exact: true }).fill('1');
  await item2.getByLabel('Unit price', { exact: true }).fill('12.50');
  await expect(orderForm.locator('output')).toHaveText('€42.30');
  await expect(orderForm.getByText('Total: €42.30')).toBeVisible();

  await orderForm.getByRole('button', { name: 'Save order', exact: true }).click();
  await expect(orderForm).toHaveCount(0);
  await expect(orders.getByText('No orders yet.')).toHaveCount(0);
  const order = orders.getByRole('listitem');
  await expect(order).toHaveCount(1);
  await expect(order.getByText('€42.30', { exact: true })).toBeVisible();
  await expect(order).toContainText('2 × Descaler 1 L, 1 × Hand-painted shop sign');
  await expect(order).toContainText('Confirmed');

  // --- Interaction: a call with a follow-up date.
  await interactions.getByRole('button', { name: 'Log interaction', exact: true }).click();
  const interactionForm = interactions.getByRole('form', { name: 'Log interaction' });
  await interactionForm.getByLabel('Type', { exact: true }).selectOption({ label: 'Call' });
  await interactionForm.getByLabel('Subject', { exact: true }).fill('Spring price list');
  await interactionForm.getByLabel('Outcome', { exact: true }).fill('Interested in grinders');
  await interactionForm.getByLabel('Follow-up date', { exact: true }).fill('2030-03-15');
  await interactionForm.getByRole('button', { name: 'Save interaction', exact: true }).click();
  await expect(interactionForm).toHaveCount(0);
  const interaction = interactions.getByRole('listitem');
  await expect(interaction).toHaveCount(1);
  await expect(interaction).toContainText('Call: Spring price list');
  await expect(interaction).toContainText('Interested in grinders');
  await expect(interaction.getByText('Follow up on Mar 15, 2030')).toBeVisible();

  // --- Survey: score 9 is a promoter.
  await surveys.getByRole('button', { name: 'Add survey', exact: true }).click();
  const surveyForm = surveys.getByRole('form', { name: 'Add survey' });
  await surveyForm.getByLabel('Score', { exact: true }).fill('9');
  await surveyForm.getByLabel('Comment', { exact: true }).fill('Great service, fast delivery');
  await surveyForm.getByRole('button', { name: 'Save survey', exact: true }).click();
  await expect(surveyForm).toHaveCount(0);
  const answer = surveys.getByRole('listitem');
  await expect(answer).toHaveCount(1);
  await expect(answer.getByText('9 / 10', { exact: true })).toBeVisible();
  await expect(answer.getByText('Promoter', { exact: true })).toBeVisible();
  await expect(answer).toContainText('Great service, fast delivery');

  // Everything is still there after a reload.
  await page.reload();
  await page.locator('body[data-ready="true"]').waitFor();
  await expect(orders.getByRole('listitem')).toContainText('€42.30');
  await expect(interactions.getByRole('listitem')).toContainText('Call: Spring price list');
  await expect(surveys.getByRole('listitem')).toContainText('Promoter');
});

test('an order without a product or with a bad price is not saved', async ({ page }) => {
  await openApp(page);
  await createCustomer(page, { givenName: 'Noah', familyName: 'Green' });
  const orders = page.locator('article.detail').getByRole('region', { name: 'Orders' });
  await orders.getByRole('button', { name: 'Add order', exact: true }).click();
  const orderForm = orders.getByRole('form', { name: 'Add order' });
  const item1 = orderForm.getByRole('group', { name: 'Item 1' });
  await item1.getByLabel('Quantity', { exact: true }).fill('0');
  await item1.getByLabel('Unit price', { exact: true }).fill('abc');
  await orderForm.getByRole('button', { name: 'Save order', exact: true }).click();
  await expect(item1.getByRole('alert').filter({ hasText: 'Enter a product.' })).toBeVisible();
  await expect(
    item1.getByRole('alert').filter({ hasText: 'Quantity must be a whole number of at least 1.' }),
  ).toBeVisible();
  await expect(item1.getByRole('alert').filter({ hasText: 'Enter a price such as 12.50.' })).toBeVisible();
  await expect(orders.getByText('No orders yet.')).toBeVisible();

  const surveys = page.locator('article.detail').getByRole('region', { name: 'Survey answers' });
  await surveys.getByRole('button', { name: 'Add survey', exact: true }).click();
  const surveyForm = surveys.getByRole('form', { name: 'Add survey' });
  await surveyForm.getByRole('button', { name: 'Save survey', exact: true }).click();
  await expect(surveyForm.getByRole('alert')).toHaveText('Choose a score from 0 to 10.');
  await surveyForm.getByLabel('Score', { exact: true }).fill('11');
  await surveyForm.getByRole('button', { name: 'Save survey', exact: true }).click();
  await expect(surveyForm.getByRole('alert')).toHaveText('Choose a score from 0 to 10.');
  await expect(surveys.getByText('No survey answers yet.')).toBeVisible();
});
