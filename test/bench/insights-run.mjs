// Fieldbook Insights benchmark: headless Debian Chromium against the production build.
//   npx vite build && npx vite build -c test/bench/insights-vite.config.ts && node test/bench/insights-run.mjs
//   node test/bench/insights-run.mjs [--customers 100000] [--orders-per-customer 10] [--repeat 5] [--port 4194] [--seed N] [--app-dist DIR] [--bench-dist DIR] [--keep-profile] [--profile DIR]
// --profile DIR keeps the browser profile (and so the database) in DIR: a later run with the same
// DIR, size, seed and port skips step 1 and reuses its figures (the load of 100k × 1M takes long;
// this lets the timed steps run later on a quiet machine). The report says when figures are reused.
// Measures, on the app's own database in a fresh persistent profile:
// 1. loading the demo data (N customers × K orders) and building the derived per-customer measures once;
// 2. in the stats worker, after the measures exist: feeding the rows, then overview, Pearson and
//    Spearman correlation matrices, RFM, satisfaction vs spend, risks (round trips from the main thread);
// 3. one new order: insert → measures follower → worker → overview including it;
// 4. the app opening #/insights/overview: time until the figures show and the longest main-thread
//    task from navigation until then (plus 1 s).
// Writes test/bench/insights-results.json and insights-results.md. No assertions: targets are printed.
import { chromium } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startStaticServer } from '../../scripts/serve.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

function parseArgs(argv) {
  const o = {
    customers: 100_000,
    ordersPerCustomer: 10,
    repeat: 5,
    port: 4194,
    seed: 20_261_124,
    appDist: here('../../dist'),
    benchDist: here('../../dist-bench-insights'),
    keepProfile: false,
    profile: null,
    out: here('./insights-results'),
  };
  const names = {
    '--customers': 'customers',
    '--orders-per-customer': 'ordersPerCustomer',
    '--repeat': 'repeat',
    '--port': 'port',
    '--seed': 'seed',
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--keep-profile') o.keepProfile = true;
    else if (a === '--rebuild') o.rebuild = true;
    else if (a === '--app-dist') o.appDist = resolve(String(argv[++i]));
    else if (a === '--bench-dist') o.benchDist = resolve(String(argv[++i]));
    else if (a === '--out') o.out = resolve(String(argv[++i]));
    else if (a === '--profile') o.profile = resolve(String(argv[++i]));
    else if (names[a]) {
      const v = Number(String(argv[++i] ?? '').replace(/[_,]/g, ''));
      if (!Number.isFinite(v) || v <= 0) throw new Error(`${a} needs a positive number`);
      o[names[a]] = Math.floor(v);
    } else throw new Error(`unknown argument ${a}`);
  }
  return o;
}

function chromiumPath() {
  const found = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser']
    .filter(Boolean)
    .find((p) => existsSync(p));
  if (!found) throw new Error('No Chromium found (apt-get install -y chromium, or set CHROMIUM_PATH).');
  return found;
}

const round = (x, d = 1) => (x === null || x === undefined ? null : Math.round(x * 10 ** d) / 10 ** d);
const median = (v) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : null;
};
const log = (...a) => console.log(`[insights-bench ${new Date().toISOString().slice(11, 19)}]`, ...a);

// Long tasks of app pages (not of the bench page), installed before any script runs. The page
// itself notes when the "Customers" figure shows and says so on the console: waiting with
// page.waitForFunction would evaluate Playwright's injected script (~30–40 ms) in the page while
// the long tasks are being recorded.
function instrument() {
  if (location.pathname.startsWith('/bench-insights/')) return;
  const tasks = [];
  const state = { tasks, figuresAt: null };
  window.__fbInsights = state;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) tasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  const timer = setInterval(() => {
    const dd = document.querySelector('dd[data-figure="customers"]');
    if (dd && dd.textContent && dd.textContent !== '0') {
      state.figuresAt = performance.now();
      clearInterval(timer);
      console.log('[fieldbook-insights-figures]');
    }
  }, 50);
  const ready = setInterval(() => {
    if (document.body?.dataset.ready === 'true') {
      clearInterval(ready);
      console.log('[fieldbook-ready]');
    }
  }, 50);
}

/** Long tasks of the current app page that start between two moments (ms since navigation). */
function tasksBetween(fromMs, untilMs) {
  const tasks = window.__fbInsights.tasks.filter((t) => t.start + t.duration >= fromMs && t.start <= untilMs);
  return {
    longTasks: tasks.length,
    longestTaskMs: tasks.reduce((m, t) => Math.max(m, t.duration), 0),
    tasks: tasks.map((t) => [Math.round(t.start), Math.round(t.duration)]),
  };
}

/** Long tasks of the current app page from navigation until `untilMs`, split at the db-open mark. */
function openFigures(untilMs) {
  const dbOpen = performance.getEntriesByName('fieldbook:db-open')[0]?.startTime ?? null;
  const tasks = window.__fbInsights.tasks.filter((t) => t.start <= untilMs);
  const afterDb = dbOpen === null ? [] : tasks.filter((t) => t.start >= dbOpen);
  const beforeDb = dbOpen === null ? tasks : tasks.filter((t) => t.start < dbOpen);
  return {
    dbOpenMs: dbOpen,
    longTasks: tasks.length,
    longestTaskMs: tasks.reduce((m, t) => Math.max(m, t.duration), 0),
    longestTaskBeforeDbOpenMs: beforeDb.reduce((m, t) => Math.max(m, t.duration), 0),
    longTasksAfterDbOpen: afterDb.length,
    longestTaskAfterDbOpenMs: afterDb.reduce((m, t) => Math.max(m, t.duration), 0),
    tasks: tasks.map((t) => [Math.round(t.start), Math.round(t.duration)]),
  };
}

async function main() {
  const o = { ...parseArgs(process.argv.slice(2)), now: Date.now() };
  const benchDist = o.benchDist;
  if (!existsSync(join(o.appDist, 'index.html')) || !existsSync(join(benchDist, 'index.html'))) {
    throw new Error('Build first: `npx vite build && npx vite build -c test/bench/insights-vite.config.ts`.');
  }
  const executablePath = chromiumPath();
  const machine = {
    date: new Date().toISOString().slice(0, 10),
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    cpuCount: os.cpus().length,
    memoryGiB: round(os.totalmem() / 2 ** 30, 1),
    chromium: execFileSync(executablePath, ['--version'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim(),
    loadAverageStart: round(os.loadavg()[0], 2),
    loadAverageEnd: null,
  };
  const work = await mkdtemp(join(os.tmpdir(), 'fieldbook-insights-bench-'));
  await cp(o.appDist, join(work, 'app'), { recursive: true });
  await cp(benchDist, join(work, 'bench'), { recursive: true });
  const server = await startStaticServer({
    port: o.port,
    root: join(work, 'app'),
    mounts: { '/bench-insights/': join(work, 'bench') },
  });
  const origin = `http://127.0.0.1:${o.port}`;
  const profileDir = o.profile ?? join(work, 'profile');
  const markerFile = join(profileDir, 'fieldbook-insights-bench-load.json');
  const loadKey = { customers: o.customers, ordersPerCustomer: o.ordersPerCustomer, seed: o.seed, port: o.port };
  let reused = null;
  if (o.profile && existsSync(markerFile)) {
    const saved = JSON.parse(await readFile(markerFile, 'utf8'));
    if (JSON.stringify(saved.key) === JSON.stringify(loadKey)) reused = saved;
  }
  if (reused) {
    // The earlier run's service worker (and V8 code cache) would serve that run's app build, not
    // this one: the app must load as on a first visit, as in a fresh profile.
    for (const d of ['Service Worker', 'Code Cache', 'Cache'])
      await rm(join(profileDir, 'Default', d), { recursive: true, force: true });
  }
  const launch = () =>
    chromium.launchPersistentContext(profileDir, {
      executablePath,
      args: CHROMIUM_ARGS,
      headless: true,
      viewport: { width: 1280, height: 800 },
      locale: 'en-US',
      serviceWorkers: 'allow',
    });
  let context = await launch();
  try {
    await context.addInitScript(instrument);
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(0);
    page.on('console', (m) => {
      if (m.text().startsWith('[bench]')) log(m.text().slice(8));
      else if (m.type() === 'error') log('page error:', m.text());
    });
    page.on('pageerror', (e) => log('page exception:', e.message));

    log(`${machine.chromium}; ${o.customers} customers × ${o.ordersPerCustomer} orders`);
    await page.goto(`${origin}/bench-insights/`);
    await page.waitForFunction(() => !!window.fieldbookInsightsBench);
    let load;
    if (reused) {
      load = { ...reused.load, reusedFrom: reused.date };
      o.now = reused.now; // the data's "now" (dates in the generated orders are relative to it)
      log(`reusing the database loaded on ${reused.date} in ${profileDir}`);
    } else {
      load = await page.evaluate((i) => window.fieldbookInsightsBench.load(i), {
        count: o.customers,
        seed: o.seed,
        now: o.now,
        ordersPerCustomer: o.ordersPerCustomer,
        chunkSize: 500,
      });
      if (o.profile)
        await writeFile(markerFile, JSON.stringify({ key: loadKey, date: new Date().toISOString(), now: o.now, load }));
    }
    if (reused && o.rebuild) {
      // The measures of the reused database rebuilt again with this build's code (as after a
      // MEASURES_VERSION change), so that row is measured in this run, not reused.
      const again = await page.evaluate((i) => window.fieldbookInsightsBench.rebuild(i), { count: o.customers });
      load = {
        ...load,
        measuresMs: again.measuresMs,
        longTasksDuringMeasures: again.longTasksDuringMeasures,
        measuresRebuiltThisRun: true,
      };
    }
    log(
      `loaded ${JSON.stringify(load.rows)} in ${round(load.loadMs / 1000)} s; measures built in ${round(load.measuresMs / 1000)} s`,
    );
    const compute = await page.evaluate((i) => window.fieldbookInsightsBench.compute(i), {
      now: o.now,
      repeat: o.repeat,
    });
    log(
      `worker fed ${compute.rowsFed} rows in ${round(compute.feedMs)} ms; overview median ${round(median(compute.runs.overview))} ms`,
    );
    const one = await page.evaluate((i) => window.fieldbookInsightsBench.oneOrder(i), { now: o.now, repeat: o.repeat });
    log(`one new order → overview: median ${round(median(one.insertToOverviewMs))} ms`);
    await page.evaluate(() => window.fieldbookInsightsBench.close());

    // The app opening Insights on this database.
    const figuresShown = page.waitForEvent('console', {
      predicate: (m) => m.text() === '[fieldbook-insights-figures]',
      timeout: 600_000,
    });
    await page.goto(`${origin}/#/insights/overview`);
    await figuresShown;
    await page.waitForTimeout(1000);
    const open = await page.evaluate(`(${openFigures})(window.__fbInsights.figuresAt + 1000)`);
    open.figuresMs = await page.evaluate(
      () => window.__fbInsights.figuresAt - (performance.getEntriesByType('navigation')[0]?.startTime ?? 0),
    );
    open.customersShown = await page.evaluate(
      () => document.querySelector('dd[data-figure="customers"]')?.textContent ?? null,
    );
    log(`Insights figures after ${round(open.figuresMs)} ms; longest task ${round(open.longestTaskMs)} ms`);

    // 5. Start-up on the customer list (#/) as a first visit (no service worker, no HTTP or V8 code
    // cache; a later visit has no long start-up task at all): the long tasks from navigation until
    // one second after the app is ready.
    // A new browser on the same profile: the renderer's in-memory compilation cache goes with it.
    // Pauses let the old browser finish shutting down and the new one finish its own start-up
    // first (on 2 cores their work would otherwise land inside the app's tasks).
    await context.close();
    await new Promise((r) => setTimeout(r, 2000));
    for (const d of ['Service Worker', 'Code Cache', 'Cache'])
      await rm(join(profileDir, 'Default', d), { recursive: true, force: true });
    context = await launch();
    await context.addInitScript(instrument);
    const page2 = context.pages()[0] ?? (await context.newPage());
    await new Promise((r) => setTimeout(r, 1000));
    const ready = page2.waitForEvent('console', {
      predicate: (m) => m.text() === '[fieldbook-ready]',
      timeout: 600_000,
    });
    await page2.goto(`${origin}/#/`);
    await ready;
    await page2.waitForTimeout(1000);
    const startup = await page2.evaluate(
      `(${openFigures})(performance.getEntriesByName('fieldbook:db-open')[0].startTime + 1000)`,
    );
    log(`#/ ready at ${round(startup.dbOpenMs)} ms; longest task ${round(startup.longestTaskMs)} ms`);

    // 6. Insights from the running app, the usual way in: the user taps "Insights" in the header.
    // (Clicked from page script: a Playwright locator would first evaluate its injected script in
    // the page, itself a 30–40 ms task inside the window being measured.)
    const clickAt = await page2.evaluate(() => performance.now());
    const shownInApp = page2.waitForEvent('console', {
      predicate: (m) => m.text() === '[fieldbook-insights-figures]',
      timeout: 600_000,
    });
    await page2.evaluate(() =>
      document.querySelector('header a[href="#/insights/overview"], a[href="#/insights/overview"]')?.click(),
    );
    await shownInApp;
    await page2.waitForTimeout(1000);
    const inApp = await page2.evaluate(`(${tasksBetween})(${clickAt}, window.__fbInsights.figuresAt + 1000)`);
    inApp.figuresMs = await page2.evaluate((t) => window.__fbInsights.figuresAt - t, clickAt);
    log(
      `Insights from the app: figures after ${round(inApp.figuresMs)} ms; longest task ${round(inApp.longestTaskMs)} ms`,
    );

    // 7. Insights as a first visit in a new browser (a bookmark, or the installed app reopening on
    // its last screen): as step 5, on #/insights/overview.
    await context.close();
    await new Promise((r) => setTimeout(r, 2000));
    for (const d of ['Service Worker', 'Code Cache', 'Cache'])
      await rm(join(profileDir, 'Default', d), { recursive: true, force: true });
    context = await launch();
    await context.addInitScript(instrument);
    const page3 = context.pages()[0] ?? (await context.newPage());
    await new Promise((r) => setTimeout(r, 1000));
    const shownCold = page3.waitForEvent('console', {
      predicate: (m) => m.text() === '[fieldbook-insights-figures]',
      timeout: 600_000,
    });
    await page3.goto(`${origin}/#/insights/overview`);
    await shownCold;
    await page3.waitForTimeout(1000);
    const coldOpen = await page3.evaluate(`(${openFigures})(window.__fbInsights.figuresAt + 1000)`);
    coldOpen.figuresMs = await page3.evaluate(
      () => window.__fbInsights.figuresAt - (performance.getEntriesByType('navigation')[0]?.startTime ?? 0),
    );
    log(
      `Insights first visit in a new browser: figures after ${round(coldOpen.figuresMs)} ms; longest task ${round(coldOpen.longestTaskMs)} ms`,
    );
    machine.loadAverageEnd = round(os.loadavg()[0], 2);

    const results = {
      machine,
      params: { customers: o.customers, ordersPerCustomer: o.ordersPerCustomer, repeat: o.repeat, seed: o.seed },
      load,
      compute,
      oneOrder: one,
      open,
      startup,
      inApp,
      coldOpen,
    };
    const md = markdown(results);
    await writeFile(`${o.out}.json`, `${JSON.stringify(results, null, 2)}\n`);
    await writeFile(`${o.out}.md`, md);
    console.log(md);
  } finally {
    await context.close();
    server.close();
    if (!o.keepProfile) await rm(work, { recursive: true, force: true }); // (a --profile DIR stays)
  }
}

function markdown(r) {
  const m = (v) => round(median(v));
  const max = (v) => round(Math.max(...v));
  const rows = [
    [
      'Demo data load (app path)',
      `${round(r.load.loadMs / 1000)} s for ${r.load.rows.customers} customers, ${r.load.rows.orders} orders${r.load.reusedFrom ? ` (loaded by an earlier run, ${r.load.reusedFrom.slice(0, 16)}Z)` : ''}`,
      '—',
    ],
    [
      'Measures built once (rebuild path)',
      `${round(r.load.measuresMs / 1000)} s${r.load.measuresRebuiltThisRun ? ' (rebuilt over the existing rows in this run, --rebuild)' : ''}, ${r.load.rows.measures} rows; long tasks ${r.load.longTasksDuringMeasures.count} (max ${round(r.load.longTasksDuringMeasures.maxMs)} ms)`,
      'background, once',
    ],
    [
      'Worker fed from the measures (pages of 500)',
      `${round(r.compute.feedMs)} ms; long tasks ${r.compute.longTasksWhileFeeding.count} (max ${round(r.compute.longTasksWhileFeeding.maxMs)} ms)`,
      '—',
    ],
    [
      'Overview (worker, median / max)',
      `${m(r.compute.runs.overview)} / ${max(r.compute.runs.overview)} ms`,
      '≤ 1,000 ms',
    ],
    [
      'Correlation matrix, Pearson',
      `${m(r.compute.runs.pearsonMatrix)} / ${max(r.compute.runs.pearsonMatrix)} ms`,
      '—',
    ],
    [
      'Correlation matrix, Spearman',
      `${m(r.compute.runs.spearmanMatrix)} / ${max(r.compute.runs.spearmanMatrix)} ms`,
      '—',
    ],
    ['RFM segmentation', `${m(r.compute.runs.rfm)} / ${max(r.compute.runs.rfm)} ms`, '≤ 1,000 ms'],
    [
      'Satisfaction vs spend (r, ρ, plot points)',
      `${m(r.compute.runs.satisfactionVsSpend)} / ${max(r.compute.runs.satisfactionVsSpend)} ms`,
      '—',
    ],
    ['Risks', `${m(r.compute.runs.risks)} / ${max(r.compute.runs.risks)} ms`, '—'],
    [
      'One new order → overview includes it',
      `${m(r.oneOrder.insertToOverviewMs)} / ${max(r.oneOrder.insertToOverviewMs)} ms (worker part ${m(r.oneOrder.workerApplyAndOverviewMs)} ms)`,
      '≤ 100 ms',
    ],
    [
      'Insights opens: figures shown (from navigation)',
      `${round(r.open.figuresMs)} ms (database open at ${round(r.open.dbOpenMs)} ms)`,
      '—',
    ],
    [
      'Longest main-thread task while Insights opens (same tab, right after the bench page)',
      `${round(r.open.longestTaskMs)} ms (${r.open.longTasks} long tasks; after db open: ${round(r.open.longestTaskAfterDbOpenMs)} ms)`,
      '≤ 50 ms',
    ],
    [
      'Start-up on #/ (first visit): longest task',
      `${round(r.startup.longestTaskMs)} ms (${r.startup.longTasks} long tasks; ready at ${round(r.startup.dbOpenMs)} ms)`,
      '≤ 50 ms',
    ],
    ...(r.inApp
      ? [
          [
            'Insights from the running app (tap "Insights" on the customer list): longest task',
            `${round(r.inApp.longestTaskMs)} ms (${r.inApp.longTasks} long tasks); figures after ${round(r.inApp.figuresMs)} ms`,
            '≤ 50 ms',
          ],
        ]
      : []),
    ...(r.coldOpen
      ? [
          [
            'Insights as a first visit in a new browser: longest task',
            `${round(r.coldOpen.longestTaskMs)} ms (${r.coldOpen.longTasks} long tasks; after db open: ${round(r.coldOpen.longestTaskAfterDbOpenMs)} ms); figures after ${round(r.coldOpen.figuresMs)} ms`,
            '≤ 50 ms',
          ],
        ]
      : []),
  ];
  return [
    `Insights benchmark — ${r.machine.date}, ${r.machine.cpuModel} × ${r.machine.cpuCount}, ${r.machine.chromium}, load ${r.machine.loadAverageStart} → ${r.machine.loadAverageEnd}`,
    '',
    `| ${r.params.customers} customers × ${r.params.ordersPerCustomer} orders (${r.params.repeat} repeats) | result | target |`,
    '|---|---|---|',
    ...rows.map((x) => `| ${x.join(' | ')} |`),
    '',
  ].join('\n');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
