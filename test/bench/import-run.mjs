// Import benchmark in Chromium (docs/ARCHITECTURE.md, "Bulk writes"; test/bench/README.md): headless
// Chromium on the bench page (test/bench/page/import-bench.ts), production build, fresh profile.
//   node test/bench/import-run.mjs [--rows 100000] [--search-rows N (default: --rows)] [--runs 1]
//                                  [--search-base 20000] [--export csv,xlsx]
//                                  [--ratio-rows 20000] [--demo 100000]
//                                  [--plan-mode stream|paged|one-message] [--port 4191] [--bench-dist DIR]
//                                  [--results-dir DIR] [--trace]
// Per run, in one page: a generated bilingual file (~5% invalid rows, ~5% duplicates) through the
// wizard's worker path (open, stored customers, validate + match, plan) and commitImport with the
// background work running and nobody searching; raw Dexie bulkPut of the plan's rows (plain, RxDB's
// table layout) in the same page and run; then a second generated file imported while a search runs
// every 100 ms (search p95 vs idle, commit rows/s while searching); the customers exported as CSV and
// .xlsx through the export worker. Long tasks per phase; peak JS heap of the page and of each worker
// (sampled over CDP every 250 ms). Medians over runs; ratios per run, then their median.
// --ratio-rows N: first, one more quiet import of an N-row file (same stored base, no search, no
// export) for the commit ratio at a second size (the issue names 20,000 and 100,000).
// --demo N: last, the demo loader's N customers into a fresh database (the same bulk path; the
// issue's "no task > 50 ms during the demo load"): its longest task, during the load and the
// catch-up. --plan-mode: how the plan reaches the writer ('stream', the wizard's: staged a page at a
// time from the worker; 'paged': the whole plan fetched onto the page first, the wizard until
// session 10; 'one-message'), for before/after figures of the hand-over and the page heap.
// Each quiet commit also reports where its write phase's wall time went (plan pages read, waiting
// for keys, writes, audit). --trace: a Chrome trace of the first quiet import's write phase (the
// --ratio-rows import when there is one): every main-thread task by wall time AND thread CPU time,
// the longest with what ran in them, and the young/full GCs (chromium.mjs traceTasks), so a task
// long only because the page waited for a core is told apart from one that worked that long.
// Writes results-import.{json,md}; no pass/fail.
import { chromium } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startStaticServer } from '../../scripts/serve.mjs';
import { machine, traceTasks } from './chromium.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const o = {
  rows: 100_000,
  searchRows: null,
  runs: 1,
  searchBase: 20_000,
  ratioRows: 0,
  demo: 0,
  exportFormats: ['csv', 'xlsx'],
  port: 4191,
  benchDist: here('../../dist-bench'),
  resultsDir: here('.'),
};
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  const v = argv[++i];
  if (a === '--rows') o.rows = Number(v);
  else if (a === '--search-rows') o.searchRows = Number(v);
  else if (a === '--runs') o.runs = Number(v);
  else if (a === '--search-base') o.searchBase = Number(v);
  else if (a === '--ratio-rows') o.ratioRows = Number(v);
  else if (a === '--demo') o.demo = Number(v);
  else if (a === '--export') o.exportFormats = String(v).split(',').filter(Boolean);
  else if (a === '--plan-mode') o.planMode = v;
  else if (a === '--port') o.port = Number(v);
  else if (a === '--bench-dist') o.benchDist = resolve(v);
  else if (a === '--results-dir') o.resultsDir = resolve(v);
  else if (a === '--trace') {
    o.trace = true;
    i--;
  } else throw new Error(`unknown argument ${a}`);
}

const median = (v) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length ? s[(s.length - 1) >> 1] : null;
};
const r2 = (x) => Math.round(x * 100) / 100;
const n = (x) => Math.round(x).toLocaleString('en-US');
const log = (...a) => console.error('[import]', ...a);
const uptime = () => execFileSync('uptime', { encoding: 'utf8' }).trim();

/**
 * Peak JS heap of the page's dedicated workers: attached over CDP (not flattened, so commands go
 * through Target.sendMessageToTarget) and asked Runtime.getHeapUsage every 250 ms.
 */
async function workerHeaps(page) {
  const cdp = await page.context().newCDPSession(page);
  const workers = new Map(); // sessionId → { name, peak }
  let nextId = 1;
  cdp.on('Target.attachedToTarget', (e) => {
    workers.set(e.sessionId, { name: e.targetInfo.title || e.targetInfo.url, peak: 0 });
  });
  cdp.on('Target.detachedFromTarget', (e) => {
    const w = workers.get(e.sessionId);
    if (w) w.detached = true;
  });
  cdp.on('Target.receivedMessageFromTarget', (e) => {
    const msg = JSON.parse(e.message);
    const w = workers.get(e.sessionId);
    if (w && msg.result?.usedSize !== undefined) w.peak = Math.max(w.peak, msg.result.usedSize);
  });
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
  const timer = setInterval(() => {
    for (const [sessionId, w] of workers) {
      if (w.detached) continue;
      const message = JSON.stringify({ id: nextId++, method: 'Runtime.getHeapUsage' });
      cdp.send('Target.sendMessageToTarget', { sessionId, message }).catch(() => (w.detached = true));
    }
  }, 250);
  return {
    /** Peak per worker name (MB), and resets the peaks. */
    take() {
      const out = {};
      for (const w of workers.values()) {
        const mb = Math.round(w.peak / 1e5) / 10;
        out[w.name] = Math.max(out[w.name] ?? 0, mb);
        w.peak = 0;
      }
      return out;
    },
    stop: () => clearInterval(timer),
  };
}

/** The first quiet import is traced when --trace asks (its write phase: import-bench.ts marks). */
let traceLeft = o.trace === true;
async function maybeTraced(page, call) {
  if (!traceLeft) return { result: await call(), tasks: null };
  traceLeft = false;
  const before = machine().loadAverage;
  const traced = await traceTasks(page, call, {
    between: ['fieldbook-import-write-start', 'fieldbook-import-write-end'],
  });
  traced.tasks.loadAverage = [before, machine().loadAverage];
  log(`write phase traced: ${JSON.stringify(traced.tasks)}`);
  return traced;
}

const work = await mkdtemp(join(os.tmpdir(), 'fieldbook-import-'));
await cp(o.benchDist, join(work, 'bench'), { recursive: true });
const server = await startStaticServer({
  port: o.port,
  root: join(work, 'bench'),
  mounts: { '/bench/': join(work, 'bench') },
});
const context = await chromium.launchPersistentContext(join(work, 'profile'), {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    // performance.memory with real figures (not bucketed).
    '--enable-precise-memory-info',
  ],
  headless: true,
});
const results = { date: new Date().toISOString(), uptimeStart: uptime(), params: o, runs: [], median: null };
try {
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (m) => m.text().startsWith('[bench]') && log(m.text().slice(8)));
  page.on('pageerror', (e) => log('page exception:', e.message));
  await page.goto(`http://127.0.0.1:${o.port}/bench/`);
  await page.waitForFunction(() => !!window.fieldbookImport);
  const heaps = await workerHeaps(page);
  if (o.ratioRows > 0) {
    log(`quiet import of ${o.ratioRows} rows for the commit ratio at that size …`);
    const { result: r, tasks: traced } = await maybeTraced(page, () =>
      page.evaluate((a) => window.fieldbookImport.importFile(a), {
        rows: o.ratioRows,
        searchRows: 0,
        seed: 11,
        now: Date.now(),
        name: 'bench-import-ratio',
        searchBase: o.searchBase,
        exportFormats: [],
        planMode: o.planMode ?? 'stream',
      }),
    );
    results.ratioRun = {
      writeTrace: traced,
      rows: o.ratioRows,
      planRows: r.planRows,
      commitRowsPerSec: (r.planRows / r.ms.write) * 1000,
      rawLayoutRowsPerSec: (r.planRows / r.raw.rxLayout.ms) * 1000,
      ratioWriteToLayout: r.raw.rxLayout.ms / r.ms.write,
      catchUpMs: r.ms.catchUp,
      longTasks: r.longTasks,
      writeTimings: r.writeTimings,
      writeMs: r.ms.write,
      stageMs: r.ms.stage,
      mainHeap: r.mainHeap,
    };
    log(`ratio run: ${JSON.stringify(results.ratioRun)}`);
    heaps.take();
  }
  for (let run = 0; run < o.runs; run++) {
    log(`run ${run + 1}/${o.runs}: ${o.rows} rows, ${o.searchBase} stored …`);
    const { result: r, tasks: traced } = await maybeTraced(page, () =>
      page.evaluate((a) => window.fieldbookImport.importFile(a), {
        rows: o.rows,
        searchRows: o.searchRows ?? o.rows,
        seed: 12 + run,
        now: Date.now(),
        name: `bench-import-${run}`,
        searchBase: o.searchBase,
        exportFormats: o.exportFormats,
        planMode: o.planMode ?? 'stream',
      }),
    );
    r.writeTrace = traced;
    r.workerHeapsMb = heaps.take();
    const perSec = (rows, ms) => (rows / ms) * 1000;
    const ph = r.report.phases;
    const s = r.searching;
    r.derived = {
      validateRowsPerSec: perSec(r.file.rows, r.ms.validate),
      // The worker's phases (wall time in the worker, which runs alone on its thread).
      parseRowsPerSec: perSec(r.file.rows, ph.parse),
      validateOnlyRowsPerSec: perSec(r.file.rows, ph.validate),
      parseValidateRowsPerSec: perSec(r.file.rows, ph.parse + ph.validate),
      standardizeRowsPerSec: perSec(r.file.rows, ph.standardize),
      matchStoredRowsPerSec: perSec(r.file.rows, ph.matchStored),
      matchInFileRowsPerSec: perSec(r.file.rows, ph.matchInFile),
      preCommitRowsPerSec: perSec(r.file.rows, r.ms.preCommit),
      commitWriteRowsPerSec: perSec(r.planRows, r.ms.write),
      commitWithStageRowsPerSec: perSec(r.planRows, r.ms.stage + r.ms.write),
      rawPlainRowsPerSec: perSec(r.planRows, r.raw.plain.ms),
      rawLayoutRowsPerSec: perSec(r.planRows, r.raw.rxLayout.ms),
      ratioWriteToLayout: r.raw.rxLayout.ms / r.ms.write,
      ratioWriteToPlain: r.raw.plain.ms / r.ms.write,
      searchRatio: s && s.search.idle.p95 > 0 ? s.search.during.p95 / s.search.idle.p95 : null,
      searchingCommitRowsPerSec: s ? perSec(s.planRows, s.ms.write) : null,
      searchingRatioToLayout: s ? perSec(s.planRows, s.ms.write) / perSec(r.planRows, r.raw.rxLayout.ms) : null,
    };
    results.runs.push(r);
    log(
      `run ${run + 1}: parse + validate ${n(r.derived.parseValidateRowsPerSec)} rows/s, all pre-commit ${n(r.derived.preCommitRowsPerSec)} rows/s, commit ${n(r.derived.commitWriteRowsPerSec)} rows/s ` +
        `(layout ${n(r.derived.rawLayoutRowsPerSec)}, ratio ${r2(r.derived.ratioWriteToLayout)}), whole ${n(r.ms.whole / 1000)} s, ` +
        `longest task ${r.longTasks.whole.maxMs} ms (plan ${r.longTasks.plan.maxMs}, staging ${r.longTasks.stage.maxMs}, write ${r.longTasks.write.maxMs}), ` +
        `page heap peak ${r.mainHeap.peakMb} MB, write phase ${n(r.ms.write)} ms of which ${JSON.stringify(r.writeTimings)}; searching: p95 ${r2(r.derived.searchRatio ?? 0)}x idle, commit ${n(r.derived.searchingCommitRowsPerSec ?? 0)} rows/s`,
    );
  }
  if (o.demo > 0) {
    log(`demo load of ${o.demo} customers …`);
    results.demo = await page.evaluate((a) => window.fieldbookBulk.demoLoad(a), {
      count: o.demo,
      seed: 7,
      now: Date.now(),
      name: 'import-bench-demo',
    });
  }
  heaps.stop();
} finally {
  await context.close();
  server.close();
  await rm(work, { recursive: true, force: true });
}
results.uptimeEnd = uptime();

const runs = results.runs;
const med = (f) => median(runs.map(f));
const maxOf = (f) => Math.max(...runs.map(f));
const m = {
  validateRowsPerSec: med((r) => r.derived.validateRowsPerSec),
  parseRowsPerSec: med((r) => r.derived.parseRowsPerSec),
  validateOnlyRowsPerSec: med((r) => r.derived.validateOnlyRowsPerSec),
  parseValidateRowsPerSec: med((r) => r.derived.parseValidateRowsPerSec),
  standardizeRowsPerSec: med((r) => r.derived.standardizeRowsPerSec),
  matchStoredRowsPerSec: med((r) => r.derived.matchStoredRowsPerSec),
  matchInFileRowsPerSec: med((r) => r.derived.matchInFileRowsPerSec),
  preCommitRowsPerSec: med((r) => r.derived.preCommitRowsPerSec),
  preCommitMs: med((r) => r.ms.preCommit),
  storedFetchMs: med((r) => r.ms.stored),
  commitWriteRowsPerSec: med((r) => r.derived.commitWriteRowsPerSec),
  commitWithStageRowsPerSec: med((r) => r.derived.commitWithStageRowsPerSec),
  rawPlainRowsPerSec: med((r) => r.derived.rawPlainRowsPerSec),
  rawLayoutRowsPerSec: med((r) => r.derived.rawLayoutRowsPerSec),
  ratioWriteToLayout: med((r) => r.derived.ratioWriteToLayout),
  ratioWriteToPlain: med((r) => r.derived.ratioWriteToPlain),
  wholeMs: med((r) => r.ms.whole),
  catchUpMs: med((r) => r.ms.catchUp),
  planMs: med((r) => r.ms.plan),
  longest: Object.fromEntries(Object.keys(runs[0].longTasks).map((k) => [k, maxOf((r) => r.longTasks[k].maxMs)])),
  longTasksWhole: med((r) => r.longTasks.whole.count),
  mainHeapPeakMb: maxOf((r) => r.mainHeap.peakMb),
  workerHeapsMb: Object.fromEntries(
    Object.keys(runs[0].workerHeapsMb).map((k) => [k, maxOf((r) => r.workerHeapsMb[k] ?? 0)]),
  ),
  searchIdleP95: med((r) => r.searching?.search.idle.p95 ?? 0),
  searchDuringP95: med((r) => r.searching?.search.during.p95 ?? 0),
  searchRatio: med((r) => r.derived.searchRatio ?? 0),
  searchingCommitRowsPerSec: med((r) => r.derived.searchingCommitRowsPerSec ?? 0),
  searchingRatioToLayout: med((r) => r.derived.searchingRatioToLayout ?? 0),
  searchingLongestWrite: maxOf((r) => r.searching?.longTasks.write.maxMs ?? 0),
  exports: Object.fromEntries(
    o.exportFormats.map((f) => [
      f,
      {
        totalMs: med((r) => r.exports[f].totalMs),
        readMs: med((r) => r.exports[f].readMs),
        writeMs: med((r) => r.exports[f].writeMs),
        rows: runs[0].exports[f].rows,
        mb: Math.round(runs[0].exports[f].bytes / 1e5) / 10,
        longestMs: maxOf((r) => r.exports[f].longTasks.maxMs),
      },
    ]),
  ),
};
results.median = m;
const r0 = runs[0];
const lines = [
  `## Import in Chromium — ${results.date.slice(0, 10)}`,
  '',
  `\`uptime\` before: ${results.uptimeStart}`,
  `\`uptime\` after: ${results.uptimeEnd}`,
  '',
  `Medians of ${o.runs} run(s). File: ${n(r0.file.rows)} rows (${n(r0.file.invalid)} made invalid, ${Math.round(r0.file.bytes / 1e5) / 10} MB UTF-8), ` +
    `report: ${n(r0.report.valid)} valid, ${n(r0.report.rejected)} rejected, ${n(r0.report.duplicates.inFile)} duplicates in the file, ` +
    `${n(r0.report.duplicates.stored)} of stored customers; ${n(r0.planRows)} rows committed into a database of ${n(o.searchBase)} demo customers.`,
  '',
  `Before the commit (the import worker's phases, wall time in the worker; rows/s of the ${n(r0.file.rows)} rows read):`,
  '',
  '| parse (decode + papaparse) | validate + normalize | **parse + validate** (target ≥ 20,000) | standardize for matching | match against stored customers | duplicates within the file | whole pre-commit (open, stored customers fetched, validate + match, plan to the page) |',
  '| --- | --- | --- | --- | --- | --- | --- |',
  `| ${n(m.parseRowsPerSec)} rows/s | ${n(m.validateOnlyRowsPerSec)} rows/s | **${n(m.parseValidateRowsPerSec)} rows/s** | ${n(m.standardizeRowsPerSec)} rows/s | ${n(m.matchStoredRowsPerSec)} rows/s (${n(o.searchBase)} stored) | ${n(m.matchInFileRowsPerSec)} rows/s | ${n(m.preCommitRowsPerSec)} rows/s (${r2(m.preCommitMs / 1000)} s, of which fetching the stored customers ${r2(m.storedFetchMs / 1000)} s) |`,
  '',
  'Commit, nobody searching (the ratio the issue names):',
  '',
  '| commit, write phase | raw Dexie bulkPut | raw Dexie, RxDB layout | ratio to layout (target ≥ 0.9×) | whole import (target ≤ 120 s) | derived catch-up after |',
  '| --- | --- | --- | --- | --- | --- |',
  `| ${n(m.commitWriteRowsPerSec)} rows/s | ${n(m.rawPlainRowsPerSec)} rows/s | ${n(m.rawLayoutRowsPerSec)} rows/s | **${r2(m.ratioWriteToLayout)}×** | **${r2(m.wholeMs / 1000)} s** | ${r2(m.catchUpMs / 1000)} s |`,
  '',
  `Plan to the writer: ${runs[0].planMode}. Write phase of run 1: ${n(runs[0].ms.write)} ms, of which plan pages read ${n(runs[0].writeTimings?.plan ?? 0)} ms, waiting for search keys ${n(runs[0].writeTimings?.keys ?? 0)} ms, customer writes (with journal) ${n(runs[0].writeTimings?.write ?? 0)} ms, audit entries ${n(runs[0].writeTimings?.audit ?? 0)} ms (the rest: yielding between chunks, the read gate, heartbeats).`,
  '',
  `Longest main-thread task (target ≤ 50 ms): whole import **${m.longest.whole} ms** (${m.longTasksWhole} long tasks); ` +
    `stored customers to the worker ${m.longest.stored ?? '—'} ms, validate ${m.longest.validate} ms, plan to the page ${m.longest.plan} ms (${n(m.planMs)} ms), staging ${m.longest.stage} ms, write ${m.longest.write} ms, catch-up ${m.longest.catchUp} ms.`,
  '',
  `Peak JS heap: page ${m.mainHeapPeakMb} MB; workers ${Object.entries(m.workerHeapsMb)
    .map(([k, v]) => `${k} ${v} MB`)
    .join(', ')}.`,
  '',
  ...(o.searchBase > 0
    ? [
        `Second import (${n(runs[0].searching?.rows ?? 0)} rows of another generated file) while a search (searchCustomers, a query every 100 ms) runs: search p95 idle ${r2(m.searchIdleP95)} ms, during the import ${r2(m.searchDuringP95)} ms — **${r2(m.searchRatio)}×** idle (target ≤ 2×); its commit ${n(m.searchingCommitRowsPerSec)} rows/s = **${r2(m.searchingRatioToLayout)}×** the quiet raw layout figure; longest task of that write ${m.searchingLongestWrite} ms.`,
        '',
      ]
    : []),
  ...(results.ratioRun
    ? [
        `Quiet import of ${n(results.ratioRun.rows)} rows (${n(results.ratioRun.planRows)} committed, same stored base): commit ${n(results.ratioRun.commitRowsPerSec)} rows/s vs raw Dexie into RxDB's layout ${n(results.ratioRun.rawLayoutRowsPerSec)} rows/s = **${r2(results.ratioRun.ratioWriteToLayout)}×** (target ≥ 0.9×); longest task ${results.ratioRun.longTasks.whole.maxMs} ms (write ${results.ratioRun.longTasks.write.maxMs}, plan ${results.ratioRun.longTasks.plan.maxMs}, catch-up ${results.ratioRun.longTasks.catchUp.maxMs} ms; catch-up ${r2(results.ratioRun.catchUpMs / 1000)} s).`,
        '',
      ]
    : []),
  ...[results.ratioRun?.writeTrace, r0.writeTrace]
    .filter(Boolean)
    .map(
      (t) =>
        `Write phase traced (${n(t.window.ms)} ms, load average ${t.loadAverage[0].join(' ')} → ${t.loadAverage[1].join(' ')}): ${n(t.count)} main-thread tasks; over 50 ms by wall time ${t.over50Wall} (longest ${t.longestWallMs} ms), by thread CPU time **${t.over50Cpu}** (longest ${t.longestCpuMs} ms); main-thread CPU ${n(t.mainCpuMs)} ms; young GCs ${t.gc.MinorGC.count} (${t.gc.MinorGC.cpuMs} ms CPU, longest ${t.gc.MinorGC.longestWallMs} ms wall), full GCs ${t.gc.MajorGC.count} (longest ${t.gc.MajorGC.longestWallMs} ms wall).\n`,
    ),
  ...(results.demo
    ? [
        `Demo load, ${n(o.demo)} customers (${n(results.demo.rows)} rows): ${r2(results.demo.ms / 1000)} s + ${r2(results.demo.catchUpMs / 1000)} s catch-up; long tasks during the load ${results.demo.longTasks.count}, longest **${results.demo.longTasks.maxMs} ms**; during the catch-up ${results.demo.longTasksCatchUp.count}, longest **${results.demo.longTasksCatchUp.maxMs} ms** (target: none > 50 ms).`,
        '',
      ]
    : []),
  ...Object.entries(m.exports).map(
    ([f, e]) =>
      `Export ${f} of ${n(e.rows)} customers (target ≤ 5 s): **${r2(e.totalMs / 1000)} s** (reading pages and handing them over ${r2(e.readMs / 1000)} s, writing in the worker ${r2(e.writeMs / 1000)} s), ${e.mb} MB; longest main-thread task ${e.longestMs} ms.`,
  ),
  '',
];
const md = lines.join('\n');
await writeFile(join(o.resultsDir, 'results-import.json'), `${JSON.stringify(results, null, 2)}\n`);
await writeFile(join(o.resultsDir, 'results-import.md'), `${md}\n`);
console.log(md);
