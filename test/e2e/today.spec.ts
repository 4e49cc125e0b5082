// A rep's day: the Today agenda (first in the navigation), Done and Snooze on due follow-ups, in
// English on a tablet and in 简体中文 on a phone; the risk lists page past 50 and export every
// entry; the NPS kiosk makes wrong PINs wait longer and longer, and refuses a viewer.
import { expect, test, type Page } from '@playwright/test';
import { createCustomer, openApp } from './helpers';

/** Today's local date as the follow-up date field takes it (the browser runs on this machine). */
function todayIso(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Logs a visit with a follow-up date on the open customer; `after` = the interactions it then has. */
async function logVisitWithFollowUp(page: Page, subject: string, followUpDate: string, after: number): Promise<void> {
  const region = page.locator('article.detail').getByRole('region', { name: 'Visits and interactions' });
  await region.getByRole('button', { name: 'Log interaction', exact: true }).click();
  const form = region.getByRole('form', { name: 'Log interaction' });
  await form.getByLabel('Type', { exact: true }).selectOption({ label: 'Visit' });
  await form.getByLabel('Subject', { exact: true }).fill(subject);
  await form.getByLabel('Follow-up date', { exact: true }).fill(followUpDate);
  await form.getByRole('button', { name: 'Save interaction', exact: true }).click();
  await expect(region.getByRole('listitem')).toHaveCount(after);
}

async function loadDemo(page: Page, count: number): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings', exact: true }).click();
  await page.getByLabel('Number of customers', { exact: true }).fill(String(count));
  await page.getByRole('button', { name: 'Load demo data', exact: true }).click();
  const added = new Intl.NumberFormat('en-US').format(count);
  await expect(page.getByRole('status').filter({ hasText: new RegExp(`^Added ${added} customers`) })).toBeVisible({
    timeout: 60_000,
  });
}

test.describe('tablet', () => {
  test.use({ viewport: { width: 1024, height: 768 } });

  test('Today: Done logs the outcome on the customer, Snooze moves a follow-up to tomorrow', async ({ page }) => {
    await openApp(page);
    const nav = page.getByRole('navigation', { name: 'Main' });
    await expect(nav.getByRole('link').first()).toHaveText('Today');
    await createCustomer(page, { givenName: 'Olivia', familyName: 'Brown', company: 'Brown Bakery' });
    await logVisitWithFollowUp(page, 'Samples', todayIso(), 1);
    await createCustomer(page, { givenName: 'Ravi', familyName: 'Patel' });
    await logVisitWithFollowUp(page, 'Price list', todayIso(), 1);

    await nav.getByRole('link', { name: 'Today', exact: true }).click();
    await expect(page).toHaveURL(/#\/today$/);
    const due = page.getByRole('region', { name: /^Follow-ups due today/ });
    await expect(due.getByRole('listitem')).toHaveCount(2);
    const olivia = due.getByRole('listitem').filter({ hasText: 'Olivia Brown' });
    await expect(olivia).toContainText('Visit · Samples');
    await expect(olivia).toContainText('Due today');

    // One tap from the customer, and back.
    await olivia.getByRole('link', { name: 'Olivia Brown' }).click();
    await expect(page.locator('article.detail').getByRole('heading', { level: 2 })).toHaveText('Olivia Brown');
    await nav.getByRole('link', { name: 'Today', exact: true }).click();
    await expect(page).toHaveURL(/#\/today$/);

    // Done: what happened, logged as a call; the item leaves Today.
    await olivia.getByRole('button', { name: 'Done', exact: true }).click();
    const doneForm = olivia.getByRole('form', { name: 'Done' });
    await doneForm.getByLabel('What happened?').fill('Ordered 20 boxes');
    await doneForm.getByLabel('How').selectOption({ label: 'Call' });
    await doneForm.getByRole('button', { name: 'Save as done' }).click();
    await expect(page.getByText('Done: logged on Olivia Brown.')).toBeVisible();
    await expect(due.getByRole('listitem')).toHaveCount(1);
    await expect(olivia).toHaveCount(0);

    // Snooze: tomorrow. Nothing is due today any more.
    const ravi = due.getByRole('listitem').filter({ hasText: 'Ravi Patel' });
    await ravi.getByRole('button', { name: 'Snooze', exact: true }).click();
    await ravi.getByRole('button', { name: 'Tomorrow', exact: true }).click();
    await expect(page.getByText(/^Moved to /)).toBeVisible();
    await expect(page.getByText('Nothing due today.', { exact: false })).toBeVisible();

    // The outcome is on Olivia's record, and her follow-up is no longer asked for.
    await nav.getByRole('link', { name: 'Customers', exact: true }).click();
    await page
      .getByRole('list', { name: 'Customer list' })
      .getByRole('link', { name: /Olivia Brown/ })
      .click();
    const interactions = page.locator('article.detail').getByRole('region', { name: 'Visits and interactions' });
    await expect(interactions.getByRole('listitem')).toHaveCount(2);
    await expect(interactions.getByRole('listitem').first()).toContainText('Ordered 20 boxes');
    await expect(interactions.getByText(/^Follow up on /)).toHaveCount(0);
  });

  test('a visit planned on the customer shows on Today on its day until Done', async ({ page }) => {
    await openApp(page);
    await createCustomer(page, { givenName: 'Mia', familyName: 'Wong' });
    const interactions = page.locator('article.detail').getByRole('region', { name: 'Visits and interactions' });
    await interactions.getByRole('button', { name: 'Plan a visit', exact: true }).click();
    const form = interactions.getByRole('form', { name: 'Plan a visit with Mia Wong' });
    await form.getByLabel('Date', { exact: true }).fill(todayIso());
    await form.getByLabel('Time', { exact: true }).fill('23:30');
    await form.getByLabel('Subject', { exact: true }).fill('Espresso machine demo');
    await form.getByRole('button', { name: 'Plan visit', exact: true }).click();
    await expect(page.getByText(/^Visit planned for /)).toBeVisible();
    await expect(interactions.getByRole('listitem')).toHaveCount(1);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Today', exact: true }).click();
    const planned = page.getByRole('region', { name: /^Planned visits/ });
    const visit = planned.getByRole('listitem').filter({ hasText: 'Mia Wong' });
    await expect(visit).toContainText('Visit · Espresso machine demo');
    await expect(visit).toContainText(/Planned for .*11:30/);
    await visit.getByRole('button', { name: 'Done', exact: true }).click();
    const doneForm = visit.getByRole('form', { name: 'Done' });
    // A planned visit stays a visit: no "How" to choose.
    await expect(doneForm.getByLabel('How')).toHaveCount(0);
    await doneForm.getByLabel('What happened?').fill('Bought the machine');
    await doneForm.getByRole('button', { name: 'Save as done' }).click();
    await expect(page.getByText('Nothing due today.', { exact: false })).toBeVisible();

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers', exact: true }).click();
    await page
      .getByRole('list', { name: 'Customer list' })
      .getByRole('link', { name: /Mia Wong/ })
      .click();
    await expect(interactions.getByRole('listitem')).toHaveCount(1);
    await expect(interactions.getByRole('listitem')).toContainText('Bought the machine');
  });

  test('kiosk: each wrong PIN makes the next try wait longer', async ({ page }) => {
    await page.clock.install();
    await openApp(page, '#/kiosk');
    await page.getByLabel('Event name', { exact: true }).fill('Spring fair');
    await page.getByLabel('Unlock PIN (4–8 digits)').fill('2468');
    await page.getByRole('button', { name: 'Start NPS kiosk' }).click();
    await expect(page.getByRole('heading', { name: /How likely are you/ })).toBeVisible();
    // From here the page's clock moves only when the test moves it.
    await page.clock.pauseAt(Date.now() + 60_000);

    await page.getByRole('button', { name: 'Staff: unlock' }).click();
    const pin = page.getByLabel('PIN', { exact: true });
    const unlock = page.getByRole('button', { name: 'Unlock', exact: true });
    const alert = page.getByRole('alert');
    await pin.fill('0000');
    await unlock.click();
    await expect(alert).toHaveText('Wrong PIN (1 of 10 tries). Try again in 1 second.');
    await expect(unlock).toBeDisabled();
    await page.clock.fastForward(1000);
    await expect(unlock).toBeEnabled();
    await expect(alert).toHaveText('Wrong PIN (1 of 10 tries).');

    await pin.fill('1111');
    await unlock.click();
    await expect(alert).toHaveText('Wrong PIN (2 of 10 tries). Try again in 2 seconds.');
    await page.clock.fastForward(1000);
    await expect(alert).toHaveText('Wrong PIN (2 of 10 tries). Try again in 1 second.');
    await expect(unlock).toBeDisabled();
    await page.clock.fastForward(1000);
    await expect(unlock).toBeEnabled();

    await pin.fill('2222');
    await unlock.click();
    await expect(alert).toHaveText('Wrong PIN (3 of 10 tries). Try again in 4 seconds.');
    await expect(unlock).toBeDisabled();
    await page.clock.fastForward(4000);
    // The right PIN, once the wait is over, ends the kiosk.
    await pin.fill('2468');
    await unlock.click();
    await expect(page.getByRole('button', { name: 'Start NPS kiosk' })).toBeVisible();
  });

  test('kiosk: ten wrong PINs lock it out until the rep restarts it (hold, then reload)', async ({ page }) => {
    test.setTimeout(90_000);
    await page.clock.install();
    await openApp(page, '#/kiosk');
    await expect(page.getByText(/press and hold the answer counter at the bottom for 5 seconds/)).toBeVisible();
    await page.getByLabel('Event name', { exact: true }).fill('Expo');
    await page.getByLabel('Unlock PIN (4–8 digits)').fill('2468');
    await page.getByRole('button', { name: 'Start NPS kiosk' }).click();
    await expect(page.getByRole('heading', { name: /How likely are you/ })).toBeVisible();
    await page.clock.pauseAt(Date.now() + 60_000);

    await page.getByRole('button', { name: 'Staff: unlock' }).click();
    const pin = page.getByLabel('PIN', { exact: true });
    const unlock = page.getByRole('button', { name: 'Unlock', exact: true });
    for (let n = 1; n <= 9; n++) {
      await pin.fill('0000');
      await unlock.click();
      await expect(page.getByRole('alert')).toContainText(`Wrong PIN (${n} of 10 tries).`);
      await page.clock.fastForward(300_000);
      await expect(unlock).toBeEnabled();
    }
    await pin.fill('0000');
    await unlock.click();
    const lockedOut = page.getByRole('alert').filter({ hasText: 'Locked after 10 wrong PINs.' });
    await expect(lockedOut).toBeVisible();
    await expect(pin).toHaveCount(0);

    // The rep's restart: hold the answer counter for 5 seconds, then reload; the PIN works again.
    const counter = page.getByText('Expo · 0 answers collected');
    await counter.hover();
    await page.mouse.down();
    await page.clock.fastForward(5000);
    await page.mouse.up();
    await expect(page.getByText('Restart armed: reload the app, then enter the PIN.')).toBeVisible();
    await page.clock.resume(); // the app's start-up needs its timers
    await page.reload();
    await page.locator('body[data-ready="true"]').waitFor();
    await page.getByRole('button', { name: 'Staff: unlock' }).click();
    await page.getByLabel('PIN', { exact: true }).fill('2468');
    await page.getByRole('button', { name: 'Unlock', exact: true }).click();
    await expect(page.getByRole('button', { name: 'Start NPS kiosk' })).toBeVisible();
  });

  test('kiosk: a viewer cannot start it', async ({ page }) => {
    await page.addInitScript(() => {
      localStorage.setItem(
        'fieldbook.sync',
        JSON.stringify({
          serverUrl: 'http://127.0.0.1:9/',
          username: 'val',
          roles: ['fieldbook-viewer'],
          enabled: false,
        }),
      );
    });
    await openApp(page, '#/kiosk');
    await expect(page.getByRole('alert')).toHaveText(
      'Your sync role is viewer (read-only): a viewer cannot start the NPS kiosk.',
    );
    await expect(page.getByRole('button', { name: 'Start NPS kiosk' })).toHaveCount(0);
  });
});

const TOTAL_CHURN = 103;

test.describe('phone', () => {
  test.use({ viewport: { width: 360, height: 740 } });

  test('今日：完成一项到期的跟进（简体中文）', async ({ page }) => {
    await openApp(page);
    await createCustomer(page, { givenName: '伟', familyName: '张' }, '张伟');
    await logVisitWithFollowUp(page, '新品试饮', todayIso(), 1);
    await page.evaluate(() => localStorage.setItem('fieldbook.locale', 'zh-CN'));
    await page.reload();
    await page.locator('body[data-ready="true"]').waitFor();

    const nav = page.getByRole('navigation', { name: '主导航' });
    await expect(nav.getByRole('link').first()).toHaveText('今日');
    await nav.getByRole('link', { name: '今日', exact: true }).click();
    const due = page.getByRole('region', { name: /^今天到期的跟进/ });
    const item = due.getByRole('listitem').filter({ hasText: '张伟' });
    await expect(item).toContainText('拜访 · 新品试饮');
    await item.getByRole('button', { name: '完成', exact: true }).click();
    const form = item.getByRole('form', { name: '完成' });
    await form.getByLabel('结果如何？').fill('订了 20 箱');
    await form.getByRole('button', { name: '保存为已完成' }).click();
    await expect(page.getByText('已完成：已记录在 张伟 名下。')).toBeVisible();
    await expect(page.getByText(/^今天没有待办/)).toBeVisible();

    await nav.getByRole('link', { name: '客户', exact: true }).click();
    await page.getByRole('list', { name: '客户列表' }).getByRole('link', { name: /张伟/ }).click();
    await expect(page.locator('article.detail').getByText('订了 20 箱')).toBeVisible();
  });

  test('risk lists page past 50 and export every entry as CSV', async ({ page }) => {
    test.setTimeout(120_000);
    // A fixed clock makes the demo data (seeded from the time) and "now" the same on every run, so
    // the list's length is known: 103 customers at churn risk.
    await page.clock.setFixedTime(new Date('2026-06-15T10:00:00'));
    await openApp(page);
    await loadDemo(page, 1200);
    // The measures behind Insights are derived in the background: wait until all 1,200 are in.
    await page.goto('/#/insights/overview');
    await expect(
      page
        .getByRole('region', { name: 'Key figures' })
        .locator('dt', { hasText: /^Customers$/ })
        .locator('xpath=following-sibling::dd[1]'),
    ).toHaveText('1,200', { timeout: 60_000 });
    await page.getByRole('navigation', { name: 'Insights views' }).getByRole('link', { name: 'Risk' }).click();
    const churn = page.getByRole('region', { name: /^Churn risk/ });
    const pager = churn.getByRole('navigation', { name: 'Churn risk: pages' });
    const total = TOTAL_CHURN;
    await expect(pager.getByRole('status')).toHaveText(`1–50 of ${total}`, { timeout: 30_000 });
    await expect(churn.getByRole('listitem')).toHaveCount(50);
    await expect(churn.getByRole('listitem').first()).toContainText(
      /^.+No order for \d+ days; usually orders every (\d+ days|day) \(\d+\.\d× their interval\)\.$/,
    );

    await pager.getByRole('button', { name: 'Next' }).click();
    await expect(pager.getByRole('status')).toHaveText(`51–${Math.min(100, total)} of ${total}`);
    await expect(churn.getByRole('listitem')).toHaveCount(Math.min(50, total - 50));
    await pager.getByRole('button', { name: 'Previous' }).click();
    await expect(pager.getByRole('status')).toHaveText(`1–50 of ${total}`);

    const download = page.waitForEvent('download');
    await churn.getByRole('button', { name: 'Export “Churn risk” as CSV' }).click();
    const csv = await new Promise<string>((resolve, reject) => {
      void download.then((file) =>
        file.createReadStream().then((s) => {
          let text = '';
          s.on('data', (c: Buffer) => (text += c.toString('utf8')));
          s.on('end', () => resolve(text));
          s.on('error', reject);
        }),
      );
    });
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toMatch(/,risk,daysSinceLastOrder,medianIntervalDays,ratio,orderCount,lastOrderAt$/);
    expect(lines).toHaveLength(total + 1);
    expect(lines.slice(1).every((l) => l.includes(',churn,'))).toBe(true);
  });
});
