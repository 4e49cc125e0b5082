// The NPS kiosk: started with a PIN, answers stored, back to the start after each answer, locked
// against leaving (navigation, typed URLs, reloads) until the PIN is entered.
import { expect, test } from '@playwright/test';
import { openApp, waitReady } from './helpers';

const QUESTION = 'How likely are you to recommend us to a friend or colleague?';

test('kiosk: answer, back to start, locked until unlocked with the PIN', async ({ page }) => {
  await openApp(page, '#/kiosk');
  // No app navigation around the kiosk.
  await expect(page.getByRole('navigation', { name: 'Main' })).toHaveCount(0);
  await page.getByLabel('Event name', { exact: true }).fill('Spring fair');
  await page.getByLabel('Unlock PIN (4–8 digits)').fill('12');
  await page.getByRole('button', { name: 'Start NPS kiosk' }).click();
  await expect(page.getByRole('alert')).toHaveText('Enter 4 to 8 digits.');
  await page.getByLabel('Unlock PIN (4–8 digits)').fill('2468');
  await page.getByRole('button', { name: 'Start NPS kiosk' }).click();

  // Answer: 9, a comment, consent required before sending.
  await expect(page.getByRole('heading', { name: QUESTION })).toBeVisible();
  await expect(page.getByRole('button', { name: /^Score \d+$/ })).toHaveCount(11);
  await page.getByRole('button', { name: 'Score 9', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Score 9', exact: true })).toHaveAttribute('aria-pressed', 'true');
  await page.getByLabel('Comment (optional)').fill('Great coffee at the booth');
  const send = page.getByRole('button', { name: 'Send', exact: true });
  await expect(send).toBeDisabled();
  await page.getByLabel('I agree that my answer is stored.').check();
  await send.click();
  await expect(page.getByRole('status')).toHaveText('Thank you!');
  // Back to the start for the next person: nothing chosen, no comment.
  await expect(page.getByRole('heading', { name: QUESTION })).toBeVisible({ timeout: 10_000 });
  await expect(page.getByRole('button', { name: 'Score 9', exact: true })).toHaveAttribute('aria-pressed', 'false');
  await expect(page.getByLabel('Comment (optional)')).toHaveCount(0);
  await expect(page.getByText('1 answer collected')).toBeVisible();

  // Locked: navigating away, or opening another URL after a reload, lands on the kiosk again.
  await page.evaluate(() => {
    location.hash = '#/settings';
  });
  await expect(page).toHaveURL(/#\/kiosk$/);
  await expect(page.getByRole('heading', { name: QUESTION })).toBeVisible();
  await page.goto('about:blank');
  await page.goto('/#/insights/overview');
  await waitReady(page);
  await expect(page).toHaveURL(/#\/kiosk$/);
  await expect(page.getByRole('heading', { name: QUESTION })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main' })).toHaveCount(0);

  // Unlock: a wrong PIN keeps it locked; the right one opens the way back.
  await page.getByRole('button', { name: 'Staff: unlock' }).click();
  await page.getByLabel('PIN', { exact: true }).fill('0000');
  await page.getByRole('button', { name: 'Unlock', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('Wrong PIN (1 of 10 tries).');
  await expect(page.getByRole('heading', { name: QUESTION })).toBeVisible();
  // (the second try waits a second: Unlock is enabled again after it)
  await page.getByLabel('PIN', { exact: true }).fill('2468');
  await page.getByRole('button', { name: 'Unlock', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Start NPS kiosk' })).toBeVisible();
  await page.getByRole('link', { name: 'Back to the app' }).click();

  // The answer was stored (for the event's pseudo-customer) and counts in the NPS: one promoter.
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  const figures = page.getByRole('region', { name: 'Key figures' });
  await expect(figures).toContainText('Promoters 1 · Passives 0 · Detractors 0 · 1 answer');
  await expect(figures.locator('dt', { hasText: /^Customers$/ }).locator('xpath=following-sibling::dd[1]')).toHaveText(
    '0',
  );
  // The event is not a customer: the list stays empty, and neither the count nor search shows it.
  await page.getByRole('link', { name: 'Customers', exact: true }).click();
  await expect(page.getByText('No customers yet. Create one, or load demo data in Settings.')).toBeVisible();
  await page.getByRole('searchbox', { name: 'Search customers' }).fill('Spring fair');
  await expect(page.getByText('No customer matches “Spring fair”.')).toBeVisible();
});
