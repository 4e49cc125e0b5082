// The scan's packed structures: candidate pairs as (partner, pattern) chunks, scored edges as
// typed columns, components as a CSR — each against the plain form it replaces.
import { describe, expect, it } from 'vitest';
import { PackedPairs } from '../../../workers/dedup/pairs';
import {
  EdgeList,
  componentsOf,
  connectedComponents,
  splitLarge,
  MAX_COHERENCE_SIZE,
} from '../../../workers/dedup/cluster';
import { Rng } from '../../../src/domain/random';

describe('PackedPairs', () => {
  it('keeps rows of (partner, pattern) across chunk boundaries', () => {
    const n = 1200;
    const big = 1_100_000; // row 7 spans the end of the first 2^20-pair chunk
    const pairOf = (i: number, x: number): [number, number] => [i + 1 + (x % (n - i - 1)), (x * 7 + i) % 60_000];
    const sizes = Array.from({ length: n }, (_, i) => (i === 7 ? big : (i * 13) % 41));
    sizes[n - 1] = 0;
    const pairs = new PackedPairs(n);
    for (let i = 0; i < n; i++) {
      for (let x = 0; x < (sizes[i] ?? 0); x++) {
        const [j, p] = pairOf(i, x);
        pairs.push(j, p);
      }
      pairs.endRow();
    }
    expect(pairs.length).toBe(sizes.reduce((s, k) => s + k, 0));
    for (let i = 0; i < n; i++) {
      const from = pairs.start[i] ?? 0;
      expect((pairs.start[i + 1] ?? 0) - from).toBe(sizes[i]);
      const step = i === 7 ? 9973 : 1;
      for (let x = 0; x < (sizes[i] ?? 0); x += step)
        expect([pairs.col(from + x), pairs.pid(from + x)]).toEqual(pairOf(i, x));
    }
    expect(pairs.partners()[(pairs.start[7] ?? 0) + big - 1]).toBe(pairOf(7, big - 1)[0]);
    // 6 bytes a pair (Int32 partner + Uint16 pattern), whole chunks, plus the row offsets.
    expect(pairs.bytes).toBe(2 * (1 << 20) * 6 + (n + 1) * 4);
  }, 60_000);

  it('switches pattern numbers to Int32 once one does not fit 16 bits, keeping the earlier ones', () => {
    const pairs = new PackedPairs(3);
    pairs.push(1, 65_535);
    pairs.push(2, 12);
    pairs.endRow();
    pairs.push(2, 70_000);
    pairs.endRow();
    pairs.endRow();
    expect([0, 1, 2].map((x) => [pairs.col(x), pairs.pid(x)])).toEqual([
      [1, 65_535],
      [2, 12],
      [2, 70_000],
    ]);
    expect([...pairs.start]).toEqual([0, 2, 3, 3]);
  });
});

describe('typed edges and components', () => {
  const randomEdges = (n: number, m: number, seed: number): { edges: EdgeList; tuples: [number, number][] } => {
    const rng = new Rng(seed);
    const edges = new EdgeList();
    const tuples: [number, number][] = [];
    for (let x = 0; x < m; x++) {
      const a = rng.int(0, n - 2);
      const b = rng.int(a + 1, Math.min(n - 1, a + 30));
      edges.push(a, b, 0.5 + rng.next() / 2);
      tuples.push([a, b]);
    }
    return { edges, tuples };
  };

  it('EdgeList grows and keeps every edge', () => {
    const { edges, tuples } = randomEdges(5000, 3000, 1);
    expect(edges.length).toBe(3000);
    expect(tuples.every(([a, b], x) => edges.lo[x] === a && edges.hi[x] === b)).toBe(true);
  });

  it('componentsOf gives connectedComponents (same members, same order) as a CSR', () => {
    for (const seed of [1, 2, 3]) {
      const { edges, tuples } = randomEdges(3000, 1200, seed);
      const c = componentsOf(3000, edges);
      const groups = Array.from({ length: c.start.length - 1 }, (_, k) => [
        ...c.members.subarray(c.start[k] ?? 0, c.start[k + 1] ?? 0),
      ]);
      expect(groups).toEqual(connectedComponents(3000, tuples));
    }
  });

  it('splitLarge cuts a long chain along its strongest edges and leaves small components alone', () => {
    const edges = new EdgeList();
    // A chain of 100 records: every 10th link is weak (0.6), the others strong (0.995).
    for (let i = 0; i < 99; i++) edges.push(i, i + 1, i % 10 === 9 ? 0.6 : 0.995);
    edges.push(200, 201, 0.7);
    const parts = splitLarge(300, edges, 0.5).map((m) => [...m]);
    expect(parts).toContainEqual([200, 201]);
    expect(parts.every((m) => m.length <= MAX_COHERENCE_SIZE)).toBe(true);
    expect(parts.filter((m) => m[0] !== 200)).toHaveLength(10);
    expect(parts).toContainEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});
