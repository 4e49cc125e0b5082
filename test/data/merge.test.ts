// Merging duplicates against the real database (RxDB + Dexie over fake-indexeddb): children
// re-pointed, tombstones hidden, undo restores exactly, chains, late arrivals, "not duplicates".
import { describe, expect, test } from 'vitest';
import {
  countCustomers,
  createCustomer,
  pageCustomers,
  searchCustomers,
  updateCustomer,
} from '../../src/data/repos/customers';
import { addInteraction, addOrder, addSurvey } from '../../src/data/repos/activity';
import {
  isNotDuplicate,
  loadNotDuplicatePairs,
  markNotDuplicates,
  unmarkNotDuplicates,
} from '../../src/data/repos/decisions';
import { mergeCustomers } from '../../src/data/merge/merge';
import { fieldsOf } from '../../src/data/merge/records';
import { undoMerge } from '../../src/data/merge/undo';
import { startMergeFollower } from '../../src/data/merge/follower';
import type { FieldbookDatabase } from '../../src/data/db/database';
import { customerFields, meta, orderFields, T0 } from '../factories/customer';
import { openTestDb } from './setup';

const weiLatin = customerFields({
  givenName: 'Wei',
  familyName: 'Zhang',
  phone: '+8613800138000',
  email: 'wei.zhang@example.com',
  tags: ['lead'],
  company: 'Acme',
});
const weiHan = customerFields({
  givenName: '伟',
  familyName: '张',
  phone: '+8613800138000',
  otherPhones: ['+862161234567'],
  city: '上海',
  country: 'CN',
  tags: ['展会', 'LEAD'],
});

async function snapshot(db: FieldbookDatabase) {
  const dump = async (name: 'customers' | 'orders' | 'interactions' | 'surveys') =>
    (await db[name].find({ sort: [{ id: 'asc' }] }).exec()).map((d) => d.toMutableJSON() as unknown);
  return {
    customers: await dump('customers'),
    orders: await dump('orders'),
    interactions: await dump('interactions'),
    surveys: await dump('surveys'),
  };
}

async function twoWeis(db: FieldbookDatabase) {
  const a = await createCustomer(db, weiLatin, meta(0));
  const b = await createCustomer(db, weiHan, meta(1000));
  const order = await addOrder(db, orderFields(b.id), meta(2000));
  const visit = await addInteraction(
    db,
    { customerId: b.id, type: 'visit', at: T0, subject: 'Fair', notes: '', outcome: '', followUpAt: 0 },
    meta(2000),
  );
  const survey = await addSurvey(
    db,
    { customerId: b.id, at: T0, score: 9, comment: '好', channel: 'kiosk' },
    meta(2000),
  );
  return { a, b, order, visit, survey };
}

describe('mergeCustomers', () => {
  test('moves orders, interactions and surveys to the survivor and keeps the other as a hidden tombstone', async () => {
    const db = await openTestDb();
    const { a, b, order, visit, survey } = await twoWeis(db);

    const res = await mergeCustomers(db, a.id, [b.id], { givenName: b.id, familyName: b.id }, 'rep-1', T0 + 5000);
    expect(res).toMatchObject({ survivorId: a.id, mergedIds: [b.id] });

    expect((await db.orders.findOne(order.id).exec())?.customerId).toBe(a.id);
    expect((await db.interactions.findOne(visit.id).exec())?.customerId).toBe(a.id);
    expect((await db.surveys.findOne(survey.id).exec())?.customerId).toBe(a.id);

    const survivor = (await db.customers.findOne(a.id).exec())?.toMutableJSON();
    expect(survivor).toMatchObject({
      givenName: '伟',
      familyName: '张',
      email: 'wei.zhang@example.com',
      company: 'Acme',
      city: '上海',
      country: 'CN',
      mergedInto: '',
    });
    expect(survivor?.otherPhones).toEqual(['+862161234567']);
    expect(survivor?.tags).toEqual(['lead', '展会']);
    const tomb = (await db.customers.findOne(b.id).exec())?.toMutableJSON();
    expect(tomb).toMatchObject({ mergedInto: a.id, givenName: '伟' });

    // Gone from the list, search and counts.
    expect(await countCustomers(db)).toBe(1);
    expect((await pageCustomers(db, { sort: 'name' })).rows.map((r) => r.id)).toEqual([a.id]);
    expect((await searchCustomers(db, '张', { sort: 'name' })).map((r) => r.id)).toEqual([a.id]);
  });

  test('undo restores both records and their children exactly', async () => {
    const db = await openTestDb();
    await twoWeis(db);
    const ids = (await db.customers.find().exec()).map((d) => d.id).sort();
    const before = await snapshot(db);

    const { mergeId } = await mergeCustomers(db, ids[0] ?? '', [ids[1] ?? ''], {}, 'rep-1', T0 + 5000);
    expect(await snapshot(db)).not.toEqual(before);
    expect(await undoMerge(db, mergeId, 'rep-1', T0 + 6000)).toBe(true);

    expect(await snapshot(db)).toEqual(before);
    expect(await countCustomers(db)).toBe(2);
    // A second undo has nothing to do.
    expect(await undoMerge(db, mergeId, 'rep-1')).toBe(false);
  });

  test('undo keeps edits made after the merge (survivor field, child) and restores the rest', async () => {
    const db = await openTestDb();
    const { a, b, order } = await twoWeis(db);
    const { mergeId } = await mergeCustomers(db, a.id, [b.id], {}, 'rep', T0 + 5000);
    // After the merge: the survivor's job title is set, the order is marked delivered.
    const s = await db.customers.findOne(a.id).exec();
    await s?.incrementalPatch({ jobTitle: 'Buyer', updatedAt: T0 + 6000 });
    const o = await db.orders.findOne(order.id).exec();
    await o?.incrementalPatch({ status: 'delivered', updatedAt: T0 + 6000 });

    await undoMerge(db, mergeId, 'rep', T0 + 7000);
    const survivor = (await db.customers.findOne(a.id).exec())?.toMutableJSON();
    expect(survivor).toMatchObject({ ...weiLatin, jobTitle: 'Buyer', updatedAt: T0 + 7000 });
    expect(survivor?.otherPhones).toEqual([]);
    expect((await db.customers.findOne(b.id).exec())?.toMutableJSON()).toEqual(b);
    expect((await db.orders.findOne(order.id).exec())?.toMutableJSON()).toMatchObject({
      customerId: b.id,
      status: 'delivered',
    });
  });

  test('merging into a record that is itself merged follows the chain to its survivor', async () => {
    const db = await openTestDb();
    const a = await createCustomer(db, customerFields({ givenName: 'Anna', email: 'anna@example.com' }), meta(0));
    const b = await createCustomer(db, customerFields({ givenName: 'Anna', phone: '+4930123456' }), meta(1));
    const c = await createCustomer(db, customerFields({ givenName: 'Ann', city: 'Berlin' }), meta(2));
    const order = await addOrder(db, orderFields(c.id), meta(3));
    await mergeCustomers(db, a.id, [b.id], {}, 'rep', T0 + 10);

    const res = await mergeCustomers(db, b.id, [c.id], {}, 'rep', T0 + 20);
    expect(res.survivorId).toBe(a.id);
    expect((await db.customers.findOne(c.id).exec())?.mergedInto).toBe(a.id);
    expect((await db.orders.findOne(order.id).exec())?.customerId).toBe(a.id);
    expect((await db.customers.findOne(a.id).exec())?.toMutableJSON()).toMatchObject({
      email: 'anna@example.com',
      phone: '+4930123456',
      city: 'Berlin',
    });
    expect(await countCustomers(db)).toBe(1);
  });
});

describe('startMergeFollower', () => {
  test('re-points a child that arrives later for a merged record', async () => {
    const db = await openTestDb();
    const follower = startMergeFollower(db);
    const { a, b } = await twoWeis(db);
    await mergeCustomers(db, a.id, [b.id], {}, 'rep', T0 + 5000);
    await follower.idle();

    // e.g. an order another device took for 张伟 before it saw the merge, arriving by sync.
    const late = await addOrder(
      db,
      orderFields(b.id, { totalMinor: 100, items: [{ sku: 'X', name: 'X', qty: 1, unitPriceMinor: 100 }] }),
      meta(9000),
    );
    await follower.idle();
    expect((await db.orders.findOne(late.id).exec())?.customerId).toBe(a.id);
    follower.stop();
  });

  test('undo sends a late child the follower re-pointed back to the record it was written for, exactly', async () => {
    const db = await openTestDb();
    const follower = startMergeFollower(db);
    const { a, b } = await twoWeis(db);
    const { mergeId } = await mergeCustomers(db, a.id, [b.id], {}, 'rep', T0 + 5000);
    await follower.idle();
    const late = await addOrder(
      db,
      orderFields(b.id, { totalMinor: 100, items: [{ sku: 'X', name: 'X', qty: 1, unitPriceMinor: 100 }] }),
      meta(9000),
    );
    const written = (await db.orders.findOne(late.id).exec())?.toMutableJSON();
    await follower.idle();
    expect((await db.orders.findOne(late.id).exec())?.customerId).toBe(a.id);

    expect(await undoMerge(db, mergeId, 'rep', T0 + 20_000)).toBe(true);
    await follower.idle();
    follower.stop();
    const back = (await db.orders.findOne(late.id).exec())?.toMutableJSON();
    expect(back).toEqual(written);
    expect(back?.customerId).toBe(b.id);
  });

  test('applies a later edit of a merged record to the survivor', async () => {
    const db = await openTestDb();
    const follower = startMergeFollower(db);
    const { a, b } = await twoWeis(db);
    await mergeCustomers(db, a.id, [b.id], {}, 'rep', T0 + 5000);
    await follower.idle();

    // Another device edited the tombstone's company and added a tag (it had not seen the merge).
    const tomb = await db.customers.findOne(b.id).exec();
    await tomb?.incrementalPatch({
      company: 'Shanghai Coffee',
      tags: [...(tomb.tags ?? []), 'roaster'],
      updatedAt: T0 + 7000,
    });
    await follower.idle();

    const survivor = (await db.customers.findOne(a.id).exec())?.toMutableJSON();
    expect(survivor?.company).toBe('Shanghai Coffee');
    expect(survivor?.tags).toContain('roaster');
    expect(survivor?.mergedInto).toBe('');
    follower.stop();
  });

  test('moves children of a record whose tombstone arrives after them', async () => {
    const db = await openTestDb();
    const follower = startMergeFollower(db);
    const { a, b, order } = await twoWeis(db);
    // The tombstone alone (as sync would deliver it from another device's merge).
    const doc = await db.customers.findOne(b.id).exec();
    await doc?.incrementalPatch({ mergedInto: a.id });
    await follower.idle();
    expect((await db.orders.findOne(order.id).exec())?.customerId).toBe(a.id);
    follower.stop();
  });

  test('does not touch records after an undo', async () => {
    const db = await openTestDb();
    const follower = startMergeFollower(db);
    const { a, b } = await twoWeis(db);
    const { mergeId } = await mergeCustomers(db, a.id, [b.id], {}, 'rep', T0 + 5000);
    await follower.idle();
    await undoMerge(db, mergeId, 'rep');
    await follower.idle();
    const restored = (await db.customers.findOne(b.id).exec())?.toMutableJSON();
    expect(restored && fieldsOf(restored)).toEqual(weiHan);
    const o = await addOrder(db, orderFields(b.id), meta(9000));
    await follower.idle();
    expect((await db.orders.findOne(o.id).exec())?.customerId).toBe(b.id);
    follower.stop();
  });
});

describe('not duplicates', () => {
  test('is stored as one order-free decision and can be taken back', async () => {
    const db = await openTestDb();
    const a = await createCustomer(db, weiLatin, meta(0));
    const b = await createCustomer(db, weiHan, meta(1));
    await markNotDuplicates(db, b.id, a.id, meta(2));
    await markNotDuplicates(db, a.id, b.id, meta(3));
    expect(await db.decisions.count().exec()).toBe(1);
    expect(await isNotDuplicate(db, a.id, b.id)).toBe(true);
    const [lo, hi] = [a.id, b.id].sort();
    expect(await loadNotDuplicatePairs(db)).toEqual(new Set([`${lo}|${hi}`]));
    await unmarkNotDuplicates(db, a.id, b.id, meta(4));
    expect(await isNotDuplicate(db, b.id, a.id)).toBe(false);
    expect((await loadNotDuplicatePairs(db)).size).toBe(0);
    // An ordinary update still works on both records.
    await updateCustomer(db, a.id, weiLatin, meta(5));
  });
});

describe('merged records in paged lists', () => {
  test('paging skips tombstones without losing or repeating anyone', async () => {
    const db = await openTestDb();
    const ids: string[] = [];
    for (let i = 0; i < 40; i++)
      ids.push(
        (
          await createCustomer(
            db,
            customerFields({ givenName: `P${String(i).padStart(2, '0')}`, familyName: 'Same' }),
            meta(i),
          )
        ).id,
      );
    // Merge every other one of the first 30 into its neighbour: 15 tombstones clustered at the start.
    for (let i = 0; i < 30; i += 2)
      await mergeCustomers(db, ids[i + 1] ?? '', [ids[i] ?? ''], {}, 'rep', T0 + 1000 + i);
    const seen: string[] = [];
    let after = null;
    for (let guard = 0; guard < 20; guard++) {
      const page = await pageCustomers(db, { sort: 'name', after, limit: 7 });
      seen.push(...page.rows.map((r) => r.id));
      if (!page.next) break;
      after = page.next;
    }
    const live = ids.filter((_, i) => i >= 30 || i % 2 === 1);
    expect(seen.sort()).toEqual([...live].sort());
    expect(await countCustomers(db)).toBe(25);
  });
});
