import { describe as group, expect, it } from 'vitest';
import * as ss from 'simple-statistics';
import { minMaxScale, zScores } from '../../../workers/stats/scaling';

group('scaling', () => {
  it('min-max scales to [0, 1], missing stays missing', () => {
    // min 2, max 6, range 4: 2 → 0, 4 → 0.5, 6 → 1
    expect(minMaxScale([2, 4, null, 6, NaN])).toEqual({ values: [0, 0.5, null, 1, null], min: 2, max: 6 });
  });

  it('z-scores use the sample sd', () => {
    // mean 4; Σ(x − 4)² = 4 + 0 + 4 = 8; sample sd √(8/2) = 2 → [−1, 0, 1]
    const z = zScores([2, 4, null, 6]);
    expect(z.values).toEqual([-1, 0, null, 1]);
    expect(z.mean).toBe(4);
    expect(z.sampleStdDev).toBe(2);
  });

  it('agrees with simple-statistics zScore', () => {
    const v = [3, 17, 4, 4, 9, 250, 12];
    const m = ss.mean(v);
    const sd = ss.sampleStandardDeviation(v);
    zScores(v).values.forEach((z, i) => expect(z).toBeCloseTo(ss.zScore(v[i]!, m, sd), 12));
  });

  it('constant column or a single value → 0 everywhere, never NaN or Infinity', () => {
    expect(minMaxScale([3, 3, NaN, 3]).values).toEqual([0, 0, null, 0]);
    expect(zScores([3, 3, NaN, 3]).values).toEqual([0, 0, null, 0]);
    expect(minMaxScale([7]).values).toEqual([0]);
    expect(zScores([7]).values).toEqual([0]);
    expect(zScores([null]).values).toEqual([null]);
    expect(minMaxScale([]).values).toEqual([]);
  });
});
