// Backup and restore on the bench page, one phase per call (driven by test/bench/backup-run.mjs
// through `window.fieldbookBackup`, which reads Chromium's CPU time and the long tasks around each
// phase): the same calls Settings → Backup makes (src/state/backup.svelte.ts writeBackupFile: the
// storage's pages as JSON bytes → the backup worker → a Blob; the worker verifies the file →
// planRestore → applyRestore through the bulk-write path), on demo data. Same-run baseline: the same
// pages read from the storage and serialized, nothing handed to the worker.
import { openDatabase, type FieldbookDatabase } from '../../../src/data/db/database';
import { loadDemoData } from '../../../src/data/repos/demo';
import {
  applyRestore,
  backupCounts,
  backupPages,
  planRestore,
  type RestoreSource,
} from '../../../src/data/backup/backup';
import type { ChunkSizing } from '../../../src/data/repos/bulk';
import { ACCEPTED_SCHEMAS } from '../../../src/data/backup/collections';
import { calibrateIterations } from '../../../src/data/crypto/passphrase-key';
import { writeBackupFile } from '../../../src/state/backup-file';
import { backupWorker, keysWorker } from '../../../workers/client';

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
/** Customers per demo chunk while seeding: the fastest fixed size (seeding is not measured). */
const SEED_CHUNK = 1000;

let db: FieldbookDatabase | null = null;
let file: Blob | null = null;
/** The restored database, removed in its own phase (`dropRestored`) so the restore's CPU excludes it. */
let restoredDb: FieldbookDatabase | null = null;
let name = '';

const api = {
  /** A database of `count` demo customers with their orders, visits and surveys (demo proportions). */
  async seed(a: { count: number; seed: number; name: string }) {
    name = a.name;
    const t0 = performance.now();
    db = await openDatabase({ name });
    let told = 0;
    await loadDemoData(db, {
      count: a.count,
      seed: a.seed,
      now: Date.now(),
      chunkSize: Math.min(SEED_CHUNK, a.count),
      deriveKeys: (rows) => keysWorker().searchKeys(rows),
      onProgress: (p) => {
        if (p.done - told >= a.count / 5 || p.done === p.total) {
          told = p.done;
          log(`seeding: ${p.done}/${p.total} customers, ${Math.round((performance.now() - t0) / 1000)} s`);
        }
      },
    });
    const counts = await backupCounts(db);
    // One unmeasured read: right after the load the storage is still busy (the first full read took
    // 5-14x longer than later ones), so the backup and the baseline both read warm.
    for await (const page of backupPages(db)) void page;
    return { ms: Math.round(performance.now() - t0), counts, docs: Object.values(counts).reduce((x, y) => x + y, 0) };
  },

  /** The backup as Settings makes it (calibration of the key derivation not timed). */
  async backup() {
    if (!db) throw new Error('seed first');
    const iterations = await calibrateIterations();
    const stopHeap = heapPeak();
    const t0 = performance.now();
    let pages = 0;
    file = await writeBackupFile(db, {
      passphrase: PASS,
      iterations,
      createdAt: Date.now(),
      appVersion: 'bench',
      onProgress: () => (pages += 1),
    });
    const t1 = performance.now();
    return {
      t0,
      t1,
      ms: Math.round(t1 - t0),
      pages,
      fileMb: Math.round(file.size / 1e5) / 10,
      iterations,
      heapPeakMb: stopHeap(),
    };
  },

  /** Baseline: the same pages read and serialized, nothing sent to the worker. */
  async readAlone() {
    if (!db) throw new Error('seed first');
    const t0 = performance.now();
    let docs = 0;
    for await (const page of backupPages(db)) docs += page.count;
    const t1 = performance.now();
    return { t0, t1, ms: Math.round(t1 - t0), docs };
  },

  /**
   * Removes the seeded database (its own phase: deleting 100,000 documents keeps the browser's
   * IndexedDB backend busy for a while, which is not the restore's work).
   */
  async dropSource() {
    if (!db) throw new Error('seed first');
    const t0 = performance.now();
    await db.remove();
    db = null;
    return { ms: Math.round(performance.now() - t0) };
  },

  /** Removes the restored database (not part of the restore's figures). */
  async dropRestored() {
    const t0 = performance.now();
    await restoredDb?.remove();
    restoredDb = null;
    return { ms: Math.round(performance.now() - t0) };
  },

  /**
   * Verify the file, plan and write it into a fresh database (merge), as Settings → Restore does.
   * `chunks` overrides the restore's chunk sizing (bench experiments: documents per transaction).
   */
  async restore(a?: { chunks?: ChunkSizing; part?: number }) {
    if (!file) throw new Error('back up first');
    if (db) await api.dropSource();
    const fresh = await openDatabase({ name: `${name}-restored` });
    const worker = backupWorker();
    const stopHeap = heapPeak();
    const t0 = performance.now();
    const opened = await worker.open(file, PASS, ACCEPTED_SCHEMAS);
    if (!opened.ok) throw new Error(`backup refused: ${opened.code} ${opened.detail}`);
    const t1 = performance.now();
    const source: RestoreSource = {
      frames: opened.frames,
      read: (i, from, count) => worker.read(i, from, count),
    };
    const plan = await planRestore(fresh, source, 'merge');
    const t2 = performance.now();
    let told = 0;
    const result = await applyRestore(fresh, source, 'merge', {
      sizing: a?.chunks,
      partSize: a?.part,
      onProgress: (p) => {
        if (p.done - told >= p.total / 5 || p.done === p.total) {
          told = p.done;
          log(`restoring: ${p.done}/${p.total} documents, ${Math.round((performance.now() - t2) / 1000)} s`);
        }
      },
    });
    const t3 = performance.now();
    const restored = await backupCounts(fresh);
    await worker.close();
    restoredDb = fresh;
    file = null;
    return {
      t0,
      t1,
      t2,
      t3,
      ms: Math.round(t3 - t0),
      verifyMs: Math.round(t1 - t0),
      planMs: Math.round(t2 - t1),
      writeMs: Math.round(t3 - t2),
      heapPeakMb: stopHeap(),
      chunkSizes: [Math.min(...result.run.sizes), Math.max(...result.run.sizes)],
      planned: plan.customers,
      restored,
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
