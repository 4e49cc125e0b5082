// What every Chromium bench runner needs (test/bench/README.md): Debian's Chromium launched headless
// on a fresh profile, a bench build served on 127.0.0.1, the page's console relayed, a page crash or
// a closed browser reported as such (not as a later "Target page, context or browser has been
// closed"), every main-thread task over 50 ms recorded from the first script on, and the CPU time
// Chromium's processes and threads used (from /proc, Linux only): with the machine shared, wall
// times swing with the load, CPU seconds much less.
//
//   const bench = await openBenchPage({ dist, mount: '/bench/', port, log });
//   const before = bench.cpu(); … ; const used = cpuDelta(before, bench.cpu());
//   const tasks = await bench.longTasks(fromMs, toMs);   // the page's performance.now() clock
//   await bench.close();
import { chromium } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { startStaticServer } from '../../scripts/serve.mjs';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--enable-precise-memory-info',
];

/** Debian's Chromium (CHROMIUM_PATH overrides). */
export function chromiumPath() {
  const found = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
    (p) => p && existsSync(p),
  );
  if (!found) throw new Error('Chromium not found (apt-get install chromium, or set CHROMIUM_PATH)');
  return found;
}

/** The machine as a result file records it. */
export function machine() {
  return {
    date: new Date().toISOString(),
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    cpuCount: os.cpus().length,
    chromium: execFileSync(chromiumPath(), ['--version'], { encoding: 'utf8' }).trim(),
    loadAverage: os.loadavg().map((x) => Math.round(x * 100) / 100),
  };
}

/** Records every long task from the page's first script on, in `window.__longTasks`. */
function observeLongTasks() {
  const list = [];
  Object.defineProperty(window, '__longTasks', { value: list });
  new PerformanceObserver((entries) => {
    for (const e of entries.getEntries()) list.push([e.startTime, e.duration]);
  }).observe({ type: 'longtask', buffered: true });
}

const TICK = 100; // USER_HZ: /proc times are in 1/100 s on Linux

function readStat(path) {
  try {
    const text = readFileSync(path, 'utf8');
    // Fields after the command name (which may hold spaces) start at the last ')'.
    const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(rest[1]), cpu: (Number(rest[11]) + Number(rest[12])) / TICK };
  } catch {
    return null; // the process or thread has ended
  }
}

const readText = (path) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
};

/** Every process in /proc with its stat, and the pids that descend from this node process. */
function processesBelowThis() {
  const procs = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readStat(`/proc/${name}/stat`);
    if (stat) procs.push({ pid: Number(name), ...stat });
  }
  const below = new Set([process.pid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const p of procs)
      if (!below.has(p.pid) && below.has(p.ppid)) {
        below.add(p.pid);
        grew = true;
      }
  }
  return { procs, below };
}

/**
 * CPU seconds of every process below this node process (Chromium and its children), split into
 * the renderers' main threads (the page's main thread: what "no task over 50 ms" is about), their
 * dedicated workers, and everything else (the browser process does IndexedDB's storage work).
 * Threads that ended are not counted, so read it around phases whose workers stay alive.
 */
export function chromiumCpu() {
  if (process.platform !== 'linux') return null;
  const { procs, below } = processesBelowThis();
  const out = { total: 0, rendererMain: 0, workers: 0, other: 0 };
  for (const p of procs) {
    if (p.pid === process.pid || !below.has(p.pid)) continue;
    const renderer = readText(`/proc/${p.pid}/cmdline`).includes('--type=renderer');
    let tids = [];
    try {
      tids = readdirSync(`/proc/${p.pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tids) {
      const t = readStat(`/proc/${p.pid}/task/${tid}/stat`);
      if (!t) continue;
      const comm = readText(`/proc/${p.pid}/task/${tid}/comm`).trim();
      out.total += t.cpu;
      if (renderer && Number(tid) === p.pid) out.rendererMain += t.cpu;
      else if (renderer && comm.startsWith('DedicatedWorker')) out.workers += t.cpu;
      else out.other += t.cpu;
    }
  }
  return out;
}

/**
 * CPU seconds per thread of every Chromium process below this node process, as a Map keyed
 * `<process type>:<pid>:<tid>` → { type, comm, cpu } (type: browser, renderer, gpu-process, utility, …;
 * comm: the thread's name, e.g. CrRendererMain, DedicatedWorker, ThreadPoolForeg). With
 * `threadDelta` it says which threads a phase's CPU went to (the browser process's IndexedDB
 * backend, the renderer's GC helpers, a worker, …). Also the machine's whole CPU from /proc/stat
 * (`machine`: busy seconds of all cores), to check the per-thread sum against.
 */
export function chromiumThreads() {
  if (process.platform !== 'linux') return null;
  const threads = new Map();
  const { procs, below } = processesBelowThis();
  for (const p of procs) {
    if (p.pid === process.pid || !below.has(p.pid)) continue;
    const cmd = readText(`/proc/${p.pid}/cmdline`);
    const type = /--type=([\w-]+)/.exec(cmd)?.[1] ?? (cmd.includes('chrom') ? 'browser' : 'other');
    let tids = [];
    try {
      tids = readdirSync(`/proc/${p.pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tids) {
      const t = readStat(`/proc/${p.pid}/task/${tid}/stat`);
      if (!t) continue;
      const comm = readText(`/proc/${p.pid}/task/${tid}/comm`).trim();
      threads.set(`${type}:${p.pid}:${tid}`, { type, comm, cpu: t.cpu });
    }
  }
  const cpuLine = readText('/proc/stat').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal: busy = all but idle and iowait
  const machineBusy = (cpuLine.reduce((a, b) => a + b, 0) - cpuLine[3] - cpuLine[4]) / TICK;
  return { threads, machineBusy, at: Date.now() };
}

/**
 * CPU seconds between two `chromiumThreads()` readings, summed per `<process type>:<thread name>`
 * (threads of one name pooled), largest first; plus the wall seconds and the machine's busy seconds
 * in the same interval (all processes, all cores) to judge the sum against.
 */
export function threadDelta(before, after) {
  if (!before || !after) return null;
  const groups = new Map();
  for (const [key, t] of after.threads) {
    const used = t.cpu - (before.threads.get(key)?.cpu ?? 0);
    if (used <= 0) continue;
    const g = `${t.type}:${t.comm}`;
    groups.set(g, (groups.get(g) ?? 0) + used);
  }
  const r = (x) => Math.round(x * 100) / 100;
  return {
    wallS: r((after.at - before.at) / 1000),
    machineBusyS: r(after.machineBusy - before.machineBusy),
    chromiumS: r([...groups.values()].reduce((a, b) => a + b, 0)),
    byThread: Object.fromEntries([...groups].sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, r(v)])),
  };
}

/** CPU seconds used between two `chromiumCpu()` readings, per part. */
export function cpuDelta(before, after) {
  if (!before || !after) return null;
  const r = (x) => Math.round(x * 100) / 100;
  return {
    total: r(after.total - before.total),
    rendererMain: r(after.rendererMain - before.rendererMain),
    workers: r(after.workers - before.workers),
    other: r(after.other - before.other),
  };
}

/**
 * Copies `dist` to a temporary folder, serves it at `mount` on 127.0.0.1:`port`, launches Chromium
 * on a fresh persistent profile (real on-disk IndexedDB, as the app has) and opens `mount`. The
 * page's `[bench]` console lines go to `log`.
 */
export async function openBenchPage({ dist, mount, port, log = console.error, args = [] }) {
  const work = await mkdtemp(join(os.tmpdir(), 'fieldbook-bench-'));
  await cp(dist, join(work, 'site'), { recursive: true });
  const server = await startStaticServer({ port, root: join(work, 'site'), mounts: { [mount]: join(work, 'site') } });
  const context = await chromium.launchPersistentContext(join(work, 'profile'), {
    executablePath: chromiumPath(),
    args: [...CHROMIUM_ARGS, ...args],
    headless: true,
  });
  let ended = '';
  context.on('close', () => (ended ||= 'the browser closed (killed, or it crashed)'));
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(0);
  page.on('crash', () => {
    ended = `the page crashed at ${new Date().toISOString()} (out of memory?)`;
    log(ended);
  });
  page.on('console', (m) => {
    if (m.text().startsWith('[bench]')) log(m.text().slice(8));
    else if (m.type() === 'error') log('page error:', m.text());
  });
  page.on('pageerror', (e) => log('page exception:', e.message));
  await page.addInitScript(observeLongTasks);
  await page.goto(`http://127.0.0.1:${port}${mount}`);
  return {
    page,
    context,
    /** Why the page is gone, if it is ('' while it lives). */
    ended: () => ended,
    cpu: chromiumCpu,
    /** Tasks over 50 ms that started in [from, to] (page clock): count, longest, total. */
    async longTasks(from, to) {
      const hits = await page.evaluate(([a, b]) => window.__longTasks.filter(([s]) => s >= a && s <= b), [from, to]);
      return {
        count: hits.length,
        maxMs: Math.round(hits.reduce((m, [, d]) => Math.max(m, d), 0)),
        totalMs: Math.round(hits.reduce((s, [, d]) => s + d, 0)),
      };
    },
    async close() {
      await context.close().catch(() => undefined);
      await new Promise((r) => server.close(r));
      await rm(work, { recursive: true, force: true });
    },
  };
}

/**
 * Chrome's trace of the page's main thread while `fn()` runs: every task ('RunTask') with its wall
 * time and its thread time (CPU actually spent on it). On a loaded machine a task's wall time
 * includes the time the thread waited for a core, so "over 50 ms" is judged on thread time as well.
 * `between: [startMark, endMark]` keeps only the tasks that started between the first
 * `performance.mark(startMark)` and the first `performance.mark(endMark)` after it (one phase of a
 * longer page call, e.g. an import's write phase).
 */
export async function traceTasks(page, fn, { between } = {}) {
  const cdp = await page.context().newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
  const complete = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
  await cdp.send('Tracing.start', {
    categories: 'disabled-by-default-devtools.timeline,devtools.timeline,blink.user_timing',
    transferMode: 'ReportEvents',
  });
  let result;
  try {
    result = await fn();
  } finally {
    await cdp.send('Tracing.end');
    await complete;
    await cdp.detach().catch(() => undefined);
  }
  const main = new Set(
    events
      .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  );
  let tasks = events.filter((e) => e.name === 'RunTask' && e.ph === 'X' && main.has(`${e.pid}:${e.tid}`));
  let span = null;
  let inWindow = () => true;
  if (between) {
    const at = (name) => events.filter((e) => e.name === name && e.cat?.includes('blink.user_timing')).map((e) => e.ts);
    const from = Math.min(...at(between[0]));
    const to = Math.min(...at(between[1]).filter((t) => t >= from));
    if (!Number.isFinite(from) || !Number.isFinite(to))
      throw new Error(`traceTasks: marks ${between} not in the trace`);
    inWindow = (e) => e.ts >= from && e.ts <= to;
    tasks = tasks.filter(inWindow);
    span = { marks: between, ms: Math.round((to - from) / 1000) };
  }
  const over = (key) => tasks.filter((t) => (t[key] ?? 0) / 1000 > 50);
  const max = (key) => Math.round(tasks.reduce((m, t) => Math.max(m, (t[key] ?? 0) / 1000), 0));
  return {
    result,
    tasks: {
      ...(span ? { window: span } : {}),
      count: tasks.length,
      over50Wall: over('dur').length,
      over50Cpu: over('tdur').length,
      longestWallMs: max('dur'),
      longestCpuMs: max('tdur'),
      mainCpuMs: Math.round(tasks.reduce((s, t) => s + (t.tdur ?? 0), 0) / 1000),
      gc: gcOf(events.filter(inWindow), main),
      topByCpu: topTasks(events, tasks, 'tdur'),
      topByWall: topTasks(events, tasks, 'dur'),
    },
  };
}

/** The main thread's young (MinorGC) and full (MajorGC) collections: count, CPU, longest wall time. */
function gcOf(events, main) {
  const out = {};
  for (const name of ['MinorGC', 'MajorGC']) {
    const gcs = events.filter((e) => e.name === name && e.ph === 'X' && main.has(`${e.pid}:${e.tid}`));
    out[name] = {
      count: gcs.length,
      cpuMs: Math.round(gcs.reduce((s, e) => s + (e.tdur ?? 0), 0) / 1000),
      longestWallMs: Math.round(gcs.reduce((m, e) => Math.max(m, e.dur ?? 0), 0) / 1000),
      over50Wall: gcs.filter((e) => (e.dur ?? 0) > 50_000).length,
    };
  }
  return out;
}

/**
 * The 6 longest tasks by `key` ('tdur': thread CPU time, 'dur': wall time), each with what ran in
 * it: the trace events nested in it on the same thread (a function call and its script, a GC, a
 * message or IndexedDB event), the longest first, by their own `key` time.
 */
function topTasks(events, tasks, key) {
  const ms = (x) => Math.round((x ?? 0) / 100) / 10;
  return [...tasks]
    .sort((a, b) => (b[key] ?? 0) - (a[key] ?? 0))
    .slice(0, 6)
    .map((t) => {
      const inside = events.filter(
        (e) =>
          e !== t &&
          e.ph === 'X' &&
          e.pid === t.pid &&
          e.tid === t.tid &&
          e.ts >= t.ts &&
          e.ts + (e.dur ?? 0) <= t.ts + t.dur,
      );
      const what = inside
        .sort((a, b) => (b[key] ?? 0) - (a[key] ?? 0))
        .slice(0, 6)
        .map((e) => {
          const d = e.args?.data ?? {};
          const detail = d.functionName || d.url?.split('/').pop() || d.type || '';
          return `${e.name}${detail ? `(${detail}${d.lineNumber ? `:${d.lineNumber}` : ''})` : ''} ${ms(e[key])}`;
        });
      return { wallMs: ms(t.dur), cpuMs: ms(t.tdur), inside: what };
    });
}

/** Runs `fn(page)` and turns a crash or a closed browser into an error that says so. */
export async function guarded(bench, fn) {
  try {
    return await fn(bench.page);
  } catch (err) {
    if (bench.ended()) throw new Error(`${bench.ended()}: ${err instanceof Error ? err.message : err}`);
    throw err;
  }
}
