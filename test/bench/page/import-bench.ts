// The import benchmark on the bench page (driven by test/bench/import-run.mjs through
// `window.fieldbookImport`): a generated bilingual file (test/factories/import-file.ts, ~5% invalid
// rows, ~5% duplicates) imported the way the wizard does it (src/state/import-wizard.svelte.ts: the
// import worker opens the file, gets the stored customers a page at a time, validates and matches
// every row, hands out the plan; src/state/import.svelte.ts: commitImport with the keys in the
// search-key worker), with the background work running; next to raw Dexie bulkPut of the plan's
// rows (plain and into RxDB's table layout) in the same page and run; search latency while the
// import runs vs idle; then the customers exported as CSV and .xlsx the way the customer list's
// Export does it (src/state/customer-export.svelte.ts). Long tasks per phase, main-thread JS heap
// sampled (the workers' heaps are sampled by the runner over CDP).
import { startBackgroundWork } from '../../../src/data/derived/background';
import { commitImport } from '../../../src/data/repos/imports';
import { loadDemoData } from '../../../src/data/repos/demo';
import { pageCustomers, type PageCursor } from '../../../src/data/repos/customers';
import type { CustomerDoc } from '../../../src/data/db/schemas';
import type { FieldbookDatabase } from '../../../src/data/db/database';
import { todayIso } from '../../../src/domain/dates';
import { ensurePinyin } from '../../../src/domain/pinyin';
import { ensurePhoneMetadata } from '../../../src/domain/phone';
import type { DedupInput } from '../../../workers/dedup/standardize';
import { fetchImportPlan, importPlanSource, importWorker, proxy, terminateWorker } from '../../../workers/client';
import type { CustomerImportRow, ImportPlan, PlanSource } from '../../../src/domain/import-plan';
import { exportCustomers } from '../../../src/state/customer-export-run';
import type { ExportFormat } from '../../../workers/export/contract';
import { generateImportFile } from '../../factories/import-file';
import { deriveKeys, freshDb, longTasks, p95, raw, timeQueries } from './bulk-bench';

const log = (s: string) => console.log(`[bench] ${s}`);
/** performance.mark names around each import's write phase (test/bench/import-run.mjs --trace). */
const WRITE_START = 'fieldbook-import-write-start';
const WRITE_END = 'fieldbook-import-write-end';

/** The wizard's page of stored customers sent to the worker (STORED_PAGE in src/state/import-wizard.svelte.ts). */
const STORED_PAGE = 250;
/** What the wizard sends of a stored customer (src/state/duplicates.svelte.ts, toDedupInput). */
const DEDUP_FIELDS = [
  'givenName',
  'familyName',
  'email',
  'phone',
  'otherEmails',
  'otherPhones',
  'company',
  'street',
  'city',
  'postcode',
  'region',
  'country',
  'birthDate',
] as const;
const dedupInput = (c: CustomerDoc): DedupInput => Object.fromEntries(DEDUP_FIELDS.map((k) => [k, c[k]]));

/** Main-thread JS heap (Chromium's performance.memory), sampled while `stop` is not called. */
function heapSampler(): { stop: () => { peakMb: number; startMb: number } } {
  const mem = () => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0;
  const start = mem();
  let peak = start;
  const timer = setInterval(() => (peak = Math.max(peak, mem())), 100);
  return {
    stop: () => {
      clearInterval(timer);
      peak = Math.max(peak, mem());
      return { peakMb: Math.round(peak / 1e5) / 10, startMb: Math.round(start / 1e5) / 10 };
    },
  };
}

/** Every live customer exported as the customer list's Export does it (src/state/customer-export-run.ts). */
async function exportAll(db: FieldbookDatabase, format: ExportFormat) {
  const t0 = performance.now();
  let progressCalls = 0;
  const file = await exportCustomers(
    db,
    { query: '', tag: '', sort: 'name' },
    format,
    { withMeasures: false, ownerName: (id) => id },
    { onProgress: () => void progressCalls++, cancelled: () => false },
  );
  if (!file) throw new Error('export returned nothing');
  const t1 = performance.now();
  return {
    rows: file.rows,
    // Reading and writing overlap now (each page is written as it arrives): the split is gone.
    readMs: t1 - t0,
    writeMs: 0,
    workerMs: file.ms,
    totalMs: t1 - t0,
    bytes: file.blob.size,
    progressCalls,
    longTasks: longTasks(t0, t1),
  };
}

/**
 * How the plan reaches commitImport: 'stream' as the wizard does it (a PlanSource: staging asks the
 * worker for a page at a time, the page never holds the whole plan); 'paged' the whole plan fetched
 * onto the page a page per message first (the wizard until session 10); 'one-message' the whole
 * plan in one message (before session 9).
 */
export type PlanMode = 'stream' | 'paged' | 'one-message';

/**
 * One import through the wizard's path into `db`: open, stored customers, validate + match, plan,
 * commitImport. Phase times and long tasks per phase. The import worker is left running (the
 * caller may fetch the plan's rows again for the raw baselines, then ends it).
 */
async function importOnce(db: FieldbookDatabase, bytes: Uint8Array, id: string, mode: PlanMode) {
  const w = importWorker();
  const t0 = performance.now();
  // The wizard hands over the file's bytes (File.arrayBuffer(), cloned into the worker).
  const opened = await w.open(`${id}.csv`, bytes.buffer.slice(0) as ArrayBuffer);
  if (!opened.ok) throw new Error(`open failed: ${JSON.stringify(opened.error)}`);
  const tOpen = performance.now();
  let after: PageCursor | null = null;
  let first = true;
  do {
    const page = await pageCustomers(db, { sort: 'name', after, limit: STORED_PAGE });
    await w.addStored(
      page.rows.filter((c) => !c.mergedInto).map((c) => ({ id: c.id, record: dedupInput(c) })),
      first,
    );
    first = false;
    after = page.next;
  } while (after !== null);
  const tStored = performance.now();
  let lastLogged = 0;
  const report = await w.validate(
    opened.suggested,
    { defaultRegion: 'CN', today: todayIso() },
    proxy((p: { done: number }) => {
      if (p.done - lastLogged >= 10_000) log(`validate ${(lastLogged = p.done)}`);
    }),
  );
  if (report === null || 'ok' in report) throw new Error(`validate failed: ${JSON.stringify(report)}`);
  const tValidated = performance.now();
  const choices = { run: 'create-and-review' } as const;
  const plan: PlanSource | ImportPlan | null =
    mode === 'stream'
      ? await importPlanSource(id, choices)
      : mode === 'paged'
        ? await fetchImportPlan(id, choices)
        : await w.plan(id, choices);
  if (!plan) throw new Error('no plan');
  const planRows = 'head' in plan ? plan.head.rowCount : plan.rows.length;
  const tPlan = performance.now();
  let tStaged = 0;
  const timings: Record<string, number> = {};
  const entry = await commitImport(db, plan, {
    by: 'bench',
    deriveKeys,
    timings,
    onStaged: () => {
      tStaged = performance.now();
      // The write phase's bounds in a Chrome trace (import-run.mjs --trace).
      performance.mark(WRITE_START);
    },
    onProgress: (p) => {
      if (p.done % 10_000 < 200) log(`commit ${p.done}/${p.total} · ${p.rowsPerSecond} rows/s`);
    },
  });
  const tCommitted = performance.now();
  performance.mark(WRITE_END);
  return {
    report,
    planRows,
    /** Where the write phase's wall time went (ms; commitImport's `timings`). */
    writeTimings: Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, Math.round(v)])),
    state: entry.state,
    tCommitted,
    ms: {
      open: tOpen - t0,
      stored: tStored - tOpen,
      validate: tValidated - tStored,
      plan: tPlan - tValidated,
      stage: tStaged - tPlan,
      write: tCommitted - tStaged,
      /** From the bytes to the plan on the page: everything before the commit. */
      preCommit: tPlan - t0,
      /** From the bytes to the last row written (what the user waits for). */
      whole: tCommitted - t0,
    },
    longTasks: {
      stored: longTasks(tOpen, tStored),
      validate: longTasks(tStored, tValidated),
      plan: longTasks(tValidated, tPlan),
      stage: longTasks(tPlan, tStaged),
      write: longTasks(tStaged, tCommitted),
    },
    t0,
  };
}

/**
 * Two imports into a database holding `searchBase` demo customers: the first with nobody
 * searching (its commit is compared with raw Dexie bulkPut of the same rows, plain and into RxDB's
 * layout, in the same page), the second of another generated file (`searchRows` rows) with a search
 * every 100 ms for as long as it runs (search p95 vs idle, and its commit rows/s while searching).
 */
async function importFile(opts: {
  rows: number;
  searchRows: number;
  seed: number;
  now: number;
  name: string;
  searchBase: number;
  exportFormats: ExportFormat[];
  planMode?: PlanMode;
}) {
  await Promise.all([ensurePinyin(), ensurePhoneMetadata()]);
  const file = generateImportFile({ rows: opts.rows, seed: opts.seed });
  const bytes = new TextEncoder().encode(file.csv);
  const db = await freshDb(opts.name);
  const background = startBackgroundWork(db);
  if (opts.searchBase > 0) {
    log(`search base: ${opts.searchBase} demo customers …`);
    await loadDemoData(db, { count: opts.searchBase, seed: opts.seed + 1, now: opts.now, deriveKeys });
  }
  await background.idle();

  // 1. Nobody searching: the commit ratio the issue asks for.
  log(`quiet import of ${opts.rows} rows …`);
  const heap = heapSampler();
  const quietId = `bench-import-${opts.rows}-${opts.seed}`;
  const quiet = await importOnce(db, bytes, quietId, opts.planMode ?? 'stream');
  await background.idle();
  const tCaughtUp = performance.now();
  const mainHeap = heap.stop();
  // The plan's rows for the raw baselines (after the heap was sampled: the app never holds them).
  const quietRows = (await fetchImportPlan(quietId, { run: 'create-and-review' }))?.rows as CustomerImportRow[];
  terminateWorker('import');

  // 2. Searching: idle p95 first (the database as it is now), then a second file imported while a
  // search runs every 100 ms.
  let searching = null;
  if (opts.searchBase > 0 && opts.searchRows > 0) {
    const idle = await timeQueries(db, () => false, 100);
    const second = generateImportFile({ rows: opts.searchRows, seed: opts.seed + 100 });
    const secondBytes = new TextEncoder().encode(second.csv);
    log(`import of ${opts.searchRows} rows while searching …`);
    let importing = true;
    const during = timeQueries(db, () => !importing, 100_000);
    const s = await importOnce(db, secondBytes, `bench-import-searching-${opts.seed}`, 'stream');
    terminateWorker('import');
    importing = false;
    const searchDuring = await during;
    await background.idle();
    searching = {
      rows: second.rows,
      planRows: s.planRows,
      ms: s.ms,
      longTasks: s.longTasks,
      search: { idle: { n: idle.length, p95: p95(idle) }, during: { n: searchDuring.length, p95: p95(searchDuring) } },
    };
  }
  const stored = await db.customers.count().exec();

  log("raw Dexie baselines of the quiet import's plan rows …");
  const rawPlain = await raw(quietRows, 500, 'plain');
  const rawLayout = await raw(quietRows, 500, 'rxdb');

  const exports: Record<string, Awaited<ReturnType<typeof exportAll>>> = {};
  for (const format of opts.exportFormats) {
    log(`export ${format} …`);
    exports[format] = await exportAll(db, format);
  }
  background.stop();
  terminateWorker('export');
  await db.remove();
  return {
    file: { rows: file.rows, invalid: file.invalid, bytes: bytes.length },
    report: quiet.report,
    state: quiet.state,
    planRows: quiet.planRows,
    writeTimings: quiet.writeTimings,
    planMode: opts.planMode ?? 'stream',
    stored,
    storedBefore: opts.searchBase,
    ms: { ...quiet.ms, catchUp: tCaughtUp - quiet.tCommitted, wholeWithCatchUp: tCaughtUp - quiet.t0 },
    longTasks: {
      whole: longTasks(quiet.t0, tCaughtUp),
      ...quiet.longTasks,
      catchUp: longTasks(quiet.tCommitted, tCaughtUp),
    },
    mainHeap,
    raw: { plain: rawPlain, rxLayout: rawLayout },
    searching,
    exports,
  };
}

const api = { importFile };
export type ImportBenchApi = typeof api;
declare global {
  interface Window {
    fieldbookImport: ImportBenchApi;
  }
}
export function installImportBench(): void {
  window.fieldbookImport = api;
}
