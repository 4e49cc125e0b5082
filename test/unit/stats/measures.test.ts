import { describe as group, expect, it } from 'vitest';
import { createRng, type Rng } from '../../../src/domain/random';
import type { OrderStatus } from '../../../src/domain/types';
import {
  buildMeasureStore,
  MeasureStore,
  type CustomerMeasures,
  type InteractionRow,
  type MeasureColumns,
  type OrderRow,
  type SurveyRow,
} from '../../../workers/stats/measures';
import { overview } from '../../../workers/stats/overview';
import { coOccurrenceFromOrders } from '../../../workers/stats/recommend';

const DAY = 86_400_000;
const t0 = Date.UTC(2024, 0, 1);
const now = t0 + 100 * DAY;

function order(
  id: string,
  customerId: string,
  day: number,
  totalMinor: number,
  status: OrderStatus = 'paid',
  skus: string[] = [],
): OrderRow {
  return { id, customerId, orderedAt: t0 + day * DAY, totalMinor, status, skus };
}

group('per-customer measures', () => {
  function sample(): MeasureStore {
    return buildMeasureStore({
      customers: [{ id: 'A' }, { id: 'B' }],
      orders: [
        order('o1', 'A', 0, 1000),
        order('o3', 'A', 40, 2000),
        order('o2', 'A', 10, 3000),
        order('o4', 'A', 20, 99_999, 'cancelled'),
      ],
      surveys: [
        { id: 's2', customerId: 'A', at: t0 + 50 * DAY, score: 6 },
        { id: 's1', customerId: 'A', at: t0 + 5 * DAY, score: 9 },
      ],
      interactions: [
        { id: 'i1', customerId: 'A', at: now - 10 * DAY, type: 'visit' },
        { id: 'i2', customerId: 'A', at: now - 100 * DAY, type: 'visit' },
        { id: 'i3', customerId: 'A', at: now - 5 * DAY, type: 'call', followUpAt: now - DAY },
      ],
    });
  }

  it('computes every measure by hand', () => {
    // counted orders (o4 cancelled): day 0 (1000), day 10 (3000), day 40 (2000)
    // spend 6000, count 3, AOV 2000; gaps 10 and 30 days → median 20; recency 100 − 40 = 60 days
    // surveys 9 and 6 → mean 7.5, latest (day 50) scores 6
    // visits within 90 days of now: i1 (10 days ago) only; latest interaction i3 asks a follow-up
    const m = sample().measures('A', now);
    expect(m).toEqual<CustomerMeasures>({
      customerId: 'A',
      totalSpendMinor: 6000,
      orderCount: 3,
      avgOrderValueMinor: 2000,
      recencyDays: 60,
      lastOrderAt: t0 + 40 * DAY,
      firstOrderAt: t0,
      medianOrderIntervalDays: 20,
      avgSatisfaction: 7.5,
      surveyCount: 2,
      lastScore: 6,
      lastSurveyAt: t0 + 50 * DAY,
      visitsLast90d: 1,
      lastInteractionAt: now - 5 * DAY,
      openFollowUpAt: now - DAY,
    });
  });

  it('a customer without children has empty measures (nulls, zeros)', () => {
    expect(sample().measures('B', now)).toMatchObject({
      totalSpendMinor: 0,
      orderCount: 0,
      avgOrderValueMinor: null,
      recencyDays: null,
      medianOrderIntervalDays: null,
      avgSatisfaction: null,
      lastScore: null,
      visitsLast90d: 0,
      openFollowUpAt: null,
    });
    expect(sample().measures('nobody', now)).toBeNull();
  });

  it('median interval with an even number of gaps averages the middle two', () => {
    // days 0, 1, 4, 9, 9 → gaps 1, 3, 5, 0 → sorted 0 1 3 5 → (1 + 3)/2 = 2
    const s = buildMeasureStore({ orders: [0, 1, 4, 9, 9].map((d, i) => order(`o${i}`, 'A', d, 1)) });
    expect(s.measures('A', now)?.medianOrderIntervalDays).toBe(2);
  });

  it('updates one order incrementally: edit, cancel, un-cancel, re-point, remove, replay', () => {
    const s = sample();
    s.applyOrder({ op: 'update', doc: order('o3', 'A', 40, 500) }); // 6000 − 2000 + 500
    expect(s.measures('A', now)?.totalSpendMinor).toBe(4500);
    s.applyOrder({ op: 'update', doc: order('o1', 'A', 0, 1000, 'cancelled') }); // o1 out
    expect(s.measures('A', now)).toMatchObject({
      totalSpendMinor: 3500,
      orderCount: 2,
      firstOrderAt: t0 + 10 * DAY,
      medianOrderIntervalDays: 30,
    });
    s.applyOrder({ op: 'update', doc: order('o4', 'A', 20, 100, 'paid') }); // o4 in: days 10, 20, 40
    expect(s.measures('A', now)).toMatchObject({ totalSpendMinor: 3600, orderCount: 3, medianOrderIntervalDays: 15 });
    s.applyOrder({ op: 'update', doc: order('o2', 'B', 10, 3000) }); // moves to B
    expect(s.measures('A', now)).toMatchObject({ totalSpendMinor: 600, orderCount: 2 });
    expect(s.measures('B', now)).toMatchObject({ totalSpendMinor: 3000, orderCount: 1, recencyDays: 90 });
    s.applyOrder({ op: 'add', doc: order('o2', 'B', 10, 3000) }); // replayed: idempotent
    expect(s.measures('B', now)?.orderCount).toBe(1);
    s.applyOrder({ op: 'remove', id: 'o2' });
    s.applyOrder({ op: 'remove', id: 'o2' });
    expect(s.measures('B', now)).toMatchObject({ totalSpendMinor: 0, orderCount: 0, lastOrderAt: null });
  });

  it('surveys and interactions update incrementally', () => {
    const s = sample();
    s.applySurvey({ op: 'remove', id: 's2' });
    expect(s.measures('A', now)).toMatchObject({ avgSatisfaction: 9, lastScore: 9, surveyCount: 1 });
    s.applyInteraction({ op: 'add', doc: { id: 'i4', customerId: 'A', at: now - DAY / 2, type: 'visit' } });
    // i4 is later than i3 and asks nothing → no open follow-up; 2 visits in the window
    expect(s.measures('A', now)).toMatchObject({
      openFollowUpAt: null,
      visitsLast90d: 2,
      lastInteractionAt: now - DAY / 2,
    });
    s.applyInteraction({ op: 'remove', id: 'i4' });
    expect(s.measures('A', now)).toMatchObject({ openFollowUpAt: now - DAY, visitsLast90d: 1 });
  });

  it('merge moves the children to the survivor, and later children follow the alias', () => {
    const s = sample();
    s.upsertOrder(order('b1', 'B', 90, 700, 'paid', ['X']));
    s.mergeCustomer('A', 'B');
    expect(s.measures('B', now)).toMatchObject({
      totalSpendMinor: 6700,
      orderCount: 4,
      surveyCount: 2,
      visitsLast90d: 1,
    });
    expect(s.measures('A', now)?.customerId).toBe('B');
    expect(s.columns(now).ids).toEqual(['B']);
    s.upsertOrder(order('late', 'A', 95, 300)); // arrives pointing at the merged record
    expect(s.measures('B', now)).toMatchObject({ totalSpendMinor: 7000, orderCount: 5, recencyDays: 5 });
    // undo: the data layer re-points the loser's children back
    s.unmergeCustomer('A');
    s.upsertOrder(order('late', 'A', 95, 300));
    expect(s.measures('A', now)).toMatchObject({ totalSpendMinor: 300, orderCount: 1 });
    expect(s.measures('B', now)?.totalSpendMinor).toBe(6700);
  });

  it('upsertCustomer follows mergedInto and deleted; a deleted customer is left out and restorable', () => {
    const s = sample();
    s.upsertCustomer({ id: 'A', deleted: true });
    expect(s.measures('A', now)).toBeNull();
    expect(s.columns(now).ids).toEqual(['B']);
    s.upsertCustomer({ id: 'A', tags: ['vip'] });
    expect(s.measures('A', now)?.totalSpendMinor).toBe(6000);
    expect(s.columns(now).tags[0]).toEqual(['vip']);
    s.upsertCustomer({ id: 'A', mergedInto: 'B' });
    expect(s.measures('B', now)?.totalSpendMinor).toBe(6000);
  });

  it('cached columns follow mutations and a moving clock', () => {
    const s = sample();
    expect(s.columns(now).recencyDays[0]).toBe(60);
    expect(s.columns(now + 10 * DAY).recencyDays[0]).toBe(70);
    s.upsertOrder(order('o9', 'A', 105, 1));
    const c = s.columns(now + 10 * DAY);
    expect([c.recencyDays[0], c.orderCount[0], c.visitsLast90d[0]]).toEqual([5, 4, 1]);
  });

  it('loads orders from columns like rows', () => {
    const s = new MeasureStore();
    s.loadOrderColumns({
      id: ['o1', 'o2', 'o3'],
      customerId: ['A', 'A', 'B'],
      orderedAt: Float64Array.from([t0, t0 + DAY, t0]),
      totalMinor: Float64Array.from([100, 200, 50]),
      status: ['paid', 'open', 'cancelled'],
    });
    expect(s.measures('A', now)).toMatchObject({ totalSpendMinor: 300, orderCount: 2, medianOrderIntervalDays: 1 });
    expect(s.measures('B', now)).toBeNull(); // known only through a cancelled order
  });
});

// ---- property test: random edits/deletes/merges vs a from-scratch recompute ----------------

interface Model {
  orders: Map<string, OrderRow>;
  surveys: Map<string, SurveyRow>;
  interactions: Map<string, InteractionRow>;
  alias: Map<string, string>;
  deleted: Set<string>;
  customers: string[];
}

function resolve(model: Model, id: string): string {
  let c = id;
  while (model.alias.has(c)) c = model.alias.get(c)!;
  return c;
}

/** Naive reference: each measure straight from the definition, over the current documents. */
function reference(model: Model, customerId: string): CustomerMeasures {
  const mine = <T extends { customerId: string }>(m: Map<string, T>) =>
    [...m.values()].filter((r) => resolve(model, r.customerId) === customerId);
  const byTimeThenId = (a: { at: number; id: string }, b: { at: number; id: string }) =>
    a.at - b.at || (a.id < b.id ? -1 : 1);
  const orders = mine(model.orders).filter((o) => o.status !== 'cancelled');
  const dates = orders.map((o) => o.orderedAt).sort((a, b) => a - b);
  const spend = orders.reduce((a, o) => a + o.totalMinor, 0);
  const gaps = dates
    .slice(1)
    .map((d, i) => (d - dates[i]!) / DAY)
    .sort((a, b) => a - b);
  const med =
    gaps.length === 0
      ? null
      : gaps.length % 2
        ? gaps[(gaps.length - 1) / 2]!
        : (gaps[gaps.length / 2 - 1]! + gaps[gaps.length / 2]!) / 2;
  const surveys = mine(model.surveys).sort(byTimeThenId);
  const inter = mine(model.interactions).sort(byTimeThenId);
  const lastS = surveys[surveys.length - 1];
  const lastI = inter[inter.length - 1];
  const last = dates[dates.length - 1];
  return {
    customerId,
    totalSpendMinor: spend,
    orderCount: orders.length,
    avgOrderValueMinor: orders.length ? spend / orders.length : null,
    recencyDays: last === undefined ? null : Math.max(0, Math.floor((now - last) / DAY)),
    lastOrderAt: last ?? null,
    firstOrderAt: dates[0] ?? null,
    medianOrderIntervalDays: med,
    avgSatisfaction: surveys.length ? surveys.reduce((a, s) => a + s.score, 0) / surveys.length : null,
    surveyCount: surveys.length,
    lastScore: lastS ? lastS.score : null,
    lastSurveyAt: lastS ? lastS.at : null,
    visitsLast90d: inter.filter((r) => r.type === 'visit' && r.at >= now - 90 * DAY && r.at <= now).length,
    lastInteractionAt: lastI ? lastI.at : null,
    openFollowUpAt: lastI && (lastI.followUpAt ?? 0) > 0 ? lastI.followUpAt! : null,
  };
}

function liveCustomers(model: Model): string[] {
  return model.customers.filter((c) => !model.alias.has(c) && !model.deleted.has(c));
}

function rowOf(cols: MeasureColumns, i: number): CustomerMeasures {
  const nul = (v: number) => (Number.isNaN(v) ? null : v);
  return {
    customerId: cols.ids[i]!,
    totalSpendMinor: cols.totalSpendMinor[i]!,
    orderCount: cols.orderCount[i]!,
    avgOrderValueMinor: nul(cols.avgOrderValueMinor[i]!),
    recencyDays: nul(cols.recencyDays[i]!),
    lastOrderAt: nul(cols.lastOrderAt[i]!),
    firstOrderAt: nul(cols.firstOrderAt[i]!),
    medianOrderIntervalDays: nul(cols.medianOrderIntervalDays[i]!),
    avgSatisfaction: nul(cols.avgSatisfaction[i]!),
    surveyCount: cols.surveyCount[i]!,
    lastScore: nul(cols.lastScore[i]!),
    lastSurveyAt: nul(cols.lastSurveyAt[i]!),
    visitsLast90d: cols.visitsLast90d[i]!,
    lastInteractionAt: nul(cols.lastInteractionAt[i]!),
    openFollowUpAt: nul(cols.openFollowUpAt[i]!),
  };
}

function expectSame(actual: CustomerMeasures, expected: CustomerMeasures): void {
  for (const k of Object.keys(expected) as (keyof CustomerMeasures)[]) {
    const a = actual[k];
    const e = expected[k];
    if (typeof e === 'number' && typeof a === 'number') expect(a, `${expected.customerId}.${k}`).toBeCloseTo(e, 9);
    else expect(a, `${expected.customerId}.${k}`).toBe(e);
  }
}

function check(store: MeasureStore, model: Model): void {
  const live = liveCustomers(model);
  const cols = store.columns(now);
  expect([...cols.ids].sort()).toEqual([...live].sort());
  cols.ids.forEach((id, i) => expectSame(rowOf(cols, i), reference(model, id)));
  // from-scratch rebuild through the same store code agrees too
  const fresh = buildMeasureStore({
    customers: model.customers.map((id) => ({
      id,
      mergedInto: model.alias.get(id) ?? '',
      deleted: model.deleted.has(id),
    })),
    orders: [...model.orders.values()].map((o) => ({ ...o, customerId: resolve(model, o.customerId) })),
    surveys: [...model.surveys.values()],
    interactions: [...model.interactions.values()],
  });
  for (const id of live) expectSame(fresh.measures(id, now)!, store.measures(id, now)!);
  // overview from the maintained facts equals the one from a fresh store
  expect(overview(store.columns(now), store.facts(now), {}, { now })).toEqual(
    overview(fresh.columns(now), fresh.facts(now), {}, { now }),
  );
  // co-occurrence over live customers' counted orders
  const co = coOccurrenceFromOrders(
    [...model.orders.values()]
      .map((o) => ({ customerId: resolve(model, o.customerId), skus: o.skus ?? [], status: o.status }))
      .filter((o) => live.includes(o.customerId)),
  );
  for (const a of SKUS) {
    expect(store.coOccurrence.buyerCount(a), `buyers ${a}`).toBe(co.buyerCount(a));
    for (const b of SKUS)
      if (a !== b) expect(store.coOccurrence.pairCount(a, b), `pair ${a}${b}`).toBe(co.pairCount(a, b));
  }
  for (const id of live) expect(store.recommend(id)).toEqual(co.recommend(id));
}

const SKUS = ['A', 'B', 'C', 'D', 'E'];
const STATUSES: OrderStatus[] = ['open', 'paid', 'shipped', 'cancelled'];

function randomOrder(rng: Rng, id: string, customers: string[]): OrderRow {
  const skus = SKUS.filter(() => rng.chance(0.35));
  return order(
    id,
    rng.pick(customers),
    rng.int(0, 99) + (rng.chance(0.2) ? 0 : rng.next()),
    rng.int(0, 50_000),
    rng.pick(STATUSES),
    skus,
  );
}

group('incremental maintenance equals a from-scratch recompute', () => {
  for (const seed of [1, 2, 3, 4]) {
    it(`random add/update/remove/merge/delete sequence (seed ${seed})`, () => {
      const rng = createRng(seed);
      const customers = Array.from({ length: 8 }, (_, i) => `c${i}`);
      const model: Model = {
        orders: new Map(),
        surveys: new Map(),
        interactions: new Map(),
        alias: new Map(),
        deleted: new Set(),
        customers,
      };
      const store = new MeasureStore();
      for (const id of customers) store.upsertCustomer({ id });
      for (let step = 1; step <= 400; step++) {
        const op = rng.int(0, 99);
        if (op < 35) {
          const o = randomOrder(rng, `o${rng.int(0, 40)}`, customers);
          model.orders.set(o.id, o);
          store.applyOrder({ op: 'upsert', doc: o });
        } else if (op < 45) {
          const id = `o${rng.int(0, 40)}`;
          model.orders.delete(id);
          store.applyOrder({ op: 'remove', id });
        } else if (op < 57) {
          const s: SurveyRow = {
            id: `s${rng.int(0, 15)}`,
            customerId: rng.pick(customers),
            at: t0 + rng.int(0, 99) * DAY,
            score: rng.int(0, 10),
          };
          model.surveys.set(s.id, s);
          store.applySurvey({ op: 'upsert', doc: s });
        } else if (op < 62) {
          const id = `s${rng.int(0, 15)}`;
          model.surveys.delete(id);
          store.applySurvey({ op: 'remove', id });
        } else if (op < 75) {
          const r: InteractionRow = {
            id: `i${rng.int(0, 20)}`,
            customerId: rng.pick(customers),
            at: t0 + rng.int(0, 110) * DAY,
            type: rng.pick(['visit', 'call', 'email']),
            followUpAt: rng.chance(0.4) ? t0 + rng.int(50, 120) * DAY : 0,
          };
          model.interactions.set(r.id, r);
          store.applyInteraction({ op: 'upsert', doc: r });
        } else if (op < 80) {
          const id = `i${rng.int(0, 20)}`;
          model.interactions.delete(id);
          store.applyInteraction({ op: 'remove', id });
        } else if (op < 86) {
          const live = liveCustomers(model);
          if (live.length < 3) continue;
          const loser = rng.pick(live);
          const survivor = rng.pick(live.filter((c) => c !== loser));
          model.alias.set(loser, survivor);
          store.mergeCustomer(loser, survivor);
          if (rng.chance(0.5)) {
            // the data layer re-points the loser's orders (change events the store has seen before)
            for (const o of model.orders.values()) {
              if (o.customerId !== loser) continue;
              const moved = { ...o, customerId: survivor };
              model.orders.set(o.id, moved);
              store.applyOrder({ op: 'update', doc: moved });
            }
          }
        } else if (op < 92) {
          const c = rng.pick(customers);
          if (model.alias.has(c)) continue;
          if (model.deleted.has(c)) {
            model.deleted.delete(c);
            store.upsertCustomer({ id: c });
          } else {
            model.deleted.add(c);
            store.removeCustomer(c);
          }
        } else {
          const ids = [...model.orders.keys()];
          if (ids.length === 0) continue;
          const o = model.orders.get(rng.pick(ids))!;
          store.applyOrder({ op: 'add', doc: o }); // replay: no change
        }
        if (step % 20 === 0) check(store, model);
      }
      check(store, model);
    });
  }
});
