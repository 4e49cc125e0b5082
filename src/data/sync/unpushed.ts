// Which documents of a collection this device has not pushed to a server database, read from the
// replication state RxDB stores (so it holds across reloads and while sync is off).
import {
  getChangedDocumentsSince,
  getComposedPrimaryKeyOfDocumentData,
  getRxReplicationMetaInstanceSchema,
  hasEncryption,
  type RxCollection,
  type RxDocumentData,
  type RxStorageReplicationMeta,
  type WithDeleted,
} from 'rxdb';
import { localState, type AnyDoc } from './mapping';
import { replicationIdentifier } from './replicate';

/** Documents read per step (one getAll + one meta lookup each). */
const COUNT_BATCH = 500;

/**
 * The documents written after RxDB's upstream checkpoint whose state differs from what RxDB last
 * knew to be on the server (the "assumed master state" meta document it writes when a push or pull
 * settles a document) — the same test RxDB's upstream applies before it pushes. Pulled documents
 * equal their meta and are not counted; a database that never synced with this server counts every
 * document (all of them are waiting).
 */
export async function unpushedIds(collection: RxCollection<AnyDoc>, dbUrl: string): Promise<string[]> {
  const db = collection.database;
  const jsonSchema = collection.schema.jsonSchema;
  // The meta storage RxDB's replication keeps for this collection and server (same name and
  // schema as rxdb/plugins/replication creates), opened read-only-in-practice for the count.
  const meta = await db.storage.createStorageInstance<RxStorageReplicationMeta<AnyDoc, unknown>>({
    databaseName: db.name,
    collectionName: `rx-replication-meta-${await db.hashFunction([collection.name, replicationIdentifier(dbUrl)].join('-'))}`,
    databaseInstanceToken: db.token,
    // Read only, closed at once: no change events to share with other tabs.
    multiInstance: false,
    options: {},
    schema: getRxReplicationMetaInstanceSchema(jsonSchema, hasEncryption(jsonSchema)),
    password: db.password as string | undefined,
    devMode: false,
  });
  try {
    const metaId = (itemId: string, isCheckpoint: '0' | '1'): string =>
      getComposedPrimaryKeyOfDocumentData(meta.schema, { itemId, isCheckpoint });
    const [checkpointDoc] = await meta.findDocumentsById([metaId('up', '1')], false);
    let checkpoint: unknown = checkpointDoc?.checkpointData;
    const out: string[] = [];
    for (;;) {
      const page = await getChangedDocumentsSince<AnyDoc, unknown>(collection.storageInstance, COUNT_BATCH, checkpoint);
      if (page.documents.length === 0) break;
      checkpoint = page.checkpoint;
      const known = new Map<string, RxDocumentData<RxStorageReplicationMeta<AnyDoc, unknown>>>();
      for (const m of await meta.findDocumentsById(
        page.documents.map((d) => metaId(d.id, '0')),
        true,
      ))
        known.set(m.itemId, m);
      for (const doc of page.documents) {
        const assumed = known.get(doc.id);
        const same =
          assumed?.docData !== undefined &&
          assumed.isResolvedConflict !== doc._rev &&
          collection.conflictHandler.isEqual(
            assumed.docData as WithDeleted<AnyDoc>,
            localState(doc) as WithDeleted<AnyDoc>,
            'fieldbook-count-pending',
          );
        if (!same) out.push(doc.id);
      }
      if (page.documents.length < COUNT_BATCH) break;
    }
    return out;
  } finally {
    await meta.close();
  }
}
