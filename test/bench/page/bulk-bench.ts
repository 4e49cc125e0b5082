// Bulk-write figures on the bench page (driven by test/bench/bulk-run.mjs through
// `window.fieldbookBulk`): an import plan's commit (src/data/repos/imports.ts through bulk.ts)
// next to raw Dexie bulkPut of the same customer documents, plain and into RxDB's own table layout,
// in the same page and run; the longest main-thread task during each; search latency while an
// import runs vs idle; the demo loader with measured chunks.
import Dexie from 'dexie';
import { openDatabase, type FieldbookDatabase } from '../../../src/data/db/database';
import { storedKeys } from '../../../src/data/db/keys';
import type { CustomerDoc } from '../../../src/data/db/schemas';
import { startBackgroundWork } from '../../../src/data/derived/background';
import { commitImport } from '../../../src/data/repos/imports';
import { loadDemoData } from '../../../src/data/repos/demo';
import { searchCustomers } from '../../../src/data/repos/customers';
import { generateDemoChunk } from '../../../src/domain/demo';
import { newId } from '../../../src/domain/ids';
import type { CustomerImportRow, ImportPlan } from '../../../src/domain/import-plan';
import type { CustomerFields } from '../../../src/domain/types';
import { emptyCustomerFields } from '../../../src/domain/customer-fields';
import { ensurePinyin } from '../../../src/domain/pinyin';
import { ensurePhoneMetadata } from '../../../src/domain/phone';
import { keysWorker } from '../../../workers/client';

/** As the app's state classes do: search keys in the search-key worker. */
export const deriveKeys = (rows: Parameters<ReturnType<typeof keysWorker>['searchKeys']>[0]) =>
  keysWorker().searchKeys(rows);
/** As Settings' demo loader does: chunks generated and keyed in the search-key worker. */
export const makeChunk = (opts: Parameters<ReturnType<typeof keysWorker>['demoChunk']>[0]) =>
  keysWorker().demoChunk(opts);

export interface LongTasks {
  count: number;
  maxMs: number;
}
const tasks: Array<{ start: number; duration: number }> = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) tasks.push({ start: e.startTime, duration: e.duration });
}).observe({ type: 'longtask', buffered: true });
export function longTasks(from: number, to: number): LongTasks {
  const hits = tasks.filter((t) => t.start >= from && t.start <= to);
  return { count: hits.length, maxMs: Math.round(hits.reduce((m, t) => Math.max(m, t.duration), 0)) };
}
const yieldTask = () => new Promise<void>((r) => setTimeout(r, 0));
const log = (s: string) => console.log(`[bench] ${s}`);

/** The customer fields of demo customers [0, n): what an import worker would hand over. */
function planRows(n: number, seed: number, now: number): CustomerImportRow[] {
  const rows: CustomerImportRow[] = [];
  const keys = Object.keys(emptyCustomerFields()) as Array<keyof CustomerFields>;
  for (let start = 0; start < n; start += 1000) {
    const chunk = generateDemoChunk({ seed, start, count: Math.min(1000, n - start), now });
    for (const c of chunk.customers) {
      const fields = emptyCustomerFields();
      for (const k of keys) (fields as unknown as Record<string, unknown>)[k] = c[k];
      rows.push({ row: rows.length + 1, fields, action: 'create' });
    }
  }
  return rows;
}

/** The documents the commit writes for these rows (same fields, keys derived in the clock). */
function docsOf(rows: CustomerImportRow[], at: number): CustomerDoc[] {
  return rows.map((r) => ({
    id: newId(at),
    createdAt: at,
    updatedAt: at,
    updatedBy: 'bench',
    trashedAt: 0,
    ...r.fields,
    ...storedKeys(r.fields, at),
  }));
}

const CUSTOMER_INDEXES = [
  'nameKey',
  'nameRevKey',
  'hanziKey',
  'initialsKey',
  'emailKey',
  'phoneKey',
  'nationalKey',
  'phoneRevKey',
  'companySort',
  'recentKey',
];

/** Raw Dexie bulkPut of the rows' documents, `chunk` at a time; plain indexes or RxDB's layout. */
export async function raw(rows: CustomerImportRow[], chunk: number, layout: 'plain' | 'rxdb') {
  const name = `fieldbook-bulk-raw-${layout}`;
  await Dexie.delete(name);
  const db = new Dexie(name);
  db.version(1).stores({
    customers:
      layout === 'plain'
        ? ['id', ...CUSTOMER_INDEXES].join(', ')
        : [
            'id',
            '[_deleted+id]',
            ...CUSTOMER_INDEXES.map((f) => `[_deleted+${f}+id]`),
            '[_meta.lwt+id]',
            '_meta.lwt',
          ].join(', '),
  });
  await db.open();
  let lwt = Date.now();
  const t0 = performance.now();
  for (let from = 0; from < rows.length; from += chunk) {
    const docs = docsOf(rows.slice(from, from + chunk), Date.now());
    const put =
      layout === 'plain'
        ? docs
        : docs.map((d) => ({ ...d, _deleted: '0', _rev: '1-bench', _attachments: {}, _meta: { lwt: (lwt += 0.01) } }));
    await db.table('customers').bulkPut(put);
    await yieldTask();
  }
  const t1 = performance.now();
  const stored = await db.table('customers').count();
  db.close();
  await Dexie.delete(name);
  return { ms: t1 - t0, stored, longTasks: longTasks(t0, t1) };
}

export async function freshDb(name: string): Promise<FieldbookDatabase> {
  await Dexie.delete(`rxdb-dexie-${name}--0--customers`).catch(() => undefined);
  return openDatabase({ name });
}

/** Commits an n-row plan through the app's import path with the background work running. */
async function commit(opts: { count: number; seed: number; now: number; name: string }) {
  await Promise.all([ensurePinyin(), ensurePhoneMetadata()]);
  const rows = planRows(opts.count, opts.seed, opts.now);
  const db = await freshDb(opts.name);
  const background = startBackgroundWork(db);
  await background.idle();
  const plan: ImportPlan = {
    kind: 'customers',
    importId: `bench-${opts.count}`,
    fileName: `bench-${opts.count}.csv`,
    totalRows: rows.length,
    rejectedRows: 0,
    rows,
  };
  let stagedAt = 0;
  const sizes: number[] = [];
  let last = 0;
  const t0 = performance.now();
  const entry = await commitImport(db, plan, {
    by: 'bench',
    deriveKeys,
    onStaged: () => (stagedAt = performance.now()),
    onProgress: (p) => {
      sizes.push(p.done - last);
      last = p.done;
      if (p.done % 10_000 < sizes[sizes.length - 1]!) log(`commit ${p.done}/${p.total} · ${p.rowsPerSecond} rows/s`);
    },
  });
  const t1 = performance.now();
  await background.idle();
  const t2 = performance.now();
  background.stop();
  const stored = await db.customers.count().exec();
  const tags = await db.customertags.count().exec();
  await db.remove();
  // Staging: the plan pages and the history entry, stored before the first row is written.
  return {
    state: entry.state,
    stored,
    tags,
    totalMs: t1 - t0,
    stageMs: stagedAt - t0,
    writeMs: t1 - stagedAt,
    catchUpMs: t2 - t1,
    chunks: sizes.length,
    chunkSizes: {
      min: Math.min(...sizes),
      median: [...sizes].sort((a, b) => a - b)[sizes.length >> 1],
      max: Math.max(...sizes),
    },
    longTasks: longTasks(t0, t1),
    longTasksStage: longTasks(t0, stagedAt),
    longTasksCatchUp: longTasks(t1, t2),
  };
}

const QUERIES = ['wang', 'li', 'zh', 'mü', 'anna', 'sm', '138', '+49', 'ch', 'gr', 'lee', 'wei'];

export async function timeQueries(db: FieldbookDatabase, until: () => boolean, max: number): Promise<number[]> {
  const ms: number[] = [];
  for (let i = 0; ms.length < max && !until(); i++) {
    const q = QUERIES[i % QUERIES.length] as string;
    const t0 = performance.now();
    await searchCustomers(db, q, { sort: 'name', limit: 50 });
    ms.push(performance.now() - t0);
    // A person types: one query every ~100 ms.
    await new Promise((r) => setTimeout(r, 100));
  }
  return ms;
}

export const p95 = (v: number[]) => [...v].sort((a, b) => a - b)[Math.max(0, Math.ceil(v.length * 0.95) - 1)] ?? 0;

/**
 * Search latency (searchCustomers, the list's search) over `base` customers, idle and while an
 * n-row import commits into the same database.
 */
async function searchWhileImporting(opts: { base: number; count: number; seed: number; now: number; name: string }) {
  await Promise.all([ensurePinyin(), ensurePhoneMetadata()]);
  const db = await freshDb(opts.name);
  const background = startBackgroundWork(db);
  await loadDemoData(db, { count: opts.base, seed: opts.seed + 1, now: opts.now });
  await background.idle();
  const idle = await timeQueries(db, () => false, 150);
  const rows = planRows(opts.count, opts.seed, opts.now);
  let finished = false;
  const importing = commitImport(
    db,
    { kind: 'customers', importId: 'bench-search', fileName: 'x.csv', totalRows: rows.length, rejectedRows: 0, rows },
    { by: 'bench', deriveKeys },
  ).then(() => (finished = true));
  const during = await timeQueries(db, () => finished, 10_000);
  await importing;
  await background.idle();
  background.stop();
  await db.remove();
  return { idle: { n: idle.length, p95: p95(idle) }, during: { n: during.length, p95: p95(during) } };
}

/** The demo loader as Settings runs it (measured chunks), with the background work, long tasks. */
async function demoLoad(opts: { count: number; seed: number; now: number; name: string }) {
  const db = await freshDb(opts.name);
  const background = startBackgroundWork(db);
  const t0 = performance.now();
  const result = await loadDemoData(db, { count: opts.count, seed: opts.seed, now: opts.now, deriveKeys, makeChunk });
  const t1 = performance.now();
  await background.idle();
  const t2 = performance.now();
  background.stop();
  await db.remove();
  return {
    rows: result.rows,
    ms: t1 - t0,
    catchUpMs: t2 - t1,
    longTasks: longTasks(t0, t1),
    longTasksCatchUp: longTasks(t1, t2),
  };
}

async function rawPair(opts: { count: number; seed: number; now: number; chunk: number }) {
  await Promise.all([ensurePinyin(), ensurePhoneMetadata()]);
  const rows = planRows(opts.count, opts.seed, opts.now);
  return { plain: await raw(rows, opts.chunk, 'plain'), rxLayout: await raw(rows, opts.chunk, 'rxdb') };
}

/**
 * Leaves imports in the app's own database (for screenshots of Settings → Import history): one
 * finished, one stopped after its first chunks (unfinished).
 */
async function importsIntoApp(opts: { count: number; seed: number; now: number }) {
  const db = await openDatabase();
  const rows = planRows(opts.count, opts.seed, opts.now);
  const plan = (id: string, fileName: string): ImportPlan & { kind: 'customers' } => ({
    kind: 'customers',
    importId: id,
    fileName,
    totalRows: rows.length + 3,
    rejectedRows: 3,
    rows,
  });
  await commitImport(db, plan(`shots-a-${opts.seed}`, 'kunden-2024.csv'), { by: 'anna', deriveKeys });
  const stop = new AbortController();
  const rows2 = planRows(opts.count, opts.seed + 7, opts.now);
  await commitImport(
    db,
    { ...plan(`shots-b-${opts.seed}`, '客户名单.xlsx'), rows: rows2 },
    {
      by: 'anna',
      deriveKeys,
      signal: stop.signal,
      sizing: { initial: 25, min: 25, max: 25 },
      onProgress: (p) => p.done >= 50 && stop.abort(),
    },
  );
  await db.close();
}

/**
 * The demo load in two calls, so a runner can trace the load and the catch-up apart
 * (test/bench/bulk-demo-run.mjs): `demoLoadOnly` loads and keeps the database and its background
 * work; `demoCatchUp` waits for the derived catch-up and removes the database.
 */
let demoOpen: { db: FieldbookDatabase; background: ReturnType<typeof startBackgroundWork> } | null = null;
async function demoLoadOnly(opts: { count: number; seed: number; now: number; name: string }) {
  const db = await freshDb(opts.name);
  const background = startBackgroundWork(db);
  demoOpen = { db, background };
  const t0 = performance.now();
  const result = await loadDemoData(db, { count: opts.count, seed: opts.seed, now: opts.now, deriveKeys, makeChunk });
  const t1 = performance.now();
  return { rows: result.rows, ms: t1 - t0, longTasks: longTasks(t0, t1) };
}
async function demoCatchUp() {
  if (!demoOpen) throw new Error('demoCatchUp: no demo load open');
  const { db, background } = demoOpen;
  demoOpen = null;
  const t1 = performance.now();
  await background.idle();
  const t2 = performance.now();
  background.stop();
  await db.remove();
  return { ms: t2 - t1, longTasks: longTasks(t1, t2) };
}

const api = { commit, rawPair, searchWhileImporting, demoLoad, demoLoadOnly, demoCatchUp, importsIntoApp };
export type BulkBenchApi = typeof api;
declare global {
  interface Window {
    fieldbookBulk: BulkBenchApi;
  }
}
export function installBulkBench(): void {
  window.fieldbookBulk = api;
}
