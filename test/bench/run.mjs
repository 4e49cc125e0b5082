// Fieldbook benchmark: headless Debian Chromium against the production build on 127.0.0.1.
// See test/bench/README.md for what is measured and how. Usage (after both builds, `npm run bench`):
//   node test/bench/run.mjs [--customers 100000] [--queries 204] [--reloads 7] [--scroll-seconds 60]
// Writes test/bench/results.json and test/bench/results.md and prints the table. No assertions:
// the targets are reported next to the numbers.
import { chromium } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startStaticServer } from '../../scripts/serve.mjs';
import { dedupRows, runDedupBench } from './dedup-run.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));

// ------------------------------------------------------------------------------------------------
// Options

function parseArgs(argv) {
  const opts = {
    customers: 100_000,
    queries: 204,
    reloads: 7,
    scrollSeconds: 60,
    port: 4189,
    seed: 20_240_601,
    keepProfile: false,
    tagIndex: true,
    layoutBaseline: true,
    dedup: true,
    dedupRecords: 0,
    appDist: here('../../dist'),
    benchDist: here('../../dist-bench'),
    resultsDir: here('.'),
  };
  const names = {
    '--dedup-records': 'dedupRecords',
    '--customers': 'customers',
    '--queries': 'queries',
    '--reloads': 'reloads',
    '--scroll-seconds': 'scrollSeconds',
    '--port': 'port',
    '--seed': 'seed',
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--keep-profile') opts.keepProfile = true;
    else if (arg === '--no-tag-index') opts.tagIndex = false;
    else if (arg === '--no-layout-baseline') opts.layoutBaseline = false;
    else if (arg === '--no-dedup') opts.dedup = false;
    else if (arg === '--app-dist') opts.appDist = resolve(String(argv[++i]));
    // A bench build and results folder of one's own (parallel work must not overwrite dist-bench/ or results.*).
    else if (arg === '--bench-dist') opts.benchDist = resolve(String(argv[++i]));
    else if (arg === '--results-dir') opts.resultsDir = resolve(String(argv[++i]));
    else if (arg === '--help' || arg === '-h') {
      console.log(
        'node test/bench/run.mjs [--customers N] [--queries N] [--reloads N] [--scroll-seconds S] [--port P] [--seed N] [--keep-profile] [--app-dist DIR] [--bench-dist DIR] [--results-dir DIR] [--no-tag-index] [--no-layout-baseline] [--no-dedup] [--dedup-records N (default: --customers)]',
      );
      process.exit(0);
    } else if (names[arg]) {
      const value = Number(String(argv[++i] ?? '').replace(/[_,]/g, ''));
      if (!Number.isFinite(value) || value <= 0) throw new Error(`${arg} needs a positive number`);
      opts[names[arg]] = Math.floor(value);
    } else throw new Error(`unknown argument ${arg} (try --help)`);
  }
  return opts;
}

// Same lookup and flags as test/e2e/chromium.ts (that file is TypeScript; this script is plain Node).
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
function chromiumPath() {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean);
  const found = candidates.find((p) => existsSync(p));
  if (!found)
    throw new Error(
      `No Chromium found (looked at: ${candidates.join(', ')}). Install: sudo apt-get install -y chromium, or set CHROMIUM_PATH.`,
    );
  return found;
}

// ------------------------------------------------------------------------------------------------
// Small statistics

function percentile(values, p) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}
const median = (values) => percentile(values, 50);
const round = (x, d = 1) => (x === null || x === undefined ? null : Math.round(x * 10 ** d) / 10 ** d);
const sum = (o) => Object.values(o).reduce((a, b) => a + b, 0);

// ------------------------------------------------------------------------------------------------
// Instrumentation of the app page (installed before any of its scripts; skipped on /bench/).
// - long tasks (PerformanceObserver 'longtask'),
// - every DOM mutation (MutationObserver on the document) with its time,
// - every IndexedDB request: how many are waiting for their first result, when the last result
//   came, and when the task that handled it (with its microtasks, where RxDB and Svelte finish the
//   work and update the DOM) ended,
// - input events on the search box,
// - the first time the customer list shows rows of a first page of ≥ 50 customers.

function instrument() {
  if (location.pathname.startsWith('/bench/')) return;
  const b = {
    longTasks: [],
    lastMutation: 0,
    lastIdb: 0,
    lastIdbTaskEnd: 0,
    pending: 0,
    inputs: 0,
    lastInput: 0,
    lastInputStamp: 0,
    firstRows: null,
    firstRowsPainted: null,
  };
  window.__fbBench = b;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) b.longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });

  const channel = new MessageChannel();
  let taskEndQueued = false;
  channel.port1.onmessage = () => {
    taskEndQueued = false;
    b.lastIdbTaskEnd = performance.now();
  };
  const track = (req) => {
    b.pending++;
    let first = true;
    const done = () => {
      b.lastIdb = performance.now();
      if (first) {
        first = false;
        b.pending--;
      }
      if (!taskEndQueued) {
        taskEndQueued = true;
        channel.port2.postMessage(0);
      }
    };
    req.addEventListener('success', done);
    req.addEventListener('error', done);
    return req;
  };
  const methods = [
    'get',
    'getAll',
    'getAllKeys',
    'getKey',
    'count',
    'openCursor',
    'openKeyCursor',
    'put',
    'add',
    'delete',
    'clear',
  ];
  for (const proto of [IDBObjectStore.prototype, IDBIndex.prototype]) {
    for (const m of methods) {
      const original = proto[m];
      if (typeof original !== 'function') continue;
      proto[m] = function (...args) {
        return track(original.apply(this, args));
      };
    }
  }

  const LIST = 'ul[aria-label="Customer list"] > li';
  new MutationObserver(() => {
    const now = performance.now();
    b.lastMutation = now;
    if (b.firstRows !== null) return;
    const rows = document.querySelectorAll(LIST);
    const setSize = Number(rows[0]?.getAttribute('aria-setsize') ?? 0);
    // The list is virtualized: only the rows in view are in the DOM. "First 50 rows" = the first
    // page of ≥ 50 customers is in the list and its visible rows are rendered.
    if (rows.length > 0 && (setSize >= 50 || rows.length >= 50)) {
      b.firstRows = { at: now, rendered: rows.length, setSize };
      // The frame that paints them: after the next animation frame's work is done.
      requestAnimationFrame(() => setTimeout(() => (b.firstRowsPainted = performance.now()), 0));
    }
  }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });

  document.addEventListener(
    'input',
    (e) => {
      const now = performance.now();
      b.inputs++;
      b.lastInput = now;
      // The event's own time (when the browser created it) if sane, so queueing delay counts too.
      b.lastInputStamp = e.timeStamp > 0 && e.timeStamp <= now && now - e.timeStamp < 1000 ? e.timeStamp : now;
    },
    true,
  );

  /** Resolves once no IndexedDB request is waiting and nothing happened for `quietMs`. */
  b.settle = (quietMs, capMs) =>
    new Promise((resolve) => {
      const started = performance.now();
      const tick = () => {
        const now = performance.now();
        const last = Math.max(b.lastMutation, b.lastIdb, b.lastIdbTaskEnd, b.lastInput);
        const timedOut = now - started > capMs;
        if ((b.pending <= 0 && now - last >= quietMs) || timedOut) {
          const after = (t) => (t >= b.lastInput ? t : 0);
          resolve({
            inputs: b.inputs,
            inputStamp: b.lastInputStamp,
            inputAt: b.lastInput,
            mutationAt: after(b.lastMutation),
            idbTaskEndAt: after(b.lastIdbTaskEnd),
            timedOut,
            now,
          });
        } else setTimeout(tick, 5);
      };
      tick();
    });
}

function longTasksIn(tasks, from, to) {
  const hits = tasks.filter((t) => t.start >= from && t.start <= to);
  return {
    count: hits.length,
    maxMs: round(hits.reduce((m, t) => Math.max(m, t.duration), 0)),
    totalMs: round(hits.reduce((s, t) => s + t.duration, 0)),
  };
}

// ------------------------------------------------------------------------------------------------
// Phases

const log = (...a) => console.error('[bench]', ...a);

async function measureInsert(page, o) {
  const insert = { count: o.customers, seed: o.seed, now: o.now, chunkSize: 500 };
  log('generation only …');
  let generate = await page.evaluate((i) => window.fieldbookBench.generateOnly(i), insert);
  // The demo generator can produce the same id twice at large counts (a defect reported with the
  // results): loadDemoData would then stop with a conflict. Use the next seed that has none.
  const seedsWithDuplicateIds = [];
  while (generate.duplicateIds > 0 && seedsWithDuplicateIds.length < 20) {
    seedsWithDuplicateIds.push({
      seed: insert.seed,
      duplicateIds: generate.duplicateIds,
      first: generate.firstDuplicate,
    });
    log(
      `seed ${insert.seed}: ${generate.duplicateIds} duplicate id(s), e.g. ${generate.firstDuplicate}; trying seed ${insert.seed + 1}`,
    );
    insert.seed += 1;
    generate = await page.evaluate((i) => window.fieldbookBench.generateOnly(i), insert);
  }
  if (generate.duplicateIds > 0) throw new Error('every seed tried generates duplicate ids');
  log('raw Dexie bulkPut …');
  const raw = await page.evaluate((i) => window.fieldbookBench.rawDexie(i), insert);
  let rxLayout = null;
  if (o.layoutBaseline) {
    log("raw Dexie bulkPut with RxDB's table layout (diagnostic) …");
    rxLayout = await page.evaluate((i) => window.fieldbookBench.rawDexieRxLayout(i), insert);
  }
  log('app: openDatabase + startTagIndex + loadDemoData …');
  const app = await page.evaluate((i) => window.fieldbookBench.appInsert(i), { ...insert, tagIndex: o.tagIndex });
  const queries = await page.evaluate((i) => window.fieldbookBench.sampleQueries(i), {
    ...insert,
    perKind: Math.ceil(o.queries / 11),
  });
  // Still on the bench page (before the app's service worker takes /bench/ over): the search
  // repository's cost per kind with and without the search term index, same run, same data.
  log('search lookups with and without the term index …');
  const searchCosts = await page.evaluate((q) => window.fieldbookBench.searchCosts(q), queries);

  const rows = sum(raw.rows);
  if (
    sum(app.rows) !== rows ||
    app.reportedRows !== rows ||
    sum(raw.stored) !== rows ||
    app.rows.customers !== o.customers
  ) {
    throw new Error(
      `row counts differ: raw ${JSON.stringify(raw.stored)}, app ${JSON.stringify(app.stored)} (reported ${app.reportedRows})`,
    );
  }
  const perSec = (n, ms) => round((n / ms) * 1000, 0);
  const appTotalMs = app.ms + app.tagIndexIdleMs;
  return {
    result: {
      seed: insert.seed,
      seedsWithDuplicateIds,
      rows: raw.rows,
      totalRows: rows,
      derivedTagRows: app.stored.customertags,
      derivedSearchTermRows: app.stored.searchterms,
      searchCosts,
      generateOnly: { ms: round(generate.ms, 0), rowsPerSec: perSec(rows, generate.ms), longTasks: generate.longTasks },
      rawDexie: {
        ms: round(raw.ms, 0),
        rowsPerSec: perSec(rows, raw.ms),
        customersPerSec: perSec(o.customers, raw.ms),
        longTasks: raw.longTasks,
      },
      app: {
        loadDemoDataMs: round(app.ms, 0),
        tagIndexIdleAfterMs: round(app.tagIndexIdleMs, 0),
        rowsPerSec: perSec(rows, app.ms),
        customersPerSec: perSec(o.customers, app.ms),
        rowsPerSecInclTagIndex: perSec(rows, appTotalMs),
        customersPerSecInclTagIndex: perSec(o.customers, appTotalMs),
        longTasks: app.longTasks,
      },
      rawDexieRxLayout: rxLayout && {
        ms: round(rxLayout.ms, 0),
        rowsPerSec: perSec(rows, rxLayout.ms),
        ratioToRaw: round(raw.ms / rxLayout.ms, 2),
        appRatioToIt: round(rxLayout.ms / app.ms, 2),
        longTasks: rxLayout.longTasks,
      },
      ratioAppToRaw: round(raw.ms / app.ms, 2),
      ratioAppInclTagIndexToRaw: round(raw.ms / appTotalMs, 2),
    },
    queries,
  };
}

async function measureFirstRows(page, appUrl, reloads) {
  const loads = [];
  for (let i = 0; i <= reloads; i++) {
    await page.goto(appUrl, { waitUntil: 'commit' });
    await page.waitForFunction(() => window.__fbBench?.firstRowsPainted != null, null, {
      timeout: 120_000,
      polling: 50,
    });
    const load = await page.evaluate(() => {
      const b = window.__fbBench;
      const nav = performance.getEntriesByType('navigation')[0];
      const open = performance.getEntriesByName('fieldbook:db-open')[0];
      return {
        dbOpenAt: open ? open.startTime : null,
        rowsAt: b.firstRows.at,
        paintedAt: b.firstRowsPainted,
        renderedRows: b.firstRows.rendered,
        setSize: b.firstRows.setSize,
        responseEnd: nav?.responseEnd ?? null,
        domContentLoaded: nav?.domContentLoadedEventEnd ?? null,
        controlledBySW: !!navigator.serviceWorker?.controller,
      };
    });
    // Let the start-up work (count, tags) finish before the next load.
    await page.evaluate(() => window.__fbBench.settle(300, 30_000));
    loads.push(load);
    log(
      `load ${i === 0 ? 'first visit' : `reload ${i}`}: 50 rows at ${round(load.rowsAt)} ms (db open at ${round(load.dbOpenAt)} ms)`,
    );
  }
  const [first, ...rest] = loads;
  const pick = (f) => rest.map(f).filter((x) => x !== null);
  return {
    reloads: rest.length,
    medianNavToRowsMs: round(median(pick((l) => l.rowsAt))),
    medianNavToPaintMs: round(median(pick((l) => l.paintedAt))),
    medianDbOpenToRowsMs: round(median(pick((l) => (l.dbOpenAt === null ? null : l.rowsAt - l.dbOpenAt)))),
    medianNavToDbOpenMs: round(median(pick((l) => l.dbOpenAt))),
    maxDbOpenToRowsMs: round(Math.max(...pick((l) => (l.dbOpenAt === null ? null : l.rowsAt - l.dbOpenAt)))),
    renderedRows: rest[0]?.renderedRows ?? null,
    firstVisit: { navToRowsMs: round(first.rowsAt), dbOpenToRowsMs: round(first.rowsAt - (first.dbOpenAt ?? 0)) },
    loads,
  };
}

async function measureTyping(page, queries) {
  const box = page.getByRole('searchbox', { name: 'Search customers' });
  await box.click();
  await page.evaluate(() => window.__fbBench.settle(300, 30_000));
  const startedAt = await page.evaluate(() => performance.now());
  const keystrokes = [];
  const clears = [];
  let timeouts = 0;
  let inputs = await page.evaluate(() => window.__fbBench.inputs);
  const settle = () => page.evaluate(() => window.__fbBench.settle(50, 10_000));
  // A keystroke answered from the search cache with the same rows touches neither IndexedDB nor
  // the DOM: it then counts from the event's time stamp to its handling (inputAt), never below 0.
  const latency = (r) => Math.max(r.mutationAt, r.idbTaskEndAt, r.inputAt) - r.inputStamp;
  for (const [n, q] of queries.entries()) {
    let typed = '';
    for (const ch of q.text) {
      typed += ch;
      await page.keyboard.type(ch);
      const r = await settle();
      if (r.inputs !== inputs + 1)
        throw new Error(`expected one input event for ${JSON.stringify(typed)}, saw ${r.inputs - inputs}`);
      inputs = r.inputs;
      if (r.timedOut) timeouts++;
      keystrokes.push({ kind: q.kind, query: typed, ms: round(latency(r), 2), domChanged: r.mutationAt > 0 });
    }
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
    const r = await settle();
    inputs = r.inputs;
    clears.push(latency(r));
    if ((n + 1) % 50 === 0) log(`typed ${n + 1}/${queries.length} queries`);
  }
  const endedAt = await page.evaluate(() => performance.now());
  const ms = keystrokes.map((k) => k.ms);
  const byKind = {};
  for (const kind of [...new Set(keystrokes.map((k) => k.kind))]) {
    const v = keystrokes.filter((k) => k.kind === kind).map((k) => k.ms);
    byKind[kind] = {
      keystrokes: v.length,
      p50Ms: round(percentile(v, 50)),
      p95Ms: round(percentile(v, 95)),
      maxMs: round(Math.max(...v)),
    };
  }
  const slowest = [...keystrokes].sort((a, b) => b.ms - a.ms).slice(0, 5);
  return {
    startedAt,
    endedAt,
    result: {
      queries: queries.length,
      keystrokes: keystrokes.length,
      p50Ms: round(percentile(ms, 50)),
      p95Ms: round(percentile(ms, 95)),
      maxMs: round(Math.max(...ms)),
      keystrokesWithoutDomChange: keystrokes.filter((k) => !k.domChanged).length,
      settleTimeouts: timeouts,
      clearBoxP50Ms: round(percentile(clears, 50)),
      clearBoxMaxMs: round(Math.max(...clears)),
      byKind,
      slowest,
      sampleQueries: queries.slice(0, 12),
    },
  };
}

async function measureScroll(page, customers, seconds) {
  await page.evaluate(() => window.__fbBench.settle(300, 30_000));
  return page.evaluate(
    async ({ total, capMs }) => {
      const list = document.querySelector('ul[aria-label="Customer list"]');
      const box = list?.parentElement;
      if (!list || !box) throw new Error('customer list not found');
      const ROW = 68;
      const STEP = 20 * ROW; // px per frame: a fast, steady fling (≈ 1,200 rows/s at 60 fps)
      box.scrollTop = 0;
      const frame = () => new Promise((r) => requestAnimationFrame(r));
      await frame();
      const startedAt = performance.now();
      const frames = [];
      let last = startedAt;
      let complete = false;
      for (;;) {
        const now = await frame().then(() => performance.now());
        frames.push(now - last);
        last = now;
        const loaded = Math.round(list.getBoundingClientRect().height / ROW);
        const atEnd = box.scrollTop >= box.scrollHeight - box.clientHeight - 1;
        if (loaded >= total && atEnd) {
          complete = true;
          break;
        }
        if (now - startedAt > capMs) break;
        box.scrollTop = Math.min(box.scrollTop + STEP, box.scrollHeight - box.clientHeight);
      }
      const endedAt = performance.now();
      const loaded = Math.round(list.getBoundingClientRect().height / ROW);
      const slow = frames.filter((f) => f > 50);
      const sorted = [...frames].sort((a, b) => a - b);
      return {
        startedAt,
        endedAt,
        result: {
          complete,
          seconds: (endedAt - startedAt) / 1000,
          rowsLoaded: loaded,
          rowsScrolledPast: Math.floor((box.scrollTop + box.clientHeight) / ROW),
          rowsLoadedPerSec: Math.round(loaded / ((endedAt - startedAt) / 1000)),
          frames: frames.length,
          framesOver50Ms: slow.length,
          frameP50Ms: sorted[Math.floor(sorted.length * 0.5)] ?? null,
          frameP95Ms: sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)] ?? null,
          maxFrameMs: sorted[sorted.length - 1] ?? null,
        },
      };
    },
    { total: customers, capMs: seconds * 1000 },
  );
}

// ------------------------------------------------------------------------------------------------
// Report

function markdown(r) {
  const i = r.insert;
  const f = r.firstRows;
  const s = r.search;
  const sc = r.scroll;
  const n = (x) => (x === null || x === undefined ? '–' : Number(x).toLocaleString('en-US'));
  const ok = (cond) => (cond ? 'yes' : '**no**');
  const lines = [
    `## Fieldbook benchmark — ${n(r.params.customers)} customers`,
    '',
    `${r.machine.date} · ${r.machine.cpuModel} × ${r.machine.cpuCount} · ${r.machine.memoryGiB} GiB RAM · ${r.machine.os} · ${r.machine.chromium} (headless) · Node ${r.machine.node} · load average ${r.machine.loadAverageStart} → ${r.machine.loadAverageEnd}`,
    '',
    ...(i.seedsWithDuplicateIds.length
      ? [
          `Demo generator: seed(s) ${i.seedsWithDuplicateIds.map((d) => `${d.seed} (${d.duplicateIds} duplicate ids)`).join(', ')} repeat ids at this size; seed ${i.seed} used.`,
          '',
        ]
      : []),
    `Demo data: ${n(r.params.customers)} customers → ${n(i.totalRows)} rows (${n(i.rows.customers)} customers, ${n(i.rows.orders)} orders, ${n(i.rows.interactions)} interactions, ${n(i.rows.surveys)} surveys) + ${n(i.derivedTagRows)} derived tag rows + ${n(i.derivedSearchTermRows)} derived search term rows; chunks of 500.`,
    '',
    '| Measure | Result | Target | Met |',
    '| --- | --- | --- | --- |',
    `| Insert, raw Dexie \`bulkPut\` (generate + write) | ${n(i.rawDexie.rowsPerSec)} rows/s · ${n(i.rawDexie.customersPerSec)} customers/s (${n(i.rawDexie.ms / 1000)} s) | baseline | |`,
    `| Insert, app \`loadDemoData\` (RxDB, ${r.params.tagIndex ? 'background work running as in the app' : 'DIAGNOSTIC: background work off'}) | ${n(i.app.rowsPerSec)} rows/s · ${n(i.app.customersPerSec)} customers/s (${n(i.app.loadDemoDataMs / 1000)} s) — **${i.ratioAppToRaw}× raw** | ≥ 0.5× | ${ok(i.ratioAppToRaw >= 0.5)} |`,
    `| … until the background work (tag index, measures, merge follower) is idle (+${n(i.app.tagIndexIdleAfterMs)} ms) | ${n(i.app.rowsPerSecInclTagIndex)} rows/s · ${n(i.app.customersPerSecInclTagIndex)} customers/s — **${i.ratioAppInclTagIndexToRaw}× raw** | ≥ 0.5× | ${ok(i.ratioAppInclTagIndexToRaw >= 0.5)} |`,
    ...(i.rawDexieRxLayout
      ? [
          `| Diagnostic: raw Dexie \`bulkPut\` into RxDB's table layout (compound \`[_deleted+field+id]\` indexes, meta indexes; no RxDB code) | ${n(i.rawDexieRxLayout.rowsPerSec)} rows/s (${n(i.rawDexieRxLayout.ms / 1000)} s) — ${i.rawDexieRxLayout.ratioToRaw}× raw; the app reaches ${i.rawDexieRxLayout.appRatioToIt}× of it | – | |`,
        ]
      : []),
    `| Generation + key derivation alone (no writes) | ${n(i.generateOnly.rowsPerSec)} rows/s (${n(i.generateOnly.ms / 1000)} s) | – | |`,
    `| First rows: navigation → first page of 50 on screen (median of ${f.reloads} reloads) | ${n(f.medianNavToRowsMs)} ms (db open at ${n(f.medianNavToDbOpenMs)} ms; painted ${n(f.medianNavToPaintMs)} ms) | – | |`,
    `| First rows: \`fieldbook:db-open\` → first page of 50 (median; worst) | **${n(f.medianDbOpenToRowsMs)} ms**; ${n(f.maxDbOpenToRowsMs)} ms | ≤ 300 ms | ${ok(f.medianDbOpenToRowsMs <= 300)} |`,
    `| Search as you type: ${n(s.keystrokes)} keystrokes, ${n(s.queries)} queries — p50 / p95 / max | ${n(s.p50Ms)} / **${n(s.p95Ms)}** / ${n(s.maxMs)} ms | p95 ≤ 30 ms | ${ok(s.p95Ms <= 30)} |`,
    `| Long tasks while typing: count, longest | ${n(r.longTasks.typing.count)}, ${n(r.longTasks.typing.maxMs)} ms | none > 50 ms | ${ok(r.longTasks.typing.count === 0)} |`,
    `| Scroll: rows loaded in ${n(round(sc.seconds))} s | ${n(sc.rowsLoaded)} of ${n(r.params.customers)}${sc.complete ? ' (all)' : ` (cap ${r.params.scrollSeconds} s reached)`} · ${n(sc.rowsLoadedPerSec)} rows/s | – | |`,
    `| Scroll: frames over 50 ms | ${n(sc.framesOver50Ms)} of ${n(sc.frames)} (p95 ${n(round(sc.frameP95Ms))} ms, max ${n(round(sc.maxFrameMs))} ms) | 0 | ${ok(sc.framesOver50Ms === 0)} |`,
    `| Long tasks while scrolling: count, longest | ${n(r.longTasks.scrolling.count)}, ${n(r.longTasks.scrolling.maxMs)} ms | none > 50 ms | ${ok(r.longTasks.scrolling.count === 0)} |`,
    '',
    'Search latency by kind (ms, p50 / p95 / max):',
    '',
    '| Kind | Keystrokes | p50 | p95 | max |',
    '| --- | --- | --- | --- | --- |',
    ...Object.entries(s.byKind).map(
      ([k, v]) => `| ${k} | ${v.keystrokes} | ${n(v.p50Ms)} | ${n(v.p95Ms)} | ${n(v.maxMs)} |`,
    ),
    '',
    ...(i.searchCosts
      ? [
          `Search repository per keystroke (bench page, \`searchCustomers\` on the app's database), with the search term index (${n(i.derivedSearchTermRows)} rows) and without its lookups (baseline, same run, same data; ms):`,
          '',
          '| Kind | Keystrokes | p50 | p95 | baseline p50 | baseline p95 | ratio p50 | ratio p95 |',
          '| --- | --- | --- | --- | --- | --- | --- | --- |',
          ...Object.entries(i.searchCosts).map(
            ([k, v]) =>
              `| ${k} | ${v.keystrokes} | ${n(v.p50Ms)} | ${n(v.p95Ms)} | ${n(v.baseP50Ms)} | ${n(v.baseP95Ms)} | ${v.baseP50Ms ? round(v.p50Ms / v.baseP50Ms, 2) : '–'}× | ${v.baseP95Ms ? round(v.p95Ms / v.baseP95Ms, 2) : '–'}× |`,
          ),
          '',
        ]
      : []),
    `Main thread during the app insert: ${n(i.app.longTasks.count)} long tasks, longest ${n(i.app.longTasks.maxMs)} ms (raw Dexie: ${n(i.rawDexie.longTasks.count)}, longest ${n(i.rawDexie.longTasks.maxMs)} ms).`,
    '',
    ...(r.dedup
      ? [
          `Duplicate detection on ${n(r.dedup.records)} synthetic bilingual customers (test/factories/synthetic.ts), in the app's dedup worker:`,
          '',
          '| Measure | Result | Target |',
          '| --- | --- | --- |',
          ...dedupRows(r.dedup).map(([what, result, target]) => `| ${what} | ${result} | ${target} |`),
          '',
        ]
      : []),
  ];
  return lines.join('\n');
}

// ------------------------------------------------------------------------------------------------
// Main

async function main() {
  const o = { ...parseArgs(process.argv.slice(2)), now: Date.now() };
  const dist = join(o.appDist, 'index.html');
  const distBench = join(o.benchDist, 'index.html');
  if (!existsSync(dist) || !existsSync(distBench)) {
    throw new Error(
      'Build first: `npx vite build && npx vite build -c test/bench/vite.config.ts` (npm run bench does both).',
    );
  }
  const executablePath = chromiumPath();
  const chromiumVersion = execFileSync(executablePath, ['--version'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  }).trim();
  const machine = {
    date: new Date().toISOString().slice(0, 10),
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    cpuCount: os.cpus().length,
    memoryGiB: round(os.totalmem() / 2 ** 30, 1),
    os: `${os.type()} ${os.release()} (${os.arch()})`,
    chromium: chromiumVersion,
    node: process.version,
    // The machine may be shared: the 1-minute load average before and after the run, for context.
    loadAverageStart: round(os.loadavg()[0], 2),
    loadAverageEnd: null,
  };

  const work = await mkdtemp(join(os.tmpdir(), 'fieldbook-bench-'));
  // Serve a snapshot of both builds: a `vite build` elsewhere (tests) must not swap files mid-run.
  await cp(o.appDist, join(work, 'app'), { recursive: true });
  await cp(o.benchDist, join(work, 'bench'), { recursive: true });
  const server = await startStaticServer({
    port: o.port,
    root: join(work, 'app'),
    mounts: { '/bench/': join(work, 'bench') },
  });
  const origin = `http://127.0.0.1:${o.port}`;
  // A persistent profile (fresh per run): an incognito context would keep IndexedDB in memory.
  const profile = join(work, 'profile');
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    args: CHROMIUM_ARGS,
    headless: true,
    viewport: { width: 1280, height: 720 },
    locale: 'en-US',
    serviceWorkers: 'allow',
  });
  try {
    await context.addInitScript(instrument);
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (m) => {
      if (m.text().startsWith('[bench]')) log(m.text().slice(8));
      else if (m.type() === 'error') log('page error:', m.text());
    });
    page.on('pageerror', (e) => log('page exception:', e.message));

    log(`${machine.chromium}; ${o.customers} customers; profile ${profile}`);
    await page.goto(`${origin}/bench/`);
    await page.waitForFunction(() => !!window.fieldbookBench);
    const { result: insert, queries } = await measureInsert(page, o);
    log(`insert: app ${insert.ratioAppToRaw}× raw Dexie`);
    // Still on the bench page: once the app has been opened, its service worker would answer
    // /bench/ with the app's page.
    let dedup = null;
    if (o.dedup) {
      const records = o.dedupRecords || o.customers;
      log(`dedup: full scan of ${records} synthetic customers in the worker, live checks …`);
      dedup = await runDedupBench(page, { records });
    }

    log('first rows after navigation …');
    const firstRows = await measureFirstRows(page, `${origin}/`, o.reloads);
    log(`typing ${queries.length} queries …`);
    const typing = await measureTyping(page, queries);
    log(`scrolling (cap ${o.scrollSeconds} s) …`);
    const scroll = await measureScroll(page, o.customers, o.scrollSeconds);
    const tasks = await page.evaluate(() => window.__fbBench.longTasks);

    machine.loadAverageEnd = round(os.loadavg()[0], 2);

    const results = {
      machine,
      params: {
        customers: o.customers,
        tagIndex: o.tagIndex,
        queries: queries.length,
        reloads: o.reloads,
        scrollSeconds: o.scrollSeconds,
        seed: o.seed,
        chunkSize: 500,
        viewport: '1280x720',
      },
      insert,
      firstRows,
      search: typing.result,
      scroll: scroll.result,
      dedup,
      longTasks: {
        typing: longTasksIn(tasks, typing.startedAt, typing.endedAt),
        scrolling: longTasksIn(tasks, scroll.startedAt, scroll.endedAt),
      },
    };
    const md = markdown(results);
    const jsonPath = join(o.resultsDir, 'results.json');
    await writeFile(`${jsonPath}.tmp`, `${JSON.stringify(results, null, 2)}\n`);
    await rename(`${jsonPath}.tmp`, jsonPath);
    await writeFile(join(o.resultsDir, 'results.md'), md);
    console.log(md);
  } finally {
    await context.close();
    server.close();
    if (!o.keepProfile) await rm(work, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
