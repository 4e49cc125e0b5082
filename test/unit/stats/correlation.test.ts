import { describe as group, expect, it } from 'vitest';
import * as ss from 'simple-statistics';
import { createRng } from '../../../src/domain/random';
import {
  correlationMatrix,
  describeCorrelation,
  pearson,
  rank,
  rankDense,
  spearman,
} from '../../../workers/stats/correlation';

group('pearson', () => {
  it('computes r by hand', () => {
    // x = 1..5 (mean 3), y = [2, 4, 5, 4, 5] (mean 4)
    // dx = −2 −1 0 1 2, dy = −2 0 1 0 1 → Σdxdy = 4 + 0 + 0 + 0 + 2 = 6, Σdx² = 10, Σdy² = 6
    // r = 6 / √60 = 0.7745966…
    const res = pearson([1, 2, 3, 4, 5], [2, 4, 5, 4, 5]);
    expect(res.n).toBe(5);
    expect(res.r).toBeCloseTo(6 / Math.sqrt(60), 12);
  });

  it('uses pairwise complete observations only', () => {
    // complete rows 0, 1, 3, 4 → x = [1, 2, 4, 5] (mean 3), y = [2, 4, 4, 5] (mean 3.75)
    // dx = −2 −1 1 2, dy = −1.75 0.25 0.25 1.25 → Σdxdy = 3.5 − 0.25 + 0.25 + 2.5 = 6
    // Σdx² = 10, Σdy² = 3.0625 + 0.0625 + 0.0625 + 1.5625 = 4.75 → r = 6/√47.5 = 0.870572…
    const res = pearson([1, 2, null, 4, 5, NaN], [2, 4, 9, 4, 5, 1]);
    expect(res.n).toBe(4);
    expect(res.r).toBeCloseTo(6 / Math.sqrt(47.5), 12);
  });

  it('constant column → r null (no division by zero), n still reported', () => {
    expect(pearson([1, 2, 3], [5, 5, 5])).toEqual({ r: null, n: 3 });
    expect(pearson([4, 4], [1, 2])).toEqual({ r: null, n: 2 });
  });

  it('n < 2 → null; n = 2 → ±1', () => {
    expect(pearson([], [])).toEqual({ r: null, n: 0 });
    expect(pearson([1], [2])).toEqual({ r: null, n: 1 });
    expect(pearson([1, 2], [3, 1]).r).toBeCloseTo(-1, 12);
  });

  it('stays within [−1, 1] for perfectly linear data', () => {
    const x = Array.from({ length: 1000 }, (_, i) => i * 0.1);
    expect(
      pearson(
        x,
        x.map((v) => 3 * v + 1),
      ).r,
    ).toBeLessThanOrEqual(1);
    expect(
      pearson(
        x,
        x.map((v) => -2 * v),
      ).r,
    ).toBeGreaterThanOrEqual(-1);
  });
});

group('spearman', () => {
  it('averages tied ranks', () => {
    expect([...rankDense([10, 20, 20, 30])]).toEqual([1, 2.5, 2.5, 4]);
    expect([...rankDense([5, 5, 5])]).toEqual([2, 2, 2]);
    const r = rank([3, null, 1, NaN, 3]);
    expect(r[0]).toBe(2.5);
    expect(r[1]).toBeNaN();
    expect(r[2]).toBe(1);
    expect(r[4]).toBe(2.5);
  });

  it('computes ρ with ties by hand', () => {
    // ranks x = 1..5 (mean 3); y = [2, 4, 5, 4, 5] → ranks [1, 2.5, 4.5, 2.5, 4.5] (mean 3)
    // dx = −2 −1 0 1 2, dy = −2 −0.5 1.5 −0.5 1.5 → Σdxdy = 4 + 0.5 + 0 − 0.5 + 3 = 7
    // Σdx² = 10, Σdy² = 4 + 0.25 + 2.25 + 0.25 + 2.25 = 9 → ρ = 7/√90 = 0.7378647…
    const res = spearman([1, 2, 3, 4, 5], [2, 4, 5, 4, 5]);
    expect(res.r).toBeCloseTo(7 / Math.sqrt(90), 12);
    expect(res.n).toBe(5);
  });

  it('is 1 for any monotonic relation and null for a constant column', () => {
    expect(spearman([1, 2, 3, 4], [1, 8, 27, 1000]).r).toBeCloseTo(1, 12);
    expect(spearman([1, 2, 3], [7, 7, 7]).r).toBeNull();
  });

  it('agrees with simple-statistics (Pearson and rank correlation) on random tied data', () => {
    const rng = createRng(3);
    for (let round = 0; round < 20; round++) {
      const n = 3 + rng.int(0, 100);
      const x = Array.from({ length: n }, () => rng.int(0, 10));
      const y = x.map((v) => v * rng.next() + rng.int(0, 4));
      const p = pearson(x, y).r;
      const s = spearman(x, y).r;
      const ssp = ss.sampleCorrelation(x, y);
      const sss = ss.sampleRankCorrelation(x, y);
      if (Number.isNaN(ssp)) expect(p).toBeNull();
      else expect(p).toBeCloseTo(ssp, 9);
      if (Number.isNaN(sss)) expect(s).toBeNull();
      else expect(s).toBeCloseTo(sss, 9);
    }
  });
});

group('describeCorrelation', () => {
  it('maps |r| onto strength bands and the sign onto direction', () => {
    expect(describeCorrelation(0.05, 50)).toEqual({
      strength: 'none',
      direction: 'none',
      insufficient: false,
      noVariation: false,
    });
    expect(describeCorrelation(0.1, 50)).toMatchObject({ strength: 'weak', direction: 'positive' });
    expect(describeCorrelation(-0.29, 50)).toMatchObject({ strength: 'weak', direction: 'negative' });
    expect(describeCorrelation(0.3, 50)).toMatchObject({ strength: 'moderate', direction: 'positive' });
    expect(describeCorrelation(-0.5, 50)).toMatchObject({ strength: 'strong', direction: 'negative' });
    expect(describeCorrelation(0.7, 50)).toMatchObject({ strength: 'very strong', direction: 'positive' });
    expect(describeCorrelation(-1, 50)).toMatchObject({ strength: 'very strong', direction: 'negative' });
  });

  it('flags n < 3 as insufficient and a null r as no variation', () => {
    expect(describeCorrelation(-1, 2)).toEqual({
      strength: 'none',
      direction: 'none',
      insufficient: true,
      noVariation: false,
    });
    expect(describeCorrelation(null, 0)).toEqual({
      strength: 'none',
      direction: 'none',
      insufficient: true,
      noVariation: false,
    });
    expect(describeCorrelation(null, 10)).toEqual({
      strength: 'none',
      direction: 'none',
      insufficient: false,
      noVariation: true,
    });
    expect(describeCorrelation(0.8, 3).insufficient).toBe(false);
  });
});

group('correlationMatrix', () => {
  const a = [1, 2, 3, 4, 5, 6];
  const b = [2, 1, 4, 3, 6, 5];
  const c = [1, null, 2, 2, NaN, 9];
  const k = [4, 4, 4, 4, 4, 4];
  const cols = [
    { name: 'a', values: a },
    { name: 'b', values: b },
    { name: 'c', values: c },
    { name: 'k', values: k },
  ];

  it('is symmetric, matches the pairwise functions, null for a constant column', () => {
    for (const method of ['pearson', 'spearman'] as const) {
      const m = correlationMatrix(cols, method);
      const f = method === 'pearson' ? pearson : spearman;
      expect(m.names).toEqual(['a', 'b', 'c', 'k']);
      for (let i = 0; i < 4; i++) {
        for (let j = 0; j < 4; j++) {
          const expected = f(cols[i]!.values, cols[j]!.values);
          expect(m.r[i]![j]).toBe(m.r[j]![i]);
          expect(m.n[i]![j]).toBe(expected.n);
          if (expected.r === null) expect(m.r[i]![j]).toBeNull();
          else expect(m.r[i]![j]).toBeCloseTo(expected.r, 12);
        }
      }
      expect(m.r[0]![0]).toBeCloseTo(1, 12);
      expect(m.r[3]![3]).toBeNull();
      expect(m.r[0]![3]).toBeNull();
      expect(m.n[0]![2]).toBe(4);
    }
  });
});
