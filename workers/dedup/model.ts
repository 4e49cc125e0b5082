// Fellegi–Sunter scoring. Each field is compared into a graded level; a level's match weight is
// log2(m / u) with m = P(level | same person) and u = P(level | different people among the
// candidate pairs). m and u are estimated by EM over the candidate pairs with Dirichlet priors
// (the defaults below; the estimation is em.ts), so a tiny database falls back to sensible weights.
// Exact agreement on a name, company, street or city is adjusted by the value's frequency: sharing
// "Zhang" says less than sharing "Sondergeld".
//
// One module on purpose (~960 lines): the field comparison exists twice — on `Prepared` records
// (explanations, live check) and on the packed rows of `RecordRows` (scans) — and the two must give
// exactly the same levels, so they share the private level helpers (stringLevel, givenLevel,
// editLevel, placeLevel …) and the level tables here; splitting them would export those helpers
// and put the two halves of one rule in different files.
import type { StdRecord } from './standardize';
import { StringPool, dateLevel, withinOneEdit } from './compare';
import { nicknameGroups } from './nicknames';

// City, postcode, region and country are one field: they are strongly dependent (a postcode
// implies its city and region), and EM's independence assumption would otherwise mistake
// "lives in the same town" for a class of its own.
export const FIELDS = [
  'given',
  'family',
  'birthDate',
  'email',
  'phone',
  'company',
  'streetNumber',
  'street',
  'place',
] as const;
export type FieldName = (typeof FIELDS)[number];

/** Level labels per field, best first. */
export const LEVELS: Record<FieldName, readonly string[]> = {
  given: ['exact', 'alias', 'similar', 'fuzzy', 'initial', 'different'],
  family: ['exact', 'similar', 'fuzzy', 'different'],
  birthDate: ['exact', 'transposed', 'typo', 'sameYear', 'different'],
  email: ['exact', 'sameLocal', 'similar', 'different'],
  phone: ['exact', 'sameNumber', 'typo', 'different'],
  company: ['exact', 'similar', 'different'],
  streetNumber: ['exact', 'typo', 'different'],
  street: ['exact', 'similar', 'fuzzy', 'different'],
  place: ['exact', 'samePostcode', 'sameCity', 'sameRegion', 'different'],
};

/** Level value of a field that is empty on either side: no evidence, weight 0. */
export const MISSING = 255;
const F = FIELDS.length;

// Prior m/u per level (candidate pairs, not random pairs: blocking makes agreement common).
const PRIOR_M: Record<FieldName, readonly number[]> = {
  given: [0.84, 0.04, 0.06, 0.03, 0.02, 0.01],
  family: [0.86, 0.06, 0.04, 0.04],
  birthDate: [0.82, 0.04, 0.08, 0.02, 0.04],
  email: [0.8, 0.05, 0.05, 0.1],
  phone: [0.78, 0.06, 0.04, 0.12],
  company: [0.8, 0.1, 0.1],
  streetNumber: [0.88, 0.04, 0.08],
  street: [0.85, 0.07, 0.04, 0.04],
  place: [0.8, 0.1, 0.05, 0.02, 0.03],
};
const PRIOR_U: Record<FieldName, readonly number[]> = {
  given: [0.08, 0.01, 0.03, 0.08, 0.02, 0.78],
  family: [0.15, 0.04, 0.08, 0.73],
  birthDate: [0.01, 0.002, 0.02, 0.05, 0.918],
  email: [0.005, 0.01, 0.01, 0.975],
  phone: [0.01, 0.002, 0.005, 0.983],
  company: [0.08, 0.03, 0.89],
  streetNumber: [0.08, 0.06, 0.86],
  street: [0.08, 0.03, 0.06, 0.83],
  place: [0.05, 0.05, 0.1, 0.2, 0.6],
};

// Email is one: generated and real data both have addresses shared by many records (a
// household's, a company's info@, "wei.zhang@qq.com" typed for several namesakes) next to personal
// ones, and as the database grows the shared ones make exact email agreement look weak on average
// (at 200k generated records its weight fell from 4.1 to 3.4 bits and recall with it).
export const TF_FIELDS: readonly FieldName[] = ['given', 'family', 'company', 'street', 'email'];

/** The first value of `a` that `b` has too ('' when none): the email two records agree on. */
export function sharedValue(a: readonly string[], b: readonly string[]): string {
  for (const x of a) if (x !== '' && b.includes(x)) return x;
  return '';
}

export interface ModelParams {
  /** m[f][level], u[f][level] in FIELDS order. */
  m: number[][];
  u: number[][];
  /** Share of true matches among candidate pairs. */
  lambda: number;
  /** EM iterations run (0 = priors only). */
  iterations: number;
}

export function defaultParams(): ModelParams {
  return {
    m: FIELDS.map((f) => [...PRIOR_M[f]]),
    u: FIELDS.map((f) => [...PRIOR_U[f]]),
    lambda: 0.05,
    iterations: 0,
  };
}

/**
 * A standardized record with what the comparison derives from it computed once: strings that
 * are compared by Jaro-Winkler interned into a StringPool (ids; equal ids = equal strings),
 * nickname groups, email local parts, phone digits. Scans prepare every record once; comparing a
 * pair then allocates nothing and never re-parses or re-folds.
 */
export interface Prepared {
  readonly s: StdRecord;
  readonly pool: StringPool;
  readonly given: number;
  readonly family: number;
  readonly company: number;
  readonly street: number;
  readonly city: number;
  readonly emails: readonly number[];
  readonly gGiven: readonly number[];
  readonly gFirst: readonly number[];
  readonly gFamily: readonly number[];
  readonly emailLocals: readonly string[];
  /** Phone digits (E.164 without '+') and their last 8 digits ('' when fewer than 7 digits). */
  readonly phoneDigits: readonly string[];
  readonly phoneTail: readonly string[];
}

/** Prepare a record for comparisons with other records of the same pool. */
export function prepare(s: StdRecord, pool: StringPool): Prepared {
  const phoneDigits = s.phones.map((x) => x.replace(/\D/g, ''));
  return {
    s,
    pool,
    given: pool.id(s.given),
    family: pool.id(s.family),
    company: pool.id(s.company),
    street: pool.id(s.streetName),
    city: pool.id(s.city),
    emails: s.emails.map((e) => pool.id(e)),
    gGiven: nicknameGroups(s.given),
    gFirst: nicknameGroups(s.givenFirst),
    gFamily: nicknameGroups(s.family),
    emailLocals: s.emails.map((x) => x.slice(0, x.indexOf('@'))),
    phoneDigits,
    phoneTail: phoneDigits.map((d) => (d.length >= 7 ? d.slice(-8) : '')),
  };
}

/** sameGivenName with precomputed nickname groups. */
function sameName(a: string, b: string, ga: readonly number[], gb: readonly number[]): boolean {
  if (a === b) return a !== '';
  for (let x = 0; x < ga.length; x++) for (let y = 0; y < gb.length; y++) if (ga[x] === gb[y]) return true;
  return false;
}

// Graded string agreement of interned strings (id 0 = empty → MISSING): 0 exact, 1 JW ≥ hi,
// 2 JW ≥ lo, 3 below (JW skipped when its length bound is below lo).
function stringLevel(pool: StringPool, a: number, b: number, hi: number, lo: number): number {
  if (a === 0 || b === 0) return MISSING;
  if (a === b) return 0;
  const jw = pool.jaroWinklerMemo(a, b, lo);
  return jw >= hi ? 1 : jw >= lo ? 2 : 3;
}

function givenLevel(
  pool: StringPool,
  a: Prepared,
  bGiven: number,
  bGivenStr: string,
  bFirst: string,
  gbGiven: readonly number[],
  gbFirst: readonly number[],
): number {
  if (a.given === 0 || bGiven === 0) return MISSING;
  if (a.given === bGiven) return 0;
  if (sameName(a.s.givenFirst, bFirst, a.gFirst, gbFirst) || sameName(a.s.given, bGivenStr, a.gGiven, gbGiven))
    return 1;
  const jw = pool.jaroWinklerMemo(a.given, bGiven, 0.8);
  if (jw >= 0.92) return 2;
  if (jw >= 0.8) return 3;
  const ag = a.s.given;
  if ((ag.length === 1 || bGivenStr.length === 1) && ag.charCodeAt(0) === bGivenStr.charCodeAt(0)) return 4;
  return 5;
}

function emailLevels(a: Prepared, b: Prepared): number {
  const xs = a.emails;
  const ys = b.emails;
  if (xs.length === 0 || ys.length === 0) return MISSING;
  let best = MISSING;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i] ?? 0;
    for (let j = 0; j < ys.length; j++) {
      const y = ys[j] ?? 0;
      const l =
        x === y ? 0 : a.emailLocals[i] === b.emailLocals[j] ? 1 : a.pool.jaroWinklerShared(x, y, 0.92) >= 0.92 ? 2 : 3;
      if (l < best) best = l;
    }
  }
  return best;
}

function phoneLevels(a: Prepared, b: Prepared): number {
  const xs = a.s.phones;
  const ys = b.s.phones;
  if (xs.length === 0 || ys.length === 0) return MISSING;
  let best = MISSING;
  for (let i = 0; i < xs.length; i++) {
    for (let j = 0; j < ys.length; j++) {
      let l: number;
      if (xs[i] === ys[j]) l = 0;
      else {
        const tx = a.phoneTail[i] ?? '';
        const dx = a.phoneDigits[i] ?? '';
        const dy = b.phoneDigits[j] ?? '';
        if (tx !== '' && tx === b.phoneTail[j]) l = 1;
        else l = dx.length === dy.length && withinOneEdit(dx, dy) ? 2 : 3;
      }
      if (l < best) best = l;
    }
  }
  return best;
}

// 0 exact, 1 one edit apart, 2 different; MISSING when a side is empty.
function editLevel(x: string, y: string): number {
  if (x === '' || y === '') return MISSING;
  return x === y ? 0 : withinOneEdit(x, y) ? 1 : 2;
}

const rank = (x: number, max: number): number => (x === MISSING ? max : x);

/**
 * Comparison vector of a pair into `out` (FIELDS order). Names are compared in both orders
 * (given/family swapped) and the better one is kept; returns true when the swapped order won.
 */
export function compareRecords(a: StdRecord, b: StdRecord, out: Uint8Array): boolean {
  const pool = new StringPool();
  return comparePrepared(prepare(a, pool), prepare(b, pool), out);
}

/** compareRecords on records prepared with the same pool (the scan's and the live check's inner loop). */
export function comparePrepared(pa: Prepared, pb: Prepared, out: Uint8Array): boolean {
  const a = pa.s;
  const b = pb.s;
  const pool = pa.pool;
  const gStraight = givenLevel(pool, pa, pb.given, b.given, b.givenFirst, pb.gGiven, pb.gFirst);
  const fStraight = stringLevel(pool, pa.family, pb.family, 0.92, 0.8);
  let g = gStraight;
  let f = fStraight;
  let swapped = false;
  // Swapped order: a's given vs b's family and vice versa (Febrl-style swaps, "Wei Zhang").
  if (gStraight !== 0 || fStraight !== 0) {
    const gSwap = givenLevel(pool, pa, pb.family, b.family, b.family, pb.gFamily, pb.gFamily);
    const fSwap = stringLevel(pool, pa.family, pb.given, 0.92, 0.8);
    if (rank(gSwap, 5) + rank(fSwap, 3) * 1.5 < rank(gStraight, 5) + rank(fStraight, 3) * 1.5) {
      g = gSwap;
      f = fSwap;
      swapped = true;
    }
  }
  // Same pinyin, different characters (张伟 vs 章伟): homophones, not the same written name.
  const bHanGiven = swapped ? b.hanFamily : b.hanGiven;
  const bHanFamily = swapped ? b.hanGiven : b.hanFamily;
  if (g === 0 && a.hanGiven !== '' && bHanGiven !== '' && a.hanGiven !== bHanGiven) g = 2;
  if (f === 0 && a.hanFamily !== '' && bHanFamily !== '' && a.hanFamily !== bHanFamily) f = 1;
  out[0] = g;
  out[1] = f;
  out[2] = a.birth === '' || b.birth === '' ? MISSING : dateLevel(a.birth, b.birth);
  out[3] = emailLevels(pa, pb);
  out[4] = phoneLevels(pa, pb);
  out[5] =
    pa.company === 0 || pb.company === 0
      ? MISSING
      : pa.company === pb.company
        ? 0
        : pool.jaroWinklerMemo(pa.company, pb.company, 0.9) >= 0.9
          ? 1
          : 2;
  out[6] = editLevel(a.streetNumber, b.streetNumber);
  out[7] = stringLevel(pool, pa.street, pb.street, 0.92, 0.8);
  out[8] = placeLevel(pa, pb);
  return swapped;
}

/** exact: postcode and city agree (one may be missing); samePostcode: one agrees, the other is a typo. */
function placeLevel(pa: Prepared, pb: Prepared): number {
  const a = pa.s;
  const b = pb.s;
  if (a.country !== '' && b.country !== '' && a.country !== b.country) return 4;
  const pc = editLevel(a.postcode, b.postcode); // 0 exact, 1 typo, 2 different
  const city = stringLevel(pa.pool, pa.city, pb.city, 0.92, 0.8); // 0, 1, 2, 3
  if (pc === MISSING && city === MISSING)
    return a.region === '' || b.region === '' ? MISSING : a.region === b.region ? 3 : 4;
  const pcOk = pc === MISSING || pc === 0;
  const cityOk = city === MISSING || city === 0;
  if (pcOk && cityOk) return 0;
  if ((pc === 0 && city <= 2) || (city === 0 && pc === 1) || (city === 1 && pc === 1)) return 1;
  if (city <= 1) return 2;
  if (pc === 0 || (a.region !== '' && a.region === b.region)) return 3;
  return 4;
}

// Records of a scan as rows of one Int32Array (struct of arrays, one row per record): every
// compared value interned in the scan's StringPool, so comparing a pair reads two rows (a few
// cache lines) instead of chasing a dozen strings and arrays of two objects. `compareRows` gives
// exactly comparePrepared's levels; records with more than two emails or phones fall back to it.
//
// Next to the ids, each row holds per-value features computed once per record, so that the
// common case (two values that are clearly different) is decided from the two rows alone,
// without touching the strings, the pool or the Jaro-Winkler memo (profiling showed the scan's
// compare time going mostly to cache misses on those): for Jaro-Winkler fields a character
// mask and (length, first character), which bound the similarity from above; phone digits,
// birth dates, postcodes and street numbers packed into integers, whose XOR counts the
// differing positions. Every shortcut only decides what the exact computation would decide;
// anything undecided falls through to it.
export const ROW = 48;
const R_GIVEN = 0,
  R_FAMILY = 1,
  R_FIRST = 2,
  R_HAN_GIVEN = 3,
  R_HAN_FAMILY = 4,
  R_BIRTH = 5,
  R_COMPANY = 6,
  R_STREET_NO = 7,
  R_STREET = 8,
  R_CITY = 9,
  R_POSTCODE = 10,
  R_REGION = 11,
  R_COUNTRY = 12,
  R_FLAGS = 13,
  R_EMAILS = 14,
  R_EMAIL = 15,
  R_LOCAL = 17,
  R_PHONES = 19,
  R_PHONE = 20,
  R_TAIL = 22,
  R_DIGITS = 24,
  // Jaro-Winkler bounds: mask at +0, (length << 16 | first code) at +1.
  R_GIVEN_B = 26,
  R_FAMILY_B = 28,
  R_COMPANY_B = 30,
  R_STREET_B = 32,
  R_CITY_B = 34,
  R_EMAIL_B = 36, // 2 emails: 36..39
  // Phone digits packed (hi, lo) per phone: 40..43; birth date (8 digits as nibbles): 44;
  // postcode (≤ 7 chars) as bytes in 45..46, street number (≤ 3 chars) in 47 (0 = not packed).
  R_PHONE_P = 40,
  R_BIRTH_P = 44,
  R_POSTCODE_P = 45,
  R_STREET_NO_P = 47;
/** Row slots of the interned values blocking reads (pool ids; 0 = empty). */
export const SLOT = {
  given: R_GIVEN,
  family: R_FAMILY,
  first: R_FIRST,
  birth: R_BIRTH,
  company: R_COMPANY,
  streetNumber: R_STREET_NO,
  street: R_STREET,
  city: R_CITY,
  postcode: R_POSTCODE,
  /** The first ROW_SLOTS emails' pool ids (blocking reads them instead of interning again). */
  email: R_EMAIL,
} as const;
/** Flag: more than 2 emails or phones (compareRows falls back to comparePrepared). */
const OVERFLOW = 1;
/** Flag: the birth date is 8 digits (R_BIRTH_P holds it). */
const BIRTH8 = 2;
export const ROW_SLOTS = 2;

/** Set bits of a 32-bit word. */
function popcount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/** Nibbles of x that are not 0. */
function nonzeroNibbles(x: number): number {
  const v = (x | (x >>> 1) | (x >>> 2) | (x >>> 3)) & 0x11111111;
  return Math.imul(v, 0x11111111) >>> 28;
}

/** One bit per character class (code & 31): a class set in one string only is missing from the other. */
function charMask(s: string): number {
  let m = 0;
  for (let i = 0; i < s.length; i++) m |= 1 << (s.charCodeAt(i) & 31);
  return m;
}

/** (length << 16 | first code unit); 0 for '' or an implausibly long value (then no bound is used). */
function lengthFirst(s: string): number {
  return s.length === 0 || s.length > 0x7fff ? 0 : (s.length << 16) | s.charCodeAt(0);
}

/**
 * True when Jaro-Winkler of two different non-empty strings is certainly below `min`, from their
 * character masks and (length, first character): Jaro's matches m are at most the characters
 * the two share, which is at most each length minus the characters of classes the other lacks;
 * Jaro ≤ (m/la + m/lb + 1) / 3, and the prefix boost is 0 when the first characters differ,
 * else at most 4 × 0.1 × (1 − Jaro).
 */
function jwBelow(maskA: number, lfA: number, maskB: number, lfB: number, min: number): boolean {
  if (lfA === 0 || lfB === 0) return false;
  const la = lfA >>> 16;
  const lb = lfB >>> 16;
  let m = la < lb ? la : lb;
  const ca = la - popcount(maskA & ~maskB);
  const cb = lb - popcount(maskB & ~maskA);
  if (ca < m) m = ca;
  if (cb < m) m = cb;
  if (m <= 0) return true;
  const j = (m / la + m / lb + 1) / 3;
  const jw = (lfA & 0xffff) === (lfB & 0xffff) ? j + 0.4 * (1 - j) : j;
  return jw < min - 1e-9;
}

/** Digits (at most 15) packed as nibbles: hi = length << 28 | up to 7 leading digits, lo = last 8; [0, 0] when not packable. */
function packDigits(d: string): [number, number] {
  const len = d.length;
  if (len === 0 || len > 15 || !/^\d+$/.test(d)) return [0, 0];
  let hi = 0;
  let lo = 0;
  const split = len > 8 ? len - 8 : 0;
  for (let i = 0; i < split; i++) hi = (hi << 4) | (d.charCodeAt(i) - 48);
  for (let i = split; i < len; i++) lo = (lo << 4) | (d.charCodeAt(i) - 48);
  return [hi | (len << 28) | 0, lo | 0];
}

/** An 8-digit date as 8 nibbles (first digit in the top nibble); null otherwise. */
function packDate(d: string): number | null {
  if (d.length !== 8 || !/^\d{8}$/.test(d)) return null;
  let v = 0;
  for (let i = 0; i < 8; i++) v = (v << 4) | (d.charCodeAt(i) - 48);
  return v | 0;
}

/**
 * A short value as bytes: w0 = length | c0 << 8 | c1 << 16 | c2 << 24, w1 = c3 .. c6 (one byte
 * each); [0, 0] when longer than `max` (≤ 7) characters, empty, or not all codes < 256.
 */
function packShort(s: string, max: number): [number, number] {
  const len = s.length;
  if (len === 0 || len > max) return [0, 0];
  let w0 = len;
  let w1 = 0;
  for (let i = 0; i < len; i++) {
    const c = s.charCodeAt(i);
    if (c > 255) return [0, 0];
    if (i < 3) w0 |= c << (8 * (i + 1));
    else w1 |= c << (8 * (i - 3));
  }
  return [w0 | 0, w1 | 0];
}

const shortA = new Int32Array(8);
const shortB = new Int32Array(8);
function unpackShort(w0: number, w1: number, out: Int32Array): number {
  const len = w0 & 0xff;
  for (let i = 0; i < len; i++) out[i] = i < 3 ? (w0 >>> (8 * (i + 1))) & 0xff : (w1 >>> (8 * (i - 3))) & 0xff;
  return len;
}

/** withinOneEdit of two packed short values (packShort; both packed). */
function packedWithinOneEdit(a0: number, a1: number, b0: number, b1: number): boolean {
  const la = a0 & 0xff;
  const lb = b0 & 0xff;
  if (la - lb > 1 || lb - la > 1) return false;
  if (la === lb) {
    const x0 = (a0 ^ b0) >>> 8;
    const x1 = a1 ^ b1;
    // Differing characters: one substitution at most, or two to check for an adjacent swap.
    const diff = (x0 === 0 ? 0 : nonzeroBytes(x0)) + (x1 === 0 ? 0 : nonzeroBytes(x1));
    if (diff <= 1) return true;
    if (diff > 2) return false;
  }
  unpackShort(a0, a1, shortA);
  unpackShort(b0, b1, shortB);
  if (la === lb) {
    // Exactly two differ: an adjacent swap?
    let i = 0;
    while (i < la && shortA[i] === shortB[i]) i++;
    if (i + 1 >= la || shortA[i] !== shortB[i + 1] || shortA[i + 1] !== shortB[i]) return false;
    for (let k = i + 2; k < la; k++) if (shortA[k] !== shortB[k]) return false;
    return true;
  }
  // One insertion: the longer one is the shorter one with one character added.
  const short = la < lb ? shortA : shortB;
  const long = la < lb ? shortB : shortA;
  const ls = la < lb ? la : lb;
  let i = 0;
  while (i < ls && short[i] === long[i]) i++;
  for (let k = i; k < ls; k++) if (short[k] !== long[k + 1]) return false;
  return true;
}

/** Bytes of x that are not 0. */
function nonzeroBytes(x: number): number {
  let v = x | (x >>> 4);
  v |= v >>> 2;
  v |= v >>> 1;
  return Math.imul(v & 0x01010101, 0x01010101) >>> 24;
}

/** Nibble k (0 = top) of x. */
const nibble = (x: number, k: number): number => (x >>> (28 - 4 * k)) & 15;

/** dateLevel of two different 8-digit dates given packed (same result as on the strings). */
function packedDateLevel(a: number, b: number): number {
  const x = a ^ b;
  const sameYear = x >>> 16 === 0;
  if (sameYear && ((a >>> 8) & 0xff) === (b & 0xff) && (a & 0xff) === ((b >>> 8) & 0xff)) return 1;
  const diff = nonzeroNibbles(x);
  if (diff === 1) return 2;
  if (diff === 2) {
    const k = Math.clz32(x) >>> 2;
    if (k < 7 && nibble(a, k) === nibble(b, k + 1) && nibble(a, k + 1) === nibble(b, k)) return 1;
  }
  return sameYear ? 3 : 4;
}

/** `ids` stably sorted by key(id) (counting sort; keys < size). */
function sortByValue(ids: Int32Array, key: (id: number) => number, size: number): Int32Array {
  const count = new Int32Array(size + 1);
  for (let x = 0; x < ids.length; x++) {
    const k = key(ids[x] ?? 0) + 1;
    count[k] = (count[k] ?? 0) + 1;
  }
  for (let k = 0; k < size; k++) count[k + 1] = (count[k + 1] ?? 0) + (count[k] ?? 0);
  const out = new Int32Array(ids.length);
  for (let x = 0; x < ids.length; x++) {
    const id = ids[x] ?? 0;
    const k = key(id);
    const at = count[k] ?? 0;
    count[k] = at + 1;
    out[at] = id;
  }
  return out;
}

/** A scan's records as rows (see ROW); `prepared(i)` builds the object form on demand. */
export class RecordRows {
  rows: Int32Array;
  private readonly prep: (Prepared | undefined)[];

  /** `groups`: nickname groups per pool id (given, first given and family name ids), shared by rows of one pool. */
  constructor(
    readonly records: readonly StdRecord[],
    readonly pool: StringPool,
    readonly groups: (readonly number[] | undefined)[] = [],
    rows?: Int32Array,
  ) {
    this.rows = rows ?? new Int32Array(records.length * ROW);
    this.prep = new Array<Prepared | undefined>(records.length);
  }

  /**
   * The same records in another order: record x of the result is record order[x] of this one.
   * The row array is permuted in place (no second copy at a million records), so this object
   * must not be used afterwards.
   */
  reorder(order: Int32Array): RecordRows {
    const n = order.length;
    const r = this.rows;
    const tmp = new Int32Array(ROW);
    const done = new Uint8Array(n);
    for (let s = 0; s < n; s++) {
      if (done[s] === 1) continue;
      // Follow the cycle through s: row x takes row order[x].
      tmp.set(r.subarray(s * ROW, s * ROW + ROW));
      let x = s;
      for (;;) {
        done[x] = 1;
        const from = order[x] ?? 0;
        if (from === s) {
          r.set(tmp, x * ROW);
          break;
        }
        r.copyWithin(x * ROW, from * ROW, from * ROW + ROW);
        x = from;
      }
    }
    const records = Array.from(order, (i) => this.records[i] as StdRecord);
    return new RecordRows(records, this.pool, this.groups, r);
  }

  /**
   * An order of the records that puts namesakes next to each other (by family name, then given
   * name; ties in record order). A scan renumbers its records by it: most candidate pairs (name
   * blocks, the name orders) are then near each other in the row array, so comparing them reads
   * cached rows instead of missing the cache on every partner (the row array is ~190 MB at a
   * million records).
   */
  localityOrder(): Int32Array {
    const n = this.records.length;
    const r = this.rows;
    const ids = new Int32Array(n);
    for (let i = 0; i < n; i++) ids[i] = i;
    const byGiven = sortByValue(ids, (i) => r[i * ROW + R_GIVEN] ?? 0, this.pool.size);
    return sortByValue(byGiven, (i) => r[i * ROW + R_FAMILY] ?? 0, this.pool.size);
  }

  /**
   * Rows of `records` copied from `store` (record i from the store's row slots[i]): the live
   * index keeps a row per record from its change stream, so its full scan does not rebuild them.
   */
  static gather(records: readonly StdRecord[], store: RecordRows, slots: Int32Array): RecordRows {
    const out = new RecordRows(records, store.pool, store.groups);
    const src = store.rows;
    for (let i = 0; i < records.length; i++) {
      const o = (slots[i] ?? 0) * ROW;
      out.rows.set(src.subarray(o, o + ROW), i * ROW);
    }
    return out;
  }

  /** Fill row i (call for every record before comparing). */
  fill(i: number): void {
    this.fillFrom(i, this.records[i] as StdRecord);
  }

  /** Fill row i from `s` (growing the rows when i is past the end: the live index's store). */
  fillFrom(i: number, s: StdRecord): void {
    if ((i + 1) * ROW > this.rows.length) {
      // Grow by a quarter (the live index's store lives as long as the worker: little slack).
      const grown = new Int32Array(Math.max((i + 1) * ROW, Math.ceil((this.rows.length * 1.25) / ROW) * ROW));
      grown.set(this.rows);
      this.rows = grown;
    }
    const pool = this.pool;
    const r = this.rows;
    const o = i * ROW;
    r.fill(0, o, o + ROW);
    r[o + R_GIVEN] = this.named(s.given);
    r[o + R_FAMILY] = this.named(s.family);
    r[o + R_FIRST] = this.named(s.givenFirst);
    r[o + R_HAN_GIVEN] = pool.id(s.hanGiven);
    r[o + R_HAN_FAMILY] = pool.id(s.hanFamily);
    r[o + R_BIRTH] = pool.id(s.birth);
    r[o + R_COMPANY] = pool.id(s.company);
    r[o + R_STREET_NO] = pool.id(s.streetNumber);
    r[o + R_STREET] = pool.id(s.streetName);
    r[o + R_CITY] = pool.id(s.city);
    r[o + R_POSTCODE] = pool.id(s.postcode);
    r[o + R_REGION] = pool.id(s.region);
    r[o + R_COUNTRY] = pool.id(s.country);
    const birth = packDate(s.birth);
    r[o + R_FLAGS] =
      (s.emails.length > ROW_SLOTS || s.phones.length > ROW_SLOTS ? OVERFLOW : 0) | (birth === null ? 0 : BIRTH8);
    r[o + R_BIRTH_P] = birth ?? 0;
    const [pc0, pc1] = packShort(s.postcode, 7);
    r[o + R_POSTCODE_P] = pc0;
    r[o + R_POSTCODE_P + 1] = pc1;
    r[o + R_STREET_NO_P] = packShort(s.streetNumber, 3)[0];
    r[o + R_EMAILS] = Math.min(ROW_SLOTS, s.emails.length);
    r[o + R_PHONES] = Math.min(ROW_SLOTS, s.phones.length);
    const bound = (at: number, v: string): void => {
      r[o + at] = charMask(v);
      r[o + at + 1] = lengthFirst(v);
    };
    bound(R_GIVEN_B, s.given);
    bound(R_FAMILY_B, s.family);
    bound(R_COMPANY_B, s.company);
    bound(R_STREET_B, s.streetName);
    bound(R_CITY_B, s.city);
    for (let k = 0; k < ROW_SLOTS && k < s.emails.length; k++) {
      const e = s.emails[k] ?? '';
      r[o + R_EMAIL + k] = pool.id(e);
      r[o + R_LOCAL + k] = pool.id(e.slice(0, e.indexOf('@')));
      bound(R_EMAIL_B + 2 * k, e);
    }
    for (let k = 0; k < ROW_SLOTS && k < s.phones.length; k++) {
      const p = s.phones[k] ?? '';
      const d = p.replace(/\D/g, '');
      r[o + R_PHONE + k] = pool.id(p);
      r[o + R_DIGITS + k] = pool.id(d);
      r[o + R_TAIL + k] = pool.id(d.length >= 7 ? d.slice(-8) : '');
      const [hi, lo] = packDigits(d);
      r[o + R_PHONE_P + 2 * k] = hi;
      r[o + R_PHONE_P + 2 * k + 1] = lo;
    }
  }

  private named(name: string): number {
    const id = this.pool.id(name);
    const groups = this.groups;
    while (groups.length <= id) groups.push(undefined); // dense (a sparse array turns into a dictionary)
    groups[id] ??= nicknameGroups(name);
    return id;
  }

  /** True when record i has more than two emails or phones (its comparison reads the StdRecord). */
  overflows(i: number): boolean {
    return ((this.rows[i * ROW + R_FLAGS] ?? 0) & OVERFLOW) !== 0;
  }

  /**
   * The values the term-frequency adjustment reads of the pair (i, j), from the pool (no StdRecord
   * needed but for records with more than two emails): i's values, the email both have.
   */
  tfValues(i: number, j: number, out: TfValues): TfValues {
    const r = this.rows;
    const o = i * ROW;
    const strings = this.pool.strings;
    out.given = strings[r[o + R_GIVEN] ?? 0] ?? '';
    out.family = strings[r[o + R_FAMILY] ?? 0] ?? '';
    out.company = strings[r[o + R_COMPANY] ?? 0] ?? '';
    out.streetName = strings[r[o + R_STREET] ?? 0] ?? '';
    out.sharedEmail = this.sharedEmail(i, j);
    return out;
  }

  /** The email records i and j both have ('' when none): sharedValue of their email lists. */
  private sharedEmail(i: number, j: number): string {
    const r = this.rows;
    if (this.overflows(i) || this.overflows(j))
      return sharedValue((this.records[i] ?? this.fromRow(i)).emails, (this.records[j] ?? this.fromRow(j)).emails);
    const a = i * ROW;
    const b = j * ROW;
    const na = r[a + R_EMAILS] ?? 0;
    const nb = r[b + R_EMAILS] ?? 0;
    for (let x = 0; x < na; x++) {
      const e = r[a + R_EMAIL + x] ?? 0;
      for (let y = 0; y < nb; y++) if (e !== 0 && r[b + R_EMAIL + y] === e) return this.pool.strings[e] ?? '';
    }
    return '';
  }

  /** The record in object form (live-check style comparison and explanations). */
  prepared(i: number): Prepared {
    let p = this.prep[i];
    if (p === undefined) this.prep[i] = p = prepare(this.records[i] ?? this.fromRow(i), this.pool);
    return p;
  }

  /**
   * Record i rebuilt from its row: a scan drops the standardized records after blocking but for
   * those with more than two emails or phones, and comparing one of those with a partner needs
   * the partner in object form too. A row holds all of a record's compared values when it does
   * not overflow (`hanzi`, `cjk` only feed explanations, which read rows: rebuilt approximately).
   * The scan also rebuilds a helper thread's record with it, to hold the pool's strings, not copies.
   */
  fromRow(i: number): StdRecord {
    const r = this.rows;
    const o = i * ROW;
    const str = (at: number): string => this.pool.strings[r[o + at] ?? 0] ?? '';
    const list = (at: number, count: number): string[] =>
      Array.from({ length: r[o + count] ?? 0 }, (_, k) => this.pool.strings[r[o + at + k] ?? 0] ?? '');
    const hanGiven = str(R_HAN_GIVEN);
    const hanFamily = str(R_HAN_FAMILY);
    return {
      given: str(R_GIVEN),
      family: str(R_FAMILY),
      givenFirst: str(R_FIRST),
      hanzi: hanFamily + hanGiven,
      hanGiven,
      hanFamily,
      cjk: hanFamily + hanGiven !== '',
      emails: list(R_EMAIL, R_EMAILS),
      phones: list(R_PHONE, R_PHONES),
      company: str(R_COMPANY),
      streetNumber: str(R_STREET_NO),
      streetName: str(R_STREET),
      city: str(R_CITY),
      postcode: str(R_POSTCODE),
      region: str(R_REGION),
      country: str(R_COUNTRY),
      birth: str(R_BIRTH),
    };
  }

  /** sameName on ids: equal non-empty names, or a shared nickname group. */
  private sameName(a: number, b: number): boolean {
    if (a === b) return a !== 0;
    const ga = this.groups[a];
    const gb = this.groups[b];
    if (ga === undefined || gb === undefined || ga.length === 0 || gb.length === 0) return false;
    for (let x = 0; x < ga.length; x++) for (let y = 0; y < gb.length; y++) if (ga[x] === gb[y]) return true;
    return false;
  }

  /** stringLevel of the values at row offsets a + fa and b + fb (id slot; bound slots at ba / bb). */
  private stringLevel(
    a: number,
    fa: number,
    ba: number,
    b: number,
    fb: number,
    bb: number,
    hi: number,
    lo: number,
  ): number {
    const r = this.rows;
    const x = r[a + fa] ?? 0;
    const y = r[b + fb] ?? 0;
    if (x === 0 || y === 0) return MISSING;
    if (x === y) return 0;
    if (jwBelow(r[a + ba] ?? 0, r[a + ba + 1] ?? 0, r[b + bb] ?? 0, r[b + bb + 1] ?? 0, lo)) return 3;
    const jw = this.pool.jaroWinklerMemo(x, y, lo);
    return jw >= hi ? 1 : jw >= lo ? 2 : 3;
  }

  /** Given-name level of a's given name against b's name at slot fb (given or family, bound slots at bb; first name at fbFirst). */
  private givenLevel(a: number, b: number, fb: number, bb: number, fbFirst: number): number {
    const r = this.rows;
    const aGiven = r[a + R_GIVEN] ?? 0;
    const bGiven = r[b + fb] ?? 0;
    if (aGiven === 0 || bGiven === 0) return MISSING;
    if (aGiven === bGiven) return 0;
    if (this.sameName(r[a + R_FIRST] ?? 0, r[b + fbFirst] ?? 0) || this.sameName(aGiven, bGiven)) return 1;
    const pool = this.pool;
    const lfA = r[a + R_GIVEN_B + 1] ?? 0;
    const lfB = r[b + bb + 1] ?? 0;
    if (!jwBelow(r[a + R_GIVEN_B] ?? 0, lfA, r[b + bb] ?? 0, lfB, 0.8)) {
      const jw = pool.jaroWinklerMemo(aGiven, bGiven, 0.8);
      if (jw >= 0.92) return 2;
      if (jw >= 0.8) return 3;
    }
    // An initial: one name is one character and the first characters agree.
    if ((lfA >>> 16 === 1 || lfB >>> 16 === 1) && (lfA & 0xffff) === (lfB & 0xffff)) return 4;
    return 5;
  }

  /** editLevel of the values with ids at row slot f of rows a and b (packed forms at slot p: 2 words, or 1 when `one`). */
  private editLevel(a: number, b: number, f: number, p: number, one: boolean): number {
    const r = this.rows;
    const x = r[a + f] ?? 0;
    const y = r[b + f] ?? 0;
    if (x === 0 || y === 0) return MISSING;
    if (x === y) return 0;
    const a0 = r[a + p] ?? 0;
    const b0 = r[b + p] ?? 0;
    if (a0 !== 0 && b0 !== 0)
      return packedWithinOneEdit(a0, one ? 0 : (r[a + p + 1] ?? 0), b0, one ? 0 : (r[b + p + 1] ?? 0)) ? 1 : 2;
    const s = this.pool.strings;
    return withinOneEdit(s[x] ?? '', s[y] ?? '') ? 1 : 2;
  }

  /** comparePrepared of records i and j into `out`; returns true when the swapped name order won. */
  compare(i: number, j: number, out: Uint8Array): boolean {
    const r = this.rows;
    const a = i * ROW;
    const b = j * ROW;
    const flagsA = r[a + R_FLAGS] ?? 0;
    const flagsB = r[b + R_FLAGS] ?? 0;
    if (((flagsA | flagsB) & OVERFLOW) !== 0) return comparePrepared(this.prepared(i), this.prepared(j), out);
    const pool = this.pool;
    const gStraight = this.givenLevel(a, b, R_GIVEN, R_GIVEN_B, R_FIRST);
    const fStraight = this.stringLevel(a, R_FAMILY, R_FAMILY_B, b, R_FAMILY, R_FAMILY_B, 0.92, 0.8);
    let g = gStraight;
    let f = fStraight;
    let swapped = false;
    if (gStraight !== 0 || fStraight !== 0) {
      const gSwap = this.givenLevel(a, b, R_FAMILY, R_FAMILY_B, R_FAMILY);
      const fSwap = this.stringLevel(a, R_FAMILY, R_FAMILY_B, b, R_GIVEN, R_GIVEN_B, 0.92, 0.8);
      if (rank(gSwap, 5) + rank(fSwap, 3) * 1.5 < rank(gStraight, 5) + rank(fStraight, 3) * 1.5) {
        g = gSwap;
        f = fSwap;
        swapped = true;
      }
    }
    const aHanGiven = r[a + R_HAN_GIVEN] ?? 0;
    const aHanFamily = r[a + R_HAN_FAMILY] ?? 0;
    const bHanGiven = r[b + (swapped ? R_HAN_FAMILY : R_HAN_GIVEN)] ?? 0;
    const bHanFamily = r[b + (swapped ? R_HAN_GIVEN : R_HAN_FAMILY)] ?? 0;
    if (g === 0 && aHanGiven !== 0 && bHanGiven !== 0 && aHanGiven !== bHanGiven) g = 2;
    if (f === 0 && aHanFamily !== 0 && bHanFamily !== 0 && aHanFamily !== bHanFamily) f = 1;
    out[0] = g;
    out[1] = f;
    const aBirth = r[a + R_BIRTH] ?? 0;
    const bBirth = r[b + R_BIRTH] ?? 0;
    out[2] =
      aBirth === 0 || bBirth === 0
        ? MISSING
        : aBirth === bBirth
          ? 0
          : (flagsA & flagsB & BIRTH8) !== 0
            ? packedDateLevel(r[a + R_BIRTH_P] ?? 0, r[b + R_BIRTH_P] ?? 0)
            : dateLevel(pool.strings[aBirth] ?? '', pool.strings[bBirth] ?? '');
    out[3] = this.emailLevel(a, b);
    out[4] = this.phoneLevel(a, b);
    const aCompany = r[a + R_COMPANY] ?? 0;
    const bCompany = r[b + R_COMPANY] ?? 0;
    out[5] =
      aCompany === 0 || bCompany === 0
        ? MISSING
        : aCompany === bCompany
          ? 0
          : jwBelow(
                r[a + R_COMPANY_B] ?? 0,
                r[a + R_COMPANY_B + 1] ?? 0,
                r[b + R_COMPANY_B] ?? 0,
                r[b + R_COMPANY_B + 1] ?? 0,
                0.9,
              )
            ? 2
            : pool.jaroWinklerMemo(aCompany, bCompany, 0.9) >= 0.9
              ? 1
              : 2;
    out[6] = this.editLevel(a, b, R_STREET_NO, R_STREET_NO_P, true);
    out[7] = this.stringLevel(a, R_STREET, R_STREET_B, b, R_STREET, R_STREET_B, 0.92, 0.8);
    out[8] = this.placeLevel(a, b);
    return swapped;
  }

  private emailLevel(a: number, b: number): number {
    const r = this.rows;
    const na = r[a + R_EMAILS] ?? 0;
    const nb = r[b + R_EMAILS] ?? 0;
    if (na === 0 || nb === 0) return MISSING;
    let best = MISSING;
    for (let x = 0; x < na; x++) {
      const ex = r[a + R_EMAIL + x] ?? 0;
      const lx = r[a + R_LOCAL + x] ?? 0;
      for (let y = 0; y < nb; y++) {
        const ey = r[b + R_EMAIL + y] ?? 0;
        const l =
          ex === ey
            ? 0
            : lx === r[b + R_LOCAL + y]
              ? 1
              : jwBelow(
                    r[a + R_EMAIL_B + 2 * x] ?? 0,
                    r[a + R_EMAIL_B + 2 * x + 1] ?? 0,
                    r[b + R_EMAIL_B + 2 * y] ?? 0,
                    r[b + R_EMAIL_B + 2 * y + 1] ?? 0,
                    0.92,
                  )
                ? 3
                : this.pool.jaroWinklerShared(ex, ey, 0.92) >= 0.92
                  ? 2
                  : 3;
        if (l < best) best = l;
      }
    }
    return best;
  }

  // The same best-over-value-pairs loop as emailLevel, written out per field: a callback per pair would slow the scan.
  private phoneLevel(a: number, b: number): number {
    const r = this.rows;
    const na = r[a + R_PHONES] ?? 0;
    const nb = r[b + R_PHONES] ?? 0;
    if (na === 0 || nb === 0) return MISSING;
    const pool = this.pool;
    let best = MISSING;
    for (let x = 0; x < na; x++) {
      for (let y = 0; y < nb; y++) {
        let l: number;
        if (r[a + R_PHONE + x] === r[b + R_PHONE + y]) l = 0;
        else {
          const tx = r[a + R_TAIL + x] ?? 0;
          if (tx !== 0 && tx === r[b + R_TAIL + y]) l = 1;
          else {
            // Same digit count and at most one substitution or adjacent swap (withinOneEdit).
            const hx = r[a + R_PHONE_P + 2 * x] ?? 0;
            const hy = r[b + R_PHONE_P + 2 * y] ?? 0;
            let diff = 2; // undecided: compare the strings
            if (hx !== 0 && hy !== 0) {
              diff =
                (hx ^ hy) >>> 28 !== 0
                  ? 3
                  : nonzeroNibbles(hx ^ hy) +
                    nonzeroNibbles((r[a + R_PHONE_P + 2 * x + 1] ?? 0) ^ (r[b + R_PHONE_P + 2 * y + 1] ?? 0));
            }
            if (diff <= 1) l = 2;
            else if (diff > 2) l = 3;
            else {
              const dx = r[a + R_DIGITS + x] ?? 0;
              const dy = r[b + R_DIGITS + y] ?? 0;
              l =
                pool.length[dx] === pool.length[dy] && withinOneEdit(pool.strings[dx] ?? '', pool.strings[dy] ?? '')
                  ? 2
                  : 3;
            }
          }
        }
        if (l < best) best = l;
      }
    }
    return best;
  }

  private placeLevel(a: number, b: number): number {
    const r = this.rows;
    const aCountry = r[a + R_COUNTRY] ?? 0;
    const bCountry = r[b + R_COUNTRY] ?? 0;
    if (aCountry !== 0 && bCountry !== 0 && aCountry !== bCountry) return 4;
    const pc = this.editLevel(a, b, R_POSTCODE, R_POSTCODE_P, false);
    const city = this.stringLevel(a, R_CITY, R_CITY_B, b, R_CITY, R_CITY_B, 0.92, 0.8);
    const aRegion = r[a + R_REGION] ?? 0;
    const bRegion = r[b + R_REGION] ?? 0;
    if (pc === MISSING && city === MISSING)
      return aRegion === 0 || bRegion === 0 ? MISSING : aRegion === bRegion ? 3 : 4;
    const pcOk = pc === MISSING || pc === 0;
    const cityOk = city === MISSING || city === 0;
    if (pcOk && cityOk) return 0;
    if ((pc === 0 && city <= 2) || (city === 0 && pc === 1) || (city === 1 && pc === 1)) return 1;
    if (city <= 1) return 2;
    if (pc === 0 || (aRegion !== 0 && aRegion === bRegion)) return 3;
    return 4;
  }
}

/** Value frequencies of the TF fields (counts over records with the field filled). */
export class TermFrequencies {
  readonly counts: Map<string, number>[] = TF_FIELDS.map(() => new Map<string, number>());
  readonly totals: number[] = TF_FIELDS.map(() => 0);
  /** Σ count² per field, so the random-pair agreement rate Σ p² is O(1) to read. */
  private readonly squares: number[] = TF_FIELDS.map(() => 0);

  /** A copy (a scan scores with a snapshot: the live index keeps changing while it runs). */
  clone(): TermFrequencies {
    const t = new TermFrequencies();
    this.counts.forEach((m, k) => {
      t.counts[k] = new Map(m);
    });
    t.totals.splice(0, t.totals.length, ...this.totals);
    t.squares.splice(0, t.squares.length, ...this.squares);
    return t;
  }

  add(r: StdRecord, sign: 1 | -1 = 1): void {
    this.count(0, r.given, sign);
    this.count(1, r.family, sign);
    this.count(2, r.company, sign);
    this.count(3, r.streetName, sign);
    const emails = r.emails;
    for (let e = 0; e < emails.length; e++) {
      const v = emails[e] ?? '';
      if (emails.indexOf(v) === e) this.count(4, v, sign);
    }
  }

  private count(k: number, v: string, sign: 1 | -1): void {
    if (v === '') return;
    const map = this.counts[k];
    if (map === undefined) return;
    const c = map.get(v) ?? 0;
    const next = c + sign;
    if (next <= 0) map.delete(v);
    else map.set(v, next);
    this.squares[k] = (this.squares[k] ?? 0) + next * next - c * c;
    this.totals[k] = (this.totals[k] ?? 0) + sign;
  }

  /**
   * log2(Σp² / p_v): how much more (or less) telling agreement on value v is than agreement on
   * an average value, clipped to ±4 bits. 0 when there is too little data to say.
   */
  adjustment(k: number, v: string): number {
    const total = this.totals[k] ?? 0;
    if (total < 20) return 0;
    const c = this.counts[k]?.get(v) ?? 1;
    const p = c / total;
    const sumSq = (this.squares[k] ?? 0) / (total * total);
    return Math.max(-4, Math.min(4, Math.log2(sumSq / p)));
  }
}

/**
 * What the term-frequency adjustment reads of a pair: record a's values, and the email both
 * records have (`sharedValue`; '' or absent: no email adjustment).
 */
export type TfValues = Pick<StdRecord, 'given' | 'family' | 'company' | 'streetName'> & { sharedEmail?: string };

/** The pair's value of TF field k (TF_FIELDS order). */
function tfValue(r: TfValues, k: number): string {
  return k === 0 ? r.given : k === 1 ? r.family : k === 2 ? r.company : k === 3 ? r.streetName : (r.sharedEmail ?? '');
}

/** TfValues of the pair (a, b) of standardized records. */
export function tfValuesOf(a: StdRecord, b: StdRecord): TfValues {
  return {
    given: a.given,
    family: a.family,
    company: a.company,
    streetName: a.streetName,
    sharedEmail: sharedValue(a.emails, b.emails),
  };
}

const TF_INDEX: Partial<Record<FieldName, number>> = Object.fromEntries(TF_FIELDS.map((f, k) => [f, k]));

/** Match weights log2(m/u) per field and level. */
export function weightTable(p: ModelParams): number[][] {
  return p.m.map((mf, f) => mf.map((m, l) => Math.log2(Math.max(m, 1e-6) / Math.max(p.u[f]?.[l] ?? 1, 1e-6))));
}

export interface FieldExplanation {
  field: FieldName;
  level: string;
  /** Contribution to the match weight, in bits (log2 Bayes factor), TF adjustment included. */
  weight: number;
}

// Fields a household or a company shares (address, landline, switchboard, employer, a family's or
// an office's mailbox): they are strongly dependent, so when the given names clearly differ their
// agreement is capped instead of summed — two relatives at one address with one landline and one
// mailbox are not one person. (The e-mail joined in session 9: generated households that share a
// mailbox were merged at 100k records, precision 0.937; people do share a family address.)
const SHARED_FIELDS = new Set<FieldName>(['family', 'email', 'phone', 'company', 'streetNumber', 'street', 'place']);
/** Most bits the shared fields may add when the given names differ. */
export const SHARED_CAP = 6;
const GIVEN_DIFFERENT = LEVELS.given.length - 1;

/** Total weight of a comparison vector; fills `explain` when given. */
export function scoreVector(
  levels: Uint8Array,
  weights: number[][],
  a: TfValues,
  tf: TermFrequencies | null,
  explain?: FieldExplanation[],
): number {
  let total = 0;
  const capShared = levels[0] === GIVEN_DIFFERENT;
  let shared = 0;
  for (let f = 0; f < F; f++) {
    const l = levels[f] ?? MISSING;
    if (l === MISSING) continue;
    let w = weights[f]?.[l] ?? 0;
    const field = FIELDS[f] ?? 'given';
    const k = TF_INDEX[field];
    // Swapped names agree on a's values too, so a's value is the agreed one either way.
    if (tf !== null && l === 0 && k !== undefined && w > 0) {
      const v = tfValue(a, k);
      if (v !== '') w = Math.max(0.5, w + tf.adjustment(k, v));
    }
    if (capShared && w > 0 && SHARED_FIELDS.has(field)) {
      const allowed = Math.max(0, SHARED_CAP - shared);
      shared += w;
      w = Math.min(w, allowed);
    }
    total += w;
    explain?.push({ field, level: LEVELS[field][l] ?? String(l), weight: Math.round(w * 100) / 100 });
  }
  return total;
}

/** Match probability of a total weight given the prior share of matches among candidates. */
export function probability(weight: number, lambda: number): number {
  const logit = weight + Math.log2(lambda / (1 - lambda));
  return 1 / (1 + Math.pow(2, -logit));
}
