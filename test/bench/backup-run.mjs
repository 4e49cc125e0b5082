// Backup and restore benchmark (README "Backup"; docs/ARCHITECTURE.md "Backup and restore"):
// headless Chromium on the bench page (test/bench/page/backup-bench.ts), production build, fresh
// profile (test/bench/chromium.mjs). Per size and run: demo customers with their orders, visits and
// surveys seeded through the demo loader's bulk path; the backup (storage pages → worker: SHA-256,
// AES-GCM, a Blob); the same pages read alone (same-run baseline); the restore into a fresh
// database (verify the whole file, plan, write through runInChunks). Per phase: wall time, CPU
// seconds of Chromium (its page's main thread, its workers, the rest: IndexedDB's storage work is
// in the browser process), the tasks over 50 ms on the page's main thread, the page's peak JS heap.
// Medians over runs. No pass/fail: the targets are printed next to the figures.
//   node test/bench/backup-run.mjs [--sizes 100000] [--runs 1] [--trace backup,restore] [--restore-sizes 20000] [--port 4191]
//                                  [--profile backup,restore] [--bench-dist DIR] [--results-dir DIR]
//                                  [--timeline] [--restore-chunks initial[,min,max]] [--restore-part N]
// --profile: a V8 CPU profile of the phase's page (main thread), written next to the results as
// `<phase>-<customers>.cpuprofile`, and the functions whose self time fills the main thread's busy
// stretches over 50 ms printed (profile-long-tasks.mjs); run it on a build with readable names.
// --trace: also a Chrome trace of the phase's main-thread tasks with their thread (CPU) time, for a
// loaded machine where wall-time long tasks mostly measure waiting for a core. Tracing costs CPU in
// the browser process (it inflates that phase's CPU figures) and memory (one event per task).
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromiumThreads, cpuDelta, guarded, machine, openBenchPage, threadDelta, traceTasks } from './chromium.mjs';
import { longStretches } from './profile-long-tasks.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const o = {
  sizes: [100_000],
  runs: 1,
  port: 4191,
  benchDist: here('../../dist-bench'),
  resultsDir: here('.'),
  trace: [],
  profile: [],
};
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  const v = argv[++i];
  if (a === '--sizes') o.sizes = String(v).split(',').map(Number);
  else if (a === '--runs') o.runs = Number(v);
  else if (a === '--port') o.port = Number(v);
  else if (a === '--bench-dist') o.benchDist = resolve(v);
  else if (a === '--results-dir') o.resultsDir = resolve(v);
  else if (a === '--trace') o.trace = String(v).split(',');
  else if (a === '--profile') o.profile = String(v).split(',');
  else if (a === '--restore-chunks') {
    const [initial, min, max] = String(v).split(',').map(Number);
    o.restoreChunks = { initial, min: min ?? initial, max: max ?? initial };
  } else if (a === '--restore-part') o.restorePart = Number(v);
  else if (a === '--timeline') {
    o.timeline = true;
    i--;
  } else if (a === '--restore-sizes') o.restoreSizes = String(v).split(',').map(Number);
  else throw new Error(`unknown argument ${a}`);
}
const median = (v) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length ? s[(s.length - 1) >> 1] : null;
};
const r2 = (x) => Math.round(x * 100) / 100;
const log = (...a) => console.error('[backup]', ...a);
const n = (x) => (x === null || x === undefined ? '–' : Math.round(x).toLocaleString('en-US'));

const results = { machineStart: machine(), params: o, sizes: {} };
const bench = await openBenchPage({ dist: o.benchDist, mount: '/bench/', port: o.port, log });
try {
  await guarded(bench, (page) => page.waitForFunction(() => !!window.fieldbookBackup));
  /** Runs one phase of the bench page with Chromium's CPU time around it. */
  const phase = async (call, arg, trace = false, profileAs = '') => {
    const before = bench.cpu();
    const threadsBefore = chromiumThreads();
    const evaluate = () =>
      guarded(bench, (page) => page.evaluate(([c, a]) => window.fieldbookBackup[c](a), [call, arg]));
    const run = profileAs ? () => profiled(profileAs, evaluate) : evaluate;
    // --timeline: every 2 s, the CPU of the busiest thread groups in the last 2 s (where it goes when).
    let last = threadsBefore;
    const timeline = o.timeline
      ? setInterval(() => {
          const now = chromiumThreads();
          const d = threadDelta(last, now);
          last = now;
          const top = Object.entries(d.byThread).slice(0, 5);
          log(
            `  ${call} +${d.wallS} s: machine ${d.machineBusyS} CPU-s, chromium ${d.chromiumS}: ${top.map(([k, v]) => `${k} ${v}`).join(', ')}`,
          );
        }, 2000)
      : null;
    const threads = () => {
      if (timeline) clearInterval(timeline);
      return threadDelta(threadsBefore, chromiumThreads());
    };
    if (!trace) return { ...(await run()), cpu: cpuDelta(before, bench.cpu()), threads: threads() };
    const traced = await traceTasks(bench.page, run);
    return { ...traced.result, cpu: cpuDelta(before, bench.cpu()), threads: threads(), tasks: traced.tasks };
  };
  /** Runs fn under the V8 CPU profiler of the page; writes the profile and prints its long stretches. */
  const profiled = async (name, fn) => {
    const cdp = await bench.page.context().newCDPSession(bench.page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
    await cdp.send('Profiler.start');
    try {
      return await fn();
    } finally {
      const { profile } = await cdp.send('Profiler.stop');
      await cdp.detach().catch(() => undefined);
      await writeFile(join(o.resultsDir, `${name}.cpuprofile`), JSON.stringify(profile));
      const found = longStretches(profile, 50);
      log(
        `${name}: ${found.stretches.length} busy stretches > 50 ms (longest ${found.longestMs} ms); self time in them:`,
      );
      for (const f of found.top.slice(0, 25)) log(`  ${f.ms} ms  ${f.name}`);
    }
  };
  /**
   * Waits until Chromium used under 0.1 CPU-s per second over 2 s (at most 3 min); returns the ms
   * waited.
   */
  const settle = async () => {
    const t0 = Date.now();
    for (let prev = chromiumThreads(); Date.now() - t0 < 180_000;) {
      await new Promise((r) => setTimeout(r, 2000));
      const now = chromiumThreads();
      const d = threadDelta(prev, now);
      prev = now;
      if (!d || d.chromiumS < 0.1 * d.wallS) break;
    }
    return Date.now() - t0;
  };
  for (const count of o.sizes) {
    const runs = [];
    for (let run = 0; run < o.runs; run++) {
      const seeded = await phase('seed', { count, seed: 4242 + run, name: `backup-${count}-${run}` });
      log(`${count}: seeded ${seeded.docs} documents in ${seeded.ms} ms; threads ${JSON.stringify(seeded.threads)}`);
      const backup = await phase(
        'backup',
        undefined,
        o.trace.includes('backup'),
        o.profile.includes('backup') ? `backup-${count}` : '',
      );
      backup.longTasks = await bench.longTasks(backup.t0, backup.t1);
      log(
        `${count}: backup ${backup.ms} ms, ${backup.fileMb} MB, ${backup.pages} pages; CPU ${JSON.stringify(backup.cpu)}; tasks > 50 ms ${JSON.stringify(backup.longTasks)}; traced ${JSON.stringify(backup.tasks)}; threads ${JSON.stringify(backup.threads)}`,
      );
      const readAlone = await phase('readAlone');
      log(`${count}: read alone ${readAlone.ms} ms; CPU ${JSON.stringify(readAlone.cpu)}`);
      // --restore-sizes limits the (much longer) restore to some sizes; the others report backup only.
      if (o.restoreSizes && !o.restoreSizes.includes(count)) {
        runs.push({ seeded, backup, readAlone, restore: null });
        continue;
      }
      const dropped = await phase('dropSource');
      log(`${count}: source database removed in ${dropped.ms} ms; threads ${JSON.stringify(dropped.threads)}`);
      // Removing 100,000 documents keeps the browser's IndexedDB backend (LevelDB) busy after the
      // call returned; the restore starts once it is idle, so its CPU and tasks are its own.
      dropped.settleMs = await settle();
      log(`${count}: browser idle again ${dropped.settleMs} ms after the removal`);
      const restore = await phase(
        'restore',
        { chunks: o.restoreChunks, part: o.restorePart },
        o.trace.includes('restore'),
        o.profile.includes('restore') ? `restore-${count}` : '',
      );
      restore.longTasks = await bench.longTasks(restore.t0, restore.t3);
      log(
        `${count}: restore ${restore.ms} ms (verify ${restore.verifyMs}, plan ${restore.planMs}, write ${restore.writeMs}); CPU ${JSON.stringify(restore.cpu)}; tasks > 50 ms ${JSON.stringify(restore.longTasks)}; traced ${JSON.stringify(restore.tasks)}; threads ${JSON.stringify(restore.threads)}`,
      );
      const droppedRestored = await phase('dropRestored');
      log(`${count}: restored database removed in ${droppedRestored.ms} ms`);
      // The next seed starts on an idle browser (not needed after the last restore).
      const last = count === o.sizes[o.sizes.length - 1] && run === o.runs - 1;
      if (!last) await settle();
      if (restore.restored.customers !== count)
        throw new Error(`restored ${restore.restored.customers} of ${count} customers`);
      runs.push({ seeded, backup, readAlone, dropped, restore });
    }
    const m = (f) => median(runs.map(f));
    results.sizes[count] = {
      docs: runs[0].seeded.docs,
      counts: runs[0].seeded.counts,
      fileMb: m((r) => r.backup.fileMb),
      iterations: m((r) => r.backup.iterations),
      backupMs: m((r) => r.backup.ms),
      backupCpuS: m((r) => r.backup.cpu?.total),
      backupMainCpuS: m((r) => r.backup.cpu?.rendererMain),
      backupWorkerCpuS: m((r) => r.backup.cpu?.workers),
      readMs: m((r) => r.readAlone.ms),
      readMainCpuS: m((r) => r.readAlone.cpu?.rendererMain),
      backupToReadRatio: r2(m((r) => r.backup.ms / r.readAlone.ms)),
      backupLongTasks: m((r) => r.backup.longTasks.count),
      backupLongestTaskMs: m((r) => r.backup.longTasks.maxMs),
      backupHeapPeakMb: m((r) => r.backup.heapPeakMb),
      restoreMs: m((r) => r.restore?.ms),
      restoreVerifyMs: m((r) => r.restore?.verifyMs),
      restorePlanMs: m((r) => r.restore?.planMs),
      restoreWriteMs: m((r) => r.restore?.writeMs),
      restoreCpuS: m((r) => r.restore?.cpu?.total),
      restoreMainCpuS: m((r) => r.restore?.cpu?.rendererMain),
      restoreLongTasks: m((r) => r.restore?.longTasks.count),
      restoreLongestTaskMs: m((r) => r.restore?.longTasks.maxMs),
      restoreHeapPeakMb: m((r) => r.restore?.heapPeakMb),
      restoreChunkSizes: runs[0].restore?.chunkSizes ?? null,
      restoreThreads: runs[0].restore?.threads ?? null,
      seedThreads: runs[0].seeded.threads ?? null,
      backupTraced: runs[0].backup.tasks ?? null,
      restoreTraced: runs[0].restore?.tasks ?? null,
      runs,
    };
  }
  results.machineEnd = machine();
  await writeFile(join(o.resultsDir, 'backup-results.json'), JSON.stringify(results, null, 2) + '\n');
  const load = (mc) => mc.loadAverage.join(', ');
  const lines = [
    `# Backup and restore (${results.machineStart.date}; ${results.machineStart.cpuCount} × ${results.machineStart.cpuModel}, ${results.machineStart.chromium}; load average at start ${load(results.machineStart)}, at end ${load(results.machineEnd)})`,
    '',
    'Targets: backup of 100,000 customers ≤ 20 s; no main-thread task > 50 ms during backup or restore.',
    '',
    '| customers | documents | file MB | backup ms | CPU s (main, workers) | read alone ms (main CPU s) | backup / read | tasks > 50 ms, longest (backup) | heap peak MB | restore ms (verify, plan, write) | CPU s (main) | tasks > 50 ms, longest (restore) | heap peak MB |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...Object.entries(results.sizes).map(
      ([c, s]) =>
        `| ${n(Number(c))} | ${n(s.docs)} | ${s.fileMb} | ${n(s.backupMs)} | ${s.backupCpuS} (${s.backupMainCpuS}, ${s.backupWorkerCpuS}) | ${n(s.readMs)} (${s.readMainCpuS}) | ${s.backupToReadRatio} | ${s.backupLongTasks}, ${s.backupLongestTaskMs} ms | ${s.backupHeapPeakMb} | ${n(s.restoreMs)} (${n(s.restoreVerifyMs)}, ${n(s.restorePlanMs)}, ${n(s.restoreWriteMs)}) | ${s.restoreCpuS ?? '–'} (${s.restoreMainCpuS ?? '–'}) | ${s.restoreLongTasks ?? '–'}, ${s.restoreLongestTaskMs ?? '–'} ms | ${s.restoreHeapPeakMb ?? '–'} |`,
    ),
    ...Object.entries(results.sizes).flatMap(([c, s]) =>
      [
        ['backup', s.backupTraced],
        ['restore', s.restoreTraced],
      ]
        .filter(([, t]) => t)
        .map(
          ([what, t]) =>
            `- ${n(Number(c))} customers, ${what}, traced (first run): ${n(t.count)} main-thread tasks; over 50 ms by wall time ${t.over50Wall} (longest ${t.longestWallMs} ms), by thread CPU time **${t.over50Cpu}** (longest ${t.longestCpuMs} ms); main-thread CPU ${n(t.mainCpuMs)} ms`,
        ),
    ),
    ...Object.entries(results.sizes).flatMap(([c, s]) =>
      [
        ['seed (demo load of the same documents)', s.seedThreads],
        ['restore', s.restoreThreads],
      ]
        .filter(([, t]) => t)
        .map(
          ([what, t]) =>
            `- ${n(Number(c))} customers, ${what}: CPU by thread (first run, s): ${Object.entries(t.byThread)
              .slice(0, 6)
              .map(([k, v]) => `${k} ${v}`)
              .join(', ')}; ${t.wallS} s wall, machine busy ${t.machineBusyS} CPU-s`,
        ),
    ),
    ...Object.entries(results.sizes)
      .filter(([, s]) => s.restoreChunkSizes)
      .map(([c, s]) => `- ${n(Number(c))} customers, restore chunk sizes ${s.restoreChunkSizes.join('–')} documents`),
    '',
    `Medians of ${o.runs} run(s). CPU: seconds of Chromium's processes during the phase (/proc; main = the page's`,
    "main thread, workers = its dedicated workers; the rest is mostly IndexedDB's storage work in the browser",
    "process). Heap: the page's JS heap only (a worker's is not in performance.memory).",
  ];
  await writeFile(join(o.resultsDir, 'backup-results.md'), lines.join('\n') + '\n');
  console.log(lines.join('\n'));
} finally {
  await bench.close();
}
