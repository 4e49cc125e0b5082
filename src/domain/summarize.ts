// The per-customer measures rule: one live customer's orders, surveys and interactions → its
// `MeasureRow` (measures.ts). Pure; run by the data layer (src/data/derived/measures.ts) whenever
// one of the customer's records changes.
import { DAY_MS } from './dates';
import { monthOf, type MeasureRow } from './measures';
import { recordIssues, recordScore, type QualityInput } from './quality';
import type { Customer, Interaction, Order, Survey } from './types';
import { countsAsRevenue } from './order-status';
import { CONSENT_CHANNELS, mayContact } from './consent';

/** Bump when summarize() changes: every row is then rebuilt once on the next start. */
export const MEASURES_VERSION = 4;
/** Visits remembered per customer (enough for "visits in the last 90 days" in practice). */
export const MAX_VISITS = 200;
/** Surveys remembered per customer (for NPS over a date range); older ones only count in the average. */
export const MAX_SURVEYS = 200;

/** The customer fields the measures depend on. */
export type MeasuredCustomer = Pick<Customer, 'id' | 'tags' | 'ownerId' | 'consent'> & QualityInput;
export type MeasuredOrder = Pick<Order, 'id' | 'orderedAt' | 'status' | 'currency' | 'totalMinor' | 'items'>;
export type MeasuredSurvey = Pick<Survey, 'id' | 'at' | 'score'>;
export type MeasuredInteraction = Pick<Interaction, 'id' | 'at' | 'type' | 'followUpAt'>;

/**
 * Data-quality score (0–100) of one customer record: the same rule as the Quality screen
 * (quality.ts: weighted completeness and penalties for invalid values). Phones are stored in E.164,
 * so the default region only matters for odd legacy values: the record's country, else US.
 * Synchronous: a customer with a phone needs the phone metadata loaded first (ensurePhoneFor).
 */
export function qualityOf(c: MeasuredCustomer): number {
  return recordScore(c, recordIssues(c, { defaultRegion: c.country || 'US' }));
}

function byTime<T extends { id: string }>(at: (x: T) => number): (a: T, b: T) => number {
  return (a, b) => at(a) - at(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * The measures row of one live customer from all of its rows (any order).
 * Only orders in a revenue status (order-status.ts: confirmed, delivered, paid) count, everywhere:
 * spend, months, order count, intervals and the SKUs behind recommendations; drafts and cancelled
 * orders count nowhere. The latest interaction (by time, then id) decides the open follow-up.
 */
export function summarize(
  c: MeasuredCustomer,
  orders: readonly MeasuredOrder[],
  surveys: readonly MeasuredSurvey[],
  interactions: readonly MeasuredInteraction[],
  now: number,
): MeasureRow {
  const os = orders.filter((o) => countsAsRevenue(o.status)).sort(byTime((o: MeasuredOrder) => o.orderedAt));
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
    contactable: CONSENT_CHANNELS.filter((ch) => mayContact(c.consent, ch)),
  };
}
