// Insights over per-customer summary rows (the worker's app-facing API), hand-computed.
import { describe, expect, test } from 'vitest';
import { createInsightsApi } from '../../../workers/stats/insights-api';
import type { SummaryRow } from '../../../workers/stats/summary';
import { monthStart } from '../../../workers/stats/summary-overview';

const DAY = 86_400_000;
const NOW = new Date(2026, 5, 15, 12).getTime(); // 15 June 2026, local

function row(id: string, o: Partial<SummaryRow> = {}): SummaryRow {
  return {
    id,
    tags: [],
    ownerId: '',
    region: '',
    orderCount: 0,
    firstOrderAt: 0,
    lastOrderAt: 0,
    meanIntervalDays: -1,
    medianIntervalDays: -1,
    spend: [],
    months: [],
    surveyCount: 0,
    scoreSum: 0,
    lastScore: -1,
    lastSurveyAt: 0,
    surveys: [],
    visits: [],
    lastInteractionAt: 0,
    openFollowUpAt: 0,
    skus: [],
    quality: 50,
    contactable: [],
    ...o,
  };
}

// a: 2 EUR orders (Jan 1000, Mar 3000) + 1 USD order (Mar 500); satisfaction 9 and 10; tag vip
// b: 1 EUR order (Jun 2000); one survey 4
// c: no orders; one survey 7
// d: no orders, no surveys
const rows: SummaryRow[] = [
  row('a', {
    tags: ['vip'],
    ownerId: 'rep1',
    region: 'North',
    orderCount: 3,
    firstOrderAt: new Date(2026, 0, 10).getTime(),
    lastOrderAt: new Date(2026, 2, 20).getTime(),
    medianIntervalDays: 30,
    meanIntervalDays: 34,
    spend: [
      { currency: 'EUR', totalMinor: 4000, orders: 2 },
      { currency: 'USD', totalMinor: 500, orders: 1 },
    ],
    months: [
      { month: '2026-01', currency: 'EUR', revenueMinor: 1000, orders: 1 },
      { month: '2026-03', currency: 'EUR', revenueMinor: 3000, orders: 1 },
      { month: '2026-03', currency: 'USD', revenueMinor: 500, orders: 1 },
    ],
    surveyCount: 2,
    scoreSum: 19,
    lastScore: 10,
    lastSurveyAt: new Date(2026, 2, 1).getTime(),
    surveys: [
      { at: new Date(2026, 1, 1).getTime(), score: 9 },
      { at: new Date(2026, 2, 1).getTime(), score: 10 },
    ],
    skus: ['X', 'Y'],
  }),
  row('b', {
    ownerId: 'rep2',
    region: 'South',
    orderCount: 1,
    firstOrderAt: new Date(2026, 5, 1).getTime(),
    lastOrderAt: new Date(2026, 5, 1).getTime(),
    spend: [{ currency: 'EUR', totalMinor: 2000, orders: 1 }],
    months: [{ month: '2026-06', currency: 'EUR', revenueMinor: 2000, orders: 1 }],
    surveyCount: 1,
    scoreSum: 4,
    lastScore: 4,
    lastSurveyAt: new Date(2026, 5, 2).getTime(),
    surveys: [{ at: new Date(2026, 5, 2).getTime(), score: 4 }],
    skus: ['X'],
  }),
  row('c', {
    surveyCount: 1,
    scoreSum: 7,
    lastScore: 7,
    lastSurveyAt: new Date(2026, 4, 1).getTime(),
    surveys: [{ at: new Date(2026, 4, 1).getTime(), score: 7 }],
  }),
  row('d', { quality: 100 }),
];

function api() {
  const a = createInsightsApi();
  a.load(rows);
  return a;
}

describe('insights over summary rows', () => {
  test('the analysis currency defaults to the one with the most orders', () => {
    expect(api().info().currencies).toEqual([
      { currency: 'EUR', orders: 3, revenueMinor: 6000 },
      { currency: 'USD', orders: 1, revenueMinor: 500 },
    ]);
  });

  test('overview: customers, active, revenue by month with gaps, AOV, NPS; other currencies counted apart', () => {
    const o = api().overview({}, NOW);
    expect(o).toMatchObject({
      currency: 'EUR',
      customers: 4,
      orders: 3,
      otherCurrencyOrders: 1,
      revenueMinor: 6000,
      avgOrderValueMinor: 2000,
    });
    // active = an order within 90 days of now (15 Jun): b (1 Jun) and a (20 Mar = 87 days before)
    expect(o.activeCustomers).toBe(2);
    expect(o.revenueByMonth.map((m) => [m.month, m.revenueMinor, m.orders])).toEqual([
      ['2026-01', 1000, 1],
      ['2026-02', 0, 0],
      ['2026-03', 3000, 1],
      ['2026-04', 0, 0],
      ['2026-05', 0, 0],
      ['2026-06', 2000, 1],
    ]);
    // scores 9, 10, 4, 7: 2 promoters, 1 passive, 1 detractor → (2 − 1) / 4 = 25
    expect(o.nps).toEqual({ score: 25, promoters: 2, passives: 1, detractors: 1, responses: 4 });
    // quality 50, 50, 50, 100 → 62.5
    expect(o.qualityScore).toBe(62.5);
  });

  test('overview filters: tag, owner, region, month range', () => {
    const a = api();
    expect(a.overview({ tag: 'vip' }, NOW)).toMatchObject({ customers: 1, revenueMinor: 4000, orders: 2 });
    expect(a.overview({ ownerId: 'rep2' }, NOW)).toMatchObject({ customers: 1, revenueMinor: 2000 });
    expect(a.overview({ region: 'Nowhere' }, NOW)).toMatchObject({
      customers: 0,
      orders: 0,
      avgOrderValueMinor: null,
      nps: { score: null, responses: 0 },
    });
    const q1 = a.overview({ fromMonth: '2026-02', toMonth: '2026-03' }, NOW);
    expect(q1).toMatchObject({
      orders: 1,
      revenueMinor: 3000,
      otherCurrencyOrders: 1,
      nps: { responses: 2, promoters: 2 },
    });
    // active in the 90 days up to the end of March: a (20 Mar)
    expect(q1.activeCustomers).toBe(1);
    expect(a.overview({}, NOW, 'USD')).toMatchObject({
      currency: 'USD',
      orders: 1,
      revenueMinor: 500,
      otherCurrencyOrders: 3,
    });
  });

  test('satisfaction vs spend: only customers with orders and surveys; n < 3 gives no r', () => {
    const s = api().satisfactionVsSpend(NOW);
    // pairs: a (4000, 9.5), b (2000, 4) → n = 2: r is ±1 by construction but n < 3 is "insufficient"
    expect(s.pearson.n).toBe(2);
    expect(s.pearsonReading.insufficient).toBe(true);
    expect(s.points.map((p) => [p.id, p.x, p.y])).toEqual([
      ['a', 4000, 9.5],
      ['b', 2000, 4],
    ]);
  });

  test('rfm, segment members with standardized measures, risks, recommendations, next best action', () => {
    const a = api();
    const r = a.rfm(NOW);
    expect(r).toMatchObject({ scored: 2, unscored: 2, totalRevenueMinor: 6000 });
    const members = r.segments.filter((s) => s.count > 0).flatMap((s) => a.rfmSegment(s.segment, NOW));
    expect(members.map((m) => m.id).sort()).toEqual(['a', 'b']);
    const ma = members.find((m) => m.id === 'a');
    // spend over all 4 customers: 4000, 2000, 0, 0 → min-max 1; z = (4000 − 1500) / sd, sd = √(3,666,666.67) = 1914.85
    expect(ma?.minMax[0]).toBe(1);
    expect(ma?.z[0]).toBeCloseTo(2500 / 1914.854, 4);
    // a: last order 20 Mar, median interval 30 d → 87 days silent > 2 × 30: churn risk
    const risks = a.risks(NOW);
    expect(risks.churn.map((x) => x.customerId)).toEqual(['a']);
    expect(risks.detractors.map((x) => [x.customerId, x.reason.score])).toEqual([['b', 4]]);
    // b bought X; a bought X and Y → for b: Y, bought by 1 of the 2 customers who bought X
    const cb = a.customer('b', NOW);
    expect(cb.recommendations).toEqual([
      { sku: 'Y', score: 0.5, reason: { because: 'X', share: 0.5, supportCount: 1 } },
    ]);
    expect(a.customer('a', NOW).next.kind).toBe('lapsed');
  });

  test('one changed row is reflected; a removed customer drops out', () => {
    const a = api();
    a.overview({}, NOW);
    a.apply(
      [
        row('d', {
          orderCount: 1,
          firstOrderAt: NOW - DAY,
          lastOrderAt: NOW - DAY,
          spend: [{ currency: 'EUR', totalMinor: 900, orders: 1 }],
          months: [{ month: '2026-06', currency: 'EUR', revenueMinor: 900, orders: 1 }],
        }),
      ],
      ['c'],
    );
    const o = a.overview({}, NOW);
    expect(o).toMatchObject({ customers: 3, orders: 4, revenueMinor: 6900, activeCustomers: 3 });
    expect(o.nps.responses).toBe(3);
  });

  test('constant spend: no r (no variation), standardized values 0, not NaN; missing satisfaction skipped', () => {
    const a = createInsightsApi();
    const buyer = (id: string, score: number | null): SummaryRow =>
      row(id, {
        orderCount: 1,
        firstOrderAt: NOW - 5 * DAY,
        lastOrderAt: NOW - 5 * DAY,
        spend: [{ currency: 'EUR', totalMinor: 1000, orders: 1 }],
        months: [{ month: '2026-06', currency: 'EUR', revenueMinor: 1000, orders: 1 }],
        ...(score === null
          ? {}
          : {
              surveyCount: 1,
              scoreSum: score,
              lastScore: score,
              lastSurveyAt: NOW - DAY,
              surveys: [{ at: NOW - DAY, score }],
            }),
      });
    a.load([buyer('p', 9), buyer('q', 5), buyer('r', 7), buyer('s', null)]);
    const s = a.satisfactionVsSpend(NOW);
    expect(s.pearson).toEqual({ r: null, n: 3 });
    expect(s.spearman).toEqual({ r: null, n: 3 });
    expect(s.pearsonReading).toMatchObject({ insufficient: false, noVariation: true });
    // all tied on R, F and M → everyone scores 3 (rfm.ts), one segment
    const seg = a.rfm(NOW).segments.filter((x) => x.count > 0);
    expect(seg).toEqual([{ segment: 'needAttention', count: 4, revenueMinor: 4000, revenueShare: 1 }]);
    const members = a.rfmSegment('needAttention', NOW);
    expect(members.map((m) => [m.r, m.f, m.m])).toEqual([
      [3, 3, 3],
      [3, 3, 3],
      [3, 3, 3],
      [3, 3, 3],
    ]);
    // spend min-max and z of a constant column are 0; satisfaction of 's' is missing (null)
    expect(members.map((m) => [m.minMax[0], m.z[0]])).toEqual([
      [0, 0],
      [0, 0],
      [0, 0],
      [0, 0],
    ]);
    expect(members.find((m) => m.id === 's')?.minMax[3]).toBeNull();
    expect(members.find((m) => m.id === 's')?.avgSatisfaction).toBeNull();
  });

  test('a segment filtered on consent lists only those who agreed to the channel, with the same scores', () => {
    const a = createInsightsApi();
    const buyer = (id: string, contactable: string[]): SummaryRow =>
      row(id, {
        orderCount: 1,
        firstOrderAt: NOW - 5 * DAY,
        lastOrderAt: NOW - 5 * DAY,
        spend: [{ currency: 'EUR', totalMinor: 1000, orders: 1 }],
        months: [{ month: '2026-06', currency: 'EUR', revenueMinor: 1000, orders: 1 }],
        contactable,
      });
    a.load([buyer('p', ['email', 'sms']), buyer('q', ['sms']), buyer('r', []), buyer('s', ['email'])]);
    const all = a.rfmSegment('needAttention', NOW);
    expect(all.map((m) => m.id).sort()).toEqual(['p', 'q', 'r', 's']);
    const email = a.rfmSegment('needAttention', NOW, undefined, undefined, 'email');
    expect(email.map((m) => m.id).sort()).toEqual(['p', 's']);
    expect(email).toEqual(all.filter((m) => m.id === 'p' || m.id === 's'));
    expect(
      a
        .rfmSegment('needAttention', NOW, undefined, undefined, 'sms')
        .map((m) => m.id)
        .sort(),
    ).toEqual(['p', 'q']);
    expect(a.rfmSegment('needAttention', NOW, undefined, undefined, 'phone')).toEqual([]);
    // A consent change arrives as a new row: the filter follows it.
    a.load([buyer('r', ['phone'])]);
    expect(a.rfmSegment('needAttention', NOW, undefined, undefined, 'phone').map((m) => m.id)).toEqual(['r']);
  });

  test('no customers: empty overview without NaN', () => {
    const o = createInsightsApi().overview({}, NOW);
    expect(o).toEqual({
      currency: '',
      customers: 0,
      activeCustomers: 0,
      orders: 0,
      otherCurrencyOrders: 0,
      revenueMinor: 0,
      avgOrderValueMinor: null,
      revenueByMonth: [],
      nps: { score: null, promoters: 0, passives: 0, detractors: 0, responses: 0 },
      qualityScore: null,
    });
  });

  test('monthStart is the local first of the month', () => {
    expect(monthStart('2026-03')).toBe(new Date(2026, 2, 1).getTime());
    expect(monthStart('2026-12', 1)).toBe(new Date(2027, 0, 1).getTime());
  });
});
