import { describe as group, expect, it } from 'vitest';
import { createStatsApi } from '../../../workers/stats/api';

const DAY = 86_400_000;
const t0 = Date.UTC(2024, 0, 1);
const now = t0 + 100 * DAY;

group('stats worker api', () => {
  function loaded() {
    const api = createStatsApi();
    api.load({
      customers: [
        { id: 'a', ownerId: 'u1' },
        { id: 'b', ownerId: 'u1' },
        { id: 'c', ownerId: 'u2' },
        { id: 'd', ownerId: 'u2' },
      ],
      orders: {
        id: ['1', '2', '3', '4', '5'],
        customerId: ['a', 'b', 'b', 'c', 'c'],
        orderedAt: [t0, t0 + 10 * DAY, t0 + 20 * DAY, t0 + 50 * DAY, t0 + 60 * DAY],
        totalMinor: [100, 200, 300, 400, 500],
        status: ['paid', 'paid', 'paid', 'paid', 'paid'],
        skus: [['X'], ['X', 'Y'], ['Z'], ['Y'], ['X']],
      },
      surveys: [
        { id: 's1', customerId: 'a', at: t0, score: 5 },
        { id: 's2', customerId: 'b', at: t0, score: 7 },
        { id: 's3', customerId: 'c', at: t0, score: 9 },
      ],
    });
    return api;
  }

  it('answers correlation, matrix, rfm, risks, recommendations and standardization', () => {
    const api = loaded();
    // spend a 100, b 500, c 900; satisfaction 5, 7, 9 → perfectly linear: r = ρ = 1, n = 3
    const c = api.correlation('totalSpendMinor', 'avgSatisfaction', now);
    expect(c.pearson.n).toBe(3);
    expect(c.pearson.r).toBeCloseTo(1, 12);
    expect(c.spearman.r).toBeCloseTo(1, 12);
    expect(c.pearsonReading).toEqual({
      strength: 'very strong',
      direction: 'positive',
      insufficient: false,
      noVariation: false,
    });
    expect(c.ids).toEqual(['a', 'b', 'c']);
    const m = api.correlationMatrix('spearman', now);
    expect(m.names).toHaveLength(6);
    const rfm = api.rfm(now);
    expect(rfm.scored).toBe(3);
    expect(rfm.unscored).toBe(1);
    expect(api.rfmOf('d', now)).toEqual({ r: 0, f: 0, m: 0, segment: null });
    expect(
      api.rfmSegment('champions', now).ids.length + api.rfmSegment('potentialLoyalist', now).ids.length,
    ).toBeGreaterThan(0);
    // spend a 100, b 500, c 900, d 0 → min 0, max 900
    expect(api.standardized('totalSpendMinor', 'minMax', now).values).toEqual([100 / 900, 500 / 900, 1, 0]);
    expect(api.describeMeasure('totalSpendMinor', now, { ownerId: 'u1' }).summary).toMatchObject({
      count: 2,
      mean: 300,
    });
    expect(api.recommendations('a').map((r) => r.sku)).toEqual(['Y', 'Z']);
    expect(api.nextBestAction('a', now)).toMatchObject({ kind: 'none' });
    // b: orders days 10, 20, silent 80 days → 8× its interval; c: days 50, 60, silent 40 → 4×
    expect(api.risks(now).churn.map((r) => [r.customerId, r.reason.ratio])).toEqual([
      ['b', 8],
      ['c', 4],
    ]);
  });

  it('reflects one new order through apply()', () => {
    const api = loaded();
    const before = api.overview({}, { now });
    expect(before.revenueMinor).toBe(1500);
    api.apply([
      {
        collection: 'orders',
        op: 'add',
        doc: { id: '6', customerId: 'd', orderedAt: now - DAY, totalMinor: 50, status: 'paid' },
      },
    ]);
    const after = api.overview({}, { now });
    expect(after.revenueMinor).toBe(1550);
    expect(after.activeCustomers).toBe(before.activeCustomers + 1);
    expect(api.customerMeasures('d', now)).toMatchObject({ orderCount: 1, recencyDays: 1 });
    api.apply([{ collection: 'customers', op: 'update', doc: { id: 'd', mergedInto: 'a' } }]);
    expect(api.customerMeasures('a', now)).toMatchObject({ orderCount: 2, totalSpendMinor: 150 });
    api.apply([{ collection: 'customers', op: 'remove', id: 'a' }]);
    expect(api.overview({}, { now }).customers).toBe(2);
  });
});
