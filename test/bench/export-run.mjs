// Export benchmark in Chromium (docs/ARCHITECTURE.md, "Export"; test/bench/README.md): headless
// Chromium on the bench page (test/bench/page/export-bench.ts), production build, fresh profile.
//   node test/bench/export-run.mjs [--rows 100000] [--runs 3] [--formats csv,xlsx] [--no-previous]
//                                  [--measures] [--profile DIR] [--port 4192] [--bench-dist DIR] [--results-dir DIR]
// One database of `rows` demo customers (with their orders, interactions and surveys) filled once;
// then per run and format: the app's export of every customer (src/state/customer-export-run.ts)
// and the previous path (main 3a9e809) in the same page, alternating which goes first. Wall time,
// longest main-thread task, bytes, progress reports; medians over runs and the median of the per-run
// ratios. `--profile DIR` writes a CPU profile of the page's thread per export (Chromium Profiler
// over CDP). Writes results-export.{json,md}; no pass/fail.
import { chromium } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startStaticServer } from '../../scripts/serve.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const o = {
  rows: 100_000,
  runs: 3,
  formats: ['csv', 'xlsx'],
  previous: true,
  measures: false,
  profile: null,
  port: 4192,
  benchDist: here('../../dist-bench'),
  resultsDir: here('.'),
};
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === '--no-previous') o.previous = false;
  else if (a === '--measures') o.measures = true;
  else {
    const v = argv[++i];
    if (a === '--rows') o.rows = Number(v);
    else if (a === '--runs') o.runs = Number(v);
    else if (a === '--formats') o.formats = String(v).split(',').filter(Boolean);
    else if (a === '--profile') o.profile = resolve(v);
    else if (a === '--port') o.port = Number(v);
    else if (a === '--bench-dist') o.benchDist = resolve(v);
    else if (a === '--results-dir') o.resultsDir = resolve(v);
    else throw new Error(`unknown argument ${a}`);
  }
}

const median = (v) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length ? s[(s.length - 1) >> 1] : null;
};
const r2 = (x) => Math.round(x * 100) / 100;
const n = (x) => Math.round(x).toLocaleString('en-US');
const log = (...a) => console.error('[export]', ...a);
const uptime = () => execFileSync('uptime', { encoding: 'utf8' }).trim();

const work = await mkdtemp(join(os.tmpdir(), 'fieldbook-export-'));
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
const results = { date: new Date().toISOString(), uptimeStart: uptime(), params: o, fill: null, runs: [] };
try {
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (m) => m.text().startsWith('[bench]') && log(m.text().slice(8)));
  page.on('pageerror', (e) => log('page exception:', e.message));
  await page.goto(`http://127.0.0.1:${o.port}/bench/`);
  await page.waitForFunction(() => !!window.fieldbookExport);
  const cdp = o.profile ? await page.context().newCDPSession(page) : null;
  if (cdp) {
    await mkdir(o.profile, { recursive: true });
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  }
  log(`fill: ${o.rows} demo customers …`);
  results.fill = await page.evaluate((a) => window.fieldbookExport.fill(a), {
    count: o.rows,
    seed: 4242,
    now: Date.now(),
    name: 'bench-export',
  });
  log(`filled ${results.fill.customers} customers in ${r2(results.fill.ms / 1000)} s`);
  for (let run = 0; run < o.runs; run++) {
    const r = {};
    for (const format of o.formats) {
      const paths = o.previous ? (run % 2 === 0 ? ['app', 'previous'] : ['previous', 'app']) : ['app'];
      r[format] = {};
      for (const path of paths) {
        if (cdp) await cdp.send('Profiler.start');
        const one = await page.evaluate((a) => window.fieldbookExport.exportOnce(a), {
          format,
          path,
          withMeasures: o.measures,
        });
        if (cdp) {
          const { profile } = await cdp.send('Profiler.stop');
          await writeFile(join(o.profile, `${format}-${path}-${run + 1}.cpuprofile`), JSON.stringify(profile));
        }
        r[format][path] = one;
        log(
          `run ${run + 1} ${format} ${path}: ${n(one.rows)} rows in ${r2(one.ms / 1000)} s, ` +
            `${r2(one.bytes / 1e6)} MB, longest task ${one.longTasks.maxMs} ms (${one.longTasks.count}), ${one.progressCalls} progress reports`,
        );
      }
    }
    results.runs.push(r);
  }
  await page.evaluate(() => window.fieldbookExport.done());
} finally {
  await context.close();
  server.close();
  await rm(work, { recursive: true, force: true });
}
results.uptimeEnd = uptime();

const runs = results.runs;
const summary = Object.fromEntries(
  o.formats.map((f) => {
    const app = runs.map((r) => r[f].app);
    const prev = o.previous ? runs.map((r) => r[f].previous) : [];
    return [
      f,
      {
        rows: app[0].rows,
        mb: r2(app[0].bytes / 1e6),
        appMs: median(app.map((x) => x.ms)),
        appLongestMs: Math.max(...app.map((x) => x.longTasks.maxMs)),
        appLongTasks: median(app.map((x) => x.longTasks.count)),
        progressReports: median(app.map((x) => x.progressCalls)),
        previousMs: o.previous ? median(prev.map((x) => x.ms)) : null,
        ratio: o.previous ? median(runs.map((r) => r[f].previous.ms / r[f].app.ms)) : null,
      },
    ];
  }),
);
results.median = summary;
const lines = [
  `## Export in Chromium — ${results.date.slice(0, 10)}`,
  '',
  `\`uptime\` before: ${results.uptimeStart}`,
  `\`uptime\` after: ${results.uptimeEnd}`,
  '',
  `Medians of ${o.runs} run(s); every customer of a database of ${n(results.fill.customers)} demo customers${o.measures ? ', with the measure columns' : ''}. ` +
    'The previous path (main 3a9e809) runs in the same page and run; the ratio is taken per run, then the median.',
  '',
  '| Format | rows | file | app export (target ≤ 5 s) | longest main-thread task (target ≤ 50 ms) | progress reports | previous path | previous ÷ app |',
  '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ...Object.entries(summary).map(
    ([f, s]) =>
      `| ${f} | ${n(s.rows)} | ${s.mb} MB | **${r2(s.appMs / 1000)} s** | ${s.appLongestMs} ms (${s.appLongTasks} long tasks) | ${s.progressReports} | ` +
      `${s.previousMs === null ? '—' : `${r2(s.previousMs / 1000)} s`} | ${s.ratio === null ? '—' : `${r2(s.ratio)}×`} |`,
  ),
  '',
];
const md = lines.join('\n');
await writeFile(join(o.resultsDir, 'results-export.json'), `${JSON.stringify(results, null, 2)}\n`);
await writeFile(join(o.resultsDir, 'results-export.md'), `${md}\n`);
console.log(md);
