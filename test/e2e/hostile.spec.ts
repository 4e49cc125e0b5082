// Hostile input end to end, production build in Chromium: customers whose name, company, city, tags
// and notes are script and event-handler markup are shown in the list (and its CSV export), the
// detail, the duplicate warning and the Duplicates screen, Insights (overview, RFM segment, risk), the
// quality screen, and the import wizard's preview, messages and duplicates.
// Nothing runs: no dialog opens (`page.on('dialog')` records it and the test fails), the
// `window.__pwned` sentinel every payload would set stays undefined, no element with an event-handler
// attribute or an <img src=x> appears in the document (so the test does not lean on the CSP alone),
// no CSP violation is reported, and the markup is shown as the text it is.
import { expect, test, type Page } from '@playwright/test';
import {
  createCustomer,
  customerForm,
  detailFact,
  detailHeading,
  fillCustomer,
  listRows,
  openApp,
  openNewForm,
} from './helpers';

const GIVEN = '<img src=x onerror=alert(1)>';
const FAMILY = '<svg onload=window.__pwned=1>';
const NAME = `${GIVEN} ${FAMILY}`;
const HOSTILE = {
  givenName: GIVEN,
  familyName: FAMILY,
  email: 'pwn@example.com',
  company: '<b onmouseover=alert(1)>ACME</b>',
  city: '"><iframe srcdoc="<script>parent.__pwned=1</script>">',
  tags: '<i onclick=alert(1)>vip</i>',
  notes: '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=1;alert(2)">',
};

const dialogs: string[] = [];

test.beforeEach(async ({ page }) => {
  dialogs.length = 0;
  page.on('dialog', (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  await page.addInitScript(() => {
    const w = window as unknown as { __violations: string[] };
    w.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      w.__violations.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
});

/** Nothing of the payloads ran or became markup, on the screen as it is now. */
async function expectNothingRan(page: Page, where: string): Promise<void> {
  const seen = await page.evaluate(() => {
    const w = window as unknown as { __pwned?: unknown; __violations: string[] };
    return {
      pwned: w.__pwned ?? null,
      handlers: document.querySelectorAll('[onerror], [onload], [onmouseover], [onclick], iframe[srcdoc], img[src="x"]')
        .length,
      violations: w.__violations,
    };
  });
  expect(seen, where).toEqual({ pwned: null, handlers: 0, violations: [] });
  expect(dialogs, where).toEqual([]);
}

async function addOrder(page: Page): Promise<void> {
  const orders = page.locator('article.detail').getByRole('region', { name: 'Orders' });
  await orders.getByRole('button', { name: 'Add order', exact: true }).click();
  const form = orders.getByRole('form', { name: 'Add order' });
  const item = form.getByRole('group', { name: 'Item 1' });
  await item.getByLabel('Product', { exact: true }).fill('<img src=x onerror=alert(3)>');
  await item.getByLabel('Quantity', { exact: true }).fill('1');
  await item.getByLabel('Unit price', { exact: true }).fill('12.50');
  await form.getByRole('button', { name: 'Save order', exact: true }).click();
  await expect(orders.getByRole('listitem')).toHaveCount(1);
  await expect(orders.getByRole('listitem')).toContainText('<img src=x onerror=alert(3)>');
}

async function addDetractorSurvey(page: Page): Promise<void> {
  const surveys = page.locator('article.detail').getByRole('region', { name: 'Survey answers' });
  await surveys.getByRole('button', { name: 'Add survey', exact: true }).click();
  const form = surveys.getByRole('form', { name: 'Add survey' });
  await form.getByLabel('Score', { exact: true }).fill('3');
  await form.getByLabel('Comment', { exact: true }).fill('<script>window.__pwned=1</script>');
  await form.getByRole('button', { name: 'Save survey', exact: true }).click();
  await expect(surveys.getByRole('listitem')).toHaveCount(1);
}

test('a customer made of markup is shown as text everywhere and runs nothing', async ({ page }) => {
  test.setTimeout(120_000);
  await openApp(page);
  await createCustomer(page, HOSTILE, NAME);
  await expect(detailFact(page, 'Notes')).toHaveText(HOSTILE.notes);
  await expect(page.locator('article.detail')).toContainText(HOSTILE.company);
  await expect(page.locator('article.detail')).toContainText(HOSTILE.city);
  await expect(page.locator('article.detail')).toContainText('<i onclick=alert(1)>vip</i>');
  await addOrder(page);
  await addDetractorSurvey(page);
  await expectNothingRan(page, 'detail');
  // The History tab (audit trail): the entries about this customer.
  await page.locator('article.detail').getByRole('tab', { name: 'History', exact: true }).click();
  await expect(page.locator('article.detail').getByRole('region', { name: 'History' })).toBeVisible();
  await expectNothingRan(page, 'history');

  // The list, searched by the markup itself.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers', exact: true }).click();
  await expect(listRows(page).filter({ hasText: NAME })).toHaveCount(1);
  await page.getByRole('searchbox', { name: 'Search customers' }).fill('<img');
  await expect(listRows(page).filter({ hasText: NAME })).toHaveCount(1);
  await expectNothingRan(page, 'list');
  // The list's export of that search: the markup is in the file as text.
  const list = page.getByRole('region', { name: 'Customers' });
  await list.getByRole('button', { name: 'Export / Import', exact: true }).click();
  const downloading = page.waitForEvent('download');
  await list
    .getByRole('group', { name: 'Export customers' })
    .getByRole('button', { name: 'CSV (Excel, campaign tools)' })
    .click();
  const chunks: Buffer[] = [];
  for await (const c of await (await downloading).createReadStream()) chunks.push(c as Buffer);
  const exported = Buffer.concat(chunks).toString('utf8');
  expect(exported).toContain(GIVEN);
  expect(exported).toContain('<script>window.__pwned=1</script>');
  await expect(page.getByText('Exported 1 customer.')).toBeVisible();
  await expectNothingRan(page, 'list export');

  // The same person again: the duplicate warning shows the name.
  await openNewForm(page);
  await fillCustomer(page, { givenName: GIVEN, familyName: FAMILY, email: HOSTILE.email });
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(customerForm(page).getByRole('alert')).toContainText(NAME);
  await expectNothingRan(page, 'duplicate warning');
  await page.getByRole('button', { name: 'Save anyway', exact: true }).click();
  await expect(detailHeading(page)).toHaveText(NAME);
  await expect(page.getByRole('region', { name: 'Possible duplicates' })).toContainText(NAME);
  await expectNothingRan(page, 'possible duplicates');

  // The Duplicates screen's scan.
  await page.getByRole('link', { name: 'Duplicates' }).first().click();
  await page.getByRole('button', { name: 'Scan for duplicates' }).click();
  await expect(page.getByRole('heading', { name: '1 group of possible duplicates' })).toBeVisible();
  await expect(page.getByRole('article', { name: /Group 1/ }).getByRole('link', { name: NAME })).toHaveCount(2);
  await expectNothingRan(page, 'duplicates screen');

  // Data quality lists values with their characters.
  await page.goto('/#/quality');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expectNothingRan(page, 'quality');

  // Insights: the overview (the tag filter offers the tag), an RFM segment, the risk lists.
  await page.getByRole('link', { name: 'Insights', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Key figures' })).toBeVisible();
  await expectNothingRan(page, 'insights overview');
  await page.goto('/#/insights/rfm');
  const open = page.getByRole('button', { name: /^Open / }).first();
  await open.click();
  await expect(page.getByRole('link', { name: NAME })).toBeVisible();
  await expectNothingRan(page, 'RFM segment');
  await page.goto('/#/insights/risk');
  await expect(page.getByRole('region', { name: /Detractors without a follow-up/ })).toContainText(NAME);
  await expectNothingRan(page, 'risk');
});

test('an import file made of markup shows as text in the preview, the messages and the duplicates, and runs nothing', async ({
  page,
}) => {
  // Columns named like prototype keys, a rejected row whose bad email is markup, and an in-file duplicate.
  const csv = [
    'Name,Email,Notes,__proto__,constructor',
    `"${GIVEN} ${FAMILY}",pwn@example.com,"${HOSTILE.notes.replaceAll('"', '""')}",{},{}`,
    `Bad Row,<img src=x onerror=alert(5)>,,,`,
    `"${GIVEN} ${FAMILY}",pwn@example.com,,,`,
  ].join('\r\n');
  await openApp(page, '#/settings');
  await page.getByRole('link', { name: 'Import', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Import customers' })).toBeVisible();
  await page
    .locator('input[type=file]')
    .setInputFiles({ name: 'hostile.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
  await expect(page.getByRole('combobox', { name: 'Field for column __proto__' })).toHaveValue('ignore');
  await expect(page.getByText(HOSTILE.notes).filter({ visible: true }).first()).toBeVisible();
  await expectNothingRan(page, 'import preview');

  await page.getByRole('button', { name: 'Check all rows' }).click();
  await expect(page.locator('dl.counts')).toContainText('Rows 3');
  await expect(page.getByText('<img src=x onerror=alert(5)>', { exact: false }).first()).toBeVisible();
  await expect(page.getByText(`${NAME} — same person as row 1?`, { exact: false })).toBeVisible();
  await expectNothingRan(page, 'import report');
});
