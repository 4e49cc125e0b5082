// RFM: recency, frequency, monetary quintile scores (1–5) and named segments.
//
// Who is scored: customers with at least one counted order (orderCount > 0). The others are not
// scored (score 0, segment null) and reported as `unscored`.
//
// Scores are rank-based quintiles with ties averaged (deterministic, input order irrelevant):
// sort the scored customers by "goodness" (R: fewer recency days is better, F: more orders, M: more
// spend), give each value its average 1-based rank r̄ among the n scored customers (equal values
// share it), and score = ⌊5·(r̄ − ½)/n⌋ + 1, i.e. the quintile of the mid-rank percentile
// (r̄ − ½)/n. With n divisible by 5 and distinct values each score holds exactly n/5 customers;
// equal values always get equal scores; if everyone ties, everyone gets 3. Computed in integers:
// with 0-based first/last positions f ≤ l of the tie group, r̄ = (f + l + 2)/2, so
// score = ⌊5·(f + l + 1) / (2n)⌋ + 1.
//
// Segments follow the widely used R×F grid (the "RFM segment map": Champions, Loyal, Potential
// loyalist, New, Promising, Need attention, At risk, Can't lose, Hibernating, Lost); the monetary
// score is reported alongside and weighs in the revenue share, not in the segment:
//
//            F=1           F=2           F=3              F=4        F=5
//   R=5      new           potentialLoyalist              champions  champions
//   R=4      promising     potentialLoyalist              loyal      loyal
//   R=3      needAttention needAttention needAttention    loyal      loyal
//   R=2      hibernating   hibernating   atRisk           atRisk     cantLose
//   R=1      lost          lost          atRisk           atRisk     cantLose
//
// (The classic map's "About to sleep" cell R=3·F=1–2 is folded into Need attention; R=1·F=1–2 is
// Lost and R=2·F=1–2 Hibernating.)
import type { MeasureColumns } from './columns';

export const RFM_SEGMENTS = [
  'champions',
  'loyal',
  'potentialLoyalist',
  'new',
  'promising',
  'needAttention',
  'atRisk',
  'cantLose',
  'hibernating',
  'lost',
] as const;
export type RfmSegment = (typeof RFM_SEGMENTS)[number];

/** Segment of an R and F score (1..5 each). */
export function rfmSegment(r: number, f: number): RfmSegment {
  if (r >= 5) return f >= 4 ? 'champions' : f >= 2 ? 'potentialLoyalist' : 'new';
  if (r === 4) return f >= 4 ? 'loyal' : f >= 2 ? 'potentialLoyalist' : 'promising';
  if (r === 3) return f >= 4 ? 'loyal' : 'needAttention';
  if (f >= 5) return 'cantLose';
  if (f >= 3) return 'atRisk';
  return r === 2 ? 'hibernating' : 'lost';
}

/**
 * Quintile scores 1..5 for dense values where larger is better (method: file header).
 * One numeric typed-array sort + a binary search per value: O(n log n), no comparator.
 */
export function quintileScores(values: ArrayLike<number>): Uint8Array {
  const n = values.length;
  const sorted = Float64Array.from(values).sort();
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((sorted[mid] as number) < v) lo = mid + 1;
      else hi = mid;
    }
    const first = lo;
    hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((sorted[mid] as number) <= v) lo = mid + 1;
      else hi = mid;
    }
    const last = lo - 1;
    out[i] = Math.min(5, Math.floor((5 * (first + last + 1)) / (2 * n)) + 1);
  }
  return out;
}

export interface SegmentSummary {
  segment: RfmSegment;
  count: number;
  revenueMinor: number;
  /** revenueMinor / revenue of all scored customers; null when that is 0 */
  revenueShare: number | null;
}

export interface RfmResult {
  /** per row of the input columns; 0 = not scored */
  r: Uint8Array;
  f: Uint8Array;
  m: Uint8Array;
  /** index into RFM_SEGMENTS; 255 = not scored */
  segment: Uint8Array;
  segments: SegmentSummary[];
  scored: number;
  /** customers without orders */
  unscored: number;
  totalRevenueMinor: number;
}

export const NOT_SCORED = 255;

type RfmInput = Pick<MeasureColumns, 'ids' | 'orderCount' | 'recencyDays' | 'totalSpendMinor'>;

export function rfm(cols: RfmInput): RfmResult {
  const N = cols.ids.length;
  const rows: number[] = [];
  for (let i = 0; i < N; i++) {
    const c = cols.orderCount[i] as number;
    if (c > 0 && Number.isFinite(cols.recencyDays[i])) rows.push(i);
  }
  const n = rows.length;
  const rec = new Float64Array(n);
  const freq = new Float64Array(n);
  const mon = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const i = rows[j] as number;
    rec[j] = -(cols.recencyDays[i] as number); // fewer days = better
    freq[j] = cols.orderCount[i] as number;
    mon[j] = cols.totalSpendMinor[i] as number;
  }
  const rs = quintileScores(rec);
  const fs = quintileScores(freq);
  const ms = quintileScores(mon);
  const r = new Uint8Array(N);
  const f = new Uint8Array(N);
  const m = new Uint8Array(N);
  const segment = new Uint8Array(N).fill(NOT_SCORED);
  const counts = new Array<number>(RFM_SEGMENTS.length).fill(0);
  const revenue = new Array<number>(RFM_SEGMENTS.length).fill(0);
  let total = 0;
  for (let j = 0; j < n; j++) {
    const i = rows[j] as number;
    const ri = rs[j] as number;
    const fi = fs[j] as number;
    r[i] = ri;
    f[i] = fi;
    m[i] = ms[j] as number;
    const s = RFM_SEGMENTS.indexOf(rfmSegment(ri, fi));
    segment[i] = s;
    counts[s] = (counts[s] as number) + 1;
    revenue[s] = (revenue[s] as number) + (mon[j] as number);
    total += mon[j] as number;
  }
  const segments = RFM_SEGMENTS.map((seg, s) => ({
    segment: seg,
    count: counts[s] as number,
    revenueMinor: revenue[s] as number,
    revenueShare: total === 0 ? null : (revenue[s] as number) / total,
  }));
  return { r, f, m, segment, segments, scored: n, unscored: N - n, totalRevenueMinor: total };
}

/** Rows of the input columns in one segment (for the segment's customer list / CSV export). */
export function segmentRows(result: RfmResult, seg: RfmSegment): number[] {
  const s = RFM_SEGMENTS.indexOf(seg);
  const out: number[] = [];
  for (let i = 0; i < result.segment.length; i++) if (result.segment[i] === s) out.push(i);
  return out;
}
