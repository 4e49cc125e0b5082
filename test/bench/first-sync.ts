// The first sync of a big team, measured where it runs: headless Chromium on the app's real
// storage (RxDB on Dexie/IndexedDB, the production build), a new device joining a team whose
// server holds N customers, 10 orders each and the demo's interactions and surveys.
//  1. The team on the server: written straight into the storage of the project's sync server
//     (PouchDB on LevelDB) once per size and kept in `.data/first-sync/` for the next runs
//     (first-sync-seed.ts); the server then serves that directory from its own process. The raw
//     ingest rate, the pull's same-run baseline, is measured over HTTP on a sample: the admin's
//     `_bulk_docs` of 500 into the app's databases of a fresh in-memory server
//     (validate_doc_update runs).
//  2. Cold first sync: a fresh browser profile signs in through Settings → Sync and opens the
//     customer list at once. Times from the click on Start sync: the first rows in the list; a
//     search for a customer pulled early finding it (and whether the pull was still running then);
//     "Up to date". Every main-thread task over 50 ms during the whole pull (longtask observer).
//  3. Reload in the middle: another fresh profile starts the first sync, the page is reloaded once
//     the progress passes 40 %, and the sync resumes by itself. Every `_changes` page the app reads
//     is counted by document id: rows read twice = what the reload cost (a resumed pull starts at
//     its last stored checkpoint; only pages read but not yet stored are read again). Checked: the
//     progress right after the reload does not start at 0, and no more documents are read twice
//     than what is in flight can hold (per database: the page being handed on in batches and two
//     batches handed to RxDB but not yet stored, each at most a page); a failed check sets a
//     non-zero exit code.
//  4. Raw Dexie baseline in the same run: the bench page (dist-bench, served at /bench/) writes
//     customer documents in RxDB's layout (its indexes) with plain Dexie bulkPut, 500 per
//     transaction (test/bench/page/bulk-bench.ts rawPair, the bulk bench's baseline).
// Options: --customers N (default 20000; the 100k × 1M team: --customers 100000); --seed-only (make the seeded server directory, stop);
// --ingest N (customers in the raw `_bulk_docs` sample, default min(N, 2000)); --port P (4195);
// --no-reload; --raw N (customers in the raw Dexie baseline, default min(N, 20000)); --profile S
// (a CPU profile of the page's main thread for the first S seconds of the cold pull; its heaviest
// functions by self time are printed and written to test/bench/first-sync-profile.json, the whole
// profile to $FIRST_SYNC_CPUPROFILE if set); --stop-after S (end the cold pull after S seconds and
// report how far it got; no reload run then); --trace (Chrome's trace of the page's main thread
// over the cold pull: tasks over 50 ms by wall time and by the thread's own CPU time, GCs). $FIRST_SYNC_DATA: where seeded server directories
// are kept (default .data/first-sync).
// Writes test/bench/first-sync-results.json and prints a table.
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { loadavg, cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startStaticServer } from '../../scripts/serve.mjs';
import { startSyncServerProcess } from '../../scripts/sync-server.mjs';
import { ensurePhoneMetadata } from '../../src/domain/phone';
import { ensurePinyin } from '../../src/domain/pinyin';
import { CHROMIUM_ARGS, chromiumPath } from '../e2e/chromium';
import * as benchChromium from './chromium.mjs';
import { COLLECTIONS, seededDirectory, serverDocs, type TeamSpec } from './first-sync-seed';
import type {} from './page/bulk-bench';

const args = process.argv.slice(2);
const opt = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const CUSTOMERS = opt('--customers', 20_000);
const PORT = opt('--port', 4195);
const WITH_RELOAD = !args.includes('--no-reload');
const RAW = opt('--raw', Math.min(CUSTOMERS, 20_000));
const INGEST = opt('--ingest', Math.min(CUSTOMERS, 2_000));
const PROFILE_S = opt('--profile', 0);
/** Ends the cold pull after this many seconds (0: run to the end) and reports how far it got. */
const STOP_AFTER_S = opt('--stop-after', 0);
const IDB_TRACE = args.includes('--idb-trace');
const TRACE = args.includes('--trace');
/** The app's pull page (sync/options.ts batchSize): what is in flight is counted in pages of this. */
const PULL_BATCH = 200;
const SEED = 7;
const NOW = Date.UTC(2026, 10, 1);
const CHUNK = 500;
const TEAM: TeamSpec = { customers: CUSTOMERS, seed: SEED, now: NOW, ordersPerCustomer: 10 };
/** Where the seeded server data is kept between runs (made on the first run of a size). */
const SEEDED_DIR = `${process.env.FIRST_SYNC_DATA ?? fileURLToPath(new URL('../../.data/first-sync', import.meta.url))}/${CUSTOMERS}-seed${SEED}`;
const DIST = process.env.FIELDBOOK_DIST ?? fileURLToPath(new URL('../../dist', import.meta.url));
const BENCH_DIST = fileURLToPath(new URL('../../dist-bench', import.meta.url));
const RESULTS = fileURLToPath(new URL('./first-sync-results.json', import.meta.url));
const PROFILE_OUT = fileURLToPath(new URL('./first-sync-profile.json', import.meta.url));
/** What `traceTasks` (chromium.mjs, untyped) reports about the page's main-thread tasks. */
interface TaskTrace {
  count: number;
  over50Wall: number;
  over50Cpu: number;
  longestWallMs: number;
  longestCpuMs: number;
  mainCpuMs: number;
}
const traceTasks = benchChromium.traceTasks as <T>(
  page: Page,
  fn: () => Promise<T>,
) => Promise<{ result: T; tasks: TaskTrace }>;
const log = (line: string) => console.log(`[first-sync] ${line}`);
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

/**
 * The raw `_bulk_docs` ingest rate, the pull's same-run baseline: the first `INGEST` customers'
 * documents sent over HTTP as the server admin, 500 per request, the collections in parallel, into
 * the app's databases of a fresh in-memory server process (validate_doc_update runs). The team the
 * pull reads is seeded straight into the server's storage (first-sync-seed.ts).
 */
async function rawIngest() {
  const server = await startSyncServerProcess({ port: 0, inMemory: true, setup: true });
  try {
    const admin = `Basic ${Buffer.from(`${server.admin.name}:${server.admin.password}`).toString('base64')}`;
    await Promise.all([ensurePinyin(), ensurePhoneMetadata()]);
    let docs = 0;
    let ingestMs = 0;
    for (let start = 0; start < INGEST; start += CHUNK) {
      const chunk = serverDocs(TEAM, start, Math.min(CHUNK, INGEST - start));
      const t0 = performance.now();
      await Promise.all(
        COLLECTIONS.map(async (name) => {
          const list = chunk[name];
          for (let i = 0; i < list.length; i += 500) {
            const res = await fetch(`${server.url}fieldbook-${name}/_bulk_docs`, {
              method: 'POST',
              headers: { Authorization: admin, 'Content-Type': 'application/json' },
              body: JSON.stringify({ docs: list.slice(i, i + 500) }),
            });
            const out = (await res.json()) as { error?: string }[];
            const failed = out.filter((r) => r.error);
            if (!res.ok || failed.length)
              throw new Error(`ingest ${name}: HTTP ${res.status} ${JSON.stringify(failed[0])}`);
          }
          docs += list.length;
        }),
      );
      ingestMs += performance.now() - t0;
    }
    return { customers: INGEST, docs, ingestMs, docsPerSec: docs / (ingestMs / 1000) };
  } finally {
    await server.stop();
  }
}

const LONG_TASKS = `
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longTasks.push({ at: e.startTime + performance.timeOrigin, ms: e.duration });
  }).observe({ type: 'longtask', buffered: true });
`;

/**
 * --idb-trace: every IndexedDB write call (put/add/delete) is timed, summed per main-thread task and
 * object store; the tasks whose writes took over 30 ms are kept (what a long "IndexedDB put" task in
 * the profile wrote).
 */
const IDB_WRITES = `
  window.__idbWrites = [];
  let task = null;
  for (const op of ['put', 'add', 'delete']) {
    const original = IDBObjectStore.prototype[op];
    IDBObjectStore.prototype[op] = function (...a) {
      const t0 = performance.now();
      try { return original.apply(this, a); } finally {
        if (!task) {
          task = { at: t0 + performance.timeOrigin, ms: 0, stores: {} };
          const t = task;
          setTimeout(() => { task = null; if (t.ms > 30) window.__idbWrites.push(t); }, 0);
        }
        const s = (task.stores[this.transaction.db.name.replace(/^rxdb-dexie-/, "") + "/" + this.name] ??= { n: 0, ms: 0 });
        s.n += 1; s.ms += performance.now() - t0; task.ms += performance.now() - t0;
      }
    };
  }
`;

/**
 * A fresh Chromium profile on disk, as a device has. Not `browser.newContext()`: that context is
 * off the record, and Chromium keeps an off-the-record origin's IndexedDB in memory under a small
 * quota; the 100,000 × 1,000,000 team stopped there at ~365,000 documents with QuotaExceededError.
 */
async function freshProfile(): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'fieldbook-first-sync-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: chromiumPath(),
    args: CHROMIUM_ARGS,
    headless: true,
    viewport: { width: 1024, height: 768 },
  });
  return {
    context,
    close: async () => {
      await context.close().catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

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

/**
 * Records pulled so far: the first-sync progress bar's value where one is shown, else the number in
 * the header's sync status ("First sync: 2,003 of 51,544 records"); null when neither shows one.
 */
const pulledNow = (page: Page) =>
  page.evaluate(() => {
    const bar = document.querySelector('progress');
    if (bar) return Number(bar.getAttribute('value'));
    const text = document.querySelector('a[aria-label="Sync status"]')?.textContent ?? '';
    const m = /([\d,]+) of [\d,]+ records/.exec(text);
    return m?.[1] ? Number(m[1].replace(/,/g, '')) : null;
  });

async function coldFirstSync(origin: string, first: { givenName: string; familyName: string }) {
  const profile = await freshProfile();
  try {
    const { context } = profile;
    await context.addInitScript(LONG_TASKS);
    if (IDB_TRACE) await context.addInitScript(IDB_WRITES);
    const page = context.pages()[0] ?? (await context.newPage());
    // A pull that stops short shows why here: the page's errors and warnings, and a progress line
    // every 30 s (records pulled and the header's sync status).
    page.on('pageerror', (e) => log(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') log(`console ${m.type()}: ${m.text().slice(0, 500)}`);
    });
    const profiler = PROFILE_S > 0 ? await startProfile(page) : null;
    // From Start sync to "Up to date" (or --stop-after): the times a user sees.
    const pull = async () => {
      const t0 = await startSync(page, origin);
      const progress = setInterval(() => {
        void Promise.all([
          pulledNow(page),
          page.evaluate(() => document.querySelector('a[aria-label="Sync status"]')?.textContent?.trim() ?? ''),
        ]).then(
          ([pulled, status]) => log(`${Math.round((Date.now() - t0) / 1000)} s: pulled ${pulled ?? '?'}; "${status}"`),
          () => undefined,
        );
      }, 30_000);
      const profiled = profiler
        ? new Promise((r) => setTimeout(r, PROFILE_S * 1000)).then(() => profiler.stop())
        : null;
      await page.getByText('Signed in as rep').waitFor({ timeout: 60_000 });
      const tSignedIn = Date.now();
      await page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'Customers', exact: true })
        .click();
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
      const finished =
        STOP_AFTER_S > 0
          ? await Promise.race([
              // Closing the browser ends the wait that lost the race.
              upToDate(page).then(
                () => true,
                () => false,
              ),
              new Promise<false>((r) => setTimeout(() => r(false), Math.max(0, t0 + STOP_AFTER_S * 1000 - Date.now()))),
            ])
          : await upToDate(page).then(() => true);
      const tDone = Date.now();
      clearInterval(progress);
      return { t0, tSignedIn, tFirstRows, tSearch, pulledAtSearch, finished, tDone, profiled };
    };
    // --trace: Chrome's trace of the page's main thread over the pull, so a task over 50 ms of
    // wall time can be told from one that used 50 ms of the thread's CPU (waiting for a core).
    const traced: { result: Awaited<ReturnType<typeof pull>>; tasks: TaskTrace | null } = TRACE
      ? await traceTasks(page, pull)
      : { result: await pull(), tasks: null };
    const { t0, tSignedIn, tFirstRows, tSearch, pulledAtSearch, finished, tDone, profiled } = traced.result;
    if (traced.tasks) log(`trace of the pull's main-thread tasks: ${JSON.stringify(traced.tasks)}`);
    const pulledAtEnd = finished ? null : await pulledNow(page);
    const tasks = await page.evaluate<{ at: number; ms: number }[]>('window.__longTasks');
    const during = tasks.filter((t) => t.at >= t0 && t.at <= tDone);
    if (IDB_TRACE) {
      const writes =
        await page.evaluate<{ at: number; ms: number; stores: Record<string, { n: number; ms: number }> }[]>(
          'window.__idbWrites',
        );
      log(`IndexedDB writes over 30 ms in one task: ${writes.length}`);
      for (const w of writes)
        log(
          `  @${Math.round(w.at - t0)} ms ${Math.round(w.ms)} ms: ${Object.entries(w.stores)
            .map(([s, v]) => `${s} ${v.n} (${Math.round(v.ms)} ms)`)
            .join(', ')}`,
        );
    }
    if (profiled) await profiled;
    return {
      signedInMs: tSignedIn - t0,
      firstRowsMs: tFirstRows - t0,
      searchFoundMs: tSearch - t0,
      statusWhenSearchFound: pulledAtSearch.trim(),
      totalMs: tDone - t0,
      /** False when --stop-after ended it first; then `pulledAtEnd` records were pulled. */
      finished,
      pulledAtEnd,
      longTasksOver50: during.length,
      longestTaskMs: round(Math.max(0, ...during.map((t) => t.ms)), 0),
      longTasks: during.map((t) => ({ atMs: round(t.at - t0, 0), ms: round(t.ms, 0) })),
      ...(traced.tasks ? { trace: traced.tasks } : {}),
    };
  } finally {
    await profile.close();
  }
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

/** Starts Chrome's sampling profiler on the page; stop() writes the heaviest functions by self time. */
async function startProfile(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  await cdp.send('Profiler.start');
  return {
    async stop() {
      const { profile } = (await cdp.send('Profiler.stop')) as unknown as {
        profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
      };
      // The whole profile, for a closer look (Chrome DevTools → Performance → Load profile).
      if (process.env.FIRST_SYNC_CPUPROFILE) writeFileSync(process.env.FIRST_SYNC_CPUPROFILE, JSON.stringify(profile));
      const byId = new Map(profile.nodes.map((n) => [n.id, n]));
      const self = new Map<string, number>();
      profile.samples.forEach((id, i) => {
        const node = byId.get(id);
        if (!node) return;
        const f = node.callFrame;
        const file = f.url.split('/').pop() ?? '';
        const key = `${f.functionName || '(anonymous)'} ${file}:${f.lineNumber + 1}:${f.columnNumber + 1}`;
        self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
      });
      const total = [...self.values()].reduce((a, b) => a + b, 0);
      const idle = (self.get('(idle) :0:0') ?? 0) + (self.get('(program) :0:0') ?? 0);
      const top = [...self.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 30)
        .map(([fn, ms]) => ({ fn, ms: Math.round(ms), share: round(ms / total, 3) }));
      writeFileSync(
        PROFILE_OUT,
        `${JSON.stringify({ seconds: PROFILE_S, totalMs: Math.round(total), idleMs: Math.round(idle), top }, null, 2)}\n`,
      );
      log(
        `CPU profile, first ${PROFILE_S} s of the pull (self time; idle+program ${Math.round(idle)} of ${Math.round(total)} ms):`,
      );
      for (const t of top.slice(0, 20)) log(`  ${String(t.ms).padStart(6)} ms  ${t.fn}`);
      await cdp.detach();
    },
  };
}

/** Raw Dexie into RxDB's layout, in the same browser build as the bulk bench (the pull's ceiling). */
async function rawDexie(origin: string) {
  const profile = await freshProfile();
  try {
    const page = profile.context.pages()[0] ?? (await profile.context.newPage());
    await page.goto(`${origin}/bench/`);
    await page.waitForFunction(() => !!window.fieldbookBulk);
    const raw = await page.evaluate((a) => window.fieldbookBulk.rawPair(a), {
      count: RAW,
      seed: SEED,
      now: NOW,
      chunk: 500,
    });
    return { rows: RAW, docsPerSec: Math.round(RAW / (raw.rxLayout.ms / 1000)), ms: Math.round(raw.rxLayout.ms) };
  } finally {
    await profile.close();
  }
}

async function reloadMidPull(origin: string, total: number) {
  const profile = await freshProfile();
  try {
    const page = profile.context.pages()[0] ?? (await profile.context.newPage());
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
    // The first progress shown once the resumed sync knows the server's total (the bar's max is 1 before).
    await page.waitForFunction(
      () => Number(document.querySelector('progress')?.getAttribute('max') ?? 0) > 1,
      undefined,
      {
        timeout: 60_000,
        polling: 50,
      },
    );
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
    await profile.close();
  }
}

const load0 = loadavg()[0] ?? 0;
if (args.includes('--seed-only')) {
  await seededDirectory(SEEDED_DIR, TEAM, log, () => loadavg()[0] ?? 0);
  process.exit(0);
}
const ingest = INGEST > 0 ? await rawIngest() : null;
if (ingest) log(`raw _bulk_docs ingest: ${Math.round(ingest.docsPerSec)} docs/s (${ingest.docs} documents)`);
log(`the team: ${CUSTOMERS} customers (10 orders each, demo interactions and surveys)…`);
const seeded = await seededDirectory(SEEDED_DIR, TEAM, log, () => loadavg()[0] ?? 0);
const server = await startSyncServerProcess({ port: 0, dataDir: SEEDED_DIR });
let app: Server | undefined;
try {
  app = (await startStaticServer({
    port: PORT,
    root: DIST,
    proxy: { '/couch/': server.url },
    ...(RAW > 0 ? { mounts: { '/bench/': BENCH_DIST } } : {}),
  })) as Server;
  const origin = `http://127.0.0.1:${PORT}`;
  const raw = RAW > 0 ? await rawDexie(origin) : null;
  if (raw) log(`raw Dexie, RxDB layout: ${raw.docsPerSec} docs/s (${raw.rows} customers)`);
  log('cold first sync in Chromium…');
  const cold = await coldFirstSync(origin, seeded.first);
  log(`cold: first rows ${cold.firstRowsMs} ms, total ${cold.totalMs} ms, longest task ${cold.longestTaskMs} ms`);
  const reload = WITH_RELOAD && cold.finished ? await reloadMidPull(origin, seeded.total) : null;
  if (reload) log(`reload: ${JSON.stringify(reload)}`);
  // In flight when the reload hit, per database: the buffered page and two unstored batches.
  const resumeOk = reload
    ? (reload.progressRightAfterReload ?? 0) > 0 && reload.docsReadMoreThanOnce <= 3 * PULL_BATCH * COLLECTIONS.length
    : null;
  if (resumeOk === false) {
    log('reload check FAILED: the progress restarted at 0 or more than the pages in flight was read twice');
    process.exitCode = 1;
  }
  const pullDocsPerSec = (cold.finished ? seeded.total : (cold.pulledAtEnd ?? 0)) / (cold.totalMs / 1000);
  const results = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model, memGiB: round(totalmem() / 2 ** 30, 1) },
    load1Before: round(load0, 2),
    load1After: round(loadavg()[0] ?? 0, 2),
    customers: CUSTOMERS,
    documents: seeded.counts,
    totalDocuments: seeded.total,
    rawBulkDocsIngest: ingest && {
      customers: ingest.customers,
      docs: ingest.docs,
      docsPerSec: Math.round(ingest.docsPerSec),
      ms: Math.round(ingest.ingestMs),
    },
    seeding: { directory: SEEDED_DIR, ms: seeded.seedMs, load1: seeded.seedLoad1 },
    rawDexieRxLayout: raw,
    cold: {
      ...cold,
      docsPerSec: Math.round(pullDocsPerSec),
      ratioToRawIngest: ingest ? round(pullDocsPerSec / ingest.docsPerSec, 2) : null,
      ratioToRawDexie: raw ? round(pullDocsPerSec / raw.docsPerSec, 2) : null,
    },
    reload: reload && { ...reload, resumeOk },
  };
  writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`
| first sync in Chromium, ${CUSTOMERS.toLocaleString('en')} customers, ${seeded.total.toLocaleString('en')} documents | figure |
|---|---|
| raw \`_bulk_docs\` ingest (admin, 500 per request, app databases, ${ingest?.docs.toLocaleString('en') ?? '–'} documents) | ${ingest ? `${Math.round(ingest.docsPerSec).toLocaleString('en')} docs/s` : '–'} |
| raw Dexie bulkPut, RxDB's layout (${raw?.rows.toLocaleString('en') ?? '–'} customers, 500 per transaction) | ${raw ? `${raw.docsPerSec.toLocaleString('en')} docs/s` : '–'} |
| Start sync → signed in | ${cold.signedInMs} ms |
| Start sync → first rows in the list | ${cold.firstRowsMs} ms |
| Start sync → search finds the first customer | ${cold.searchFoundMs} ms (status then: "${cold.statusWhenSearchFound}") |
| Start sync → ${cold.finished ? 'Up to date (total)' : `stopped (--stop-after) with ${cold.pulledAtEnd?.toLocaleString('en')} pulled`} | ${(cold.totalMs / 1000).toFixed(1)} s = ${Math.round(pullDocsPerSec).toLocaleString('en')} docs/s = ${results.cold.ratioToRawIngest ?? '–'}× raw ingest, ${results.cold.ratioToRawDexie ?? '–'}× raw Dexie |
| main-thread tasks > 50 ms during the pull; longest | ${cold.longTasksOver50}; ${cold.longestTaskMs} ms |
| reload at ${reload?.reloadedAtPulled ?? '–'} pulled: progress right after / rows read / distinct docs / read twice | ${reload ? `${reload.progressRightAfterReload} / ${reload.rowsRead} / ${reload.distinctDocs} / ${reload.docsReadMoreThanOnce} (${resumeOk ? 'resumed' : 'FAILED'})` : '–'} |
| load (1 min) before / after | ${results.load1Before} / ${results.load1After} |
`);
} finally {
  await new Promise<void>((resolve) => (app ? app.close(() => resolve()) : resolve()));
  app?.closeAllConnections();
  await server.stop();
}
