// The app's storage answers index-only queries with IDBIndex.getAll (src/data/db/storage.ts). The
// rows and their order must be exactly what RxDB's own cursor-based Dexie query returns, for the
// app's real list and search queries, with ties, skips, deleted documents and impossible ranges;
// other queries must still go through RxDB's path.
import { IDBIndex as FDBIndex } from 'fake-indexeddb';
import {
  getChangedDocumentsSince,
  getChangedDocumentsSinceQuery,
  prepareQuery,
  type MangoQuery,
  type RxStorageDefaultCheckpoint,
} from 'rxdb';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { searchQueries } from '../../src/data/repos/customers';
import { toCustomerDoc } from '../../src/data/repos/customers';
import { openDatabase, type FieldbookDatabase } from '../../src/data/db/database';
import { findPlain, pageByPrimaryKey } from '../../src/data/db/storage';
import type { CustomerDoc } from '../../src/data/db/schemas';
import { idFromParts } from '../../src/domain/ids';
import { Rng } from '../../src/domain/random';
import { planSearch } from '../../src/domain/search';
import { customerFields, T0 } from '../factories/customer';
import { plainDexieStorage, testStorage, uniqueDbName } from './setup';
import { ensurePinyin } from '../../src/domain/pinyin';
import { ensurePhoneMetadata } from '../../src/domain/phone';

// toCustomerDoc computes keys synchronously: the pinyin dictionaries and phone metadata first
// (createCustomer awaits them itself).
await Promise.all([ensurePinyin(), ensurePhoneMetadata()]);

const GIVEN = ['Anna', 'Ben', 'Chloé', '伟', '娜', 'Wei', 'Grace'];
const FAMILY = ['Müller', 'Smith', '张', '王', 'Zhang', 'Wang', 'van Dijk'];
const COMPANIES = ['Acme Corp.', '上海咖啡贸易有限公司', 'Zeta Café', ''];

function people(): CustomerDoc[] {
  const rng = new Rng(7);
  return Array.from({ length: 240 }, (_, i) => {
    const updatedAt = i % 5 === 0 ? T0 : T0 - rng.int(0, 9_000_000);
    const fields = customerFields({
      givenName: rng.pick(GIVEN),
      familyName: rng.pick(FAMILY),
      company: rng.pick(COMPANIES),
      email: rng.chance(0.7) ? `${rng.pick(['anna', 'wei', 'zhang.wei', 'ben'])}${i}@example.com` : '',
      phone: rng.chance(0.7) ? `+4915112${String(i).padStart(5, '0')}` : '',
      city: rng.pick(['Berlin', 'Shanghai', '']),
    });
    return toCustomerDoc(idFromParts(updatedAt - 1000, rng), fields, updatedAt - 1000, { now: updatedAt, by: 'seed' });
  });
}

// Count getAll calls on the fake IndexedDB, to know which path answered.
let getAllCalls = 0;
// eslint-disable-next-line @typescript-eslint/unbound-method -- re-applied with its `this` below
const realGetAll = FDBIndex.prototype.getAll;
FDBIndex.prototype.getAll = function (this: InstanceType<typeof FDBIndex>, ...args: Parameters<typeof realGetAll>) {
  getAllCalls += 1;
  return realGetAll.apply(this, args);
};

describe('index-only queries read with getAll, same rows as RxDB', () => {
  let fast: FieldbookDatabase;
  let plain: FieldbookDatabase;

  beforeAll(async () => {
    fast = await openDatabase({
      name: uniqueDbName('fast'),
      storage: testStorage,
      multiInstance: false,
      only: ['customers'],
    });
    plain = await openDatabase({
      name: uniqueDbName('plain'),
      storage: plainDexieStorage,
      multiInstance: false,
      only: ['customers'],
    });
    const docs = people();
    for (const db of [fast, plain]) {
      expect((await db.customers.bulkInsert(docs)).error).toEqual([]);
      // Deleted documents stay in the table as RxDB tombstones and must not come back.
      await db.customers.bulkRemove(docs.slice(0, 30).map((d) => d.id));
    }
  });
  afterAll(async () => {
    await fast.remove();
    await plain.remove();
  });

  async function both(
    query: MangoQuery<CustomerDoc>,
  ): Promise<{ fast: string[]; plain: string[]; usedGetAll: boolean }> {
    const before = getAllCalls;
    const aDocs = await fast.customers.find(query).exec();
    const usedGetAll = getAllCalls > before;
    const bDocs = await plain.customers.find(query).exec();
    // Whole documents too (fields, nested arrays), not only which ones and in what order.
    expect(aDocs.map((d) => d.toMutableJSON())).toEqual(bDocs.map((d) => d.toMutableJSON()));
    return { fast: aDocs.map((d) => d.id), plain: bDocs.map((d) => d.id), usedGetAll };
  }

  const sorted = (field: keyof CustomerDoc) => [{ [field]: 'asc' as const }, { id: 'asc' as const }];

  test.each(['nameKey', 'recentKey', 'companySort'] as const)(
    'list pages by %s: first page, a skip, a keyset start',
    async (field) => {
      const start = field === 'recentKey' ? 0 : '';
      const first = await both({ selector: { [field]: { $gte: start } }, sort: sorted(field), limit: 25 });
      expect(first.usedGetAll).toBe(true);
      expect(first.fast).toHaveLength(25);
      expect(first.fast).toEqual(first.plain);

      const skipped = await both({ selector: { [field]: { $gte: start } }, sort: sorted(field), skip: 7, limit: 25 });
      expect(skipped.fast).toEqual(skipped.plain);
      expect(skipped.fast.slice(0, 18)).toEqual(first.fast.slice(7));

      const middle = (
        await plain.customers
          .find({ selector: { [field]: { $gte: start } }, sort: sorted(field), skip: 100, limit: 1 })
          .exec()
      )[0];
      const key = middle?.get(field) as string | number;
      const next = await both({ selector: { [field]: { $gte: key } }, sort: sorted(field), limit: 40 });
      expect(next.usedGetAll).toBe(true);
      expect(next.fast).toEqual(next.plain);
      expect(next.fast.length).toBe(40);
    },
  );

  test.each([
    'zh',
    'zhang w',
    'wang',
    'w',
    'an',
    '张',
    '王娜',
    'anna1',
    '+49151',
    '1200',
    'acme',
    '上海',
    'zw',
    'nobody-by-this-name',
  ])('search-as-you-type lookups for %j', async (text) => {
    for (const { collection, query } of searchQueries(planSearch(text), 50)) {
      if (collection !== 'customers') continue; // the derived term index is compared in search.test.ts
      const r = await both(query);
      expect(r.usedGetAll).toBe(true);
      expect(r.fast).toEqual(r.plain);
    }
  });

  test('a whole index without a limit, and an impossible range', async () => {
    const all = await both({ selector: { nameKey: { $gte: '' } }, sort: sorted('nameKey') });
    expect(all.usedGetAll).toBe(true);
    expect(all.fast).toHaveLength(210);
    expect(all.fast).toEqual(all.plain);
    const none = await both({ selector: { nameKey: { $gte: 'z', $lte: 'a' } }, sort: sorted('nameKey'), limit: 10 });
    expect(none.fast).toEqual([]);
    expect(none.plain).toEqual([]);
  });

  test('a query the index cannot answer alone still goes through RxDB (and agrees)', async () => {
    const r = await both({ selector: { city: 'Berlin' }, sort: sorted('nameKey'), limit: 20 });
    expect(r.usedGetAll).toBe(false);
    expect(r.fast.length).toBeGreaterThan(0);
    expect(r.fast).toEqual(r.plain);
  });

  test("changes since a checkpoint (followers, sync push): same pages as RxDB's query, one getAll each", async () => {
    // A few later writes, so the change order differs from the insert order.
    // (Written to both databases, which the other tests compare.)
    const some = await fast.customers.find({ selector: {}, sort: [{ id: 'asc' }], limit: 5 }).exec();
    for (const db of [fast, plain])
      for (const d of (await db.customers.findByIds(some.map((x) => x.id)).exec()).values())
        await d.incrementalPatch({ notes: 'later' });
    const instance = fast.customers.storageInstance;
    type Page = { ids: string[]; deleted: number; checkpoint: RxStorageDefaultCheckpoint };
    const viaRxdb = async (limit: number, cp: RxStorageDefaultCheckpoint | undefined): Promise<Page> => {
      const { documents } = await instance.query(
        prepareQuery(instance.schema, getChangedDocumentsSinceQuery(instance, limit, cp)),
      );
      const last = documents[documents.length - 1];
      return {
        ids: documents.map((d) => d.id),
        deleted: documents.filter((d) => d._deleted).length,
        checkpoint: last ? { id: last.id, lwt: last._meta.lwt } : (cp as RxStorageDefaultCheckpoint),
      };
    };
    let cp: RxStorageDefaultCheckpoint | undefined;
    let total = 0;
    let deleted = 0;
    const before = getAllCalls;
    let calls = 0;
    for (;;) {
      const page = await getChangedDocumentsSince(instance, 37, cp);
      calls += 1;
      const expected = await viaRxdb(37, cp);
      expect(page.documents.map((d) => d.id)).toEqual(expected.ids);
      expect(page.documents.every((d) => typeof d._deleted === 'boolean')).toBe(true);
      if (page.documents.length === 0) break;
      expect(page.checkpoint).toEqual(expected.checkpoint);
      total += page.documents.length;
      deleted += page.documents.filter((d) => d._deleted).length;
      cp = page.checkpoint as RxStorageDefaultCheckpoint;
    }
    expect(total).toBe(240); // every document once, the 30 deleted ones included
    expect(deleted).toBe(30);
    expect(getAllCalls - before).toBe(calls);
    // The last five are the later writes.
    const tail = await getChangedDocumentsSince(instance, 1000, undefined);
    expect(tail.documents.slice(-5).map((d) => d.id)).toEqual(some.map((d) => d.id));
  });

  test('pageByPrimaryKey walks live customers in id order with getAll (deleted ones left out)', async () => {
    const all = (await plain.customers.find({ selector: {}, sort: [{ id: 'asc' }] }).exec()).map((d) =>
      d.toMutableJSON(),
    );
    expect(all).toHaveLength(210);
    const seen: CustomerDoc[] = [];
    let after = '';
    const before = getAllCalls;
    for (;;) {
      const page = await pageByPrimaryKey(fast.customers, after, 37);
      seen.push(...page);
      if (page.length < 37) break;
      after = page[page.length - 1]?.id ?? '';
    }
    expect(getAllCalls - before).toBe(Math.ceil(211 / 37));
    expect(seen).toEqual(all);
  });

  test('findPlain returns the same plain documents as exec(), tombstones left out', async () => {
    const queries: MangoQuery<CustomerDoc>[] = [
      { selector: { nameKey: { $gte: '' } }, sort: sorted('nameKey'), limit: 60 },
      { selector: { recentKey: { $gte: 0 } }, sort: sorted('recentKey'), skip: 5, limit: 33 },
      { selector: { city: 'Berlin' }, sort: sorted('nameKey'), limit: 20 },
    ];
    for (const query of queries) {
      const expected = (await plain.customers.find(query).exec()).map((d) => d.toMutableJSON());
      expect(expected.length).toBeGreaterThan(0);
      expect(await findPlain(fast.customers, query)).toEqual(expected);
      expect(await findPlain(plain.customers, query)).toEqual(expected);
    }
  });
});

describe('inserts without the read-back (storage.ts insertNew)', () => {
  test('stores what RxDB stores, emits the same insert events, and still refuses an existing id', async () => {
    const docs = people().slice(0, 40);
    const fast = await openDatabase({
      name: uniqueDbName(),
      storage: testStorage,
      multiInstance: false,
      only: ['customers'],
    });
    const plain = await openDatabase({
      name: uniqueDbName(),
      storage: plainDexieStorage,
      multiInstance: false,
      only: ['customers'],
    });
    try {
      const events: Array<{ op: string; id: string }> = [];
      const sub = fast.customers.$.subscribe((e) => events.push({ op: e.operation, id: e.documentId }));
      const a = await fast.customers.bulkInsert(docs);
      const b = await plain.customers.bulkInsert(docs);
      expect(a.error).toEqual([]);
      expect(b.error).toEqual([]);
      const strip = (d: { toJSON(): object }) => d.toJSON();
      const fastDocs = (await fast.customers.find({ sort: [{ id: 'asc' }] }).exec()).map(strip);
      const plainDocs = (await plain.customers.find({ sort: [{ id: 'asc' }] }).exec()).map(strip);
      expect(fastDocs).toEqual(plainDocs);
      expect(events).toEqual(docs.map((d) => ({ op: 'INSERT', id: d.id })));
      // A changes-since reader (followers, sync push) sees them with a checkpoint at the last one.
      const page = await getChangedDocumentsSince(fast.customers.storageInstance, 100, undefined);
      expect(page.documents.map((d) => d.id).sort()).toEqual(docs.map((d) => d.id).sort());
      // One new and one existing id: nothing of the batch is written by the fast path; RxDB's path
      // reports the conflict and writes the new one, as it always did.
      const again = await fast.customers.bulkInsert([docs[0] as CustomerDoc, { ...(people()[200] as CustomerDoc) }]);
      expect(again.error.map((e) => [e.status, e.documentId])).toEqual([[409, docs[0]?.id]]);
      expect(await fast.customers.count().exec()).toBe(41);
      sub.unsubscribe();
    } finally {
      await fast.remove();
      await plain.remove();
    }
  });
});
