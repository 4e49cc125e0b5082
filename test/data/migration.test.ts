// The migration harness: a database exactly as app version "v0" left it (frozen schema from
// schemas-history.ts) is opened by the current app, and every document must come out migrated.
import { beforeAll, describe, expect, test } from 'vitest';
import { ensureSearchKeyDataFor } from '../../src/domain/customer';
import { createRxDatabase } from 'rxdb';
import { wrappedValidateAjvStorage } from 'rxdb/plugins/validate-ajv';
import { customerSchemaV0, customerSchemaV1, measureSchemaV0, surveySchemaV0 } from '../../src/data/db/schemas-history';
import { addConsentAndAliases } from '../../src/data/db/migrations';
import { createCustomer, updateCustomer } from '../../src/data/repos/customers';
import { fieldsOf } from '../../src/data/merge/records';
import { emptyConsent } from '../../src/domain/consent';
import { storedKeys } from '../../src/data/db/keys';
import { countCustomers, distinctTags, pageCustomers, searchCustomers } from '../../src/data/repos/customers';
import { ensureTagIndex } from '../../src/data/derived/tag-index-rebuild';
import { startSearchTermIndex } from '../../src/data/derived/search-term-index';
import { ensureSearchTerms } from '../../src/data/derived/search-term-rebuild';
import type { Audit, CustomerFields } from '../../src/domain/types';
import { countTrash } from '../../src/data/repos/customers';
import { orderSchemaV0 } from '../../src/data/db/schemas-history';
import type { OrderFields } from '../../src/domain/types';
import { customerFields, T0 } from '../factories/customer';
import { openTestDb, testStorage, track, uniqueDbName } from './setup';

/** The fields v2 added (consent, its history, aliases): absent before. */
type AddedInV2 = 'aliases' | 'consent' | 'consentHistory';
type CustomerV0 = Audit & Omit<CustomerFields, AddedInV2>;

const v0 = (id: string, updatedAt: number, fields: Partial<CustomerFields>): CustomerV0 => {
  const { aliases, consent, consentHistory, ...rest } = customerFields(fields);
  void aliases;
  void consent;
  void consentHistory;
  return { id, createdAt: updatedAt - 1000, updatedAt, updatedBy: 'rep-1', ...rest };
};
/** What v2 adds to a record that existed before: no aliases, consent never asked, no history. */
const ADDED_IN_V2 = { aliases: [], consent: emptyConsent(), consentHistory: [] };

const OLD_DOCS: CustomerV0[] = [
  v0('01900000-0000-7000-8000-000000000001', T0, {
    givenName: '伟',
    familyName: '张',
    phone: '+8613800138000',
    company: '上海咖啡贸易有限公司',
    tags: ['vip'],
    country: 'CN',
  }),
  v0('01900000-0000-7000-8000-000000000002', T0 + 1, { givenName: '娜娜', familyName: '欧阳', email: 'nana@qq.com' }),
  v0('01900000-0000-7000-8000-000000000003', T0 + 2, {
    givenName: 'Jürgen',
    familyName: 'Müller',
    email: 'j.mueller@example.de',
    phone: '+49301234567',
    company: 'Müller & Söhne GmbH',
    street: 'Hauptstr. 1',
    city: 'Berlin',
    postcode: '10115',
    country: 'DE',
    birthDate: '1970-05-01',
    notes: 'Line 1\nLine 2',
    otherEmails: ['jm@example.com'],
    otherPhones: ['+4915112345678'],
    tags: ['reseller', 'lead'],
  }),
  v0('01900000-0000-7000-8000-000000000004', T0 + 3, { givenName: 'Seán', familyName: "O'Brien" }),
];

/** Creates a database with the v0 customers collection only, fills it and closes it. */
async function createV0Database(name: string, docs: CustomerV0[], deleteIds: string[] = []): Promise<void> {
  const db = track(
    await createRxDatabase({
      name,
      storage: wrappedValidateAjvStorage({ storage: testStorage }),
      multiInstance: false,
    }),
  );
  const cols = await db.addCollections({
    customers: { schema: customerSchemaV0 },
  });
  const res = await cols.customers.bulkInsert(docs);
  expect(res.error).toEqual([]);
  if (deleteIds.length) await cols.customers.bulkRemove(deleteIds);
  await db.close();
}

describe('customers v0 → v1', () => {
  test('every document keeps its fields and gains the keys storedKeys() computes', async () => {
    const name = uniqueDbName('migrate');
    await createV0Database(name, OLD_DOCS);

    const db = await openTestDb(name);
    const migrated = await db.customers.find({ selector: {}, sort: [{ id: 'asc' }] }).exec();
    expect(migrated.map((d) => d.id)).toEqual(OLD_DOCS.map((d) => d.id));

    for (const [i, doc] of migrated.entries()) {
      const old = OLD_DOCS[i];
      if (!old) throw new Error('unreachable');
      expect(doc.toMutableJSON()).toEqual({ ...old, ...storedKeys(old, old.updatedAt), ...ADDED_IN_V2, trashedAt: 0 });
    }
  });

  test('the migrated keys are the expected ones (pinyin, digits, company first, newest first)', async () => {
    const name = uniqueDbName('migrate');
    await createV0Database(name, OLD_DOCS);
    const db = await openTestDb(name);

    const zhang = await db.customers.findOne(OLD_DOCS[0]?.id).exec();
    expect(zhang?.nameKey).toBe('zhang wei');
    expect(zhang?.hanziKey).toBe('张伟');
    expect(zhang?.initialsKey).toBe('zw');
    expect(zhang?.phoneKey).toBe('8613800138000');
    expect(zhang?.companySort.startsWith(zhang.companyKey)).toBe(true);
    expect(zhang?.recentKey).toBe(9_999_999_999_999 - T0);

    const obrien = await db.customers.findOne(OLD_DOCS[3]?.id).exec();
    expect(obrien?.phoneKey).toBe('');
    // Customers without a company sort after every company.
    expect(obrien && zhang && obrien.companySort > zhang.companySort).toBe(true);
  });

  test('migrated customers are found by search', async () => {
    const name = uniqueDbName('migrate');
    await createV0Database(name, OLD_DOCS);
    const db = await openTestDb(name);

    const ids = async (q: string) => (await searchCustomers(db, q, { sort: 'name' })).map((c) => c.id);
    expect(await ids('zhang wei')).toEqual([OLD_DOCS[0]?.id]);
    expect(await ids('ouyang')).toEqual([OLD_DOCS[1]?.id]);
    expect(await ids('muller')).toEqual([OLD_DOCS[2]?.id]);
    expect(await ids('138 0013 8000')).toEqual([OLD_DOCS[0]?.id]);
    expect(await ids('4567')).toEqual([OLD_DOCS[2]?.id]);
  });

  test('a customer deleted under v0 stays deleted', async () => {
    const name = uniqueDbName('migrate');
    const goneId = OLD_DOCS[2]?.id ?? '';
    await createV0Database(name, OLD_DOCS, [goneId]);
    const db = await openTestDb(name);
    expect(await db.customers.count().exec()).toBe(OLD_DOCS.length - 1);
    expect(await db.customers.findOne(goneId).exec()).toBeNull();
    expect(await searchCustomers(db, 'muller', { sort: 'name' })).toEqual([]);
  });

  test('tag filters find migrated customers once the tag index is rebuilt (as main.ts does at start)', async () => {
    const name = uniqueDbName('migrate');
    await createV0Database(name, OLD_DOCS);
    const db = await openTestDb(name);
    // Migrated documents emit no change events, so the derived index starts empty…
    expect(await countCustomers(db, 'vip')).toBe(0);
    // …and the start-up rebuild fills it, once.
    expect(await ensureTagIndex(db, { chunk: 2 })).toBe(3);
    expect(await ensureTagIndex(db)).toBe(0);
    expect(await countCustomers(db, 'vip')).toBe(1);
    expect(await countCustomers(db, 'lead')).toBe(1);
    expect(await distinctTags(db)).toEqual(['lead', 'reseller', 'vip']);
    const page = await pageCustomers(db, { sort: 'name', tag: 'reseller' });
    expect(page.rows.map((c) => c.id)).toEqual([OLD_DOCS[2]?.id]);
  });

  test('migrated customers get their search terms at start (pinyin without spaces, other phones and emails)', async () => {
    const name = uniqueDbName('migrate');
    await createV0Database(name, OLD_DOCS);
    const db = await openTestDb(name);
    const ids = async (q: string) => (await searchCustomers(db, q, { sort: 'name' })).map((c) => c.id);
    expect(await ids('zhangwei')).toEqual([]);
    // As start.ts does: the rebuild check and the follower (which reads every customer once).
    expect(await ensureSearchTerms(db)).toBe(0);
    const indexer = startSearchTermIndex(db);
    await indexer.idle();
    indexer.stop();
    expect(await ids('zhangwei')).toEqual([OLD_DOCS[0]?.id]);
    expect(await ids('ouyangnana')).toEqual([OLD_DOCS[1]?.id]);
    expect(await ids('mueller')).toEqual([OLD_DOCS[2]?.id]);
    expect(await ids('soehne')).toEqual([OLD_DOCS[2]?.id]);
    expect(await ids('0151 1234 5678')).toEqual([OLD_DOCS[2]?.id]);
    expect(await ids('jm@example')).toEqual([OLD_DOCS[2]?.id]);
  });

  test('an empty v0 database opens and accepts current writes', async () => {
    const name = uniqueDbName('migrate');
    await createV0Database(name, []);
    const db = await openTestDb(name);
    expect(await db.customers.count().exec()).toBe(0);
    expect(db.customers.schema.version).toBe(2);
  });
});

describe('customers v1 → v2 (consent and aliases)', () => {
  // v1 documents carry their keys (computed as v1 did, once the name and phone tables are loaded).
  let V1_DOCS: (CustomerV0 & ReturnType<typeof storedKeys>)[] = [];
  beforeAll(async () => {
    await ensureSearchKeyDataFor(OLD_DOCS);
    V1_DOCS = OLD_DOCS.map((d) => ({ ...d, ...storedKeys(d, d.updatedAt) }));
  });

  async function createV1Database(name: string): Promise<void> {
    const db = track(
      await createRxDatabase({
        name,
        storage: wrappedValidateAjvStorage({ storage: testStorage }),
        multiInstance: false,
      }),
    );
    // RxDB wants a strategy per version step even for a new collection; nothing is migrated here.
    const cols = await db.addCollections({
      customers: { schema: customerSchemaV1, migrationStrategies: { 1: (d: CustomerV0) => d } },
    });
    const res = await cols.customers.bulkInsert(V1_DOCS);
    expect(res.error).toEqual([]);
    await db.close();
  }

  test('the migration alone adds exactly the new fields, nothing else changes', () => {
    const doc = V1_DOCS[2];
    if (!doc) throw new Error('unreachable');
    expect(addConsentAndAliases(doc)).toEqual({ ...doc, ...ADDED_IN_V2 });
  });

  test('every v1 record keeps its fields and keys, has consent "not asked" and no aliases', async () => {
    const name = uniqueDbName('migrate-v1');
    await createV1Database(name);
    const db = await openTestDb(name);
    const migrated = await db.customers.find({ selector: {}, sort: [{ id: 'asc' }] }).exec();
    expect(migrated.map((d) => d.toMutableJSON())).toEqual(
      V1_DOCS.map((d) => ({ ...d, ...ADDED_IN_V2, trashedAt: 0 })),
    );
    expect(await searchCustomers(db, 'zhang wei', { sort: 'name' })).toHaveLength(1);
  });

  test('a migrated record takes consent and aliases, and the change is in its history', async () => {
    const name = uniqueDbName('migrate-v1');
    await createV1Database(name);
    const db = await openTestDb(name);
    const stored = (await db.customers.findOne(V1_DOCS[0]?.id).exec())?.toMutableJSON();
    if (!stored) throw new Error('missing');
    const consent = { ...emptyConsent(), sms: { status: 'granted' as const, at: T0, source: 'paperForm' as const } };
    await updateCustomer(
      db,
      stored.id,
      { ...fieldsOf(stored), consent, aliases: ['Zhang Wei'] },
      { now: T0 + 5, by: 'rep-2' },
    );
    const after = (await db.customers.findOne(stored.id).exec())?.toMutableJSON();
    expect(after?.aliases).toEqual(['Zhang Wei']);
    expect(after?.consent.sms).toEqual({ status: 'granted', at: T0, source: 'paperForm' });
    expect(after?.consentHistory).toEqual([
      { channel: 'sms', status: 'granted', at: T0, source: 'paperForm', changedAt: T0 + 5, changedBy: 'rep-2' },
    ]);
    // New records are written with the current schema too.
    await createCustomer(db, customerFields({ givenName: 'New' }), { now: T0 + 6, by: 'rep-2' });
    expect(await db.customers.count().exec()).toBe(V1_DOCS.length + 1);
  });
});

describe('surveys v0 → v1 (the `at` index)', () => {
  const survey = (id: string, at: number, score: number) => ({
    id,
    createdAt: at,
    updatedAt: at,
    updatedBy: 'rep-1',
    customerId: '01900000-0000-7000-8000-000000000001',
    at,
    score,
    comment: 'x',
    channel: '',
  });
  const OLD_SURVEYS = [survey('s1', T0 + 2000, 3), survey('s2', T0, 9), survey('s3', T0 + 1000, 6)];

  test('every survey keeps its fields and is found through the new index', async () => {
    const name = uniqueDbName('migrate-surveys');
    const old = track(
      await createRxDatabase({
        name,
        storage: wrappedValidateAjvStorage({ storage: testStorage }),
        multiInstance: false,
      }),
    );
    const cols = await old.addCollections({ surveys: { schema: surveySchemaV0 } });
    expect((await cols.surveys.bulkInsert(OLD_SURVEYS)).error).toEqual([]);
    await old.close();

    const db = await openTestDb(name, { only: ['surveys'] });
    expect(db.surveys.schema.version).toBe(1);
    const byTime = await db.surveys.find({ selector: { at: { $gte: T0 + 500 } }, sort: [{ at: 'asc' }] }).exec();
    expect(byTime.map((d) => d.toMutableJSON())).toEqual([OLD_SURVEYS[2], OLD_SURVEYS[0]]);
  });
});

describe('measures v0 → v1 (the channels consented to)', () => {
  const row = {
    id: '01900000-0000-7000-8000-000000000001',
    v: 3,
    updatedAt: T0,
    tags: ['vip'],
    ownerId: 'rep-1',
    region: 'Hessen',
    orderCount: 1,
    firstOrderAt: T0,
    lastOrderAt: T0,
    meanIntervalDays: -1,
    medianIntervalDays: -1,
    spend: [{ currency: 'EUR', totalMinor: 1000, orders: 1 }],
    months: [{ month: '2026-01', currency: 'EUR', revenueMinor: 1000, orders: 1 }],
    surveyCount: 0,
    scoreSum: 0,
    lastScore: -1,
    lastSurveyAt: 0,
    surveys: [],
    visits: [],
    interactionCount: 0,
    lastInteractionAt: 0,
    openFollowUpAt: 0,
    skus: ['A-1'],
    quality: 60,
  };

  test('a stored row keeps its measures and lists no channel (nobody is contacted on a default)', async () => {
    const name = uniqueDbName('migrate-measures');
    const old = track(
      await createRxDatabase({
        name,
        storage: wrappedValidateAjvStorage({ storage: testStorage }),
        multiInstance: false,
      }),
    );
    const cols = await old.addCollections({ measures: { schema: measureSchemaV0, localDocuments: true } });
    expect((await cols.measures.bulkInsert([row])).error).toEqual([]);
    await old.close();

    const db = await openTestDb(name, { only: ['measures'] });
    expect(db.measures.schema.version).toBe(1);
    const migrated = await db.measures.findOne(row.id).exec();
    expect(migrated?.toMutableJSON()).toEqual({ ...row, contactable: [] });
  });
});

describe('customers v1 → v2 (the Trash marker)', () => {
  test('every customer is in use after the migration, listed and counted', async () => {
    const name = uniqueDbName('migrate');
    const docs = OLD_DOCS.map((d) => ({ ...d, ...storedKeys(d, d.updatedAt) }));
    const db1 = track(
      await createRxDatabase({
        name,
        storage: wrappedValidateAjvStorage({ storage: testStorage }),
        multiInstance: false,
      }),
    );
    // The v1 app's migration strategies (v0 → v1), which the schema at version 1 requires.
    const cols = await db1.addCollections({
      customers: { schema: customerSchemaV1, migrationStrategies: { 1: (d: unknown) => d } },
    });
    expect((await cols.customers.bulkInsert(docs)).error).toEqual([]);
    await db1.close();

    const db = await openTestDb(name);
    const migrated = await db.customers.find({ selector: {}, sort: [{ id: 'asc' }] }).exec();
    expect(migrated.map((d) => d.toMutableJSON())).toEqual(docs.map((d) => ({ ...d, ...ADDED_IN_V2, trashedAt: 0 })));
    expect(await countTrash(db)).toBe(0);
    expect(await countCustomers(db)).toBe(OLD_DOCS.length);
    expect((await pageCustomers(db, { sort: 'name' })).rows).toHaveLength(OLD_DOCS.length);
  });
});

type OrderV0 = Audit &
  Omit<OrderFields, 'status' | 'confirmedAt' | 'deliveredAt' | 'paidAt' | 'cancelledAt'> & {
    status: 'open' | 'paid' | 'shipped' | 'cancelled';
  };

describe('orders v0 → v1 (status steps)', () => {
  const HOUR = 3_600_000;
  const order = (n: number, status: OrderV0['status']): OrderV0 => ({
    id: `01900000-0000-7000-8000-00000000010${n}`,
    createdAt: T0,
    updatedAt: T0 + 5 * HOUR,
    updatedBy: 'rep-1',
    customerId: OLD_DOCS[0]?.id ?? '',
    orderedAt: T0,
    status,
    currency: 'EUR',
    items: [{ sku: 'A', name: 'A', qty: 1, unitPriceMinor: 100 }],
    totalMinor: 100,
  });

  test('open → confirmed, shipped → delivered, paid → paid, cancelled → cancelled, with step dates', async () => {
    const name = uniqueDbName('migrate');
    const old = [order(1, 'open'), order(2, 'shipped'), order(3, 'paid'), order(4, 'cancelled')];
    const db0 = track(
      await createRxDatabase({
        name,
        storage: wrappedValidateAjvStorage({ storage: testStorage }),
        multiInstance: false,
      }),
    );
    const cols = await db0.addCollections({ orders: { schema: orderSchemaV0 } });
    expect((await cols.orders.bulkInsert(old)).error).toEqual([]);
    await db0.close();

    const db = await openTestDb(name);
    const rows = (await db.orders.find({ selector: {}, sort: [{ id: 'asc' }] }).exec()).map((d) => d.toMutableJSON());
    const later = T0 + 5 * HOUR;
    expect(
      rows.map(({ status, confirmedAt, deliveredAt, paidAt, cancelledAt }) => ({
        status,
        confirmedAt,
        deliveredAt,
        paidAt,
        cancelledAt,
      })),
    ).toEqual([
      { status: 'confirmed', confirmedAt: T0, deliveredAt: 0, paidAt: 0, cancelledAt: 0 },
      { status: 'delivered', confirmedAt: T0, deliveredAt: later, paidAt: 0, cancelledAt: 0 },
      { status: 'paid', confirmedAt: T0, deliveredAt: later, paidAt: later, cancelledAt: 0 },
      { status: 'cancelled', confirmedAt: T0, deliveredAt: 0, paidAt: 0, cancelledAt: later },
    ]);
    // Everything else is kept as it was.
    for (const [i, r] of rows.entries()) expect(r).toMatchObject({ ...old[i], status: r.status });
  });
});
