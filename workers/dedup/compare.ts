// String and date similarity used by the comparison levels. Pure, allocation-light: they run for
// every candidate pair of a scan.

let flagsA = new Uint8Array(64);
let flagsB = new Uint8Array(64);

/** Jaro similarity in [0, 1]; 1 for two equal strings (two empty strings included). */
export function jaro(a: string, b: string): number {
  if (a === b) return 1;
  const la = a.length;
  const lb = b.length;
  if (la === 0 || lb === 0) return 0;
  const range = Math.max(0, Math.floor(Math.max(la, lb) / 2) - 1);
  if (la > flagsA.length || lb > flagsB.length) {
    flagsA = new Uint8Array(Math.max(la, flagsA.length * 2));
    flagsB = new Uint8Array(Math.max(lb, flagsB.length * 2));
  }
  // Reused scratch buffers: this runs for every candidate pair.
  const aMatch = flagsA;
  const bMatch = flagsB;
  aMatch.fill(0, 0, la);
  bMatch.fill(0, 0, lb);
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const lo = Math.max(0, i - range);
    const hi = Math.min(lb - 1, i + range);
    const ch = a.charCodeAt(i);
    for (let j = lo; j <= hi; j++) {
      if (bMatch[j] === 0 && b.charCodeAt(j) === ch) {
        aMatch[i] = 1;
        bMatch[j] = 1;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  let k = 0;
  let transpositions = 0;
  for (let i = 0; i < la; i++) {
    if (aMatch[i] === 0) continue;
    while (bMatch[k] === 0) k++;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) transpositions++;
    k++;
  }
  const m = matches;
  return (m / la + m / lb + (m - transpositions / 2) / m) / 3;
}

/** Jaro-Winkler: Jaro boosted by a common prefix of up to 4 characters (scaling 0.1). */
export function jaroWinkler(a: string, b: string): number {
  const j = jaro(a, b);
  if (j <= 0.7) return j;
  let prefix = 0;
  const max = Math.min(4, a.length, b.length);
  while (prefix < max && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return j + prefix * 0.1 * (1 - j);
}

let row0 = new Int32Array(32);
let row1 = new Int32Array(32);
let row2 = new Int32Array(32);

/**
 * Optimal-string-alignment distance (Levenshtein plus adjacent transpositions, each edit cost 1),
 * stopping early once it exceeds `max` (then returns max + 1). Only the diagonal band of width
 * 2·max+1 is filled when `max` is finite; rows are reused scratch buffers.
 */
export function editDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (a === b) return 0;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > max) return max + 1;
  if (la === 0) return lb;
  if (lb === 0) return la;
  if (max < 1) return max + 1;
  if (max === 1) return withinOneEdit(a, b) ? 1 : 2;
  if (lb + 1 > row0.length) {
    row0 = new Int32Array(lb * 2 + 2);
    row1 = new Int32Array(lb * 2 + 2);
    row2 = new Int32Array(lb * 2 + 2);
  }
  // Cells outside the band count as "too far" (max + 1), which never under-estimates.
  const band = Number.isFinite(max) ? max : la + lb;
  const far = Number.isFinite(max) ? max + 1 : la + lb + 1;
  let prev2 = row0;
  let prev = row1;
  let cur = row2;
  for (let j = 0; j <= lb; j++) prev[j] = j <= band ? j : far;
  for (let i = 1; i <= la; i++) {
    const lo = Math.max(1, i - band);
    const hi = Math.min(lb, i + band);
    cur[0] = i <= band ? i : far;
    if (lo > 1) cur[lo - 1] = far;
    let rowMin = lo === 1 ? (cur[0] ?? far) : far;
    const ca = a.charCodeAt(i - 1);
    for (let j = lo; j <= hi; j++) {
      const cb = b.charCodeAt(j - 1);
      const up = j <= i - 1 + band ? (prev[j] ?? far) : far;
      let v = Math.min(up + 1, (cur[j - 1] ?? far) + 1, (prev[j - 1] ?? far) + (ca === cb ? 0 : 1));
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) {
        v = Math.min(v, (prev2[j - 2] ?? far) + 1);
      }
      if (v > far) v = far;
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (hi < lb) cur[hi + 1] = far;
    if (rowMin > max) return max + 1;
    const t = prev2;
    prev2 = prev;
    prev = cur;
    cur = t;
  }
  const d = prev[lb] ?? far;
  return d > max ? max + 1 : d;
}

/** OSA distance ≤ 1 without a table: equal, one substitution, insertion/deletion or adjacent swap. */
export function withinOneEdit(a: string, b: string): boolean {
  const la = a.length;
  const lb = b.length;
  if (la === lb) {
    let i = 0;
    while (i < la && a.charCodeAt(i) === b.charCodeAt(i)) i++;
    if (i === la) return true;
    let j = la - 1;
    while (j > i && a.charCodeAt(j) === b.charCodeAt(j)) j--;
    if (j === i) return true; // one substitution
    return j === i + 1 && a.charCodeAt(i) === b.charCodeAt(j) && a.charCodeAt(j) === b.charCodeAt(i);
  }
  if (la === lb + 1) return oneInsertion(b, a);
  if (lb === la + 1) return oneInsertion(a, b);
  return false;
}

/** `long` is `short` with one character inserted. */
function oneInsertion(short: string, long: string): boolean {
  let i = 0;
  const ls = short.length;
  while (i < ls && short.charCodeAt(i) === long.charCodeAt(i)) i++;
  for (let k = i; k < ls; k++) if (short.charCodeAt(k) !== long.charCodeAt(k + 1)) return false;
  return true;
}

/** Jaro-Winkler only when it can reach `min`: an upper bound from the lengths decides first (0 then). */
export function jaroWinklerAtLeast(a: string, b: string, min: number): number {
  const la = a.length;
  const lb = b.length;
  if (la === 0 || lb === 0) return a === b ? 1 : 0;
  const short = la < lb ? la : lb;
  const jMax = (short / la + short / lb + 1) / 3;
  if (jMax + 0.4 * (1 - jMax) < min) return 0;
  return jaroWinkler(a, b);
}

export type DateLevel = 'exact' | 'transposed' | 'typo' | 'sameYear' | 'different';

/**
 * Compare two dates given as 8 digits YYYYMMDD (other strings compare by edit distance only).
 * 'transposed': day and month swapped, or two adjacent digits swapped; 'typo': one digit wrong;
 * 'sameYear': same year (month/day both off, or a date typed as a year only).
 */
export function compareDates(a: string, b: string): DateLevel {
  return DATE_LEVELS[dateLevel(a, b)] ?? 'different';
}

const DATE_LEVELS: readonly DateLevel[] = ['exact', 'transposed', 'typo', 'sameYear', 'different'];

/** compareDates as its index in ['exact', 'transposed', 'typo', 'sameYear', 'different'] (no allocation). */
export function dateLevel(a: string, b: string): number {
  if (a === b) return 0;
  const la = a.length;
  if (la === 8 && b.length === 8) {
    // Same year, day and month swapped.
    let sameYear = true;
    for (let i = 0; i < 4; i++) if (a.charCodeAt(i) !== b.charCodeAt(i)) sameYear = false;
    if (
      sameYear &&
      a.charCodeAt(4) === b.charCodeAt(6) &&
      a.charCodeAt(5) === b.charCodeAt(7) &&
      a.charCodeAt(6) === b.charCodeAt(4) &&
      a.charCodeAt(7) === b.charCodeAt(5)
    )
      return 1;
  }
  if (la === b.length) {
    let diff = 0;
    let first = -1;
    for (let i = 0; i < la; i++) {
      if (a.charCodeAt(i) !== b.charCodeAt(i)) {
        if (first < 0) first = i;
        diff++;
      }
    }
    if (diff === 1) return 2;
    if (
      diff === 2 &&
      a.charCodeAt(first) === b.charCodeAt(first + 1) &&
      a.charCodeAt(first + 1) === b.charCodeAt(first)
    )
      return 1;
  } else if (withinOneEdit(a, b)) {
    return 2;
  }
  if (la >= 4 && b.length >= 4) {
    for (let i = 0; i < 4; i++) if (a.charCodeAt(i) !== b.charCodeAt(i)) return 4;
    return 3;
  }
  return 4;
}

/** American Soundex (letters only; '' for no letters), used as a phonetic blocking key. */
export function soundex(s: string): string {
  const codes: Record<string, string> = {
    b: '1',
    f: '1',
    p: '1',
    v: '1',
    c: '2',
    g: '2',
    j: '2',
    k: '2',
    q: '2',
    s: '2',
    x: '2',
    z: '2',
    d: '3',
    t: '3',
    l: '4',
    m: '5',
    n: '5',
    r: '6',
  };
  const letters = s.toLowerCase().replace(/[^a-z]/g, '');
  const first = letters.charAt(0);
  if (first === '') return '';
  let out = first.toUpperCase();
  let last = codes[first] ?? '';
  for (let i = 1; i < letters.length && out.length < 4; i++) {
    const ch = letters.charAt(i);
    const code = codes[ch] ?? '';
    if (code !== '' && code !== last) out += code;
    // h and w do not separate equal codes; vowels do.
    if (ch !== 'h' && ch !== 'w') last = code;
  }
  return out.padEnd(4, '0');
}

/**
 * Interned strings as UTF-16 code arrays in one pool: equal strings get the same id (equality is
 * an integer compare) and Jaro-Winkler reads a typed array instead of charCodeAt on whatever
 * string representation (cons, sliced, two-byte) the standardizer produced.
 */
export class StringPool {
  // Interning: an open-addressing table over the pool's own code units (slot → id + 1, 0 empty;
  // each id's hash kept). A `Map<string, number>` of every distinct value cost ~1 µs a look-up
  // at a million records (several cache misses: bucket, entry, key string, its characters), and
  // ~30 bytes an entry; here a look-up reads one slot and, on a hash match, the codes.
  private slots = new Int32Array(1 << 10);
  private hashes = new Int32Array(256);
  /** The string of each id. */
  strings: string[] = [];
  codes: Uint16Array = new Uint16Array(1 << 12);
  start: Int32Array = new Int32Array(256);
  length: Int32Array = new Int32Array(256);
  private used = 0;
  size = 0;

  constructor() {
    this.id(''); // id 0 is the empty string
  }

  /**
   * A read-only pool over another pool's code units (a helper thread's view of the scan's pool,
   * over shared memory): same ids, same comparisons; `strings[id]` is decoded from the codes when
   * read (only the comparisons' rare string fallbacks read it). Interning into it is an error.
   */
  static fromCodes(codes: Uint16Array, start: Int32Array, length: Int32Array, size: number): StringPool {
    const pool = new StringPool();
    pool.codes = codes;
    pool.start = start;
    pool.length = length;
    pool.size = size;
    pool.used = codes.length;
    pool.readOnly = true;
    pool.strings = new Proxy<string[]>([], {
      get(target, key, receiver): unknown {
        if (typeof key === 'string') {
          const id = Number(key);
          if (Number.isInteger(id) && id >= 0 && id < size) {
            const from = start[id] ?? 0;
            return String.fromCharCode(...codes.subarray(from, from + (length[id] ?? 0)));
          }
        }
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
    return pool;
  }

  private readOnly = false;

  /** The code units as exactly sized arrays in memory from `alloc` (shared memory for helper threads); the pool reads them from then on. */
  moveTo(alloc: (bytes: number) => ArrayBufferLike): {
    codes: Uint16Array;
    start: Int32Array;
    length: Int32Array;
    size: number;
  } {
    const codes = new Uint16Array(alloc(this.used * 2));
    codes.set(this.codes.subarray(0, this.used));
    const start = new Int32Array(alloc(this.size * 4));
    start.set(this.start.subarray(0, this.size));
    const length = new Int32Array(alloc(this.size * 4));
    length.set(this.length.subarray(0, this.size));
    this.codes = codes;
    this.start = start;
    this.length = length;
    return { codes, start, length, size: this.size };
  }

  /** FNV-1a over the code units, finished with a xorshift-multiply (linear probing needs the low bits mixed). */
  private static hash(s: string): number {
    let h = 0x811c9dc5;
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
    h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
    return h ^ (h >>> 16);
  }

  id(s: string): number {
    if (this.readOnly) throw new Error('StringPool.fromCodes is read-only');
    const h = StringPool.hash(s);
    const slots = this.slots;
    const mask = slots.length - 1;
    const len = s.length;
    let x = h & mask;
    for (;;) {
      const known = (slots[x] ?? 0) - 1;
      if (known < 0) break;
      if (this.hashes[known] === h && this.length[known] === len) {
        const codes = this.codes;
        const o = this.start[known] ?? 0;
        let k = 0;
        while (k < len && codes[o + k] === s.charCodeAt(k)) k++;
        if (k === len) return known;
      }
      x = (x + 1) & mask;
    }
    const id = this.size++;
    if (id === this.start.length) {
      const start = new Int32Array(id * 2);
      const length = new Int32Array(id * 2);
      const hashes = new Int32Array(id * 2);
      start.set(this.start);
      length.set(this.length);
      hashes.set(this.hashes.subarray(0, id));
      this.start = start;
      this.length = length;
      this.hashes = hashes;
    }
    if (this.used + len > this.codes.length) {
      const codes = new Uint16Array(Math.max(this.codes.length * 2, this.used + len));
      codes.set(this.codes);
      this.codes = codes;
    }
    for (let i = 0; i < len; i++) this.codes[this.used + i] = s.charCodeAt(i);
    this.start[id] = this.used;
    this.length[id] = len;
    this.hashes[id] = h;
    this.used += len;
    slots[x] = id + 1;
    this.strings.push(s);
    // Load at most 1/2: short probe runs.
    if (this.size * 2 > slots.length) this.rehash(slots.length * 2);
    return id;
  }

  private rehash(capacity: number): void {
    const slots = new Int32Array(capacity);
    const mask = capacity - 1;
    for (let id = 0; id < this.size; id++) {
      let x = (this.hashes[id] ?? 0) & mask;
      while (slots[x] !== 0) x = (x + 1) & mask;
      slots[x] = id + 1;
    }
    this.slots = slots;
  }

  /** Jaro-Winkler of two interned strings (same value as jaroWinkler on the strings). */
  jaroWinkler(a: number, b: number): number {
    if (a === b) return 1;
    const j = this.jaro(a, b);
    if (j <= 0.7) return j;
    const codes = this.codes;
    const a0 = this.start[a] ?? 0;
    const b0 = this.start[b] ?? 0;
    const max = Math.min(4, this.length[a] ?? 0, this.length[b] ?? 0);
    let prefix = 0;
    while (prefix < max && codes[a0 + prefix] === codes[b0 + prefix]) prefix++;
    return j + prefix * 0.1 * (1 - j);
  }

  /** Jaro-Winkler when it can reach `min` (length bound first); else 0. */
  jaroWinklerAtLeast(a: number, b: number, min: number): number {
    if (a === b) return 1;
    const la = this.length[a] ?? 0;
    const lb = this.length[b] ?? 0;
    if (la === 0 || lb === 0) return 0;
    const short = la < lb ? la : lb;
    const jMax = (short / la + short / lb + 1) / 3;
    if (jMax + 0.4 * (1 - jMax) < min) return 0;
    return this.jaroWinkler(a, b);
  }

  /** Codes of each string sorted ascending (same offsets as `codes`; filled on demand). */
  private sortedFlat = new Uint16Array(0);
  private sortedDone = new Uint8Array(256);

  /**
   * Jaro-Winkler ≥ `min` is impossible when the strings share too few characters (as multisets,
   * an upper bound of Jaro's matches); 0 then, else jaroWinklerAtLeast. For long unique values
   * (emails) where the full Jaro costs ~1 µs.
   */
  jaroWinklerShared(a: number, b: number, min: number): number {
    if (a === b) return 1;
    const la = this.length[a] ?? 0;
    const lb = this.length[b] ?? 0;
    if (la === 0 || lb === 0) return 0;
    // j ≤ (m/la + m/lb + 1) / 3 and JW ≤ j + 0.4 (1 - j).
    const jNeeded = (min - 0.4) / 0.6;
    const mNeeded = (3 * jNeeded - 1) / (1 / la + 1 / lb);
    this.sortCodes(a);
    this.sortCodes(b);
    const sorted = this.sortedFlat;
    const a0 = this.start[a] ?? 0;
    const b0 = this.start[b] ?? 0;
    let x = 0;
    let y = 0;
    let common = 0;
    while (x < la && y < lb) {
      const ca = sorted[a0 + x] ?? 0;
      const cb = sorted[b0 + y] ?? 0;
      if (ca === cb) {
        common++;
        x++;
        y++;
      } else if (ca < cb) x++;
      else y++;
    }
    if (common < mNeeded - 1e-9) return 0;
    return this.jaroWinklerAtLeast(a, b, min);
  }

  /** Sort the codes of `id` into sortedFlat (same offsets as codes) once. */
  private sortCodes(id: number): void {
    if (id < this.sortedDone.length && this.sortedDone[id] === 1) return;
    if (this.sortedFlat.length < this.codes.length) {
      const flat = new Uint16Array(this.codes.length);
      flat.set(this.sortedFlat);
      this.sortedFlat = flat;
    }
    if (id >= this.sortedDone.length) {
      const done = new Uint8Array(Math.max(id + 1, this.sortedDone.length * 2));
      done.set(this.sortedDone);
      this.sortedDone = done;
    }
    const from = this.start[id] ?? 0;
    const to = from + (this.length[id] ?? 0);
    this.sortedFlat.set(this.codes.subarray(from, to), from);
    this.sortedFlat.subarray(from, to).sort();
    this.sortedDone[id] = 1;
  }

  // Memo of Jaro-Winkler by (id, id): open addressing, keys -1 = empty. Names, companies, streets
  // and cities repeat across a customer base, so most of a scan's pairs of values were seen before.
  private memoA = new Int32Array(1 << 12).fill(-1);
  private memoB = new Int32Array(1 << 12);
  private memoV = new Float64Array(1 << 12);
  private memoCount = 0;

  /** jaroWinklerAtLeast through the memo (for values that repeat: names, companies, places). */
  jaroWinklerMemo(a: number, b: number, min: number): number {
    if (a === b) return 1;
    const mask = this.memoA.length - 1;
    let h = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca77)) & mask;
    for (;;) {
      const k = this.memoA[h] ?? -1;
      if (k === -1) break;
      if (k === a && this.memoB[h] === b) return this.memoV[h] ?? 0;
      h = (h + 1) & mask;
    }
    // Cached values are exact whenever they reach 0.8, the lowest threshold any caller uses.
    const v = this.jaroWinklerAtLeast(a, b, min < 0.8 ? min : 0.8);
    if (this.memoCount * 2 >= this.memoA.length) {
      if (this.memoA.length >= 1 << 20) this.resetMemo(this.memoA.length);
      else this.resetMemo(this.memoA.length * 2);
      return v;
    }
    this.memoA[h] = a;
    this.memoB[h] = b;
    this.memoV[h] = v;
    this.memoCount++;
    return v;
  }

  private resetMemo(size: number): void {
    const oldA = this.memoA;
    const oldB = this.memoB;
    const oldV = this.memoV;
    this.memoA = new Int32Array(size).fill(-1);
    this.memoB = new Int32Array(size);
    this.memoV = new Float64Array(size);
    this.memoCount = 0;
    if (size === oldA.length) return; // full at the cap: start over
    const mask = size - 1;
    for (let x = 0; x < oldA.length; x++) {
      const a = oldA[x] ?? -1;
      if (a === -1) continue;
      const b = oldB[x] ?? 0;
      let h = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca77)) & mask;
      while (this.memoA[h] !== -1) h = (h + 1) & mask;
      this.memoA[h] = a;
      this.memoB[h] = b;
      this.memoV[h] = oldV[x] ?? 0;
      this.memoCount++;
    }
  }

  private jaro(a: number, b: number): number {
    const la = this.length[a] ?? 0;
    const lb = this.length[b] ?? 0;
    if (la === 0 || lb === 0) return 0;
    const codes = this.codes;
    const a0 = this.start[a] ?? 0;
    const b0 = this.start[b] ?? 0;
    const range = Math.max(0, Math.floor(Math.max(la, lb) / 2) - 1);
    if (la > poolMatchA.length || lb > poolStampB.length) {
      poolMatchA = new Int32Array(Math.max(la, lb) * 2);
      poolStampB = new Int32Array(Math.max(la, lb) * 2);
      stamp = 0;
    }
    // Matched positions of a (in order) and a stamp per position of b (no clearing per call).
    const matchA = poolMatchA;
    const usedB = poolStampB;
    if (stamp > 0x3fffffff) {
      poolStampB.fill(0);
      stamp = 0;
    }
    const s = ++stamp;
    let matches = 0;
    for (let i = 0; i < la; i++) {
      const lo = i - range > 0 ? i - range : 0;
      const hi = i + range < lb - 1 ? i + range : lb - 1;
      const ch = codes[a0 + i];
      for (let j = lo; j <= hi; j++) {
        if (usedB[j] !== s && codes[b0 + j] === ch) {
          usedB[j] = s;
          matchA[matches++] = i;
          break;
        }
      }
    }
    if (matches === 0) return 0;
    let k = 0;
    let transpositions = 0;
    for (let x = 0; x < matches; x++) {
      while (usedB[k] !== s) k++;
      if (codes[a0 + (matchA[x] ?? 0)] !== codes[b0 + k]) transpositions++;
      k++;
    }
    const m = matches;
    return (m / la + m / lb + (m - transpositions / 2) / m) / 3;
  }
}

let poolMatchA = new Int32Array(64);
let poolStampB = new Int32Array(64);
let stamp = 0;
