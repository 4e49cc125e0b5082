// Grouping of scored duplicate pairs at a threshold (union-find), for the Duplicates screen.
import type { CustomerDoc } from '../data/db/schemas';
import type { DuplicatePair } from '../../workers/dedup/contract';

export interface ScanPair {
  a: string;
  b: string;
  score: number;
}

/** A pair's explanation (loaded from the worker for the groups on screen). */
export type PairExplanation = Pick<DuplicatePair, 'fields' | 'swappedNames' | 'score'>;
export const pairKeyOf = (a: string, b: string): string => `${a}|${b}`;

export interface ScanGroup {
  ids: string[];
  score: number;
  pairs: ScanPair[];
}

/** Connected components of the pairs at or above `threshold`, strongest first. */
export function groupPairs(pairs: readonly ScanPair[], threshold: number, skip: (p: ScanPair) => boolean): ScanGroup[] {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r) ?? r;
    parent.set(x, r);
    return r;
  };
  const kept = pairs.filter((p) => p.score >= threshold && !skip(p));
  for (const p of kept) {
    if (!parent.has(p.a)) parent.set(p.a, p.a);
    if (!parent.has(p.b)) parent.set(p.b, p.b);
    parent.set(find(p.a), find(p.b));
  }
  const groups = new Map<string, ScanGroup>();
  for (const p of kept) {
    const root = find(p.a);
    let g = groups.get(root);
    if (!g) groups.set(root, (g = { ids: [], score: 0, pairs: [] }));
    g.pairs.push(p);
    for (const id of [p.a, p.b]) if (!g.ids.includes(id)) g.ids.push(id);
  }
  for (const g of groups.values()) g.score = g.pairs.reduce((s, p) => s + p.score, 0) / g.pairs.length;
  return [...groups.values()].sort((x, y) => y.score - x.score || (x.ids[0] ?? '').localeCompare(y.ids[0] ?? ''));
}

export function explanationsOf(
  keys: readonly string[],
  values: readonly (PairExplanation | null)[],
): ReadonlyMap<string, PairExplanation> {
  const out = new Map<string, PairExplanation>();
  keys.forEach((k, i) => {
    const v = values[i];
    if (v) out.set(k, v);
  });
  return out;
}

export function byId(docs: readonly CustomerDoc[]): ReadonlyMap<string, CustomerDoc> {
  return new Map(docs.map((d) => [d.id, d]));
}
