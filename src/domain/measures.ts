// The per-customer measures for Insights: the row (`MeasureRow`, one per live customer), its month
// key and the names of the measures computed from it. The data layer stores these rows
// (src/data/derived/measures.ts, schema `measures`; src/data/db/schemas.ts checks at compile time
// that the stored document type is exactly `MeasureRow`) and the stats worker analyses them. How a
// row is computed is summarize.ts; this module imports nothing, so the worker that reads rows does
// not bundle the quality rules (and their phone metadata) that computing one needs.

/** One customer's measures. Money per currency (never converted: no exchange rates offline). */
export interface MeasureRow {
  /** the customer id */
  id: string;
  /** MEASURES_VERSION (summarize.ts) of the code that wrote the row */
  v: number;
  updatedAt: number;
  tags: string[];
  ownerId: string;
  region: string;
  /** counted orders (confirmed, delivered, paid) in every currency */
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
  /**
   * The channels ('email', 'sms', 'phone', in that order) the customer consented to be contacted on
   * (consent.ts: granted; unknown or refused is not): what segments and their export filter on.
   */
  contactable: string[];
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

/** 'YYYY-MM' of an epoch ms in local time: the month key of revenue buckets and month filters. */
export function monthOf(ms: number): string {
  const d = new Date(ms);
  return `${String(d.getFullYear()).padStart(4, '0')}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}
