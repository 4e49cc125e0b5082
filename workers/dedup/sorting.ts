// Sorting for blocking's sorted-neighbourhood passes, in time slices: records ordered by string keys
// (`sortByKeySteps`, `rankKeysSteps`) or, without building the keys, by tuples of interned value ranks
// (`valueRanksSteps`, `tupleOrder`, `sortByRank`: counting sorts). Generators that yield whenever the
// `Slicer` is due, so sorting 100,000 records never blocks the worker; blocking.ts decides what to sort.
import { ROW, type RecordRows } from './model';
import { StringPool } from './compare';

/** Work between two checks of the clock in the blocking loops. */
export const CLOCK_EVERY = 1024;
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

/**
 * Stable sort of `ids` by `keys[id]` (ties keep their order), in slices: chunks of CHUNK ids are
 * sorted natively (key + id as one string, so V8 compares without calling back into JS), then
 * merged pass by pass; yields whenever the slicer is due, so sorting 100,000 keys never blocks.
 */
export function* sortByKeySteps(
  ids: Int32Array,
  keys: readonly string[],
  slicer: Slicer,
): Generator<BlockingProgress, Int32Array> {
  const tick: BlockingProgress = { phase: 'blocking', done: 2, total: 4 };
  const len = ids.length;
  const CHUNK = 4096;
  // Composite sort keys: the key, a separator below every character, the position (2 code units).
  const comp: string[] = new Array<string>(len);
  for (let x = 0; x < len; x++)
    comp[x] = `${keys[ids[x] ?? 0] ?? ''}\u0000${String.fromCharCode(x >>> 16, x & 0xffff)}`;
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
  // Distinct keys through a StringPool (an open-addressing table): a Map of a million keys cost
  // ~8 s of the blocking phase at 1,000,000 records. The pool's id 0 is '' whether or not a key
  // is empty; an unused '' gets no rank, so ranks stay dense.
  const pool = new StringPool();
  const of = new Int32Array(n);
  let emptyUsed = false;
  for (let i = 0; i < n; i++) {
    const d = pool.id(keys[i] ?? '');
    if (d === 0) emptyUsed = true;
    of[i] = d;
    if ((i & 4095) === 4095 && slicer.due()) yield { phase: 'blocking', done: 2, total: 4 };
  }
  const first = emptyUsed ? 0 : 1;
  const distinct = pool.strings.slice(first);
  const order = yield* sortByKeySteps(Int32Array.from(distinct.keys()), distinct, slicer);
  const rankOf = new Int32Array(pool.size);
  for (let r = 0; r < order.length; r++) rankOf[(order[r] ?? 0) + first] = r;
  for (let i = 0; i < n; i++) of[i] = rankOf[of[i] ?? 0] ?? 0;
  return of;
}

// Sort keys without building them: a key `v1 v2 …` (values joined by one space) orders exactly
// like the tuple (v1, v2, …) compared value by value when no value contains a character ≤ ' '
// (a value that is a prefix of another then sorts first either way). The values are interned
// in the scan's pool, so only the distinct values are sorted as strings; records are then
// ordered by their tuples of value ranks with counting sorts (last value first, each stable).

/** String-order ranks of the pool values used at `slots` of the rows, and per slot whether all its values are free of characters ≤ ' '. */
export function* valueRanksSteps(
  rows: RecordRows,
  n: number,
  slots: readonly number[],
  slicer: Slicer,
): Generator<BlockingProgress, { idRank: Int32Array; values: number; clean: boolean[] }> {
  const pool = rows.pool;
  const r = rows.rows;
  const used = new Uint8Array(pool.size);
  used[0] = 1;
  for (let i = 0; i < n; i++) {
    const o = i * ROW;
    for (const sl of slots) used[r[o + sl] ?? 0] = 1;
  }
  if (slicer.due()) yield { phase: 'blocking', done: 2, total: 4 };
  const ids: number[] = [];
  for (let id = 0; id < used.length; id++) if (used[id] === 1) ids.push(id);
  const bad = new Uint8Array(pool.size);
  for (const id of ids) {
    const from = pool.start[id] ?? 0;
    const to = from + (pool.length[id] ?? 0);
    for (let x = from; x < to; x++) {
      if ((pool.codes[x] ?? 0) <= 0x20) {
        bad[id] = 1;
        break;
      }
    }
  }
  const clean = slots.map((sl) => {
    for (let i = 0; i < n; i++) if (bad[r[i * ROW + sl] ?? 0] === 1) return false;
    return true;
  });
  if (slicer.due()) yield { phase: 'blocking', done: 2, total: 4 };
  const sorted = yield* sortByKeySteps(Int32Array.from(ids), pool.strings, slicer);
  const idRank = new Int32Array(pool.size);
  for (let x = 0; x < sorted.length; x++) idRank[sorted[x] ?? 0] = x;
  return { idRank, values: sorted.length, clean };
}

/**
 * Records ordered by their tuples of value ranks at `slots` (ties in record order, or in the order
 * of `ties` when given: every record once), and each record's dense rank in that order.
 */
export function tupleOrder(
  rows: RecordRows,
  n: number,
  slots: readonly number[],
  idRank: Int32Array,
  values: number,
  ties?: Int32Array,
): { order: Int32Array; rank: Int32Array } {
  const r = rows.rows;
  let order = new Int32Array(n);
  if (ties === undefined) for (let i = 0; i < n; i++) order[i] = i;
  else order.set(ties);
  let next = new Int32Array(n);
  const count = new Int32Array(values + 1);
  for (let c = slots.length - 1; c >= 0; c--) {
    const sl = slots[c] ?? 0;
    count.fill(0);
    for (let i = 0; i < n; i++) {
      const k = (idRank[r[i * ROW + sl] ?? 0] ?? 0) + 1;
      count[k] = (count[k] ?? 0) + 1;
    }
    for (let k = 0; k < values; k++) count[k + 1] = (count[k + 1] ?? 0) + (count[k] ?? 0);
    for (let x = 0; x < n; x++) {
      const i = order[x] ?? 0;
      const k = idRank[r[i * ROW + sl] ?? 0] ?? 0;
      const at = count[k] ?? 0;
      count[k] = at + 1;
      next[at] = i;
    }
    const t = order;
    order = next;
    next = t;
  }
  const rank = new Int32Array(n);
  let d = 0;
  for (let x = 1; x < n; x++) {
    const i = order[x] ?? 0;
    const p = order[x - 1] ?? 0;
    for (const sl of slots) {
      if (r[i * ROW + sl] !== r[p * ROW + sl]) {
        d++;
        break;
      }
    }
    rank[i] = d;
  }
  return { order, rank };
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
export function sortSmallByRank(ids: ArrayLike<number>, rank: Int32Array): Int32Array {
  const len = ids.length;
  const comp = new Float64Array(len);
  for (let x = 0; x < len; x++) comp[x] = (rank[ids[x] ?? 0] ?? 0) * len + x;
  comp.sort();
  const out = new Int32Array(len);
  for (let x = 0; x < len; x++) out[x] = ids[(comp[x] ?? 0) % len] ?? 0;
  return out;
}

/**
 * Dense ranks of the records' keys `v1 v2 …` (the values at `slots` joined by one space) in string
 * order, without building a key per record: when no value contains a character below ' ', a key's
 * order is that of its space-separated tokens compared one by one (a token that is a prefix of
 * the other, or a sequence that is a prefix of the other, sorts first: ' ' is below every other
 * character left). So only the distinct tokens are sorted as strings; equal token sequences get
 * equal ranks, as equal keys do. Undefined when some value has a character below ' ' (the caller
 * then builds the keys). Used for the street order, whose values contain spaces.
 */
export function* spacedKeyRanksSteps(
  rows: RecordRows,
  n: number,
  slots: readonly number[],
  slicer: Slicer,
): Generator<BlockingProgress, Int32Array | undefined> {
  const tick: BlockingProgress = { phase: 'blocking', done: 2, total: 4 };
  const pool = rows.pool;
  const r = rows.rows;
  // The values used at the slots, each split into tokens (ids in a pool of their own).
  const used = new Uint8Array(pool.size);
  for (let i = 0; i < n; i++) for (const sl of slots) used[r[i * ROW + sl] ?? 0] = 1;
  used[0] = 1;
  const tokens = new StringPool();
  const valTokStart = new Int32Array(pool.size + 1);
  const valToks: number[] = [];
  const codes = pool.codes;
  for (let id = 0; id < pool.size; id++) {
    if (used[id] === 1) {
      const from = pool.start[id] ?? 0;
      const to = from + (pool.length[id] ?? 0);
      let t = from;
      for (let x = from; x <= to; x++) {
        const c = x < to ? (codes[x] ?? 0) : 0x20;
        if (c < 0x20) return undefined;
        if (c === 0x20) {
          valToks.push(tokens.id(String.fromCharCode(...codes.subarray(t, x))));
          t = x + 1;
        }
      }
    }
    valTokStart[id + 1] = valToks.length;
  }
  if (slicer.due()) yield tick;
  // Token ranks in string order (the pool's id 0 is '', itself a token: a double space, an empty value).
  const tokOrder = yield* sortByKeySteps(Int32Array.from(tokens.strings.keys()), tokens.strings, slicer);
  const tokRank = new Int32Array(tokens.size);
  for (let x = 0; x < tokOrder.length; x++) tokRank[tokOrder[x] ?? 0] = x;
  // Records grouped by their value ids (equal tuples adjacent), then the distinct tuples sorted
  // by their token-rank sequences.
  const identity = new Int32Array(pool.size);
  for (let id = 0; id < pool.size; id++) identity[id] = id;
  const grouped = tupleOrder(rows, n, slots, identity, pool.size).order;
  if (slicer.due()) yield tick;
  const seqStart: number[] = [0];
  const seq: number[] = [];
  const tupleOf = new Int32Array(n);
  let tuples = 0;
  for (let x = 0; x < n; x++) {
    const i = grouped[x] ?? 0;
    const p = x > 0 ? (grouped[x - 1] ?? 0) : -1;
    let same = p >= 0;
    for (const sl of slots) if (same && r[i * ROW + sl] !== r[p * ROW + sl]) same = false;
    if (!same) {
      for (const sl of slots) {
        const v = r[i * ROW + sl] ?? 0;
        for (let k = valTokStart[v] ?? 0; k < (valTokStart[v + 1] ?? 0); k++) seq.push(tokRank[valToks[k] ?? 0] ?? 0);
      }
      seqStart.push(seq.length);
      tuples++;
    }
    tupleOf[i] = tuples - 1;
  }
  if (slicer.due()) yield tick;
  const compare = (a: number, b: number): number => {
    const fa = seqStart[a] ?? 0;
    const la = (seqStart[a + 1] ?? 0) - fa;
    const fb = seqStart[b] ?? 0;
    const lb = (seqStart[b + 1] ?? 0) - fb;
    for (let k = 0; k < la && k < lb; k++) {
      const d = (seq[fa + k] ?? 0) - (seq[fb + k] ?? 0);
      if (d !== 0) return d;
    }
    return la - lb;
  };
  const sorted = Int32Array.from({ length: tuples }, (_, t) => t).sort(compare);
  if (slicer.due()) yield tick;
  const tupleRank = new Int32Array(tuples);
  let d = 0;
  for (let x = 0; x < tuples; x++) {
    if (x > 0 && compare(sorted[x - 1] ?? 0, sorted[x] ?? 0) !== 0) d++;
    tupleRank[sorted[x] ?? 0] = d;
  }
  const rank = new Int32Array(n);
  for (let i = 0; i < n; i++) rank[i] = tupleRank[tupleOf[i] ?? 0] ?? 0;
  return rank;
}
