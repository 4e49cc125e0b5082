import { describe as group, expect, it } from 'vitest';
import { CoOccurrence, nextBestAction } from '../../../workers/stats/recommend';
import { coOccurrenceFromOrders } from '../../factories/measure-columns';

const DAY = 86_400_000;

// baskets: c1 {A, B}, c2 {A, B, C}, c3 {A, C}, c4 {B, D}, c5 {A}
// buyers: A 4, B 3, C 2, D 1; pairs: AB 2 (c1, c2), AC 2 (c2, c3), BC 1 (c2), BD 1 (c4)
const orders = [
  { customerId: 'c1', skus: ['A'] },
  { customerId: 'c1', skus: ['B', 'B'] },
  { customerId: 'c2', skus: ['A', 'B', 'C'] },
  { customerId: 'c3', skus: ['A', 'C'] },
  { customerId: 'c4', skus: ['B', 'D'] },
  { customerId: 'c5', skus: ['A'] },
  { customerId: 'c5', skus: ['D'], status: 'cancelled' },
];

group('co-occurrence recommendations', () => {
  const co = coOccurrenceFromOrders(orders);

  it('counts customers, not orders', () => {
    expect(co.buyerCount('A')).toBe(4);
    expect(co.buyerCount('B')).toBe(3);
    expect(co.buyerCount('D')).toBe(1); // c5's cancelled order does not count
    expect(co.pairCount('A', 'B')).toBe(2);
    expect(co.pairCount('B', 'C')).toBe(1);
    expect(co.pairCount('A', 'D')).toBe(0);
  });

  it('c5 bought A → B and C (2 of A’s 4 buyers each; tie broken by SKU); never D or A', () => {
    expect(co.recommend('c5')).toEqual([
      { sku: 'B', score: 0.5, reason: { because: 'A', share: 0.5, supportCount: 2 } },
      { sku: 'C', score: 0.5, reason: { because: 'A', share: 0.5, supportCount: 2 } },
    ]);
  });

  it('c1 bought A and B → C via A (2/4 beats 1/3 via B), D via B (1/3); own SKUs excluded', () => {
    const rec = co.recommend('c1');
    expect(rec.map((r) => [r.sku, r.reason.because, r.reason.supportCount])).toEqual([
      ['C', 'A', 2],
      ['D', 'B', 1],
    ]);
    expect(rec[1]?.score).toBeCloseTo(1 / 3, 12);
    expect(co.recommend('c1', { minSupport: 2 }).map((r) => r.sku)).toEqual(['C']);
    expect(co.recommend('c1', { limit: 1 }).map((r) => r.sku)).toEqual(['C']);
    expect(co.recommend('c2').map((r) => r.sku)).toEqual(['D']);
    expect(co.recommend('unknown')).toEqual([]);
  });

  it('removal is the exact inverse of adding (order-level multiplicity kept)', () => {
    const c = new CoOccurrence();
    c.addOrder('x', ['A', 'B']);
    c.addOrder('x', ['A']);
    c.addOrder('y', ['A', 'B']);
    c.removeOrder('x', ['A']); // x still holds A through its first order
    expect(c.pairCount('A', 'B')).toBe(2);
    c.removeOrder('x', ['A', 'B']);
    expect(c.pairCount('A', 'B')).toBe(1);
    expect(c.buyerCount('A')).toBe(1);
    expect(c.basket('x')).toEqual([]);
  });

  it('keeps exact counts when a large catalogue switches to sparse storage', () => {
    const c = new CoOccurrence();
    c.addOrder('x', ['A', 'B']);
    c.addOrder('y', ['A', 'B', 'C']);
    for (let i = 0; i < 2100; i++) c.addOrder(`z${i % 7}`, [`S${i}`, 'A']);
    expect(c.pairCount('A', 'B')).toBe(2);
    expect(c.pairCount('B', 'C')).toBe(1);
    expect(c.buyerCount('A')).toBe(9);
    expect(c.pairCount('S0', 'A')).toBe(1);
    expect(c.recommend('x', { limit: 1 })).toEqual([
      { sku: 'C', score: 1 / 2, reason: { because: 'B', share: 0.5, supportCount: 1 } },
    ]);
  });
});

group('nextBestAction', () => {
  const now = Date.UTC(2024, 6, 1);
  const base = {
    orderCount: 3,
    lastOrderAt: now - 10 * DAY,
    medianOrderIntervalDays: 30,
    openFollowUpAt: null,
    lastSurveyAt: now - 30 * DAY,
  };

  it('follow-up due wins', () => {
    expect(nextBestAction({ ...base, openFollowUpAt: now - 2 * DAY, lastOrderAt: now - 300 * DAY }, now)).toEqual({
      kind: 'followUpDue',
      followUpAt: now - 2 * DAY,
      daysOverdue: 2,
    });
    expect(nextBestAction({ ...base, openFollowUpAt: now + DAY }, now).kind).toBe('none');
  });

  it('lapsed: churn rule, or a single order older than 180 days', () => {
    const a = nextBestAction({ ...base, lastOrderAt: now - 61 * DAY }, now); // 61 > 2 × 30
    expect(a.kind).toBe('lapsed');
    expect(nextBestAction({ ...base, lastOrderAt: now - 60 * DAY }, now).kind).toBe('none');
    expect(
      nextBestAction({ ...base, orderCount: 1, medianOrderIntervalDays: null, lastOrderAt: now - 181 * DAY }, now),
    ).toMatchObject({ kind: 'lapsed', churn: null });
  });

  it('survey missing for buying customers without a recent survey', () => {
    expect(nextBestAction({ ...base, lastSurveyAt: null }, now)).toEqual({ kind: 'surveyMissing', lastSurveyAt: null });
    expect(nextBestAction({ ...base, lastSurveyAt: now - 181 * DAY }, now).kind).toBe('surveyMissing');
    expect(
      nextBestAction(
        { ...base, orderCount: 0, lastOrderAt: null, medianOrderIntervalDays: null, lastSurveyAt: null },
        now,
      ).kind,
    ).toBe('none');
  });
});
