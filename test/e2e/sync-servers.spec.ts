// Team sync against servers other than the project's own, as a team would set them up:
//  - stock PouchDB Server 4.2 (started as its README says, set up by sync:setup, reached through the
//    app's own origin under /couch/): sign in through Settings → Sync and sync both ways;
//  - a sync server on another origin than the app's: the app names its Content-Security-Policy as
//    the cause (English and 简体中文), and the app's server started with FIELDBOOK_SYNC_ORIGINS
//    lets the app sync with it without a rebuild.
import { expect, test, type Browser, type Page } from '@playwright/test';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { startStaticServer } from '../../scripts/serve.mjs';
import { startSyncServer, type SyncServer } from '../../scripts/sync-server.mjs';
import { startStockPouchServer } from '../sync/servers';
import { createCustomer, listRows, waitReady } from './helpers';
import { customerOnServer } from '../sync/helpers';

const DIST = process.env.FIELDBOOK_DIST ?? fileURLToPath(new URL('../../dist', import.meta.url));
const syncStatus = (page: Page) => page.getByRole('link', { name: 'Sync status' });

const running: { close(): Promise<void> }[] = [];
test.afterEach(async () => {
  for (const r of running.splice(0).reverse()) await r.close();
});

async function serveApp(options: { proxy?: Record<string, string>; syncOrigins?: string[] }): Promise<string> {
  const app = (await startStaticServer({ port: 0, root: DIST, ...options })) as Server;
  running.push({
    close: () =>
      new Promise<void>((resolve) => {
        app.close(() => resolve());
        app.closeAllConnections();
      }),
  });
  return `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
}

async function startServer<T extends SyncServer>(server: Promise<T>): Promise<T> {
  const started = await server;
  running.push({ close: () => started.stop() });
  return started;
}

async function settings(browser: Browser, origin: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: origin });
  running.push({ close: () => context.close() });
  const page = await context.newPage();
  await page.goto(`${origin}/#/settings`);
  await waitReady(page);
  await expect(page.getByText('Fieldbook is ready to work offline.')).toBeVisible();
  return page;
}

async function startSync(page: Page, url: string, name: string, password: string): Promise<void> {
  await page.getByLabel('Server URL').fill(url);
  await page.getByLabel('Username').fill(name);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Start sync' }).click();
}

test('stock PouchDB Server through the app origin: sign in, a new customer reaches the server, a server customer reaches the list', async ({
  browser,
}) => {
  const couch = await startServer(startStockPouchServer());
  const origin = await serveApp({ proxy: { '/couch/': couch.url } });
  const page = await settings(browser, origin);
  await startSync(page, `${origin}/couch/`, 'rep', 'rep-pass');
  await expect(page.getByText('Signed in as rep')).toBeVisible();
  await expect(syncStatus(page)).toContainText('Up to date', { timeout: 20_000 });

  await createCustomer(page, { givenName: 'Pia', familyName: 'Pouch', city: 'Graz' });
  const admin = `Basic ${Buffer.from(`${couch.admin.name}:${couch.admin.password}`).toString('base64')}`;
  await expect
    .poll(
      async () => {
        const res = await fetch(`${couch.url}fieldbook-customers/_all_docs?include_docs=true`, {
          headers: { Authorization: admin },
        });
        const body = (await res.json()) as { rows: { doc?: { familyName?: string; city?: string } }[] };
        return body.rows.filter((r) => r.doc?.familyName === 'Pouch').map((r) => r.doc?.city);
      },
      { timeout: 20_000 },
    )
    .toEqual(['Graz']);

  // Written on the server by another client: the list shows it without a reload.
  const fromServer = customerOnServer('rep', { givenName: 'Sven', familyName: 'Serverside' });
  const put = await fetch(`${couch.url}fieldbook-customers/${fromServer._id}`, {
    method: 'PUT',
    headers: { Authorization: admin, 'Content-Type': 'application/json' },
    body: JSON.stringify(fromServer),
  });
  expect(put.status).toBe(201);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers', exact: true }).click();
  await expect(listRows(page).filter({ hasText: 'Sven Serverside' })).toHaveCount(1, { timeout: 20_000 });
});

test('a server on another origin: the message names the Content-Security-Policy and FIELDBOOK_SYNC_ORIGINS, in English and 简体中文', async ({
  browser,
}) => {
  const couch = await startServer(startSyncServer({ port: 0, inMemory: true, setup: true }));
  const other = couch.url.replace(/\/$/, '');
  const origin = await serveApp({ syncOrigins: [] });
  const page = await settings(browser, origin);
  await startSync(page, couch.url, 'rep', 'rep-pass');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText(`${other} is not one of them (the app’s Content-Security-Policy blocks it)`);
  await expect(alert).toContainText(`FIELDBOOK_SYNC_ORIGINS=${other}`);
  await expect(alert).toContainText('“Same-origin deployment” in the README');
  await expect(alert).not.toContainText('cannot be reached');
  await expect(syncStatus(page)).toContainText('Sync off');

  await page.getByLabel('Language', { exact: true }).selectOption({ label: '简体中文' });
  await page.getByRole('button', { name: '开始同步' }).click();
  await expect(page.getByRole('alert')).toContainText(`${other} 不在其中（被应用的内容安全策略 CSP 阻止）`);
  await expect(page.getByRole('alert')).toContainText(`FIELDBOOK_SYNC_ORIGINS=${other}`);
});

test('the app server started with FIELDBOOK_SYNC_ORIGINS syncs with a server on that origin, without a rebuild', async ({
  browser,
}) => {
  // The app's origin is known only once it listens: the sync server's CORS reflects any origin here
  // (a real CouchDB lists the app's origin in [cors] origins).
  const couch = await startServer(startSyncServer({ port: 0, inMemory: true, setup: true, corsOrigins: ['*'] }));
  const other = couch.url.replace(/\/$/, '');
  const origin = await serveApp({ syncOrigins: [other] });
  const page = await settings(browser, origin);
  await startSync(page, couch.url, 'rep', 'rep-pass');
  await expect(page.getByText('Signed in as rep')).toBeVisible();
  await expect(syncStatus(page)).toContainText('Up to date', { timeout: 20_000 });
  await createCustomer(page, { givenName: 'Olga', familyName: 'Origin' });
  await expect
    .poll(
      async () => {
        const res = await fetch(`${couch.url}fieldbook-customers/_all_docs?include_docs=true`, {
          headers: {
            Authorization: `Basic ${Buffer.from(`${couch.admin.name}:${couch.admin.password}`).toString('base64')}`,
          },
        });
        const body = (await res.json()) as { rows: { doc?: { familyName?: string } }[] };
        return body.rows.some((r) => r.doc?.familyName === 'Origin');
      },
      { timeout: 20_000 },
    )
    .toBe(true);
});
