// The derived customertags collection follows every customer write: one row per (customer, tag)
// with the customer's current sort keys, and nothing for deleted or merged customers.
import { describe, expect, test } from 'vitest';
import {
  countCustomers,
  createCustomer,
  deleteCustomer,
  distinctTags,
  pageCustomers,
  restoreCustomer,
  updateCustomer,
} from '../../src/data/repos/customers';
import type { FieldbookDatabase } from '../../src/data/db/database';
import { startTagIndex, tagRows } from '../../src/data/derived/tag-index';
import { DERIVED_WRITE_SLICE, FOLLOW_BATCH } from '../../src/data/derived/follow';
import { customerFields, meta } from '../factories/customer';
import { openTestDb } from './setup';

async function rowsOf(db: FieldbookDatabase, customerId: string) {
  const docs = await db.customertags.find({ selector: { customerId } }).exec();
  return docs.map((d) => d.toMutableJSON()).sort((a, b) => (a.tagKey < b.tagKey ? -1 : 1));
}
const byKey = (rows: ReturnType<typeof tagRows>) => [...rows].sort((a, b) => (a.tagKey < b.tagKey ? -1 : 1));
const tagsOf = async (db: FieldbookDatabase, id: string) => (await rowsOf(db, id)).map((r) => r.tag);

async function setup() {
  const db = await openTestDb();
  const indexer = startTagIndex(db);
  return { db, indexer };
}

describe('tag index', () => {
  test('a new customer gets one row per distinct tag, carrying its sort keys', async () => {
    const { db, indexer } = await setup();
    const c = await createCustomer(
      db,
      customerFields({ familyName: 'Berg', company: 'Acme', tags: ['vip', 'VIP', ' ', '展会', 'Event-2026'] }),
      meta(),
    );
    await indexer.idle();
    const rows = await rowsOf(db, c.id);
    expect(rows).toEqual(byKey(tagRows(c)));
    expect(rows.map((r) => [r.tagKey, r.tag])).toEqual([
      ['event 2026', 'Event-2026'],
      ['vip', 'vip'],
      ['展会', '展会'],
    ]);
    for (const r of rows)
      expect(r).toMatchObject({
        customerId: c.id,
        nameKey: c.nameKey,
        companySort: c.companySort,
        recentKey: c.recentKey,
      });
  });

  test('tags added, removed and renamed on update', async () => {
    const { db, indexer } = await setup();
    const fields = customerFields({ tags: ['lead', 'vip'] });
    const c = await createCustomer(db, fields, meta(0));
    await indexer.idle();

    await updateCustomer(db, c.id, { ...fields, tags: ['lead', 'vip', 'reseller'] }, meta(1));
    await indexer.idle();
    expect(await tagsOf(db, c.id)).toEqual(['lead', 'reseller', 'vip']);

    await updateCustomer(db, c.id, { ...fields, tags: ['vip'] }, meta(2));
    await indexer.idle();
    expect(await tagsOf(db, c.id)).toEqual(['vip']);
    expect(await countCustomers(db, 'lead')).toBe(0);

    // Renamed to another tag: the old row goes, the new one comes.
    await updateCustomer(db, c.id, { ...fields, tags: ['key-account'] }, meta(3));
    await indexer.idle();
    expect(await tagsOf(db, c.id)).toEqual(['key-account']);
    expect(await countCustomers(db, 'vip')).toBe(0);

    // Re-spelled (same folded key): the row shows the new spelling.
    await updateCustomer(db, c.id, { ...fields, tags: ['Key Account'] }, meta(4));
    await indexer.idle();
    expect(await tagsOf(db, c.id)).toEqual(['Key Account']);
    expect(await distinctTags(db)).toEqual(['Key Account']);

    await updateCustomer(db, c.id, { ...fields, tags: [] }, meta(5));
    await indexer.idle();
    expect(await rowsOf(db, c.id)).toEqual([]);
    expect(await distinctTags(db)).toEqual([]);
  });

  test('rows follow the customer sort keys when name, company or time change', async () => {
    const { db, indexer } = await setup();
    const a = await createCustomer(db, customerFields({ familyName: 'Adams', tags: ['vip'] }), meta(0));
    const b = await createCustomer(db, customerFields({ familyName: 'Baker', tags: ['vip'] }), meta(1));
    await indexer.idle();
    const names = async () => (await pageCustomers(db, { sort: 'name', tag: 'vip' })).rows.map((r) => r.familyName);
    const recent = async () => (await pageCustomers(db, { sort: 'recent', tag: 'vip' })).rows.map((r) => r.id);
    expect(await names()).toEqual(['Adams', 'Baker']);
    expect(await recent()).toEqual([b.id, a.id]);

    const renamed = await updateCustomer(
      db,
      a.id,
      customerFields({ familyName: 'Young', company: 'Zeta', tags: ['vip'] }),
      meta(2),
    );
    await indexer.idle();
    expect(await names()).toEqual(['Baker', 'Young']);
    expect(await recent()).toEqual([a.id, b.id]);
    expect(await rowsOf(db, a.id)).toEqual(byKey(tagRows(renamed)));
  });

  test('a deleted customer loses its rows; restored, they come back', async () => {
    const { db, indexer } = await setup();
    const c = await createCustomer(db, customerFields({ tags: ['vip', 'lead'] }), meta());
    const other = await createCustomer(db, customerFields({ familyName: 'Other', tags: ['vip'] }), meta(1));
    await indexer.idle();

    const snapshot = await deleteCustomer(db, c.id);
    await indexer.idle();
    expect(await rowsOf(db, c.id)).toEqual([]);
    expect(await countCustomers(db, 'vip')).toBe(1);
    expect(await distinctTags(db)).toEqual(['vip']);
    expect((await pageCustomers(db, { sort: 'name', tag: 'vip' })).rows.map((r) => r.id)).toEqual([other.id]);

    if (!snapshot) throw new Error('expected a snapshot');
    await restoreCustomer(db, snapshot);
    await indexer.idle();
    expect(await rowsOf(db, c.id)).toEqual(byKey(tagRows(snapshot)));
    expect(await countCustomers(db, 'vip')).toBe(2);
    expect(await distinctTags(db)).toEqual(['lead', 'vip']);
  });

  test('a merged customer (tombstone with mergedInto) has no rows', async () => {
    const { db, indexer } = await setup();
    const survivor = await createCustomer(db, customerFields({ tags: ['vip'] }), meta(0));
    const loser = await createCustomer(db, customerFields({ tags: ['vip', 'lead'] }), meta(1));
    await indexer.idle();
    await updateCustomer(db, loser.id, customerFields({ tags: ['vip', 'lead'], mergedInto: survivor.id }), meta(2));
    await indexer.idle();
    expect(await rowsOf(db, loser.id)).toEqual([]);
    expect(await countCustomers(db, 'vip')).toBe(1);
  });

  test('bulk writes are indexed too, and idle() waits for all of them', async () => {
    const { db, indexer } = await setup();
    const writes = Array.from({ length: 40 }, (_, i) =>
      createCustomer(db, customerFields({ familyName: `P${i}`, tags: i % 2 ? ['odd', 'all'] : ['all'] }), meta(i)),
    );
    await Promise.all(writes);
    await indexer.idle();
    expect(await countCustomers(db, 'all')).toBe(40);
    expect(await countCustomers(db, 'odd')).toBe(20);
  });

  test('a catch-up over many customers reads them in batches and writes the rows in slices (no task-sized write)', async () => {
    const { db, indexer } = await setup();
    indexer.stop();
    const n = FOLLOW_BATCH + 50;
    await Promise.all(
      Array.from({ length: n }, (_, i) =>
        createCustomer(db, customerFields({ familyName: `P${i}`, tags: ['all', `t${i % 3}`] }), meta(i)),
      ),
    );
    const writeSizes: number[] = [];
    const sub = db.customertags.eventBulks$.subscribe((b) => {
      if (!b.isLocal) writeSizes.push(b.events.length);
    });
    const restarted = startTagIndex(db);
    await restarted.idle();
    sub.unsubscribe();
    expect(await countCustomers(db, 'all')).toBe(n);
    expect(await countCustomers(db, 't1')).toBe(Math.floor((n + 1) / 3));
    expect(writeSizes.reduce((a, b) => a + b, 0)).toBe(2 * n);
    expect(Math.max(...writeSizes)).toBeLessThanOrEqual(DERIVED_WRITE_SLICE);
  });

  test('after stop() the index no longer follows writes', async () => {
    const { db, indexer } = await setup();
    indexer.stop();
    await createCustomer(db, customerFields({ tags: ['vip'] }), meta());
    await indexer.idle();
    expect(await countCustomers(db, 'vip')).toBe(0);
  });

  test('writes made while no indexer ran (app closed, or died mid-write) are caught up on the next start', async () => {
    const { db, indexer } = await setup();
    const a = await createCustomer(db, customerFields({ familyName: 'Adams', tags: ['vip'] }), meta(0));
    const gone = await createCustomer(db, customerFields({ familyName: 'Gone', tags: ['vip'] }), meta(1));
    await indexer.idle();
    indexer.stop();
    // The app "dies": these writes happen with no indexer running.
    const b = await createCustomer(db, customerFields({ familyName: 'Baker', tags: ['lead'] }), meta(2));
    await updateCustomer(db, a.id, customerFields({ familyName: 'Adams', tags: ['lead'] }), meta(3));
    await deleteCustomer(db, gone.id);
    expect(await countCustomers(db, 'lead')).toBe(0);

    const restarted = startTagIndex(db);
    await restarted.idle();
    expect(await tagsOf(db, b.id)).toEqual(['lead']);
    expect(await tagsOf(db, a.id)).toEqual(['lead']);
    expect(await rowsOf(db, gone.id)).toEqual([]);
    expect(await countCustomers(db, 'vip')).toBe(0);
    expect(await countCustomers(db, 'lead')).toBe(2);
    restarted.stop();
  });
});
