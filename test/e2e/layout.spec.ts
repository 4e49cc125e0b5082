// Layouts on a phone (360 px) and a tablet (portrait and landscape): no horizontal scrolling, touch
// targets of at least 44 px, and list/detail side by side on tablets but one at a time on phones.
import { expect, test, type Page } from '@playwright/test';
import { createCustomer, detailHeading, listRows, openApp } from './helpers';

const VIEWPORTS = [
  { name: 'phone 360×740', width: 360, height: 740, tablet: false },
  { name: 'tablet portrait 768×1024', width: 768, height: 1024, tablet: true },
  { name: 'tablet landscape 1024×768', width: 1024, height: 768, tablet: true },
] as const;

const MIN_TARGET = 44;

/** Everything that scrolls sideways or sticks out of the viewport on the current screen. */
async function horizontalOverflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const describe = (el: Element) =>
      `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : ''}`;
    const root = document.scrollingElement ?? document.documentElement;
    if (root.scrollWidth > root.clientWidth)
      problems.push(`page scrolls sideways: ${root.scrollWidth} > ${root.clientWidth}`);
    const vw = document.documentElement.clientWidth;
    for (const el of document.body.querySelectorAll('*')) {
      const style = getComputedStyle(el);
      if (style.display === 'none' || style.visibility === 'hidden') continue;
      const rect = el.getBoundingClientRect();
      if (rect.width === 0 && rect.height === 0) continue;
      // A scroll container that can scroll sideways.
      if (/(auto|scroll)/.test(style.overflowX) && el.scrollWidth > el.clientWidth + 1) {
        problems.push(`${describe(el)} scrolls sideways: ${el.scrollWidth} > ${el.clientWidth}`);
      }
      // Something cut off at the right edge of the screen (html/body clip overflow, so it would just vanish).
      if (rect.right > vw + 1 && style.position !== 'fixed')
        problems.push(`${describe(el)} sticks out: right ${Math.round(rect.right)} > ${vw}`);
    }
    return problems;
  });
}

/** Buttons, links and form controls that are rendered but smaller than a fingertip. */
async function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate((min) => {
    const problems: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>(
      'button, a[href], input, select, textarea, [role="button"]',
    )) {
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden' || el.closest('[hidden]')) continue;
      if (el instanceof HTMLInputElement && el.type === 'hidden') continue;
      const rect = el.getBoundingClientRect();
      if (rect.width === 0 && rect.height === 0) continue; // not rendered (display: none somewhere)
      const name = `${el.tagName.toLowerCase()} "${(el.getAttribute('aria-label') ?? el.textContent ?? (el as HTMLInputElement).id ?? '').trim().slice(0, 40)}"${el.id ? `#${el.id}` : ''}`;
      if (rect.height < min - 0.5) problems.push(`${name} is ${Math.round(rect.height)} px high`);
      if (el.tagName === 'BUTTON' && rect.width < min - 0.5)
        problems.push(`${name} is ${Math.round(rect.width)} px wide`);
    }
    return problems;
  }, MIN_TARGET);
}

async function checkScreen(page: Page, screen: string): Promise<void> {
  // Polled rather than measured once: fonts and the ResizeObserver-driven virtual list settle in
  // frames after the screen shows, and how many frames that takes depends on the machine.
  await expect.poll(() => horizontalOverflow(page), { message: `${screen}: horizontal overflow` }).toEqual([]);
  await expect
    .poll(() => smallTargets(page), { message: `${screen}: touch targets under ${MIN_TARGET} px` })
    .toEqual([]);
}

for (const vp of VIEWPORTS) {
  test(`layout on ${vp.name}`, async ({ page }) => {
    await page.setViewportSize({ width: vp.width, height: vp.height });
    await openApp(page);
    const listPane = page.getByRole('region', { name: 'Customers' });
    const detail = page.locator('article.detail');

    await createCustomer(page, {
      givenName: 'Alexandra',
      familyName: 'Konstantinopoulou-Papadimitriou',
      email: 'alexandra.konstantinopoulou-papadimitriou@very-long-company-domain.example.com',
      phone: '+30 21 0123 4567',
      company: 'Konstantinopoulou & Papadimitriou Import-Export of Espresso Machines S.A.',
      street: 'Leoforos Vasilissis Sofias 123, Building C, Third Floor, Office 42',
      city: 'Athens',
      postcode: '106 74',
      country: 'Greece',
      birthDate: '1985-11-03',
      tags: 'wholesale, espresso-equipment-distributor, long-term-contract',
      notes: 'Prefers visits on Tuesday mornings.\nAsk about the new grinder line.',
    });
    await createCustomer(
      page,
      { givenName: '娜娜', familyName: '欧阳', phone: '138 0013 8000', country: 'China', company: '上海咖啡有限公司' },
      '欧阳娜娜',
    );

    // Customer detail with one of everything listed.
    await page.getByRole('button', { name: 'Add order', exact: true }).click();
    await page.getByLabel('Product', { exact: true }).fill('Commercial 2-Group Espresso Machine with extra-long name');
    await page.getByLabel('Unit price', { exact: true }).fill('5490');
    await page.getByRole('button', { name: 'Save order', exact: true }).click();
    await page.getByRole('button', { name: 'Log interaction', exact: true }).click();
    await page.getByLabel('Follow-up date', { exact: true }).fill('2030-01-15');
    await page.getByRole('button', { name: 'Save interaction', exact: true }).click();
    await page.getByRole('button', { name: 'Add survey', exact: true }).click();
    await page.getByLabel('Score', { exact: true }).fill('7');
    await page.getByRole('button', { name: 'Save survey', exact: true }).click();
    await expect(page.getByText('Passive', { exact: true })).toBeVisible();

    // Detail: side by side on tablets, alone on phones.
    await expect(detail).toBeVisible();
    if (vp.tablet) {
      await expect(listPane).toBeVisible();
      await expect(listRows(page)).toHaveCount(2);
      const a = await listPane.boundingBox();
      const b = await detail.boundingBox();
      expect(a && b && a.x + a.width <= b.x + 1, 'list left of the detail').toBe(true);
      expect(a && b && a.y < b.y + b.height && b.y < a.y + a.height, 'list and detail share rows on screen').toBe(true);
      await expect(page.getByRole('link', { name: /Back to list/ })).toBeHidden();
    } else {
      await expect(listPane).toBeHidden();
      await expect(page.getByRole('link', { name: /Back to list/ })).toBeVisible();
    }
    await checkScreen(page, 'detail (short)');

    // Detail with the long record, and with each entry form open.
    if (vp.tablet) await listRows(page).filter({ hasText: 'Alexandra' }).click();
    else {
      await page.getByRole('link', { name: /Back to list/ }).click();
      await listRows(page).filter({ hasText: 'Alexandra' }).click();
    }
    await expect(detailHeading(page)).toHaveText('Alexandra Konstantinopoulou-Papadimitriou');
    await checkScreen(page, 'detail (long)');
    await page.getByRole('button', { name: 'Add order', exact: true }).click();
    await page.getByRole('button', { name: 'Add item', exact: true }).click();
    await expect(page.getByRole('form', { name: 'Add order' }).getByRole('group', { name: 'Item 2' })).toBeVisible();
    await checkScreen(page, 'order form');
    await page.getByRole('button', { name: 'Log interaction', exact: true }).click();
    await expect(page.getByRole('form', { name: 'Log interaction' })).toBeVisible();
    await checkScreen(page, 'interaction form');
    await page.getByRole('button', { name: 'Add survey', exact: true }).click();
    await expect(page.getByRole('form', { name: 'Add survey' })).toBeVisible();
    await checkScreen(page, 'survey form');

    // The customer form, also with errors shown.
    await page.getByRole('link', { name: 'Edit', exact: true }).click();
    await expect(page.getByRole('heading', { name: /^Edit / })).toBeVisible();
    await checkScreen(page, 'edit form');
    await page.getByLabel('Email', { exact: true }).fill('not an email');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(page.getByText('This is not a valid email address.')).toBeVisible();
    await checkScreen(page, 'edit form with errors');
    await page.getByRole('button', { name: 'Cancel', exact: true }).click();

    // The list alone (phones) or with the placeholder (tablets).
    await page.goto('/#/');
    await expect(listRows(page)).toHaveCount(2);
    await expect(listPane).toBeVisible();
    if (vp.tablet) await expect(page.getByText('Select a customer, or create a new one.')).toBeVisible();
    else await expect(detail).toBeHidden();
    await checkScreen(page, 'list');

    await page.getByRole('link', { name: 'New customer', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'New customer', level: 2 })).toBeVisible();
    if (vp.tablet) await expect(listPane).toBeVisible();
    else await expect(listPane).toBeHidden();
    await checkScreen(page, 'new customer form');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Settings', level: 2 })).toBeVisible();
    await checkScreen(page, 'settings');
  });
}
