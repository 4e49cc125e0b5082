// Loading demo data: chunked, with progress and cancel, and every child row points at a customer.
import { describe, expect, test } from 'vitest';
import { countCustomers, distinctTags } from '../../src/data/repos/customers';
import { DEMO_WRITE_SLICE, loadDemoData, type DemoProgress } from '../../src/data/repos/demo';
import { BULK_WRITE_BOUNDS } from '../../src/data/repos/task-budget';
import { ensureSearchKeyDataFor } from '../../src/domain/customer';
import { listProducts } from '../../src/data/repos/activity';
import { storedKeys } from '../../src/data/db/keys';
import { startTagIndex, tagKey } from '../../src/data/derived/tag-index';
import { DEMO_PRODUCTS, generateDemoChunk, keyedDemoChunk } from '../../src/domain/demo';
import { T0 } from '../factories/customer';
import { CORE_COLLECTIONS, openTestDb } from './setup';

describe('loadDemoData', () => {
  test('300 customers in chunks of 100: monotonic progress, consistent counts, valid references', async () => {
    const db = await openTestDb();
    const indexer = startTagIndex(db);
    const seen: DemoProgress[] = [];
    const result = await loadDemoData(db, {
      count: 300,
      chunkSize: 100,
      seed: 42,
      now: T0,
      onProgress: (p) => seen.push(p),
    });

    expect(seen.map((p) => p.done)).toEqual([100, 200, 300]);
    expect(seen.every((p) => p.total === 300)).toBe(true);
    for (let i = 1; i < seen.length; i++) expect(seen[i]?.rows).toBeGreaterThan(seen[i - 1]?.rows ?? Infinity);
    expect(result).toEqual(seen[seen.length - 1]);

    const customers = (await db.customers.find().exec()).map((d) => d.toMutableJSON());
    const orders = await db.orders.find().exec();
    const interactions = await db.interactions.find().exec();
    const surveys = await db.surveys.find().exec();
    expect(customers).toHaveLength(300);
    expect(await countCustomers(db)).toBe(300);
    expect(result.rows).toBe(customers.length + orders.length + interactions.length + surveys.length);
    expect(orders.length).toBeGreaterThan(0);
    expect(interactions.length).toBeGreaterThan(0);
    expect(surveys.length).toBeGreaterThan(0);

    const ids = new Set(customers.map((c) => c.id));
    for (const child of [...orders, ...interactions, ...surveys]) expect(ids.has(child.customerId)).toBe(true);

    // Stored with the same derived keys as any other write, and at or before "now".
    for (const c of customers) {
      expect(c).toMatchObject(storedKeys(c, c.updatedAt));
      expect(c.updatedAt).toBeLessThanOrEqual(T0);
      expect(c.updatedBy).toBe('demo');
    }
    const skus = (await listProducts(db)).map((p) => p.sku).sort();
    expect(skus).toEqual(DEMO_PRODUCTS.map((p) => p.sku).sort());

    // The tag index followed the bulk inserts.
    await indexer.idle();
    for (const tag of await distinctTags(db)) {
      const expected = customers.filter((c) => c.tags.some((t) => tagKey(t) === tagKey(tag))).length;
      expect(await countCustomers(db, tag)).toBe(expected);
    }
    indexer.stop();
  });

  test('a second load adds new people and no second product catalogue', async () => {
    const db = await openTestDb();
    await loadDemoData(db, { count: 50, chunkSize: 25, seed: 1, now: T0 });
    await loadDemoData(db, { count: 50, chunkSize: 25, seed: 2, now: T0 });
    expect(await countCustomers(db)).toBe(100);
    expect(await listProducts(db)).toHaveLength(DEMO_PRODUCTS.length);
  });

  test('the same seed gives the same customers however it is chunked', async () => {
    // Two databases at once: only the collections demo data writes (the free edition's limit).
    const a = await openTestDb(undefined, { only: CORE_COLLECTIONS });
    const b = await openTestDb(undefined, { only: CORE_COLLECTIONS });
    await loadDemoData(a, { count: 60, chunkSize: 60, seed: 7, now: T0 });
    await loadDemoData(b, { count: 60, chunkSize: 7, seed: 7, now: T0 });
    const dump = async (db: typeof a) =>
      (await db.customers.find({ selector: {}, sort: [{ id: 'asc' }] }).exec()).map((d) => d.toMutableJSON());
    expect(await dump(b)).toEqual(await dump(a));
  });

  test('aborting stops after the chunk in progress', async () => {
    const db = await openTestDb();
    const abort = new AbortController();
    const seen: number[] = [];
    const result = await loadDemoData(db, {
      count: 300,
      chunkSize: 100,
      seed: 3,
      now: T0,
      signal: abort.signal,
      onProgress: (p) => {
        seen.push(p.done);
        if (p.done >= 100) abort.abort();
      },
    });
    expect(seen).toEqual([100]);
    expect(result.done).toBe(100);
    expect(await countCustomers(db)).toBe(100);
    const ids = new Set((await db.customers.find().exec()).map((c) => c.id));
    const orders = await db.orders.find().exec();
    expect(orders.filter((o) => !ids.has(o.customerId))).toEqual([]);
  });

  test('an already aborted signal writes no customers', async () => {
    const db = await openTestDb();
    const abort = new AbortController();
    abort.abort();
    const result = await loadDemoData(db, { count: 300, chunkSize: 100, seed: 4, now: T0, signal: abort.signal });
    expect(result).toEqual({ done: 0, total: 300, rows: 0 });
    expect(await countCustomers(db)).toBe(0);
  });

  test('every write holds at most DEMO_WRITE_SLICE documents, one collection after another', async () => {
    const db = await openTestDb();
    const writes: Array<{ collection: string; docs: number }> = [];
    const sub = db.eventBulks$.subscribe((b) =>
      writes.push({ collection: b.collectionName ?? '', docs: b.events.length }),
    );
    // One chunk of 150 customers: ~360 orders, more than one slice.
    const result = await loadDemoData(db, { count: 150, chunkSize: 150, seed: 5, now: T0 });
    sub.unsubscribe();
    const demo = writes.filter((w) => w.collection !== 'products');
    expect(demo.reduce((n, w) => n + w.docs, 0)).toBe(result.rows);
    expect(Math.max(...demo.map((w) => w.docs))).toBeLessThanOrEqual(DEMO_WRITE_SLICE);
    expect(demo.filter((w) => w.collection === 'orders').length).toBeGreaterThan(1);
    // Customers first, then each child collection whole: no two collections' writes interleave.
    const runs = demo.map((w) => w.collection).filter((c, i, all) => c !== all[i - 1]);
    expect(runs).toEqual(['customers', 'orders', 'interactions', 'surveys']);
  });

  test('a task budget no write can meet: every write after the first carries the fewest documents, and nothing is lost', async () => {
    const db = await openTestDb();
    const writes: Array<{ collection: string; docs: number }> = [];
    const sub = db.eventBulks$.subscribe((b) =>
      writes.push({ collection: b.collectionName ?? '', docs: b.events.length }),
    );
    const result = await loadDemoData(db, { count: 150, chunkSize: 150, seed: 5, now: T0, taskBudgetMs: 0.0001 });
    sub.unsubscribe();
    const demo = writes.filter((w) => w.collection !== 'products');
    expect(demo.reduce((n, w) => n + w.docs, 0)).toBe(result.rows);
    // Each collection has its own budget: its first write is the guess, the rest the minimum.
    for (const name of ['customers', 'orders', 'interactions', 'surveys']) {
      const sizes = demo.filter((w) => w.collection === name).map((w) => w.docs);
      expect(sizes[0]).toBeLessThanOrEqual(BULK_WRITE_BOUNDS.first ?? 0);
      expect(Math.max(...sizes.slice(1))).toBeLessThanOrEqual(BULK_WRITE_BOUNDS.min);
    }
    expect(demo.filter((w) => w.collection === 'customers')[0]?.docs).toBe(BULK_WRITE_BOUNDS.first);
  });

  test('chunks made as the search-key worker makes them store the same data as chunks made here', async () => {
    const a = await openTestDb(undefined, { only: CORE_COLLECTIONS });
    const b = await openTestDb(undefined, { only: CORE_COLLECTIONS });
    await loadDemoData(a, { count: 40, chunkSize: 20, seed: 8, now: T0 });
    await loadDemoData(b, {
      count: 40,
      chunkSize: 20,
      seed: 8,
      now: T0,
      makeChunk: async (opts) => {
        // The worker has the key data loaded from its start; here it loads first.
        await ensureSearchKeyDataFor(generateDemoChunk(opts).customers);
        return keyedDemoChunk(opts);
      },
    });
    for (const name of ['customers', 'orders', 'interactions', 'surveys'] as const) {
      const dump = async (db: typeof a) =>
        (await db[name].find({ selector: {}, sort: [{ id: 'asc' }] }).exec()).map((d) => d.toMutableJSON());
      expect(await dump(b)).toEqual(await dump(a));
    }
  });
});
