// Backup and restore benchmark (README "Backup"; docs/ARCHITECTURE.md "Backup and restore"):
// headless Chromium on the bench page (test/bench/page/backup-bench.ts), production build, fresh
// profile. Per size and run: demo customers with their orders, visits and surveys; the paged read
// alone (same-run baseline), the backup (read + worker serialization, SHA-256, AES-GCM), the
// restore into a fresh database (verify the whole file, plan, write through runInChunks). Reports
// medians of time, longest main-thread task and peak page JS heap. No pass/fail.
//   node test/bench/backup-run.mjs [--sizes 2000,100000] [--runs 3] [--port 4191] [--bench-dist DIR] [--results-dir DIR]
import { chromium } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startStaticServer } from '../../scripts/serve.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const o = { sizes: [100_000], runs: 3, port: 4191, benchDist: here('../../dist-bench'), resultsDir: here('.') };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  const v = argv[++i];
  if (a === '--sizes') o.sizes = String(v).split(',').map(Number);
  else if (a === '--runs') o.runs = Number(v);
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
const log = (...a) => console.error('[backup]', ...a);
const uptime = () => execFileSync('uptime', { encoding: 'utf8' }).trim();

const work = await mkdtemp(join(os.tmpdir(), 'fieldbook-backup-'));
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
    '--enable-precise-memory-info',
  ],
  headless: true,
});
const results = { date: new Date().toISOString(), uptimeStart: uptime(), params: o, sizes: {} };
try {
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (m) => m.text().startsWith('[bench]') && log(m.text().slice(8)));
  page.on('pageerror', (e) => log('page exception:', e.message));
  await page.goto(`http://127.0.0.1:${o.port}/bench/`);
  await page.waitForFunction(() => !!window.fieldbookBackup);
  for (const count of o.sizes) {
    const runs = [];
    for (let run = 0; run < o.runs; run++) {
      const r = await page.evaluate((a) => window.fieldbookBackup.run(a), {
        count,
        seed: 4242 + run,
        name: `backup-${count}-${run}`,
      });
      if (r.restoredCustomers !== count) throw new Error(`restored ${r.restoredCustomers} of ${count} customers`);
      runs.push(r);
      log(
        `${count}: run ${run + 1}: backup ${r.backup.ms} ms (read alone ${r.readMs} ms), restore ${r.restore.ms} ms; longest task ${r.backup.longTasks.maxMs} / ${r.restore.longTasks.maxMs} ms`,
      );
    }
    const m = (f) => median(runs.map(f));
    results.sizes[count] = {
      docs: runs[0].docs,
      fileMb: m((r) => r.fileMb),
      iterations: m((r) => r.iterations),
      backupMs: m((r) => r.backup.ms),
      readMs: m((r) => r.readMs),
      backupToReadRatio: r2(m((r) => r.backup.ms / r.readMs)),
      backupLongestTaskMs: m((r) => r.backup.longTasks.maxMs),
      backupHeapPeakMb: m((r) => r.backup.heapPeakMb),
      restoreMs: m((r) => r.restore.ms),
      restoreVerifyMs: m((r) => r.restore.verifyMs),
      restorePlanMs: m((r) => r.restore.planMs),
      restoreLongestTaskMs: m((r) => r.restore.longTasks.maxMs),
      restoreHeapPeakMb: m((r) => r.restore.heapPeakMb),
      runs,
    };
  }
  results.uptimeEnd = uptime();
  await writeFile(join(o.resultsDir, 'backup-results.json'), JSON.stringify(results, null, 2) + '\n');
  const lines = [
    `# Backup and restore (${results.date}; load at start: ${results.uptimeStart})`,
    '',
    '| customers | records | file MB | backup ms | read alone ms | ratio | longest task (backup) | heap peak MB (backup) | restore ms (verify, plan) | longest task (restore) | heap peak MB (restore) |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...Object.entries(results.sizes).map(
      ([c, s]) =>
        `| ${c} | ${s.docs} | ${s.fileMb} | ${s.backupMs} | ${s.readMs} | ${s.backupToReadRatio} | ${s.backupLongestTaskMs} ms | ${s.backupHeapPeakMb} | ${s.restoreMs} (${s.restoreVerifyMs}, ${s.restorePlanMs}) | ${s.restoreLongestTaskMs} ms | ${s.restoreHeapPeakMb} |`,
    ),
    '',
    `Medians of ${o.runs} run(s). Heap: the page's JS heap only (the worker's is not in performance.memory).`,
  ];
  await writeFile(join(o.resultsDir, 'backup-results.md'), lines.join('\n') + '\n');
  console.log(lines.join('\n'));
} finally {
  await context.close();
  server.close();
  await rm(work, { recursive: true, force: true });
}
