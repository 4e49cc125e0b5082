// A rep signs in once per device: with the project's sync server (persistent session cookie, as
// CouchDB's allow_persistent_cookies) sync resumes after the browser restarts, without asking for
// the password again. Also: the header says "Offline" as soon as the browser loses the network.
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { startStaticServer } from '../../scripts/serve.mjs';
import { startSyncServer, type SyncServer } from '../../scripts/sync-server.mjs';
import { CHROMIUM_ARGS, chromiumPath } from './chromium';
import { createCustomer, listRows, search, waitReady } from './helpers';

const DIST = process.env.FIELDBOOK_DIST ?? fileURLToPath(new URL('../../dist', import.meta.url));
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

const syncStatus = (page: Page) => page.getByRole('link', { name: 'Sync status' });

test('signed in once, sync resumes after the browser restarts; the header says Offline when the network drops', async ({
  playwright,
}) => {
  // A browser profile on disk, as a tablet's browser keeps one (cookies survive a restart only there).
  const profile = mkdtempSync(join(tmpdir(), 'fieldbook-profile-'));
  const launch = (): Promise<BrowserContext> =>
    playwright.chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath(),
      args: CHROMIUM_ARGS,
      viewport: { width: 1024, height: 768 },
      locale: 'en-US',
    });
  try {
    let browser = await launch();
    let page = browser.pages()[0] ?? (await browser.newPage());
    await page.goto(`${origin}/#/settings`);
    await waitReady(page);
    await expect(page.getByText('Fieldbook is ready to work offline.')).toBeVisible();
    await page.getByLabel('Username').fill('rep');
    await page.getByLabel('Password', { exact: true }).fill('rep-pass');
    await page.getByRole('button', { name: 'Start sync' }).click();
    await expect(syncStatus(page)).toContainText('Up to date', { timeout: 20_000 });

    // The network drops: the header says so without waiting for a request to time out.
    await browser.setOffline(true);
    await expect(syncStatus(page)).toContainText('Sync offline');
    await browser.setOffline(false);
    await expect(syncStatus(page)).toContainText('Up to date', { timeout: 20_000 });
    await browser.close();

    // Meanwhile another rep adds a customer on the server.
    const other = await playwright.chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
    const otherPage = await other.newPage({ baseURL: origin });
    await otherPage.goto(`${origin}/#/settings`);
    await waitReady(otherPage);
    await expect(otherPage.getByText('Fieldbook is ready to work offline.')).toBeVisible();
    await otherPage.getByLabel('Username').fill('admin');
    await otherPage.getByLabel('Password', { exact: true }).fill('admin-pass');
    await otherPage.getByRole('button', { name: 'Start sync' }).click();
    await expect(syncStatus(otherPage)).toContainText('Up to date', { timeout: 20_000 });
    await otherPage.goto(`${origin}/#/customers`);
    await createCustomer(otherPage, { givenName: 'Rita', familyName: 'Restart' });
    await expect(syncStatus(otherPage)).toContainText('Up to date', { timeout: 20_000 });
    await other.close();

    // The browser starts again: no sign-in, and the new customer arrives.
    browser = await launch();
    page = browser.pages()[0] ?? (await browser.newPage());
    await page.goto(`${origin}/#/customers`);
    await waitReady(page);
    await expect(syncStatus(page)).toContainText('Up to date', { timeout: 20_000 });
    await search(page, 'Rita');
    await expect(listRows(page).filter({ hasText: 'Rita Restart' })).toHaveCount(1, { timeout: 20_000 });
    const cookie = (await browser.cookies(origin)).find((c) => c.name === 'AuthSession');
    expect(cookie?.expires).toBeGreaterThan(Date.now() / 1000 + 24 * 3600);
    await browser.close();
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
});
