// Settings → Wipe this device in Chromium on the production build: after the wipe nothing of the
// origin's data is left (no IndexedDB database, empty local and session storage, only the service
// worker's app-shell precache among the caches), the app starts as a first run, and on a synced
// device the data comes back by signing in again, except the change that had not reached the server.
// The sync test starts its own in-memory sync server and serves the build with the /couch/ proxy,
// as sync.spec.ts does.
import { expect, test, type Page } from '@playwright/test';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { startStaticServer } from '../../scripts/serve.mjs';
import { startSyncServer, type SyncServer } from '../../scripts/sync-server.mjs';
import { createCustomer, listRows, openApp, waitForServiceWorkerControl, waitReady } from './helpers';

const DIST = process.env.FIELDBOOK_DIST ?? fileURLToPath(new URL('../../dist', import.meta.url));

/** Settings → Wipe this device, typed confirmation, and the page the wipe lands on. */
async function wipeFromSettings(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings', exact: true }).click();
  const zone = page.getByRole('region', { name: 'Wipe this device' });
  await zone.getByRole('button', { name: 'Wipe this device…' }).click();
  const confirm = zone.getByRole('button', { name: 'Wipe this device now' });
  await expect(confirm).toBeDisabled();
  await zone.getByLabel('Type WIPE to confirm').fill('wipe');
  await confirm.click();
  await expect(page.getByRole('heading', { name: 'This device was wiped', level: 1 })).toBeVisible();
}

/** What the origin still holds, read in the page. */
function originData(page: Page) {
  return page.evaluate(async () => ({
    databases: (await indexedDB.databases()).map((d) => d.name),
    localStorage: localStorage.length,
    sessionStorage: sessionStorage.length,
    caches: await caches.keys(),
  }));
}

async function expectNothingLeft(page: Page): Promise<void> {
  const left = await originData(page);
  expect(left.databases).toEqual([]);
  expect(left.localStorage).toBe(0);
  expect(left.sessionStorage).toBe(0);
  // The app shell may stay (it holds only the built app): nothing but the precache.
  expect(left.caches.filter((name) => !name.startsWith('workbox-precache'))).toEqual([]);
}

async function startFresh(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Start Fieldbook' }).click();
  await waitReady(page);
  await expect(page.getByText('No customers yet. Create one, or load demo data in Settings.')).toBeVisible();
}

test('wiping a device that does not sync removes every store of the origin and starts a first run', async ({
  page,
}) => {
  await openApp(page);
  await createCustomer(page, { givenName: 'Wanda', familyName: 'Wiped', notes: 'a note only this device has' });
  await page.evaluate(() => sessionStorage.setItem('fieldbook.test', 'session data'));
  const before = await originData(page);
  expect(before.databases.length).toBeGreaterThan(0);
  expect(before.localStorage).toBeGreaterThan(0);

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Wipe this device' })).toContainText(
    'Sync is not set up: the data on this device is nowhere else.',
  );
  await wipeFromSettings(page);
  await expectNothingLeft(page);

  await startFresh(page);
});

test('another open tab closes its database for the wipe and lands on the wiped page too', async ({ page, context }) => {
  await openApp(page);
  await createCustomer(page, { givenName: 'Tabitha', familyName: 'Twotabs' });
  const other = await context.newPage();
  await openApp(other);
  await expect(listRows(other).filter({ hasText: 'Tabitha Twotabs' })).toHaveCount(1);

  await wipeFromSettings(page);
  // The other tab's open connections would have blocked the deletion; it reloads to the same page.
  await expect(other.getByRole('heading', { name: 'This device was wiped', level: 1 })).toBeVisible();
  await expectNothingLeft(page);
  await expectNothingLeft(other);
});

test.describe('a synced device', () => {
  let sync: SyncServer;
  let app: Server;
  let origin = '';

  test.beforeAll(async () => {
    sync = await startSyncServer({ port: 0, inMemory: true, setup: true });
    app = (await startStaticServer({ port: 0, root: DIST, proxy: { '/couch/': sync.url } })) as Server;
    origin = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
  });
  test.afterAll(async () => {
    await new Promise<void>((resolve) => app.close(() => resolve()));
    app.closeAllConnections();
    await sync.stop();
  });

  async function signIn(page: Page): Promise<void> {
    await page.goto(`${origin}/#/settings`);
    await waitReady(page);
    await page.getByLabel('Username').fill('rep');
    await page.getByLabel('Password', { exact: true }).fill('rep-pass');
    await page.getByRole('button', { name: 'Start sync' }).click();
    await expect(page.getByText('Signed in as rep')).toBeVisible();
    await expect(page.getByRole('link', { name: 'Sync status' })).toContainText('Up to date', { timeout: 20_000 });
  }

  test('warns how many changes have not reached the server, and the rest comes back by signing in again', async ({
    browser,
  }) => {
    // Two sign-ins, two syncs and a wipe: on a busy machine this takes over half a minute.
    test.setTimeout(120_000);
    const context = await browser.newContext({ baseURL: origin });
    try {
      const page = await context.newPage();
      await signIn(page);
      await createCustomer(page, { givenName: 'Sam', familyName: 'Synced', city: 'Porto' });
      await expect(page.getByRole('link', { name: 'Sync status' })).toContainText('Up to date', { timeout: 20_000 });

      // Offline, one more customer: it exists only here. The wipe's reload then comes from the
      // service worker, so wait until it controls the page (it has cached the app by then).
      await waitForServiceWorkerControl(page);
      await context.setOffline(true);
      await createCustomer(page, { givenName: 'Olga', familyName: 'Offline' });
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings', exact: true }).click();
      const zone = page.getByRole('region', { name: 'Wipe this device' });
      await expect(zone).toContainText('sign in to sync again and the team’s data comes back from the server');
      // One change waits: the customer (its audit entry waits too, but is not a change of its own).
      await expect(zone).toContainText('1 change made on this device has not reached the server yet. It will be lost.');

      await wipeFromSettings(page);
      await expectNothingLeft(page);
      await context.setOffline(false);
      await startFresh(page);

      await signIn(page);
      await page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'Customers', exact: true })
        .click();
      await expect(listRows(page).filter({ hasText: 'Sam Synced' })).toHaveCount(1, { timeout: 20_000 });
      await expect(listRows(page)).toHaveCount(1);
    } finally {
      await context.close();
    }
  });
  test('wiping a signed-in device online also ends its session on the server', async ({ browser }) => {
    const context = await browser.newContext({ baseURL: origin });
    try {
      const page = await context.newPage();
      await signIn(page);
      const sessionUser = () =>
        page.evaluate(async () => {
          const res = await fetch('/couch/_session', { credentials: 'include' });
          return ((await res.json()) as { userCtx?: { name?: string | null } }).userCtx?.name ?? null;
        });
      expect(await sessionUser()).toBe('rep');
      await wipeFromSettings(page);
      await expectNothingLeft(page);
      expect(await sessionUser()).toBeNull();
    } finally {
      await context.close();
    }
  });
});
