import { describe as group, expect, it } from 'vitest';
import * as ss from 'simple-statistics';
import { createRng } from '../../../src/domain/random';
import { count, max, mean, min, sampleStdDev, sampleVariance } from '../../../workers/stats/descriptive';

group('descriptive statistics', () => {
  // The present values [2, 4, 4, 4, 5, 5, 7, 9]: Σ = 40, n = 8, mean = 5.
  // Squared deviations: 9, 1, 1, 1, 0, 0, 4, 16 → Σ = 32; sample variance 32/7 = 4.5714285….
  const withMissing = [null, 9, 2, NaN, 4, 4, undefined, 4, 5, 5, Infinity, 7];

  it('ignores null, undefined, NaN and ±Infinity and counts them as missing', () => {
    expect(count(withMissing)).toBe(8);
    expect(mean(withMissing)).toBe(5);
    expect(min(withMissing)).toBe(2);
    expect(max(withMissing)).toBe(9);
    expect(sampleVariance(withMissing)).toBeCloseTo(32 / 7, 12);
  });

  it('returns null where a statistic is undefined (n = 0, n < 2 for the sample sd)', () => {
    expect(sampleStdDev([7])).toBeNull();
    expect(mean([null, NaN])).toBeNull();
  });

  it('agrees with simple-statistics on random data with ties', () => {
    const rng = createRng(42);
    for (let round = 0; round < 20; round++) {
      const n = 2 + rng.int(0, 200);
      const v = Array.from({ length: n }, () => (rng.chance(0.3) ? rng.int(0, 5) : rng.next() * 1000 - 300));
      expect(mean(v)).toBeCloseTo(ss.mean(v), 9);
      expect(sampleStdDev(v)).toBeCloseTo(ss.sampleStandardDeviation(v), 9);
      expect(sampleVariance(v)).toBeCloseTo(ss.sampleVariance(v), 6);
      expect(min(v)).toBe(ss.min(v));
      expect(max(v)).toBe(ss.max(v));
    }
  });
});
