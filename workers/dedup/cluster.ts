// Duplicate groups from scored pairs: connected components over the pairs at or above the
// threshold, then a coherence check so that one weak link does not chain two people together
// (A~B and B~C but A≁C): components of more than two records are re-clustered by average
// linkage, merging two sub-groups only while their mean pairwise probability stays ≥ threshold.

export class UnionFind {
  private readonly parent: Int32Array;
  private readonly rank: Uint8Array;

  constructor(n: number) {
    this.parent = Int32Array.from({ length: n }, (_, i) => i);
    this.rank = new Uint8Array(n);
  }

  find(x: number): number {
    let r = x;
    while (this.parent[r] !== r) r = this.parent[r] ?? r;
    // Path compression.
    let y = x;
    while (this.parent[y] !== r) {
      const next = this.parent[y] ?? r;
      this.parent[y] = r;
      y = next;
    }
    return r;
  }

  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return;
    const ka = this.rank[ra] ?? 0;
    const kb = this.rank[rb] ?? 0;
    if (ka < kb) this.parent[ra] = rb;
    else if (ka > kb) this.parent[rb] = ra;
    else {
      this.parent[rb] = ra;
      this.rank[ra] = ka + 1;
    }
  }
}

/** Connected components (size ≥ 2) of the edges, members ascending, components by first member. */
export function connectedComponents(n: number, edges: Iterable<readonly [number, number]>): number[][] {
  const uf = new UnionFind(n);
  const touched = new Set<number>();
  for (const [a, b] of edges) {
    uf.union(a, b);
    touched.add(a);
    touched.add(b);
  }
  const groups = new Map<number, number[]>();
  for (const i of [...touched].sort((x, y) => x - y)) {
    const r = uf.find(i);
    const g = groups.get(r);
    if (g) g.push(i);
    else groups.set(r, [i]);
  }
  return [...groups.values()].filter((g) => g.length > 1).sort((x, y) => (x[0] ?? 0) - (y[0] ?? 0));
}

/** Components larger than this are kept as they are (the check is cubic in the size). */
export const MAX_COHERENCE_SIZE = 60;

/**
 * Split a component by average linkage. `prob(i, j)` is the match probability of two members
 * (members are indices into the component). Returns sub-groups of size ≥ 2.
 */
export function coherentGroups(
  members: readonly number[],
  prob: (a: number, b: number) => number,
  threshold: number,
): number[][] {
  const k = members.length;
  if (k <= 2 || k > MAX_COHERENCE_SIZE) return [members.slice()];
  const p: number[][] = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < k; i++) {
    for (let j = i + 1; j < k; j++) {
      const v = prob(members[i] ?? 0, members[j] ?? 0);
      (p[i] ?? [])[j] = v;
      (p[j] ?? [])[i] = v;
    }
  }
  let clusters: number[][] = members.map((_, i) => [i]);
  for (;;) {
    let best = -1;
    let bi = -1;
    let bj = -1;
    for (let x = 0; x < clusters.length; x++) {
      for (let y = x + 1; y < clusters.length; y++) {
        let sum = 0;
        const cx = clusters[x] ?? [];
        const cy = clusters[y] ?? [];
        for (const i of cx) for (const j of cy) sum += p[i]?.[j] ?? 0;
        const avg = sum / (cx.length * cy.length);
        if (avg > best) {
          best = avg;
          bi = x;
          bj = y;
        }
      }
    }
    if (best < threshold || bi < 0) break;
    const merged = [...(clusters[bi] ?? []), ...(clusters[bj] ?? [])];
    clusters = clusters.filter((_, i) => i !== bi && i !== bj);
    clusters.push(merged);
  }
  return clusters.filter((c) => c.length > 1).map((c) => c.map((i) => members[i] ?? 0).sort((x, y) => x - y));
}
