import { describe, expect, it } from 'vitest';
import { Rng, WeightedTable, createRng, hash32, hashString } from '../../src/domain/random';

describe('Rng', () => {
  it('is deterministic per seed', () => {
    const a = createRng(123);
    const b = createRng(123);
    const c = createRng(124);
    const sa = Array.from({ length: 20 }, () => a.uint32());
    expect(Array.from({ length: 20 }, () => b.uint32())).toEqual(sa);
    expect(Array.from({ length: 20 }, () => c.uint32())).not.toEqual(sa);
  });

  it('next() is in [0, 1) and roughly uniform', () => {
    const rng = new Rng(7);
    let sum = 0;
    for (let i = 0; i < 20_000; i++) {
      const x = rng.next();
      expect(x >= 0 && x < 1).toBe(true);
      sum += x;
    }
    expect(sum / 20_000).toBeGreaterThan(0.48);
    expect(sum / 20_000).toBeLessThan(0.52);
  });

  it('int() covers [min, max] inclusive', () => {
    const rng = new Rng(9);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const n = rng.int(-2, 3);
      expect(Number.isInteger(n) && n >= -2 && n <= 3).toBe(true);
      seen.add(n);
    }
    expect(seen.size).toBe(6);
  });

  it('pick, chance, weighted and digits', () => {
    const rng = new Rng(11);
    const arr = ['a', 'b', 'c'] as const;
    for (let i = 0; i < 100; i++) expect(arr).toContain(rng.pick(arr));
    expect(() => rng.pick([])).toThrow(RangeError);
    let hits = 0;
    for (let i = 0; i < 10_000; i++) if (rng.chance(0.3)) hits++;
    expect(hits).toBeGreaterThan(2700);
    expect(hits).toBeLessThan(3300);
    const counts = { x: 0, y: 0, z: 0 };
    for (let i = 0; i < 10_000; i++)
      counts[
        rng.weighted([
          ['x', 1],
          ['y', 3],
          ['z', 0],
        ] as const)
      ]++;
    expect(counts.z).toBe(0);
    expect(counts.y / counts.x).toBeGreaterThan(2.5);
    expect(counts.y / counts.x).toBeLessThan(3.5);
    expect(rng.digits(8)).toMatch(/^\d{8}$/);
  });

  it('WeightedTable matches the weights', () => {
    const rng = new Rng(5);
    const table = new WeightedTable([
      ['a', 1],
      ['b', 0],
      ['c', 4],
    ] as const);
    const counts: Record<string, number> = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 10_000; i++) counts[table.pick(rng)]!++;
    expect(counts.b).toBe(0);
    expect(counts.c! / counts.a!).toBeGreaterThan(3.5);
    expect(counts.c! / counts.a!).toBeLessThan(4.5);
  });

  it('hashes spread nearby inputs', () => {
    expect(hash32(1)).not.toBe(hash32(2));
    expect(hash32(1)).toBe(hash32(1));
    expect(hashString('abc')).toBe(hashString('abc'));
    expect(hashString('abc')).not.toBe(hashString('abd'));
  });
});
