// Team sync in Chromium: the spec starts its own CouchDB-compatible sync server (in memory, free
// port) and serves the production build with the /couch/ proxy on another free port, so the app
// talks to its own origin only. Two browser contexts are two reps' devices.
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { startStaticServer } from '../../scripts/serve.mjs';
import { startSyncServer, type SyncServer } from '../../scripts/sync-server.mjs';
import {
  createCustomer,
  customerForm,
  detailFact,
  detailHeading,
  field,
  historyTab,
  listRows,
  rawIndexedDb,
  search,
  waitReady,
} from './helpers';

const DIST = process.env.FIELDBOOK_DIST ?? fileURLToPath(new URL('../../dist', import.meta.url));

let sync: SyncServer;
let app: Server;
let origin = '';
const contexts: BrowserContext[] = [];

test.beforeAll(async () => {
  sync = await startSyncServer({ port: 0, inMemory: true, setup: true });
  // A second rep, so the two devices are two different people.
  const res = await fetch(`${sync.url}_users/org.couchdb.user:rep2`, {
    method: 'PUT',
    headers: {
      'Content-Type': 'application/json',
      Authorization: `Basic ${Buffer.from(`${sync.admin.name}:${sync.admin.password}`).toString('base64')}`,
    },
    body: JSON.stringify({
      _id: 'org.couchdb.user:rep2',
      name: 'rep2',
      password: 'rep2-pass',
      roles: ['fieldbook-rep'],
      type: 'user',
    }),
  });
  expect(res.status).toBe(201);
  app = (await startStaticServer({ port: 0, root: DIST, proxy: { '/couch/': sync.url } })) as Server;
  origin = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
});

test.afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
});

test.afterAll(async () => {
  await new Promise<void>((resolve) => app.close(() => resolve()));
  app.closeAllConnections();
  await sync.stop();
});

const syncStatus = (page: Page) => page.getByRole('link', { name: 'Sync status' });

/** A fresh device (browser context) signed in to the sync server through Settings → Sync. */
async function signedInDevice(
  browser: Browser,
  name: string,
  password: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: origin });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(`${origin}/#/settings`);
  await waitReady(page);
  // A new device's first visit installs the app for offline use (a toast says so).
  await expect(page.getByText('Fieldbook is ready to work offline.')).toBeVisible();
  await expect(syncStatus(page)).toContainText('Sync off');
  // The default server is the app's own origin, /couch/.
  await expect(page.getByLabel('Server URL')).toHaveValue(`${origin}/couch/`);
  await page.getByLabel('Username').fill(name);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Start sync' }).click();
  await expect(page.getByText(`Signed in as ${name}`)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Stop sync' })).toBeVisible();
  await expect(syncStatus(page)).toContainText('Up to date', { timeout: 20_000 });
  // The password is not kept anywhere the page can read.
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }));
  expect(stored).not.toContain(password);
  await page.goto(`${origin}/#/customers`);
  return { context, page };
}

async function openCustomer(page: Page, name: string): Promise<void> {
  await search(page, name);
  await listRows(page).filter({ hasText: name }).first().click();
  await expect(detailHeading(page)).toHaveText(name);
}

async function editField(page: Page, key: 'notes' | 'city', value: string): Promise<void> {
  await page.getByRole('link', { name: 'Edit', exact: true }).click();
  await expect(customerForm(page)).toBeVisible();
  await field(page, key).fill(value);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(customerForm(page)).toBeHidden();
}

test('two reps: a new customer appears on the other device without a reload; offline edits of the same customer merge the same way on both', async ({
  browser,
}) => {
  const a = await signedInDevice(browser, 'rep', 'rep-pass');
  const b = await signedInDevice(browser, 'rep2', 'rep2-pass');

  await createCustomer(a.page, { givenName: 'Mila', familyName: 'Synced', city: 'Porto', notes: 'first note' });
  // B's list picks it up live.
  await expect(listRows(b.page).filter({ hasText: 'Mila Synced' })).toHaveCount(1, { timeout: 20_000 });
  await openCustomer(b.page, 'Mila Synced');
  await expect(detailFact(b.page, 'Address')).toHaveText('Porto');

  // Both go offline and edit the same customer: A the city and the notes, B (later) the notes.
  await a.context.setOffline(true);
  await b.context.setOffline(true);
  await editField(a.page, 'city', 'Lisbon');
  await editField(a.page, 'notes', 'note from A');
  await expect(syncStatus(a.page)).toContainText(/offline|waiting/i);
  await editField(b.page, 'notes', 'note from B');
  await expect(syncStatus(b.page)).toContainText(/offline|waiting/i);

  // Both come back at once: whichever pushes second meets the other's version and merges field by
  // field (the newer note wins, A's city is kept either way).
  await Promise.all([a.context.setOffline(false), b.context.setOffline(false)]);
  for (const { page } of [a, b]) {
    await expect(detailFact(page, 'Notes')).toHaveText('note from B', { timeout: 30_000 });
    await expect(detailFact(page, 'Address')).toHaveText('Lisbon');
  }
  // The losing value is kept on the device that merged, with who changed it.
  // Which device merged is up to the race, so the log is looked for on both; the device is taken
  // from the same reading the wait settled on, not from a second look.
  const regions = [a, b].map(({ page }) => page.getByRole('region', { name: 'Changed on two devices' }));
  let counts: number[] = [];
  await expect
    .poll(
      async () => {
        counts = await Promise.all(regions.map((r) => r.count()));
        return counts.reduce((sum, n) => sum + n, 0);
      },
      { timeout: 20_000 },
    )
    .toBe(1);
  const conflicts = regions[counts.indexOf(1)];
  if (!conflicts) throw new Error('no conflict log');
  await expect(conflicts).toContainText('note from A');
  await expect(conflicts).toContainText('rep');
  await conflicts.getByRole('button', { name: 'Restore this value' }).click();
  for (const { page } of [a, b]) await expect(detailFact(page, 'Notes')).toHaveText('note from A', { timeout: 30_000 });
  for (const { page } of [a, b]) await expect(syncStatus(page)).toContainText('Up to date', { timeout: 30_000 });
});

test('changes made offline are still counted after a reload, and pushed when back online; with sync stopped they show as waiting', async ({
  browser,
}) => {
  const auth = `Basic ${Buffer.from(`${sync.admin.name}:${sync.admin.password}`).toString('base64')}`;
  const familyNamesOnServer = async () => {
    const res = (await (
      await fetch(`${sync.url}fieldbook-customers/_all_docs?include_docs=true`, { headers: { Authorization: auth } })
    ).json()) as { rows: { doc?: { familyName?: string; notes?: string } }[] };
    return res.rows.map((r) => `${r.doc?.familyName ?? ''}:${r.doc?.notes ?? ''}`);
  };
  const { context, page } = await signedInDevice(browser, 'rep', 'rep-pass');
  await createCustomer(page, { givenName: 'Rita', familyName: 'Reload' });
  await expect(syncStatus(page)).toContainText('Up to date', { timeout: 20_000 });

  await context.setOffline(true);
  await editField(page, 'notes', 'written offline');
  await createCustomer(page, { givenName: 'Otis', familyName: 'Offline' });
  await expect(syncStatus(page)).toContainText('2 changes waiting');
  // A reload with the network still off (the service worker serves the app): the changes are
  // still waiting, counted from what is stored.
  await page.reload();
  await waitReady(page);
  await expect(syncStatus(page)).toContainText('2 changes waiting');
  await context.setOffline(false);
  await expect(syncStatus(page)).toContainText('Up to date', { timeout: 30_000 });
  await expect(syncStatus(page)).not.toContainText('waiting');
  expect(await familyNamesOnServer()).toEqual(expect.arrayContaining(['Reload:written offline', 'Offline:']));

  // Sync stopped by the user: a change made now is waiting, also after a reload.
  await page.goto(`${origin}/#/settings`);
  await page.getByRole('button', { name: 'Stop sync' }).click();
  await expect(syncStatus(page)).toContainText('Sync off');
  await page.goto(`${origin}/#/customers`);
  await createCustomer(page, { givenName: 'Stella', familyName: 'Stopped' });
  await expect(syncStatus(page)).toContainText(/Sync off\s*· 1 change waiting/);
  await page.reload();
  await waitReady(page);
  await expect(syncStatus(page)).toContainText(/Sync off\s*· 1 change waiting/);
  // On a phone the words give way to a count badge; the link's full text stays for screen readers.
  await page.setViewportSize({ width: 360, height: 740 });
  await expect(syncStatus(page).locator('.pending')).toHaveCount(1);
  await expect(syncStatus(page).locator('.pending')).toBeHidden();
  await expect(syncStatus(page).locator('.badge')).toHaveText('1');
  await expect(syncStatus(page).locator('.badge')).toBeVisible();
});

test('erasing a customer while offline leaves nothing personal in IndexedDB at once, and nothing on the server once back online', async ({
  browser,
}) => {
  const personal = ['ulrika', 'quistberg', 'hazelnuts'];
  const found = (text: string) => personal.filter((v) => text.toLowerCase().includes(v));
  const auth = `Basic ${Buffer.from(`${sync.admin.name}:${sync.admin.password}`).toString('base64')}`;
  const onServer = async () =>
    JSON.stringify(
      await (
        await fetch(`${sync.url}fieldbook-customers/_changes?include_docs=true`, { headers: { Authorization: auth } })
      ).json(),
    );
  const { context, page } = await signedInDevice(browser, 'rep', 'rep-pass');
  await createCustomer(page, { givenName: 'Ulrika', familyName: 'Quistberg', notes: 'allergic to hazelnuts' });
  await expect(syncStatus(page)).toContainText('Up to date', { timeout: 20_000 });
  await expect.poll(async () => found(await onServer())).toEqual(personal);

  await context.setOffline(true);
  await openCustomer(page, 'Ulrika Quistberg');
  await historyTab(page).click();
  await page.getByRole('button', { name: 'Erase this customer', exact: true }).click();
  await page.getByLabel('Type ERASE to confirm').fill('erase');
  await page.getByRole('button', { name: 'Erase for good', exact: true }).click();
  await expect(page.getByText(/^Erased: /)).toBeVisible();
  // Offline, at once: no store of any database (RxDB's replication meta included) holds the values.
  await expect.poll(async () => found(await rawIndexedDb(page))).toEqual([]);

  await context.setOffline(false);
  await expect(syncStatus(page)).toContainText('Up to date', { timeout: 30_000 });
  await expect.poll(async () => found(await onServer()), { timeout: 20_000 }).toEqual([]);
});

test('a second tab of the app says another tab syncs, its changes are pushed by that tab, and it takes over when that tab closes', async ({
  browser,
}) => {
  const auth = `Basic ${Buffer.from(`${sync.admin.name}:${sync.admin.password}`).toString('base64')}`;
  const { context, page } = await signedInDevice(browser, 'rep', 'rep-pass');
  const second = await context.newPage();
  await second.goto(`${origin}/#/customers`);
  await waitReady(second);
  await expect(syncStatus(second)).toContainText('Syncing in another tab');
  await expect(syncStatus(page)).toContainText('Up to date');

  await createCustomer(second, { givenName: 'Tabitha', familyName: 'Second' });
  // Pushed by the first tab; the second tab's count follows the stored data.
  await expect
    .poll(
      async () => {
        const res = (await (
          await fetch(`${sync.url}fieldbook-customers/_all_docs?include_docs=true`, {
            headers: { Authorization: auth },
          })
        ).json()) as { rows: { doc?: { familyName?: string } }[] };
        return res.rows.some((r) => r.doc?.familyName === 'Second');
      },
      { timeout: 20_000 },
    )
    .toBe(true);
  await expect(syncStatus(second)).toContainText('Syncing in another tab');
  await expect(syncStatus(second)).not.toContainText('waiting', { timeout: 20_000 });

  await page.close();
  await expect(syncStatus(second)).toContainText('Up to date', { timeout: 30_000 });
});

test('Stop sync in one tab stops it in every tab (also the one that replicates); Start sync there starts them again', async ({
  browser,
}) => {
  const { context, page } = await signedInDevice(browser, 'rep', 'rep-pass');
  const second = await context.newPage();
  await second.goto(`${origin}/#/settings`);
  await waitReady(second);
  await expect(syncStatus(second)).toContainText('Syncing in another tab');
  await expect(syncStatus(page)).toContainText('Up to date');

  await second.getByRole('button', { name: 'Stop sync' }).click();
  await expect(syncStatus(second)).toContainText('Sync off');
  await expect(syncStatus(page)).toContainText('Sync off');
  // Stopped for real: a change made in the first tab now waits instead of reaching the server.
  await createCustomer(page, { givenName: 'Stella', familyName: 'Tabbed' });
  await expect(syncStatus(page)).toContainText(/Sync off\s*· 1 change waiting/);

  // Started again from the second tab: the first one syncs again and pushes what waited.
  await second.getByLabel('Password', { exact: true }).fill('rep-pass');
  await second.getByRole('button', { name: 'Start sync' }).click();
  await expect(syncStatus(page)).toContainText('Up to date', { timeout: 20_000 });
  await expect(syncStatus(page)).not.toContainText('waiting');
  await expect(syncStatus(second)).toContainText('Syncing in another tab');
});

test('an order added on one device shows on the customer open on the other device, without a reload', async ({
  browser,
}) => {
  const a = await signedInDevice(browser, 'rep', 'rep-pass');
  const b = await signedInDevice(browser, 'rep2', 'rep2-pass');
  await createCustomer(a.page, { givenName: 'Olga', familyName: 'Ordering' });
  await expect(listRows(b.page).filter({ hasText: 'Olga Ordering' })).toHaveCount(1, { timeout: 20_000 });
  await openCustomer(b.page, 'Olga Ordering');
  const ordersOnB = b.page.locator('article.detail').getByRole('region', { name: 'Orders' });
  await expect(ordersOnB.getByText('No orders yet.')).toBeVisible();

  const orders = a.page.locator('article.detail').getByRole('region', { name: 'Orders' });
  await orders.getByRole('button', { name: 'Add order', exact: true }).click();
  const orderForm = orders.getByRole('form', { name: 'Add order' });
  const item = orderForm.getByRole('group', { name: 'Item 1' });
  await item.getByLabel('Product', { exact: true }).fill('Hand-painted shop sign');
  await item.getByLabel('Quantity', { exact: true }).fill('3');
  await item.getByLabel('Unit price', { exact: true }).fill('12.50');
  await orderForm.getByRole('button', { name: 'Save order', exact: true }).click();
  await expect(orderForm).toHaveCount(0);

  // Orders have a long-poll of their own: B gets it while nothing changes on customers.
  await expect(ordersOnB.getByRole('listitem')).toHaveCount(1, { timeout: 20_000 });
  await expect(ordersOnB.getByRole('listitem')).toContainText('3 × Hand-painted shop sign');
  for (const { page } of [a, b]) await expect(syncStatus(page)).toContainText('Up to date', { timeout: 20_000 });
});

test('a viewer sees the team data read-only', async ({ browser }) => {
  const rep = await signedInDevice(browser, 'rep', 'rep-pass');
  await createCustomer(rep.page, { givenName: 'Vera', familyName: 'Visible' });
  const viewer = await signedInDevice(browser, 'viewer', 'viewer-pass');
  await openCustomer(viewer.page, 'Vera Visible');
  await expect(viewer.page.getByRole('link', { name: 'New customer', exact: true })).toHaveCount(0);
  await expect(viewer.page.getByRole('link', { name: 'Edit', exact: true })).toHaveCount(0);
  await expect(viewer.page.getByRole('button', { name: 'Delete', exact: true })).toHaveCount(0);
  await expect(viewer.page.getByRole('button', { name: 'Add order' })).toBeDisabled();
});

test("a rep may trash a teammate's customer (a synced edit) but not delete it for good; the owner restores it", async ({
  browser,
}) => {
  const owner = await signedInDevice(browser, 'rep', 'rep-pass');
  await createCustomer(owner.page, { givenName: 'Otto', familyName: 'Owned' });
  const other = await signedInDevice(browser, 'rep2', 'rep2-pass');
  await expect(listRows(other.page).filter({ hasText: 'Otto Owned' })).toHaveCount(1, { timeout: 20_000 });
  await openCustomer(other.page, 'Otto Owned');
  await other.page.getByRole('button', { name: 'Delete', exact: true }).click();
  await other.page.getByRole('alertdialog').getByRole('button', { name: 'Move to Trash', exact: true }).click();
  await expect(listRows(other.page).filter({ hasText: 'Otto Owned' })).toHaveCount(0);

  // Trashing is an ordinary update: the server takes it and the owner's list follows.
  await expect(listRows(owner.page).filter({ hasText: 'Otto Owned' })).toHaveCount(0, { timeout: 20_000 });
  await other.page.goto(`${origin}/#/trash`);
  const otherTrash = other.page.getByRole('list', { name: 'Trash' }).getByRole('listitem');
  await expect(otherTrash).toContainText('Otto Owned');
  // The server lets a rep delete only their own records: "Delete for good" is not offered here.
  await expect(otherTrash.getByRole('button', { name: 'Restore Otto Owned', exact: true })).toBeVisible();
  await expect(otherTrash.getByRole('button', { name: /for good/ })).toHaveCount(0);

  await owner.page.goto(`${origin}/#/trash`);
  const ownerTrash = owner.page.getByRole('list', { name: 'Trash' }).getByRole('listitem');
  await expect(ownerTrash.getByRole('button', { name: 'Delete Otto Owned for good', exact: true })).toBeVisible();
  await ownerTrash.getByRole('button', { name: 'Restore Otto Owned', exact: true }).click();
  await expect(owner.page.getByRole('status').filter({ hasText: 'The Trash is empty.' })).toBeVisible();
  await other.page.goto(`${origin}/#/customers`);
  await expect(listRows(other.page).filter({ hasText: 'Otto Owned' })).toHaveCount(1, { timeout: 20_000 });
  for (const { page } of [owner, other])
    await expect(syncStatus(page)).toContainText('Up to date', { timeout: 20_000 });
});

test("a change the server refuses shows on the record and in the header; Discard brings the server's version back", async ({
  browser,
}) => {
  const auth = `Basic ${Buffer.from(`${sync.admin.name}:${sync.admin.password}`).toString('base64')}`;
  const user = (body: Record<string, unknown>) =>
    fetch(`${sync.url}_users/org.couchdb.user:rep4`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', Authorization: auth },
      body: JSON.stringify({ _id: 'org.couchdb.user:rep4', name: 'rep4', type: 'user', ...body }),
    });
  const created = (await (await user({ password: 'rep4-pass', roles: ['fieldbook-rep'] })).json()) as { rev: string };

  const owner = await signedInDevice(browser, 'rep', 'rep-pass');
  await createCustomer(owner.page, { givenName: 'Rita', familyName: 'Refused', company: 'Refused GmbH' });
  const other = await signedInDevice(browser, 'rep4', 'rep4-pass');
  await expect(listRows(other.page).filter({ hasText: 'Rita Refused' })).toHaveCount(1, { timeout: 20_000 });
  await openCustomer(other.page, 'Rita Refused');
  await expect(other.page.getByRole('link', { name: 'Edit', exact: true })).toBeVisible();

  // The admin makes rep4 a viewer (the stored user document with other roles, password kept, so
  // rep4's session stays valid); rep4's device does not know yet and edits the customer.
  const stored = (await (
    await fetch(`${sync.url}_users/org.couchdb.user:rep4?rev=${created.rev}`, { headers: { Authorization: auth } })
  ).json()) as Record<string, unknown>;
  expect((await user({ ...stored, roles: ['fieldbook-viewer'] })).status).toBe(201);
  await other.page.getByRole('link', { name: 'Edit', exact: true }).click();
  await other.page.getByLabel('Company', { exact: true }).fill('Renamed by rep4');
  await other.page.getByRole('button', { name: 'Save', exact: true }).click();
  const refused = other.page.getByRole('region', { name: /The server did not accept a change to this customer$/ });
  await expect(refused).toContainText('read-only: the viewer role may not write', { timeout: 20_000 });
  await expect(refused).toContainText('Not synced');
  await expect(syncStatus(other.page)).toContainText('1 change refused');
  // Still the owner's version on the server and for everyone else.
  await expect(owner.page.locator('article.detail')).toContainText('Refused GmbH');

  await refused.getByRole('button', { name: 'Discard my change', exact: true }).click();
  await expect(refused).toHaveCount(0);
  await expect(other.page.locator('article.detail')).toContainText('Refused GmbH');
  await expect(syncStatus(other.page)).not.toContainText('refused');
});

test('password changed on the server while syncing: "Sign in again", no uncaught errors, and signing in resumes', async ({
  browser,
}) => {
  const auth = `Basic ${Buffer.from(`${sync.admin.name}:${sync.admin.password}`).toString('base64')}`;
  const put = (body: Record<string, unknown>) =>
    fetch(`${sync.url}_users/org.couchdb.user:rep3`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', Authorization: auth },
      body: JSON.stringify(body),
    });
  const created = (await (
    await put({
      _id: 'org.couchdb.user:rep3',
      name: 'rep3',
      password: 'old-pass',
      roles: ['fieldbook-rep'],
      type: 'user',
    })
  ).json()) as { rev: string };
  const { page } = await signedInDevice(browser, 'rep3', 'old-pass');
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  expect(
    (
      await put({
        _id: 'org.couchdb.user:rep3',
        _rev: created.rev,
        name: 'rep3',
        password: 'new-pass',
        roles: ['fieldbook-rep'],
        type: 'user',
      })
    ).status,
  ).toBe(201);
  // The next request of the session (this edit's push, or the live feed) is refused.
  await createCustomer(page, { givenName: 'Written', familyName: 'Meanwhile' });
  await expect(syncStatus(page)).toContainText('Sign in again', { timeout: 30_000 });
  await expect(syncStatus(page)).toContainText('1 change waiting');
  await page.goto(`${origin}/#/settings`);
  await expect(page.getByRole('alert').first()).toContainText('Sign in again');
  await page.getByLabel('Password', { exact: true }).fill('new-pass');
  await page.getByRole('button', { name: 'Start sync' }).click();
  await expect(syncStatus(page)).toContainText('Up to date', { timeout: 30_000 });
  await expect(syncStatus(page)).not.toContainText('waiting');
  const onServer = (await (
    await fetch(`${sync.url}fieldbook-customers/_all_docs?include_docs=true`, { headers: { Authorization: auth } })
  ).json()) as { rows: { doc?: { familyName?: string } }[] };
  expect(onServer.rows.some((r) => r.doc?.familyName === 'Meanwhile')).toBe(true);
  expect(errors).toEqual([]);
});

test('wrong password and a server that is not a CouchDB get clear messages', async ({ browser }) => {
  const context = await browser.newContext({ baseURL: origin });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(`${origin}/#/settings`);
  await waitReady(page);
  await page.getByLabel('Username').fill('rep');
  await page.getByLabel('Password', { exact: true }).fill('not-the-password');
  await page.getByRole('button', { name: 'Start sync' }).click();
  await expect(page.getByRole('alert')).toHaveText('Wrong user name or password.');
  // The app's own origin (without /couch/) serves the app, not a CouchDB.
  await page.getByLabel('Server URL').fill(`${origin}/`);
  await page.getByLabel('Password', { exact: true }).fill('rep-pass');
  await page.getByRole('button', { name: 'Start sync' }).click();
  await expect(page.getByRole('alert')).toHaveText(
    'This address does not answer like a CouchDB server (GET / → HTTP 200, not a JSON object).',
  );
  await expect(syncStatus(page)).toContainText('Sync off');
});
