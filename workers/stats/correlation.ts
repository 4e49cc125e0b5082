// Pearson and Spearman correlation, their plain-language reading, and a correlation matrix.
// Pairwise-complete: a row counts only when both values are present (see descriptive.ts for
// "missing"); n is the number of such rows. r is null (never NaN) when n < 2 or a column has no
// variation among those rows.
import { isPresent, type NumericColumn } from './descriptive';

export interface CorrelationResult {
  /** −1..1, or null when undefined (n < 2 or a constant column) */
  r: number | null;
  /** pairwise complete observations */
  n: number;
}

/** Indices of rows where both columns are present. */
function completeRows(x: NumericColumn, y: NumericColumn): Uint32Array {
  const len = Math.min(x.length, y.length);
  const tmp = new Uint32Array(len);
  let n = 0;
  for (let i = 0; i < len; i++) if (isPresent(x[i]) && isPresent(y[i])) tmp[n++] = i;
  return tmp.subarray(0, n);
}

function pearsonDense(x: ArrayLike<number>, y: ArrayLike<number>): number | null {
  const n = x.length;
  if (n < 2) return null;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < n; i++) {
    sx += x[i] as number;
    sy += y[i] as number;
  }
  const mx = sx / n;
  const my = sy / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (x[i] as number) - mx;
    const dy = (y[i] as number) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return null;
  const r = sxy / Math.sqrt(sxx * syy);
  return Math.max(-1, Math.min(1, r));
}

function gather(col: NumericColumn, rows: Uint32Array): Float64Array {
  const out = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = col[rows[i] as number] as number;
  return out;
}

/** Pearson product-moment correlation r = Σdxdy / √(Σdx²·Σdy²) over pairwise complete rows. */
export function pearson(x: NumericColumn, y: NumericColumn): CorrelationResult {
  const rows = completeRows(x, y);
  return { r: pearsonDense(gather(x, rows), gather(y, rows)), n: rows.length };
}

/**
 * 1-based ranks of dense values, ties get the average of the ranks they span
 * ([10, 20, 20, 30] → [1, 2.5, 2.5, 4]). O(n log n): one numeric typed-array sort plus a binary
 * search per value (no comparator sort).
 */
export function rankDense(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const sorted = Float64Array.from(values).sort();
  const ranks = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    const first = lowerBound(sorted, v);
    const last = upperBound(sorted, v); // exclusive
    ranks[i] = (first + 1 + last) / 2; // mean of ranks first+1 .. last
  }
  return ranks;
}

/** Ranks of a column with missing values: missing stays NaN, present values ranked among themselves. */
export function rank(values: NumericColumn): Float64Array {
  const rows = completeRows(values, values);
  const r = rankDense(gather(values, rows));
  const out = new Float64Array(values.length).fill(NaN);
  for (let i = 0; i < rows.length; i++) out[rows[i] as number] = r[i] as number;
  return out;
}

export function lowerBound(sorted: ArrayLike<number>, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function upperBound(sorted: ArrayLike<number>, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Spearman ρ: Pearson r of the average ranks (ties averaged) over pairwise complete rows. */
export function spearman(x: NumericColumn, y: NumericColumn): CorrelationResult {
  const rows = completeRows(x, y);
  return { r: pearsonDense(rankDense(gather(x, rows)), rankDense(gather(y, rows))), n: rows.length };
}

export type CorrelationStrength = 'none' | 'weak' | 'moderate' | 'strong' | 'very strong';
export type CorrelationDirection = 'positive' | 'negative' | 'none';

export interface CorrelationReading {
  strength: CorrelationStrength;
  direction: CorrelationDirection;
  /** fewer than 3 pairs: any r is meaningless (two points always lie on a line) */
  insufficient: boolean;
  /** r is undefined although n ≥ 2: one of the measures has no variation */
  noVariation: boolean;
}

/**
 * Plain-language reading as data (the UI turns it into words). Thresholds on |r| (after Cohen,
 * extended): < 0.1 none, < 0.3 weak, < 0.5 moderate, < 0.7 strong, ≥ 0.7 very strong.
 * Direction is 'none' when the strength is 'none', r is null, or the data are insufficient.
 */
export function describeCorrelation(r: number | null, n: number): CorrelationReading {
  const insufficient = n < 3;
  const noVariation = r === null && n >= 2;
  if (r === null || !Number.isFinite(r) || insufficient) {
    return { strength: 'none', direction: 'none', insufficient, noVariation };
  }
  const a = Math.abs(r);
  const strength: CorrelationStrength =
    a < 0.1 ? 'none' : a < 0.3 ? 'weak' : a < 0.5 ? 'moderate' : a < 0.7 ? 'strong' : 'very strong';
  const direction: CorrelationDirection = strength === 'none' ? 'none' : r > 0 ? 'positive' : 'negative';
  return { strength, direction, insufficient, noVariation };
}

export interface NamedColumn {
  name: string;
  values: NumericColumn;
}

export interface CorrelationMatrix {
  names: string[];
  /** r[i][j]; the diagonal is 1 when the column varies, else null */
  r: (number | null)[][];
  /** n[i][j] pairwise complete observations */
  n: number[][];
}

/**
 * Symmetric matrix of Pearson or Spearman coefficients over named columns (pairwise complete).
 * Spearman ranks each column once and reuses those ranks for every pair whose complete rows are
 * exactly the column's present rows; other pairs are re-ranked on their own complete rows.
 */
export function correlationMatrix(
  columns: readonly NamedColumn[],
  method: 'pearson' | 'spearman' = 'pearson',
): CorrelationMatrix {
  const k = columns.length;
  const r: (number | null)[][] = Array.from({ length: k }, () => new Array<number | null>(k).fill(null));
  const n: number[][] = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const present = columns.map((c) => completeRows(c.values, c.values).length);
  const ranks = method === 'spearman' ? columns.map((c) => rank(c.values)) : [];
  for (let i = 0; i < k; i++) {
    const ci = columns[i] as NamedColumn;
    for (let j = i; j < k; j++) {
      const cj = columns[j] as NamedColumn;
      let res: CorrelationResult;
      if (method === 'pearson') res = pearson(ci.values, cj.values);
      else {
        const rows = completeRows(ci.values, cj.values);
        if (rows.length === present[i] && rows.length === present[j]) {
          res = {
            r: pearsonDense(gather(ranks[i] as Float64Array, rows), gather(ranks[j] as Float64Array, rows)),
            n: rows.length,
          };
        } else res = spearman(ci.values, cj.values);
      }
      (r[i] as (number | null)[])[j] = res.r;
      (r[j] as (number | null)[])[i] = res.r;
      (n[i] as number[])[j] = res.n;
      (n[j] as number[])[i] = res.n;
    }
  }
  return { names: columns.map((c) => c.name), r, n };
}
