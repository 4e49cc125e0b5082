// Turning protection on and off over a populated database (rewrite.ts): after 'seal' no plaintext
// of a sealed field is left in any IndexedDB store (documents, tombstones and the replication meta
// copies), after 'unseal' it is all plain again, every document reads back the same throughout,
// and revisions and write times are kept (nothing looks changed to sync or the followers).
import { describe, expect, test } from 'vitest';
import { indexedDB } from 'fake-indexeddb';
import {
  addConnectedStorageToCollection,
  getComposedPrimaryKeyOfDocumentData,
  getRxReplicationMetaInstanceSchema,
  type RxJsonSchema,
} from 'rxdb';
import { openDatabase, type FieldbookDatabase } from '../../src/data/db/database';
import { createProtection, MIN_ITERATIONS } from '../../src/data/crypto/passphrase-key';
import { rewriteSealedCollections, type RewriteProgress } from '../../src/data/crypto/rewrite';
import { addInteraction, addSurvey } from '../../src/data/repos/activity';
import { createCustomer, deleteCustomer } from '../../src/data/repos/customers';
import { customerFields, interactionFields, meta, surveyFields } from '../factories/customer';
import { testStorage, track, uniqueDbName } from './setup';

const SECRET = {
  notes: 'Collects antique barometers, never call on Fridays',
  street: '44 Kastanienallee',
  comment: 'The installer left a mess in the hallway',
  subject: 'Renewal talk with the Okonkwo family',
  gone: 'Deleted record note about a lawsuit',
  meta: 'Replicated copy of a private note',
};

async function rawText(name: string): Promise<string> {
  const names = (await indexedDB.databases()).map((d) => d.name ?? '').filter((n) => n.includes(name));
  const texts: string[] = [];
  for (const dbName of names) {
    const idb = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open(dbName);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error ?? new Error('open failed'));
    });
    for (const store of Array.from(idb.objectStoreNames)) {
      const rows = await new Promise<unknown[]>((resolve, reject) => {
        const req = idb.transaction(store, 'readonly').objectStore(store).getAll();
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error ?? new Error('getAll failed'));
      });
      texts.push(JSON.stringify(rows));
    }
    idb.close();
  }
  return texts.join('\n');
}

const open = async (name: string, sealing?: { key: CryptoKey; mode: 'seal' | 'unseal' }): Promise<FieldbookDatabase> =>
  track(await openDatabase({ name, storage: testStorage, multiInstance: false, ...(sealing ? { sealing } : {}) }));

/** A populated plain database: 60 customers, one with secrets, a deleted one, activity, a replication meta copy. */
async function populate(name: string): Promise<{ id: string; metaName: string }> {
  const db = await open(name);
  for (let i = 0; i < 60; i++)
    await createCustomer(db, customerFields({ givenName: `Person${i}`, notes: `ordinary note ${i}` }), meta(i));
  const c = await createCustomer(
    db,
    customerFields({ givenName: 'Adaeze', familyName: 'Okonkwo', notes: SECRET.notes, street: SECRET.street }),
    meta(100),
  );
  const gone = await createCustomer(db, customerFields({ givenName: 'Gone', notes: SECRET.gone }), meta(101));
  await deleteCustomer(db, gone.id);
  await addInteraction(db, interactionFields(c.id, { subject: SECRET.subject }), meta(102));
  await addSurvey(db, surveyFields(c.id, { comment: SECRET.comment }), meta(103));
  // What RxDB's replication keeps per server: a meta storage with a copy of each pushed document.
  const schema = getRxReplicationMetaInstanceSchema(db.customers.schema.jsonSchema, false) as RxJsonSchema<
    Record<string, unknown>
  >;
  const metaName = 'rx-replication-meta-test';
  const instance = await db.storage.createStorageInstance<Record<string, unknown>>({
    databaseName: db.name,
    collectionName: metaName,
    databaseInstanceToken: db.token,
    multiInstance: false,
    options: {},
    schema,
    devMode: false,
  });
  const doc = { itemId: c.id, isCheckpoint: '0', docData: { id: c.id, notes: SECRET.meta } };
  await instance.bulkWrite(
    [
      {
        document: {
          ...doc,
          id: getComposedPrimaryKeyOfDocumentData(schema, doc),
          _deleted: false,
          _rev: '1-a',
          _meta: { lwt: 1 },
          _attachments: {},
        },
      },
    ],
    'test',
  );
  await instance.close();
  await addConnectedStorageToCollection(db.customers, metaName, schema);
  await db.close();
  return { id: c.id, metaName };
}

async function snapshot(db: FieldbookDatabase) {
  const docs = await db.customers.storageInstance.findDocumentsById(
    (await db.customers.find().exec()).map((d) => d.id),
    true,
  );
  return docs
    .map((d) => ({ id: d.id, rev: d._rev, lwt: d._meta.lwt, notes: d.notes, street: d.street }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

describe('turning protection on and off over a populated database', () => {
  test('seal hides every sealed field in IndexedDB, unseal brings them back; documents and revisions unchanged', async () => {
    const name = uniqueDbName('protect');
    const { id } = await populate(name);
    let raw = await rawText(name);
    for (const s of Object.values(SECRET)) expect(raw).toContain(s);

    const plain = await open(name);
    const before = await snapshot(plain);
    const interactionRev = (await plain.interactions.findOne({ selector: { customerId: id } }).exec())?.revision;
    await plain.close();

    const { dataKey } = await createProtection('a long passphrase', MIN_ITERATIONS, 0);
    const sealing = await open(name, { key: dataKey, mode: 'seal' });
    const progress: RewriteProgress[] = [];
    await rewriteSealedCollections(sealing, (p) => progress.push(p));
    // 62 customers (one a tombstone), 1 interaction, 1 survey; the counts only grow to the total.
    expect(progress.at(-1)).toEqual({ done: 64, total: 64 });
    expect(progress.map((p) => p.done)).toEqual([...progress.map((p) => p.done)].sort((a, b) => a - b));
    expect(await snapshot(sealing)).toEqual(before);
    expect((await sealing.interactions.findOne({ selector: { customerId: id } }).exec())?.subject).toBe(SECRET.subject);
    expect((await sealing.interactions.findOne({ selector: { customerId: id } }).exec())?.revision).toBe(
      interactionRev,
    );
    await sealing.close();

    raw = await rawText(name);
    for (const s of Object.values(SECRET)) expect(raw).not.toContain(s);
    expect(raw).not.toContain('ordinary note 7');
    expect(raw).toContain('okonkwo'); // the name's search key stays readable (indexed)

    const unsealing = await open(name, { key: dataKey, mode: 'unseal' });
    await rewriteSealedCollections(unsealing);
    await unsealing.close();
    raw = await rawText(name);
    for (const s of Object.values(SECRET)) expect(raw).toContain(s);

    // Protection off: the database opens without any key and reads the same as before.
    const after = await open(name);
    expect(await snapshot(after)).toEqual(before);
    expect((await after.surveys.findOne({ selector: { customerId: id } }).exec())?.comment).toBe(SECRET.comment);
  });

  test('an interrupted seal leaves a readable mixed database, and running it again finishes it', async () => {
    const name = uniqueDbName('protect');
    await populate(name);
    const { dataKey } = await createProtection('a long passphrase', MIN_ITERATIONS, 0);
    const db = await open(name, { key: dataKey, mode: 'seal' });
    const before = await snapshot(db);
    // "Crash" after the first chunk: seal a few documents by writing them back, then stop.
    const some = (
      await db.customers.storageInstance.findDocumentsById(
        before.slice(0, 5).map((d) => d.id),
        true,
      )
    ).map((d) => ({ previous: d, document: d }));
    await db.customers.internalStorageInstance.bulkWrite(some, 'test');
    expect(await snapshot(db)).toEqual(before);
    await rewriteSealedCollections(db);
    expect(await snapshot(db)).toEqual(before);
    await db.close();
    const raw = await rawText(name);
    for (const s of Object.values(SECRET)) expect(raw).not.toContain(s);
  });
});
