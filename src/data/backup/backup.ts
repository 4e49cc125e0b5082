// Backup and restore on the database side: reading every backed-up collection in pages (the
// worker serializes and encrypts), and writing a verified backup back through the bulk-write path
// (repos/bulk.ts runInChunks: measured chunks, followers held and caught up afterwards).
//
// A restore never writes before the whole file is verified (the backup worker does that in
// `open`). Restored documents are ordinary RxDB writes with new revisions: with sync on they are
// pushed like typed edits; removals of a replace are ordinary deletions and replicate too.
import type { RxCollection } from 'rxdb';
import type { FieldbookDatabase } from '../db/database';
import {
  ChunkSizer,
  LongTaskWatch,
  runInChunks,
  type BulkProgress,
  type ChunkRunResult,
  type ChunkSizing,
} from '../repos/bulk';
import { BULK_TASK_BUDGET_MS, type TaskBudget } from '../repos/task-budget';
import { pageByPrimaryKey } from '../db/storage';
import type { WriteMeta } from '../db/write-meta';
import { recordAudit } from '../repos/audit';
import { newId } from '../../domain/ids';
import { afterQueuedTasks } from '../../lib/next-task';
import { noCounts, restoreAction, withoutMeta, type RestoreCounts, type RestoreMode } from '../../domain/restore';
import { APPEND_ONLY, BACKED_UP, isBackedUp, migrateDoc, type BackedUpCollection } from './collections';

export type { RestoreCounts, RestoreMode };

type AnyCollection = RxCollection<Record<string, unknown>>;
/** `restoreAction`, except that an append-only collection's stored entries are never overwritten. */
function restoreActionIn(
  collection: BackedUpCollection,
  ...args: Parameters<typeof restoreAction>
): ReturnType<typeof restoreAction> {
  const action = restoreAction(...args);
  return action === 'update' && APPEND_ONLY.includes(collection) ? 'unchanged' : action;
}

const collectionOf = (db: FieldbookDatabase, name: BackedUpCollection): AnyCollection =>
  db.collections[name] as unknown as AnyCollection;

export interface BackupPage {
  collection: BackedUpCollection;
  schemaVersion: number;
  /** Documents in the page; 0 for an empty collection (declared so the manifest names its version). */
  count: number;
  /** The page's documents (without the storage's bookkeeping) as the UTF-8 bytes of a JSON array. */
  json: Uint8Array<ArrayBuffer>;
}

/**
 * Documents per page read for a backup. A page is one IndexedDB `getAll` over the primary-key index,
 * whose values the browser deserializes on the main thread, and one JSON.stringify: both grow with
 * the page, so its size is measured like a bulk write's chunk (a page during which the browser saw a
 * task over 50 ms halves the next ones, three clean pages grow it by a quarter).
 */
export const BACKUP_PAGES: ChunkSizing = { initial: 250, min: 25, max: 1000 };

const encoder = new TextEncoder();

/**
 * Every backed-up collection's documents in pages, read straight from the storage (plain objects, no
 * RxDocument, no query planning: one `getAll` over the `[_deleted, primary key]` index per page) in
 * primary-key order, each page its own task, as JSON bytes the caller transfers to the backup worker.
 * Deleted documents are not included. `pageSize` fixes the page size (tests); by default it is
 * measured (BACKUP_PAGES).
 */
export async function* backupPages(db: FieldbookDatabase, pageSize?: number): AsyncGenerator<BackupPage> {
  const sizer = new ChunkSizer(pageSize ? { initial: pageSize, min: pageSize, max: pageSize } : BACKUP_PAGES);
  const watch = new LongTaskWatch();
  try {
    for (const name of BACKED_UP) {
      const coll = collectionOf(db, name);
      if (!coll) continue;
      const schemaVersion = coll.schema.version;
      const primary = coll.schema.primaryPath;
      const read = (after: string, size: number) => {
        const docs = pageByPrimaryKey<Record<string, unknown>>(coll, after, size);
        docs.catch(() => undefined); // awaited below; only keeps an abandoned read from being unhandled
        return { size, docs };
      };
      let next: { size: number; docs: Promise<Record<string, unknown>[]> } | null = read('', sizer.size);
      let any = false;
      while (next) {
        await afterQueuedTasks();
        watch.take();
        const size: number = next.size;
        const docs: Record<string, unknown>[] = await next.docs;
        // The storage reads the next page (in the browser's IndexedDB backend) while this one is
        // serialized here.
        next = docs.length === size ? read(String(docs[docs.length - 1]![primary]), sizer.size) : null;
        if (docs.length === 0) break;
        any = true;
        const json = encoder.encode(JSON.stringify(docs));
        sizer.record(watch.take() > 0);
        yield { collection: name, schemaVersion, count: docs.length, json };
      }
      if (!any) yield { collection: name, schemaVersion, count: 0, json: encoder.encode('[]') };
    }
  } finally {
    watch.stop();
  }
}

/** Counts of the documents a backup of `db` holds, per collection (for the screen). */
export async function backupCounts(db: FieldbookDatabase): Promise<Record<BackedUpCollection, number>> {
  const out = {} as Record<BackedUpCollection, number>;
  for (const name of BACKED_UP) out[name] = collectionOf(db, name) ? await collectionOf(db, name).count().exec() : 0;
  return out;
}

/**
 * A verified backup as the restore reads it: its data frames, a part at a time (the worker's). A
 * source may answer with more documents than asked (a whole frame: the tests' in-process reader);
 * the restore goes on from where the answer ended.
 */
export interface RestoreSource {
  frames: readonly { collection: string; schemaVersion: number; count: number }[];
  read(
    index: number,
    from: number,
    count: number,
  ): Promise<{ collection: string; schemaVersion: number; docs: Record<string, unknown>[] }>;
}

/**
 * Documents per part read from the worker. A frame holds up to 1,000 documents (BACKUP_PAGES.max);
 * received whole, its structured clone was one main-thread task that grows with the frame. Parts of
 * 100 keep each message's deserialization to a few milliseconds; the next part is read while the
 * caller works on this one.
 */
export const RESTORE_PART = 100;

/** The current schema version of `collection` in `db`, after checking a frame may go there. */
function targetVersion(db: FieldbookDatabase, collection: string, schemaVersion: number): number {
  if (!isBackedUp(collection)) throw new Error(`not a backed-up collection: ${collection}`);
  const current = collectionOf(db, collection).schema.version;
  if (schemaVersion > current) throw new Error(`${collection} v${schemaVersion} is newer than the app`);
  return current;
}

/**
 * Current-version documents of the source's frames (older versions migrated), a part of a frame at
 * a time (RESTORE_PART); the worker reads the next part while the caller works on this one. `skip`
 * leaves frames unread.
 */
async function* restoreDocs(
  db: FieldbookDatabase,
  source: RestoreSource,
  skip: (frame: RestoreSource['frames'][number]) => boolean = () => false,
  partSize = RESTORE_PART,
): AsyncGenerator<{ collection: BackedUpCollection; docs: Record<string, unknown>[] }> {
  const wanted = source.frames.flatMap((f, i) => (skip(f) ? [] : [i]));
  const readAhead = (k: number, from: number) => {
    const p = source.read(wanted[k]!, from, partSize).then((part) => ({ k, from, part }));
    p.catch(() => undefined); // awaited below; this only keeps an abandoned read from being unhandled
    return p;
  };
  /** The part after `from + got` of frame k, or the next frame's first part. */
  const after = (k: number, from: number, got: number) => {
    if (got > 0 && from + got < source.frames[wanted[k]!]!.count) return readAhead(k, from + got);
    return k + 1 < wanted.length ? readAhead(k + 1, 0) : null;
  };
  let next = wanted.length > 0 ? readAhead(0, 0) : null;
  while (next) {
    const { k, from, part: frame } = await next;
    next = after(k, from, frame.docs.length);
    const current = targetVersion(db, frame.collection, frame.schemaVersion);
    const collection = frame.collection as BackedUpCollection;
    const docs =
      frame.schemaVersion === current
        ? frame.docs
        : await Promise.all(frame.docs.map((d) => migrateDoc(collection, frame.schemaVersion, current, d)));
    yield { collection, docs };
  }
}

/** The stored (live) documents of `ids`, read from the storage as plain objects (no RxDocument). */
async function existingOf(coll: AnyCollection, ids: string[]): Promise<Map<string, Record<string, unknown>>> {
  const found = await coll.storageInstance.findDocumentsById(ids, false);
  const primary = coll.schema.primaryPath;
  const out = new Map<string, Record<string, unknown>>();
  for (const doc of found) out.set(String(doc[primary]), doc);
  return out;
}

/** Ids stored in `coll` that are not in `keep`, read in primary-key pages from the storage. */
async function idsNotIn(coll: AnyCollection, keep: ReadonlySet<string>): Promise<string[]> {
  const primary = coll.schema.primaryPath;
  const out: string[] = [];
  let last = '';
  for (;;) {
    await afterQueuedTasks();
    const rows = await pageByPrimaryKey<Record<string, unknown>>(coll, last, 1000);
    for (const r of rows) if (!keep.has(String(r[primary]))) out.push(String(r[primary]));
    if (rows.length < 1000) return out;
    last = String(rows[rows.length - 1]![primary]);
  }
}

/** The backed-up collections that hold no live document in `db`. */
async function emptyCollections(db: FieldbookDatabase): Promise<Set<string>> {
  const counts = await backupCounts(db);
  return new Set(BACKED_UP.filter((name) => counts[name] === 0));
}

export type RestoreSummary = Record<BackedUpCollection, RestoreCounts>;

const emptySummary = (): RestoreSummary => Object.fromEntries(BACKED_UP.map((n) => [n, noCounts()])) as RestoreSummary;

/**
 * What a restore in `mode` would do, per collection, without writing anything: documents added,
 * updated, unchanged (merge: also those newer on this device), and removed (replace only). Into a
 * collection that is empty every document is added, so its frames are counted, not read.
 */
export async function planRestore(
  db: FieldbookDatabase,
  source: RestoreSource,
  mode: RestoreMode,
): Promise<RestoreSummary> {
  const summary = emptySummary();
  const empty = await emptyCollections(db);
  for (const f of source.frames) {
    if (!empty.has(f.collection)) continue;
    targetVersion(db, f.collection, f.schemaVersion);
    summary[f.collection as BackedUpCollection].added += f.count;
  }
  const seen = new Map<BackedUpCollection, Set<string>>();
  for await (const { collection, docs } of restoreDocs(db, source, (f) => empty.has(f.collection))) {
    const coll = collectionOf(db, collection);
    const existing = await existingOf(
      coll,
      docs.map((d) => String(d.id)),
    );
    const ids = seen.get(collection) ?? new Set<string>();
    seen.set(collection, ids);
    for (const doc of docs) {
      if (mode === 'replace') ids.add(String(doc.id));
      const action = restoreActionIn(collection, mode, doc, existing.get(String(doc.id)));
      summary[collection][action === 'add' ? 'added' : action === 'update' ? 'updated' : 'unchanged'] += 1;
    }
    await afterQueuedTasks();
  }
  if (mode === 'replace') {
    for (const name of BACKED_UP) {
      if (APPEND_ONLY.includes(name) || empty.has(name)) continue;
      summary[name].removed = (await idsNotIn(collectionOf(db, name), seen.get(name) ?? new Set())).length;
    }
  }
  return summary;
}

/**
 * Documents per restore chunk (one insert per collection in it), at most: the write task budget
 * below usually sets fewer. Lower than an import's (25–400): what made a restore's tasks long was
 * not the write alone but the garbage collections between writes (session 10 trace at 5,000
 * customers: the longest tasks by CPU were young-generation collections, 18 ms with chunks up to
 * 200, 11 ms with chunks of 50), whose work grows with the documents alive at once, and whose
 * parallel phase waits for helper threads that the browser's IndexedDB work keeps off the cores.
 * Chunks of 50 cost no more in total: the browser's CPU per document was the same for chunks of
 * 50, up to 200 and 800 (10.7, 10.6 and 11.1 CPU-s for 25,195 documents), the page's within 11 %.
 */
export const RESTORE_CHUNKS: ChunkSizing = { initial: 50, min: 25, max: 100 };

/**
 * Main-thread time one restore write may keep the thread busy before it yields (ms): the budget
 * every bulk write shares (repos/task-budget.ts, where the reasons are). Each write's own task is
 * measured and the next writes carry at most the documents that fit in it.
 */
export const RESTORE_TASK_BUDGET_MS = BULK_TASK_BUDGET_MS;

export { docsWithinBudget } from '../repos/task-budget';

export interface RestoreOptions {
  signal?: AbortSignal;
  /** Overrides RESTORE_CHUNKS (tests, bench experiments). */
  sizing?: ChunkSizing;
  /** Overrides RESTORE_PART (bench experiments). */
  partSize?: number;
  /** Overrides RESTORE_TASK_BUDGET_MS (tests, bench experiments; Infinity: chunks as sized only). */
  taskBudgetMs?: number;
  onProgress?: (p: BulkProgress) => void;
}

export interface RestoreResult {
  summary: RestoreSummary;
  run: ChunkRunResult;
  cancelled: boolean;
}

/**
 * Writes the source into `db` (see `restoreAction` for merge and replace) through runInChunks; a
 * replace then removes what the backup lacks. Every write is a normal RxDB write (new revision),
 * so sync pushes it.
 */
export async function applyRestore(
  db: FieldbookDatabase,
  source: RestoreSource,
  mode: RestoreMode,
  options: RestoreOptions = {},
): Promise<RestoreResult> {
  const summary = emptySummary();
  const seen = new Map<BackedUpCollection, Set<string>>();
  const frames = restoreDocs(db, source, undefined, options.partSize);
  const queue: { collection: BackedUpCollection; doc: Record<string, unknown> }[] = [];
  let framesDone = false;
  const total = source.frames.reduce((n, f) => n + f.count, 0);
  const emptyAtStart = await emptyCollections(db);
  const taskBudgetMs = options.taskBudgetMs ?? RESTORE_TASK_BUDGET_MS;

  const sizing = options.sizing ?? RESTORE_CHUNKS;
  const writeChunk = async (_from: number, count: number, budget: TaskBudget): Promise<number> => {
    // The chunk the sizer allows, or fewer when the measured cost per document says its write task
    // would outlast the task budget (RESTORE_TASK_BUDGET_MS).
    const size = Math.min(count, budget.docs({ min: sizing.min, max: sizing.max }));
    let received = false;
    while (queue.length < size && !framesDone) {
      const next = await frames.next();
      received = true;
      if (next.done) framesDone = true;
      else for (const doc of next.value.docs) queue.push({ collection: next.value.collection, doc });
    }
    // A part arrives in the task that deserialized the worker's message: the write starts in a task
    // of its own.
    if (received) await afterQueuedTasks();
    const chunk = queue.splice(0, size);
    if (chunk.length === 0) throw new Error('restore: the backup holds fewer documents than it declared');
    const byCollection = new Map<BackedUpCollection, Record<string, unknown>[]>();
    for (const { collection, doc } of chunk) {
      const list = byCollection.get(collection) ?? [];
      list.push(doc);
      byCollection.set(collection, list);
    }
    let first = true;
    for (const [collection, docs] of byCollection) {
      // Each collection's write in its own task (the previous one's commit ends in this one).
      if (!first) await afterQueuedTasks();
      first = false;
      const coll = collectionOf(db, collection);
      const ids = seen.get(collection) ?? new Set<string>();
      seen.set(collection, ids);
      // A collection empty before the restore began holds only what this restore wrote: nothing to
      // look up (a document the file repeats comes back from the insert as a conflict, below).
      const existing = emptyAtStart.has(collection)
        ? new Map<string, Record<string, unknown>>()
        : await existingOf(
            coll,
            docs.map((d) => String(d.id)),
          );
      // A document the file repeats within the chunk is decided against the copy pending before it.
      const pending = new Map<string, { doc: Record<string, unknown>; insert: boolean }>();
      for (const doc of docs) {
        const id = String(doc.id);
        // Only a replace asks which stored ids the backup lacks: a merge keeps no id (500,000 at 100k).
        if (mode === 'replace') ids.add(id);
        const earlier = pending.get(id);
        const action = restoreActionIn(collection, mode, doc, earlier?.doc ?? existing.get(id));
        if (earlier) {
          summary[collection][action === 'update' ? 'updated' : 'unchanged'] += 1;
          if (action === 'update') earlier.doc = doc;
          continue;
        }
        if (action === 'add') summary[collection].added += 1;
        else if (action === 'update') summary[collection].updated += 1;
        else summary[collection].unchanged += 1;
        if (action !== 'unchanged') pending.set(id, { doc, insert: action === 'add' });
      }
      const adds = [...pending.values()].filter((p) => p.insert).map((p) => p.doc);
      const updates = [...pending.values()].filter((p) => !p.insert).map((p) => p.doc);
      // New documents as inserts (the storage's insert path, no read-back). One that exists after
      // all (the file repeats it) is decided again against the stored copy, like any other.
      if (adds.length > 0) {
        const inserted = await budget.measure(adds.length, () => coll.bulkInsert(adds));
        for (const e of inserted.error) {
          if (e.status !== 409 || !e.documentInDb)
            throw new Error(`restore: ${collection}: a document was refused (${e.status})`);
          const doc = withoutMeta(e.writeRow.document);
          const action = restoreActionIn(collection, mode, doc, e.documentInDb);
          summary[collection].added -= 1;
          summary[collection][action === 'update' ? 'updated' : 'unchanged'] += 1;
          if (action === 'update') updates.push(doc);
        }
      }
      if (updates.length > 0) {
        if (adds.length > 0) await afterQueuedTasks();
        const result = await budget.measure(updates.length, () => coll.bulkUpsert(updates));
        if (result.error.length > 0)
          throw new Error(`restore: ${collection}: ${result.error.length} documents refused`);
      }
    }
    return chunk.length;
  };

  const run = await runInChunks({
    total,
    writeChunk,
    sizing,
    taskBudgetMs,
    database: db,
    signal: options.signal,
    onProgress: options.onProgress,
  });
  if (run.cancelled) return { summary, run, cancelled: true };

  if (mode === 'replace') {
    const removals: { collection: BackedUpCollection; id: string }[] = [];
    for (const name of BACKED_UP) {
      if (APPEND_ONLY.includes(name)) continue;
      for (const id of await idsNotIn(collectionOf(db, name), seen.get(name) ?? new Set()))
        removals.push({ collection: name, id });
    }
    const removeRun = await runInChunks({
      total: removals.length,
      database: db,
      signal: options.signal,
      writeChunk: async (from, count) => {
        const part = removals.slice(from, from + count);
        const byCollection = new Map<BackedUpCollection, string[]>();
        for (const r of part) byCollection.set(r.collection, [...(byCollection.get(r.collection) ?? []), r.id]);
        for (const [collection, ids] of byCollection) {
          await collectionOf(db, collection).bulkRemove(ids);
          summary[collection].removed += ids.length;
        }
        return part.length;
      },
    });
    return { summary, run, cancelled: removeRun.cancelled };
  }
  return { summary, run, cancelled: false };
}

/** What the audit trail says about a backup file that was made. */
export interface BackupExport {
  fileName: string;
  counts: Record<BackedUpCollection, number>;
}

/**
 * Records a backup file as an `export` audit entry: a batch (no one customer), with the number of
 * documents it holds and, in its note, the file name and the count per collection (JSON). Who and
 * which device come with every entry (repos/audit.ts).
 */
export async function recordBackupExport(db: FieldbookDatabase, meta: WriteMeta, done: BackupExport): Promise<void> {
  const count = Object.values(done.counts).reduce((a, b) => a + b, 0);
  await recordAudit(db, meta, [
    {
      action: 'export',
      coll: '',
      customerId: '',
      docId: newId(meta.now),
      count,
      note: JSON.stringify({ backup: done.fileName, counts: done.counts }),
    },
  ]);
}
