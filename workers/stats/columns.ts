// The per-customer measures as the analyses read them: one customer's measures (`CustomerMeasures`) and
// every customer's as columns (`MeasureColumns`), built by SummaryStore from the summary rows and read by
// rfm.ts, risk.ts, correlation.ts, scaling.ts and insights-api.ts. Types and the attribute filter only,
// so every analysis module can depend on this one without depending on another analysis.
import type { NumericMeasure } from '../../src/domain/measures';

export type { NumericMeasure } from '../../src/domain/measures';

export interface CustomerMeasures {
  customerId: string;
  totalSpendMinor: number;
  orderCount: number;
  /** totalSpendMinor / orderCount, unrounded; null without orders */
  avgOrderValueMinor: number | null;
  /** whole days since the last order, ⌊(now − lastOrderAt) / day⌋, ≥ 0; null without orders */
  recencyDays: number | null;
  lastOrderAt: number | null;
  firstOrderAt: number | null;
  /** median of the gaps between consecutive orders, in (fractional) days; null with < 2 orders */
  medianOrderIntervalDays: number | null;
  /** mean survey score; null without surveys */
  avgSatisfaction: number | null;
  surveyCount: number;
  /** score of the latest survey (by time, then id) */
  lastScore: number | null;
  lastSurveyAt: number | null;
  /** interactions of type 'visit' with now − 90 days ≤ at ≤ now */
  visitsLast90d: number;
  lastInteractionAt: number | null;
  /** follow-up date asked by the latest interaction, if any */
  openFollowUpAt: number | null;
}

/**
 * All measures of all live customers (not deleted, not merged away) as columns; NaN = missing.
 * Row i of every column is customer ids[i]. Transferable.
 */
export interface MeasureColumns {
  ids: string[];
  totalSpendMinor: Float64Array;
  orderCount: Float64Array;
  avgOrderValueMinor: Float64Array;
  recencyDays: Float64Array;
  lastOrderAt: Float64Array;
  firstOrderAt: Float64Array;
  medianOrderIntervalDays: Float64Array;
  avgSatisfaction: Float64Array;
  surveyCount: Float64Array;
  lastScore: Float64Array;
  lastSurveyAt: Float64Array;
  visitsLast90d: Float64Array;
  lastInteractionAt: Float64Array;
  openFollowUpAt: Float64Array;
  tags: (readonly string[])[];
  ownerId: string[];
  region: string[];
}

/** The measures of the correlation matrix. */
// The matrix's own choice, not NUMERIC_MEASURES' first six: the two lists change for different reasons.
export const CORRELATION_MEASURES: readonly NumericMeasure[] = [
  'totalSpendMinor',
  'orderCount',
  'avgOrderValueMinor',
  'recencyDays',
  'avgSatisfaction',
  'visitsLast90d',
];

/** 1 for rows matching the attribute filters (tag / owner / region; exact matches). */
export function customerMask(
  cols: Pick<MeasureColumns, 'ids' | 'tags' | 'ownerId' | 'region'>,
  filter: { tag?: string; ownerId?: string; region?: string },
): Uint8Array {
  const n = cols.ids.length;
  const mask = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (filter.ownerId !== undefined && cols.ownerId[i] !== filter.ownerId) continue;
    if (filter.region !== undefined && cols.region[i] !== filter.region) continue;
    if (filter.tag !== undefined && !(cols.tags[i] ?? []).includes(filter.tag)) continue;
    mask[i] = 1;
  }
  return mask;
}
