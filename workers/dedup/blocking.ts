// Blocking: which pairs are worth scoring. Records share a block when they share any of several
// keys (phone, canonical email, phonetic name keys in both name orders, postcode + initial,
// birth date, street); a sorted-neighbourhood pass over name orders adds near-misses that no key
// catches. Oversized blocks (very common names) are not expanded in full: their members are
// sorted by the full name/address key and only neighbours within a window are paired.
import type { StdRecord } from './standardize';
import { soundex as soundexRaw } from './compare';
import { memoize } from './standardize';
import { nicknameKeys } from './nicknames';

export interface BlockingOptions {
  /** Blocks larger than this are windowed instead of fully paired. */
  maxBlockSize?: number;
  /** Window of the sorted-neighbourhood passes (and of oversized blocks). */
  window?: number;
}

export const DEFAULT_BLOCKING: Required<BlockingOptions> = { maxBlockSize: 40, window: 6 };

const initial = (s: string): string => s.charAt(0);
const soundex = memoize(soundexRaw, 20_000);

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
  const steps = candidatePairSteps(records, opts);
  let step = steps.next();
  while (step.done !== true) step = steps.next();
  const { start, cols } = step.value;
  const n = records.length;
  const out = new Float64Array(cols.length);
  for (let i = 0; i < n; i++) for (let x = start[i] ?? 0; x < (start[i + 1] ?? 0); x++) out[x] = i * n + (cols[x] ?? 0);
  return out;
}

/** Candidate pairs as rows: the partners j > i of record i are cols[start[i] .. start[i+1]), ascending. */
export interface CandidatePairs {
  start: Int32Array;
  cols: Int32Array;
}

/** Work between two checks of the clock in the blocking loops. */
const CLOCK_EVERY = 1024;
/** Yield (to let the caller honour cancel and report progress) after about this much work. */
export const SLICE_MS = 12;

/** A clock for cooperative slicing: `due()` is true once per SLICE_MS. */
export class Slicer {
  private last = performance.now();
  due(): boolean {
    const t = performance.now();
    if (t - this.last < SLICE_MS) return false;
    this.last = t;
    return true;
  }
}

export interface BlockingProgress {
  phase: 'blocking';
  done: number;
  total: number;
}

/** Growable pair buffer (two Int32Arrays: smaller and larger index). */
class PairBuffer {
  lo = new Int32Array(1 << 16);
  hi = new Int32Array(1 << 16);
  length = 0;
  /** Grow once to hold `total` pairs (no doubling and copying while pushing). */
  reserve(total: number): void {
    if (total <= this.lo.length) return;
    const lo = new Int32Array(total);
    const hi = new Int32Array(total);
    lo.set(this.lo.subarray(0, this.length));
    hi.set(this.hi.subarray(0, this.length));
    this.lo = lo;
    this.hi = hi;
  }
  push(i: number, j: number): void {
    if (i === j) return;
    if (this.length === this.lo.length) {
      const lo = new Int32Array(this.lo.length * 2);
      const hi = new Int32Array(this.lo.length * 2);
      lo.set(this.lo);
      hi.set(this.hi);
      this.lo = lo;
      this.hi = hi;
    }
    this.lo[this.length] = i < j ? i : j;
    this.hi[this.length++] = i < j ? j : i;
  }
}

/**
 * Stable sort of `ids` by `keys[id]` (ties keep their order), in slices: chunks of CHUNK ids are
 * sorted natively (key + id as one string, so V8 compares without calling back into JS), then
 * merged pass by pass; yields whenever the slicer is due, so sorting 100,000 keys never blocks.
 */
export function* sortByKeySteps(ids: Int32Array, keys: readonly string[], slicer: Slicer): Generator<BlockingProgress, Int32Array> {
  const tick: BlockingProgress = { phase: 'blocking', done: 2, total: 4 };
  const len = ids.length;
  const CHUNK = 4096;
  // Composite sort keys: the key, a separator below every character, the position (2 code units).
  const comp: string[] = new Array<string>(len);
  for (let x = 0; x < len; x++) comp[x] = `${keys[ids[x] ?? 0] ?? ''}\u0000${String.fromCharCode(x >>> 16, x & 0xffff)}`;
  let src: string[] = [];
  for (let lo = 0; lo < len; lo += CHUNK) {
    const part = comp.slice(lo, lo + CHUNK).sort();
    for (const k of part) src.push(k);
    if (slicer.due()) yield tick;
  }
  let dst: string[] = new Array<string>(len);
  let work = 0;
  for (let width = CHUNK; width < len; width *= 2) {
    for (let lo = 0; lo < len; lo += 2 * width) {
      const mid = Math.min(len, lo + width);
      const hi = Math.min(len, lo + 2 * width);
      let a = lo;
      let b = mid;
      let o = lo;
      while (a < mid && b < hi) {
        const ka = src[a] ?? '';
        const kb = src[b] ?? '';
        if (kb < ka) {
          dst[o++] = kb;
          b++;
        } else {
          dst[o++] = ka;
          a++;
        }
        if (++work === CLOCK_EVERY * 8) {
          work = 0;
          if (slicer.due()) yield tick;
        }
      }
      while (a < mid) dst[o++] = src[a++] ?? '';
      while (b < hi) dst[o++] = src[b++] ?? '';
    }
    const t = src;
    src = dst;
    dst = t;
  }
  const out = new Int32Array(len);
  for (let x = 0; x < len; x++) {
    const k = src[x] ?? '';
    out[x] = ids[(k.charCodeAt(k.length - 2) << 16) | k.charCodeAt(k.length - 1)] ?? 0;
  }
  return out;
}

/**
 * Dense ranks of `keys` in string order (equal keys, equal rank), in slices: only the distinct
 * keys are sorted (sortByKeySteps), so the sorted-neighbourhood passes sort numbers, not strings.
 */
export function* rankKeysSteps(keys: readonly string[], slicer: Slicer): Generator<BlockingProgress, Int32Array> {
  const n = keys.length;
  const slot = new Map<string, number>();
  const distinct: string[] = [];
  const of = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const k = keys[i] ?? '';
    let d = slot.get(k);
    if (d === undefined) {
      d = distinct.length;
      slot.set(k, d);
      distinct.push(k);
    }
    of[i] = d;
    if ((i & 4095) === 4095 && slicer.due()) yield { phase: 'blocking', done: 2, total: 4 };
  }
  slot.clear();
  const order = yield* sortByKeySteps(Int32Array.from(distinct.keys()), distinct, slicer);
  const rankOf = new Int32Array(distinct.length);
  for (let r = 0; r < order.length; r++) rankOf[order[r] ?? 0] = r;
  for (let i = 0; i < n; i++) of[i] = rankOf[of[i] ?? 0] ?? 0;
  return of;
}

/** `ids` stably sorted by rank[id] (counting sort; ranks are dense, < rank.length). */
export function sortByRank(ids: Int32Array, rank: Int32Array): Int32Array {
  const count = new Int32Array(rank.length + 1);
  for (let x = 0; x < ids.length; x++) {
    const r = (rank[ids[x] ?? 0] ?? 0) + 1;
    count[r] = (count[r] ?? 0) + 1;
  }
  for (let r = 0; r < rank.length; r++) count[r + 1] = (count[r + 1] ?? 0) + (count[r] ?? 0);
  const out = new Int32Array(ids.length);
  for (let x = 0; x < ids.length; x++) {
    const id = ids[x] ?? 0;
    const r = rank[id] ?? 0;
    const at = count[r] ?? 0;
    count[r] = at + 1;
    out[at] = id;
  }
  return out;
}

/** A small id list (a block) stably sorted by rank[id]: rank and position as one number, sorted natively. */
function sortSmallByRank(ids: readonly number[], rank: Int32Array): Int32Array {
  const len = ids.length;
  const comp = new Float64Array(len);
  for (let x = 0; x < len; x++) comp[x] = (rank[ids[x] ?? 0] ?? 0) * len + x;
  comp.sort();
  const out = new Int32Array(len);
  for (let x = 0; x < len; x++) out[x] = ids[(comp[x] ?? 0) % len] ?? 0;
  return out;
}

/** Blocking as a generator (yields about every SLICE_MS); the return value holds the pairs as rows. */
export function* candidatePairSteps(records: readonly StdRecord[], opts: BlockingOptions = {}, slicer = new Slicer()): Generator<BlockingProgress, CandidatePairs> {
  const { maxBlockSize, window } = { ...DEFAULT_BLOCKING, ...opts };
  const n = records.length;
  const buf = new PairBuffer();
  const progress = (done: number): BlockingProgress => ({ phase: 'blocking', done, total: 4 });

  // Hash blocks: key → block number; members of each block in record order.
  const blockOf = new Map<string, number>();
  const blocks: number[][] = [];
  for (let i = 0; i < n; i++) {
    const r = records[i];
    if (r === undefined) continue;
    for (const k of blockingKeys(r)) {
      let b = blockOf.get(k);
      if (b === undefined) {
        b = blocks.length;
        blockOf.set(k, b);
        blocks.push([i]);
        continue;
      }
      const list = blocks[b] ?? [];
      if (list[list.length - 1] !== i) list.push(i);
    }
    if ((i & 255) === 255 && slicer.due()) yield progress(0);
  }
  blockOf.clear();

  // Sorted-window pairing of a sorted id list.
  const windowPairs = (sorted: Int32Array): void => {
    for (let x = 0; x < sorted.length; x++) {
      const i = sorted[x] ?? 0;
      const end = Math.min(sorted.length, x + window);
      for (let y = x + 1; y < end; y++) buf.push(i, sorted[y] ?? 0);
    }
  };
  // Pairs to come: every small block in full, windows of big blocks and of the three passes.
  let expected = 3 * n * (window - 1);
  for (const ids of blocks) expected += ids.length <= maxBlockSize ? (ids.length * (ids.length - 1)) / 2 : ids.length * (window - 1);
  buf.reserve(expected);
  let fullRank: Int32Array | undefined;
  let work = 0;
  for (let b = 0; b < blocks.length; b++) {
    const ids = blocks[b] ?? [];
    if (ids.length < 2) continue;
    if (ids.length <= maxBlockSize) {
      for (let x = 0; x < ids.length; x++) for (let y = x + 1; y < ids.length; y++) buf.push(ids[x] ?? 0, ids[y] ?? 0);
      work += (ids.length * (ids.length - 1)) / 2;
    } else {
      // Oversized block (very common name key): members sorted by the full name/date/postcode key.
      fullRank ??= yield* rankKeysSteps(records.map((r) => `${r.family} ${r.given} ${r.birth} ${r.postcode}`), slicer);
      windowPairs(sortSmallByRank(ids, fullRank));
      work += ids.length * window;
    }
    if (work >= CLOCK_EVERY * 16) {
      work = 0;
      if (slicer.due()) yield progress(1);
    }
  }
  blocks.length = 0;

  // Sorted neighbourhood over the three sort keys.
  const sortKeyLists: string[][] = [[], [], []];
  for (const r of records) {
    const ks = sortKeys(r);
    for (let k = 0; k < 3; k++) sortKeyLists[k]?.push(ks[k] ?? '');
  }
  const all = new Int32Array(n);
  for (let i = 0; i < n; i++) all[i] = i;
  for (let k = 0; k < 3; k++) {
    const rank = yield* rankKeysSteps(sortKeyLists[k] ?? [], slicer);
    sortKeyLists[k] = [];
    windowPairs(sortByRank(all, rank));
    yield progress(2);
  }

  // Unique pairs as rows: counting sort by the smaller index, then sort and dedupe each row.
  const len = buf.length;
  const start = new Int32Array(n + 1);
  for (let x = 0; x < len; x++) {
    const r = (buf.lo[x] ?? 0) + 1;
    start[r] = (start[r] ?? 0) + 1;
  }
  for (let i = 0; i < n; i++) start[i + 1] = (start[i + 1] ?? 0) + (start[i] ?? 0);
  const fill = start.slice(0, n);
  const cols = new Int32Array(len);
  for (let x = 0; x < len; x++) {
    const i = buf.lo[x] ?? 0;
    const at = fill[i] ?? 0;
    fill[i] = at + 1;
    cols[at] = buf.hi[x] ?? 0;
    if ((x & 0xffff) === 0xffff && slicer.due()) yield progress(3);
  }
  let u = 0;
  let rowStart = 0;
  for (let i = 0; i < n; i++) {
    const from = rowStart;
    const to = start[i + 1] ?? 0;
    rowStart = to;
    start[i] = u;
    if (to - from > 1) cols.subarray(from, to).sort();
    for (let x = from; x < to; x++) {
      const j = cols[x] ?? 0;
      if (x === from || j !== cols[x - 1]) cols[u++] = j;
    }
    if ((i & 1023) === 1023 && slicer.due()) yield progress(3);
  }
  start[n] = u;
  return { start, cols: cols.slice(0, u) };
}
