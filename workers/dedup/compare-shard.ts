// The comparison phase in chunks of records, so it can be shared with helper threads: a chunk is
// records lo..hi of the scan's (locality) order, each compared with its candidates j > i, and its
// result is the partners and the pattern codes, in the order the one-thread scan produced them.
// The scan merges chunks strictly in chunk order, so pattern numbers (first seen), the pairs and
// everything after them are the same whoever computed a chunk. Browser-safe: the node threads that
// run chunks are compare-threads.ts; this module only describes the data they share.
import { CandidateStream, type StreamArrays } from './blocking';
import { FIELDS, MISSING, RecordRows } from './model';
import { StringPool } from './compare';

const F = FIELDS.length;

/** Comparison-vector code of a pair the helper left to the scan (a record with more than two emails or phones). */
export const OVERFLOW_CODE = -1;

/** Rows per chunk: ~35 pairs a record, so ~70k pairs (under a megabyte of results) a chunk. */
export const CHUNK_ROWS = 2048;

// A comparison vector as one number: 3 bits per field (MISSING → 7).
export function encodeLevels(levels: Uint8Array): number {
  let code = 0;
  for (let f = 0; f < F; f++) {
    const l = levels[f] ?? MISSING;
    code = code * 8 + (l === MISSING ? 7 : l);
  }
  return code;
}

export function decodeLevels(code: number, out: Uint8Array): Uint8Array {
  let c = code;
  for (let f = F - 1; f >= 0; f--) {
    const l = c % 8;
    out[f] = l === 7 ? MISSING : l;
    c = Math.floor(c / 8);
  }
  return out;
}

/** One chunk's comparisons: row k's pairs end at ends[k] in partners / codes. */
export interface ChunkResult {
  chunk: number;
  ends: Int32Array<ArrayBuffer>;
  partners: Int32Array<ArrayBuffer>;
  codes: Float64Array<ArrayBuffer>;
}

/**
 * Compare records lo..hi-1 with their candidates. Pairs that involve a record with more than two
 * emails or phones get OVERFLOW_CODE: their comparison reads the standardized record, which only
 * the scan holds. `order[x]` is record x's input index: each pair is compared in input order (a
 * few levels, Jaro's among them, depend on the orientation).
 */
export function compareChunk(
  chunk: number,
  rows: RecordRows,
  stream: CandidateStream,
  order: Int32Array,
  n: number,
  levels: Uint8Array,
): ChunkResult {
  const lo = chunk * CHUNK_ROWS;
  const hi = Math.min(n, lo + CHUNK_ROWS);
  const ends = new Int32Array(hi - lo);
  let partners = new Int32Array(Math.max(64, (hi - lo) * 48));
  let codes = new Float64Array(partners.length);
  let c = 0;
  for (let i = lo; i < hi; i++) {
    const count = stream.partners(i);
    const out = stream.out;
    if (c + count > partners.length) {
      const size = Math.max(partners.length * 2, c + count);
      const p2 = new Int32Array(size);
      const c2 = new Float64Array(size);
      p2.set(partners);
      c2.set(codes);
      partners = p2;
      codes = c2;
    }
    for (let k = 0; k < count; k++) {
      const j = out[k] ?? 0;
      partners[c] = j;
      if (rows.overflows(i) || rows.overflows(j)) codes[c] = OVERFLOW_CODE;
      else {
        // In input order (the levels of a few comparisons, Jaro's among them, depend on it).
        if ((order[i] ?? 0) < (order[j] ?? 0)) rows.compare(i, j, levels);
        else rows.compare(j, i, levels);
        codes[c] = encodeLevels(levels);
      }
      c++;
    }
    ends[i - lo] = c;
  }
  return { chunk, ends, partners: partners.slice(0, c), codes: codes.slice(0, c) };
}

/**
 * Everything a helper thread needs to compare chunks, as typed arrays (SharedArrayBuffer-backed
 * in node, so nothing is copied per thread): the record rows, the string pool's code units, the
 * nickname groups as a CSR, the candidate stream, the input order, and `claim` (Int32Array over
 * shared memory: [0] the next unclaimed chunk, [1] results posted, for a waiting scan).
 */
export interface ShardData {
  n: number;
  rows: Int32Array;
  pool: { codes: Uint16Array; start: Int32Array; length: Int32Array; size: number };
  groupStart: Int32Array;
  groupIds: Int32Array;
  stream: StreamArrays;
  window: number;
  order: Int32Array;
  claim: Int32Array;
}

/** The rows, pool and candidate stream a helper rebuilds from ShardData (no copy of the arrays). */
export function shardViews(d: ShardData): { rows: RecordRows; stream: CandidateStream; nChunks: number } {
  const pool = StringPool.fromCodes(d.pool.codes, d.pool.start, d.pool.length, d.pool.size);
  const groups: (readonly number[] | undefined)[] = [];
  for (let id = 0; id + 1 < d.groupStart.length; id++) {
    const from = d.groupStart[id] ?? 0;
    const to = d.groupStart[id + 1] ?? 0;
    groups.push(to > from ? Array.from(d.groupIds.subarray(from, to)) : undefined);
  }
  const rows = new RecordRows([], pool, groups, d.rows);
  const capped = { blocks: 0, records: 0, largest: 0, pairsKept: 0, pairsSkipped: 0 };
  return { rows, stream: new CandidateStream(d.stream, { window: d.window }, capped), nChunks: chunkCount(d.n) };
}

export function chunkCount(n: number): number {
  return Math.ceil(n / CHUNK_ROWS);
}

/** The nickname groups per pool id (RecordRows.groups) as a CSR: ids of group g of id at groupIds[groupStart[id]..]. */
export function groupsCsr(groups: readonly (readonly number[] | undefined)[]): {
  groupStart: Int32Array;
  groupIds: Int32Array;
} {
  const groupStart = new Int32Array(groups.length + 1);
  for (let id = 0; id < groups.length; id++) groupStart[id + 1] = (groupStart[id] ?? 0) + (groups[id]?.length ?? 0);
  const groupIds = new Int32Array(groupStart[groups.length] ?? 0);
  for (let id = 0; id < groups.length; id++) {
    const g = groups[id];
    if (g !== undefined) groupIds.set(g, groupStart[id] ?? 0);
  }
  return { groupStart, groupIds };
}

/**
 * Helper threads for the comparison phase (compare-threads.ts in node). The scan shares its data
 * (`alloc` gives the memory: SharedArrayBuffer there), `start`s them, and takes their finished
 * chunks with `next`; both sides claim chunks from `ShardData.claim`.
 */
export interface CompareHelpers {
  alloc(bytes: number): ArrayBufferLike;
  start(data: ShardData): void;
  /** A chunk a helper finished, or undefined when none is ready (`wait`: block until one is). */
  next(wait: boolean): ChunkResult | undefined;
  close(): void;
}
