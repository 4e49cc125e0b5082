// The demo loader's main-thread tasks, on the shared Chromium set-up (chromium.mjs): N demo customers
// (with their orders, visits and surveys) through `loadDemoData` into a fresh database on the bench
// page (page/bulk-bench.ts `demoLoad`), the background work running, then the derived catch-up.
// Traced (Chrome's trace of the main thread: every task by wall time AND by thread CPU time, so a
// task that only waited for a core under load is told apart from one that really worked that long),
// long tasks by the browser's own observer, Chromium CPU seconds per part, per phase (load,
// catch-up). The target: no main-thread task > 50 ms during the demo load.
//   node test/bench/bulk-demo-run.mjs [--count 100000] [--profile] [--bench-dist DIR] [--port 4193]
//                                     [--search-import N --search-base 20000] [--results-dir DIR]
// --search-import N: first, search p95 (the list's search, a query every 100 ms) over --search-base
// demo customers idle and while an N-row import commits, same page and run (`--count 0` skips the
// demo load).
// --profile: also a V8 CPU profile of the page (written as demo-<count>.cpuprofile in the results
// directory) with the functions filling its busy stretches over 50 ms printed; use a build with
// readable names (`npx vite build -c test/bench/vite.config.ts --minify false --outDir
// $PWD/dist-bench-plain`, then `--bench-dist dist-bench-plain`). Writes results-bulk-demo.json.
import { readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpuDelta, guarded, machine, openBenchPage, traceTasks } from './chromium.mjs';
import { longStretches } from './profile-long-tasks.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const o = {
  count: 100_000,
  searchImport: 0,
  searchBase: 20_000,
  profile: false,
  port: 4193,
  benchDist: here('../../dist-bench'),
  resultsDir: here('.'),
};
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === '--profile') o.profile = true;
  else if (a === '--count') o.count = Number(argv[++i]);
  else if (a === '--search-import') o.searchImport = Number(argv[++i]);
  else if (a === '--search-base') o.searchBase = Number(argv[++i]);
  else if (a === '--port') o.port = Number(argv[++i]);
  else if (a === '--bench-dist') o.benchDist = resolve(argv[++i]);
  else if (a === '--results-dir') o.resultsDir = resolve(argv[++i]);
  else throw new Error(`unknown argument ${a}`);
}
const log = (...a) => console.error('[demo]', ...a);

const readOr = (path, fallback = '') => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return fallback;
  }
};
/**
 * CPU seconds per Chromium thread kind ("<process type>/<thread name>", e.g. "browser/IndexedDB"),
 * below this process: which threads the cores went to (chromium.mjs's `chromiumCpu` gives the
 * three-way split; this says what "other" is). Linux only; threads that ended are not counted.
 */
function threadCpu() {
  const out = new Map();
  if (process.platform !== 'linux') return out;
  const parent = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readOr(`/proc/${name}/stat`);
    if (stat) parent.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
  }
  const below = (pid) => {
    for (let p = pid; p > 1; p = parent.get(p) ?? 0) if (p === process.pid) return pid !== process.pid;
    return false;
  };
  for (const pid of parent.keys()) {
    if (!below(pid)) continue;
    const kind = /--type=([a-z-]+)/.exec(readOr(`/proc/${pid}/cmdline`))?.[1] ?? 'browser';
    let tids = [];
    try {
      tids = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tids) {
      const stat = readOr(`/proc/${pid}/task/${tid}/stat`);
      if (!stat) continue;
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const comm = readOr(`/proc/${pid}/task/${tid}/comm`).trim().replace(/\d+$/, '');
      const key = `${kind}/${Number(tid) === pid ? 'main' : comm}`;
      out.set(key, (out.get(key) ?? 0) + (Number(f[11]) + Number(f[12])) / 100);
    }
  }
  return out;
}
/** The thread kinds that used over 0.2 CPU s between two `threadCpu()` readings, busiest first. */
function threadDelta(before, after) {
  return Object.fromEntries(
    [...after]
      .map(([k, v]) => [k, Math.round((v - (before.get(k) ?? 0)) * 10) / 10])
      .filter(([, v]) => v >= 0.2)
      .sort((a, b) => b[1] - a[1]),
  );
}

const results = { machineStart: machine(), params: o };
const bench = await openBenchPage({ dist: o.benchDist, mount: '/bench/', port: o.port, log });
try {
  await guarded(bench, (page) => page.waitForFunction(() => !!window.fieldbookBulk));
  const cdp = o.profile ? await bench.page.context().newCDPSession(bench.page) : null;
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
    await cdp.send('Profiler.start');
  }
  /** One bench-page call, traced, with Chromium's CPU seconds around it. */
  const phase = async (call, arg) => {
    const before = bench.cpu();
    const threadsBefore = threadCpu();
    const traced = await traceTasks(bench.page, () =>
      guarded(bench, (page) => page.evaluate(([c, a]) => window.fieldbookBulk[c](a), [call, arg])),
    );
    return {
      ...traced.result,
      traced: traced.tasks,
      cpu: cpuDelta(before, bench.cpu()),
      threads: threadDelta(threadsBefore, threadCpu()),
    };
  };
  if (o.searchImport > 0) {
    // Search while importing: p95 of the list's search (a query every 100 ms) idle and while an
    // import of --search-import rows commits into --search-base demo customers, same page and run.
    const s = await phase('searchWhileImporting', {
      base: o.searchBase,
      count: o.searchImport,
      seed: 11,
      now: Date.now(),
      name: 'bulk-search',
    });
    results.search = s;
    log(
      `search over ${o.searchBase} customers: p95 idle ${Math.round(s.idle.p95 * 10) / 10} ms (${s.idle.n}), during a ${o.searchImport}-row import ${Math.round(s.during.p95 * 10) / 10} ms (${s.during.n}) = ${Math.round((s.during.p95 / s.idle.p95) * 100) / 100}x idle`,
    );
  }
  if (o.count > 0) {
    const load = await phase('demoLoadOnly', { count: o.count, seed: 7, now: Date.now(), name: 'bulk-demo' });
    log(`load: ${o.count} customers (${load.rows} rows) in ${Math.round(load.ms / 100) / 10} s`);
    log(
      `  observer ${JSON.stringify(load.longTasks)}; traced ${JSON.stringify(load.traced)}; CPU s ${JSON.stringify(load.cpu)}`,
    );
    log(`  threads (CPU s) ${JSON.stringify(load.threads)}`);
    const catchUp = await phase('demoCatchUp');
    log(`catch-up: ${Math.round(catchUp.ms / 100) / 10} s`);
    log(
      `  observer ${JSON.stringify(catchUp.longTasks)}; traced ${JSON.stringify(catchUp.traced)}; CPU s ${JSON.stringify(catchUp.cpu)}`,
    );
    log(`  threads (CPU s) ${JSON.stringify(catchUp.threads)}`);
    results.load = load;
    results.catchUp = catchUp;
  }
  if (cdp) {
    const { profile } = await cdp.send('Profiler.stop');
    await writeFile(join(o.resultsDir, `demo-${o.count}.cpuprofile`), JSON.stringify(profile));
    const found = longStretches(profile, 50);
    results.profile = { stretches: found.stretches.length, longestMs: found.longestMs, top: found.top.slice(0, 25) };
    log(
      `profile: ${found.stretches.length} busy stretches > 50 ms (longest ${found.longestMs} ms); self time in them:`,
    );
    for (const f of found.top.slice(0, 25)) log(`  ${f.ms} ms  ${f.name}`);
  }
} finally {
  await bench.close();
}
results.machineEnd = machine();
await writeFile(join(o.resultsDir, 'results-bulk-demo.json'), JSON.stringify(results, null, 2));
log(`load average ${results.machineStart.loadAverage.join(' ')} → ${results.machineEnd.loadAverage.join(' ')}`);
