// Blocking: which pairs are worth scoring. Records share a block when they share any of several
// keys (phone, canonical email, phonetic name keys in both name orders, postcode + initial,
// birth date, street); a sorted-neighbourhood pass over name orders adds near-misses that no key
// catches. Oversized blocks (very common names) are not expanded in full: their members are
// sorted by the full name/address key and only neighbours within a window are paired (sorts: sorting.ts).
// One module (~500 lines): the key kinds, their interning and the block expansion share the packed
// key tables, which are internal to blocking.
import type { StdRecord } from './standardize';
import { StringPool, soundex as soundexRaw } from './compare';
import { memoize } from './standardize';
import { nicknameKeys } from './nicknames';
import { ROW, ROW_SLOTS, RecordRows, SLOT } from './model';
import {
  Slicer,
  rankKeysSteps,
  sortByRank,
  sortSmallByRank,
  spacedKeyRanksSteps,
  tupleOrder,
  valueRanksSteps,
} from './sorting';
import type { BlockingProgress } from './sorting';

export interface BlockingOptions {
  /** Blocks larger than this are windowed instead of fully paired. */
  maxBlockSize?: number;
  /**
   * The cap of the weak keys (a birth date alone, a postcode with an initial, a street with a
   * postcode): their blocks grow with the record count while what their members share says
   * little, so past this size they are windowed too.
   */
  maxWeakBlockSize?: number;
  /** Window of the sorted-neighbourhood passes (and of oversized blocks). */
  window?: number;
}

/**
 * Weak keys' cap: at 20,000 generated records no weak block is larger, so results there are
 * unchanged; at 200,000 it windows ~4,500 more blocks and saves 0.6 candidate pairs a record.
 */
const WEAK_CAP = 10;
export const DEFAULT_BLOCKING: Required<BlockingOptions> = { maxBlockSize: 40, maxWeakBlockSize: WEAK_CAP, window: 6 };

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
  if (r.birth.length >= 6) {
    keys.push(`b:${r.birth}`);
    // The date with either name's sound: stays small at any size (the date alone and the year
    // with a name are windowed from a few hundred thousand records on), and pairs a nickname,
    // a typo or a name typed in the other order when the date agrees.
    for (const x of [r.family, r.given]) if (x !== '') keys.push(`bd:${r.birth}|${soundex(x)}`);
  }
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

// The scan's blocking keys as numbers: blockingKeys' keys, same order and same equality, as
// (kind, a, b, c) of pool ids and character codes. Building ~15 key strings per record and
// hashing them into a Map took a third of the blocking time at 100,000 records; here the parts
// come from the scan's record rows, and per-value parts (soundex, birth year, nickname keys) are
// computed once per distinct value.
// Key kinds, a set of its own (the numbered-constants look of model.ts's row slots is only the form).
const K_PHONE = 1,
  K_EMAIL = 2,
  K_NAME = 3,
  K_POSTCODE = 4,
  K_BIRTH_NAME = 5,
  K_NICK = 6,
  K_HAN = 7,
  K_BIRTH = 8,
  K_STREET = 9,
  K_STREET_PC = 10,
  K_COMPANY = 11,
  K_BIRTH_DATE_NAME = 12;
/** Key kinds whose blocks are capped at `maxWeakBlockSize`. */
const WEAK_KINDS: readonly number[] = [K_POSTCODE, K_BIRTH, K_STREET_PC];

/** Key parts per pool id, computed once per distinct value. */
export class KeyParts {
  private sdx: Int32Array = new Int32Array(1024);
  private yr: Int32Array = new Int32Array(1024);
  private readonly nicks: (readonly number[] | undefined)[] = [];
  constructor(readonly pool: StringPool) {}

  private static fit(a: Int32Array, id: number): Int32Array {
    if (id < a.length) return a;
    const b = new Int32Array(Math.max(id + 1, a.length * 2));
    b.set(a);
    return b;
  }

  /** Pool id of the value's soundex ('' → 0). */
  soundex(id: number): number {
    this.sdx = KeyParts.fit(this.sdx, id);
    let v = this.sdx[id] ?? 0;
    if (v === 0) {
      v = this.pool.id(soundex(this.pool.strings[id] ?? '')) + 1;
      this.sdx = KeyParts.fit(this.sdx, id);
      this.sdx[id] = v;
    }
    return v - 1;
  }

  /** Pool id of the value's first four characters (a birth date's year). */
  year(id: number): number {
    this.yr = KeyParts.fit(this.yr, id);
    let v = this.yr[id] ?? 0;
    if (v === 0) {
      v = this.pool.id((this.pool.strings[id] ?? '').slice(0, 4)) + 1;
      this.yr = KeyParts.fit(this.yr, id);
      this.yr[id] = v;
    }
    return v - 1;
  }

  /** Pool ids of the name's nickname keys. */
  nicknames(id: number): readonly number[] {
    const list = this.nicks;
    while (list.length <= id) list.push(undefined); // dense (a sparse array turns into a dictionary)
    let v = list[id];
    if (v === undefined) list[id] = v = nicknameKeys(this.pool.strings[id] ?? '').map((k) => this.pool.id(k));
    return v;
  }

  /** First code unit of the value (0 for ''), the `initial` of the string keys. */
  initial(id: number): number {
    const p = this.pool;
    return (p.length[id] ?? 0) > 0 ? (p.codes[p.start[id] ?? 0] ?? 0) : 0;
  }
}

/** The numeric keys of record i (rows filled) in blockingKeys' order, passed to `emit(kind, a, b, c)`. */
export function numericKeys(
  r: StdRecord,
  rows: RecordRows,
  i: number,
  parts: KeyParts,
  emit: (kind: number, a: number, b: number, c: number) => void,
): void {
  const pool = parts.pool;
  const row = rows.rows;
  const o = i * ROW;
  for (const p of r.phones) emit(K_PHONE, pool.id(p.slice(-8)), 0, 0);
  // The row holds the first emails' ids already (the same pool.id(e)).
  for (let k = 0; k < r.emails.length; k++)
    emit(K_EMAIL, k < ROW_SLOTS ? (row[o + SLOT.email + k] ?? 0) : pool.id(r.emails[k] ?? ''), 0, 0);
  const family = row[o + SLOT.family] ?? 0;
  const given = row[o + SLOT.given] ?? 0;
  const postcode = row[o + SLOT.postcode] ?? 0;
  const birth = row[o + SLOT.birth] ?? 0;
  for (let k = 0; k < 2; k++) {
    const x = k === 0 ? family : given;
    const y = k === 0 ? given : family;
    if (x === 0) continue;
    const sx = parts.soundex(x);
    emit(K_NAME, sx, parts.initial(y), 0);
    if (postcode !== 0) emit(K_POSTCODE, postcode, parts.initial(x), 0);
    if (birth !== 0) emit(K_BIRTH_NAME, parts.year(birth), sx, 0);
  }
  const first = row[o + SLOT.first] ?? 0;
  const nicks = first === 0 ? [] : parts.nicknames(first);
  if (nicks.length > 0) {
    const sf = parts.soundex(family);
    for (const nick of nicks) emit(K_NICK, nick, sf, 0);
  }
  if (r.hanzi !== '') emit(K_HAN, pool.id(r.hanzi), 0, 0);
  if (r.birth.length >= 6) {
    emit(K_BIRTH, birth, 0, 0);
    if (family !== 0) emit(K_BIRTH_DATE_NAME, birth, parts.soundex(family), 0);
    if (given !== 0) emit(K_BIRTH_DATE_NAME, birth, parts.soundex(given), 0);
  }
  const street = row[o + SLOT.street] ?? 0;
  if (street !== 0) {
    const ss = parts.soundex(street);
    emit(K_STREET, row[o + SLOT.streetNumber] ?? 0, ss, parts.initial(row[o + SLOT.city] ?? 0));
    if (postcode !== 0) emit(K_STREET_PC, postcode, ss, 0);
  }
  const company = row[o + SLOT.company] ?? 0;
  if (company !== 0 && family !== 0) emit(K_COMPANY, company, parts.soundex(family), 0);
}

/** (kind, a, b, c) → dense key number, open addressing over typed arrays. */
export class KeyTable {
  private keys = new Int32Array(4 << 12);
  private slots = new Int32Array(1 << 13).fill(-1);
  size = 0;

  private static hash(k: number, a: number, b: number, c: number): number {
    let h = Math.imul(k ^ 0x9e3779b9, 0x85ebca6b);
    h = Math.imul(h ^ a, 0xc2b2ae35);
    h = Math.imul(h ^ (h >>> 15) ^ b, 0x27d4eb2f);
    h = Math.imul(h ^ (h >>> 13) ^ c, 0x165667b1);
    return h ^ (h >>> 16);
  }

  /** The kind of key `id`. */
  kind(id: number): number {
    return this.keys[4 * id] ?? 0;
  }

  id(k: number, a: number, b: number, c: number): number {
    const slots = this.slots;
    const keys = this.keys;
    const mask = slots.length - 1;
    let h = KeyTable.hash(k, a, b, c) & mask;
    for (;;) {
      const s = slots[h] ?? -1;
      if (s === -1) break;
      const o = 4 * s;
      if (keys[o] === k && keys[o + 1] === a && keys[o + 2] === b && keys[o + 3] === c) return s;
      h = (h + 1) & mask;
    }
    const id = this.size++;
    if (4 * id + 4 > keys.length) {
      const grown = new Int32Array(keys.length * 2);
      grown.set(keys);
      this.keys = grown;
    }
    const o = 4 * id;
    this.keys[o] = k;
    this.keys[o + 1] = a;
    this.keys[o + 2] = b;
    this.keys[o + 3] = c;
    slots[h] = id;
    if (this.size * 2 > slots.length) this.rehash(slots.length * 2);
    return id;
  }

  private rehash(size: number): void {
    const slots = new Int32Array(size).fill(-1);
    const keys = this.keys;
    const mask = size - 1;
    for (let id = 0; id < this.size; id++) {
      const o = 4 * id;
      let h = KeyTable.hash(keys[o] ?? 0, keys[o + 1] ?? 0, keys[o + 2] ?? 0, keys[o + 3] ?? 0) & mask;
      while (slots[h] !== -1) h = (h + 1) & mask;
      slots[h] = id;
    }
    this.slots = slots;
  }
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

/**
 * Blocking as a generator (yields about every SLICE_MS); the return value holds the pairs as rows.
 * `rows`: the scan's filled record rows (their pool ids are the keys' parts); built here when absent.
 * Materializes every candidate pair: the scan streams them instead (`candidateStreamSteps`).
 */
export function* candidatePairSteps(
  records: readonly StdRecord[],
  opts: BlockingOptions = {},
  slicer = new Slicer(),
  rows?: RecordRows,
): Generator<BlockingProgress, CandidatePairs> {
  const stream = yield* candidateStreamSteps(records, opts, slicer, rows);
  const n = records.length;
  const start = new Int32Array(n + 1);
  let cols = new Int32Array(Math.max(16, n * 8));
  let len = 0;
  for (let i = 0; i < n; i++) {
    const c = stream.partners(i);
    if (len + c > cols.length) {
      const grown = new Int32Array(Math.max(len + c, cols.length * 2));
      grown.set(cols.subarray(0, len));
      cols = grown;
    }
    cols.set(stream.out.subarray(0, c), len);
    len += c;
    start[i + 1] = len;
    if ((i & 1023) === 1023 && slicer.due()) yield { phase: 'blocking', done: 3, total: 4 };
  }
  return { start, cols: cols.slice(0, len) };
}

/**
 * The hash blocks and sorted-neighbourhood orders, without the pairs: `CandidateStream.partners(i)`
 * gives record i's candidates j > i on demand, so a scan compares them as they come and never holds
 * every pair twice (the pair buffer and its sorted copy took ~18 bytes a pair, ~0.7 KB a record).
 */
export function* candidateStreamSteps(
  records: readonly StdRecord[],
  opts: BlockingOptions = {},
  slicer = new Slicer(),
  rows?: RecordRows,
  ties?: Int32Array,
  /**
   * Record i when `records` no longer holds it (a scan drops each standardized record once its row
   * is filled and passes a rebuild from the row): called per record, the result is not kept.
   */
  recordOf?: (i: number) => StdRecord,
  /** Memory for the stream's large arrays (shared memory when helper threads will read them). */
  alloc: (bytes: number) => ArrayBufferLike = (bytes) => new ArrayBuffer(bytes),
): Generator<BlockingProgress, CandidateStream> {
  const { maxBlockSize, maxWeakBlockSize, window } = { ...DEFAULT_BLOCKING, ...opts };
  const n = records.length;
  const ints = (length: number): Int32Array => new Int32Array(alloc(length * 4));
  const recordAt = (i: number): StdRecord | undefined => records[i] ?? recordOf?.(i);
  // Sort keys of every record as strings (the fallback when values are not free of spaces).
  const keysOf = (key: (r: StdRecord) => string): string[] =>
    Array.from({ length: n }, (_, i) => {
      const r = recordAt(i);
      return r === undefined ? '' : key(r);
    });
  const progress = (done: number): BlockingProgress => ({ phase: 'blocking', done, total: 4 });
  let rr = rows;
  if (rr === undefined) {
    rr = new RecordRows(records, new StringPool());
    for (let i = 0; i < n; i++) {
      rr.fill(i);
      if ((i & 255) === 255 && slicer.due()) yield progress(0);
    }
  }

  // Hash blocks: (key number, record) memberships in record order, a record once per key, then
  // grouped by key with a counting sort (members stay in record order).
  const table = new KeyTable();
  let memKey = new Int32Array(Math.max(1024, n * 16));
  let memRec = new Int32Array(memKey.length);
  let members = 0;
  // A record once per key: its keys so far (a record has ~20), checked in a short list instead
  // of a per-key "last record" array (one more random read of a multi-megabyte array per key).
  let mine = new Int32Array(64);
  let mineCount = 0;
  let cur = 0;
  const add = (kind: number, a: number, b: number, c: number): void => {
    const key = table.id(kind, a, b, c);
    for (let m = 0; m < mineCount; m++) if (mine[m] === key) return;
    if (mineCount === mine.length) {
      const grown = new Int32Array(mineCount * 2);
      grown.set(mine);
      mine = grown;
    }
    mine[mineCount++] = key;
    if (members === memKey.length) {
      const k2 = new Int32Array(members * 2);
      const r2 = new Int32Array(members * 2);
      k2.set(memKey);
      r2.set(memRec);
      memKey = k2;
      memRec = r2;
    }
    memKey[members] = key;
    memRec[members++] = cur;
  };
  const parts = new KeyParts(rr.pool);
  for (let i = 0; i < n; i++) {
    const r = recordAt(i);
    if (r === undefined) continue;
    cur = i;
    mineCount = 0;
    numericKeys(r, rr, i, parts, add);
    // The keys are the longest step: its share of the first unit, so a progress bar moves.
    if ((i & 255) === 255 && slicer.due()) yield progress(i / n);
  }
  // Blocks of two or more records only (most keys — an email, a phone — are one record's), as a
  // CSR by block with members in record order.
  const nKeys = table.size;
  const keySize = new Int32Array(nKeys);
  for (let x = 0; x < members; x++) {
    const k = memKey[x] ?? 0;
    keySize[k] = (keySize[k] ?? 0) + 1;
  }
  const blockOfKey = new Int32Array(nKeys);
  let nBlocks = 0;
  for (let k = 0; k < nKeys; k++) blockOfKey[k] = (keySize[k] ?? 0) >= 2 ? nBlocks++ : -1;
  // Per block: 1 when it is over its kind's cap (paired within a sorted window only).
  const windowed = new Uint8Array(alloc(nBlocks));
  for (let k = 0; k < nKeys; k++) {
    const b = blockOfKey[k] ?? -1;
    if (b < 0) continue;
    const cap = WEAK_KINDS.includes(table.kind(k)) ? Math.min(maxBlockSize, maxWeakBlockSize) : maxBlockSize;
    windowed[b] = (keySize[k] ?? 0) > cap ? 1 : 0;
  }
  const blockStart = ints(nBlocks + 1);
  for (let k = 0; k < nKeys; k++) {
    const b = blockOfKey[k] ?? -1;
    if (b >= 0) blockStart[b + 1] = keySize[k] ?? 0;
  }
  for (let b = 0; b < nBlocks; b++) blockStart[b + 1] = (blockStart[b + 1] ?? 0) + (blockStart[b] ?? 0);
  const inBlocks = blockStart[nBlocks] ?? 0;
  const blockMembers = ints(inBlocks);
  {
    const fill = blockStart.slice(0, nBlocks);
    for (let x = 0; x < members; x++) {
      const b = blockOfKey[memKey[x] ?? 0] ?? -1;
      if (b < 0) continue;
      const at = fill[b] ?? 0;
      fill[b] = at + 1;
      blockMembers[at] = memRec[x] ?? 0;
    }
  }
  memKey = memRec = new Int32Array(0);
  if (slicer.due()) yield progress(1);

  // Value ranks for the sort keys (names, birth date, postcode, street, city): one sort of the distinct values.
  const FULL: readonly number[] = [SLOT.family, SLOT.given, SLOT.birth, SLOT.postcode];
  const SN_SLOTS: readonly (readonly number[])[] = [
    [SLOT.family, SLOT.given],
    [SLOT.given, SLOT.family],
    [SLOT.street, SLOT.streetNumber, SLOT.city],
  ];
  const ALL_SLOTS: readonly number[] = [
    SLOT.family,
    SLOT.given,
    SLOT.birth,
    SLOT.postcode,
    SLOT.street,
    SLOT.streetNumber,
    SLOT.city,
  ];
  let valueRanks: { idRank: Int32Array; values: number; clean: boolean[] } | undefined;
  const byTuple = (slots: readonly number[]): boolean =>
    valueRanks !== undefined && slots.every((sl) => valueRanks?.clean[ALL_SLOTS.indexOf(sl)] === true);
  if (rr !== undefined) valueRanks = yield* valueRanksSteps(rr, n, ALL_SLOTS, slicer);

  // Oversized blocks (very common keys): members sorted by the full name/date/postcode key in place;
  // only neighbours within the window are paired. Counted for the report.
  let fullRank: Int32Array | undefined;
  const capped = { blocks: 0, records: 0, largest: 0, pairsKept: 0, pairsSkipped: 0 };
  for (let b = 0; b < nBlocks; b++) {
    const from = blockStart[b] ?? 0;
    const to = blockStart[b + 1] ?? 0;
    const size = to - from;
    if (windowed[b] === 0) continue;
    if (fullRank === undefined) {
      if (rr !== undefined && valueRanks !== undefined && byTuple(FULL))
        fullRank = tupleOrder(rr, n, FULL, valueRanks.idRank, valueRanks.values).rank;
      else
        fullRank = yield* rankKeysSteps(
          keysOf((r) => `${r.family} ${r.given} ${r.birth} ${r.postcode}`),
          slicer,
        );
    }
    blockMembers.set(sortSmallByRank(blockMembers.subarray(from, to), fullRank), from);
    const kept = windowPairCount(size, window);
    capped.blocks++;
    capped.records += size;
    capped.largest = Math.max(capped.largest, size);
    capped.pairsKept += kept;
    capped.pairsSkipped += (size * (size - 1)) / 2 - kept;
    if (slicer.due()) yield progress(1);
  }

  // Each record's places in the blocks: CSR by record of (position in blockMembers).
  const recStart = ints(n + 1);
  for (let x = 0; x < inBlocks; x++) {
    const i = (blockMembers[x] ?? 0) + 1;
    recStart[i] = (recStart[i] ?? 0) + 1;
  }
  for (let i = 0; i < n; i++) recStart[i + 1] = (recStart[i + 1] ?? 0) + (recStart[i] ?? 0);
  const recPos = ints(inBlocks);
  const blockOf = ints(inBlocks);
  {
    const fill = recStart.slice(0, n);
    for (let b = 0; b < nBlocks; b++) {
      for (let x = blockStart[b] ?? 0; x < (blockStart[b + 1] ?? 0); x++) {
        blockOf[x] = b;
        const i = blockMembers[x] ?? 0;
        const at = fill[i] ?? 0;
        fill[i] = at + 1;
        recPos[at] = x;
      }
    }
  }
  if (slicer.due()) yield progress(1);

  // Sorted neighbourhood over the three sort keys (sortKeys): by value ranks when exact, else by the key strings.
  // Ties in record order, or in the order `ties` gives (a scan that renumbered its records for
  // locality passes their input order, so the pairs do not depend on the renumbering).
  const orders: Int32Array[] = [];
  const all = new Int32Array(n);
  if (ties === undefined) for (let i = 0; i < n; i++) all[i] = i;
  else all.set(ties);
  for (let k = 0; k < 3; k++) {
    const slots = SN_SLOTS[k] ?? [];
    if (rr !== undefined && valueRanks !== undefined && byTuple(slots)) {
      orders.push(tupleOrder(rr, n, slots, valueRanks.idRank, valueRanks.values, ties).order);
    } else {
      // Values with spaces (streets, cities): ranked by their tokens when they allow it, else by the key strings.
      const spaced = rr === undefined ? undefined : yield* spacedKeyRanksSteps(rr, n, slots, slicer);
      const rank =
        spaced ??
        (yield* rankKeysSteps(
          keysOf((r) => sortKeys(r)[k] ?? ''),
          slicer,
        ));
      orders.push(sortByRank(all, rank));
    }
    yield progress(2);
  }
  return new CandidateStream(
    { blockStart, blockMembers, blockOf, recStart, recPos, orders, windowed },
    { window },
    capped,
  );
}

/** Pairs of a sorted list of `size` paired only within `window` (neighbours at distance < window). */
export function windowPairCount(size: number, window: number): number {
  let pairs = 0;
  for (let d = 1; d < window && d < size; d++) pairs += size - d;
  return pairs;
}

/** What the block cap did: blocks over it, their records, the largest, pairs kept (windows) and skipped. */
export interface CapReport {
  blocks: number;
  records: number;
  largest: number;
  pairsKept: number;
  pairsSkipped: number;
}

/** A CandidateStream's data: blocks as a CSR, each record's places in them, the three sorted orders. */
export interface StreamArrays {
  blockStart: Int32Array;
  blockMembers: Int32Array;
  blockOf: Int32Array;
  recStart: Int32Array;
  recPos: Int32Array;
  orders: Int32Array[];
  windowed: Uint8Array;
}

/**
 * Candidate pairs on demand. `partners(i)` writes record i's candidates j > i into `out`
 * (ascending, each once) and returns their count: every other member of i's blocks up to the
 * cap, neighbours within the window in capped blocks and in the three sorted orders. The union
 * is exactly the materialized pair set of `candidatePairSteps`; memory is O(records + block
 * memberships), not O(pairs).
 */
export class CandidateStream {
  out = new Int32Array(256);
  private readonly mark: Int32Array;
  private readonly pos: Int32Array[];
  private readonly n: number;

  constructor(
    /** The blocks and orders (typed arrays only: helper threads rebuild a stream from them). */
    readonly b: StreamArrays,
    readonly o: { window: number },
    readonly capped: CapReport,
  ) {
    this.n = b.recStart.length - 1;
    this.mark = new Int32Array(this.n).fill(-1);
    this.pos = b.orders.map((order) => {
      const pos = new Int32Array(order.length);
      for (let x = 0; x < order.length; x++) pos[order[x] ?? 0] = x;
      return pos;
    });
  }

  private add(i: number, j: number, c: number): number {
    if (j <= i || this.mark[j] === i) return c;
    this.mark[j] = i;
    if (c === this.out.length) {
      const grown = new Int32Array(c * 2);
      grown.set(this.out);
      this.out = grown;
    }
    this.out[c] = j;
    return c + 1;
  }

  partners(i: number): number {
    const { blockStart, blockMembers, blockOf, recStart, recPos, orders, windowed } = this.b;
    const { window } = this.o;
    let c = 0;
    for (let k = recStart[i] ?? 0; k < (recStart[i + 1] ?? 0); k++) {
      const x = recPos[k] ?? 0;
      const blk = blockOf[x] ?? 0;
      const from = blockStart[blk] ?? 0;
      const to = blockStart[blk + 1] ?? 0;
      if (windowed[blk] === 0) {
        // Members in record order: everyone after i is a partner j > i.
        for (let y = x + 1; y < to; y++) c = this.add(i, blockMembers[y] ?? 0, c);
      } else {
        const lo = Math.max(from, x - window + 1);
        const hi = Math.min(to, x + window);
        for (let y = lo; y < hi; y++) c = this.add(i, blockMembers[y] ?? 0, c);
      }
    }
    for (let s = 0; s < orders.length; s++) {
      const order = orders[s] as Int32Array;
      const p = this.pos[s]?.[i] ?? 0;
      const lo = Math.max(0, p - window + 1);
      const hi = Math.min(order.length, p + window);
      for (let y = lo; y < hi; y++) c = this.add(i, order[y] ?? 0, c);
    }
    this.out.subarray(0, c).sort();
    return c;
  }
}
