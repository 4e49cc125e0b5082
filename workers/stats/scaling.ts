// Standardization of a per-customer measure for the customer table and export.
// Missing values (null/NaN/±Infinity) stay missing: the output holds null at their positions.
// Never NaN or Infinity in the output:
// - a constant column (or a single present value) min-max scales to 0 for every present value
//   (chosen over 0.5: with no spread every value sits at the bottom of its one-point range, and
//   0 is also what the z-score gives, so both standardizations agree on "no difference");
// - z-scores use the SAMPLE standard deviation (n − 1), as the UI labels them; when it is 0 or
//   undefined (n < 2) every present value gets z = 0.
import { isPresent, mean, min, max, sampleStdDev, type NumericColumn } from './descriptive';

export interface MinMaxScaled {
  /** (x − min) / (max − min) ∈ [0, 1]; null where the input was missing */
  values: (number | null)[];
  min: number | null;
  max: number | null;
}

export function minMaxScale(values: NumericColumn): MinMaxScaled {
  const lo = min(values);
  const hi = max(values);
  const range = lo !== null && hi !== null ? hi - lo : 0;
  const out = new Array<number | null>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    out[i] = isPresent(v) ? (range > 0 ? (v - (lo as number)) / range : 0) : null;
  }
  return { values: out, min: lo, max: hi };
}

export interface ZScored {
  /** (x − mean) / sampleStdDev; null where the input was missing */
  values: (number | null)[];
  mean: number | null;
  sampleStdDev: number | null;
}

export function zScores(values: NumericColumn): ZScored {
  const m = mean(values);
  const sd = sampleStdDev(values);
  const out = new Array<number | null>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    out[i] = isPresent(v) ? (sd !== null && sd > 0 ? (v - (m as number)) / sd : 0) : null;
  }
  return { values: out, mean: m, sampleStdDev: sd };
}
