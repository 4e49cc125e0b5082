// The dedup engine: standardize → block → compare → estimate (EM) → score → cluster.
// `findDuplicates` is the one-shot full scan (CLI, benchmark, worker); `scanSteps` is the same
// scan as a generator that yields progress, so the worker can report it and stop between steps.
// The live index for the "possible duplicate" check (`DedupIndex`) is live-index.ts; it re-uses
// this scan (scanStandardized) for full scans of what it holds.
import { standardize, type DedupInput, type StdRecord } from './standardize';
import {
  DEFAULT_BLOCKING,
  candidateStreamSteps,
  type BlockingOptions,
  type CandidateStream,
  type CapReport,
} from './blocking';
import { PackedPairs } from './pairs';
import {
  OVERFLOW_CODE,
  CHUNK_ROWS,
  chunkCount,
  compareChunk,
  decodeLevels,
  encodeLevels,
  groupsCsr,
  type ChunkResult,
  type CompareHelpers,
} from './compare-shard';
import { Slicer } from './sorting';
import {
  FIELDS,
  ROW,
  RecordRows,
  TF_FIELDS,
  TermFrequencies,
  comparePrepared,
  compareRecords,
  defaultParams,
  probability,
  scoreVector,
  weightTable,
  type FieldExplanation,
  type ModelParams,
  type Prepared,
  type TfValues,
  tfValuesOf,
} from './model';
import { estimateSteps, estimateU, type EmOptions } from './em';
import { StringPool } from './compare';
import { EdgeList, coherentGroups, splitLarge } from './cluster';
import { Rng } from '../../src/domain/random';

export type { DedupInput, StdRecord } from './standardize';
export type { FieldExplanation, FieldName, ModelParams } from './model';

/** Default match-probability threshold: a pair is suggested when a match is more likely than not. */
export const DEFAULT_THRESHOLD = 0.5;

export interface DedupOptions {
  /** Match probability in (0, 1) at or above which two records are duplicates. */
  threshold?: number;
  /** ISO country for phone numbers typed without a country code when the record has no country. */
  defaultRegion?: string;
  blocking?: BlockingOptions;
  em?: EmOptions;
  /** Use these weights instead of estimating them (e.g. a tiny database, or a fixed model). */
  params?: ModelParams;
  /**
   * Build each result pair's field explanation (default true). False leaves `fields` empty:
   * callers that show explanations on demand (the worker's compact scan, the CLI) save ~0.5 KB
   * a pair.
   */
  explain?: boolean;
  /**
   * Helper threads for the comparison phase (node: `nodeCompareThreads()` from compare-threads.ts).
   * The result is the same with or without them.
   */
  compareThreads?: () => CompareHelpers;
  /**
   * Helper threads for the standardize phase of a scan over records handed over one by one
   * (`scanInputSteps`; node: `nodeStandardizeThreads()` from standardize-threads.ts). The result is
   * the same with or without them.
   */
  standardizeThreads?: (defaultRegion: string) => StandardizeHelpers;
}

/** Helper threads that standardize batches of input records for a scan. */
export interface StandardizeHelpers {
  /** Hands a batch over; its records come back from `next` in hand-over order. */
  post(batch: DedupInput[]): void;
  /** Batches handed over and not yet taken back. */
  readonly pending: number;
  /** The oldest pending batch's records, or undefined when not back yet (`wait`: block until it is). */
  next(wait: boolean): StdRecord[] | undefined;
  close(): void;
}

export interface DuplicatePair {
  /** Indices into the input, a < b. */
  a: number;
  b: number;
  /** Match probability. */
  score: number;
  /** Total match weight in bits (log2 Bayes factor). */
  weight: number;
  /** The names matched with given and family name swapped. */
  swappedNames: boolean;
  fields: FieldExplanation[];
}

export interface DuplicateGroup {
  /** Input indices, ascending. */
  members: number[];
  /** Mean match probability over the group's pairs. */
  score: number;
}

export interface DedupStats {
  records: number;
  candidatePairs: number;
  candidatesPerRecord: number;
  /** Candidate pairs at or above the threshold (before the group coherence check). */
  pairsAboveThreshold: number;
  /** Blocks over the cap (`BlockingOptions.maxBlockSize`): paired only within a sorted window. */
  cappedBlocks: CapReport & { maxBlockSize: number };
  emIterations: number;
  ms: { standardize: number; blocking: number; compare: number; estimate: number; cluster: number; total: number };
}

export interface DedupResult {
  /** Every pair inside a group, strongest first. */
  pairs: DuplicatePair[];
  /** Groups, strongest first. */
  groups: DuplicateGroup[];
  params: ModelParams;
  stats: DedupStats;
}

export interface DedupProgress {
  phase: 'standardize' | 'blocking' | 'compare' | 'estimate' | 'cluster';
  done: number;
  total: number;
}

const F = FIELDS.length;

/** Distinct pattern codes (non-negative integers < 2^31) → dense ids in first-seen order (open addressing). */
export class PatternTable {
  readonly codes: number[] = [];
  private keys = new Int32Array(1 << 10).fill(-1);
  private vals = new Int32Array(1 << 10);

  id(code: number): number {
    let mask = this.keys.length - 1;
    let h = (Math.imul(code, 0x9e3779b1) >>> 0) & mask;
    for (;;) {
      const k = this.keys[h] ?? -1;
      if (k === code) return this.vals[h] ?? 0;
      if (k === -1) break;
      h = (h + 1) & mask;
    }
    const id = this.codes.length;
    this.codes.push(code);
    if (this.codes.length * 2 > this.keys.length) {
      const size = this.keys.length * 2;
      this.keys = new Int32Array(size).fill(-1);
      this.vals = new Int32Array(size);
      mask = this.keys.length - 1;
      for (let c = 0; c < this.codes.length; c++) {
        let g = (Math.imul(this.codes[c] ?? 0, 0x9e3779b1) >>> 0) & mask;
        while (this.keys[g] !== -1) g = (g + 1) & mask;
        this.keys[g] = this.codes[c] ?? 0;
        this.vals[g] = c;
      }
      return id;
    }
    this.keys[h] = code;
    this.vals[h] = id;
    return id;
  }
}
export const now = (): number => performance.now();

const encode = encodeLevels;
const decode = decodeLevels;

/** u-probabilities from seeded random pairs (their share of true matches is negligible). */
function randomPairU(std: readonly StdRecord[], levels: Uint8Array): number[][] {
  const n = std.length;
  const counts = new Map<number, number>();
  if (n >= 2) {
    const rng = new Rng(0x5eed);
    const samples = Math.min(100_000, Math.max(5_000, n * 10));
    for (let s = 0; s < samples; s++) {
      const i = rng.int(0, n - 1);
      let j = rng.int(0, n - 2);
      if (j >= i) j++;
      compareRecords(std[i] as StdRecord, std[j] as StdRecord, levels);
      const code = encode(levels);
      counts.set(code, (counts.get(code) ?? 0) + 1);
    }
  }
  const patterns = new Uint8Array(counts.size * F);
  const c = new Float64Array(counts.size);
  let p = 0;
  for (const [code, count] of counts) {
    patterns.set(decode(code, levels), p * F);
    c[p++] = count;
  }
  return estimateU(patterns, c);
}

/** Score one pair of standardized records with explanation. */
export function scorePair(
  a: StdRecord,
  b: StdRecord,
  params: ModelParams,
  tf: TermFrequencies | null,
  weights = weightTable(params),
): Omit<DuplicatePair, 'a' | 'b'> {
  const levels = new Uint8Array(F);
  const swappedNames = compareRecords(a, b, levels);
  return explainLevels(levels, swappedNames, tfValuesOf(a, b), params, tf, weights);
}

export function scorePrepared(
  a: Prepared,
  b: Prepared,
  params: ModelParams,
  tf: TermFrequencies | null,
  weights: number[][],
): Omit<DuplicatePair, 'a' | 'b'> {
  const levels = new Uint8Array(F);
  const swappedNames = comparePrepared(a, b, levels);
  return explainLevels(levels, swappedNames, tfValuesOf(a.s, b.s), params, tf, weights);
}

function explainLevels(
  levels: Uint8Array,
  swappedNames: boolean,
  a: TfValues,
  params: ModelParams,
  tf: TermFrequencies | null,
  weights: number[][],
): Omit<DuplicatePair, 'a' | 'b'> {
  const fields: FieldExplanation[] = [];
  const weight = scoreVector(levels, weights, a, tf, fields);
  return { score: probability(weight, params.lambda), weight: Math.round(weight * 100) / 100, swappedNames, fields };
}

const TF_FIELD_INDEX: readonly number[] = TF_FIELDS.map((f) => FIELDS.indexOf(f));
/** Most bits the term-frequency adjustment adds to one exact field. */
const TF_MAX_BOOST = 4;

/**
 * The full scan as a generator of progress; its return value is the result. It yields about
 * every 12 ms of work (blocking, comparison, EM and clustering all run in slices), so a caller
 * can report progress and stop between steps.
 */
export function* scanSteps(
  records: readonly DedupInput[],
  opts: DedupOptions = {},
): Generator<DedupProgress, DedupResult> {
  return yield* scanInputSteps(records, records.length, opts);
}

/** Records a standardize helper gets per message (a few ms of work: the hand-over cost is amortized). */
const STANDARDIZE_BATCH = 512;
/** Batches with the helpers at most; past that the scan standardizes the batch itself. */
const STANDARDIZE_IN_FLIGHT = 4;

/**
 * `scanSteps` over records that arrive one by one (`total` of them, for progress and to size the
 * record rows; 0 when unknown): each is standardized as it comes and its row filled at once, so a
 * caller reading a file row by row never holds every raw row (the CLI), and one that hands over
 * its array may drop each record once it is read. With `opts.standardizeThreads` the records are
 * standardized in batches by helper threads while this thread fills the rows (and standardizes
 * the batches the helpers have no room for); rows are filled in input order either way, so the
 * string pool's ids and everything after them are the same.
 */
export function* scanInputSteps(
  inputs: Iterable<DedupInput>,
  total: number,
  opts: DedupOptions = {},
): Generator<DedupProgress, DedupResult> {
  const t0 = now();
  const slicer = new Slicer();
  const region = opts.defaultRegion ?? '';
  // Created now (threads start only at the comparison): the rows are allocated in their shared memory.
  let compare = opts.compareThreads?.();
  const feed = new RowFeed(total, compare, opts.em?.fixedU === true);
  const helpers = total === 0 || total > STANDARDIZE_BATCH ? opts.standardizeThreads?.(region) : undefined;
  // Batches in input order: records standardized here, or null for a batch with the helpers.
  const queue: (StdRecord[] | null)[] = [];
  const drain = (wait: boolean): void => {
    while (queue.length > 0) {
      const head = queue[0];
      if (head === null) {
        const back = helpers?.next(wait);
        if (back === undefined) return;
        for (const s of back) feed.add(s);
      } else for (const s of head ?? []) feed.add(s);
      queue.shift();
    }
  };
  try {
    let batch: DedupInput[] = [];
    const hand = (): void => {
      if (helpers === undefined) return;
      if (helpers.pending < STANDARDIZE_IN_FLIGHT) {
        helpers.post(batch);
        queue.push(null);
      } else queue.push(batch.map((r) => standardize(r, region)));
      batch = [];
      drain(false);
    };
    let i = 0;
    for (const record of inputs) {
      if (helpers === undefined) feed.add(standardize(record, region));
      else {
        batch.push(record);
        if (batch.length === STANDARDIZE_BATCH) hand();
      }
      if ((++i & 31) === 0 && slicer.due()) yield { phase: 'standardize', done: i, total: Math.max(i, total) };
    }
    if (batch.length > 0) hand();
    drain(true);
  } finally {
    helpers?.close();
  }
  const rows = feed.finish();
  const n = rows.records.length;
  if (chunkCount(n) < 2) compare = undefined; // too small to share: one thread compares
  return yield* scanStandardized(rows.records, feed.tf, opts, t0, slicer, () => rows, true, {
    compare,
    hanzi: feed.hanzi,
  });
}

/**
 * Standardized records arriving in input order, each row filled at once and the record then
 * dropped: the rows and the pool hold what blocking and scoring read (blocking rebuilds a record
 * from its row, `RecordRows.fromRow`, with its Han name from `hanzi`). Kept: records with more than
 * two emails or phones (their rows do not hold them whole), and every record when `keepAll` (the
 * random-pair u experiment reads them). The rows grow by a quarter when the total was not known;
 * they live in the comparison helpers' shared memory when there are helpers.
 */
class RowFeed {
  readonly tf = new TermFrequencies();
  /** The Han name of each record ('' for most), the one field of a record its row does not hold. */
  readonly hanzi: string[] = [];
  private readonly std: (StdRecord | undefined)[] = [];
  private readonly rows: RecordRows;

  constructor(
    total: number,
    private readonly compare: CompareHelpers | undefined,
    private readonly keepAll: boolean,
  ) {
    this.rows = new RecordRows(this.std as StdRecord[], new StringPool(), [], this.alloc(total > 0 ? total : 1 << 16));
  }

  private alloc(records: number): Int32Array {
    const bytes = records * ROW * 4;
    return new Int32Array(this.compare === undefined ? new ArrayBuffer(bytes) : this.compare.alloc(bytes));
  }

  add(s: StdRecord): void {
    const rows = this.rows;
    const i = this.std.length;
    if ((i + 1) * ROW > rows.rows.length) {
      const grown = this.alloc(Math.max(i + 1, Math.ceil((rows.rows.length / ROW) * 1.25)));
      grown.set(rows.rows);
      rows.rows = grown;
    }
    rows.fillFrom(i, s);
    this.tf.add(s);
    const pool = rows.pool;
    // Through the pool: a helper thread's record holds its own copy of the string.
    this.hanzi.push(s.hanzi === '' ? '' : (pool.strings[pool.id(s.hanzi)] ?? ''));
    this.std.push(this.keepAll || rows.overflows(i) ? s : undefined);
  }

  /** The filled rows, exactly one per record. */
  finish(): RecordRows {
    const rows = this.rows;
    const used = this.std.length * ROW;
    if (rows.rows.length > used) rows.rows = rows.rows.subarray(0, used);
    return rows;
  }
}

/**
 * Records handed to a scan in batches (the worker's `scanBegin` / `scanAdd` / `scanRun`): each is
 * standardized on arrival, so neither the caller nor the worker keeps a batch; `steps` then runs
 * the scan, which owns the standardized records (drops them after blocking). The standardize
 * phase's time runs from the feed's creation (it includes the handing over).
 */
export class ScanFeed {
  private readonly std: StdRecord[] = [];
  private readonly tf = new TermFrequencies();
  private readonly t0 = now();

  constructor(private readonly defaultRegion = '') {}

  add(record: DedupInput): void {
    const s = standardize(record, this.defaultRegion);
    this.std.push(s);
    this.tf.add(s);
  }

  get size(): number {
    return this.std.length;
  }

  /** The scan over the records added (call once). */
  steps(opts: DedupOptions = {}): Generator<DedupProgress, DedupResult> {
    return scanStandardized(this.std, this.tf, opts, this.t0, new Slicer(), undefined, true);
  }
}

/**
 * The scan after standardization (the live index re-uses its standardized records, and passes
 * `known`: its record rows, kept up to date as records change).
 */
export function* scanStandardized(
  input: readonly StdRecord[],
  tf: TermFrequencies,
  opts: DedupOptions,
  t0: number,
  slicer = new Slicer(),
  known?: () => RecordRows,
  owned = false,
  /**
   * From `scanInputSteps`: the comparison helpers it created already (its rows live in their
   * memory), and the Han names of records it dropped after filling their rows (`RowFeed`).
   */
  given?: { compare: CompareHelpers | undefined; hanzi?: string[] },
): Generator<DedupProgress, DedupResult> {
  const threshold = opts.threshold ?? DEFAULT_THRESHOLD;
  let std = input;
  const n = std.length;
  // Comparison helper threads (started at the comparison; none for a scan of one chunk).
  const helpers = given !== undefined ? given.compare : chunkCount(n) >= 2 ? opts.compareThreads?.() : undefined;
  const t1 = now();
  // Blocking's progress in 5 units: filling the rows is the first (done = share filled; rows the
  // caller filled already count as done), then candidateStreamSteps' 4 (keys, blocks, three sorted
  // orders), so a bar moves through all of it.
  const BLOCKING_UNITS = 5;
  yield { phase: 'blocking', done: 0, total: BLOCKING_UNITS };
  let rows: RecordRows;
  if (known !== undefined) rows = known();
  else {
    // With helper threads the rows live in their shared memory from the start (no copy later).
    const memory = helpers === undefined ? new ArrayBuffer(n * ROW * 4) : helpers.alloc(n * ROW * 4);
    rows = new RecordRows(std, new StringPool(), [], new Int32Array(memory));
    for (let i = 0; i < n; i++) {
      rows.fill(i);
      if ((i & 255) === 255 && slicer.due()) yield { phase: 'blocking', done: i / n, total: BLOCKING_UNITS };
    }
  }
  // Renumber the records so that namesakes sit next to each other (RecordRows.localityOrder):
  // record x of the scan is input record order[x]. Ties (sorted neighbourhood), the orientation
  // of each comparison and the edges stay in input order, so the result is the same as without.
  const order = rows.localityOrder();
  rows = rows.reorder(order);
  std = rows.records;
  if (owned) (input as StdRecord[]).length = 0; // the scan's own array: only the reordered one stays
  const inputOrder = new Int32Array(n);
  for (let x = 0; x < n; x++) inputOrder[order[x] ?? 0] = x;
  // Records dropped after their rows were filled are rebuilt from them for blocking's keys.
  const fed = given?.hanzi;
  const hanzi = fed === undefined ? undefined : Array.from(order, (i) => fed[i] ?? '');
  if (fed !== undefined) fed.length = 0;
  const filled = rows;
  const recordOf =
    hanzi === undefined
      ? undefined
      : (x: number): StdRecord => {
          const r = filled.fromRow(x);
          r.hanzi = hanzi[x] ?? '';
          return r;
        };
  // With helpers the stream's large arrays are made in their shared memory (no copy later).
  const streamMemory = helpers === undefined ? undefined : (bytes: number): ArrayBufferLike => helpers.alloc(bytes);
  const blocking = candidateStreamSteps(std, opts.blocking, slicer, rows, inputOrder, recordOf, streamMemory);
  let stream: CandidateStream;
  let blockingDone = 1;
  for (;;) {
    const step = blocking.next();
    if (step.done === true) {
      stream = step.value;
      break;
    }
    // Never backwards (the capped blocks report 1 after the value ranks reported 2).
    blockingDone = Math.max(blockingDone, 1 + step.value.done);
    yield { phase: 'blocking', done: blockingDone, total: BLOCKING_UNITS };
  }
  // From here on a record is read from its row (and the pool); a scan that owns its standardized
  // records (`owned`) lets them go, but for the few whose comparison needs them (more than two
  // emails or phones): ~0.45 KB a record. (The random-pair u experiment, `em.fixedU`, reads them all.)
  if (owned && opts.em?.fixedU !== true) {
    const all = std as (StdRecord | undefined)[];
    for (let i = 0; i < n; i++) if (!rows.overflows(i)) all[i] = undefined;
  }
  const t2 = now();

  // Stream every record's candidates straight into the comparison: each pair is compared once
  // into its pattern (distinct comparison vector) number and kept only as (partner, pattern).
  // Chunks of records are compared by this thread and any helper threads (claimed from a shared
  // counter) and merged strictly in chunk order, so pattern numbers and pairs do not depend on who
  // compared what.
  const pairs = new PackedPairs(n);
  const patternOf = new PatternTable();
  const patternCounts: number[] = [];
  const levels = new Uint8Array(F);
  const nChunks = chunkCount(n);
  let claim: Int32Array = new Int32Array(2);
  if (helpers !== undefined) claim = shareWithHelpers(helpers, rows, stream, order, n);
  // Chunks compared ahead of the merge (by this thread while a helper holds the next one); bounded.
  const ready = new Map<number, ChunkResult>();
  const AHEAD = 16;
  try {
    for (let merged = 0; merged < nChunks; merged++) {
      let r = ready.get(merged);
      while (r === undefined) {
        for (let m = helpers?.next(false); m !== undefined; m = helpers?.next(false)) ready.set(m.chunk, m);
        r = ready.get(merged);
        if (r !== undefined) break;
        const c = ready.size < AHEAD ? Atomics.add(claim, 0, 1) : nChunks;
        if (c < nChunks) {
          const own = compareChunk(c, rows, stream, order, n, levels);
          ready.set(c, own);
        } else if (helpers !== undefined) {
          const m = helpers.next(true);
          if (m !== undefined) ready.set(m.chunk, m);
        } else throw new Error(`comparison chunk ${merged} was never compared`);
        r = ready.get(merged);
      }
      ready.delete(merged);
      const { ends, partners, codes } = r;
      let k = 0;
      for (let row = 0; row < ends.length; row++) {
        const i = merged * CHUNK_ROWS + row;
        for (const end = ends[row] ?? 0; k < end; k++) {
          const j = partners[k] ?? 0;
          let code = codes[k] ?? 0;
          if (code === OVERFLOW_CODE) {
            if ((order[i] ?? 0) < (order[j] ?? 0)) rows.compare(i, j, levels);
            else rows.compare(j, i, levels);
            code = encode(levels);
          }
          const p = patternOf.id(code);
          if (p === patternCounts.length) patternCounts.push(0);
          patternCounts[p] = (patternCounts[p] ?? 0) + 1;
          pairs.push(j, p);
        }
        pairs.endRow();
      }
      if (slicer.due()) yield { phase: 'compare', done: Math.min(n, (merged + 1) * CHUNK_ROWS), total: n };
    }
  } finally {
    helpers?.close();
  }
  const nPairs = pairs.length;
  const capped = stream.capped;
  const patternCodes = patternOf.codes;
  const t3 = now();

  const nPat = patternCodes.length;
  const patterns = new Uint8Array(nPat * F);
  for (let p = 0; p < nPat; p++) patterns.set(decode(patternCodes[p] ?? 0, levels), p * F);
  let params = opts.params;
  if (params === undefined) {
    yield { phase: 'estimate', done: 0, total: 1 };
    const fixedU = opts.em?.fixedU ?? false;
    const startParams = defaultParams();
    if (fixedU) startParams.u = randomPairU(std, levels);
    // EM over the patterns in code order: its sums then do not depend on the order the pairs
    // were compared in (the records' order), down to the last bit.
    const byCode = Array.from({ length: nPat }, (_, p) => p).sort(
      (x, y) => (patternCodes[x] ?? 0) - (patternCodes[y] ?? 0),
    );
    const emPatterns = new Uint8Array(nPat * F);
    const emCounts = new Float64Array(nPat);
    byCode.forEach((p, x) => {
      emPatterns.set(patterns.subarray(p * F, p * F + F), x * F);
      emCounts[x] = patternCounts[p] ?? 0;
    });
    const em = estimateSteps(emPatterns, emCounts, { records: n, ...opts.em, fixedU }, startParams);
    for (;;) {
      const step = em.next();
      if (step.done === true) {
        params = step.value;
        break;
      }
      if (slicer.due()) yield { phase: 'estimate', done: step.value, total: opts.em?.maxIterations ?? 50 };
    }
  }
  const weights = weightTable(params);
  // Per pattern: a view of its levels and whether it can reach the threshold at all (the term
  // frequency adjustment adds at most TF_MAX_BOOST bits per exactly agreeing TF field).
  const tfOfI: TfValues = { given: '', family: '', company: '', streetName: '' };
  const views: Uint8Array[] = [];
  const reachable = new Uint8Array(nPat);
  for (let p = 0; p < nPat; p++) {
    const v = patterns.subarray(p * F, p * F + F);
    views.push(v);
    let boost = 0;
    for (const f of TF_FIELD_INDEX) if (v[f] === 0 && (weights[f]?.[0] ?? 0) > 0) boost += TF_MAX_BOOST;
    const base = scoreVector(v, weights, tfOfI, null);
    reachable[p] = probability(base + boost, params.lambda) >= threshold ? 1 : 0;
  }
  const t4 = now();

  // Pairs at or above the threshold; the TF adjustment only touches exact name/place agreements.
  const edges = new EdgeList();
  let x = 0;
  for (let i = 0; i < n; i++) {
    const end = pairs.start[i + 1] ?? 0;
    for (; x < end; x++) {
      const p = pairs.pid(x);
      if (reachable[p] === 0) continue;
      const j = pairs.col(x);
      const a = order[i] ?? 0;
      const b = order[j] ?? 0;
      const tv = a < b ? rows.tfValues(i, j, tfOfI) : rows.tfValues(j, i, tfOfI);
      const prob = probability(scoreVector(views[p] as Uint8Array, weights, tv, tf), params.lambda);
      // Edges (and everything after them) in input indices.
      if (prob >= threshold) edges.push(a < b ? a : b, a < b ? b : a, prob);
    }
    if ((i & 1023) === 1023 && slicer.due()) yield { phase: 'cluster', done: i + 1, total: 2 * n };
  }

  // Groups: components (large ones split), then the coherence check. A pair's score is computed
  // once per component (cache local to it); its explanation only when asked for.
  const explain = opts.explain ?? true;
  const lambda = params.lambda;
  const pairLevels = new Uint8Array(F);
  const tfOfA: TfValues = { given: '', family: '', company: '', streetName: '' };
  const scoreOf = (i: number, j: number): Omit<DuplicatePair, 'a' | 'b'> => {
    const a = inputOrder[i < j ? i : j] ?? 0;
    const b = inputOrder[i < j ? j : i] ?? 0;
    const swappedNames = rows.compare(a, b, pairLevels);
    const fields: FieldExplanation[] = [];
    const w = scoreVector(pairLevels, weights, rows.tfValues(a, b, tfOfA), tf, explain ? fields : undefined);
    return { score: probability(w, lambda), weight: Math.round(w * 100) / 100, swappedNames, fields };
  };
  const groups: DuplicateGroup[] = [];
  const outPairs: DuplicatePair[] = [];
  const components = splitLarge(n, edges, threshold);
  const cache = new Map<number, Omit<DuplicatePair, 'a' | 'b'>>();
  const pairScore = (i: number, j: number): Omit<DuplicatePair, 'a' | 'b'> => {
    const key = i < j ? i * n + j : j * n + i;
    let s = cache.get(key);
    if (s === undefined) cache.set(key, (s = scoreOf(i, j)));
    return s;
  };
  const nEdges = edges.length;
  for (let c = 0; c < components.length; c++) {
    cache.clear();
    const component = Array.from(components[c] ?? []);
    for (const members of coherentGroups(component, (a, b) => pairScore(a, b).score, threshold)) {
      let sum = 0;
      for (let x = 0; x < members.length; x++) {
        for (let y = x + 1; y < members.length; y++) {
          const a = members[x] ?? 0;
          const b = members[y] ?? 0;
          const s = pairScore(a, b);
          sum += s.score;
          outPairs.push({ a, b, ...s });
        }
      }
      groups.push({ members, score: sum / ((members.length * (members.length - 1)) / 2) });
    }
    if ((c & 63) === 63 && slicer.due())
      yield { phase: 'cluster', done: n + Math.round(((c + 1) / components.length) * n), total: 2 * n };
  }
  groups.sort((x, y) => y.score - x.score || (x.members[0] ?? 0) - (y.members[0] ?? 0));
  outPairs.sort((x, y) => y.score - x.score || x.a - y.a || x.b - y.b);
  const t5 = now();
  const round = (x: number): number => Math.round(x * 10) / 10;
  return {
    pairs: outPairs,
    groups,
    params,
    stats: {
      records: n,
      candidatePairs: nPairs,
      candidatesPerRecord: n === 0 ? 0 : Math.round((nPairs / n) * 100) / 100,
      pairsAboveThreshold: nEdges,
      cappedBlocks: { ...capped, maxBlockSize: opts.blocking?.maxBlockSize ?? DEFAULT_BLOCKING.maxBlockSize },
      emIterations: params.iterations,
      ms: {
        standardize: round(t1 - t0),
        blocking: round(t2 - t1),
        compare: round(t3 - t2),
        estimate: round(t4 - t3),
        cluster: round(t5 - t4),
        total: round(t5 - t0),
      },
    },
  };
}

/** Full scan: duplicate pairs with scores and explanations, and duplicate groups. */
export function findDuplicates(records: readonly DedupInput[], opts: DedupOptions = {}): DedupResult {
  return drain(scanSteps(records, opts));
}

export function drain(steps: Generator<DedupProgress, DedupResult>): DedupResult {
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
  }
}

/**
 * Moves what the comparison reads into memory the helpers share (SharedArrayBuffer in node): the
 * record rows, the pool's code units, the candidate stream's arrays and the input order. What is
 * not there already (the rows and the stream's large arrays are made there) is copied once and the
 * scan reads the copy from then on (no second copy stays). Starts the helpers;
 * returns the shared chunk counter.
 */
function shareWithHelpers(
  helpers: CompareHelpers,
  rows: RecordRows,
  stream: CandidateStream,
  order: Int32Array,
  n: number,
): Int32Array {
  const alloc = (bytes: number): ArrayBufferLike => helpers.alloc(bytes);
  const isShared = (a: Int32Array | Uint8Array): boolean =>
    typeof SharedArrayBuffer !== 'undefined' && a.buffer instanceof SharedArrayBuffer;
  const shared = <T extends Int32Array | Uint8Array>(a: T): T => {
    if (isShared(a)) return a;
    const copy = new (a.constructor as new (b: ArrayBufferLike) => T)(alloc(a.byteLength));
    copy.set(a);
    return copy;
  };
  rows.rows = shared(rows.rows);
  const pool = rows.pool.moveTo(alloc);
  const { groupStart, groupIds } = groupsCsr(rows.groups);
  const b = stream.b;
  b.blockStart = shared(b.blockStart);
  b.blockMembers = shared(b.blockMembers);
  b.blockOf = shared(b.blockOf);
  b.recStart = shared(b.recStart);
  b.recPos = shared(b.recPos);
  b.orders = b.orders.map(shared);
  b.windowed = shared(b.windowed);
  const claim = new Int32Array(alloc(8));
  helpers.start({
    n,
    rows: rows.rows,
    pool,
    groupStart: shared(groupStart),
    groupIds: shared(groupIds),
    stream: b,
    window: stream.o.window,
    order: shared(order),
    claim,
  });
  return claim;
}
