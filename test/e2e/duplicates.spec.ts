// Duplicates end to end in Chromium against the production build: the live possible-duplicate
// panel while typing, merging in the dialog (the order moves), Undo (everything back), and the
// Duplicates screen's full scan in the worker.
import { expect, test, type Page } from '@playwright/test';
import { createCustomer, customerForm, detailHeading, fillCustomer, listRows, openApp, openNewForm } from './helpers';

const WEI = {
  givenName: 'Wei',
  familyName: 'Zhang',
  phone: '+86 138 0013 8000',
  email: 'wei.zhang@example.com',
  city: 'Shanghai',
};
const ZHANG = {
  givenName: '伟',
  familyName: '张',
  phone: '138-0013-8000',
  country: 'China',
  company: 'Huaxia Trading',
};

const orders = (page: Page) => page.locator('article.detail').getByRole('region', { name: 'Orders' });

async function addOrder(page: Page): Promise<void> {
  await orders(page).getByRole('button', { name: 'Add order', exact: true }).click();
  const form = orders(page).getByRole('form', { name: 'Add order' });
  const item = form.getByRole('group', { name: 'Item 1' });
  await item.getByLabel('Product', { exact: true }).fill('Hand-painted shop sign');
  await item.getByLabel('Quantity', { exact: true }).fill('1');
  await item.getByLabel('Unit price', { exact: true }).fill('12.50');
  await form.getByRole('button', { name: 'Save order', exact: true }).click();
  await expect(form).toHaveCount(0);
  await expect(orders(page).getByRole('listitem')).toHaveCount(1);
}

async function openCustomer(page: Page, name: string): Promise<void> {
  await page.goto('/#/');
  await listRows(page).filter({ hasText: name }).click();
  await expect(detailHeading(page)).toHaveText(name);
}

test('warn while typing, merge in the dialog (order moves), undo restores everything', async ({ page }) => {
  await openApp(page);
  await createCustomer(page, WEI);

  // Typing the same person in Chinese with the phone formatted differently: the panel appears.
  await openNewForm(page);
  await fillCustomer(page, ZHANG);
  const panel = customerForm(page).getByRole('region', { name: 'Possible duplicates' });
  await expect(panel).toBeVisible();
  const hit = panel.getByRole('listitem').filter({ hasText: 'Wei Zhang' }).first();
  await expect(hit).toContainText('same phone');
  await expect(hit).toContainText('name sounds alike: 张伟 ~ Wei Zhang');
  await expect(hit).toContainText(/\d+% likely the same/);

  // The exact-duplicate warning still works; save anyway.
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(customerForm(page).getByRole('alert').filter({ hasText: 'same phone' })).toBeVisible();
  await page.getByRole('button', { name: 'Save anyway', exact: true }).click();
  await expect(detailHeading(page)).toHaveText('张伟');
  await expect(listRows(page)).toHaveCount(2);

  // An order on 张伟.
  // No product catalogue: the order is in the en-US device's currency.
  await addOrder(page);
  await expect(orders(page).getByRole('listitem')).toContainText('$12.50');

  // The customer screen offers the merge too: merge 张伟 into Wei Zhang, keeping the Latin name.
  const detailPanel = page.getByRole('region', { name: 'Possible duplicates' });
  await detailPanel
    .getByRole('listitem')
    .filter({ hasText: 'Wei Zhang' })
    .getByRole('button', { name: 'Merge into this one' })
    .click();
  const dialog = page.getByRole('dialog', { name: 'Merge customers' });
  await expect(dialog).toBeVisible();
  const given = dialog.getByRole('group', { name: /Given name/ });
  await expect(given).toContainText('differs');
  await given.getByRole('radio', { name: 'Wei', exact: true }).check();
  await dialog
    .getByRole('group', { name: /Family name/ })
    .getByRole('radio', { name: 'Zhang', exact: true })
    .check();
  await expect(dialog.getByRole('group', { name: /Phone/ })).toContainText('same');
  await dialog.getByRole('button', { name: 'Merge', exact: true }).click();
  await expect(dialog).toHaveCount(0);

  // The survivor has the order, the company of the other record, and the list shows one customer.
  await expect(detailHeading(page)).toHaveText('Wei Zhang');
  await expect(page.locator('article.detail').getByText('Huaxia Trading', { exact: true })).toBeVisible();
  await expect(orders(page).getByRole('listitem')).toHaveCount(1);
  await expect(orders(page).getByRole('listitem')).toContainText('$12.50');
  await expect(listRows(page)).toHaveCount(1);

  // Undo merge: both records are back, the order is on 张伟 again.
  await page.getByRole('button', { name: 'Undo merge' }).click();
  await expect(listRows(page)).toHaveCount(2);
  await expect(page.getByText('Merge undone.')).toBeVisible();
  await openCustomer(page, '张伟');
  await expect(orders(page).getByRole('listitem')).toHaveCount(1);
  await expect(orders(page).getByRole('listitem')).toContainText('$12.50');
  await openCustomer(page, 'Wei Zhang');
  await expect(orders(page).getByText('No orders yet.')).toBeVisible();
  await expect(page.locator('article.detail').getByText('Huaxia Trading', { exact: true })).toHaveCount(0);

  // "Not the same person" removes the suggestion (stored as a decision).
  await page
    .getByRole('region', { name: 'Possible duplicates' })
    .getByRole('button', { name: 'Not the same person' })
    .click();
  await expect(page.getByRole('region', { name: 'Possible duplicates' })).toHaveCount(0);
});

test('"not the same person" while typing a new record hides the match and is remembered once saved', async ({
  page,
}) => {
  await openApp(page);
  await createCustomer(page, WEI);

  await openNewForm(page);
  await fillCustomer(page, ZHANG);
  const panel = customerForm(page).getByRole('region', { name: 'Possible duplicates' });
  await panel
    .getByRole('listitem')
    .filter({ hasText: 'Wei Zhang' })
    .getByRole('button', { name: 'Not the same person' })
    .click();
  await expect(panel).toHaveCount(0);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByRole('button', { name: 'Save anyway', exact: true }).click();
  await expect(detailHeading(page)).toHaveText('张伟');

  // A third record like 张伟 (not dismissed): its screen suggests both others.
  await openNewForm(page);
  await fillCustomer(page, { ...ZHANG, company: '' });
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByRole('button', { name: 'Save anyway', exact: true }).click();
  await expect(detailHeading(page)).toHaveText('张伟');
  const detailPanel = page.getByRole('region', { name: 'Possible duplicates' });
  // One suggestion per record (its name in bold; the reasons below are nested list items).
  const hit = (name: string) =>
    detailPanel.getByRole('listitem').filter({ has: page.locator('strong', { hasText: new RegExp(`^${name}$`) }) });
  await expect(hit('张伟')).toHaveCount(1);
  await expect(hit('张伟')).toContainText('Huaxia Trading');
  await expect(hit('Wei Zhang')).toHaveCount(1);

  // The first 张伟 (with the company) suggests the third one, but no longer Wei Zhang — after a reload too.
  await page.reload();
  await listRows(page).filter({ hasText: 'Huaxia Trading' }).click();
  await expect(detailHeading(page)).toHaveText('张伟');
  await expect(hit('张伟')).toHaveCount(1);
  await expect(hit('张伟')).not.toContainText('Huaxia Trading');
  await expect(hit('Wei Zhang')).toHaveCount(0);
});

test('the Duplicates screen scans in the worker and finds the pair', async ({ page }) => {
  await openApp(page);
  await createCustomer(page, WEI);
  await createCustomer(page, { givenName: 'Anna', familyName: 'Schmidt', email: 'anna@schmidt.de', city: 'Berlin' });
  await openNewForm(page);
  await fillCustomer(page, ZHANG);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByRole('button', { name: 'Save anyway', exact: true }).click();
  await expect(detailHeading(page)).toHaveText('张伟');

  await page.getByRole('link', { name: 'Duplicates' }).first().click();
  await expect(page.getByRole('heading', { name: 'Duplicates', level: 1 })).toBeVisible();
  await page.getByRole('button', { name: 'Scan for duplicates' }).click();
  await expect(page.getByRole('heading', { name: '1 group of possible duplicates' })).toBeVisible();
  const group = page.getByRole('article', { name: /Group 1/ });
  await expect(group.getByRole('link', { name: 'Wei Zhang' })).toBeVisible();
  await expect(group.getByRole('link', { name: '张伟' })).toBeVisible();
  await expect(group).toContainText('same phone');
  await expect(group).not.toContainText('Anna');

  // The strictest threshold leaves nothing above it only if the pair scores below it; moving it
  // back shows the group again.
  const slider = page.getByLabel(/Match threshold/);
  await slider.fill('0.3');
  await expect(page.getByRole('heading', { name: '1 group of possible duplicates' })).toBeVisible();

  // Merge from the screen, then "not duplicates" is no longer needed: the group disappears.
  await group.getByRole('button', { name: 'Merge…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Merge customers' });
  await dialog.getByRole('button', { name: 'Merge', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'No possible duplicates at this threshold.' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Recent merges' })).toContainText('Wei Zhang');
  await page.getByRole('region', { name: 'Recent merges' }).getByRole('button', { name: 'Undo merge' }).click();
  await expect(page.getByRole('heading', { name: '1 group of possible duplicates' })).toBeVisible();
});

test('on a 360 px phone: "merge into this one" from the new-customer form, no horizontal scroll', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await openApp(page);
  await createCustomer(page, WEI);
  await openNewForm(page);
  await fillCustomer(page, ZHANG);
  const panel = customerForm(page).getByRole('region', { name: 'Possible duplicates' });
  await panel.getByRole('button', { name: 'Merge into this one' }).click();

  // The typed record is saved, then merged into Wei Zhang in the dialog.
  const dialog = page.getByRole('dialog', { name: 'Merge customers' });
  await expect(dialog).toBeVisible();
  const noHorizontalScroll = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
  await expect.poll(noHorizontalScroll).toBe(true);
  await expect
    .poll(async () => (await dialog.getByRole('button', { name: 'Merge', exact: true }).boundingBox())?.height ?? 0)
    .toBeGreaterThanOrEqual(44);
  await expect(dialog.getByRole('radio', { name: /Record 1: Wei Zhang/ })).toBeChecked();
  await dialog.getByRole('button', { name: 'Merge', exact: true }).click();
  await expect(detailHeading(page)).toHaveText('张伟'); // the newer record's names win by default
  await expect(page.locator('article.detail')).toContainText('wei.zhang@example.com');
  await page.getByRole('link', { name: /Back to list/ }).click();
  await expect(listRows(page)).toHaveCount(1);

  await page.goto('/#/duplicates');
  await page.getByRole('button', { name: 'Scan for duplicates' }).click();
  await expect(page.getByRole('heading', { name: 'No possible duplicates at this threshold.' })).toBeVisible();
  await expect.poll(noHorizontalScroll).toBe(true);
});

test('in 简体中文 the panel explains the match in Chinese', async ({ page }) => {
  await openApp(page);
  await createCustomer(page, WEI);
  await openNewForm(page);
  await fillCustomer(page, ZHANG);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByRole('button', { name: 'Save anyway', exact: true }).click();
  await expect(detailHeading(page)).toHaveText('张伟');

  await page.evaluate(() => localStorage.setItem('fieldbook.locale', 'zh-CN'));
  await page.reload();
  const panel = page.getByRole('region', { name: '可能重复' });
  await expect(panel).toBeVisible();
  await expect(panel).toContainText('电话相同');
  await expect(panel).toContainText('姓名读音相同：张伟 ~ Wei Zhang');
  await expect(panel.getByRole('button', { name: '合并到此客户' })).toBeVisible();
  await expect(panel.getByRole('button', { name: '不是同一人' })).toBeVisible();
});

test('records created after the last full scan are checked when the index loads', async ({ page }) => {
  await openApp(page);
  await createCustomer(page, WEI);
  await page.goto('/#/duplicates');
  await page.getByRole('button', { name: 'Scan for duplicates' }).click();
  await expect(page.getByRole('heading', { name: 'No possible duplicates at this threshold.' })).toBeVisible();

  await page.goto('/#/');
  await openNewForm(page);
  await fillCustomer(page, ZHANG);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByRole('button', { name: 'Save anyway', exact: true }).click();
  await expect(detailHeading(page)).toHaveText('张伟');

  // A fresh start (as after records arrived by sync or import while the app was closed).
  await page.goto('/#/duplicates');
  await page.reload();
  const arrivals = page.getByRole('region', { name: 'New records with possible duplicates' });
  await expect(arrivals.getByRole('link', { name: '张伟' })).toBeVisible();
  // A full scan covers them: the list of arrivals goes away, the group is there.
  await page.getByRole('button', { name: 'Scan for duplicates' }).click();
  await expect(page.getByRole('heading', { name: '1 group of possible duplicates' })).toBeVisible();
  await expect(arrivals).toHaveCount(0);
});

/**
 * Controls in `root` smaller than a fingertip (44 px high; buttons also 44 px wide) or sticking out at
 * 360 px. Callers poll it: panels and dialogs finish laying out in frames after they show.
 */
async function layoutProblems(page: Page, root: string): Promise<string[]> {
  return page.evaluate((sel) => {
    const problems: string[] = [];
    const vw = document.documentElement.clientWidth;
    for (const scope of document.querySelectorAll<HTMLElement>(sel)) {
      for (const el of scope.querySelectorAll<HTMLElement>('button, a[href], input, select, textarea')) {
        const r = el.getBoundingClientRect();
        if (r.width === 0 && r.height === 0) continue;
        const name = `${el.tagName.toLowerCase()} "${(el.textContent ?? el.id).trim().slice(0, 30)}"`;
        if (r.height < 43.5) problems.push(`${name} is ${Math.round(r.height)} px high`);
        if (el.tagName === 'BUTTON' && r.width < 43.5) problems.push(`${name} is ${Math.round(r.width)} px wide`);
        if (r.right > vw + 1) problems.push(`${name} sticks out`);
      }
    }
    return problems;
  }, root);
}

test('at 360 px every control of the duplicate and quality screens is a 44 px target and nothing sticks out', async ({
  page,
}) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await openApp(page);
  await createCustomer(page, WEI);
  await openNewForm(page);
  await fillCustomer(page, ZHANG);
  await expect(customerForm(page).getByRole('region', { name: 'Possible duplicates' })).toBeVisible();
  await expect.poll(() => layoutProblems(page, 'section.possible')).toEqual([]);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByRole('button', { name: 'Save anyway', exact: true }).click();
  await expect(detailHeading(page)).toHaveText('张伟');
  await expect(page.getByRole('region', { name: 'Possible duplicates' })).toBeVisible();
  await expect.poll(() => layoutProblems(page, 'section.possible')).toEqual([]);

  await page.goto('/#/duplicates');
  await page.getByRole('button', { name: 'Scan for duplicates' }).click();
  await expect(page.getByRole('heading', { name: '1 group of possible duplicates' })).toBeVisible();
  await expect(page.getByRole('article', { name: /Group 1/ })).toContainText('same phone');
  await expect.poll(() => layoutProblems(page, 'main')).toEqual([]);
  await page.getByRole('button', { name: 'Merge…' }).click();
  await expect(page.getByRole('dialog', { name: 'Merge customers' })).toBeVisible();
  await expect.poll(() => layoutProblems(page, 'dialog')).toEqual([]);
  await page.getByRole('button', { name: 'Cancel', exact: true }).click();

  await page.getByRole('link', { name: 'Data quality' }).click();
  await expect(page.getByText('2 customers checked')).toBeVisible();
  await expect.poll(() => layoutProblems(page, 'main')).toEqual([]);
});
