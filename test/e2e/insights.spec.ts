// Insights end to end: customers, orders, surveys and a follow-up entered in the UI (with the page
// clock set, so orders fall on chosen days), then the numbers on every Insights view, checked
// against values worked out by hand below.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { createCustomer, openApp } from './helpers';

const DAY = 86_400_000;
const DAY0 = new Date('2026-01-05T10:00:00').getTime();
const at = (day: number): Date => new Date(DAY0 + day * DAY);

async function addProduct(page: Page, sku: string, name: string, price: string): Promise<void> {
  const form = page.getByRole('form', { name: 'Add product' });
  await form.getByLabel('SKU', { exact: true }).fill(sku);
  await form.getByLabel('Product name', { exact: true }).fill(name);
  await form.getByLabel('Price', { exact: true }).fill(price);
  await form.getByLabel('Currency', { exact: true }).fill('EUR');
  await form.getByRole('button', { name: 'Add product', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: `Added ${name}.` })).toBeVisible();
}

// The add-helpers take the number of entries the customer has once the new one is saved: the
// entries load in a query of their own after the detail's heading shows, so counting the rows
// before adding could count a list that has not arrived yet.
async function addOrder(
  page: Page,
  ordersAfter: number,
  product: string,
  qty: number,
  unitPrice?: string,
): Promise<void> {
  const orders = page.locator('article.detail').getByRole('region', { name: 'Orders' });
  await orders.getByRole('button', { name: 'Add order', exact: true }).click();
  const form = orders.getByRole('form', { name: 'Add order' });
  const item = form.getByRole('group', { name: 'Item 1' });
  await item.getByLabel('Product', { exact: true }).fill(product);
  await item.getByLabel('Quantity', { exact: true }).fill(String(qty));
  if (unitPrice) await item.getByLabel('Unit price', { exact: true }).fill(unitPrice);
  await form.getByRole('button', { name: 'Save order', exact: true }).click();
  await expect(orders.getByRole('listitem')).toHaveCount(ordersAfter);
}

async function addSurvey(page: Page, surveysAfter: number, score: number): Promise<void> {
  const surveys = page.locator('article.detail').getByRole('region', { name: 'Survey answers' });
  await surveys.getByRole('button', { name: 'Add survey', exact: true }).click();
  const form = surveys.getByRole('form', { name: 'Add survey' });
  await form.getByLabel('Score', { exact: true }).fill(String(score));
  await form.getByRole('button', { name: 'Save survey', exact: true }).click();
  await expect(surveys.getByRole('listitem')).toHaveCount(surveysAfter);
}

async function addFollowUpCall(page: Page, followUpDate: string): Promise<void> {
  const region = page.locator('article.detail').getByRole('region', { name: 'Visits and interactions' });
  await region.getByRole('button', { name: 'Log interaction', exact: true }).click();
  const form = region.getByRole('form', { name: 'Log interaction' });
  await form.getByLabel('Type', { exact: true }).selectOption({ label: 'Call' });
  await form.getByLabel('Subject', { exact: true }).fill('Price list');
  await form.getByLabel('Follow-up date', { exact: true }).fill(followUpDate);
  await form.getByRole('button', { name: 'Save interaction', exact: true }).click();
  await expect(region.getByRole('listitem')).toHaveCount(1);
}

/** The value (dd) under a label (dt) in a figures list. */
const figure = (scope: Locator, label: string): Locator =>
  scope.locator('dt', { hasText: new RegExp(`^${label}$`) }).locator('xpath=following-sibling::dd[1]');

test('Insights shows the numbers of the data entered', async ({ page }) => {
  test.setTimeout(120_000);
  // The charts must work under the app's CSP (no eval, no inline scripts): no violation reports.
  const cspErrors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
  });
  await page.clock.install({ time: at(0) });
  await openApp(page);
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  await addProduct(page, 'BEAN-1', 'Beans', '10.00');
  await addProduct(page, 'GRIND-1', 'Grinder', '50.00');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers', exact: true }).click();

  // Ada (vip): Beans on day 0, Grinder on day 10 → €60, 2 orders, interval 10 days; score 9.
  await createCustomer(page, { givenName: 'Ada', familyName: 'Lovelace', tags: 'vip' });
  await addOrder(page, 1, 'Beans', 1);
  await page.clock.setSystemTime(at(10));
  await addOrder(page, 2, 'Grinder', 1);
  await addSurvey(page, 1, 9);

  // Bob: 2 × Beans on day 0, Beans on day 2 → €30, interval 2 days; score 3 on day 2, nothing after.
  await page.clock.setSystemTime(at(0));
  await createCustomer(page, { givenName: 'Bob', familyName: 'Baker' });
  await addOrder(page, 1, 'Beans', 2);
  await page.clock.setSystemTime(at(2));
  await addOrder(page, 2, 'Beans', 1);
  await addSurvey(page, 1, 3);

  // Cleo: Grinder + … one order of 6 × Beans on day 10 → €60 (buys BEAN-1 only); score 10.
  await page.clock.setSystemTime(at(10));
  await createCustomer(page, { givenName: 'Cleo', familyName: 'Clark' });
  await addOrder(page, 1, 'Beans', 6);
  await addSurvey(page, 1, 10);

  // Dan: no orders; a call on day 10 asking for a follow-up on day 11 (2026-01-16).
  await createCustomer(page, { givenName: 'Dan', familyName: 'Dunn' });
  await addFollowUpCall(page, '2026-01-16');

  // Look at everything on day 20, two hours later in the day than the entries (whole days since
  // each entry, whatever the seconds the typing took).
  await page.clock.setSystemTime(new Date(at(20).getTime() + 2 * 3_600_000));
  await page.getByRole('link', { name: 'Insights', exact: true }).click();

  // --- Overview: 4 customers; 3 active (orders within 90 days); revenue 60 + 30 + 60 = €150 over
  // 5 orders → AOV €30; NPS of 9, 3, 10: 2 promoters, 1 detractor → (2 − 1) / 3 = 33.
  const figures = page.getByRole('region', { name: 'Key figures' });
  await expect(figure(figures, 'Customers')).toHaveText('4');
  await expect(figure(figures, 'Active customers').first()).toHaveText('3');
  await expect(figure(figures, 'Revenue')).toHaveText('€150.00');
  await expect(figure(figures, 'Orders')).toHaveText('5');
  await expect(figure(figures, 'Average order value')).toHaveText('€30.00');
  await expect(figure(figures, 'NPS').first()).toHaveText('33');
  await expect(figures).toContainText('Promoters 2 · Passives 0 · Detractors 1 · 3 answers');
  // Data quality (the Quality screen's record score): each has given + family name (6 of 19
  // weight → 22.1) and no country (30 − 5) → 47.
  await expect(figure(figures, 'Data quality').first()).toHaveText('47 / 100');
  // The chart loads chart.js and draws after the figures (tasks of their own): its canvas gets
  // painted (a canvas nothing drew on has only transparent pixels).
  const revenueChart = page.getByRole('region', { name: /Revenue by month/ }).locator('canvas');
  await expect
    .poll(() =>
      revenueChart.evaluate((c: HTMLCanvasElement) => {
        const data =
          c.width > 0 && c.height > 0 ? c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data : undefined;
        let painted = 0;
        if (data) for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) painted++;
        return painted;
      }),
    )
    .toBeGreaterThan(0);
  // Revenue by month as a table: all in January 2026.
  await page.getByText('Figures as a table').click();
  await expect(page.getByRole('row', { name: /2026-01/ })).toContainText('€150.00');
  // Filter by tag: only Ada.
  await page.getByLabel('Tag', { exact: true }).selectOption('vip');
  await expect(figure(figures, 'Customers')).toHaveText('1');
  await expect(figure(figures, 'Revenue')).toHaveText('€60.00');
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(figure(figures, 'Customers')).toHaveText('4');

  // --- Satisfaction vs spend: pairs (6000, 9), (3000, 3), (6000, 10).
  // Pearson: Sxy = 13000, Sxx = 6e6, Syy = 28.667 → r = 0.991; Spearman on ranks x (2.5, 1, 2.5),
  // y (2, 1, 3) → ρ = 1.5 / √3 = 0.866.
  await page
    .getByRole('navigation', { name: 'Insights views' })
    .getByRole('link', { name: 'Satisfaction vs spend' })
    .click();
  await expect(page.getByRole('heading', { name: 'Satisfaction vs spend', level: 3 })).toBeVisible();
  const stats = page.getByRole('region', { name: 'Satisfaction vs spend' });
  await expect(figure(stats, 'Pearson r')).toHaveText('0.99');
  await expect(figure(stats, 'Spearman ρ')).toHaveText('0.87');
  await expect(figure(stats, 'n').first()).toHaveText('3');
  await expect(stats).toContainText('Very strong positive relationship');
  // A point's row opens the customer.
  await stats.getByText('Figures as a table').click();
  await stats.getByRole('link', { name: 'Bob Baker' }).click();
  await expect(page.locator('article.detail').getByRole('heading', { level: 2 })).toHaveText('Bob Baker');

  // Bob on his own screen: two orders are no rhythm yet (churn needs three, a day or more apart),
  // so nothing is pressing; the recommendation Grinder (GRIND-1): bought by 1 of the 3 customers
  // who bought Beans (Ada) → 33%.
  const reco = page.getByRole('region', { name: 'Recommended next' });
  await expect(reco).toContainText('Nothing pressing.');
  await expect(reco.getByRole('list', { name: 'Products to offer' })).toContainText(
    'Grinder bought by 33% of customers who bought Beans',
  );

  // --- RFM on day 20: recency days Ada 10, Bob 18, Cleo 10; orders Ada 2, Bob 2, Cleo 1.
  // R scores: Bob 1, Ada/Cleo (tied) 4; F: Cleo 1, Ada/Bob (tied) 4 → Ada Loyal (4,4),
  // Bob At risk (1,4), Cleo Promising (4,1).
  await page.goto('/#/insights/rfm');
  // A segment with customers has its name as a button "Open <segment>" in the row header.
  const segRow = (name: string): Locator =>
    page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: new RegExp(`^(Open )?${name}$`) }) });
  await expect(segRow('Loyal').locator('td').first()).toHaveText('1');
  await expect(segRow('At risk').locator('td').first()).toHaveText('1');
  await expect(segRow('Promising').locator('td').first()).toHaveText('1');
  await expect(segRow('Champions').locator('td').first()).toHaveText('0');
  await page.getByRole('button', { name: 'Open At risk' }).click();
  await expect(page.getByRole('heading', { name: 'At risk: 1 customer' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Bob Baker' })).toBeVisible();
  // Standardized columns: spend over (60, 30, 60, 0) → z = (30 − 37.5) / 28.72 = −0.26, min-max 0.50;
  // orders over (2, 2, 1, 0) → z = (2 − 1.25) / 0.957 = 0.78, min-max 1.00.
  const bobRow = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'Bob Baker' }) });
  await expect(bobRow).toContainText('-0.26');
  await expect(bobRow).toContainText('0.50');
  await page.getByLabel('Standardized measure').selectOption({ label: 'Orders' });
  await expect(bobRow).toContainText('0.78');
  await expect(bobRow).toContainText('1.00');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export At risk as CSV' }).click();
  const file = await download;
  const csv = await new Promise<string>((resolve, reject) => {
    void file.createReadStream().then((s) => {
      let text = '';
      s.on('data', (c: Buffer) => (text += c.toString('utf8')));
      s.on('end', () => resolve(text));
      s.on('error', reject);
    });
  });
  const [header, row] = csv
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n');
  expect(
    header?.startsWith(
      'givenName,familyName,email,phone,company,street,city,postcode,region,country,birthDate,tags,notes,segment,rfmR,rfmF,rfmM',
    ),
  ).toBe(true);
  expect(row?.startsWith('Bob,Baker,,,,,,,,,,,,atRisk,1,4,')).toBe(true);
  // spend €30.00 of spends (60, 30, 60, 0): min-max (30 − 0) / 60 = 0.5
  expect(row).toContain(',EUR,30.00,2,18,3,0.5,');

  // --- Risk: no churn (Bob's 2 orders are no rhythm yet), Bob a detractor (3) with nothing
  // since, Dan's follow-up overdue since 16 Jan (4 days on day 20 at 10:00).
  await page.goto('/#/insights/risk');
  const churn = page.getByRole('region', { name: /Churn risk/ });
  await expect(churn).toContainText('Nobody.');
  await expect(churn.getByRole('listitem')).toHaveCount(0);
  const detractors = page.getByRole('region', { name: /Detractors without a follow-up/ });
  await expect(detractors).toContainText('Bob Baker');
  await expect(detractors).toContainText('Scored 3 on Jan 7, 2026');
  const overdue = page.getByRole('region', { name: /Overdue follow-ups/ });
  await expect(overdue).toContainText('Dan Dunn');
  await expect(overdue).toContainText('Follow-up was due Jan 16, 2026');

  // One new order is reflected: Cleo buys again → revenue €160.
  await page.goto('/#/');
  await page.getByRole('searchbox', { name: 'Search customers' }).fill('Cleo');
  // The search runs after the typing: until then the first row is whoever sorts first.
  const rows = page.getByRole('list', { name: 'Customer list' }).getByRole('link');
  await expect(rows).toHaveCount(1);
  await rows.first().click();
  await expect(page.locator('article.detail').getByRole('heading', { level: 2 })).toHaveText('Cleo Clark');
  await addOrder(page, 2, 'Beans', 1);
  await page.getByRole('link', { name: 'Insights', exact: true }).click();
  await expect(figure(page.getByRole('region', { name: 'Key figures' }), 'Revenue')).toHaveText('€160.00');
  await expect(page.locator('canvas')).toHaveCount(1);
  expect(cspErrors).toEqual([]);
});

test('Insights views fit a 360 px phone without horizontal scrolling', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await openApp(page);
  await createCustomer(page, { givenName: 'Mia', familyName: 'Wong', tags: 'vip' });
  await addOrder(page, 1, 'Hand-painted shop sign with a long name', 3, '12.50');
  await addSurvey(page, 1, 8);
  for (const view of ['overview', 'satisfaction', 'rfm', 'risk']) {
    await page.goto(`/#/insights/${view}`);
    await expect(page.getByRole('navigation', { name: 'Insights views' })).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: 'Loading insights' })).toHaveCount(0);
    // The page (and its scrolling section) must not scroll sideways; wide tables scroll inside
    // their own box, which clips them.
    // Polled: charts and tables lay out in tasks after the loading status goes.
    await expect
      .poll(
        async () =>
          Math.max(
            ...(await page.evaluate(() =>
              [document.documentElement, document.querySelector('main'), document.querySelector('main > section')].map(
                (el) => (el ? el.scrollWidth - el.clientWidth : 0),
              ),
            )),
          ),
        { message: view },
      )
      .toBeLessThanOrEqual(1);
  }
});
