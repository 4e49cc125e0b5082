// Backup and restore on the database side: reading every backed-up collection in pages (the
// worker serializes and encrypts), and writing a verified backup back through the bulk-write path
// (repos/bulk.ts runInChunks: measured chunks, followers held and caught up afterwards).
//
// A restore never writes before the whole file is verified (the backup worker does that in
// `open`). Restored documents are ordinary RxDB writes with new revisions: with sync on they are
// pushed like typed edits; removals of a replace are ordinary deletions and replicate too.
import type { RxCollection } from 'rxdb';
import type { FieldbookDatabase } from '../db/database';
import { runInChunks, type BulkProgress, type ChunkRunResult } from '../repos/bulk';
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
  /** Plain documents without the storage's bookkeeping; empty for an empty collection. */
  docs: Record<string, unknown>[];
}

/** Documents per page read for a backup: one indexed range read (primary key order). */
export const BACKUP_PAGE = 250;

/**
 * Every backed-up collection's documents in pages of `pageSize` (primary-key keyset paging, each
 * page its own task). Deleted documents are not included. An empty collection yields one empty
 * page so the manifest still records its schema version.
 */
export async function* backupPages(db: FieldbookDatabase, pageSize = BACKUP_PAGE): AsyncGenerator<BackupPage> {
  for (const name of BACKED_UP) {
    const coll = collectionOf(db, name);
    if (!coll) continue;
    const schemaVersion = coll.schema.version;
    let last = '';
    let any = false;
    for (;;) {
      await afterQueuedTasks();
      const rows = await coll.find({ selector: { id: { $gt: last } }, sort: [{ id: 'asc' }], limit: pageSize }).exec();
      if (rows.length === 0) break;
      any = true;
      last = rows[rows.length - 1]!.primary;
      yield { collection: name, schemaVersion, docs: rows.map((d) => withoutMeta(d.toMutableJSON())) };
      if (rows.length < pageSize) break;
    }
    if (!any) yield { collection: name, schemaVersion, docs: [] };
  }
}

/** Counts of the documents a backup of `db` holds, per collection (for the screen). */
export async function backupCounts(db: FieldbookDatabase): Promise<Record<BackedUpCollection, number>> {
  const out = {} as Record<BackedUpCollection, number>;
  for (const name of BACKED_UP) out[name] = collectionOf(db, name) ? await collectionOf(db, name).count().exec() : 0;
  return out;
}

/** A verified backup as the restore reads it: its data frames, one at a time (the worker's). */
export interface RestoreSource {
  frames: readonly { collection: string; schemaVersion: number; count: number }[];
  read(index: number): Promise<{ collection: string; schemaVersion: number; docs: Record<string, unknown>[] }>;
}

/** Current-version documents of the source, frame by frame (older versions migrated). */
async function* restoreDocs(
  db: FieldbookDatabase,
  source: RestoreSource,
): AsyncGenerator<{ collection: BackedUpCollection; docs: Record<string, unknown>[] }> {
  for (let i = 0; i < source.frames.length; i++) {
    const frame = await source.read(i);
    if (!isBackedUp(frame.collection)) throw new Error(`not a backed-up collection: ${frame.collection}`);
    const current = collectionOf(db, frame.collection).schema.version;
    if (frame.schemaVersion > current)
      throw new Error(`${frame.collection} v${frame.schemaVersion} is newer than the app`);
    const docs =
      frame.schemaVersion === current
        ? frame.docs
        : await Promise.all(
            frame.docs.map((d) => migrateDoc(frame.collection as BackedUpCollection, frame.schemaVersion, current, d)),
          );
    yield { collection: frame.collection, docs };
  }
}

async function existingOf(coll: AnyCollection, ids: string[]): Promise<Map<string, Record<string, unknown>>> {
  const found = await coll.findByIds(ids).exec();
  const out = new Map<string, Record<string, unknown>>();
  for (const [id, doc] of found) out.set(id, doc.toMutableJSON());
  return out;
}

/** Ids stored in `coll` that are not in `keep`, read in primary-key pages. */
async function idsNotIn(coll: AnyCollection, keep: ReadonlySet<string>): Promise<string[]> {
  const out: string[] = [];
  let last = '';
  for (;;) {
    await afterQueuedTasks();
    const rows = await coll.find({ selector: { id: { $gt: last } }, sort: [{ id: 'asc' }], limit: 1000 }).exec();
    for (const r of rows) if (!keep.has(r.primary)) out.push(r.primary);
    if (rows.length < 1000) return out;
    last = rows[rows.length - 1]!.primary;
  }
}

export type RestoreSummary = Record<BackedUpCollection, RestoreCounts>;

const emptySummary = (): RestoreSummary => Object.fromEntries(BACKED_UP.map((n) => [n, noCounts()])) as RestoreSummary;

/**
 * What a restore in `mode` would do, per collection, without writing anything: documents added,
 * updated, unchanged (merge: also those newer on this device), and removed (replace only).
 */
export async function planRestore(
  db: FieldbookDatabase,
  source: RestoreSource,
  mode: RestoreMode,
): Promise<RestoreSummary> {
  const summary = emptySummary();
  const seen = new Map<BackedUpCollection, Set<string>>();
  for await (const { collection, docs } of restoreDocs(db, source)) {
    const coll = collectionOf(db, collection);
    const existing = await existingOf(
      coll,
      docs.map((d) => String(d.id)),
    );
    const ids = seen.get(collection) ?? new Set<string>();
    seen.set(collection, ids);
    for (const doc of docs) {
      ids.add(String(doc.id));
      const action = restoreActionIn(collection, mode, doc, existing.get(String(doc.id)));
      summary[collection][action === 'add' ? 'added' : action === 'update' ? 'updated' : 'unchanged'] += 1;
    }
    await afterQueuedTasks();
  }
  if (mode === 'replace') {
    for (const name of BACKED_UP) {
      if (APPEND_ONLY.includes(name)) continue;
      summary[name].removed = (await idsNotIn(collectionOf(db, name), seen.get(name) ?? new Set())).length;
    }
  }
  return summary;
}

export interface RestoreOptions {
  signal?: AbortSignal;
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
  const frames = restoreDocs(db, source);
  const queue: { collection: BackedUpCollection; doc: Record<string, unknown> }[] = [];
  let framesDone = false;
  const total = source.frames.reduce((n, f) => n + f.count, 0);

  const writeChunk = async (_from: number, count: number): Promise<number> => {
    while (queue.length < count && !framesDone) {
      const next = await frames.next();
      if (next.done) framesDone = true;
      else for (const doc of next.value.docs) queue.push({ collection: next.value.collection, doc });
    }
    const chunk = queue.splice(0, count);
    if (chunk.length === 0) throw new Error('restore: the backup holds fewer documents than it declared');
    const byCollection = new Map<BackedUpCollection, Record<string, unknown>[]>();
    for (const { collection, doc } of chunk) {
      const list = byCollection.get(collection) ?? [];
      list.push(doc);
      byCollection.set(collection, list);
    }
    for (const [collection, docs] of byCollection) {
      const coll = collectionOf(db, collection);
      const ids = seen.get(collection) ?? new Set<string>();
      seen.set(collection, ids);
      const existing = await existingOf(
        coll,
        docs.map((d) => String(d.id)),
      );
      const writes: Record<string, unknown>[] = [];
      for (const doc of docs) {
        ids.add(String(doc.id));
        const action = restoreActionIn(collection, mode, doc, existing.get(String(doc.id)));
        if (action === 'add') summary[collection].added += 1;
        else if (action === 'update') summary[collection].updated += 1;
        else summary[collection].unchanged += 1;
        if (action !== 'unchanged') writes.push(doc);
      }
      if (writes.length > 0) {
        const result = await coll.bulkUpsert(writes);
        if (result.error.length > 0)
          throw new Error(`restore: ${collection}: ${result.error.length} documents refused`);
      }
    }
    return chunk.length;
  };

  const run = await runInChunks({
    total,
    writeChunk,
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
