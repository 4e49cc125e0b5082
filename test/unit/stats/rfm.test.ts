import { describe as group, expect, it } from 'vitest';
import { quintileScores, rfm, rfmSegment, RFM_SEGMENTS, segmentRows, NOT_SCORED } from '../../../workers/stats/rfm';

function cols(rows: { id: string; orders: number; days: number; spend: number }[]) {
  return {
    ids: rows.map((r) => r.id),
    orderCount: Float64Array.from(rows, (r) => r.orders),
    recencyDays: Float64Array.from(rows, (r) => (r.orders > 0 ? r.days : NaN)),
    totalSpendMinor: Float64Array.from(rows, (r) => r.spend),
  };
}

group('quintile scores (rank-based, ties averaged)', () => {
  it('n = 10 distinct values → two customers per score', () => {
    // score = ⌊5·(f + l + 1)/(2n)⌋ + 1 with f = l = position: position 1 → ⌊15/20⌋ + 1 = 1,
    // position 2 → ⌊25/20⌋ + 1 = 2, position 9 → ⌊95/20⌋ + 1 = 5
    expect([...quintileScores([100, 200, 300, 400, 500, 600, 700, 800, 900, 1000])]).toEqual([
      1, 1, 2, 2, 3, 3, 4, 4, 5, 5,
    ]);
  });

  it('is independent of input order', () => {
    expect([...quintileScores([1000, 100, 500, 300, 900, 200, 700, 400, 800, 600])]).toEqual([
      5, 1, 3, 2, 5, 1, 4, 2, 4, 3,
    ]);
  });

  it('n = 7 boundaries: ⌊5(2j + 1)/14⌋ + 1 for j = 0..6', () => {
    // 5/14 = 0.36 → 1, 15/14 = 1.07 → 2, 25/14 = 1.79 → 2, 35/14 = 2.5 → 3, 45/14 = 3.21 → 4,
    // 55/14 = 3.93 → 4, 65/14 = 4.64 → 5
    expect([...quintileScores([1, 2, 3, 4, 5, 6, 7])]).toEqual([1, 2, 2, 3, 4, 4, 5]);
  });

  it('ties share one score: [100, 100, 100, 200, 300]', () => {
    // 100s span positions 0..2 → ⌊5·3/10⌋ + 1 = 2; 200 → ⌊5·7/10⌋ + 1 = 4; 300 → ⌊5·9/10⌋ + 1 = 5
    expect([...quintileScores([100, 300, 100, 200, 100])]).toEqual([2, 5, 2, 4, 2]);
  });

  it('everyone tied (or a single customer) → 3', () => {
    expect([...quintileScores([7, 7, 7, 7])]).toEqual([3, 3, 3, 3]);
    expect([...quintileScores([42])]).toEqual([3]);
    expect([...quintileScores([])]).toEqual([]);
  });
});

group('segment map', () => {
  it('covers the R×F grid', () => {
    const grid = [5, 4, 3, 2, 1].map((r) => [1, 2, 3, 4, 5].map((f) => rfmSegment(r, f)));
    expect(grid).toEqual([
      ['new', 'potentialLoyalist', 'potentialLoyalist', 'champions', 'champions'],
      ['promising', 'potentialLoyalist', 'potentialLoyalist', 'loyal', 'loyal'],
      ['needAttention', 'needAttention', 'needAttention', 'loyal', 'loyal'],
      ['hibernating', 'hibernating', 'atRisk', 'atRisk', 'cantLose'],
      ['lost', 'lost', 'atRisk', 'atRisk', 'cantLose'],
    ]);
    expect(new Set(grid.flat()).size).toBe(RFM_SEGMENTS.length);
  });
});

group('rfm', () => {
  // Five customers with orders (distinct values → scores 1..5 each) and one without.
  //   id  days orders spend → R F M
  //   a    1    9    5000  → 5 5 5  champions
  //   b   10    1     100  → 4 1 1  promising
  //   c   20    3     900  → 3 3 3  needAttention
  //   d   50    5    2000  → 2 4 4  atRisk
  //   e   90    2     400  → 1 2 2  lost
  //   z    –    0       0  → not scored
  const input = cols([
    { id: 'a', days: 1, orders: 9, spend: 5000 },
    { id: 'b', days: 10, orders: 1, spend: 100 },
    { id: 'z', days: 0, orders: 0, spend: 0 },
    { id: 'c', days: 20, orders: 3, spend: 900 },
    { id: 'd', days: 50, orders: 5, spend: 2000 },
    { id: 'e', days: 90, orders: 2, spend: 400 },
  ]);

  it('scores, segments and leaves customers without orders unscored', () => {
    const res = rfm(input);
    expect([...res.r]).toEqual([5, 4, 0, 3, 2, 1]);
    expect([...res.f]).toEqual([5, 1, 0, 3, 4, 2]);
    expect([...res.m]).toEqual([5, 1, 0, 3, 4, 2]);
    expect([...res.segment].map((s) => (s === NOT_SCORED ? null : RFM_SEGMENTS[s]))).toEqual([
      'champions',
      'promising',
      null,
      'needAttention',
      'atRisk',
      'lost',
    ]);
    expect(res.scored).toBe(5);
    expect(res.unscored).toBe(1);
  });

  it('reports counts and revenue shares per segment', () => {
    // total 5000 + 100 + 900 + 2000 + 400 = 8400
    const res = rfm(input);
    expect(res.totalRevenueMinor).toBe(8400);
    const by = Object.fromEntries(res.segments.map((s) => [s.segment, s]));
    expect(by.champions).toEqual({ segment: 'champions', count: 1, revenueMinor: 5000, revenueShare: 5000 / 8400 });
    expect(by.atRisk?.revenueShare).toBeCloseTo(2000 / 8400, 12);
    expect(by.loyal).toEqual({ segment: 'loyal', count: 0, revenueMinor: 0, revenueShare: 0 });
    expect(res.segments.reduce((a, s) => a + (s.revenueShare ?? 0), 0)).toBeCloseTo(1, 12);
    expect(segmentRows(res, 'lost')).toEqual([5]);
  });

  it('ties in recency get equal R (same day)', () => {
    const res = rfm(
      cols([
        { id: 'a', days: 3, orders: 1, spend: 10 },
        { id: 'b', days: 3, orders: 1, spend: 20 },
        { id: 'c', days: 30, orders: 1, spend: 30 },
      ]),
    );
    // goodness −3, −3, −30 → sorted −30, −3, −3: c at 0 → ⌊5/6⌋ + 1 = 1; a, b span 1..2 → ⌊20/6⌋ + 1 = 4
    expect([...res.r]).toEqual([4, 4, 1]);
    // all one order → F = 3 for everyone
    expect([...res.f]).toEqual([3, 3, 3]);
  });

  it('no customers with orders → nothing scored, shares null', () => {
    const res = rfm(cols([{ id: 'z', days: 0, orders: 0, spend: 0 }]));
    expect(res.scored).toBe(0);
    expect(res.unscored).toBe(1);
    expect(res.segments.every((s) => s.count === 0 && s.revenueShare === null)).toBe(true);
  });
});
