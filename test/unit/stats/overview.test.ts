import { describe as group, expect, it } from 'vitest';
import { buildMeasureStore, type OrderRow } from '../../../workers/stats/measures';
import { monthKey, overview } from '../../../workers/stats/overview';

// Local-time dates, so month buckets hold in any time zone.
const d = (y: number, m: number, day: number) => new Date(y, m - 1, day, 12).getTime();
const now = d(2024, 4, 30);
const o = (id: string, c: string, at: number, total: number, status: OrderRow['status'] = 'paid'): OrderRow => ({
  id,
  customerId: c,
  orderedAt: at,
  totalMinor: total,
  status,
});

const store = buildMeasureStore({
  customers: [
    { id: 'a', tags: ['vip'], ownerId: 'u1', region: 'North' },
    { id: 'b', tags: [], ownerId: 'u2', region: 'South' },
    { id: 'c', tags: ['vip', 'new'], ownerId: 'u1', region: 'South' },
    { id: 'gone', ownerId: 'u1', deleted: true },
  ],
  orders: [
    o('1', 'a', d(2024, 1, 10), 1000),
    o('2', 'a', d(2024, 1, 20), 500),
    o('3', 'b', d(2024, 3, 5), 2000),
    o('4', 'c', d(2024, 4, 15), 300),
    o('5', 'c', d(2024, 4, 16), 9999, 'cancelled'),
    o('6', 'gone', d(2024, 4, 1), 7777),
  ],
  surveys: [
    { id: 's1', customerId: 'a', at: d(2024, 1, 11), score: 10 },
    { id: 's2', customerId: 'a', at: d(2024, 2, 11), score: 9 },
    { id: 's3', customerId: 'b', at: d(2024, 3, 11), score: 8 },
    { id: 's4', customerId: 'b', at: d(2024, 3, 12), score: 7 },
    { id: 's5', customerId: 'c', at: d(2024, 4, 11), score: 6 },
    { id: 's6', customerId: 'c', at: d(2024, 4, 12), score: 0 },
  ],
});
const cols = store.columns(now);
const facts = store.facts(now);

group('overview', () => {
  it('computes the unfiltered figures by hand', () => {
    // customers a, b, c (deleted 'gone' excluded); orders 1000 + 500 + 2000 + 300 = 3800 over 4
    // active in the last 90 days (since Jan 31 noon): b (Mar 5) and c (Apr 15) → 2
    // months Jan 1500 (2 orders), Feb 0, Mar 2000, Apr 300
    // NPS: promoters 10, 9; passives 8, 7; detractors 6, 0 → (2 − 2)/6 = 0
    const res = overview(cols, facts, {}, { now });
    expect(res).toEqual({
      customers: 3,
      activeCustomers: 2,
      orders: 4,
      revenueMinor: 3800,
      avgOrderValueMinor: 950,
      revenueByMonth: [
        { month: '2024-01', revenueMinor: 1500, orders: 2 },
        { month: '2024-02', revenueMinor: 0, orders: 0 },
        { month: '2024-03', revenueMinor: 2000, orders: 1 },
        { month: '2024-04', revenueMinor: 300, orders: 1 },
      ],
      nps: { score: 0, promoters: 2, passives: 2, detractors: 2, responses: 6 },
    });
  });

  it('filters by tag, owner and region', () => {
    // vip: a and c → revenue 1800 over 3 orders; NPS 10, 9, 6, 0 → (2 − 2)/4 = 0
    const vip = overview(cols, facts, { tag: 'vip' }, { now });
    expect(vip).toMatchObject({
      customers: 2,
      orders: 3,
      revenueMinor: 1800,
      avgOrderValueMinor: 600,
      activeCustomers: 1,
    });
    // owner u1 in the South: c only → NPS (0 − 2)/2 = −100
    const c = overview(cols, facts, { ownerId: 'u1', region: 'South' }, { now });
    expect(c).toMatchObject({
      customers: 1,
      orders: 1,
      revenueMinor: 300,
      nps: { score: -100, promoters: 0, passives: 0, detractors: 2, responses: 2 },
    });
    expect(c.revenueByMonth).toEqual([{ month: '2024-04', revenueMinor: 300, orders: 1 }]);
    const none = overview(cols, facts, { region: 'West' }, { now });
    expect(none).toMatchObject({
      customers: 0,
      orders: 0,
      avgOrderValueMinor: null,
      revenueByMonth: [],
      nps: { score: null, responses: 0 },
    });
  });

  it('filters by date range [from, to)', () => {
    // Jan 20 … Mar 31: orders 2 (500) and 3 (2000); surveys s2 (9), s3 (8), s4 (7) → (1 − 0)/3 → 33
    // active window: [Mar 31 − 90 days, Mar 31] ∩ [from, …) → orders 2 and 3 → a and b
    const res = overview(cols, facts, { from: d(2024, 1, 20), to: d(2024, 3, 31) }, { now });
    expect(res).toMatchObject({
      customers: 3,
      orders: 2,
      revenueMinor: 2500,
      activeCustomers: 2,
      nps: { score: 33, promoters: 1, passives: 2, detractors: 0 },
    });
    expect(res.revenueByMonth.map((m) => m.month)).toEqual(['2024-01', '2024-02', '2024-03']);
  });

  it('month keys are local calendar months', () => {
    expect(monthKey(new Date(2023, 11, 31, 23, 59).getTime())).toBe('2023-12');
    expect(monthKey(new Date(2024, 0, 1, 0, 0).getTime())).toBe('2024-01');
  });
});
