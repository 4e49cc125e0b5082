// The benchmark page (built in production mode by test/bench/vite.config.ts, served at /bench/ on
// the app's origin). test/bench/run.mjs drives it through `window.fieldbookBench`:
// - the app's real insert path (openDatabase + startBackgroundWork + loadDemoData, as main.ts runs them),
// - a raw Dexie baseline writing the same documents (same generator, same derived keys) with
//   bulkPut into tables that index the same fields,
// - generation alone (so the write cost can be told apart from the generator's),
// - sample search queries drawn from the generated data.
// All of it runs in this one page, so the ratios compare like with like.
import Dexie from 'dexie';
import { openDatabase } from '../../../src/data/db/database';
import { loadDemoData } from '../../../src/data/repos/demo';
import { storedKeys } from '../../../src/data/db/keys';
import type { CustomerDoc } from '../../../src/data/db/schemas';
import { startBackgroundWork } from '../../../src/data/derived/background';
import { generateDemoChunk, type DemoChunk } from '../../../src/domain/demo';
import { Rng } from '../../../src/domain/random';
import { ensurePinyin } from '../../../src/domain/pinyin';
import { ensurePhoneMetadata } from '../../../src/domain/phone';
import { installDedupBench } from './dedup-bench';
import { installDedupScaleBench } from './dedup-scale-bench';
import { searchCustomers } from '../../../src/data/repos/customers';
import type { FieldbookDatabase } from '../../../src/data/db/database';
import { chineseCompanyCore, foldGerman, hasUmlaut } from '../../../src/domain/search-terms';
import { installBulkBench } from './bulk-bench';
import { installBackupBench } from './backup-bench';
import { installImportBench } from './import-bench';
import { installExportBench } from './export-bench';

export interface InsertOptions {
  count: number;
  seed: number;
  now: number;
  chunkSize: number;
}

export interface RowCounts {
  customers: number;
  orders: number;
  interactions: number;
  surveys: number;
}

interface LongTasks {
  count: number;
  maxMs: number;
  totalMs: number;
}

export interface PhaseResult {
  ms: number;
  rows: RowCounts;
  longTasks: LongTasks;
}

// Long tasks of this page, so each phase can report how much it blocked the main thread.
const longTaskLog: Array<{ start: number; duration: number }> = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) longTaskLog.push({ start: e.startTime, duration: e.duration });
}).observe({ type: 'longtask', buffered: true });

function longTasksBetween(from: number, to: number): LongTasks {
  const hits = longTaskLog.filter((t) => t.start >= from && t.start <= to);
  return {
    count: hits.length,
    maxMs: hits.reduce((m, t) => Math.max(m, t.duration), 0),
    totalMs: hits.reduce((s, t) => s + t.duration, 0),
  };
}

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

function status(text: string): void {
  const el = document.getElementById('status');
  if (el) el.textContent = text;
  console.log(`[bench] ${text}`);
}

/** The documents loadDemoData writes for one chunk (same spreads as src/data/repos/demo.ts). */
/**
 * The tables the search keys need (pinyin dictionaries, phone metadata), which the app loads on
 * first need: the baselines compute keys synchronously, so they load them once, outside the clock.
 */
let keyTables: Promise<unknown> | undefined;
const searchKeyTables = (): Promise<unknown> => (keyTables ??= Promise.all([ensurePinyin(), ensurePhoneMetadata()]));

function chunkDocs(chunk: DemoChunk) {
  const customers: CustomerDoc[] = chunk.customers.map((c) => ({
    ...c,
    updatedBy: 'demo',
    ...storedKeys(c, c.updatedAt),
  }));
  return {
    customers,
    orders: chunk.orders.map((o) => ({ ...o, updatedBy: 'demo' })),
    interactions: chunk.interactions.map((i) => ({ ...i, updatedBy: 'demo' })),
    surveys: chunk.surveys.map((s) => ({ ...s, updatedBy: 'demo' })),
  };
}

function addCounts(into: RowCounts, docs: { [K in keyof RowCounts]: unknown[] }): void {
  into.customers += docs.customers.length;
  into.orders += docs.orders.length;
  into.interactions += docs.interactions.length;
  into.surveys += docs.surveys.length;
}

const emptyCounts = (): RowCounts => ({ customers: 0, orders: 0, interactions: 0, surveys: 0 });

function progress(label: string, done: number, total: number, started: number): void {
  const step = Math.max(1, Math.round(total / 10 / 500)) * 500;
  if (done % step === 0 || done === total) {
    status(`${label}: ${done}/${total} customers, ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
}

/**
 * Generation and key derivation only, nothing written. Also counts ids generated twice: the demo
 * generator can repeat an id at large counts (then loadDemoData stops with a conflict), and the
 * runner picks another seed.
 */
async function generateOnly(
  opts: InsertOptions,
): Promise<PhaseResult & { duplicateIds: number; firstDuplicate: string | null }> {
  const rows = emptyCounts();
  const seen = new Set<string>();
  let duplicateIds = 0;
  let firstDuplicate: string | null = null;
  await searchKeyTables();
  const t0 = performance.now();
  let idMs = 0;
  for (let start = 0; start < opts.count; start += opts.chunkSize) {
    const count = Math.min(opts.chunkSize, opts.count - start);
    const docs = chunkDocs(generateDemoChunk({ seed: opts.seed, start, count, now: opts.now }));
    addCounts(rows, docs);
    const c0 = performance.now();
    for (const [table, list] of Object.entries(docs)) {
      for (const d of list) {
        const key = `${table}/${d.id}`;
        if (seen.has(key)) {
          duplicateIds++;
          firstDuplicate ??= `${key} (chunk of customers ${start}–${start + count - 1})`;
        } else seen.add(key);
      }
    }
    idMs += performance.now() - c0;
    progress('generate only', start + count, opts.count, t0);
    await nextTask();
  }
  const t1 = performance.now();
  // The duplicate check is not part of generation: its time is taken out.
  return { ms: t1 - t0 - idMs, rows, longTasks: longTasksBetween(t0, t1), duplicateIds, firstDuplicate };
}

const RAW_DB = 'fieldbook-bench-raw-dexie';

/**
 * Baseline: the same documents into plain Dexie tables with the fields the RxDB schemas index
 * (src/data/db/schemas.ts), one bulkPut per table per chunk, the four in parallel as loadDemoData does.
 */
async function rawDexie(opts: InsertOptions): Promise<PhaseResult & { stored: RowCounts }> {
  await searchKeyTables();
  await Dexie.delete(RAW_DB);
  const db = new Dexie(RAW_DB);
  db.version(1).stores({
    customers:
      'id, nameKey, nameRevKey, hanziKey, initialsKey, emailKey, phoneKey, nationalKey, phoneRevKey, companySort, recentKey',
    orders: 'id, [customerId+orderedAt], orderedAt',
    interactions: 'id, [customerId+at], followUpAt',
    surveys: 'id, [customerId+at]',
  });
  await db.open();
  const rows = emptyCounts();
  const t0 = performance.now();
  for (let start = 0; start < opts.count; start += opts.chunkSize) {
    const count = Math.min(opts.chunkSize, opts.count - start);
    const docs = chunkDocs(generateDemoChunk({ seed: opts.seed, start, count, now: opts.now }));
    await Promise.all([
      db.table('customers').bulkPut(docs.customers),
      db.table('orders').bulkPut(docs.orders),
      db.table('interactions').bulkPut(docs.interactions),
      db.table('surveys').bulkPut(docs.surveys),
    ]);
    addCounts(rows, docs);
    progress('raw Dexie bulkPut', start + count, opts.count, t0);
    await nextTask();
  }
  const t1 = performance.now();
  const stored: RowCounts = {
    customers: await db.table('customers').count(),
    orders: await db.table('orders').count(),
    interactions: await db.table('interactions').count(),
    surveys: await db.table('surveys').count(),
  };
  db.close();
  await Dexie.delete(RAW_DB);
  return { ms: t1 - t0, rows, longTasks: longTasksBetween(t0, t1), stored };
}

const RAW_RX_LAYOUT_DB = 'fieldbook-bench-raw-dexie-rx-layout';

/**
 * Diagnostic baseline: raw Dexie `bulkPut`, but with the table layout RxDB's Dexie storage creates
 * for the same schemas (rxdb/plugins/storage-dexie `getDexieStoreSchema`): every schema index
 * becomes a compound `[_deleted+field+id]`, plus `[_deleted+id]`, `[_meta.lwt+id]` and `_meta.lwt`,
 * and each document carries `_deleted`, `_rev`, `_meta` and `_attachments`. No RxDB code runs. It
 * tells apart what the storage layout costs IndexedDB from what RxDB's JavaScript costs.
 */
async function rawDexieRxLayout(opts: InsertOptions): Promise<PhaseResult> {
  await searchKeyTables();
  await Dexie.delete(RAW_RX_LAYOUT_DB);
  const db = new Dexie(RAW_RX_LAYOUT_DB);
  const rx = (fields: string[]) =>
    [
      'id',
      '[_deleted+id]',
      ...fields.map((f) => `[_deleted+${f.replace(/^\[|\]$/g, '')}+id]`),
      '[_meta.lwt+id]',
      '_meta.lwt',
    ].join(', ');
  db.version(1).stores({
    customers: rx([
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
    ]),
    orders: rx(['[customerId+orderedAt]', 'orderedAt']),
    interactions: rx(['[customerId+at]', 'followUpAt']),
    surveys: rx(['[customerId+at]']),
  });
  await db.open();
  const rows = emptyCounts();
  let lwt = Date.now();
  const wrap = <T extends object>(docs: T[]) =>
    docs.map((d) => ({
      ...d,
      _deleted: '0',
      _rev: '1-benchrawlayout',
      _attachments: {},
      _meta: { lwt: (lwt += 0.01) },
    }));
  const t0 = performance.now();
  for (let start = 0; start < opts.count; start += opts.chunkSize) {
    const count = Math.min(opts.chunkSize, opts.count - start);
    const docs = chunkDocs(generateDemoChunk({ seed: opts.seed, start, count, now: opts.now }));
    await Promise.all([
      db.table('customers').bulkPut(wrap(docs.customers)),
      db.table('orders').bulkPut(wrap(docs.orders)),
      db.table('interactions').bulkPut(wrap(docs.interactions)),
      db.table('surveys').bulkPut(wrap(docs.surveys)),
    ]);
    addCounts(rows, docs);
    progress('raw Dexie bulkPut, RxDB layout', start + count, opts.count, t0);
    await nextTask();
  }
  const t1 = performance.now();
  db.close();
  await Dexie.delete(RAW_RX_LAYOUT_DB);
  return { ms: t1 - t0, rows, longTasks: longTasksBetween(t0, t1) };
}

/**
 * The app's path: the database as main.ts opens it (production build: no dev-mode, no validation),
 * the same background work main.ts starts (src/data/derived/background.ts: tag index, measures, merge
 * follower, their rebuild checks), and loadDemoData in chunks of 500. Timed until loadDemoData
 * resolves and again until every follower is idle. The database stays for the app.
 */
async function appInsert(opts: InsertOptions & { tagIndex?: boolean }): Promise<
  PhaseResult & {
    tagIndexIdleMs: number;
    reportedRows: number;
    stored: RowCounts & { customertags: number; measures: number; searchterms: number };
  }
> {
  const db = await openDatabase();
  // `tagIndex: false` is a diagnostic (run.mjs --no-tag-index): the insert with no background work.
  const background =
    opts.tagIndex === false ? { idle: () => Promise.resolve(), stop: () => undefined } : startBackgroundWork(db);
  const t0 = performance.now();
  let last = 0;
  const result = await loadDemoData(db, {
    count: opts.count,
    seed: opts.seed,
    now: opts.now,
    chunkSize: opts.chunkSize,
    onProgress: (p) => {
      if (p.done - last >= opts.count / 10 || p.done === p.total) {
        last = p.done;
        status(`app loadDemoData: ${p.done}/${p.total} customers, ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      }
    },
  });
  const t1 = performance.now();
  await background.idle();
  const t2 = performance.now();
  background.stop();
  const stored = {
    customers: await db.customers.count().exec(),
    orders: await db.orders.count().exec(),
    interactions: await db.interactions.count().exec(),
    surveys: await db.surveys.count().exec(),
    customertags: await db.customertags.count().exec(),
    measures: await db.measures.count().exec(),
    searchterms: await db.searchterms.count().exec(),
  };
  await db.close();
  const { customertags: _derived, measures: _measures, searchterms: _terms, ...rows } = stored;
  // loadDemoData reports one total (reportedRows); the split per collection is what was stored.
  return {
    ms: t1 - t0,
    tagIndexIdleMs: t2 - t1,
    reportedRows: result.rows,
    rows,
    longTasks: longTasksBetween(t0, t2),
    stored,
  };
}

export type QueryKind =
  | 'western name'
  | 'pinyin'
  | 'hanzi'
  | 'email prefix'
  | 'phone digits'
  | 'company prefix'
  | 'pinyin without spaces'
  | 'company word'
  | 'chinese company word'
  | 'email digits'
  | 'german spelling';
export interface SampleQuery {
  kind: QueryKind;
  text: string;
}

/**
 * Queries a user would type, drawn from customers of the generated data (customer i is the same
 * whatever the chunking, so single customers are generated directly).
 */
async function sampleQueries(opts: InsertOptions & { perKind: number }): Promise<SampleQuery[]> {
  await searchKeyTables();
  const rng = new Rng(opts.seed ^ 0x5eed);
  const out: Record<QueryKind, string[]> = {
    'western name': [],
    pinyin: [],
    hanzi: [],
    'email prefix': [],
    'phone digits': [],
    'company prefix': [],
    'pinyin without spaces': [],
    'company word': [],
    'chinese company word': [],
    'email digits': [],
    'german spelling': [],
  };
  const full = () => Object.values(out).every((list) => list.length >= opts.perKind);
  const add = (kind: QueryKind, text: string) => {
    const list = out[kind];
    if (text.trim() !== '' && list.length < opts.perKind) list.push(text);
  };
  for (let tries = 0; tries < opts.perKind * 200 && !full(); tries++) {
    const i = rng.int(0, opts.count - 1);
    const chunk = generateDemoChunk({ seed: opts.seed, start: i, count: 1, now: opts.now });
    const raw = chunk.customers[0];
    if (!raw) continue;
    const c = chunkDocs(chunk).customers[0] as CustomerDoc;
    const chinese = c.hanziKey !== '';
    if (chinese) {
      // Pinyin typed without a space ("zhangwei"), and the company's word after its place (瑞丰).
      if (c.nameKey.includes(' ') && rng.chance(0.5)) add('pinyin without spaces', c.nameKey.replace(/ /g, ''));
      const core = chineseCompanyCore(c.companyKey);
      if (core && rng.chance(0.5)) add('chinese company word', core.slice(0, 2));
      if (out.hanzi.length <= out.pinyin.length) add('hanzi', c.hanziKey);
      else {
        // Full pinyin as stored ("wang wei"), given name first, or initials ("ww").
        const v = out.pinyin.length % 4;
        add('pinyin', v < 2 ? c.nameKey : v === 2 ? c.nameRevKey : c.initialsKey);
      }
    } else {
      // "Müller" or "Anna Mü": family name, or given name plus the start of the family name.
      add(
        'western name',
        out['western name'].length % 2 === 0 ? c.familyName : `${c.givenName} ${c.familyName.slice(0, 3)}`,
      );
      if (hasUmlaut(c.familyName)) add('german spelling', foldGerman(c.familyName));
      if (c.company) {
        const [first = '', second = ''] = c.company.split(' ');
        add('company prefix', second && rng.chance(0.5) ? `${first} ${second.slice(0, 2)}` : first);
        // A later word of the company ("Roasters", "Catering"), not its legal form.
        const later = c.company
          .split(' ')
          .slice(1, -1)
          .filter((w) => w.length >= 4);
        const w = later[rng.int(0, Math.max(0, later.length - 1))];
        if (w && rng.chance(0.5)) add('company word', w);
      }
    }
    const local = c.email.split('@')[0] ?? '';
    // A QQ number, or the digits inside a local part ("zhangwei1988@…" → 1988).
    const digits = /^\d+$/.test(local) ? local : (/\D(\d{3,})/.exec(local)?.[1] ?? '');
    if (digits) add('email digits', digits);
    if (local && !/^\d+$/.test(local)) {
      // A prefix of the local part, sometimes typed up to the "@" and the domain's first letters.
      add(
        'email prefix',
        rng.chance(0.3) ? c.email.slice(0, local.length + 3) : local.slice(0, Math.min(local.length, rng.int(4, 8))),
      );
    }
    if (c.phoneKey) {
      // The last four digits, or the international number's start as typed ("+49151 2").
      add('phone digits', rng.chance(0.5) ? c.phoneKey.slice(-4) : `+${c.phoneKey.slice(0, rng.int(5, 8))}`);
    }
  }
  const kinds = Object.keys(out) as QueryKind[];
  // Interleave the kinds so a slow kind is spread over the whole typing session.
  const queries: SampleQuery[] = [];
  for (let k = 0; k < opts.perKind; k++)
    for (const kind of kinds) {
      const text = out[kind][k];
      if (text !== undefined) queries.push({ kind, text });
    }
  return queries;
}

/**
 * The search repository's own cost per keystroke, in this page against the app's database: every
 * prefix of every query searched twice in a row, once as the app does (customer keys and the search
 * term index) and once without the term index lookups (the baseline: the search before the index
 * existed). Medians and p95 per kind, and their ratio, from the same run on the same data.
 */
async function searchCosts(
  queries: SampleQuery[],
): Promise<Record<string, { keystrokes: number; p50Ms: number; p95Ms: number; baseP50Ms: number; baseP95Ms: number }>> {
  await searchKeyTables();
  const db = await openDatabase();
  // The same database without the derived index: runLookup skips term lookups then.
  const keysOnly: FieldbookDatabase = new Proxy(db, {
    get: (t, k): unknown =>
      k === 'collections' ? { ...t.collections, searchterms: undefined } : (Reflect.get(t, k) as unknown),
  });
  const times: Record<string, { full: number[]; base: number[] }> = {};
  try {
    for (const q of queries) {
      const bucket = (times[q.kind] ??= { full: [], base: [] });
      for (let n = 1; n <= q.text.length; n++) {
        const typed = q.text.slice(0, n);
        // Alternate the order so neither side always runs with a warmer cache.
        const order = n % 2 === 0 ? ([db, keysOnly] as const) : ([keysOnly, db] as const);
        for (const d of order) {
          const t0 = performance.now();
          await searchCustomers(d, typed, { sort: 'name' });
          (d === db ? bucket.full : bucket.base).push(performance.now() - t0);
        }
      }
    }
  } finally {
    await db.close();
  }
  const pct = (xs: number[], p: number): number => {
    const v = [...xs].sort((a, b) => a - b);
    return Math.round((v[Math.min(v.length - 1, Math.ceil((p / 100) * v.length) - 1)] ?? 0) * 10) / 10;
  };
  return Object.fromEntries(
    Object.entries(times).map(([kind, t]) => [
      kind,
      {
        keystrokes: t.full.length,
        p50Ms: pct(t.full, 50),
        p95Ms: pct(t.full, 95),
        baseP50Ms: pct(t.base, 50),
        baseP95Ms: pct(t.base, 95),
      },
    ]),
  );
}

const api = { generateOnly, rawDexie, rawDexieRxLayout, appInsert, sampleQueries, searchCosts };
export type BenchApi = typeof api;

declare global {
  interface Window {
    fieldbookBench: BenchApi;
  }
}
window.fieldbookBench = api;
// The dedup speed figures (full scan in the worker, live check) run on this page too.
installDedupBench();
// The bulk-write figures (import commit, raw baselines, search while importing): bulk-run.mjs.
installBulkBench();
// Backup and restore figures (time, longest task, peak heap): backup-run.mjs.
installBackupBench();
// The import figures (file → worker → commit, raw baselines, search while importing, export): import-run.mjs.
installImportBench();
// The export figures (customers as CSV and .xlsx, next to the previous path): export-run.mjs.
installExportBench();
// The dedup scale series in the worker (dedup-chromium.mjs).
installDedupScaleBench();
status('ready');
