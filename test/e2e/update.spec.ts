// A new version: the app prompts, and "Reload" moves into it without losing what was typed.
// The test serves its own copy of dist/ on another port, so it can publish a "new version" by
// changing that copy's service worker (and the page it precaches) while the app is open.
import { expect, test, type Page } from '@playwright/test';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startStaticServer } from '../../scripts/serve.mjs';
import { customerForm, field, waitForServiceWorkerControl, waitReady } from './helpers';

const DIST = process.env.FIELDBOOK_DIST ?? fileURLToPath(new URL('../../dist', import.meta.url));
const MARKER = 'fieldbook-e2e-build';

let dir = '';
let server: Server | null = null;
let origin = '';

test.beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fieldbook-update-'));
  await cp(DIST, dir, { recursive: true });
  server = (await startStaticServer({ port: 0, mounts: { '/': dir } })) as Server;
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

test.afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Publishes "version 2": a changed index.html, and a service worker whose precache lists it. */
async function publishNewVersion(): Promise<void> {
  const indexPath = join(dir, 'index.html');
  const html = await readFile(indexPath, 'utf8');
  await writeFile(indexPath, html.replace('<head>', `<head>\n    <meta name="${MARKER}" content="2" />`));
  const swPath = join(dir, 'sw.js');
  const sw = await readFile(swPath, 'utf8');
  const next = sw.replace(/(\{url:"index\.html",revision:")[^"]+"/, `$1e2e-version-2"`);
  expect(next, 'sw.js precaches index.html with a revision').not.toBe(sw);
  await writeFile(swPath, `${next}\n// e2e: version 2\n`);
}

// Two ways a tab can be running when the update lands: opened on the very first visit (the service
// worker took control of it through clients.claim()), or opened later, already under its control.
for (const firstVisit of [true, false]) {
  const when = firstVisit ? 'in the tab of the first visit' : 'in a tab opened while already installed';
  test(`a new version is announced and "Reload" keeps what was typed (${when})`, async ({ page }) => {
    await runUpdateScenario(page, firstVisit);
  });
}

async function runUpdateScenario(page: Page, firstVisit: boolean): Promise<void> {
  await page.goto(`${origin}/#/customers/new`);
  await waitReady(page);
  await waitForServiceWorkerControl(page);
  if (!firstVisit) {
    await page.reload();
    await waitReady(page);
    expect(await page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
  }
  await expect(page.locator(`meta[name="${MARKER}"]`)).toHaveCount(0);

  // The user is typing a new customer and has not saved.
  await expect(page.getByRole('heading', { name: 'New customer', level: 2 })).toBeVisible();
  await field(page, 'givenName').fill('Ingrid');
  await field(page, 'familyName').fill('Halvorsen');
  await field(page, 'email').fill('ingrid@fjord-kaffe.no');
  await field(page, 'notes').fill('Typed before the update.\nSecond line.');
  await expect(page.getByText('A new version of Fieldbook is available.')).toHaveCount(0);

  // Meanwhile a new version is deployed; the app checks for updates.
  await publishNewVersion();
  await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.getRegistration();
    await registration?.update();
  });

  const prompt = page.getByRole('alert').filter({ hasText: 'A new version of Fieldbook is available.' });
  await expect(prompt).toBeVisible({ timeout: 20_000 });
  await expect(prompt.getByRole('button', { name: 'Later', exact: true })).toBeVisible();
  // Nothing reloads by itself: the typing is untouched while the prompt waits.
  await expect(field(page, 'givenName')).toHaveValue('Ingrid');

  await Promise.all([
    page.waitForEvent('load', { timeout: 15_000 }),
    prompt.getByRole('button', { name: 'Reload', exact: true }).click(),
  ]);
  await waitReady(page);

  // Now running the new version…
  await expect(page.locator(`meta[name="${MARKER}"]`)).toHaveCount(1);
  await expect(page.getByText('A new version of Fieldbook is available.')).toHaveCount(0);
  // …with the form as it was.
  await expect(page).toHaveURL(/#\/customers\/new$/);
  // (The form has a second status region, the duplicate check, that may be speaking at the same time.)
  await expect(customerForm(page).getByRole('status').filter({ hasText: 'Restored' })).toHaveText(
    'Restored what you had typed before the reload.',
  );
  await expect(field(page, 'givenName')).toHaveValue('Ingrid');
  await expect(field(page, 'familyName')).toHaveValue('Halvorsen');
  await expect(field(page, 'email')).toHaveValue('ingrid@fjord-kaffe.no');
  await expect(field(page, 'notes')).toHaveValue('Typed before the update.\nSecond line.');

  // And it can be saved from there.
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.locator('article.detail').getByRole('heading', { level: 2 })).toHaveText('Ingrid Halvorsen');
}
