// Turning protection on or off over an existing database: every stored document of every
// collection with sealed fields (SEALED_FIELDS), tombstones included, and of their replication
// meta storages, is read through the sealing wrapper (which opens sealed and plain documents
// alike) and written back through it unchanged: with mode 'seal' the wrapper seals the personal
// fields, with 'unseal' it stores them plain. The write is a storage-level write of the same
// document: revision and `_meta.lwt` stay as they were, so nothing looks changed to replication
// (no push), to the derived-data followers or to other devices.
//
// Crash safety: the key record carries `pending` while this runs (protection.ts). A document is
// either still in its old form or already in its new one, and the wrapper reads both, so a tab
// closed half-way leaves a readable database; the next unlock sees `pending` and runs this again
// from the start (rewriting a document twice is harmless).
//
// The main thread stays responsive: documents go in chunks of CHUNK, each chunk one read and one
// bulk write (the cipher work is WebCrypto's, off the main thread), with a yield between chunks.
import {
  getAllCollectionDocuments,
  getChangedDocumentsSince,
  normalizeMangoQuery,
  prepareQuery,
  type RxCollection,
  type RxDocumentData,
  type RxJsonSchema,
  type RxStorageInstance,
} from 'rxdb';
import type { FieldbookDatabase } from '../db/database';
import { nextTask } from '../../lib/next-task';
import { SEALED_FIELDS } from './sealed-storage';

const CHUNK = 100;

export interface RewriteProgress {
  done: number;
  /** documents in the collections being rewritten (counted at the start) */
  total: number;
}

type AnyInstance = RxStorageInstance<Record<string, unknown>, unknown, unknown>;
type AnyDoc = RxDocumentData<Record<string, unknown>>;

/** Rewrites one storage instance in chunks, in `_meta.lwt` order (which the rewrite does not change). */
async function rewriteInstance(instance: AnyInstance, onDocs: (n: number) => void): Promise<void> {
  let checkpoint: unknown = undefined;
  for (;;) {
    const page = await getChangedDocumentsSince<Record<string, unknown>, unknown>(instance, CHUNK, checkpoint);
    if (page.documents.length === 0) return;
    checkpoint = page.checkpoint;
    const rows = page.documents.map((doc: AnyDoc) => ({ previous: doc, document: doc }));
    const result = await instance.bulkWrite(rows, 'fieldbook-protection-rewrite');
    // Only a concurrent write can conflict: that document was written through the same wrapper
    // (in its new form) by then, which is what this rewrite was going to do.
    const failed = result.error.filter((e) => e.status !== 409);
    if (failed.length) throw new Error(`rewriting ${instance.collectionName} failed (${failed[0]?.status})`);
    onDocs(page.documents.length);
    await nextTask();
    if (page.documents.length < CHUNK) return;
  }
}

interface ConnectedStorage {
  collectionName: string;
  schema: RxJsonSchema<Record<string, unknown>>;
}

/** The replication meta storages RxDB recorded for `collection` (one per server it synced with). */
async function connectedStorages(db: FieldbookDatabase, collection: RxCollection): Promise<ConnectedStorage[]> {
  const docs = await getAllCollectionDocuments(db.internalStore);
  return docs
    .filter((d) => d.data.name === collection.name && d.data.version === collection.schema.version)
    .flatMap((d) => d.data.connectedStorages as ConnectedStorage[]);
}

/**
 * Rewrites every document of the sealed collections of `db` (opened with `sealing: { mode }`)
 * and their replication meta storages, reporting progress. Sync must be stopped and other tabs
 * locked (they would write in the other form meanwhile; the rewrite would still finish).
 */
export async function rewriteSealedCollections(
  db: FieldbookDatabase,
  onProgress: (p: RewriteProgress) => void = () => undefined,
): Promise<void> {
  const collections = Object.keys(SEALED_FIELDS)
    .map((name) => (db.collections as unknown as Record<string, RxCollection | undefined>)[name])
    .filter((c): c is RxCollection => c !== undefined);
  let total = 0;
  for (const c of collections) {
    // Every stored document, tombstones included (a collection query would leave those out).
    const all = prepareQuery(c.schema.jsonSchema, normalizeMangoQuery(c.schema.jsonSchema, { selector: {} }));
    total += (await c.storageInstance.count(all)).count;
  }
  let done = 0;
  const advance = (n: number): void => {
    done += n;
    onProgress({ done: Math.min(done, total), total });
  };
  onProgress({ done, total });
  for (const c of collections) {
    // Below RxDB's own wrapper (collection.storageInstance), which would give every write a new revision.
    const inner: AnyInstance = c.internalStorageInstance as RxStorageInstance<
      Record<string, unknown>,
      unknown,
      unknown
    >;
    await rewriteInstance(inner, advance);
    for (const meta of await connectedStorages(db, c)) {
      const instance = await db.storage.createStorageInstance<Record<string, unknown>>({
        databaseName: db.name,
        collectionName: meta.collectionName,
        databaseInstanceToken: db.token,
        multiInstance: false,
        options: {},
        schema: meta.schema,
        devMode: false,
      });
      try {
        await rewriteInstance(instance, () => undefined);
      } finally {
        await instance.close();
      }
    }
  }
  onProgress({ done: total, total });
}
