// Correcting a rep's records through the repository verbs the app uses: order edits, status
// changes, deletes and Undo, interaction/survey edits; and the Trash (excluded everywhere, restored).
// Derived measures follow each change.
import { describe, expect, test } from 'vitest';
import {
  addInteraction,
  addOrder,
  addSurvey,
  deleteInteraction,
  deleteOrder,
  restoreOrder,
  setOrderStatus,
  updateInteraction,
  updateOrder,
  updateSurvey,
} from '../../src/data/repos/activity';
import {
  countCustomers,
  countTrash,
  createCustomer,
  deleteCustomer,
  findExactDuplicates,
  pageCustomers,
  restoreFromTrash,
  searchCustomers,
  trashCustomer,
  trashedCustomers,
} from '../../src/data/repos/customers';
import { measureOf, startMeasures } from '../../src/data/derived/measures';
import { startTagIndex } from '../../src/data/derived/tag-index';
import { customerFields, interactionFields, meta, orderFields, surveyFields, T0 } from '../factories/customer';
import { openTestDb } from './setup';

const DAY = 86_400_000;

describe('corrections follow into the measures', () => {
  test('editing an old order (back-dated, new total), a status change, a delete and its Undo', async () => {
    const db = await openTestDb();
    const follower = startMeasures(db);
    const c = await createCustomer(db, customerFields(), meta());
    const old = await addOrder(db, orderFields(c.id, { orderedAt: T0 }), meta(1));
    await addOrder(db, orderFields(c.id, { orderedAt: T0 + 10 * DAY }), meta(2));
    await follower.idle();
    expect(await measureOf(db, c.id)).toMatchObject({ orderCount: 2, firstOrderAt: T0, meanIntervalDays: 10 });

    // The old order: back-dated by 20 days, quantity 2 → 5.
    const items = [{ sku: 'FB-1001', name: 'House Blend Beans 1 kg', qty: 5, unitPriceMinor: 2490 }];
    await updateOrder(
      db,
      old.id,
      { ...orderFields(c.id, { orderedAt: T0 - 20 * DAY, items, totalMinor: 5 * 2490 }) },
      meta(3, 'rep-2'),
    );
    await follower.idle();
    let row = await measureOf(db, c.id);
    expect(row).toMatchObject({ orderCount: 2, firstOrderAt: T0 - 20 * DAY, meanIntervalDays: 30 });
    expect(row?.spend).toEqual([{ currency: 'EUR', totalMinor: 5 * 2490 + 2 * 2490, orders: 2 }]);
    expect((await db.orders.findOne(old.id).exec())?.updatedBy).toBe('rep-2');

    // Back to draft: not a sale (yet), so it counts nowhere; its later step dates are cleared.
    const draft = await setOrderStatus(db, old.id, 'draft', T0, meta(4));
    expect(draft).toMatchObject({ status: 'draft', confirmedAt: 0, deliveredAt: 0, paidAt: 0 });
    await follower.idle();
    row = await measureOf(db, c.id);
    expect(row).toMatchObject({ orderCount: 1, firstOrderAt: T0 + 10 * DAY });
    const confirmed = await setOrderStatus(db, old.id, 'confirmed', T0 + DAY, meta(5));
    expect(confirmed).toMatchObject({ status: 'confirmed', confirmedAt: T0 + DAY });
    await follower.idle();
    expect((await measureOf(db, c.id))?.orderCount).toBe(2);

    // Delete, then Undo: the same order (id, fields) comes back and counts again.
    const snapshot = await deleteOrder(db, old.id);
    expect(snapshot?.id).toBe(old.id);
    await follower.idle();
    expect(await measureOf(db, c.id)).toMatchObject({ orderCount: 1, firstOrderAt: T0 + 10 * DAY });
    if (!snapshot) throw new Error('unreachable');
    await restoreOrder(db, snapshot, meta(6));
    await follower.idle();
    expect(await measureOf(db, c.id)).toMatchObject({ orderCount: 2, firstOrderAt: T0 - 20 * DAY });
    expect((await db.orders.findOne(old.id).exec())?.toMutableJSON()).toMatchObject({
      ...snapshot,
      updatedAt: T0 + 6,
    });
    expect(await deleteOrder(db, 'nothing')).toBeNull();
    follower.stop();
  });

  test('interactions and surveys: a back-dated edit, a delete', async () => {
    const db = await openTestDb();
    const follower = startMeasures(db);
    const c = await createCustomer(db, customerFields(), meta());
    const visit = await addInteraction(db, interactionFields(c.id, { type: 'visit', at: T0 }), meta(1));
    const call = await addInteraction(db, interactionFields(c.id, { at: T0 + DAY, followUpAt: T0 + 5 * DAY }), meta(2));
    const answer = await addSurvey(db, surveyFields(c.id, { at: T0, score: 3 }), meta(3));
    await follower.idle();
    expect(await measureOf(db, c.id)).toMatchObject({
      interactionCount: 2,
      lastInteractionAt: T0 + DAY,
      openFollowUpAt: T0 + 5 * DAY,
      visits: [T0],
      lastScore: 3,
    });

    // The visit really happened after the call: it becomes the latest interaction (no follow-up).
    await updateInteraction(db, visit.id, interactionFields(c.id, { type: 'visit', at: T0 + 2 * DAY }), meta(4));
    await updateSurvey(db, answer.id, surveyFields(c.id, { at: T0, score: 9 }), meta(5));
    await follower.idle();
    expect(await measureOf(db, c.id)).toMatchObject({
      lastInteractionAt: T0 + 2 * DAY,
      openFollowUpAt: 0,
      visits: [T0 + 2 * DAY],
      lastScore: 9,
    });

    await deleteInteraction(db, call.id);
    await follower.idle();
    expect(await measureOf(db, c.id)).toMatchObject({ interactionCount: 1 });
    follower.stop();
  });
});

describe('the Trash', () => {
  test('a trashed customer leaves lists, counts, tag counts, search, duplicates and measures; restore brings it all back', async () => {
    const db = await openTestDb();
    const tags = startTagIndex(db);
    const follower = startMeasures(db);
    const anna = await createCustomer(
      db,
      customerFields({ givenName: 'Anna', email: 'anna@example.com', tags: ['vip'] }),
      meta(),
    );
    await createCustomer(db, customerFields({ givenName: 'Ben', familyName: 'Berg' }), meta(1));
    await addOrder(db, orderFields(anna.id), meta(2));
    await Promise.all([tags.idle(), follower.idle()]);
    expect(await countCustomers(db)).toBe(2);
    expect(await countCustomers(db, 'vip')).toBe(1);
    expect(await measureOf(db, anna.id)).not.toBeNull();

    const trashed = await trashCustomer(db, anna.id, meta(10, 'rep-2'));
    expect(trashed).toMatchObject({ id: anna.id, trashedAt: T0 + 10, updatedBy: 'rep-2' });
    expect(await trashCustomer(db, anna.id, meta(11))).toBeNull();
    await Promise.all([tags.idle(), follower.idle()]);

    const names = async () => (await pageCustomers(db, { sort: 'name' })).rows.map((c) => c.givenName);
    expect(await names()).toEqual(['Ben']);
    expect((await pageCustomers(db, { sort: 'recent' })).rows.map((c) => c.givenName)).toEqual(['Ben']);
    expect(await countCustomers(db)).toBe(1);
    expect(await countCustomers(db, 'vip')).toBe(0);
    expect((await pageCustomers(db, { sort: 'name', tag: 'vip' })).rows).toEqual([]);
    expect(await searchCustomers(db, 'anna', { sort: 'name' })).toEqual([]);
    expect(await findExactDuplicates(db, { emailKey: 'anna@example.com', phoneKey: '' })).toEqual([]);
    expect(await measureOf(db, anna.id)).toBeNull();
    expect(await countTrash(db)).toBe(1);
    expect((await trashedCustomers(db)).map((c) => c.id)).toEqual([anna.id]);

    await restoreFromTrash(db, anna.id, meta(20));
    await Promise.all([tags.idle(), follower.idle()]);
    // Sorted by family name: Berg, Schmidt.
    expect(await names()).toEqual(['Ben', 'Anna']);
    expect(await countCustomers(db)).toBe(2);
    expect(await countCustomers(db, 'vip')).toBe(1);
    expect((await searchCustomers(db, 'anna', { sort: 'name' })).map((c) => c.id)).toEqual([anna.id]);
    expect(await measureOf(db, anna.id)).toMatchObject({ orderCount: 1 });
    expect(await countTrash(db)).toBe(0);
    tags.stop();
    follower.stop();
  });

  test('the Trash lists the most recently trashed first; delete for good removes the record', async () => {
    const db = await openTestDb();
    const a = await createCustomer(db, customerFields({ givenName: 'A' }), meta());
    const b = await createCustomer(db, customerFields({ givenName: 'B' }), meta(1));
    await trashCustomer(db, a.id, meta(10));
    await trashCustomer(db, b.id, meta(20));
    expect((await trashedCustomers(db)).map((c) => c.givenName)).toEqual(['B', 'A']);
    await deleteCustomer(db, a.id);
    expect((await trashedCustomers(db)).map((c) => c.givenName)).toEqual(['B']);
    expect(await countTrash(db)).toBe(1);
    expect(await db.customers.findOne(a.id).exec()).toBeNull();
    expect(await countCustomers(db)).toBe(0);
  });
});
