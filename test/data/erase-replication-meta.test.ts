// Erasure with sync configured but offline, on the app's storage (RxDB + Dexie over
// fake-indexeddb): RxDB's replication meta keeps the server's last-known copy of each pushed
// document; the erasure blanks those copies at once (nothing personal in raw IndexedDB, also on a
// protected device where the copies are sealed), and the next push still sends the erasure.
import { describe, expect, test } from 'vitest';
import {
  getComposedPrimaryKeyOfDocumentData,
  getRxReplicationMetaInstanceSchema,
  hasEncryption,
  type RxCollection,
  type RxReplicationWriteToMasterRow,
} from 'rxdb';
import { replicateRxCollection } from 'rxdb/plugins/replication';
import { openDatabase, type FieldbookDatabase } from '../../src/data/db/database';
import { createProtection, MIN_ITERATIONS } from '../../src/data/crypto/passphrase-key';
import { createCustomer } from '../../src/data/repos/customers';
import { addInteraction, addOrder, addSurvey } from '../../src/data/repos/activity';
import { eraseCustomer } from '../../src/data/repos/privacy';
import { customerFields, interactionFields, meta, orderFields, surveyFields } from '../factories/customer';
import { rawIndexedDbText } from './raw-idb';
import { testStorage, track, uniqueDbName } from './setup';

const SECRET = {
  family: 'Quistgaard',
  phone: '+4930555017788',
  note: 'allergic to hazelnuts',
  subject: 'Spoke about the wedding order',
  comment: 'courier was rude',
};
const SERVER = 'test-server';
const REPLICATED = ['customers', 'orders', 'interactions', 'surveys', 'audit'] as const;

type Pushed = RxReplicationWriteToMasterRow<Record<string, unknown>>;

/**
 * One replication of each collection with a server that takes every push and has nothing to pull,
 * run to the end and cancelled: afterwards the device is "offline" with RxDB's meta holding the
 * server's copies. Returns what was pushed.
 */
async function syncOnce(db: FieldbookDatabase): Promise<Map<string, Pushed[]>> {
  const pushed = new Map<string, Pushed[]>();
  for (const name of REPLICATED) {
    const rows: Pushed[] = [];
    pushed.set(name, rows);
    const state = replicateRxCollection<Record<string, unknown>, number>({
      replicationIdentifier: SERVER,
      collection: db.collections[name],
      live: false,
      waitForLeadership: false,
      push: {
        handler: (batch) => {
          rows.push(...batch);
          return Promise.resolve([]);
        },
      },
      pull: { handler: () => Promise.resolve({ documents: [], checkpoint: 0 }) },
    });
    await state.awaitInitialReplication();
    await state.cancel();
  }
  return pushed;
}

/** The server's copy of `id` that RxDB's meta holds, read through the app's storage (opened when sealed). */
async function assumedCopy(db: FieldbookDatabase, collection: RxCollection, id: string): Promise<unknown> {
  const jsonSchema = collection.schema.jsonSchema;
  const meta = await db.storage.createStorageInstance<{ docData: unknown }>({
    databaseName: db.name,
    collectionName: `rx-replication-meta-${await db.hashFunction([collection.name, SERVER].join('-'))}`,
    databaseInstanceToken: db.token,
    multiInstance: false,
    options: {},
    schema: getRxReplicationMetaInstanceSchema(jsonSchema, hasEncryption(jsonSchema)) as never,
    password: undefined,
    devMode: false,
  });
  try {
    const metaId = getComposedPrimaryKeyOfDocumentData(meta.schema, { itemId: id, isCheckpoint: '0' } as never);
    const [doc] = await meta.findDocumentsById([metaId], true);
    return doc?.docData;
  } finally {
    await meta.close();
  }
}

async function customerWithActivity(db: FieldbookDatabase): Promise<string> {
  const fields = customerFields({ familyName: SECRET.family, phone: SECRET.phone, notes: SECRET.note });
  const c = await createCustomer(db, fields, meta(0));
  await addOrder(db, orderFields(c.id), meta(1));
  await addInteraction(db, interactionFields(c.id, { subject: SECRET.subject }), meta(2));
  await addSurvey(db, surveyFields(c.id, { comment: SECRET.comment }), meta(3));
  return c.id;
}

describe('erasure while offline, replication meta', () => {
  test.each([
    ['plain', false],
    ['protected', true],
  ])('%s device: the server copies are blanked at once, and the next push sends the erasure', async (_, sealed) => {
    const name = uniqueDbName('erase-meta');
    const sealing = sealed
      ? { key: (await createProtection('fair tablet', MIN_ITERATIONS, 0)).dataKey, mode: 'seal' as const }
      : undefined;
    const db = track(await openDatabase({ name, storage: testStorage, multiInstance: false, sealing }));
    const id = await customerWithActivity(db);
    await syncOnce(db);
    expect(await assumedCopy(db, db.customers as unknown as RxCollection, id)).toMatchObject({ phone: SECRET.phone });

    await eraseCustomer(db, id, meta(10_000, 'rep'));
    const copy = await assumedCopy(db, db.customers, id);
    // Blank, and still what it was otherwise (alive, old time): it differs from the erasure's write.
    expect(copy).toMatchObject({ phone: '', familyName: '', notes: '', _deleted: false, updatedAt: meta(0).now });
    const raw = await rawIndexedDbText(name);
    for (const v of Object.values(SECRET)) expect(raw, v).not.toContain(v);

    // Back online: RxDB pushes the erasure of every document, against the blank copies.
    const pushed = await syncOnce(db);
    const customerRow = pushed.get('customers')?.find((r) => r.newDocumentState.id === id);
    expect(customerRow?.newDocumentState).toMatchObject({ _deleted: true, phone: '', familyName: '' });
    expect(pushed.get('orders')?.map((r) => r.newDocumentState._deleted)).toEqual([true]);
    expect(pushed.get('surveys')?.map((r) => r.newDocumentState.comment)).toEqual(['']);
    const sent = JSON.stringify([...pushed.values()]);
    for (const v of Object.values(SECRET)) expect(sent, v).not.toContain(v);
  });
});
