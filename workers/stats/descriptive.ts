// Descriptive statistics over one numeric column. Pure; no DOM, no storage.
//
// Missing values: `null`, `undefined`, NaN and ±Infinity are "missing" everywhere in workers/stats;
// they are skipped, and counted in `missing`. Anything undefined for the data at hand is `null`
// (never NaN): mean/median/min/max/quartiles need n ≥ 1, the sample variance/sd need n ≥ 2.
//
// Quantiles use linear interpolation between order statistics, Hyndman & Fan type 7 (R's default,
// numpy's 'linear', Excel QUARTILE.INC, simple-statistics `quantile`): h = (n − 1)·p,
// Q(p) = x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]) on the ascending sorted values (0-based).

/** A numeric column as the worker receives it: plain array (null = missing) or a typed array (NaN = missing). */
export type NumericColumn = ArrayLike<number | null | undefined>;

export function isPresent(v: number | null | undefined): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/** The present values, in input order, as a Float64Array. */
export function presentValues(values: NumericColumn): Float64Array {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (isPresent(values[i])) n++;
  const out = new Float64Array(n);
  let j = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (isPresent(v)) out[j++] = v;
  }
  return out;
}

/** The present values sorted ascending (typed-array sort is numeric). */
export function sortedPresent(values: NumericColumn): Float64Array {
  return presentValues(values).sort();
}

export function count(values: NumericColumn): number {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (isPresent(values[i])) n++;
  return n;
}

export function sum(values: NumericColumn): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (isPresent(v)) s += v;
  }
  return s;
}

export function mean(values: NumericColumn): number | null {
  const n = count(values);
  return n === 0 ? null : sum(values) / n;
}

/** Sum of squared deviations from the mean (two-pass, numerically stable enough for our ranges). */
function sumSquaredDeviations(values: NumericColumn): { n: number; mean: number; ss: number } {
  let n = 0;
  let s = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (isPresent(v)) {
      n++;
      s += v;
    }
  }
  const m = n === 0 ? 0 : s / n;
  let ss = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (isPresent(v)) ss += (v - m) * (v - m);
  }
  return { n, mean: m, ss };
}

/** Population variance Σ(x−x̄)²/n; null when n = 0. */
export function populationVariance(values: NumericColumn): number | null {
  const { n, ss } = sumSquaredDeviations(values);
  return n === 0 ? null : ss / n;
}

/** Sample variance Σ(x−x̄)²/(n−1) (Bessel-corrected); null when n < 2. */
export function sampleVariance(values: NumericColumn): number | null {
  const { n, ss } = sumSquaredDeviations(values);
  return n < 2 ? null : ss / (n - 1);
}

/** Population standard deviation √(Σ(x−x̄)²/n); null when n = 0 (0 for a single value). */
export function populationStdDev(values: NumericColumn): number | null {
  const v = populationVariance(values);
  return v === null ? null : Math.sqrt(v);
}

/** Sample standard deviation √(Σ(x−x̄)²/(n−1)); null when n < 2. */
export function sampleStdDev(values: NumericColumn): number | null {
  const v = sampleVariance(values);
  return v === null ? null : Math.sqrt(v);
}

export function min(values: NumericColumn): number | null {
  let m: number | null = null;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (isPresent(v) && (m === null || v < m)) m = v;
  }
  return m;
}

export function max(values: NumericColumn): number | null {
  let m: number | null = null;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (isPresent(v) && (m === null || v > m)) m = v;
  }
  return m;
}

/** R-7 quantile of ascending-sorted present values; null when empty. p is clamped to [0, 1]. */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const q = Math.min(1, Math.max(0, p));
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const a = sorted[lo] as number;
  if (lo >= n - 1) return sorted[n - 1] as number;
  const b = sorted[lo + 1] as number;
  return a + (h - lo) * (b - a);
}

/** R-7 quantile (see the file header) ignoring missing values; null when there are none. */
export function quantile(values: NumericColumn, p: number): number | null {
  return quantileSorted(sortedPresent(values), p);
}

export function median(values: NumericColumn): number | null {
  return quantile(values, 0.5);
}

export interface Quartiles {
  q1: number;
  median: number;
  q3: number;
  iqr: number;
}

/** First quartile, median, third quartile; null when there are no values. */
export function quartiles(values: NumericColumn): Quartiles | null {
  const s = sortedPresent(values);
  if (s.length === 0) return null;
  const q1 = quantileSorted(s, 0.25) as number;
  const q3 = quantileSorted(s, 0.75) as number;
  return { q1, median: quantileSorted(s, 0.5) as number, q3, iqr: q3 - q1 };
}

export interface Summary {
  /** present values */
  count: number;
  /** null / NaN / ±Infinity entries skipped */
  missing: number;
  sum: number;
  mean: number | null;
  median: number | null;
  q1: number | null;
  q3: number | null;
  min: number | null;
  max: number | null;
  /** Σ(x−x̄)²/(n−1); null when n < 2 */
  sampleVariance: number | null;
  sampleStdDev: number | null;
  /** Σ(x−x̄)²/n; null when n = 0 */
  populationVariance: number | null;
  populationStdDev: number | null;
}

/** Everything above in one pass plus one sort. */
export function describe(values: NumericColumn): Summary {
  const s = sortedPresent(values);
  const n = s.length;
  let total = 0;
  for (let i = 0; i < n; i++) total += s[i] as number;
  const m = n === 0 ? null : total / n;
  let ss = 0;
  if (m !== null) for (let i = 0; i < n; i++) ss += ((s[i] as number) - m) ** 2;
  const sv = n < 2 ? null : ss / (n - 1);
  const pv = n === 0 ? null : ss / n;
  return {
    count: n,
    missing: values.length - n,
    sum: total,
    mean: m,
    median: quantileSorted(s, 0.5),
    q1: quantileSorted(s, 0.25),
    q3: quantileSorted(s, 0.75),
    min: n === 0 ? null : (s[0] as number),
    max: n === 0 ? null : (s[n - 1] as number),
    sampleVariance: sv,
    sampleStdDev: sv === null ? null : Math.sqrt(sv),
    populationVariance: pv,
    populationStdDev: pv === null ? null : Math.sqrt(pv),
  };
}

export interface HistogramBin {
  /** inclusive lower edge */
  lo: number;
  /** exclusive upper edge, inclusive for the last bin */
  hi: number;
  count: number;
}

export interface Histogram {
  bins: HistogramBin[];
  /** bins.length + 1 edges, ascending (a constant column has edges [v, v]) */
  edges: number[];
  missing: number;
}

export interface HistogramOptions {
  /** number of equal-width bins; default Sturges' rule ⌈log₂ n⌉ + 1, capped at 50 */
  bins?: number;
}

/**
 * Equal-width histogram over [min, max]. Each bin is [lo, hi) except the last, which is [lo, hi].
 * No values → no bins. Constant values → one bin [v, v] holding all of them (no zero-width division).
 */
export function histogram(values: NumericColumn, opts: HistogramOptions = {}): Histogram {
  const s = presentValues(values);
  const n = s.length;
  const missing = values.length - n;
  if (n === 0) return { bins: [], edges: [], missing };
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = s[i] as number;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo === hi) return { bins: [{ lo, hi, count: n }], edges: [lo, hi], missing };
  const k = Math.max(1, Math.floor(opts.bins ?? Math.min(50, Math.ceil(Math.log2(n)) + 1)));
  const width = (hi - lo) / k;
  const edges: number[] = [];
  for (let i = 0; i < k; i++) edges.push(lo + i * width);
  edges.push(hi);
  const counts = new Array<number>(k).fill(0);
  for (let i = 0; i < n; i++) {
    const v = s[i] as number;
    let b = Math.min(k - 1, Math.floor((v - lo) / width));
    // Rounding can put a value sitting exactly on an edge into the neighbouring bin: fix it up.
    while (b > 0 && v < (edges[b] as number)) b--;
    while (b < k - 1 && v >= (edges[b + 1] as number)) b++;
    counts[b] = (counts[b] as number) + 1;
  }
  const bins: HistogramBin[] = counts.map((c, i) => ({ lo: edges[i] as number, hi: edges[i + 1] as number, count: c }));
  return { bins, edges, missing };
}
