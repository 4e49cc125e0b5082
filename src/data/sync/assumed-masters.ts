// RxDB's replication keeps, per replicated document and server, the server's last-known version
// of it (the "assumed master state": the `docData` of a meta document with `isCheckpoint` '0', in
// the internal `rx-replication-meta-<hash>` collection). Until the next successful push that copy
// holds what the device last exchanged with the server, personal values included. Erasure blanks
// those copies here, through RxDB's own storage instance of the meta collection (so a protected
// device seals what it writes like any other value), on- or offline.
import {
  _collectionNamePrimary,
  createRevision,
  getComposedPrimaryKeyOfDocumentData,
  getPrimaryKeyOfInternalDocument,
  getSingleDocument,
  INTERNAL_CONTEXT_COLLECTION,
  now,
  type BulkWriteRow,
  type InternalStoreCollectionDocType,
  type RxCollection,
  type RxDocumentData,
  type RxStorageReplicationMeta,
  type WithDeleted,
} from 'rxdb';
import { blankedState } from '../../domain/erasure';
import { jsonEqual } from '../../domain/three-way-merge';
import type { AnyDoc } from './mapping';

type Meta = RxStorageReplicationMeta<AnyDoc, unknown>;

/**
 * The meta collections RxDB's replication made for `collection` (one per server database it ever
 * synced with), as RxDB records them in the database's internal store ("connected storages").
 */
async function metaStoragesOf(collection: RxCollection) {
  const db = collection.database;
  const docId = getPrimaryKeyOfInternalDocument(
    _collectionNamePrimary(collection.name, collection.schema.jsonSchema),
    INTERNAL_CONTEXT_COLLECTION,
  );
  const doc = await getSingleDocument<InternalStoreCollectionDocType>(db.internalStore, docId);
  return (doc?.data.connectedStorages ?? []).filter((s) => s.collectionName.startsWith('rx-replication-meta-'));
}

/**
 * Blanks the personal fields (domain/erasure.ts `blankedState`) of every assumed-master copy of
 * `ids` in `collection`'s replication meta. What else a copy says (deleted or not, times,
 * `erasedAt`) stays, so it never equals the erasure's own write: RxDB still pushes the erasure, and
 * the push rule (push-plan.ts) lets it replace the server's version although that differs from
 * the blanked copy. Returns how many copies were rewritten.
 *
 * When sync runs, RxDB's replication writes the same meta documents after a push; the later writer
 * wins and either outcome holds nothing personal (its copy is then the erasure itself).
 */
export async function blankAssumedMasters(collection: RxCollection, ids: readonly string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const db = collection.database;
  let rewritten = 0;
  for (const { collectionName, schema } of await metaStoragesOf(collection)) {
    const meta = await db.storage.createStorageInstance<Meta>({
      databaseName: db.name,
      collectionName,
      databaseInstanceToken: db.token,
      // Written and closed at once; RxDB's replication reads these documents on demand.
      multiInstance: false,
      options: {},
      schema: schema as Parameters<typeof db.storage.createStorageInstance<Meta>>[0]['schema'],
      password: db.password as string | undefined,
      devMode: false,
    });
    try {
      let metaIds = ids.map((itemId) =>
        getComposedPrimaryKeyOfDocumentData(meta.schema, { itemId, isCheckpoint: '0' }),
      );
      // A write RxDB's replication made in between (409): read those again and blank the new copy.
      for (let attempt = 0; metaIds.length > 0; attempt++) {
        const rows = blankRows(collection.name, await meta.findDocumentsById(metaIds, true), db.token);
        if (rows.length === 0) break;
        const { error } = await meta.bulkWrite(rows, 'fieldbook-erase-assumed-master');
        rewritten += rows.length - error.length;
        if (error.some((e) => e.status !== 409) || (error.length && attempt === 2))
          throw new Error(`could not blank ${error.length} replication meta documents`);
        metaIds = error.map((e) => e.documentId);
      }
    } finally {
      await meta.close();
    }
  }
  return rewritten;
}

/** The writes that blank the copies in `found` (none for a copy already without personal values). */
function blankRows(collection: string, found: RxDocumentData<Meta>[], token: string): BulkWriteRow<Meta>[] {
  const rows: BulkWriteRow<Meta>[] = [];
  for (const previous of found) {
    if (!previous.docData) continue;
    const before = previous.docData as WithDeleted<AnyDoc>;
    const docData = blankedState(collection, before);
    if (jsonEqual(docData, before)) continue;
    const document: RxDocumentData<Meta> = {
      ...previous,
      docData,
      _meta: { ...previous._meta, lwt: now() },
      _rev: createRevision(token, previous),
    };
    rows.push({ previous, document });
  }
  return rows;
}
