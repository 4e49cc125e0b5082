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

/** Scored edges (a < b) as typed columns: 16 bytes an edge, no object or tuple per edge. */
export class EdgeList {
  lo = new Int32Array(1024);
  hi = new Int32Array(1024);
  prob = new Float64Array(1024);
  length = 0;

  push(a: number, b: number, p: number): void {
    if (this.length === this.lo.length) {
      const size = this.length * 2;
      const lo = new Int32Array(size);
      const hi = new Int32Array(size);
      const prob = new Float64Array(size);
      lo.set(this.lo);
      hi.set(this.hi);
      prob.set(this.prob);
      this.lo = lo;
      this.hi = hi;
      this.prob = prob;
    }
    this.lo[this.length] = a;
    this.hi[this.length] = b;
    this.prob[this.length++] = p;
  }
}

/** Components as one CSR: component c is members[start[c] .. start[c+1]), ascending. */
export interface Components {
  start: Int32Array;
  members: Int32Array;
}

/**
 * `connectedComponents` over typed edges (those with `keep(x)` when given): the same components
 * in the same order (by first member), in O(n) typed memory.
 */
export function componentsOf(n: number, edges: EdgeList, keep?: (x: number) => boolean): Components {
  const uf = new UnionFind(n);
  const touched = new Uint8Array(n);
  for (let x = 0; x < edges.length; x++) {
    if (keep !== undefined && !keep(x)) continue;
    const a = edges.lo[x] ?? 0;
    const b = edges.hi[x] ?? 0;
    uf.union(a, b);
    touched[a] = 1;
    touched[b] = 1;
  }
  // Component ids in order of first member; sizes; then members in ascending order.
  const compOfRoot = new Int32Array(n).fill(-1);
  const sizes: number[] = [];
  for (let i = 0; i < n; i++) {
    if (touched[i] === 0) continue;
    const r = uf.find(i);
    let c = compOfRoot[r] ?? -1;
    if (c === -1) {
      c = sizes.length;
      compOfRoot[r] = c;
      sizes.push(0);
    }
    sizes[c] = (sizes[c] ?? 0) + 1;
  }
  const start = new Int32Array(sizes.length + 1);
  for (let c = 0; c < sizes.length; c++) start[c + 1] = (start[c] ?? 0) + (sizes[c] ?? 0);
  const members = new Int32Array(start[sizes.length] ?? 0);
  const fill = start.slice(0, sizes.length);
  for (let i = 0; i < n; i++) {
    if (touched[i] === 0) continue;
    const c = compOfRoot[uf.find(i)] ?? 0;
    const at = fill[c] ?? 0;
    fill[c] = at + 1;
    members[at] = i;
  }
  return { start, members };
}

/**
 * Components too large for the coherence check (a chain through very common values) are cut
 * along their strongest edges: re-run at stricter thresholds (0.9, 0.99 …) until pieces fit.
 * Components still larger at 0.999999 are returned whole.
 */
export function splitLarge(n: number, edges: EdgeList, threshold: number): Int32Array[] {
  const out: Int32Array[] = [];
  let pending = componentsOf(n, edges);
  let t = threshold;
  for (;;) {
    const large: Int32Array[] = [];
    const count = pending.start.length - 1;
    for (let c = 0; c < count; c++) {
      const m = pending.members.subarray(pending.start[c] ?? 0, pending.start[c + 1] ?? 0);
      (m.length > MAX_COHERENCE_SIZE ? large : out).push(m);
    }
    if (large.length === 0 || t > 0.999999) {
      out.push(...large);
      return out;
    }
    t = 1 - (1 - t) / 10;
    const inLarge = new Uint8Array(n);
    for (const m of large) for (const i of m) inLarge[i] = 1;
    const strict = t;
    pending = componentsOf(
      n,
      edges,
      (x) => inLarge[edges.lo[x] ?? 0] === 1 && inLarge[edges.hi[x] ?? 0] === 1 && (edges.prob[x] ?? 0) >= strict,
    );
  }
}
