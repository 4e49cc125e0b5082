// The per-customer measures rule for Insights: one summary row per live customer, computed from
// that customer's own orders, surveys and interactions. Pure: the data layer stores these rows
// (src/data/derived/measures.ts, schema `measures`) and the stats worker analyses them, so the rule
// and the row's shape exist once. src/data/db/schemas.ts checks at compile time that the stored
// document type is exactly `MeasureRow`.
import { DAY_MS } from './dates';
import { recordIssues, recordScore, type QualityInput } from './quality';
import type { Customer, Interaction, Order, Survey } from './types';

/** Bump when summarize() changes: every row is then rebuilt once on the next start. */
export const MEASURES_VERSION = 2;
/** Visits remembered per customer (enough for "visits in the last 90 days" in practice). */
export const MAX_VISITS = 200;
/** Surveys remembered per customer (for NPS over a date range); older ones only count in the average. */
export const MAX_SURVEYS = 200;

/** One customer's measures. Money per currency (never converted: no exchange rates offline). */
export interface MeasureRow {
  /** the customer id */
  id: string;
  /** MEASURES_VERSION of the code that wrote the row */
  v: number;
  updatedAt: number;
  tags: string[];
  ownerId: string;
  region: string;
  /** counted (non-cancelled) orders in every currency */
  orderCount: number;
  /** epoch ms; 0 without orders */
  firstOrderAt: number;
  lastOrderAt: number;
  /** days between consecutive orders; −1 with fewer than 2 orders */
  meanIntervalDays: number;
  medianIntervalDays: number;
  /** spend and order count per currency, largest spend first */
  spend: { currency: string; totalMinor: number; orders: number }[];
  /** revenue and orders per local month 'YYYY-MM' and currency, ascending */
  months: { month: string; currency: string; revenueMinor: number; orders: number }[];
  surveyCount: number;
  scoreSum: number;
  /** −1 without surveys */
  lastScore: number;
  /** 0 without surveys */
  lastSurveyAt: number;
  /** the most recent surveys (oldest first, at most MAX_SURVEYS) */
  surveys: { at: number; score: number }[];
  /** times of the most recent visits (newest last, at most MAX_VISITS) */
  visits: number[];
  interactionCount: number;
  /** 0 without interactions */
  lastInteractionAt: number;
  /** follow-up asked by the latest interaction; 0 for none */
  openFollowUpAt: number;
  /** distinct SKUs ever bought (counted orders), sorted */
  skus: string[];
  /** data-quality score 0–100 of the customer record (quality.ts recordScore) */
  quality: number;
}

/** The numeric per-customer measures the Insights analyses work with (computed from a row at a given time). */
export const NUMERIC_MEASURES = [
  'totalSpendMinor',
  'orderCount',
  'avgOrderValueMinor',
  'recencyDays',
  'avgSatisfaction',
  'visitsLast90d',
  'medianOrderIntervalDays',
  'surveyCount',
  'lastScore',
] as const;
export type NumericMeasure = (typeof NUMERIC_MEASURES)[number];

/**
 * Measures shown standardized (min-max and z) in the RFM segment list and its export, in this order:
 * a segment member's `minMax[i]` / `z[i]` are STANDARDIZED[i]'s (the worker computes, the screen labels).
 */
export const STANDARDIZED: readonly NumericMeasure[] = [
  'totalSpendMinor',
  'orderCount',
  'recencyDays',
  'avgSatisfaction',
];

/** What the statistics read of a row: everything but the bookkeeping (rule version, time computed, interaction count). */
export type MeasureSummary = Omit<MeasureRow, 'v' | 'updatedAt' | 'interactionCount'>;

/** The customer fields the measures depend on. */
export type MeasuredCustomer = Pick<Customer, 'id' | 'tags' | 'ownerId'> & QualityInput;
export type MeasuredOrder = Pick<Order, 'id' | 'orderedAt' | 'status' | 'currency' | 'totalMinor' | 'items'>;
export type MeasuredSurvey = Pick<Survey, 'id' | 'at' | 'score'>;
export type MeasuredInteraction = Pick<Interaction, 'id' | 'at' | 'type' | 'followUpAt'>;

/**
 * Data-quality score (0–100) of one customer record: the same rule as the Quality screen
 * (quality.ts: weighted completeness and penalties for invalid values). Phones are stored in E.164,
 * so the default region only matters for odd legacy values: the record's country, else US.
 */
export function qualityOf(c: MeasuredCustomer): number {
  return recordScore(c, recordIssues(c, { defaultRegion: c.country || 'US' }));
}

function byTime<T extends { id: string }>(at: (x: T) => number): (a: T, b: T) => number {
  return (a, b) => at(a) - at(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** 'YYYY-MM' of an epoch ms in local time: the month key of revenue buckets and month filters. */
export function monthOf(ms: number): string {
  const d = new Date(ms);
  return `${String(d.getFullYear()).padStart(4, '0')}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

/**
 * The measures row of one live customer from all of its rows (any order).
 * Cancelled orders count nowhere. The latest interaction (by time, then id) decides the open follow-up.
 */
export function summarize(
  c: MeasuredCustomer,
  orders: readonly MeasuredOrder[],
  surveys: readonly MeasuredSurvey[],
  interactions: readonly MeasuredInteraction[],
  now: number,
): MeasureRow {
  const os = orders.filter((o) => o.status !== 'cancelled').sort(byTime((o: MeasuredOrder) => o.orderedAt));
  const spend = new Map<string, { currency: string; totalMinor: number; orders: number }>();
  const months = new Map<string, { month: string; currency: string; revenueMinor: number; orders: number }>();
  const skus = new Set<string>();
  for (const o of os) {
    const s = spend.get(o.currency) ?? { currency: o.currency, totalMinor: 0, orders: 0 };
    s.totalMinor += o.totalMinor;
    s.orders += 1;
    spend.set(o.currency, s);
    const month = monthOf(o.orderedAt);
    const key = `${month}|${o.currency}`;
    const m = months.get(key) ?? { month, currency: o.currency, revenueMinor: 0, orders: 0 };
    m.revenueMinor += o.totalMinor;
    m.orders += 1;
    months.set(key, m);
    for (const it of o.items) if (it.sku) skus.add(it.sku);
  }
  const gaps: number[] = [];
  for (let i = 1; i < os.length; i++)
    gaps.push(((os[i] as MeasuredOrder).orderedAt - (os[i - 1] as MeasuredOrder).orderedAt) / DAY_MS);
  const sortedGaps = [...gaps].sort((a, b) => a - b);
  const h = (sortedGaps.length - 1) / 2;
  const median =
    gaps.length === 0 ? -1 : ((sortedGaps[Math.floor(h)] as number) + (sortedGaps[Math.ceil(h)] as number)) / 2;
  const mean = gaps.length === 0 ? -1 : gaps.reduce((a, b) => a + b, 0) / gaps.length;

  const ss = [...surveys].sort(byTime((s: MeasuredSurvey) => s.at));
  const lastSurvey = ss[ss.length - 1];
  const is = [...interactions].sort(byTime((r: MeasuredInteraction) => r.at));
  const lastInteraction = is[is.length - 1];
  const visits = is.filter((r) => r.type === 'visit').map((r) => r.at);

  return {
    id: c.id,
    v: MEASURES_VERSION,
    updatedAt: now,
    tags: [...c.tags],
    ownerId: c.ownerId,
    region: c.region,
    orderCount: os.length,
    firstOrderAt: os[0]?.orderedAt ?? 0,
    lastOrderAt: os[os.length - 1]?.orderedAt ?? 0,
    meanIntervalDays: mean,
    medianIntervalDays: median,
    spend: [...spend.values()].sort((a, b) => b.totalMinor - a.totalMinor || (a.currency < b.currency ? -1 : 1)),
    months: [...months.values()].sort((a, b) =>
      a.month < b.month ? -1 : a.month > b.month ? 1 : a.currency < b.currency ? -1 : 1,
    ),
    surveyCount: ss.length,
    scoreSum: ss.reduce((a, s) => a + s.score, 0),
    lastScore: lastSurvey ? lastSurvey.score : -1,
    lastSurveyAt: lastSurvey ? lastSurvey.at : 0,
    surveys: ss.slice(-MAX_SURVEYS).map((s) => ({ at: s.at, score: s.score })),
    visits: visits.slice(-MAX_VISITS),
    interactionCount: is.length,
    lastInteractionAt: lastInteraction ? lastInteraction.at : 0,
    openFollowUpAt: lastInteraction && lastInteraction.followUpAt > 0 ? lastInteraction.followUpAt : 0,
    skus: [...skus].sort(),
    quality: qualityOf(c),
  };
}
