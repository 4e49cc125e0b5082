// Shared steps for the end-to-end tests. Everything is found the way a user (or a screen reader)
// finds it: by role and accessible name.
import { expect, type Locator, type Page } from '@playwright/test';

/** Opens the app (optionally at a hash route) and waits until the database is open and the UI mounted. */
export async function openApp(page: Page, hash = ''): Promise<void> {
  await page.goto(`/${hash}`);
  await waitReady(page);
}

export async function waitReady(page: Page): Promise<void> {
  await page.locator('body[data-ready="true"]').waitFor({ timeout: 20_000 });
}

export interface CustomerInputFields {
  givenName?: string;
  familyName?: string;
  email?: string;
  phone?: string;
  company?: string;
  street?: string;
  city?: string;
  postcode?: string;
  region?: string;
  country?: string;
  birthDate?: string;
  tags?: string;
  notes?: string;
}

/** The English accessible names of the customer form's fields. */
export const FIELD_LABELS: Record<keyof CustomerInputFields, string> = {
  givenName: 'Given name',
  familyName: 'Family name',
  email: 'Email',
  phone: 'Phone',
  company: 'Company',
  street: 'Street',
  city: 'City',
  postcode: 'Postcode',
  region: 'Region',
  country: 'Country',
  birthDate: 'Birth date',
  tags: 'Tags',
  notes: 'Notes',
};

export const customerForm = (page: Page): Locator => page.locator('form.customer-form');
export const field = (page: Page, name: keyof CustomerInputFields): Locator =>
  customerForm(page).getByLabel(FIELD_LABELS[name], { exact: true });

export const searchBox = (page: Page): Locator => page.getByRole('searchbox', { name: 'Search customers' });
export const customerList = (page: Page): Locator => page.getByRole('list', { name: 'Customer list' });
export const listRows = (page: Page): Locator => customerList(page).getByRole('link');
export const listStatus = (page: Page): Locator => page.getByRole('region', { name: 'Customers' }).getByRole('status');

/**
 * Opens the empty "New customer" form via its link at the top of the customer list.
 *
 * Where that link is depends on the screen and the width: on a tablet or wider the list sits beside
 * an open customer, on a phone (under 700 px) the list and an open customer are separate views (the
 * list is `display: none` while a customer or form is open), and Settings, Insights or Duplicates
 * have no list at all. What happens to be rendered at this instant says nothing reliable (the list
 * may still be mounting), so the helper goes to the list the way a user can from anywhere at any
 * width, the main navigation's "Customers", and waits for that route and the list before using it.
 */
export async function openNewForm(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers', exact: true }).click();
  await expect(page).toHaveURL(/#\/$/);
  const list = page.getByRole('region', { name: 'Customers' });
  await expect(list).toBeVisible();
  await list.getByRole('link', { name: 'New customer', exact: true }).click();
  await expect(page).toHaveURL(/#\/customers\/new$/);
  await expect(page.getByRole('heading', { name: 'New customer', level: 2 })).toBeVisible();
}

export async function fillCustomer(page: Page, fields: CustomerInputFields): Promise<void> {
  for (const [key, value] of Object.entries(fields) as [keyof CustomerInputFields, string][]) {
    await field(page, key).fill(value);
  }
}

/**
 * Creates a customer through the form and waits for its detail view. `expectName` is the heading the
 * detail should show (defaults to "Given Family").
 */
export async function createCustomer(page: Page, fields: CustomerInputFields, expectName?: string): Promise<void> {
  await openNewForm(page);
  await fillCustomer(page, fields);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  const name = expectName ?? [fields.givenName, fields.familyName].filter(Boolean).join(' ');
  await expect(detailHeading(page)).toHaveText(name);
}

/** The h2 of the open customer's detail view. */
export const detailHeading = (page: Page): Locator => page.locator('article.detail').getByRole('heading', { level: 2 });

/** The value next to a label (dt) in the detail view's facts list. */
export function detailFact(page: Page, label: string): Locator {
  return page
    .locator('article.detail dl.facts dt', { hasText: new RegExp(`^${label}$`) })
    .locator('xpath=following-sibling::dd[1]');
}

export async function search(page: Page, query: string): Promise<void> {
  await searchBox(page).fill(query);
}

/**
 * Waits until the page is controlled by the service worker. The worker claims open pages when it
 * activates (clientsClaim), so on a first visit control arrives a moment after `ready`; the check
 * and the listener run in one task in the page, so the change cannot slip between them.
 */
export async function waitForServiceWorkerControl(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (navigator.serviceWorker.controller) return;
    await new Promise<void>((resolve) =>
      navigator.serviceWorker.addEventListener('controllerchange', () => resolve(), { once: true }),
    );
  });
}

/** The open customer's Orders section. */
export const ordersOf = (page: Page): Locator => page.locator('article.detail').getByRole('region', { name: 'Orders' });

/** Adds a one-line order through the form, dated `date` `time`. */
export async function addOrder(
  page: Page,
  product: string,
  qty: string,
  price: string,
  date: string,
  time: string,
): Promise<void> {
  const orders = ordersOf(page);
  await orders.getByRole('button', { name: 'Add order', exact: true }).click();
  const form = orders.getByRole('form', { name: 'Add order' });
  const item = form.getByRole('group', { name: 'Item 1' });
  await item.getByLabel('Product', { exact: true }).fill(product);
  await item.getByLabel('Quantity', { exact: true }).fill(qty);
  await item.getByLabel('Unit price', { exact: true }).fill(price);
  const when = form.getByRole('group', { name: 'Order date' });
  await when.getByLabel('Date', { exact: true }).fill(date);
  await when.getByLabel('Time', { exact: true }).fill(time);
  await form.getByRole('button', { name: 'Save order', exact: true }).click();
  await expect(form).toHaveCount(0);
}

/** The customer detail's History tab. */
export const historyTab = (page: Page) =>
  page.locator('article.detail').getByRole('tab', { name: 'History', exact: true });

/** Every record of every IndexedDB database of the page's origin, as JSON text (read in the page). */
export function rawIndexedDb(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const texts: string[] = [];
    for (const info of await indexedDB.databases()) {
      if (!info.name) continue;
      const idb = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open(info.name as string);
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error ?? new Error('open failed'));
      });
      for (const store of Array.from(idb.objectStoreNames)) {
        const rows = await new Promise<unknown[]>((resolve, reject) => {
          const req = idb.transaction(store, 'readonly').objectStore(store).getAll();
          req.onsuccess = () => resolve(req.result);
          req.onerror = () => reject(req.error ?? new Error('getAll failed'));
        });
        texts.push(JSON.stringify(rows));
      }
      idb.close();
    }
    return texts.join('\n');
  });
}
