import { describe as group, expect, it } from 'vitest';
import * as ss from 'simple-statistics';
import { createRng } from '../../../src/domain/random';
import {
  count,
  describe,
  histogram,
  max,
  mean,
  median,
  min,
  populationStdDev,
  populationVariance,
  quantile,
  quartiles,
  sampleStdDev,
  sampleVariance,
} from '../../../workers/stats/descriptive';

group('descriptive statistics', () => {
  // x = [2, 4, 4, 4, 5, 5, 7, 9]: Σ = 40, n = 8, mean = 5.
  // Squared deviations: 9, 1, 1, 1, 0, 0, 4, 16 → Σ = 32.
  // Population variance 32/8 = 4 (sd 2); sample variance 32/7 = 4.5714285… (sd 2.1380899…).
  // R-7 quartiles on the sorted values (0-based): h = 7p.
  //   Q1: h = 1.75 → x[1] + 0.75·(x[2] − x[1]) = 4 + 0.75·0 = 4
  //   Q2: h = 3.5  → x[3] + 0.5·(x[4] − x[3]) = 4 + 0.5·1 = 4.5
  //   Q3: h = 5.25 → x[5] + 0.25·(x[6] − x[5]) = 5 + 0.25·2 = 5.5
  const x = [2, 4, 4, 4, 5, 5, 7, 9];
  const withMissing = [null, 9, 2, NaN, 4, 4, undefined, 4, 5, 5, Infinity, 7];

  it('computes the textbook example by hand', () => {
    const s = describe(x);
    expect(s.count).toBe(8);
    expect(s.missing).toBe(0);
    expect(s.sum).toBe(40);
    expect(s.mean).toBe(5);
    expect(s.populationVariance).toBe(4);
    expect(s.populationStdDev).toBe(2);
    expect(s.sampleVariance).toBeCloseTo(32 / 7, 12);
    expect(s.sampleStdDev).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect(s.q1).toBe(4);
    expect(s.median).toBe(4.5);
    expect(s.q3).toBe(5.5);
    expect(s.min).toBe(2);
    expect(s.max).toBe(9);
  });

  it('ignores null, undefined, NaN and ±Infinity and counts them as missing', () => {
    const s = describe(withMissing);
    expect(s.count).toBe(8);
    expect(s.missing).toBe(4);
    expect(s.mean).toBe(5);
    expect(s.median).toBe(4.5);
    expect(count(withMissing)).toBe(8);
    expect(mean(withMissing)).toBe(5);
    expect(median(withMissing)).toBe(4.5);
    expect(min(withMissing)).toBe(2);
    expect(max(withMissing)).toBe(9);
    expect(sampleVariance(withMissing)).toBeCloseTo(32 / 7, 12);
    expect(populationVariance(withMissing)).toBe(4);
    expect(populationStdDev(Float64Array.from([2, 4, NaN, 4, 4, 5, 5, 7, 9]))).toBe(2);
  });

  it('R-7 quartiles of [1, 2, 3, 4] interpolate (h = 3p: 0.75 → 1.75, 1.5 → 2.5, 2.25 → 3.25)', () => {
    expect(quartiles([4, 1, 3, 2])).toEqual({ q1: 1.75, median: 2.5, q3: 3.25, iqr: 1.5 });
    expect(quantile([4, 1, 3, 2], 0)).toBe(1);
    expect(quantile([4, 1, 3, 2], 1)).toBe(4);
  });

  it('returns null where a statistic is undefined (n = 0, n < 2 for the sample sd)', () => {
    const empty = describe([null, NaN]);
    expect(empty).toMatchObject({
      count: 0,
      missing: 2,
      sum: 0,
      mean: null,
      median: null,
      q1: null,
      q3: null,
      min: null,
      max: null,
    });
    expect(empty.sampleStdDev).toBeNull();
    expect(empty.populationStdDev).toBeNull();
    const one = describe([7]);
    expect(one).toMatchObject({ count: 1, mean: 7, median: 7, q1: 7, q3: 7, min: 7, max: 7, populationStdDev: 0 });
    expect(one.sampleStdDev).toBeNull();
    expect(one.sampleVariance).toBeNull();
    expect(sampleStdDev([7])).toBeNull();
    expect(populationStdDev([])).toBeNull();
    expect(quartiles([])).toBeNull();
  });

  it('constant data: zero spread, no NaN', () => {
    const s = describe([3, 3, 3]);
    expect(s).toMatchObject({ mean: 3, median: 3, sampleStdDev: 0, populationStdDev: 0, q1: 3, q3: 3 });
  });

  it('agrees with simple-statistics on random data with ties', () => {
    const rng = createRng(42);
    for (let round = 0; round < 20; round++) {
      const n = 2 + rng.int(0, 200);
      const v = Array.from({ length: n }, () => (rng.chance(0.3) ? rng.int(0, 5) : rng.next() * 1000 - 300));
      const s = describe(v);
      expect(s.mean).toBeCloseTo(ss.mean(v), 9);
      expect(s.median).toBeCloseTo(ss.median(v), 9);
      expect(s.sampleStdDev).toBeCloseTo(ss.sampleStandardDeviation(v), 9);
      expect(s.populationStdDev).toBeCloseTo(ss.standardDeviation(v), 9);
      expect(s.sampleVariance).toBeCloseTo(ss.sampleVariance(v), 6);
      expect(s.q1).toBeCloseTo(ss.quantile(v, 0.25), 9);
      expect(s.q3).toBeCloseTo(ss.quantile(v, 0.75), 9);
      expect(s.min).toBe(ss.min(v));
      expect(s.max).toBe(ss.max(v));
    }
  });
});

group('histogram', () => {
  it('bins 0..10 into 5 equal bins, the last one closed', () => {
    // width (10 − 0)/5 = 2: [0,2) {0,1}, [2,4) {2,3}, [4,6) {4,5}, [6,8) {6,7}, [8,10] {8,9,10}
    const h = histogram([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, null], { bins: 5 });
    expect(h.edges).toEqual([0, 2, 4, 6, 8, 10]);
    expect(h.bins.map((b) => b.count)).toEqual([2, 2, 2, 2, 3]);
    expect(h.missing).toBe(1);
  });

  it("defaults to Sturges' rule: n = 11 → ⌈log₂ 11⌉ + 1 = 5 bins", () => {
    expect(histogram([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]).bins).toHaveLength(5);
  });

  it('puts values lying on an edge into the upper bin despite rounding', () => {
    // width 0.1: 0 → bin 0, 0.1 → bin 1, 0.2 → bin 2, 0.3 (max) → last bin
    const h = histogram([0, 0.1, 0.2, 0.3], { bins: 3 });
    expect(h.bins.map((b) => b.count)).toEqual([1, 1, 2]);
  });

  it('constant data → one bin [v, v]; no data → no bins', () => {
    expect(histogram([3, 3, NaN, 3])).toEqual({ bins: [{ lo: 3, hi: 3, count: 3 }], edges: [3, 3], missing: 1 });
    expect(histogram([null])).toEqual({ bins: [], edges: [], missing: 1 });
  });

  it('counts every present value exactly once', () => {
    const rng = createRng(7);
    const v = Array.from({ length: 1000 }, () => rng.next() * 50);
    const h = histogram(v, { bins: 13 });
    expect(h.bins.reduce((a, b) => a + b.count, 0)).toBe(1000);
    for (const x of v) {
      const hits = h.bins.filter((b, i) => x >= b.lo && (x < b.hi || (i === h.bins.length - 1 && x <= b.hi)));
      expect(hits).toHaveLength(1);
    }
  });
});
