// An import as one unit (docs/ARCHITECTURE.md, "Bulk writes"): commit an ImportPlan through the
// bulk-write path, keep it in the history, resume it after a closed tab, undo it.
//
// How the pieces fit:
// - Staging: before the first row is written, the history entry ('running') and the plan itself
//   (rows with the ids they will get) are stored in `importchunks` pages. A resume needs no file.
//   The plan comes as a PlanSource (the import worker keeps the rows and hands out a page when
//   staging asks for it): each page gets its ids, is stored and dropped; the page's thread never
//   holds the whole plan (a 100,000-row plan was ~600 MB of page heap and a long hand-over task).
// - Commit: chunks of rows in plan order (bulk.ts), read back from the stored plan a page at a
//   time (`StoredPlan`); the same reader serves resume and undo. A chunk is ONE write to the target collection
//   (one IndexedDB transaction): a row is written whole or not at all, and chunks land in order.
//   A chunk that updates existing customers first stores a journal entry with their values before
//   the import and the write time `at` it stamps on them (`updatedAt`).
// - Resume: what is written is read from the data itself: a created row is written iff its id
//   exists; an updated row iff its journal entry exists and the customer's `updatedAt` reached the
//   entry's `at`. The run continues after the last written row.
// - Undo: a created record still as the import wrote it (`updatedAt === createdAt`) is deleted (a
//   tombstone, which replicates); an updated customer still as the import left it (`updatedAt ===
//   at`) gets its stored values back (every field, keys and audit fields included). Anything edited
//   after the import, and a created customer that got an order, a visit or a survey since, is kept
//   and listed in the entry's `kept`.
// - Records are written like typed ones: `updatedBy` is the importing user, who also owns the
//   customers it creates (as the form makes its creator the owner), RxDB's revisions and
//   `_meta.lwt` are set by RxDB's own storage wrapper, so sync pushes them and other tabs see them.
import { map, type Observable } from 'rxjs';
import { getChangedDocumentsSince, type BulkWriteRow, type RxCollection, type RxStorageDefaultCheckpoint } from 'rxdb';
import {
  planSource,
  type BulkProgress,
  type CustomerImportRow,
  type ImportPlan,
  type OrderImportRow,
  type PlanSource,
} from '../../domain/import-plan';
import { applyImportRow, sameFields } from '../../domain/import-merge';
import { emptyCustomerFields } from '../../domain/customer-fields';
import { newId } from '../../domain/ids';
import type { CustomerFields, CustomerSearchKeys } from '../../domain/types';
import { afterQueuedTasks } from '../../lib/next-task';
import type { FieldbookDatabase } from '../db/database';
import type { ImportChunkDoc, ImportDoc } from '../db/import-schemas';
import { withSortKeys } from '../db/keys';
import type { CustomerDoc, OrderDoc } from '../db/schemas';
import { keyFields, localKeys, runInChunks, type ChunkSizing, type KeyDeriver } from './bulk';
import { BULK_WRITE_BOUNDS, type TaskBudget } from './task-budget';
import { recordAudit } from './audit';

export type { ImportDoc };

/** A plan row as stored: the row, the id it creates or updates ('' for a skipped row). */
export type StoredRow =
  { kind: 'customers'; id: string; row: CustomerImportRow } | { kind: 'orders'; id: string; row: OrderImportRow };

interface JournalEntry {
  /** Plan row index. */
  i: number;
  id: string;
  before: CustomerDoc;
}

/**
 * The import's default write budget: none (Infinity), the chunk sizer's chunks as they are. The
 * bulk budget (BULK_TASK_BUDGET_MS, 8 ms) was measured on the import commit (session 11, traced
 * 20,000-row import into 20,000 customers, test/bench/import-run.mjs --trace, load average 20–28,
 * two builds side by side): with it the write phase used 1.57× the main-thread CPU (5.3 vs 3.4 s)
 * and the commit fell from 0.65× to 0.39× of raw Dexie into RxDB's layout (writes of 25–50 rows,
 * a transaction each), while without it no write-phase task was long by thread CPU either
 * (longest 18 ms; the ones long by wall time were young-generation GCs waiting for a core).
 */
export const IMPORT_TASK_BUDGET_MS = Number.POSITIVE_INFINITY;

/** Rows per stored plan page. */
const PLAN_PAGE = 1000;
/** A 'running' import whose entry has not moved for this long was stopped (closed tab, crash). */
export const STALE_MS = 30_000;
/** How often a running import moves its entry (counts and the heartbeat). */
const HEARTBEAT_MS = 2_000;
const WRITE_CONTEXT = 'fieldbook-import';

const pad = (n: number): string => String(n).padStart(8, '0');
const chunkId = (importId: string, kind: ImportChunkDoc['kind'], from: number): string =>
  `${importId}|${kind}|${pad(from)}`;

/** Imports running in this tab (their entries are live even if another tab checks them). */
const activeHere = new Set<string>();

export interface ImportRunOptions {
  /** The writing user (updatedBy on everything written, `by` in the history). */
  by: string;
  signal?: AbortSignal;
  onProgress?: (p: BulkProgress) => void;
  /** Called once the plan is stored and the first chunk is about to be written. */
  onStaged?: () => void;
  sizing?: ChunkSizing;
  /**
   * Main-thread budget of one write (ms; repos/task-budget.ts): each chunk carries at most the
   * rows that fit at the measured cost. Default IMPORT_TASK_BUDGET_MS (none: chunks as sized).
   */
  taskBudgetMs?: number;
  /** Where search keys are derived (the state layer passes the search-key worker's). */
  deriveKeys?: KeyDeriver;
  /** Write time source (tests); each chunk gets a distinct, increasing ms. */
  now?: () => number;
  /**
   * Where the write phase's wall time goes (ms, summed over chunks; the bench reports it): 'plan'
   * reading stored plan pages, 'keys' waiting for search keys, 'write' the customers/orders
   * writes (with the journal), 'audit' the audit entries.
   */
  timings?: Record<string, number>;
}

type CustomerRow = Extract<StoredRow, { kind: 'customers' }>;

/**
 * The search keys of created rows, derived one chunk ahead: while a chunk is written, the keys
 * worker already derives the next chunk's (guessed as the same number of rows from where this one
 * ends), so the writer does not wait for a worker round trip per chunk. A chunk that starts
 * elsewhere or holds other rows derives the rest itself.
 */
class KeysAhead {
  #next: { ids: string[]; keys: Promise<CustomerSearchKeys[]> } | null = null;
  constructor(private readonly derive: KeyDeriver) {}

  #start(creates: CustomerRow[]): { ids: string[]; keys: Promise<CustomerSearchKeys[]> } {
    const keys = this.derive(creates.map((r) => keyFields(r.row.fields)));
    keys.catch(() => undefined); // a prefetch nobody takes must not be an unhandled rejection
    return { ids: creates.map((r) => r.id), keys };
  }

  /** Starts deriving the keys of these rows' creates (the next chunk's, as guessed). */
  prefetch(rows: StoredRow[]): void {
    this.#next = this.#start(createsOf(rows));
  }

  /** The keys of `creates`, in order: the prefetched ones where they match, derived for the rest. */
  async take(creates: CustomerRow[]): Promise<CustomerSearchKeys[]> {
    const next = this.#next;
    this.#next = null;
    let reuse = 0;
    if (next)
      while (reuse < creates.length && reuse < next.ids.length && next.ids[reuse] === creates[reuse]?.id) reuse++;
    const rest = reuse < creates.length ? this.#start(creates.slice(reuse)).keys : Promise.resolve([]);
    const head = reuse > 0 && next ? (await next.keys).slice(0, reuse) : [];
    return [...head, ...(await rest)];
  }
}

function createsOf(rows: StoredRow[]): CustomerRow[] {
  return rows.filter((r): r is CustomerRow => r.kind === 'customers' && isCreate(r.row));
}

/** Adds the ms `work` took to `timings[name]` (when timings are kept). */
async function timed<T>(timings: Record<string, number> | undefined, name: string, work: () => Promise<T>): Promise<T> {
  if (!timings) return work();
  const t0 = performance.now();
  try {
    return await work();
  } finally {
    timings[name] = (timings[name] ?? 0) + performance.now() - t0;
  }
}

export interface UndoResult {
  removed: number;
  restored: number;
  /** Records edited after the import, left as they are. */
  kept: string[];
}

function isCreate(r: CustomerImportRow): boolean {
  return r.action === 'create' || r.action === 'create-and-review';
}

function isUpdate(r: CustomerImportRow): r is CustomerImportRow & { match: { customerId: string } } {
  return (r.action === 'fill' || r.action === 'overwrite') && !!r.match;
}

/** Plan rows with the ids they create (new UUIDs) or update (the match). */
export function assignIds(kind: ImportPlan['kind'], rows: ImportPlan['rows'], now: number): StoredRow[] {
  if (kind === 'orders') return (rows as OrderImportRow[]).map((row) => ({ kind: 'orders', id: newId(now), row }));
  return (rows as CustomerImportRow[]).map((row) => ({
    kind: 'customers',
    id: isCreate(row) ? newId(now) : isUpdate(row) ? row.match.customerId : '',
    row,
  }));
}

function strip<T>(doc: T): T {
  const { _meta, _rev, _attachments, _deleted, ...plain } = doc as T & Record<string, unknown>;
  void _meta;
  void _rev;
  void _attachments;
  void _deleted;
  return plain as T;
}

function fieldsOf(doc: CustomerDoc): CustomerFields {
  const out = emptyCustomerFields();
  for (const key of Object.keys(out) as Array<keyof CustomerFields>) {
    (out as unknown as Record<string, unknown>)[key] = doc[key];
  }
  return out;
}

/** A clock that never returns the same ms twice: each chunk's `at` identifies its writes. */
function chunkClock(now: () => number): () => number {
  let last = 0;
  return () => (last = Math.max(now(), last + 1));
}

// ------------------------------------------------------------------------------------------------
// Staging and reading the stored plan

async function stage(db: FieldbookDatabase, source: PlanSource, by: string, now: number) {
  const plan = source.head;
  await db.imports.insert({
    id: plan.importId,
    kind: plan.kind,
    fileName: plan.fileName,
    by,
    startedAt: now,
    updatedAt: now,
    finishedAt: 0,
    state: 'running',
    totalRows: plan.totalRows,
    rejectedRows: plan.rejectedRows,
    planned: plan.rowCount,
    done: 0,
    created: 0,
    updated: 0,
    skipped: 0,
    review: 0,
    undoneAt: 0,
    kept: [],
  });
  for (let from = 0; from < plan.rowCount; from += PLAN_PAGE) {
    const want = Math.min(PLAN_PAGE, plan.rowCount - from);
    const rows = await source.rows(from, want);
    if (rows.length !== want) throw new Error(`import: plan rows ${from}–${from + want} not handed over`);
    const page = assignIds(plan.kind, rows, now);
    await db.importchunks.insert({
      id: chunkId(plan.importId, 'plan', from),
      importId: plan.importId,
      kind: 'plan',
      from,
      count: page.length,
      at: 0,
      payload: JSON.stringify(page),
    });
    await afterQueuedTasks();
  }
}

/**
 * The stored plan (staged in PLAN_PAGE-row pages), read a page at a time: the writer, resume and
 * undo hold one page of it, never the whole plan.
 */
class StoredPlan {
  /** The last two pages read (a chunk and the one after it may straddle a page boundary). */
  #pages: Array<{ from: number; rows: StoredRow[] }> = [];
  constructor(
    private readonly db: FieldbookDatabase,
    private readonly importId: string,
    readonly total: number,
    /** Undo: a page never staged (staging failed; nothing after it was written) reads as no rows. */
    private readonly missingIsEmpty = false,
  ) {}

  /** Rows [from, from + count) (fewer at the end of the plan). */
  async slice(from: number, count: number): Promise<StoredRow[]> {
    const end = Math.min(from + count, this.total);
    const out: StoredRow[] = [];
    let i = from;
    while (i < end) {
      const pageFrom = i - (i % PLAN_PAGE);
      let page = this.#pages.find((p) => p.from === pageFrom);
      if (!page) {
        page = { from: pageFrom, rows: await this.#read(pageFrom) };
        this.#pages = [...this.#pages.slice(-1), page];
      }
      const rows = page.rows;
      if (rows.length === 0 && this.missingIsEmpty) {
        i = pageFrom + PLAN_PAGE;
        continue;
      }
      const upTo = Math.min(end, pageFrom + rows.length);
      if (upTo <= i) throw new Error(`import ${this.importId}: stored plan ends before row ${i}`);
      for (; i < upTo; i++) out.push(rows[i - pageFrom] as StoredRow);
    }
    return out;
  }

  async #read(from: number): Promise<StoredRow[]> {
    const doc = await this.db.importchunks.findOne(chunkId(this.importId, 'plan', from)).exec();
    if (!doc && this.missingIsEmpty) return [];
    if (!doc) throw new Error(`import ${this.importId}: stored plan page ${from} missing`);
    return JSON.parse(doc.payload) as StoredRow[];
  }
}

async function chunksOf(db: FieldbookDatabase, importId: string, kind: ImportChunkDoc['kind']) {
  const out: ImportChunkDoc[] = [];
  let from = -1;
  for (;;) {
    const page = await db.importchunks
      .find({
        selector: { importId, kind, from: { $gt: from } },
        sort: [{ importId: 'asc' }, { kind: 'asc' }, { from: 'asc' }],
        limit: 50,
      })
      .exec();
    for (const d of page) out.push(d.toMutableJSON());
    const last = page[page.length - 1];
    if (!last || page.length < 50) return out;
    from = last.from;
    await afterQueuedTasks();
  }
}

async function storedRows(db: FieldbookDatabase, importId: string): Promise<StoredRow[]> {
  const rows: StoredRow[] = [];
  for (const page of await chunksOf(db, importId, 'plan')) {
    for (const r of JSON.parse(page.payload) as StoredRow[]) rows.push(r);
    await afterQueuedTasks();
  }
  return rows;
}

async function journalOf(db: FieldbookDatabase, importId: string): Promise<Map<number, JournalEntry & { at: number }>> {
  const byRow = new Map<number, JournalEntry & { at: number }>();
  for (const entry of await chunksOf(db, importId, 'journal')) {
    for (const e of JSON.parse(entry.payload) as JournalEntry[]) byRow.set(e.i, { ...e, at: entry.at });
  }
  return byRow;
}

type Stored<T> = T & { _deleted: boolean; _rev: string; _meta: { lwt: number }; _attachments: object };

async function storedDocs<T>(
  collection: FieldbookDatabase['customers'] | FieldbookDatabase['orders'],
  ids: string[],
  withDeleted: boolean,
): Promise<Map<string, Stored<T>>> {
  const found = await (
    collection.storageInstance as unknown as {
      findDocumentsById(ids: string[], deleted: boolean): Promise<Array<Stored<T> & { id: string }>>;
    }
  ).findDocumentsById(ids, withDeleted);
  return new Map(found.map((d) => [d.id, d]));
}

async function bulkWrite<T>(
  collection: FieldbookDatabase['customers'] | FieldbookDatabase['orders'],
  rows: Array<BulkWriteRow<T>>,
): Promise<Array<{ status: number; documentId: string }>> {
  if (rows.length === 0) return [];
  const result = await (
    collection.storageInstance as unknown as {
      bulkWrite(
        rows: Array<BulkWriteRow<T>>,
        context: string,
      ): Promise<{ error: Array<{ status: number; documentId: string }> }>;
    }
  ).bulkWrite(rows, WRITE_CONTEXT);
  return result.error;
}

// ------------------------------------------------------------------------------------------------
// Commit and resume

/** Index of the first row not yet written (see the file comment, "Resume"). */
async function resumePoint(
  db: FieldbookDatabase,
  importId: string,
  kind: ImportDoc['kind'],
  plan: StoredPlan,
): Promise<number> {
  const journal = await journalOf(db, importId);
  const collection = kind === 'orders' ? db.orders : db.customers;
  let lastWritten = -1;
  for (let from = 0; from < plan.total; from += PLAN_PAGE) {
    const page = await plan.slice(from, PLAN_PAGE);
    const ids = page.filter((r) => r.id !== '').map((r) => r.id);
    const docs = await storedDocs<{ updatedAt: number }>(collection, ids, true);
    page.forEach((r, k) => {
      const i = from + k;
      if (r.id === '') return;
      const doc = docs.get(r.id);
      const update = r.kind === 'customers' && isUpdate(r.row);
      const entry = journal.get(i);
      const written = update ? !!entry && !!doc && doc.updatedAt >= entry.at : !!doc;
      if (written) lastWritten = i;
    });
    await afterQueuedTasks();
  }
  return lastWritten + 1;
}

interface Counts {
  created: number;
  updated: number;
  skipped: number;
  review: number;
}

/** What rows [0, upTo) of the plan did (a resumed run counts on from there). */
async function countRows(plan: StoredPlan, upTo: number): Promise<Counts> {
  const c: Counts = { created: 0, updated: 0, skipped: 0, review: 0 };
  for (let from = 0; from < upTo; from += PLAN_PAGE) {
    for (const r of await plan.slice(from, Math.min(PLAN_PAGE, upTo - from))) {
      if (r.kind === 'orders') c.created++;
      else if (isCreate(r.row)) {
        c.created++;
        if (r.row.action === 'create-and-review') c.review++;
      } else if (isUpdate(r.row)) c.updated++;
      else c.skipped++;
    }
  }
  return c;
}

async function writeCustomerChunk(
  db: FieldbookDatabase,
  importId: string,
  slice: StoredRow[],
  from: number,
  at: number,
  by: string,
  counts: Counts,
  keys: { ahead: KeysAhead; derive: KeyDeriver; next: () => Promise<StoredRow[]> },
  budget: TaskBudget,
  timings: Record<string, number> | undefined,
): Promise<void> {
  const chunk = slice.filter((r): r is CustomerRow => r.kind === 'customers');
  const creates = createsOf(chunk);
  const updates = chunk.map((r, k) => ({ r, i: from + k })).filter(({ r }) => isUpdate(r.row) && r.id !== '');
  counts.skipped += chunk.length - creates.length - updates.length;
  const createKeysTaken = keys.ahead.take(creates);
  // Queued behind this chunk's keys: the worker derives the next chunk's while this one writes.
  keys.ahead.prefetch(await timed(timings, 'plan', keys.next));
  const createKeys = await timed(timings, 'keys', () => createKeysTaken);
  const deriveKeys = keys.derive;
  const createDocs: CustomerDoc[] = creates.map((r, k) => {
    // The importing user owns what they import, as the form makes its creator the owner.
    const fields = { ...r.row.fields, ownerId: r.row.fields.ownerId || by, source: `import:${importId}` };
    const keys = withSortKeys(createKeys[k] as (typeof createKeys)[number], at);
    return { id: r.id, createdAt: at, updatedAt: at, updatedBy: by, trashedAt: 0, ...fields, ...keys };
  });
  counts.created += creates.length;
  counts.review += creates.filter((r) => r.row.action === 'create-and-review').length;
  const writes: Array<BulkWriteRow<CustomerDoc>> = createDocs.map((d) => ({
    document: { ...d, _deleted: false, _attachments: {} } as unknown as BulkWriteRow<CustomerDoc>['document'],
  }));
  if (updates.length === 0) {
    // Straight to the storage (as the updates below): the collection's bulkInsert would also build
    // an RxDocument per row for its result, which nothing here reads.
    const errors = await timed(timings, 'write', () =>
      budget.measure(writes.length, () => bulkWrite(db.customers, writes)),
    );
    if (errors.length)
      throw new Error(`import: ${errors.length} customers not written (first: ${errors[0]?.documentId})`);
    return;
  }
  const stored = await storedDocs<CustomerDoc>(
    db.customers,
    updates.map((u) => u.r.id),
    false,
  );
  const journal: JournalEntry[] = [];
  const merged = new Map<string, CustomerFields>();
  for (const { r } of updates) {
    const previous = stored.get(r.id);
    if (previous)
      merged.set(r.id, applyImportRow(fieldsOf(strip(previous)), r.row.fields, r.row.action as 'fill' | 'overwrite'));
  }
  const updateKeys = await timed(timings, 'keys', () => deriveKeys([...merged.values()].map(keyFields)));
  const keysById = new Map([...merged.keys()].map((id, k) => [id, updateKeys[k]]));
  for (const { r, i } of updates) {
    const previous = stored.get(r.id);
    if (!previous) {
      counts.skipped++; // deleted since it was matched: nothing to update
      continue;
    }
    const before = strip(previous);
    const fields = merged.get(r.id) as CustomerFields;
    const keys = keysById.get(r.id);
    if (!keys || sameFields(fields, fieldsOf(before))) {
      counts.skipped++;
      continue;
    }
    journal.push({ i, id: r.id, before });
    counts.updated++;
    writes.push({
      previous,
      document: { ...previous, ...fields, ...withSortKeys(keys, at), updatedAt: at, updatedBy: by },
    } as unknown as BulkWriteRow<CustomerDoc>);
  }
  const t0 = performance.now();
  if (journal.length) {
    // Before the write: a crash after it leaves the values Undo needs.
    await db.importchunks.upsert({
      id: chunkId(importId, 'journal', from),
      importId,
      kind: 'journal',
      from,
      count: chunk.length,
      at,
      payload: JSON.stringify(journal),
    });
  }
  const errors = await budget.measure(writes.length, () => bulkWrite(db.customers, writes));
  if (timings) timings.write = (timings.write ?? 0) + performance.now() - t0;
  // 409: the customer changed between the read and the write (an edit, a pull); the import's
  // values are not forced over it: the row counts as skipped and nothing of it is journaled as done.
  const conflicts = errors.filter((e) => e.status === 409).length;
  if (errors.length > conflicts) throw new Error(`import: ${errors.length - conflicts} customers not written`);
  counts.updated -= conflicts;
  counts.skipped += conflicts;
}

async function writeOrderChunk(
  db: FieldbookDatabase,
  rows: StoredRow[],
  at: number,
  by: string,
  counts: Counts,
  budget: TaskBudget,
) {
  const docs: OrderDoc[] = rows.flatMap((r) =>
    r.kind === 'orders' ? [{ id: r.id, createdAt: at, updatedAt: at, updatedBy: by, ...r.row.fields }] : [],
  );
  const result = await budget.measure(docs.length, () => db.orders.bulkInsert(docs));
  if (result.error.length) throw new Error(`import: ${result.error.length} orders not written`);
  counts.created += docs.length;
}

async function run(
  db: FieldbookDatabase,
  entry: ImportDoc,
  plan: StoredPlan,
  start: number,
  opts: ImportRunOptions,
): Promise<ImportDoc> {
  const clock = opts.now ?? Date.now;
  const nextAt = chunkClock(clock);
  const counts = await countRows(plan, start);
  // Valid rows the duplicate choices left out of the plan (skipped, or merged into an earlier row
  // of the file) count as skipped, so the summary adds up to the file. Customers only: an orders
  // plan has one row per order, not per line of the file.
  if (entry.kind === 'customers') counts.skipped += Math.max(0, entry.totalRows - entry.rejectedRows - entry.planned);
  const derive = opts.deriveKeys ?? localKeys;
  const ahead = new KeysAhead(derive);
  activeHere.add(entry.id);
  let lastBeat = clock();
  const save = async (patch: Partial<ImportDoc>) => {
    const doc = await db.imports.findOne(entry.id).exec();
    if (doc) await doc.incrementalPatch({ ...counts, ...patch, updatedAt: clock() });
  };
  let done = start;
  let auditing: Promise<unknown> = Promise.resolve();
  try {
    await save({ state: 'running', done });
    const result = await runInChunks({
      total: plan.total,
      start,
      database: db,
      ...(opts.signal ? { signal: opts.signal } : {}),
      ...(opts.sizing ? { sizing: opts.sizing } : {}),
      taskBudgetMs: opts.taskBudgetMs ?? IMPORT_TASK_BUDGET_MS,
      writeChunk: async (from, offered, budget) => {
        // A chunk is one write: at most the rows the main-thread budget allows (task-budget.ts).
        const count = budget.docs({ ...BULK_WRITE_BOUNDS, max: offered });
        const slice = await timed(opts.timings, 'plan', () => plan.slice(from, count));
        const at = nextAt();
        if (entry.kind === 'orders')
          await timed(opts.timings, 'write', () => writeOrderChunk(db, slice, at, opts.by, counts, budget));
        else {
          const next = () => plan.slice(from + count, count);
          const keys = { ahead, derive, next };
          await writeCustomerChunk(db, entry.id, slice, from, at, opts.by, counts, keys, budget, opts.timings);
        }
        // One audit entry per written chunk (a batch, not a row): the trail holds what was written
        // even when the tab closes before the import finishes. Written after the chunk, alongside
        // the next chunk's write (the audit is its own IndexedDB database): waiting for it in
        // turn was ~12% of the write phase (test/bench/import-run.mjs timings). A tab closed
        // meanwhile loses at most that last chunk's entry, as it could between two awaits before.
        await timed(opts.timings, 'audit', () => auditing);
        auditing = recordAudit(db, { now: at, by: opts.by }, [
          { action: 'import', coll: entry.kind, customerId: '', docId: entry.id, count, note: entry.fileName },
        ]);
        auditing.catch(() => undefined); // awaited with the next chunk; unobserved only if a write failed first
        done = from + count;
        if (clock() - lastBeat >= HEARTBEAT_MS) {
          lastBeat = clock();
          await save({ done });
        }
        return count;
      },
      ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
    });
    await auditing;
    const finished = !result.cancelled;
    await save({ done, state: finished ? 'finished' : 'unfinished', finishedAt: finished ? clock() : 0 });
  } finally {
    activeHere.delete(entry.id);
  }
  const doc = await db.imports.findOne(entry.id).exec();
  if (!doc) throw new Error(`import ${entry.id} vanished`);
  return doc.toMutableJSON();
}

/**
 * Stores the plan and its history entry, then writes it (see the file comment). Resolves with the
 * entry: 'finished', or 'unfinished' when cancelled through `signal` (resume or undo it later).
 * Rejects on a failed write, the entry then stays 'running' until it is seen stale (unfinished).
 */
export async function commitImport(
  db: FieldbookDatabase,
  plan: ImportPlan | PlanSource,
  opts: ImportRunOptions,
): Promise<ImportDoc> {
  const source = 'head' in plan ? plan : planSource(plan);
  const now = (opts.now ?? Date.now)();
  await stage(db, source, opts.by, now);
  const entry = await db.imports.findOne(source.head.importId).exec();
  if (!entry) throw new Error('import entry not stored');
  opts.onStaged?.();
  const stored = new StoredPlan(db, entry.id, source.head.rowCount);
  return run(db, entry.toMutableJSON(), stored, 0, opts);
}

/** Continues an unfinished import from its stored plan, after the last row it wrote. */
export async function resumeImport(
  db: FieldbookDatabase,
  importId: string,
  opts: ImportRunOptions,
): Promise<ImportDoc> {
  const entry = (await db.imports.findOne(importId).exec())?.toMutableJSON();
  if (!entry) throw new Error(`no import ${importId}`);
  if (entry.state !== 'unfinished' && !(entry.state === 'running' && !activeHere.has(importId)))
    throw new Error(`import ${importId} is ${entry.state}, not unfinished`);
  const plan = new StoredPlan(db, importId, entry.planned);
  const start = await resumePoint(db, importId, entry.kind, plan);
  return run(db, entry, plan, start, opts);
}

// ------------------------------------------------------------------------------------------------
// Undo

/**
 * Takes an import back (finished or unfinished): created records still as imported are deleted,
 * updated customers still as imported get their values before the import; records edited since are
 * kept and listed. Idempotent: undoing again changes nothing.
 */
export async function undoImport(
  db: FieldbookDatabase,
  importId: string,
  opts: { by: string; signal?: AbortSignal; onProgress?: (p: BulkProgress) => void; now?: () => number },
): Promise<UndoResult> {
  const entry = (await db.imports.findOne(importId).exec())?.toMutableJSON();
  if (!entry) throw new Error(`no import ${importId}`);
  if (entry.state === 'running' && activeHere.has(importId)) throw new Error('cancel the import before undoing it');
  const plan = new StoredPlan(db, importId, entry.planned, true);
  const journal = await journalOf(db, importId);
  const collection = entry.kind === 'orders' ? db.orders : db.customers;
  const result: UndoResult = { removed: 0, restored: 0, kept: [] };
  // A customer the import created that got an order, a visit or a survey since was touched by a
  // later edit even though its own document did not change: kept, or that activity would point
  // at a customer that no longer exists.
  const withActivity = entry.kind === 'customers' ? await customersWithActivitySince(db, entry.startedAt) : new Set();
  const ran = await runInChunks({
    total: plan.total,
    database: db,
    taskBudgetMs: IMPORT_TASK_BUDGET_MS,
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
    writeChunk: async (from, offered, budget) => {
      const count = budget.docs({ ...BULK_WRITE_BOUNDS, max: offered });
      const slice = await plan.slice(from, count);
      const ids = slice.filter((r) => r.id !== '').map((r) => r.id);
      const docs = await storedDocs<{ createdAt: number; updatedAt: number }>(collection, ids, false);
      const writes: Array<BulkWriteRow<unknown>> = [];
      slice.forEach((r, k) => {
        const doc = docs.get(r.id);
        if (!doc) return;
        const update = r.kind === 'customers' && isUpdate(r.row);
        if (!update) {
          if (r.kind === 'customers' && !isCreate(r.row)) return;
          if (doc.updatedAt !== doc.createdAt || withActivity.has(r.id)) result.kept.push(r.id);
          else {
            writes.push({ previous: doc, document: { ...doc, _deleted: true } } as BulkWriteRow<unknown>);
            result.removed++;
          }
          return;
        }
        const e = journal.get(from + k);
        if (!e) return; // journaled nothing: the import did not change it
        if (doc.updatedAt !== e.at) {
          if (doc.updatedAt > e.at) result.kept.push(r.id);
          return;
        }
        writes.push({
          previous: doc,
          document: { ...doc, ...e.before },
        } as BulkWriteRow<unknown>);
        result.restored++;
      });
      const errors = await budget.measure(writes.length, () =>
        bulkWrite(collection as FieldbookDatabase['customers'], writes as Array<BulkWriteRow<CustomerDoc>>),
      );
      if (errors.length) throw new Error(`undo: ${errors.length} records changed meanwhile; undo again`);
      if (writes.length)
        await recordAudit(db, { now: (opts.now ?? Date.now)(), by: opts.by }, [
          {
            action: 'importUndo',
            coll: entry.kind,
            customerId: '',
            docId: entry.id,
            count: writes.length,
            note: entry.fileName,
          },
        ]);
      return count;
    },
  });
  // A cancelled undo leaves the import as it was (undo again to finish it: it is idempotent).
  if (ran.cancelled) return result;
  const now = (opts.now ?? Date.now)();
  const doc = await db.imports.findOne(importId).exec();
  await doc?.incrementalPatch({ state: 'undone', undoneAt: now, updatedAt: now, kept: [...result.kept] });
  return result;
}

/**
 * The customers that orders, visits or surveys written on this device since `since` (local write
 * time, typed, imported or pulled by sync) point at, deleted ones not counted. Read through the
 * storage's change index, so the cost is what was written since, not the collections' size.
 */
async function customersWithActivitySince(db: FieldbookDatabase, since: number): Promise<Set<string>> {
  const ids = new Set<string>();
  await addCustomersWrittenSince(db.orders, since, ids);
  await addCustomersWrittenSince(db.interactions, since, ids);
  await addCustomersWrittenSince(db.surveys, since, ids);
  return ids;
}

async function addCustomersWrittenSince<T extends { customerId: string }>(
  collection: RxCollection<T>,
  since: number,
  ids: Set<string>,
): Promise<void> {
  let checkpoint: RxStorageDefaultCheckpoint = { id: '', lwt: since };
  for (;;) {
    const page = await getChangedDocumentsSince(collection.storageInstance, ACTIVITY_PAGE, checkpoint);
    for (const doc of page.documents) if (!doc._deleted) ids.add(doc.customerId);
    if (page.documents.length < ACTIVITY_PAGE) return;
    checkpoint = page.checkpoint as RxStorageDefaultCheckpoint;
    await afterQueuedTasks();
  }
}

const ACTIVITY_PAGE = 500;

// ------------------------------------------------------------------------------------------------
// History

/**
 * The history, newest first (at most `limit`). A 'running' import whose entry stopped moving and
 * that does not run in this tab is marked unfinished first (its tab closed or crashed).
 */
export async function listImports(
  db: FieldbookDatabase,
  opts: { now?: number; limit?: number } = {},
): Promise<ImportDoc[]> {
  await markStale(db, opts.now ?? Date.now());
  const docs = await db.imports
    .find({ selector: { startedAt: { $gte: 0 } }, sort: [{ startedAt: 'desc' }], limit: opts.limit ?? 100 })
    .exec();
  return docs.map((d) => d.toMutableJSON());
}

export async function markStale(db: FieldbookDatabase, now: number): Promise<void> {
  const running = await db.imports.find({ selector: { state: 'running' }, limit: 100 }).exec();
  for (const doc of running) {
    if (!activeHere.has(doc.id) && now - doc.updatedAt > STALE_MS) await doc.incrementalPatch({ state: 'unfinished' });
  }
}

/** The history as it changes (newest first, at most `limit`); stale detection is listImports'. */
export function imports$(db: FieldbookDatabase, limit = 100): Observable<ImportDoc[]> {
  return db.imports
    .find({ selector: { startedAt: { $gte: 0 } }, sort: [{ startedAt: 'desc' }], limit })
    .$.pipe(map((docs) => docs.map((d) => d.toMutableJSON())));
}

/**
 * Pairs of the import's 'create-and-review' rows, for the duplicates screen's review queue:
 * (created customer, matched stored customer), or for a row duplicating an earlier row of the same
 * file (created customer, customer created from that row). Pairs whose records are gone are left out.
 */
export async function reviewPairs(db: FieldbookDatabase, importId: string): Promise<Array<[string, string]>> {
  const rows = (await storedRows(db, importId)).filter(
    (r): r is Extract<StoredRow, { kind: 'customers' }> => r.kind === 'customers',
  );
  const createdByRow = new Map(rows.filter((r) => isCreate(r.row)).map((r) => [r.row.row, r.id]));
  const pairs: Array<[string, string]> = [];
  for (const r of rows) {
    if (r.row.action !== 'create-and-review') continue;
    const other = r.row.duplicateOfRow !== undefined ? createdByRow.get(r.row.duplicateOfRow) : r.row.match?.customerId;
    if (other && other !== r.id) pairs.push([r.id, other]);
  }
  const docs = await storedDocs<CustomerDoc>(db.customers, [...new Set(pairs.flat())], false);
  return pairs.filter(([a, b]) => docs.has(a) && docs.has(b));
}

/** The review pairs of every customer import that was not undone (newest import first). */
export async function reviewQueue(db: FieldbookDatabase): Promise<Array<[string, string]>> {
  const entries = await db.imports
    .find({
      selector: { kind: 'customers', review: { $gt: 0 }, state: { $ne: 'undone' } },
      sort: [{ startedAt: 'desc' }],
    })
    .exec();
  const out: Array<[string, string]> = [];
  for (const e of entries) out.push(...(await reviewPairs(db, e.id)));
  return out;
}
