// The descriptive statistics the analyses need over one numeric column (scaling.ts, correlation.ts).
// Pure; no DOM, no storage.
//
// Missing values: `null`, `undefined`, NaN and ±Infinity are "missing" everywhere in workers/stats;
// they are skipped. Anything undefined for the data at hand is `null` (never NaN): mean/min/max
// need n ≥ 1, the sample variance/sd need n ≥ 2.

/** A numeric column as the worker receives it: plain array (null = missing) or a typed array (NaN = missing). */
export type NumericColumn = ArrayLike<number | null | undefined>;

export function isPresent(v: number | null | undefined): v is number {
  return typeof v === 'number' && Number.isFinite(v);
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

/** Sample variance Σ(x−x̄)²/(n−1) (Bessel-corrected); null when n < 2. */
export function sampleVariance(values: NumericColumn): number | null {
  const { n, ss } = sumSquaredDeviations(values);
  return n < 2 ? null : ss / (n - 1);
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
