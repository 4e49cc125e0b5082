// The app's RxDB storage: RxDB's Dexie (IndexedDB) storage with one read path made cheaper.
//
// RxDB's Dexie query walks an IndexedDB cursor one `continue()` at a time, so a page of 50 rows is
// 50 round trips to the browser's IndexedDB backend. When the query plan says the index alone
// satisfies both the selector and the sort (every list page and every search-as-you-type prefix
// lookup here: see test/data/query-plans.test.ts), the first `skip + limit` entries of the key range
// ARE the answer, and `IDBIndex.getAll(range, count)` returns them in one request, in the same
// order, about three times faster for a page of 50 rows. Every other query (and count, writes, changes)
// goes through RxDB's own code unchanged. test/data/storage.test.ts checks both paths agree.
import {
  categorizeBulkWriteRows,
  getPrimaryFieldOfPrimaryKey,
  INDEX_MAX,
  now,
  type MangoQuery,
  type RxCollection,
} from 'rxdb';
import type {
  BulkWriteRow,
  DexieSettings,
  EventBulk,
  RxStorageBulkWriteResponse,
  RxStorageChangeEvent,
  RxStorageDefaultCheckpoint,
  DexieStorageInternals,
  PreparedQuery,
  RxStorage,
  RxStorageInstance,
  RxStorageInstanceCreationParams,
  RxStorageQueryResult,
} from 'rxdb';
import {
  DEXIE_DOCS_TABLE_NAME,
  DEXIE_PIPE_SUBSTITUTE,
  dexieReplaceIfStartsWithPipe,
  fromDexieToStorage,
  fromStorageToDexie,
  getKeyRangeByQueryPlan,
  getRxStorageDexie,
} from 'rxdb/plugins/storage-dexie';
import { unopenedReaderOf } from '../crypto/unopened-reads';

type AnyInstance = RxStorageInstance<unknown, DexieStorageInternals, DexieSettings>;

/** True when some key, at any depth, starts with Dexie's substitute for a leading '|'. */
function hasSubstitutedKey(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) {
    for (const item of value) if (hasSubstitutedKey(item)) return true;
    return false;
  }
  for (const key in value) {
    if (key.startsWith(DEXIE_PIPE_SUBSTITUTE) || hasSubstitutedKey((value as Record<string, unknown>)[key]))
      return true;
  }
  return false;
}

/**
 * RxDB's fromDexieToStorage, without rebuilding the whole document tree when nothing needs renaming.
 * RxDB's version copies every nested object and array to put back keys that started with '|'
 * (none of our schemas has such a key); for a page of 500 measure rows with their months and
 * surveys that copying was most of the read's main-thread time and garbage. The raw rows come fresh
 * from IndexedDB (a structured clone nobody else holds), so a shallow copy is enough. Any document
 * that does have such a key, or a nested boolean index, goes through RxDB's own conversion.
 */
function fromDexie(booleanIndexes: readonly string[], raw: unknown): unknown {
  if (
    raw === null ||
    typeof raw !== 'object' ||
    booleanIndexes.some((idx) => idx.includes('.')) ||
    hasSubstitutedKey(raw)
  ) {
    return fromDexieToStorage(booleanIndexes as string[], raw);
  }
  const doc: Record<string, unknown> = { ...(raw as Record<string, unknown>) };
  for (const idx of booleanIndexes) doc[idx] = doc[idx] === '1';
  return doc;
}

/** The rows of an index-only query, read with one getAll; null when the query needs RxDB's path. */
async function indexOnlyQuery(
  instance: AnyInstance,
  prepared: PreparedQuery<unknown>,
): Promise<RxStorageQueryResult<unknown> | null> {
  const plan = prepared.queryPlan;
  if (!plan.selectorSatisfiedByIndex || !plan.sortSatisfiedByIndex || plan.index.length < 2) return null;
  const skip = prepared.query.skip ?? 0;
  const limit = typeof prepared.query.limit === 'number' ? prepared.query.limit : Infinity;
  const state = await instance.internals;
  let range: IDBKeyRange;
  try {
    range = getKeyRangeByQueryPlan(state.booleanIndexes, plan, state.dexieDb._options.IDBKeyRange) as IDBKeyRange;
  } catch (err) {
    // Same as RxDB: an impossible range (start after end) matches nothing.
    if (err instanceof Error && err.name === 'DataError') return { documents: [] };
    throw err;
  }
  const indexName = `[${plan.index.map((f) => dexieReplaceIfStartsWithPipe(f)).join('+')}]`;
  const count = skip + limit;
  const raw = await state.dexieDb.transaction('r', state.dexieTable, (tx) => {
    const index = tx.idbtrans.objectStore(DEXIE_DOCS_TABLE_NAME).index(indexName);
    return new Promise<unknown[]>((resolve, reject) => {
      const req = Number.isFinite(count) ? index.getAll(range, count) : index.getAll(range);
      req.onsuccess = () => resolve(req.result as unknown[]);
      req.onerror = () => reject(req.error ?? new Error('IndexedDB getAll failed'));
    });
  });
  const documents = raw.slice(skip).map((d) => fromDexie(state.booleanIndexes, d));
  return { documents } as RxStorageQueryResult<unknown>;
}

type Checkpoint = { id: string; lwt: number };

/**
 * Documents written after `checkpoint` in (_meta.lwt, primary key) order, deleted ones included:
 * what RxDB's generic getChangedDocumentsSince returns, read with one getAll over the
 * `[_meta.lwt+<primary>]` index every Dexie table has, instead of an `$or` query that RxDB answers
 * with a cursor walk. Followers of derived data (follow.ts) and the sync push read changes this way.
 */
async function changedSince(
  instance: AnyInstance,
  limit: number,
  checkpoint: Checkpoint | undefined,
): Promise<{ documents: unknown[]; checkpoint: Checkpoint }> {
  const state = await instance.internals;
  const primary = getPrimaryFieldOfPrimaryKey(instance.schema.primaryKey) as string;
  const KeyRange = state.dexieDb._options.IDBKeyRange as typeof IDBKeyRange;
  // Exclusive lower bound [lwt, id]: later lwt, or the same lwt and a greater id (RxDB's $or).
  const range = checkpoint ? KeyRange.lowerBound([checkpoint.lwt, checkpoint.id], true) : null;
  const indexName = `[${dexieReplaceIfStartsWithPipe('_meta.lwt')}+${dexieReplaceIfStartsWithPipe(primary)}]`;
  const raw = await state.dexieDb.transaction('r', state.dexieTable, (tx) => {
    const index = tx.idbtrans.objectStore(DEXIE_DOCS_TABLE_NAME).index(indexName);
    return new Promise<unknown[]>((resolve, reject) => {
      const req = index.getAll(range, limit);
      req.onsuccess = () => resolve(req.result as unknown[]);
      req.onerror = () => reject(req.error ?? new Error('IndexedDB getAll failed'));
    });
  });
  const documents = raw.map(
    (d) => fromDexie(state.booleanIndexes, d) as Record<string, unknown> & { _meta: { lwt: number } },
  );
  const last = documents[documents.length - 1];
  return {
    documents,
    checkpoint: last ? { id: last[primary] as string, lwt: last._meta.lwt } : (checkpoint ?? { id: '', lwt: 0 }),
  };
}

/**
 * Tombstones deleted for good (no copy left in IndexedDB), read through the `[_deleted+<primary>]`
 * index so only tombstones are read; RxDB's Dexie cleanup reads every row of the table. A
 * tombstone keeps the last fields of its document, so local rows that held personal data (derived
 * indexes, the sync log) are purged after they are removed (`purgeTombstones`).
 */
async function cleanupTombstones(instance: AnyInstance, minimumDeletedTime: number): Promise<boolean> {
  const state = await instance.internals;
  const primary = getPrimaryFieldOfPrimaryKey(instance.schema.primaryKey) as string;
  const KeyRange = state.dexieDb._options.IDBKeyRange as typeof IDBKeyRange;
  const indexName = `[_deleted+${dexieReplaceIfStartsWithPipe(primary)}]`;
  const before = now() - minimumDeletedTime;
  await state.dexieDb.transaction('rw', state.dexieTable, async (tx) => {
    const store = tx.idbtrans.objectStore(DEXIE_DOCS_TABLE_NAME);
    const raw = await new Promise<Array<{ _meta: { lwt: number } } & Record<string, unknown>>>((resolve, reject) => {
      const req = store.index(indexName).getAll(KeyRange.bound(['1', ''], ['1', INDEX_MAX]));
      req.onsuccess = () => resolve(req.result as Array<{ _meta: { lwt: number } } & Record<string, unknown>>);
      req.onerror = () => reject(req.error ?? new Error('IndexedDB getAll failed'));
    });
    const ids = raw.filter((d) => d._meta.lwt <= before).map((d) => d[dexieReplaceIfStartsWithPipe(primary)] as string);
    if (ids.length) await state.dexieTable.bulkDelete(ids);
  });
  return true;
}

/**
 * Deletes a LOCAL collection's tombstones for good. Never on a replicated collection: a tombstone
 * not pushed yet is how a delete reaches the server.
 */
export async function purgeTombstones(collection: RxCollection): Promise<void> {
  await collection.storageInstance.cleanup(0);
}

/** Thrown inside the insert transaction to abort it when an id already exists. */
class IdExists extends Error {}

/**
 * Inserts (no `previous`, no attachments) without reading the documents back first. RxDB's Dexie
 * bulkWrite reads every written id with a `get` (one IndexedDB request per document, its stored
 * value deserialized on the main thread) only to find conflicts; for new documents that read finds
 * nothing, and it was the second largest main-thread cost of the bulk loader after the puts
 * themselves (test/bench/bulk-profile.mjs). Here the rows are categorized by RxDB's own
 * `categorizeBulkWriteRows` (same documents, same events, same checkpoint) and written with `add`,
 * which IndexedDB refuses for an existing key: the existence check is the write itself, atomic,
 * with no extra request. If any id exists the transaction is aborted (nothing of the batch is
 * written) and RxDB's own path runs, which reports the 409s as before. The change event goes out on
 * the instance's own stream after the commit, exactly where RxDB's write sends it (queries,
 * followers and, through RxDB's multi-instance wrapper, other tabs see it).
 */
async function insertNew<T>(
  instance: AnyInstance,
  rows: BulkWriteRow<T>[],
  context: string,
): Promise<RxStorageBulkWriteResponse<T> | null> {
  const state = await instance.internals;
  const primary = getPrimaryFieldOfPrimaryKey(instance.schema.primaryKey) as string;
  const categorized = categorizeBulkWriteRows(instance as never, primary as never, new Map(), rows, context);
  if (categorized.errors.length > 0 || categorized.bulkInsertDocs.length !== rows.length) return null;
  const docs = categorized.bulkInsertDocs.map((row): unknown => fromStorageToDexie(state.booleanIndexes, row.document));
  try {
    await state.dexieDb.transaction('rw', state.dexieTable, async () => {
      try {
        await state.dexieTable.bulkAdd(docs);
      } catch (err) {
        if (err instanceof Error && (err.name === 'BulkError' || err.name === 'ConstraintError')) throw new IdExists();
        throw err;
      }
    });
  } catch (err) {
    if (err instanceof IdExists) return null;
    throw err;
  }
  const eventBulk = categorized.eventBulk as EventBulk<RxStorageChangeEvent<T>, RxStorageDefaultCheckpoint>;
  const newest = categorized.newestRow?.document as (Record<string, unknown> & { _meta: { lwt: number } }) | undefined;
  if (newest && eventBulk.events.length > 0) {
    eventBulk.checkpoint = { id: String(newest[primary]), lwt: newest._meta.lwt };
    (instance as unknown as { changes$: { next(e: unknown): void } }).changes$.next(eventBulk);
  }
  return { error: [] };
}

/** RxDB's Dexie storage whose index-only queries read with getAll (see the file comment). */
export function getFieldbookStorage(settings: DexieSettings = {}): RxStorage<DexieStorageInternals, DexieSettings> {
  const dexie = getRxStorageDexie(settings);
  return {
    name: dexie.name,
    rxdbVersion: dexie.rxdbVersion,
    async createStorageInstance<RxDocType>(params: RxStorageInstanceCreationParams<RxDocType, DexieSettings>) {
      const instance = await dexie.createStorageInstance<RxDocType>(params);
      const rxdbQuery = instance.query.bind(instance);
      instance.query = async (prepared) =>
        ((await indexOnlyQuery(
          instance as unknown as AnyInstance,
          prepared,
        )) as RxStorageQueryResult<RxDocType> | null) ?? rxdbQuery(prepared);
      const withChanges = instance as unknown as {
        getChangedDocumentsSince?: (limit: number, checkpoint?: Checkpoint) => Promise<unknown>;
      };
      withChanges.getChangedDocumentsSince = (limit, checkpoint) =>
        changedSince(instance as unknown as AnyInstance, limit, checkpoint);
      instance.cleanup = (minimumDeletedTime) =>
        cleanupTombstones(instance as unknown as AnyInstance, minimumDeletedTime);
      const rxdbBulkWrite = instance.bulkWrite.bind(instance);
      const hasAttachments = !!params.schema.attachments;
      instance.bulkWrite = async (rows, context) => {
        if (
          !hasAttachments &&
          !(instance as { closed?: unknown }).closed &&
          rows.length > 0 &&
          rows.every((r) => !r.previous && r.document._rev)
        ) {
          const done = await insertNew(instance as unknown as AnyInstance, rows, context);
          if (done) return done;
        }
        return rxdbBulkWrite(rows, context);
      };
      return instance;
    },
  };
}

/**
 * Live documents in primary-key order after `after`, `limit` at a time (batch jobs: the dedup
 * index load, the measures rebuild). RxDB's planner only plans on the indexes a schema lists, and a
 * schema may not list its primary key (SC13), so `find({ id: { $gt } }, sort id)` on customers is
 * planned on another index and reads the whole table for every batch. Every RxDB storage keeps a
 * `[_deleted, primaryKey]` index, so this hands the storage that plan directly (one getAll with the
 * Dexie storage). test/data/storage.test.ts checks it against a full sorted read.
 */
export async function pageByPrimaryKey<T>(collection: RxCollection<T>, after: string, limit: number): Promise<T[]> {
  const primary = collection.schema.primaryPath as string;
  const prepared = {
    query: { selector: {}, sort: [{ [primary]: 'asc' }], skip: 0, limit },
    queryPlan: {
      index: ['_deleted', primary],
      startKeys: [false, after],
      endKeys: [false, INDEX_MAX],
      inclusiveStart: false,
      inclusiveEnd: true,
      selectorSatisfiedByIndex: true,
      sortSatisfiedByIndex: true,
    },
  } as unknown as PreparedQuery<T>;
  return withoutMeta((await collection.storageInstance.query(prepared)).documents);
}

/**
 * The documents an RxDB query matches, read straight from the storage as plain objects: the same
 * query plan and results as `find(query).exec()`, without creating an RxDocument and a deep copy
 * per row (the customer list pages through 100,000 rows while the user flings; those were most of
 * its garbage). For one-shot reads whose rows are copied or shown, not observed.
 * test/data/storage.test.ts compares it with `exec()`.
 */
export async function findPlain<T>(collection: RxCollection<T>, query: MangoQuery<T>): Promise<T[]> {
  const prepared = collection.find(query).getPreparedQuery();
  return withoutMeta((await collection.storageInstance.query(prepared)).documents);
}

/**
 * Rows to choose from, not to show: on a protected database the sealed personal fields stay sealed
 * and are absent (`whole: false`); otherwise the rows are whole, as `findPlain` reads them. The
 * search reads its candidates this way and opens only the rows it shows (crypto/unopened-reads.ts).
 */
export async function findUnopened<T>(
  collection: RxCollection<T>,
  query: MangoQuery<T>,
): Promise<{ rows: T[]; whole: boolean }> {
  const reader = unopenedReaderOf(collection.database.name, collection.name, collection.schema.version);
  if (!reader) return { rows: await findPlain(collection, query), whole: true };
  const prepared = collection.find(query).getPreparedQuery();
  return { rows: withoutMeta(await reader.query(prepared)), whole: false };
}

/** The (not deleted) documents with these ids, unopened on a protected database; null when not protected. */
export async function findUnopenedByIds<T>(collection: RxCollection<T>, ids: string[]): Promise<T[] | null> {
  const reader = unopenedReaderOf(collection.database.name, collection.name, collection.schema.version);
  return reader ? withoutMeta(await reader.findByIds(ids)) : null;
}

function withoutMeta<T>(documents: readonly unknown[]): T[] {
  return documents.map((d) => {
    const { _meta, _rev, _attachments, _deleted, ...doc } = d as T & {
      _meta: unknown;
      _rev: unknown;
      _attachments: unknown;
      _deleted: unknown;
    };
    void _meta;
    void _rev;
    void _attachments;
    void _deleted;
    return doc as T;
  });
}
