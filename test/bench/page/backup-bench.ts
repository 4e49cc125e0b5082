// Backup and restore figures on the bench page (driven by test/bench/backup-run.mjs through
// `window.fieldbookBackup`): the same calls Settings → Backup makes (src/state/backup.svelte.ts:
// data/backup pages → the backup worker → a file; the worker verifies the file → planRestore →
// applyRestore), on demo data, with the longest main-thread task and the page's peak JS heap.
// Same-run baseline: reading the same pages without the worker (what the backup cannot avoid).
import { openDatabase, type FieldbookDatabase } from '../../../src/data/db/database';
import { loadDemoData } from '../../../src/data/repos/demo';
import { applyRestore, backupPages, planRestore } from '../../../src/data/backup/backup';
import { ACCEPTED_SCHEMAS } from '../../../src/data/backup/collections';
import { calibrateIterations } from '../../../src/data/crypto/passphrase-key';
import { backupWorker, keysWorker } from '../../../workers/client';

const tasks: Array<{ start: number; duration: number }> = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) tasks.push({ start: e.startTime, duration: e.duration });
}).observe({ type: 'longtask', buffered: true });
const longest = (from: number, to: number) => {
  const hits = tasks.filter((t) => t.start >= from && t.start <= to);
  return { count: hits.length, maxMs: Math.round(hits.reduce((m, t) => Math.max(m, t.duration), 0)) };
};
const heap = (): number =>
  (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0;
/** Samples the page's JS heap every 100 ms; returns the peak (MB) when stopped. */
function heapPeak(): () => number {
  let peak = heap();
  const timer = setInterval(() => (peak = Math.max(peak, heap())), 100);
  return () => {
    clearInterval(timer);
    return Math.round(Math.max(peak, heap()) / 1e6);
  };
}
const log = (s: string) => console.log(`[bench] ${s}`);
const PASS = 'bench passphrase';

async function fill(name: string, count: number, seed: number): Promise<FieldbookDatabase> {
  const db = await openDatabase({ name });
  await loadDemoData(db, {
    count,
    seed,
    now: Date.now(),
    deriveKeys: (rows) => keysWorker().searchKeys(rows),
  });
  return db;
}

const api = {
  async run(a: { count: number; seed: number; name: string }) {
    const db = await fill(a.name, a.count, a.seed);
    log(`${a.count}: demo loaded`);
    // Right after the demo load the storage is still busy (the first full read took 5-14x longer
    // than later ones here): one unmeasured read first, so backup and baseline both read warm.
    let t0 = performance.now();
    for await (const page of backupPages(db)) void page;
    const warmUpMs = performance.now() - t0;
    const worker = backupWorker();
    const iterations = await calibrateIterations();
    let stopHeap = heapPeak();
    t0 = performance.now();
    await worker.begin(PASS, iterations);
    for await (const page of backupPages(db)) await worker.add(page.collection, page.schemaVersion, page.docs);
    const file = await worker.finish(Date.now(), 'bench');
    const backupMs = performance.now() - t0;
    const backup = { ms: Math.round(backupMs), longTasks: longest(t0, performance.now()), heapPeakMb: stopHeap() };
    log(`${a.count}: backup ${backup.ms} ms, ${Math.round(file.size / 1e6)} MB`);
    // Same-run baseline, after the backup (so neither profits from the other's warm caches first):
    // the same paged reads, nothing serialized or encrypted.
    t0 = performance.now();
    let docs = 0;
    for await (const page of backupPages(db)) docs += page.docs.length;
    const readMs = performance.now() - t0;

    await db.remove();
    const fresh = await openDatabase({ name: `${a.name}-restored` });
    stopHeap = heapPeak();
    t0 = performance.now();
    const opened = await worker.open(file, PASS, ACCEPTED_SCHEMAS);
    if (!opened.ok) throw new Error(`backup refused: ${opened.code} ${opened.detail}`);
    const verifyMs = performance.now() - t0;
    const source = { frames: opened.frames, read: (i: number) => worker.read(i) };
    const plan = await planRestore(fresh, source, 'merge');
    const planMs = performance.now() - t0 - verifyMs;
    const result = await applyRestore(fresh, source, 'merge');
    const restoreMs = performance.now() - t0;
    const restore = {
      ms: Math.round(restoreMs),
      verifyMs: Math.round(verifyMs),
      planMs: Math.round(planMs),
      longTasks: longest(t0, performance.now()),
      heapPeakMb: stopHeap(),
      chunkSizes: [Math.min(...result.run.sizes), Math.max(...result.run.sizes)],
    };
    const restored = await fresh.customers.count().exec();
    log(
      `${a.count}: restore ${restore.ms} ms (verify ${restore.verifyMs}, plan ${restore.planMs}); ${restored} customers`,
    );
    await fresh.remove();
    await worker.close();
    return {
      count: a.count,
      docs,
      fileMb: Math.round(file.size / 1e5) / 10,
      iterations,
      readMs: Math.round(readMs),
      warmUpMs: Math.round(warmUpMs),
      backup,
      restore,
      restoredCustomers: restored,
      planned: plan.customers,
    };
  },
};

declare global {
  interface Window {
    fieldbookBackup: typeof api;
  }
}

export function installBackupBench(): void {
  window.fieldbookBackup = api;
}
