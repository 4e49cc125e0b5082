// The incremental overview / currencies / filter options of SummaryStore (one new order
// reflected without a pass over every customer) must equal a full recomputation after every change.
// Two oracles each step: a fresh store over the same rows, and a direct, deliberately naive
// re-statement of the overview rules below (score list + netPromoterScore, nothing kept).
import { describe, expect, test } from 'vitest';
import { netPromoterScore, npsCategory } from '../../../src/domain/activity';
import { Rng } from '../../../src/domain/random';
import { createInsightsApi } from '../../../workers/stats/insights-api';
import { SummaryStore, type SummaryRow } from '../../../workers/stats/summary';
import { monthStart, type MonthFilter, type SummaryOverview } from '../../../workers/stats/summary-overview';

const DAY = 86_400_000;
const NOW = new Date(2026, 5, 15, 12).getTime(); // 15 June 2026, local

const TAGS = ['vip', 'new', 'wholesale'];
const OWNERS = ['', 'rep1', 'rep2', 'rep3'];
const REGIONS = ['', 'North', 'South'];
const CURRENCIES = ['EUR', 'USD', 'GBP'];
const MONTHS = Array.from({ length: 20 }, (_, i) => {
  const d = new Date(2025, i, 1); // Jan 2025 … Aug 2026 (some after NOW)
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
});

const pick = <T>(rng: Rng, a: readonly T[]): T => a[rng.int(0, a.length - 1)] as T;

/** A random summary row. Not internally consistent on purpose: the rules must hold for any row. */
function randomRow(rng: Rng, id: string): SummaryRow {
  const months: SummaryRow['months'][number][] = [];
  for (let k = rng.int(0, 5); k > 0; k--) {
    // orders 0 happens too (a month entry that must still open the chart's span)
    months.push({
      month: pick(rng, MONTHS),
      currency: pick(rng, CURRENCIES),
      revenueMinor: rng.int(0, 50_000),
      orders: rng.int(0, 4),
    });
  }
  const spend = CURRENCIES.filter(() => rng.chance(0.4)).map((currency) => ({
    currency,
    totalMinor: rng.int(0, 90_000),
    orders: rng.int(0, 6),
  }));
  const surveys = Array.from({ length: rng.int(0, 3) }, () => ({
    at: monthStart(pick(rng, MONTHS)) + rng.int(0, 27) * DAY,
    score: rng.int(0, 10),
  }));
  const orderCount = rng.chance(0.2) ? 0 : rng.int(1, 12);
  // last order: around the activity windows, sometimes after `now` / the range end
  const lastOrderAt = NOW - rng.int(-40, 400) * DAY;
  return {
    id,
    tags: TAGS.filter(() => rng.chance(0.3)),
    ownerId: pick(rng, OWNERS),
    region: pick(rng, REGIONS),
    orderCount,
    firstOrderAt: lastOrderAt - rng.int(0, 300) * DAY,
    lastOrderAt,
    meanIntervalDays: -1,
    medianIntervalDays: -1,
    spend,
    months,
    surveyCount: surveys.length,
    scoreSum: surveys.reduce((s, x) => s + x.score, 0),
    lastScore: surveys.at(-1)?.score ?? -1,
    lastSurveyAt: surveys.at(-1)?.at ?? 0,
    surveys,
    visits: [],
    lastInteractionAt: 0,
    openFollowUpAt: 0,
    skus: [],
    quality: rng.int(0, 100),
    contactable: [],
  };
}

function randomFilter(rng: Rng): MonthFilter {
  const f: MonthFilter = {};
  if (rng.chance(0.3)) f.tag = pick(rng, TAGS);
  if (rng.chance(0.25)) f.ownerId = pick(rng, OWNERS);
  if (rng.chance(0.25)) f.region = pick(rng, REGIONS);
  if (rng.chance(0.35)) f.fromMonth = pick(rng, MONTHS);
  if (rng.chance(0.35)) f.toMonth = pick(rng, MONTHS);
  return f;
}

const ym = (ms: number): string => {
  const d = new Date(ms);
  return `${String(d.getFullYear()).padStart(4, '0')}-${String(d.getMonth() + 1).padStart(2, '0')}`;
};

/** The overview rules (summary.ts header) stated directly over the rows. */
function naiveOverview(rows: readonly SummaryRow[], f: MonthFilter, now: number, currency: string): SummaryOverview {
  const sel = rows.filter(
    (r) =>
      (f.ownerId === undefined || r.ownerId === f.ownerId) &&
      (f.region === undefined || r.region === f.region) &&
      (f.tag === undefined || r.tags.includes(f.tag)),
  );
  const inRange = (m: string): boolean =>
    (f.fromMonth === undefined || m >= f.fromMonth) && (f.toMonth === undefined || m <= f.toMonth);
  const rangeFrom = f.fromMonth ? monthStart(f.fromMonth) : -Infinity;
  const rangeTo = f.toMonth ? monthStart(f.toMonth, 1) : Infinity;
  const end = Math.min(rangeTo - 1, now);
  const activeFrom = Math.max(rangeFrom, end - 90 * DAY);
  const isActive = (r: SummaryRow): boolean => {
    if (r.orderCount === 0) return false;
    if (r.lastOrderAt <= end) return r.lastOrderAt >= activeFrom;
    return r.months.some((m) => m.month >= ym(activeFrom) && m.month <= ym(end));
  };
  const lines = sel.flatMap((r) => r.months).filter((m) => inRange(m.month));
  const mine = lines.filter((m) => m.currency === currency);
  const orders = mine.reduce((s, m) => s + m.orders, 0);
  const revenue = mine.reduce((s, m) => s + m.revenueMinor, 0);
  const present = [...new Set(mine.map((m) => m.month))].sort();
  const revenueByMonth =
    present.length === 0
      ? []
      : MONTHS.filter((m) => m >= (present[0] as string) && m <= (present.at(-1) as string)).map((month) => ({
          month,
          revenueMinor: mine.filter((m) => m.month === month).reduce((s, m) => s + m.revenueMinor, 0),
          orders: mine.filter((m) => m.month === month).reduce((s, m) => s + m.orders, 0),
        }));
  const scores = sel
    .flatMap((r) => r.surveys)
    .filter((s) => s.at >= rangeFrom && s.at < rangeTo)
    .map((s) => s.score);
  const quality = sel.reduce((s, r) => s + r.quality, 0);
  return {
    currency,
    customers: sel.length,
    activeCustomers: sel.filter(isActive).length,
    orders,
    otherCurrencyOrders: lines.filter((m) => m.currency !== currency).reduce((s, m) => s + m.orders, 0),
    revenueMinor: revenue,
    avgOrderValueMinor: orders === 0 ? null : revenue / orders,
    revenueByMonth,
    nps: {
      score: netPromoterScore(scores),
      promoters: scores.filter((s) => npsCategory(s) === 'promoter').length,
      passives: scores.filter((s) => npsCategory(s) === 'passive').length,
      detractors: scores.filter((s) => npsCategory(s) === 'detractor').length,
      responses: scores.length,
    },
    qualityScore: sel.length === 0 ? null : quality / sel.length,
  };
}

function naiveCurrencies(rows: readonly SummaryRow[]): { currency: string; orders: number; revenueMinor: number }[] {
  const present = [...new Set(rows.flatMap((r) => r.spend.map((s) => s.currency)))];
  return present
    .map((currency) => {
      const lines = rows.flatMap((r) => r.spend).filter((s) => s.currency === currency);
      return {
        currency,
        orders: lines.reduce((s, x) => s + x.orders, 0),
        revenueMinor: lines.reduce((s, x) => s + x.totalMinor, 0),
      };
    })
    .sort((a, b) => b.orders - a.orders || (a.currency < b.currency ? -1 : 1));
}

function naiveOptions(rows: readonly SummaryRow[]): { tags: string[]; owners: string[]; regions: string[] } {
  const top = (values: string[]): string[] => {
    const distinct = [...new Set(values.filter((v) => v !== ''))];
    const n = (v: string): number => values.filter((x) => x === v).length;
    return distinct.sort((a, b) => n(b) - n(a) || (a < b ? -1 : 1));
  };
  return {
    tags: top(rows.flatMap((r) => r.tags)),
    owners: top(rows.map((r) => r.ownerId)),
    regions: top(rows.map((r) => r.region)),
  };
}

describe('incremental overview over summary rows', () => {
  test('a long random sequence of upserts, removals, filter / currency / time changes equals a full recomputation after every step', () => {
    const rng = new Rng(20260615);
    const live = new Map<string, SummaryRow>();
    const api = createInsightsApi();
    const ids = Array.from({ length: 60 }, (_, i) => `c${i}`);
    // a handful of queries the "screen" flips between (more than the cache keeps, so keys get evicted)
    const queries = Array.from({ length: 12 }, () => ({
      filter: randomFilter(rng),
      now: NOW + rng.int(0, 2) * 45 * DAY,
      currency: rng.chance(0.3) ? pick(rng, CURRENCIES) : undefined,
    }));
    queries[0] = { filter: {}, now: NOW, currency: undefined };
    let q = queries[0];
    for (let step = 0; step < 1500; step++) {
      const op = rng.next();
      if (op < 0.55) {
        // one changed row (the app's common case) or a small batch with removals
        const upserts = Array.from({ length: rng.chance(0.8) ? 1 : rng.int(2, 6) }, () =>
          randomRow(rng, pick(rng, ids)),
        );
        const removed = rng.chance(0.25) ? [pick(rng, ids), pick(rng, ids)] : [];
        api.apply(upserts, removed);
        for (const id of removed) live.delete(id);
        for (const r of upserts) live.set(r.id, r);
      } else if (op < 0.65) {
        const id = pick(rng, ids);
        api.apply([], [id]);
        live.delete(id);
      } else if (op < 0.9) {
        q = pick(rng, queries);
      } else {
        q = {
          filter: randomFilter(rng),
          now: NOW + rng.int(-30, 30) * DAY,
          currency: rng.chance(0.5) ? pick(rng, CURRENCIES) : undefined,
        };
      }
      const rows = [...live.values()];
      const got = api.overview(q.filter, q.now, q.currency);
      const fresh = createInsightsApi();
      fresh.load(rows);
      const full = fresh.overview(q.filter, q.now, q.currency);
      expect(got, `step ${step}`).toEqual(full);
      const cur = q.currency ?? naiveCurrencies(rows)[0]?.currency ?? '';
      expect(got, `step ${step} (naive)`).toEqual(naiveOverview(rows, q.filter, q.now, cur));
      const info = api.info();
      expect(info.currencies, `step ${step} currencies`).toEqual(naiveCurrencies(rows));
      expect(info.options, `step ${step} options`).toEqual(naiveOptions(rows));
    }
  });

  test('after one changed row the overview replays the change instead of passing over every customer', () => {
    const rng = new Rng(7);
    const store = new SummaryStore();
    const rows = Array.from({ length: 200 }, (_, i) => randomRow(rng, `c${i}`));
    for (const r of rows) store.upsert(r);
    const cur = store.pickCurrency();
    store.overview({}, NOW, cur);
    store.overview({ tag: 'vip', fromMonth: '2025-06' }, NOW, cur);
    expect(store.overviewFullPasses).toBe(2);
    const changed = randomRow(rng, 'c5');
    store.upsert(changed);
    store.remove('c6');
    store.upsert(randomRow(rng, 'new'));
    const a = store.overview({}, NOW, cur);
    const b = store.overview({ tag: 'vip', fromMonth: '2025-06' }, NOW, cur);
    expect(store.overviewFullPasses).toBe(2);
    const fresh = new SummaryStore();
    for (const r of [...rows.filter((r) => r.id !== 'c5' && r.id !== 'c6'), changed]) fresh.upsert(r);
    // same rows, different insertion order: integer sums do not care
    fresh.upsert(store.get('new') as SummaryRow);
    expect(a).toEqual(fresh.overview({}, NOW, cur));
    expect(b).toEqual(fresh.overview({ tag: 'vip', fromMonth: '2025-06' }, NOW, cur));
    // a new key is one full pass; a month range in the past keeps its key as `now` moves on
    store.overview({ toMonth: '2025-12' }, NOW, cur);
    store.overview({ toMonth: '2025-12' }, NOW + 30 * DAY, cur);
    expect(store.overviewFullPasses).toBe(3);
  });

  test('more changes than the journal keeps: the cached keys are dropped and recomputed exactly', () => {
    const rng = new Rng(11);
    const store = new SummaryStore();
    const live = new Map<string, SummaryRow>();
    for (let i = 0; i < 50; i++) {
      const r = randomRow(rng, `c${i}`);
      store.upsert(r);
      live.set(r.id, r);
    }
    const cur = 'EUR';
    store.overview({}, NOW, cur);
    for (let k = 0; k < 3000; k++) {
      const r = randomRow(rng, `c${rng.int(0, 79)}`);
      store.upsert(r);
      live.set(r.id, r);
    }
    const passes = store.overviewFullPasses;
    expect(store.overview({}, NOW, cur)).toEqual(naiveOverview([...live.values()], {}, NOW, cur));
    expect(store.overviewFullPasses).toBe(passes + 1);
  });

  test('a currency no row has any more leaves the list; another activity window is another key', () => {
    const rng = new Rng(3);
    const store = new SummaryStore();
    const a = {
      ...randomRow(rng, 'a'),
      spend: [
        { currency: 'EUR', totalMinor: 100, orders: 1 },
        { currency: 'GBP', totalMinor: 0, orders: 0 },
      ],
    };
    store.upsert(a);
    expect(store.currencies().map((c) => c.currency)).toEqual(['EUR', 'GBP']);
    store.upsert({ ...a, spend: [{ currency: 'EUR', totalMinor: 300, orders: 2 }] });
    expect(store.currencies()).toEqual([{ currency: 'EUR', orders: 2, revenueMinor: 300 }]);
    store.remove('a');
    expect(store.currencies()).toEqual([]);
    // activeDays changes the window, not the range: must not reuse the 90-day figures
    const b = { ...randomRow(rng, 'b'), orderCount: 1, lastOrderAt: NOW - 30 * DAY };
    store.upsert(b);
    expect(store.overview({}, NOW, 'EUR', 90).activeCustomers).toBe(1);
    expect(store.overview({}, NOW, 'EUR', 10).activeCustomers).toBe(0);
  });

  test('the next minute only recounts the active customers; the last two windows stay up to date', () => {
    const rng = new Rng(5);
    const store = new SummaryStore();
    const live = new Map<string, SummaryRow>();
    const put = (r: SummaryRow): void => {
      store.upsert(r);
      live.set(r.id, r);
    };
    for (let i = 0; i < 300; i++) put(randomRow(rng, `c${i}`));
    const cur = 'EUR';
    // windows far enough apart (60 days) that the active counts differ
    const t1 = NOW;
    const t2 = NOW + 60 * DAY;
    const naive = (t: number) => naiveOverview([...live.values()], {}, t, cur);
    expect(store.overview({}, t1, cur)).toEqual(naive(t1));
    expect(store.overview({}, t2, cur)).toEqual(naive(t2));
    expect(naive(t1).activeCustomers).not.toBe(naive(t2).activeCustomers);
    expect([store.overviewFullPasses, store.overviewWindowPasses]).toEqual([1, 1]);
    for (let k = 0; k < 20; k++) {
      put(randomRow(rng, `c${rng.int(0, 320)}`));
      expect(store.overview({}, k % 2 ? t1 : t2, cur)).toEqual(naive(k % 2 ? t1 : t2));
    }
    expect([store.overviewFullPasses, store.overviewWindowPasses]).toEqual([1, 1]);
  });
});
