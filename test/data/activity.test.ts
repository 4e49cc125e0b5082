// A customer's orders, interactions and surveys (newest first, only theirs, live), and the product list.
import { describe, expect, test } from 'vitest';
import { filter, firstValueFrom, type Observable } from 'rxjs';
import {
  addInteraction,
  addOrder,
  addProducts,
  addSurvey,
  interactionsOf$,
  listProducts,
  ordersOf$,
  surveysOf$,
} from '../../src/data/repos/activity';
import { createCustomer } from '../../src/data/repos/customers';
import {
  customerFields,
  interactionFields,
  meta,
  orderFields,
  productFields,
  surveyFields,
  T0,
} from '../factories/customer';
import { openTestDb } from './setup';

const DAY = 86_400_000;
const firstWith = <T>(obs: Observable<T[]>, n: number): Promise<T[]> =>
  firstValueFrom(obs.pipe(filter((rows) => rows.length === n)));

async function twoCustomers() {
  const db = await openTestDb();
  const a = await createCustomer(db, customerFields({ familyName: 'Alpha' }), meta(0));
  const b = await createCustomer(db, customerFields({ familyName: 'Beta' }), meta(1));
  return { db, a, b };
}

describe('orders', () => {
  test('addOrder stores the order with audit fields; ordersOf$ lists only that customer, newest first', async () => {
    const { db, a, b } = await twoCustomers();
    // Inserted out of time order on purpose.
    const days = [3, 1, 5, 2];
    for (const d of days) await addOrder(db, orderFields(a.id, { orderedAt: T0 - d * DAY }), meta(d, 'rep-3'));
    const bOrder = await addOrder(db, orderFields(b.id, { orderedAt: T0, status: 'confirmed' }), meta(9));

    const rows = await firstWith(ordersOf$(db, a.id), 4);
    expect(rows.map((o) => o.orderedAt)).toEqual([1, 2, 3, 5].map((d) => T0 - d * DAY));
    expect(rows.every((o) => o.customerId === a.id)).toBe(true);
    expect(rows[0]).toMatchObject({
      ...orderFields(a.id, { orderedAt: T0 - DAY }),
      updatedBy: 'rep-3',
      createdAt: T0 + 1,
      updatedAt: T0 + 1,
    });
    expect(await firstWith(ordersOf$(db, b.id), 1)).toEqual([bOrder]);
    expect(await firstWith(ordersOf$(db, 'nobody'), 0)).toEqual([]);
  });

  test('ordersOf$ respects its limit (the most recent ones) and emits again when an order is added', async () => {
    const { db, a } = await twoCustomers();
    for (let d = 1; d <= 6; d++) await addOrder(db, orderFields(a.id, { orderedAt: T0 - d * DAY }), meta(d));
    const latest3 = await firstWith(ordersOf$(db, a.id, 3), 3);
    expect(latest3.map((o) => o.orderedAt)).toEqual([T0 - DAY, T0 - 2 * DAY, T0 - 3 * DAY]);

    const live = ordersOf$(db, a.id);
    const seven = firstWith(live, 7);
    const fresh = await addOrder(db, orderFields(a.id, { orderedAt: T0 + DAY }), meta(10));
    expect((await seven)[0]).toEqual(fresh);
  });

  test('an order that breaks the schema is rejected', async () => {
    const { db, a } = await twoCustomers();
    await expect(addOrder(db, orderFields(a.id, { currency: 'EURO' }), meta())).rejects.toThrow();
    await expect(
      addOrder(db, orderFields(a.id, { items: [{ sku: 'x', name: 'x', qty: 0, unitPriceMinor: 1 }] }), meta()),
    ).rejects.toThrow();
    expect(await firstWith(ordersOf$(db, a.id), 0)).toEqual([]);
  });
});

describe('interactions and surveys', () => {
  test('interactionsOf$ lists only that customer, newest first', async () => {
    const { db, a, b } = await twoCustomers();
    await addInteraction(db, interactionFields(a.id, { at: T0 - 2 * DAY, type: 'visit', subject: 'Visit' }), meta(1));
    await addInteraction(db, interactionFields(a.id, { at: T0, type: 'call', followUpAt: T0 + 7 * DAY }), meta(2));
    await addInteraction(db, interactionFields(b.id, { at: T0 - DAY, type: 'note' }), meta(3));
    await addInteraction(db, interactionFields(a.id, { at: T0 - DAY, type: 'email', outcome: 'Sent quote' }), meta(4));

    const rows = await firstWith(interactionsOf$(db, a.id), 3);
    expect(rows.map((r) => [r.type, r.at])).toEqual([
      ['call', T0],
      ['email', T0 - DAY],
      ['visit', T0 - 2 * DAY],
    ]);
    expect(rows[0]?.followUpAt).toBe(T0 + 7 * DAY);
    expect((await firstWith(interactionsOf$(db, b.id), 1)).map((r) => r.type)).toEqual(['note']);
  });

  test('surveysOf$ lists only that customer, newest first; scores outside 0–10 are rejected', async () => {
    const { db, a, b } = await twoCustomers();
    await addSurvey(db, surveyFields(a.id, { at: T0 - DAY, score: 0 }), meta(1));
    await addSurvey(db, surveyFields(a.id, { at: T0, score: 10, comment: '很好' }), meta(2));
    await addSurvey(db, surveyFields(b.id, { at: T0 + DAY, score: 7 }), meta(3));
    await expect(addSurvey(db, surveyFields(a.id, { score: 11 }), meta(4))).rejects.toThrow();

    const rows = await firstWith(surveysOf$(db, a.id), 2);
    expect(rows.map((s) => [s.score, s.comment])).toEqual([
      [10, '很好'],
      [0, ''],
    ]);
    expect((await firstWith(surveysOf$(db, b.id), 1)).map((s) => s.score)).toEqual([7]);
  });
});

describe('products', () => {
  test('listProducts is sorted by name; addProducts adds only skus that are not there yet', async () => {
    const db = await openTestDb();
    expect(await listProducts(db)).toEqual([]);
    const beans = productFields({ sku: 'B-1', name: 'Beans' });
    const cups = productFields({ sku: 'C-1', name: 'Cups', category: 'Accessories' });
    const apron = productFields({ sku: 'A-1', name: 'Apron', category: 'Accessories' });

    expect(await addProducts(db, [beans, cups], meta(0))).toBe(2);
    expect(await addProducts(db, [beans, cups], meta(1))).toBe(0);
    expect(await addProducts(db, [cups, apron], meta(2))).toBe(1);
    expect(await addProducts(db, [], meta(3))).toBe(0);

    const list = await listProducts(db);
    expect(list.map((p) => p.name)).toEqual(['Apron', 'Beans', 'Cups']);
    expect(list[0]).toMatchObject({ ...apron, updatedBy: 'test-user' });
    expect(new Set(list.map((p) => p.id)).size).toBe(3);
    expect(await listProducts(db, 2)).toHaveLength(2);
  });

  test('the same sku twice in one call is added once', async () => {
    const db = await openTestDb();
    const p = productFields({ sku: 'D-1', name: 'Descaler' });
    expect(await addProducts(db, [p, { ...p, name: 'Descaler (dup)' }], meta())).toBe(1);
    expect((await listProducts(db)).map((x) => x.sku)).toEqual(['D-1']);
  });
});
