// The first sync of a big team, measured where it runs: headless Chromium on the app's real
// storage (RxDB on Dexie/IndexedDB, the production build), a new device joining a team whose
// server holds N customers, 10 orders each and the demo's interactions and surveys.
//  1. Seed: the project's sync server (own process, in memory) gets the team's data as the server
//     admin, `_bulk_docs` of 500 into the app's databases (validate_doc_update runs): the raw
//     ingest rate, the same-run baseline of the pull.
//  2. Cold first sync: a fresh browser profile signs in through Settings → Sync and opens the
//     customer list at once. Times from the click on Start sync: the first rows in the list; a
//     search for a customer pulled early finding it (and whether the pull was still running then);
//     "Up to date". Every main-thread task over 50 ms during the whole pull (longtask observer).
//  3. Reload in the middle: another fresh profile starts the first sync, the page is reloaded once
//     the progress passes 40 %, and the sync resumes by itself. Every `_changes` page the app reads
//     is counted by document id: rows read twice = what the reload cost (a resumed pull starts at
//     its last stored checkpoint; only pages read but not yet stored are read again).
// Options: --customers N (default 100000), --port P (4195), --no-reload.
// Writes test/bench/first-sync-results.json and prints a table. No assertions.
import { chromium, type Page } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { loadavg, cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { startStaticServer } from '../../scripts/serve.mjs';
import { startSyncServerProcess } from '../../scripts/sync-server.mjs';
import { storedKeys } from '../../src/data/db/keys';
import { toCouch } from '../../src/data/sync/mapping';
import { generateDemoChunk } from '../../src/domain/demo';
import { ensurePhoneMetadata } from '../../src/domain/phone';
import { ensurePinyin } from '../../src/domain/pinyin';
import { CHROMIUM_ARGS, chromiumPath } from '../e2e/chromium';

const args = process.argv.slice(2);
const opt = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const CUSTOMERS = opt('--customers', 100_000);
const PORT = opt('--port', 4195);
const WITH_RELOAD = !args.includes('--no-reload');
const SEED = 7;
const NOW = Date.UTC(2026, 10, 1);
const CHUNK = 500;
const DIST = process.env.FIELDBOOK_DIST ?? fileURLToPath(new URL('../../dist', import.meta.url));
const RESULTS = fileURLToPath(new URL('./first-sync-results.json', import.meta.url));
const log = (line: string) => console.log(`[first-sync] ${line}`);
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

type Collection = 'customers' | 'orders' | 'interactions' | 'surveys';
const COLLECTIONS: Collection[] = ['customers', 'orders', 'interactions', 'surveys'];

/** The demo generator's documents as the app stores them, as CouchDB documents. */
function serverDocs(start: number, count: number) {
  const chunk = generateDemoChunk({ seed: SEED, start, count, now: NOW, ordersPerCustomer: 10 });
  const by = 'admin';
  return {
    customers: chunk.customers.map((c) => toCouch({ ...c, updatedBy: by, ...storedKeys(c, c.updatedAt) })),
    orders: chunk.orders.map((o) => toCouch({ ...o, updatedBy: by })),
    interactions: chunk.interactions.map((i) => toCouch({ ...i, updatedBy: by })),
    surveys: chunk.surveys.map((s) => toCouch({ ...s, updatedBy: by })),
    firstCustomer: chunk.customers[0],
  };
}

async function seed(url: string, admin: string) {
  await Promise.all([ensurePinyin(), ensurePhoneMetadata()]);
  const counts: Record<Collection, number> = { customers: 0, orders: 0, interactions: 0, surveys: 0 };
  let generateMs = 0;
  let ingestMs = 0;
  let first: { givenName: string; familyName: string } | undefined;
  for (let start = 0; start < CUSTOMERS; start += CHUNK) {
    const g0 = performance.now();
    const docs = serverDocs(start, Math.min(CHUNK, CUSTOMERS - start));
    first ??= docs.firstCustomer;
    generateMs += performance.now() - g0;
    const t0 = performance.now();
    await Promise.all(
      COLLECTIONS.map(async (name) => {
        const list = docs[name];
        for (let i = 0; i < list.length; i += 500) {
          const res = await fetch(`${url}fieldbook-${name}/_bulk_docs`, {
            method: 'POST',
            headers: { Authorization: admin, 'Content-Type': 'application/json' },
            body: JSON.stringify({ docs: list.slice(i, i + 500) }),
          });
          const out = (await res.json()) as { error?: string }[];
          const failed = out.filter((r) => r.error);
          if (!res.ok || failed.length)
            throw new Error(`seeding ${name}: HTTP ${res.status} ${JSON.stringify(failed[0])}`);
        }
        counts[name] += list.length;
      }),
    );
    ingestMs += performance.now() - t0;
    if ((start / CHUNK) % 20 === 0) log(`seeded ${start + CHUNK} customers…`);
  }
  const total = COLLECTIONS.reduce((n, c) => n + counts[c], 0);
  if (!first) throw new Error('no customers');
  return { counts, total, ingestMs, generateMs, docsPerSec: total / (ingestMs / 1000), first };
}

const LONG_TASKS = `
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longTasks.push({ at: e.startTime + performance.timeOrigin, ms: e.duration });
  }).observe({ type: 'longtask', buffered: true });
`;

async function startSync(page: Page, origin: string): Promise<number> {
  await page.goto(`${origin}/#/settings`);
  await page.locator('body[data-ready="true"]').waitFor({ timeout: 60_000 });
  await page.getByLabel('Username').fill('rep');
  await page.getByLabel('Password', { exact: true }).fill('rep-pass');
  const t0 = Date.now();
  await page.getByRole('button', { name: 'Start sync' }).click();
  return t0;
}

async function upToDate(page: Page): Promise<void> {
  await page.waitForFunction(
    () => document.querySelector('a[aria-label="Sync status"]')?.textContent?.includes('Up to date') ?? false,
    undefined,
    { timeout: 0, polling: 250 },
  );
}

/** The first-sync progress bar's value (records pulled), or null when there is none. */
const pulledNow = (page: Page) =>
  page.evaluate(() => {
    const bar = document.querySelector('progress');
    return bar ? Number(bar.getAttribute('value')) : null;
  });

async function coldFirstSync(origin: string, first: { givenName: string; familyName: string }) {
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
    await context.addInitScript(LONG_TASKS);
    const page = await context.newPage();
    const t0 = await startSync(page, origin);
    await page.getByText('Signed in as rep').waitFor({ timeout: 60_000 });
    const tSignedIn = Date.now();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers', exact: true }).click();
    await page.getByRole('list', { name: 'Customer list' }).getByRole('link').first().waitFor({ timeout: 0 });
    const tFirstRows = Date.now();
    const name = `${first.givenName} ${first.familyName}`;
    await page.getByRole('searchbox', { name: 'Search customers' }).fill(name);
    await page
      .getByRole('list', { name: 'Customer list' })
      .getByRole('link')
      .filter({ hasText: name })
      .first()
      .waitFor({ timeout: 0 });
    const tSearch = Date.now();
    const pulledAtSearch = await page.evaluate(
      () => document.querySelector('a[aria-label="Sync status"]')?.textContent ?? '',
    );
    await page.getByRole('searchbox', { name: 'Search customers' }).fill('');
    await upToDate(page);
    const tDone = Date.now();
    const tasks = await page.evaluate<{ at: number; ms: number }[]>('window.__longTasks');
    const during = tasks.filter((t) => t.at >= t0 && t.at <= tDone);
    return {
      signedInMs: tSignedIn - t0,
      firstRowsMs: tFirstRows - t0,
      searchFoundMs: tSearch - t0,
      statusWhenSearchFound: pulledAtSearch.trim(),
      totalMs: tDone - t0,
      longTasksOver50: during.length,
      longestTaskMs: round(Math.max(0, ...during.map((t) => t.ms)), 0),
      longTasks: during.map((t) => ({ atMs: round(t.at - t0, 0), ms: round(t.ms, 0) })),
    };
  } finally {
    await browser.close();
  }
}

async function reloadMidPull(origin: string, total: number) {
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
    const page = await context.newPage();
    const reads = new Map<string, number>();
    let pages = 0;
    page.on('response', (res) => {
      const url = res.url();
      if (!url.includes('/_changes?') || url.includes('feed=longpoll')) return;
      pages += 1;
      void res
        .json()
        .then((body: { results?: { id: string }[] }) => {
          for (const r of body.results ?? [])
            reads.set(`${new URL(url).pathname}|${r.id}`, (reads.get(`${new URL(url).pathname}|${r.id}`) ?? 0) + 1);
        })
        .catch(() => undefined);
    });
    const t0 = await startSync(page, origin);
    await page.getByText('Signed in as rep').waitFor({ timeout: 60_000 });
    await page.waitForFunction(
      (threshold) => Number(document.querySelector('progress')?.getAttribute('value') ?? 0) >= threshold,
      Math.round(total * 0.4),
      { timeout: 0, polling: 100 },
    );
    const before = await pulledNow(page);
    await page.reload();
    await page.locator('body[data-ready="true"]').waitFor({ timeout: 60_000 });
    const afterReload = await pulledNow(page);
    await upToDate(page);
    const tDone = Date.now();
    // Let the last response bodies be parsed.
    await new Promise((r) => setTimeout(r, 500));
    const rows = [...reads.values()].reduce((a, b) => a + b, 0);
    const twice = [...reads.values()].filter((n) => n > 1).length;
    return {
      reloadedAtPulled: before,
      progressRightAfterReload: afterReload,
      totalMs: tDone - t0,
      changesPages: pages,
      rowsRead: rows,
      distinctDocs: reads.size,
      docsReadMoreThanOnce: twice,
    };
  } finally {
    await browser.close();
  }
}

const server = await startSyncServerProcess({ port: 0, inMemory: true, setup: true });
let app: Server | undefined;
try {
  const admin = `Basic ${Buffer.from(`${server.admin.name}:${server.admin.password}`).toString('base64')}`;
  const load0 = loadavg()[0] ?? 0;
  log(`seeding ${CUSTOMERS} customers (10 orders each, demo interactions and surveys)…`);
  const seeded = await seed(server.url, admin);
  log(`seeded ${seeded.total} documents: ${Math.round(seeded.docsPerSec)} docs/s`);
  app = (await startStaticServer({ port: PORT, root: DIST, proxy: { '/couch/': server.url } })) as Server;
  const origin = `http://127.0.0.1:${PORT}`;
  log('cold first sync in Chromium…');
  const cold = await coldFirstSync(origin, seeded.first);
  log(`cold: first rows ${cold.firstRowsMs} ms, total ${cold.totalMs} ms, longest task ${cold.longestTaskMs} ms`);
  const reload = WITH_RELOAD ? await reloadMidPull(origin, seeded.total) : null;
  if (reload) log(`reload: ${JSON.stringify(reload)}`);
  const pullDocsPerSec = seeded.total / (cold.totalMs / 1000);
  const results = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model, memGiB: round(totalmem() / 2 ** 30, 1) },
    load1Before: round(load0, 2),
    load1After: round(loadavg()[0] ?? 0, 2),
    customers: CUSTOMERS,
    documents: seeded.counts,
    totalDocuments: seeded.total,
    rawBulkDocsIngest: { docsPerSec: Math.round(seeded.docsPerSec), ms: Math.round(seeded.ingestMs) },
    cold: {
      ...cold,
      docsPerSec: Math.round(pullDocsPerSec),
      ratioToRawIngest: round(pullDocsPerSec / seeded.docsPerSec, 2),
    },
    reload,
  };
  writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`
| first sync in Chromium, ${CUSTOMERS.toLocaleString('en')} customers, ${seeded.total.toLocaleString('en')} documents | figure |
|---|---|
| raw \`_bulk_docs\` ingest (admin, 500 per request, app databases) | ${Math.round(seeded.docsPerSec).toLocaleString('en')} docs/s |
| Start sync → signed in | ${cold.signedInMs} ms |
| Start sync → first rows in the list | ${cold.firstRowsMs} ms |
| Start sync → search finds the first customer | ${cold.searchFoundMs} ms (status then: "${cold.statusWhenSearchFound}") |
| Start sync → Up to date (total) | ${(cold.totalMs / 1000).toFixed(1)} s = ${Math.round(pullDocsPerSec).toLocaleString('en')} docs/s = ${results.cold.ratioToRawIngest}× raw ingest |
| main-thread tasks > 50 ms during the pull; longest | ${cold.longTasksOver50}; ${cold.longestTaskMs} ms |
| reload at ${reload?.reloadedAtPulled ?? '–'} pulled: rows read / distinct docs / read twice | ${reload ? `${reload.rowsRead} / ${reload.distinctDocs} / ${reload.docsReadMoreThanOnce}` : '–'} |
| load (1 min) before / after | ${results.load1Before} / ${results.load1After} |
`);
} finally {
  await new Promise<void>((resolve) => (app ? app.close(() => resolve()) : resolve()));
  app?.closeAllConnections();
  await server.stop();
}
