// Encryption at rest benchmark: headless Debian Chromium, production build of the protection
// bench page (test/bench/protect-page), served on 127.0.0.1. The same customers with protection on
// and off, in the same run: unlock (key record + derivation + open + first rows), first rows,
// search p95, insert rows/s, and the measured PBKDF2 derivation. Usage (after the build,
// `npm run bench:protect` does both):
//   node test/bench/protect-run.mjs [--customers 10000] [--reopens 5] [--port 4195]
// Writes test/bench/protect-results.json and .md and prints the table. No assertions: the targets
// (unlock ≤ 1.5 s, search p95 on ≤ 1.5× off) are reported next to the numbers.
import os from 'node:os';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { guarded, machine as describeMachine, openBenchPage } from './chromium.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));

function parseArgs(argv) {
  const o = {
    customers: 10_000,
    reopens: 5,
    port: 4195,
    benchDist: here('../../dist-bench-protect'),
    resultsDir: here('.'),
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--customers') o.customers = Number(argv[++i]);
    else if (a === '--reopens') o.reopens = Number(argv[++i]);
    else if (a === '--port') o.port = Number(argv[++i]);
    else if (a === '--bench-dist') o.benchDist = resolve(String(argv[++i]));
    else if (a === '--results-dir') o.resultsDir = resolve(String(argv[++i]));
    else throw new Error(`unknown argument ${a}`);
  }
  return o;
}

const log = (...a) => console.log('[protect-bench]', ...a);
const ratio = (a, b) => (b > 0 ? Math.round((a / b) * 100) / 100 : null);

function table(r) {
  const ok = (cond) => (cond ? 'met' : '**not met**');
  return [
    `Protection benchmark, ${r.customers.toLocaleString('en')} customers (${r.machine.chromium}, ${r.machine.cpuCount} × ${r.machine.cpuModel}, ${r.machine.date}; 1-minute load average ${r.machine.loadAverageStart} at the start, ${r.machine.loadAverageEnd} at the end)`,
    '',
    `PBKDF2-SHA-256, ${r.iterations.toLocaleString('en')} iterations (calibrated here; its check at the first count chosen took ${r.calibrationCheckMs} ms): derivation median ${r.medianDeriveMs} ms (${r.deriveMs.join(', ')} ms), target 500–1,000 ms: ${r.medianDeriveMs >= 500 && r.medianDeriveMs <= 1000 ? 'met' : '**not met**'}`,
    '',
    '| measure | off | on | on / off | target |',
    '|---|---|---|---|---|',
    `| unlock: key record + derivation + open + first 50 rows (median of ${r.on.unlockMs.length}) | ${r.off.medianUnlockMs} ms | **${r.on.medianUnlockMs} ms** | ${ratio(r.on.medianUnlockMs, r.off.medianUnlockMs)} | ≤ 1,500 ms: ${ok(r.on.medianUnlockMs <= 1500)} |`,
    `| first rows: database open → first 50 rows (median) | ${r.off.medianFirstRowsMs} ms | ${r.on.medianFirstRowsMs} ms | ${ratio(r.on.medianFirstRowsMs, r.off.medianFirstRowsMs)} | |`,
    `| search per keystroke p95 (${r.on.search.keystrokes} keystrokes) | ${r.off.search.p95Ms} ms | **${r.on.search.p95Ms} ms** | **${ratio(r.on.search.p95Ms, r.off.search.p95Ms)}** | ≤ 1.5×: ${ok(r.on.search.p95Ms <= 1.5 * r.off.search.p95Ms)} |`,
    `| AES-GCM decryptions per keystroke p50 / p95 / max (total) | | ${r.on.search.decryptions.p50} / ${r.on.search.decryptions.p95} / ${r.on.search.decryptions.max} (${r.on.search.decryptions.total}) | | |`,
    `| search per keystroke p50 | ${r.off.search.p50Ms} ms | ${r.on.search.p50Ms} ms | ${ratio(r.on.search.p50Ms, r.off.search.p50Ms)} | |`,
    `| turning protection on over the unprotected database: ${r.rewrite.documents.toLocaleString('en')} documents | | ${(r.rewrite.ms / 1000).toFixed(1)} s; ${r.rewrite.longTasks.count} tasks > 50 ms (longest ${r.rewrite.longTasks.maxMs} ms) | | no task > 50 ms: ${ok(r.rewrite.longTasks.count === 0)} |`,
    `| insert (demo data, ${r.on.rows.toLocaleString('en')} rows, followers idle) | ${r.off.rowsPerSecond.toLocaleString('en')} rows/s | ${r.on.rowsPerSecond.toLocaleString('en')} rows/s | ${ratio(r.on.rowsPerSecond, r.off.rowsPerSecond)} | |`,
  ].join('\n');
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const m = describeMachine();
  const machine = {
    date: m.date.slice(0, 10),
    cpuModel: m.cpuModel,
    cpuCount: m.cpuCount,
    chromium: m.chromium,
    loadAverageStart: m.loadAverage[0],
  };
  const bench = await openBenchPage({ dist: o.benchDist, mount: '/bench-protect/', port: o.port, log });
  try {
    await guarded(bench, (page) => page.waitForFunction(() => !!window.fieldbookProtectBench));
    const result = await guarded(bench, (page) =>
      page.evaluate((i) => window.fieldbookProtectBench.run(i), {
        customers: o.customers,
        reopens: o.reopens,
      }),
    );
    const full = { ...result, machine: { ...machine, loadAverageEnd: Math.round(os.loadavg()[0] * 100) / 100 } };
    const md = table(full);
    console.log(`\n${md}\n`);
    await writeFile(join(o.resultsDir, 'protect-results.json'), `${JSON.stringify(full, null, 2)}\n`);
    await writeFile(join(o.resultsDir, 'protect-results.md'), `${md}\n`);
  } finally {
    await bench.close();
  }
}

await main();
