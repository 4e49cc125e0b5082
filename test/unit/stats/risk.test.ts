import { describe as group, expect, it } from 'vitest';
import { buildSummaryStore, type OrderRow } from '../../factories/measure-columns';
import {
  churnReason,
  churnRisks,
  detractorsWithoutFollowUp,
  hasOrderRhythm,
  overdueFollowUps,
  risks,
} from '../../../workers/stats/risk';
import { KIOSK_TAG } from '../../../src/domain/kiosk';

const DAY = 86_400_000;
const t0 = Date.UTC(2024, 0, 1);
const now = t0 + 45 * DAY;
const o = (id: string, c: string, day: number): OrderRow => ({
  id,
  customerId: c,
  orderedAt: t0 + day * DAY,
  totalMinor: 100,
  status: 'paid',
});

const store = buildSummaryStore({
  orders: [
    // A: days 0, 10, 20 → median 10; 25 days silent → ratio 2.5 > 2 → churn
    o('a1', 'A', 0),
    o('a2', 'A', 10),
    o('a3', 'A', 20),
    // B: days 10, 20, 30 → median 10; 15 days silent → 1.5 → fine
    o('b0', 'B', 10),
    o('b1', 'B', 20),
    o('b2', 'B', 30),
    // C: two orders long ago → no rhythm yet (needs ≥ 3 orders) however long the silence
    o('c0', 'C', 0),
    o('c1', 'C', 1),
    // D: three orders on day 3 → median interval 0 days: no rhythm, never "at risk"
    o('d1', 'D', 3),
    o('d2', 'D', 3),
    o('d3', 'D', 3),
    // M: days 0, 1, 2 → median exactly 1 day (the smallest rhythm); 43 days silent → churn
    o('m1', 'M', 0),
    o('m2', 'M', 1),
    o('m3', 'M', 2),
  ],
  surveys: [
    { id: 'e', customerId: 'E', at: t0 + 40 * DAY, score: 6 }, // detractor, nothing since
    { id: 'f', customerId: 'F', at: t0 + 40 * DAY, score: 6 }, // detractor, but called afterwards
    { id: 'g1', customerId: 'G', at: t0 + 10 * DAY, score: 3 }, // detractor earlier…
    { id: 'g2', customerId: 'G', at: t0 + 20 * DAY, score: 9 }, // …latest is a promoter
    { id: 'h', customerId: 'H', at: t0 + 40 * DAY, score: 7 }, // passive
    { id: 'k0', customerId: 'K', at: t0 + 30 * DAY, score: 0 }, // detractor, an interaction BEFORE only
  ],
  interactions: [
    { id: 'f1', customerId: 'F', at: t0 + 41 * DAY, type: 'call' },
    { id: 'k1', customerId: 'K', at: t0 + 29 * DAY, type: 'call' },
    { id: 'i1', customerId: 'I', at: t0 + 30 * DAY, type: 'call', followUpAt: now - DAY }, // overdue by 1 day
    { id: 'j1', customerId: 'J', at: t0 + 30 * DAY, type: 'call', followUpAt: now + DAY }, // not yet due
    { id: 'l1', customerId: 'L', at: t0 + 10 * DAY, type: 'call', followUpAt: t0 + 20 * DAY }, // followed up by l2
    { id: 'l2', customerId: 'L', at: t0 + 15 * DAY, type: 'visit' },
  ],
});
const cols = store.columns(now);

group('risk', () => {
  it('churn: silence longer than 2× the own median interval, ≥ 3 orders at least a day apart', () => {
    const res = churnRisks(cols, now);
    expect(res.map((r) => r.customerId)).toEqual(['M', 'A']);
    expect(res[1]?.reason).toEqual({
      kind: 'churn',
      daysSinceLastOrder: 25,
      medianIntervalDays: 10,
      ratio: 2.5,
      orderCount: 3,
      lastOrderAt: t0 + 20 * DAY,
    });
    // a stricter factor catches B (15/10 = 1.5 > 1.2), never C (2 orders) or D (same day)
    expect(churnRisks(cols, now, { factor: 1.2 }).map((r) => r.customerId)).toEqual(['M', 'A', 'B']);
  });

  it('churn needs a rhythm: at least 3 orders and a median interval of at least a day', () => {
    expect(hasOrderRhythm(2, 30)).toBe(false);
    expect(hasOrderRhythm(3, 30)).toBe(true);
    expect(hasOrderRhythm(3, 0.99)).toBe(false);
    expect(hasOrderRhythm(3, 1)).toBe(true);
    expect(hasOrderRhythm(10, Number.NaN)).toBe(false);
    // two orders 10 days apart, silent for a year: not judged
    expect(churnReason(2, now - 365 * DAY, 10, now)).toBeNull();
    // the same with a third order: at risk, the ratio over the real interval
    expect(churnReason(3, now - 30 * DAY, 10, now)?.ratio).toBe(3);
    // same-day orders: no ratio against a pretend one-day interval
    expect(churnReason(5, now - 30 * DAY, 0, now)).toBeNull();
  });

  it('detractors (latest score ≤ 6) without a later interaction', () => {
    const res = detractorsWithoutFollowUp(cols);
    expect(res.map((r) => r.customerId)).toEqual(['K', 'E']);
    expect(res[1]?.reason).toEqual({ kind: 'detractor', score: 6, surveyAt: t0 + 40 * DAY });
  });

  it("an NPS kiosk event's pseudo-customer is no detractor to follow up", () => {
    const tags = cols.ids.map((id) => (id === 'E' ? [KIOSK_TAG] : []));
    expect(detractorsWithoutFollowUp({ ...cols, tags }).map((r) => r.customerId)).toEqual(['K']);
  });

  it('overdue follow-ups: the latest interaction asked for one before now', () => {
    const res = overdueFollowUps(cols, now);
    expect(res.map((r) => r.customerId)).toEqual(['I']);
    expect(res[0]?.reason).toEqual({ kind: 'followUpOverdue', followUpAt: now - DAY, daysOverdue: 1 });
    expect(risks(cols, now).overdueFollowUps).toEqual(res);
  });
});
