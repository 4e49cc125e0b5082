// Bulk-write benchmark (docs/ARCHITECTURE.md, "Bulk writes"; test/bench/README.md): headless
// Chromium on the bench page (test/bench/page/bulk-bench.ts), production build, fresh profile.
//   node test/bench/bulk-run.mjs [--sizes 20000,100000] [--runs 3] [--demo 100000] [--search-base 20000]
//                                [--port 4190] [--bench-dist DIR] [--results-dir DIR]
// Per size and run, in one page: raw Dexie bulkPut of the plan's customer documents (plain indexes,
// then RxDB's table layout), then the app's commitImport of the same rows with the background work
// running. Medians over runs; ratios are per run (same-run baseline), then their median. Also the
// longest main-thread task during each commit and during the demo load (measured chunks), and
// search p95 while an import runs vs idle. Writes results-bulk.{json,md}; no pass/fail.
import { chromium } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startStaticServer } from '../../scripts/serve.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const o = {
  sizes: [20_000, 100_000],
  runs: 3,
  demo: 100_000,
  searchBase: 20_000,
  port: 4190,
  benchDist: here('../../dist-bench'),
  resultsDir: here('.'),
};
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  const v = argv[++i];
  if (a === '--sizes') o.sizes = String(v).split(',').map(Number);
  else if (a === '--runs') o.runs = Number(v);
  else if (a === '--demo') o.demo = Number(v);
  else if (a === '--search-base') o.searchBase = Number(v);
  else if (a === '--port') o.port = Number(v);
  else if (a === '--bench-dist') o.benchDist = resolve(v);
  else if (a === '--results-dir') o.resultsDir = resolve(v);
  else throw new Error(`unknown argument ${a}`);
}

const median = (v) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length ? s[(s.length - 1) >> 1] : null;
};
const r2 = (x) => Math.round(x * 100) / 100;
const n = (x) => Math.round(x).toLocaleString('en-US');
const log = (...a) => console.error('[bulk]', ...a);
const uptime = () => execFileSync('uptime', { encoding: 'utf8' }).trim();

const work = await mkdtemp(join(os.tmpdir(), 'fieldbook-bulk-'));
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
  ],
  headless: true,
});
const results = {
  date: new Date().toISOString(),
  uptimeStart: uptime(),
  params: o,
  sizes: {},
  demo: null,
  search: null,
};
try {
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (m) => m.text().startsWith('[bench]') && log(m.text().slice(8)));
  page.on('pageerror', (e) => log('page exception:', e.message));
  await page.goto(`http://127.0.0.1:${o.port}/bench/`);
  await page.waitForFunction(() => !!window.fieldbookBulk);
  const seed = 20_240_601;
  for (const count of o.sizes) {
    const runs = [];
    for (let run = 0; run < o.runs; run++) {
      const now = Date.now();
      log(`${count}: run ${run + 1}/${o.runs}: raw baselines …`);
      const raw = await page.evaluate((a) => window.fieldbookBulk.rawPair(a), {
        count,
        seed: seed + run,
        now,
        chunk: 500,
      });
      log(`${count}: run ${run + 1}: commit …`);
      const commit = await page.evaluate((a) => window.fieldbookBulk.commit(a), {
        count,
        seed: seed + run,
        now,
        name: `bulk-${count}-${run}`,
      });
      if (commit.stored !== count || raw.plain.stored !== count)
        throw new Error(`row counts differ: ${JSON.stringify({ raw, commit })}`);
      const perSec = (ms) => (count / ms) * 1000;
      runs.push({
        rawPlainRowsPerSec: perSec(raw.plain.ms),
        rawLayoutRowsPerSec: perSec(raw.rxLayout.ms),
        commitWriteRowsPerSec: perSec(commit.writeMs),
        commitTotalRowsPerSec: perSec(commit.totalMs),
        ratioWriteToLayout: raw.rxLayout.ms / commit.writeMs,
        ratioTotalToLayout: raw.rxLayout.ms / commit.totalMs,
        ratioWriteToPlain: raw.plain.ms / commit.writeMs,
        raw,
        commit,
      });
      log(
        `${count}: run ${run + 1}: commit ${n(perSec(commit.writeMs))} rows/s (write phase), layout ${n(perSec(raw.rxLayout.ms))}, ratio ${r2(raw.rxLayout.ms / commit.writeMs)}; longest task ${commit.longTasks.maxMs} ms`,
      );
    }
    const med = (f) => median(runs.map(f));
    results.sizes[count] = {
      runs,
      median: {
        rawPlainRowsPerSec: med((r) => r.rawPlainRowsPerSec),
        rawLayoutRowsPerSec: med((r) => r.rawLayoutRowsPerSec),
        commitWriteRowsPerSec: med((r) => r.commitWriteRowsPerSec),
        commitTotalRowsPerSec: med((r) => r.commitTotalRowsPerSec),
        ratioWriteToLayout: med((r) => r.ratioWriteToLayout),
        ratioTotalToLayout: med((r) => r.ratioTotalToLayout),
        ratioWriteToPlain: med((r) => r.ratioWriteToPlain),
        stageMs: med((r) => r.commit.stageMs),
        catchUpMs: med((r) => r.commit.catchUpMs),
        longestTaskMs: Math.max(...runs.map((r) => r.commit.longTasks.maxMs)),
        longTasks: med((r) => r.commit.longTasks.count),
        longestTaskCatchUpMs: Math.max(...runs.map((r) => r.commit.longTasksCatchUp.maxMs)),
        rawLayoutLongestTaskMs: Math.max(...runs.map((r) => r.raw.rxLayout.longTasks.maxMs)),
        chunkSizes: runs[0].commit.chunkSizes,
      },
    };
  }
  if (o.searchBase > 0) {
    log(`search p95 idle vs during a ${o.sizes[0]}-row import over ${o.searchBase} customers …`);
    results.search = await page.evaluate((a) => window.fieldbookBulk.searchWhileImporting(a), {
      base: o.searchBase,
      count: o.sizes[0],
      seed,
      now: Date.now(),
      name: 'bulk-search',
    });
  }
  if (o.demo > 0) {
    log(`demo load of ${o.demo} customers (measured chunks) …`);
    results.demo = await page.evaluate((a) => window.fieldbookBulk.demoLoad(a), {
      count: o.demo,
      seed,
      now: Date.now(),
      name: 'bulk-demo',
    });
  }
} finally {
  await context.close();
  server.close();
  await rm(work, { recursive: true, force: true });
}
results.uptimeEnd = uptime();

const lines = [
  `## Bulk writes — ${results.date.slice(0, 10)}`,
  '',
  `\`uptime\` before: ${results.uptimeStart}`,
  `\`uptime\` after: ${results.uptimeEnd}`,
  '',
  `Medians of ${o.runs} run(s); ratios are taken per run against the same run's baseline, then the median. Customers only (all rows create), chunks of 500 for the baselines, measured chunks for the commit.`,
  '',
  '| Rows | raw Dexie bulkPut | raw Dexie, RxDB layout | commit, write phase | ratio to layout (target ≥ 0.9×) | commit incl. staging the plan | ratio incl. staging | derived catch-up after | longest task during commit (target ≤ 50 ms) | long tasks | chunk sizes min/median/max |',
  '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ...Object.entries(results.sizes).map(([count, s]) => {
    const m = s.median;
    return `| ${n(Number(count))} | ${n(m.rawPlainRowsPerSec)} rows/s | ${n(m.rawLayoutRowsPerSec)} rows/s | ${n(m.commitWriteRowsPerSec)} rows/s | **${r2(m.ratioWriteToLayout)}×** | ${n(m.commitTotalRowsPerSec)} rows/s | ${r2(m.ratioTotalToLayout)}× | ${n(m.catchUpMs)} ms (longest task ${m.longestTaskCatchUpMs} ms) | **${m.longestTaskMs} ms** (raw layout: ${m.rawLayoutLongestTaskMs} ms) | ${m.longTasks} | ${m.chunkSizes.min}/${m.chunkSizes.median}/${m.chunkSizes.max} |`;
  }),
  '',
  ...(results.search
    ? [
        `Search (searchCustomers, ${n(o.searchBase)} customers, a query every 100 ms): p95 idle ${r2(results.search.idle.p95)} ms (${results.search.idle.n} queries), while a ${n(o.sizes[0])}-row import commits ${r2(results.search.during.p95)} ms (${results.search.during.n} queries) — **${r2(results.search.during.p95 / results.search.idle.p95)}×** idle (target ≤ 2×).`,
        '',
      ]
    : []),
  ...(results.demo
    ? [
        `Demo load, ${n(o.demo)} customers (${n(results.demo.rows)} rows, measured chunks, background work held and caught up after): ${n(results.demo.ms / 1000)} s + ${n(results.demo.catchUpMs / 1000)} s catch-up; long tasks during the load ${results.demo.longTasks.count}, longest **${results.demo.longTasks.maxMs} ms**; during the catch-up ${results.demo.longTasksCatchUp.count}, longest ${results.demo.longTasksCatchUp.maxMs} ms.`,
        '',
      ]
    : []),
];
const md = lines.join('\n');
await writeFile(join(o.resultsDir, 'results-bulk.json'), `${JSON.stringify(results, null, 2)}\n`);
await writeFile(join(o.resultsDir, 'results-bulk.md'), `${md}\n`);
console.log(md);
