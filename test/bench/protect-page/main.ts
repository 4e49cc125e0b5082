// The protection benchmark page (built in production mode by test/bench/protect-vite.config.ts):
// the same customers in two databases of this page, one protected with a passphrase (sealing
// wrapper, key record in its own store, derivation calibrated as the app does) and one not, so
// every figure has a same-run baseline. test/bench/protect-run.mjs drives it through
// `window.fieldbookProtectBench.run(...)`:
// - insert: the app's insert path (openDatabase + startBackgroundWork + loadDemoData), rows/s;
// - unlock: read the key record + derive + unwrap (protected only), open the database, first page
//   of 50 list rows; and first rows alone (database open → rows), each the median of `reopens`;
// - search: every prefix of sample names and companies through the customer list's search (its
//   rows, read unopened: no decryption), p50/p95 and decryptions per keystroke;
// - rewrite: turning protection on over the unprotected database (time, long tasks).
import { openDatabase, type FieldbookDatabase } from '../../../src/data/db/database';
import { startBackgroundWork } from '../../../src/data/derived/background';
import { loadDemoData } from '../../../src/data/repos/demo';
import { pageCustomerRows, pageCustomers, searchCustomerRowsPage } from '../../../src/data/repos/customers';
import { keyStore } from '../../../src/data/crypto/key-store';
import { calibrate, createProtection, unlockDataKey } from '../../../src/data/crypto/passphrase-key';
import { rewriteSealedCollections } from '../../../src/data/crypto/rewrite';

const PASSPHRASE = 'benchmark passphrase on a tablet';

export interface ModeResult {
  insertMs: number;
  rows: number;
  rowsPerSecond: number;
  unlockMs: number[];
  firstRowsMs: number[];
  medianUnlockMs: number;
  medianFirstRowsMs: number;
  search: { keystrokes: number; p50Ms: number; p95Ms: number; decryptions: DecryptionCounts };
}

/** AES-GCM decryptions per keystroke (a load-independent count of the search's crypto work). */
export interface DecryptionCounts {
  total: number;
  p50: number;
  p95: number;
  max: number;
}

export interface RewriteResult {
  ms: number;
  documents: number;
  longTasks: { count: number; maxMs: number };
}

export interface ProtectBenchResult {
  customers: number;
  iterations: number;
  /** Calibration's check: one derivation at the count it chose first (adjusted when outside 0.5–1 s). */
  calibrationCheckMs: number;
  deriveMs: number[];
  medianDeriveMs: number;
  off: ModeResult;
  on: ModeResult;
  /** Turning protection on over the unprotected database (every sealed collection rewritten). */
  rewrite: RewriteResult;
}

// Long tasks of this page, so the rewrite can report how much it blocked the main thread.
const longTaskLog: Array<{ start: number; duration: number }> = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) longTaskLog.push({ start: e.startTime, duration: e.duration });
}).observe({ type: 'longtask', buffered: true });

/** Protection turned on over the (unprotected) database `name`, as Settings does it. */
async function rewrite(name: string): Promise<RewriteResult> {
  const record = await keyStore().read();
  if (!record) throw new Error('no key record');
  const key = await unlockDataKey(record, PASSPHRASE);
  const db = await openDatabase({ name, sealing: { key, mode: 'seal' } });
  let documents = 0;
  const t0 = performance.now();
  await rewriteSealedCollections(db, (p) => {
    documents = p.total;
    if (p.done % 2000 < 200) status(`rewrite: ${p.done}/${p.total}`);
  });
  const t1 = performance.now();
  await db.close();
  const hits = longTaskLog.filter((t) => t.start >= t0 && t.start <= t1);
  return {
    ms: Math.round(t1 - t0),
    documents,
    longTasks: { count: hits.length, maxMs: Math.round(hits.reduce((m, t) => Math.max(m, t.duration), 0)) },
  };
}

function status(text: string): void {
  const el = document.getElementById('status');
  if (el) el.textContent = text;
  console.log(`[bench] ${text}`);
}

// Counts AES-GCM decryptions (the real WebCrypto call runs; only the count is added).
const subtle = globalThis.crypto.subtle;
const realDecrypt = subtle.decrypt.bind(subtle);
let decryptions = 0;
(subtle as { decrypt: SubtleCrypto['decrypt'] }).decrypt = (...args: Parameters<SubtleCrypto['decrypt']>) => {
  decryptions++;
  return realDecrypt(...args);
};

const median = (xs: number[]): number => {
  const v = [...xs].sort((a, b) => a - b);
  return v.length ? Math.round(v[Math.floor((v.length - 1) / 2)]! * 10) / 10 : 0;
};
const pct = (xs: number[], p: number): number => {
  const v = [...xs].sort((a, b) => a - b);
  return Math.round((v[Math.min(v.length - 1, Math.ceil((p / 100) * v.length) - 1)] ?? 0) * 10) / 10;
};

async function insert(db: FieldbookDatabase, count: number, seed: number): Promise<{ ms: number; rows: number }> {
  const background = startBackgroundWork(db, { rebuild: false });
  const t0 = performance.now();
  const progress = await loadDemoData(db, { count, seed, now: Date.UTC(2026, 11, 1), chunkSize: 500 });
  await background.idle();
  const ms = performance.now() - t0;
  background.stop();
  return { ms, rows: progress.rows };
}

/** Close, then the timed path a start takes: (key) → open → first page. */
async function reopen(
  name: string,
  protectedMode: boolean,
): Promise<{ db: FieldbookDatabase; unlockMs: number; firstRowsMs: number }> {
  const t0 = performance.now();
  let sealing: { key: CryptoKey; mode: 'seal' } | undefined;
  if (protectedMode) {
    const record = await keyStore().read();
    if (!record) throw new Error('no key record');
    sealing = { key: await unlockDataKey(record, PASSPHRASE), mode: 'seal' };
  }
  const db = await openDatabase({ name, ...(sealing ? { sealing } : {}) });
  const t1 = performance.now();
  const page = await pageCustomerRows(db, { sort: 'name', limit: 50 });
  if (page.rows.length === 0) throw new Error('no rows');
  const t2 = performance.now();
  return { db, unlockMs: t2 - t0, firstRowsMs: t2 - t1 };
}

async function sampleQueries(db: FieldbookDatabase, n: number): Promise<string[]> {
  const rows = (await pageCustomers(db, { sort: 'recent', limit: n })).rows;
  return rows
    .map((c, i) => (i % 3 === 2 && c.company ? c.company : i % 2 ? c.familyName : c.givenName))
    .filter(Boolean);
}

async function searchTimes(db: FieldbookDatabase, queries: string[]): Promise<{ times: number[]; decrypts: number[] }> {
  const times: number[] = [];
  const decrypts: number[] = [];
  for (const q of queries)
    for (let n = 1; n <= Math.min(q.length, 8); n++) {
      const d0 = decryptions;
      const t0 = performance.now();
      await searchCustomerRowsPage(db, q.slice(0, n), { sort: 'name' });
      times.push(performance.now() - t0);
      decrypts.push(decryptions - d0);
    }
  return { times, decrypts };
}

async function runMode(
  name: string,
  protectedMode: boolean,
  opts: { customers: number; reopens: number; queries: string[] | null },
): Promise<{ result: ModeResult; queries: string[] }> {
  let sealing: { key: CryptoKey; mode: 'seal' } | undefined;
  if (protectedMode) {
    const record = await keyStore().read();
    if (!record) throw new Error('no key record');
    sealing = { key: await unlockDataKey(record, PASSPHRASE), mode: 'seal' };
  }
  let db = await openDatabase({ name, ...(sealing ? { sealing } : {}) });
  status(`${protectedMode ? 'on' : 'off'}: inserting ${opts.customers} customers`);
  const inserted = await insert(db, opts.customers, 20_261_207);
  const queries = opts.queries ?? (await sampleQueries(db, 40));
  await db.close();
  const unlockMs: number[] = [];
  const firstRowsMs: number[] = [];
  for (let i = 0; i < opts.reopens; i++) {
    status(`${protectedMode ? 'on' : 'off'}: reopen ${i + 1}/${opts.reopens}`);
    const r = await reopen(name, protectedMode);
    unlockMs.push(r.unlockMs);
    firstRowsMs.push(r.firstRowsMs);
    db = r.db;
    if (i < opts.reopens - 1) await db.close();
  }
  status(`${protectedMode ? 'on' : 'off'}: searching`);
  await searchTimes(db, queries.slice(0, 3)); // warm-up
  const { times, decrypts } = await searchTimes(db, queries);
  await db.close();
  return {
    queries,
    result: {
      insertMs: Math.round(inserted.ms),
      rows: inserted.rows,
      rowsPerSecond: Math.round(inserted.rows / (inserted.ms / 1000)),
      unlockMs: unlockMs.map((x) => Math.round(x)),
      firstRowsMs: firstRowsMs.map((x) => Math.round(x)),
      medianUnlockMs: median(unlockMs),
      medianFirstRowsMs: median(firstRowsMs),
      search: {
        keystrokes: times.length,
        p50Ms: pct(times, 50),
        p95Ms: pct(times, 95),
        decryptions: {
          total: decrypts.reduce((a, b) => a + b, 0),
          p50: pct(decrypts, 50),
          p95: pct(decrypts, 95),
          max: Math.max(0, ...decrypts),
        },
      },
    },
  };
}

async function run(opts: { customers: number; reopens: number }): Promise<ProtectBenchResult> {
  status('calibrating the key derivation');
  const { iterations, checkedMs } = await calibrate();
  const { record } = await createProtection(PASSPHRASE, iterations, Date.now());
  await keyStore().write(record);
  const deriveMs: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    await unlockDataKey(record, PASSPHRASE);
    deriveMs.push(Math.round(performance.now() - t0));
  }
  const stamp = Date.now().toString(36);
  const off = await runMode(`bench-off-${stamp}`, false, { ...opts, queries: null });
  const on = await runMode(`bench-on-${stamp}`, true, { ...opts, queries: off.queries });
  status('rewrite: protecting the unprotected database');
  const rewritten = await rewrite(`bench-off-${stamp}`);
  status('done');
  return {
    customers: opts.customers,
    iterations,
    calibrationCheckMs: Math.round(checkedMs),
    deriveMs,
    medianDeriveMs: median(deriveMs),
    off: off.result,
    on: on.result,
    rewrite: rewritten,
  };
}

(window as unknown as { fieldbookProtectBench: { run: typeof run } }).fieldbookProtectBench = { run };
document.body.dataset.ready = 'true';
