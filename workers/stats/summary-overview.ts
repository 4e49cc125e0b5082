// The overview figures over summary rows, as sums a SummaryStore can keep up to date: one customer's
// share (`contribute`, with sign 1 to add and −1 to take a previous version back out), the activity
// test, and turning the sums into the result. Pure functions over rows; the store owns the caches
// and the journal of changes that drive them (summary.ts).
//
// Date ranges are whole local months ('YYYY-MM', inclusive), because revenue is kept in monthly
// buckets. Active customers: an order in the activity window — the `activeDays` up to the end of the
// range (or now) — decided from the last order date when it lies before the range end, else from the
// monthly buckets overlapping that window (month precision). Revenue, orders and AOV count only the
// analysis currency; orders in other currencies are reported as such.
import { isEventCustomer } from '../../src/domain/kiosk';
import { npsCategory } from '../../src/domain/activity';
import { DAY_MS } from '../../src/domain/dates';
import { monthOf, type MeasureSummary } from '../../src/domain/measures';

type SummaryRow = MeasureSummary;

export interface MonthRevenue {
  month: string;
  revenueMinor: number;
  orders: number;
}

export interface Nps {
  /** −100..100, null without responses */
  score: number | null;
  promoters: number;
  passives: number;
  detractors: number;
  responses: number;
}

export interface MonthFilter {
  tag?: string;
  ownerId?: string;
  region?: string;
  /** 'YYYY-MM', inclusive */
  fromMonth?: string;
  /** 'YYYY-MM', inclusive */
  toMonth?: string;
}

export interface SummaryOverview {
  currency: string;
  customers: number;
  activeCustomers: number;
  orders: number;
  /** orders in the range in other currencies (not in revenue / AOV) */
  otherCurrencyOrders: number;
  revenueMinor: number;
  avgOrderValueMinor: number | null;
  revenueByMonth: MonthRevenue[];
  nps: Nps;
  /** mean data-quality score of the customers, 0–100; null without customers */
  qualityScore: number | null;
}

/** Local start of a 'YYYY-MM' month (+ k months). */
export function monthStart(month: string, plus = 0): number {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7)) - 1;
  return new Date(y, m + plus, 1).getTime();
}

function nextMonth(month: string): string {
  return monthOf(monthStart(month, 1));
}

/** One overview key: the filter and everything derived from `now` that the figures depend on. */
export interface OverviewParams {
  /** everything but the activity window: the attribute filter, month range and currency */
  key: string;
  /** the activity window (where `now` enters) */
  windowKey: string;
  tag: string | undefined;
  ownerId: string | undefined;
  region: string | undefined;
  currency: string;
  fromM: string;
  toM: string;
  rangeFrom: number;
  rangeTo: number;
  end: number;
  activeFrom: number;
  activeFromKey: string;
  endKey: string;
}

/** The overview's running sums (all integers: exact under any order of additions and subtractions). */
export interface OverviewAcc {
  customers: number;
  quality: number;
  orders: number;
  other: number;
  revenue: number;
  /** per month in the range and currency: revenue, orders and how many month entries feed it */
  byMonth: Map<string, { rev: number; n: number; entries: number }>;
  promoters: number;
  passives: number;
  detractors: number;
}

export function overviewParams(filter: MonthFilter, now: number, currency: string, activeDays: number): OverviewParams {
  const fromM = filter.fromMonth ?? '';
  const toM = filter.toMonth ?? '\uffff';
  const rangeFrom = filter.fromMonth ? monthStart(filter.fromMonth) : -Infinity;
  const rangeTo = filter.toMonth ? monthStart(filter.toMonth, 1) : Infinity;
  const end = Math.min(rangeTo - 1, now);
  const activeFrom = Math.max(rangeFrom, end - activeDays * DAY_MS);
  const activeFromKey = isFinite(activeFrom) ? monthOf(activeFrom) : '';
  const endKey = monthOf(end);
  // `now` enters only through `end` and `activeFrom` (the activity window), so the rest keeps its key
  // as the minute-granular `now` moves on, and a past month range keeps even its window.
  const key = JSON.stringify([filter.tag ?? null, filter.ownerId ?? null, filter.region ?? null, currency, fromM, toM]);
  const windowKey = `${end}|${activeFrom}`;
  return {
    key,
    windowKey,
    tag: filter.tag,
    ownerId: filter.ownerId,
    region: filter.region,
    currency,
    fromM,
    toM,
    rangeFrom,
    rangeTo,
    end,
    activeFrom,
    activeFromKey,
    endKey,
  };
}

export function emptyAcc(): OverviewAcc {
  return {
    customers: 0,
    quality: 0,
    orders: 0,
    other: 0,
    revenue: 0,
    byMonth: new Map(),
    promoters: 0,
    passives: 0,
    detractors: 0,
  };
}

/** The customer passes the attribute filters. */
export function selected(r: SummaryRow, p: OverviewParams): boolean {
  if (p.ownerId !== undefined && r.ownerId !== p.ownerId) return false;
  if (p.region !== undefined && r.region !== p.region) return false;
  return p.tag === undefined || r.tags.includes(p.tag);
}

/** An order in the activity window (see the header). */
export function isActive(r: SummaryRow, w: ActivityWindow): boolean {
  if (r.orderCount === 0) return false;
  if (r.lastOrderAt <= w.end) return r.lastOrderAt >= w.activeFrom;
  return r.months.some((m) => m.month >= w.activeFromKey && m.month <= w.endKey);
}

export type ActivityWindow = Pick<OverviewParams, 'end' | 'activeFrom' | 'activeFromKey' | 'endKey'>;

/** The map's entry for `key`, added by `make` when there is none yet (a running total kept by count). */
export function entryOf<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let e = map.get(key);
  if (e === undefined) {
    e = make();
    map.set(key, e);
  }
  return e;
}

/** Adds (sign 1) or removes (sign −1) one selected customer's share of everything but the active count. */
export function contribute(acc: OverviewAcc, r: SummaryRow, p: OverviewParams, sign: 1 | -1): void {
  // An NPS kiosk event's pseudo-customer: its answers count in the NPS below, but it is not a
  // customer (not counted, no record quality).
  if (!isEventCustomer(r)) {
    acc.customers += sign;
    acc.quality += sign * r.quality;
  }
  for (const m of r.months) {
    if (m.month < p.fromM || m.month > p.toM) continue;
    if (m.currency !== p.currency) {
      acc.other += sign * m.orders;
      continue;
    }
    acc.orders += sign * m.orders;
    acc.revenue += sign * m.revenueMinor;
    const e = entryOf(acc.byMonth, m.month, () => ({ rev: 0, n: 0, entries: 0 }));
    e.rev += sign * m.revenueMinor;
    e.n += sign * m.orders;
    e.entries += sign;
    // a month no row contributes to any more is no longer part of the chart's span
    if (e.entries === 0) acc.byMonth.delete(m.month);
  }
  for (const s of r.surveys) {
    if (s.at < p.rangeFrom || s.at >= p.rangeTo) continue;
    const cat = npsCategory(s.score);
    if (cat === 'promoter') acc.promoters += sign;
    else if (cat === 'passive') acc.passives += sign;
    else acc.detractors += sign;
  }
}

export function result(acc: OverviewAcc, active: number, currency: string): SummaryOverview {
  const revenueByMonth: MonthRevenue[] = [];
  const keys = [...acc.byMonth.keys()].sort();
  if (keys.length) {
    const last = keys[keys.length - 1] as string;
    for (let m = keys[0] as string; m <= last; m = nextMonth(m)) {
      const e = acc.byMonth.get(m);
      revenueByMonth.push({ month: m, revenueMinor: e?.rev ?? 0, orders: e?.n ?? 0 });
    }
  }
  const responses = acc.promoters + acc.passives + acc.detractors;
  return {
    currency,
    customers: acc.customers,
    activeCustomers: active,
    orders: acc.orders,
    otherCurrencyOrders: acc.other,
    revenueMinor: acc.revenue,
    avgOrderValueMinor: acc.orders === 0 ? null : acc.revenue / acc.orders,
    revenueByMonth,
    nps: {
      score: npsFromCounts(acc.promoters, acc.detractors, responses),
      promoters: acc.promoters,
      passives: acc.passives,
      detractors: acc.detractors,
      responses,
    },
    qualityScore: acc.customers === 0 ? null : acc.quality / acc.customers,
  };
}

/** src/domain/activity.ts netPromoterScore from counts (the same formula; no score list to keep). */
function npsFromCounts(promoters: number, detractors: number, responses: number): number | null {
  return responses === 0 ? null : Math.round(((promoters - detractors) * 100) / responses);
}
