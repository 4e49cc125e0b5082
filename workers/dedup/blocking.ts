// Blocking: which pairs are worth scoring. Records share a block when they share any of several
// keys (phone, canonical email, phonetic name keys in both name orders, postcode + initial,
// birth date, street); a sorted-neighbourhood pass over name orders adds near-misses that no key
// catches. Oversized blocks (very common names) are not expanded in full: their members are
// sorted by the full name/address key and only neighbours within a window are paired.
import type { StdRecord } from './standardize';
import { soundex } from './compare';
import { nicknameKeys } from './nicknames';

export interface BlockingOptions {
  /** Blocks larger than this are windowed instead of fully paired. */
  maxBlockSize?: number;
  /** Window of the sorted-neighbourhood passes (and of oversized blocks). */
  window?: number;
}

export const DEFAULT_BLOCKING: Required<BlockingOptions> = { maxBlockSize: 40, window: 6 };

const initial = (s: string): string => s.charAt(0);

/** Hash-blocking keys of a record (prefixed by kind). */
export function blockingKeys(r: StdRecord): string[] {
  const keys: string[] = [];
  for (const p of r.phones) keys.push(`p:${p.slice(-8)}`);
  for (const e of r.emails) keys.push(`e:${e}`);
  const names: [string, string][] = [
    [r.family, r.given],
    [r.given, r.family],
  ];
  for (const [x, y] of names) {
    if (x === '') continue;
    const sx = soundex(x);
    // Names in either order: the family name's sound with the given name's initial, and vice versa.
    keys.push(`n:${sx}|${initial(y)}`);
    if (r.postcode !== '') keys.push(`pc:${r.postcode}|${initial(x)}`);
    if (r.birth !== '') keys.push(`bn:${r.birth.slice(0, 4)}|${sx}`);
  }
  for (const nick of nicknameKeys(r.givenFirst)) keys.push(`nk:${nick}|${soundex(r.family)}`);
  if (r.hanzi !== '') keys.push(`h:${r.hanzi}`);
  if (r.birth.length >= 6) keys.push(`b:${r.birth}`);
  if (r.streetName !== '') {
    keys.push(`s:${r.streetNumber}|${soundex(r.streetName)}|${initial(r.city)}`);
    if (r.postcode !== '') keys.push(`sp:${r.postcode}|${soundex(r.streetName)}`);
  }
  if (r.company !== '' && r.family !== '') keys.push(`c:${r.company}|${soundex(r.family)}`);
  return keys;
}

/** Sort keys of the sorted-neighbourhood passes. */
export function sortKeys(r: StdRecord): string[] {
  return [`${r.family} ${r.given}`, `${r.given} ${r.family}`, `${r.streetName} ${r.streetNumber} ${r.city}`];
}

/** Unique candidate pairs i < j, encoded as i * n + j, sorted ascending. */
export function candidatePairs(records: readonly StdRecord[], opts: BlockingOptions = {}): Float64Array {
  const { maxBlockSize, window } = { ...DEFAULT_BLOCKING, ...opts };
  const n = records.length;
  let buf = new Float64Array(Math.max(1024, n * 16));
  let len = 0;
  const push = (i: number, j: number): void => {
    if (i === j) return;
    if (len === buf.length) {
      const next = new Float64Array(buf.length * 2);
      next.set(buf);
      buf = next;
    }
    buf[len++] = i < j ? i * n + j : j * n + i;
  };
  const windowed = (ids: readonly number[], key: (i: number) => string): void => {
    const sorted = ids.map((i) => [key(i), i] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]));
    for (let x = 0; x < sorted.length; x++) {
      const i = sorted[x]?.[1] ?? 0;
      for (let y = x + 1; y < Math.min(sorted.length, x + window); y++) push(i, sorted[y]?.[1] ?? 0);
    }
  };

  const blocks = new Map<string, number[]>();
  records.forEach((r, i) => {
    for (const k of blockingKeys(r)) {
      const list = blocks.get(k);
      if (list === undefined) blocks.set(k, [i]);
      else if (list[list.length - 1] !== i) list.push(i);
    }
  });
  const fullKey = (i: number): string => {
    const r = records[i];
    return r === undefined ? '' : `${r.family} ${r.given} ${r.birth} ${r.postcode}`;
  };
  for (const ids of blocks.values()) {
    if (ids.length < 2) continue;
    if (ids.length <= maxBlockSize) {
      for (let x = 0; x < ids.length; x++) for (let y = x + 1; y < ids.length; y++) push(ids[x] ?? 0, ids[y] ?? 0);
    } else {
      windowed(ids, fullKey);
    }
  }
  const all = Array.from({ length: n }, (_, i) => i);
  for (let k = 0; k < 3; k++) windowed(all, (i) => {
    const r = records[i];
    return r === undefined ? '' : (sortKeys(r)[k] ?? '');
  });

  const pairs = buf.subarray(0, len).sort();
  let u = 0;
  for (let x = 0; x < pairs.length; x++) {
    if (x === 0 || pairs[x] !== pairs[x - 1]) pairs[u++] = pairs[x] ?? 0;
  }
  return pairs.slice(0, u);
}
