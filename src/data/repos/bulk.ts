// The one bulk-write path: import commits, demo data (and later backup restore) write many rows
// through `runInChunks`; the first sync pull sizes its batches with the same `ChunkSizer` and
// `LongTaskWatch` (sync/pull.ts). What it guarantees (docs/ARCHITECTURE.md, "Bulk
// writes"):
// - rows go in chunks, each chunk one write per collection (one IndexedDB transaction each), and
//   the next chunk starts in a new task after everything queued ran (user input, other screens'
//   queries): the rest of the app stays usable;
// - the chunk size is measured, not guessed: IndexedDB serializes every put synchronously on the
//   main thread, so a chunk's main-thread cost grows with its rows. Where the browser reports long
//   tasks (PerformanceObserver 'longtask', > 50 ms) a chunk that caused one shrinks the next ones;
//   chunks that ran clean grow slowly back up to the cap. test/bench/bulk-run.mjs reports the
//   longest task during a commit;
// - and no write is longer than one main-thread budget (task-budget.ts, shared by every bulk
//   writer): the run's `TaskBudget` goes to `writeChunk`, which writes through it (`measure`,
//   `inSlices`) and takes at most the rows that fit (`docs`) at the measured cost per document;
// - derived data (tag index, measures, merge follower) is held while the bulk runs and catches up
//   once afterwards from its durable checkpoints (follow.ts holdFollowers): no per-chunk read-backs
//   competing with the writes, and nothing skipped;
// - progress (rows done, rows/s, time left) after every chunk, and cancel between chunks (a chunk
//   is never half written: one transaction per collection);
// - searches first (read-gate.ts): a chunk starts only when no search on the database is in
//   flight, and while the user is searching each chunk is sized to the gate's time budget (half a
//   search) from the measured time per row of the chunks so far (`searchingChunkRows`), so a
//   search that arrives during a write waits for a short transaction only, and the writer keeps
//   as many rows per transaction as that allows; and while the user types a search (reads close
//   together, `typingNow`; not the list re-reading on changes) it writes only CHUNKS_PER_READ
//   chunks after each search, then waits for the next one to end (or for the user to stop
//   searching, or PROGRESS_FLOOR_MS after its last write): back to back chunks meant nearly every
//   search typed found one in flight.
import type { BulkProgress } from '../../domain/import-plan';
import { customerSearchKeys, ensureSearchKeyDataFor } from '../../domain/customer';
import type { CustomerFields, CustomerSearchKeys } from '../../domain/types';
import { afterQueuedTasks } from '../../lib/next-task';
import { holdFollowers } from '../derived/follow';
import { nextReadEnds, readsEnded, readsSettled, searchBudgetMs, searchingNow, typingNow } from '../read-gate';
import { RowCost, TaskBudget } from './task-budget';

export { RowCost, TaskBudget };

export type { BulkProgress };

export type KeyFields = Pick<CustomerFields, 'givenName' | 'familyName' | 'email' | 'phone' | 'company'>;
/**
 * Derives customers' search keys, in order. The state layer passes the search-key worker's
 * (workers/keys) so pinyin and phone parsing run off the main thread; without one they are
 * derived here (`localKeys`).
 */
export type KeyDeriver = (rows: KeyFields[]) => Promise<CustomerSearchKeys[]>;

export const localKeys: KeyDeriver = async (rows) => {
  await ensureSearchKeyDataFor(rows);
  return rows.map((r) => customerSearchKeys(r));
};

/** Only the fields the keys depend on cross to the worker. */
export function keyFields(f: KeyFields): KeyFields {
  return { givenName: f.givenName, familyName: f.familyName, email: f.email, phone: f.phone, company: f.company };
}

export interface ChunkSizing {
  /** Rows in the first chunk. */
  initial: number;
  min: number;
  max: number;
}

/**
 * Start at 200 rows (a demo chunk of 200 customers carries ~1,000 rows with its children) and let
 * the long-task feedback move it; test/bench/results-bulk.md reports the sizes a run settled on.
 */
export const DEFAULT_SIZING: ChunkSizing = { initial: 200, min: 25, max: 400 };

/**
 * Rows of the first chunk while the user is searching, before any chunk has been timed; after
 * that, `searchingChunkRows` (test/bench/import-run.mjs: search p95 during an import vs idle).
 */
export const SEARCHING_CHUNK = 25;
/** Fewest rows a chunk written while searching carries (a transaction has a fixed cost too). */
export const SEARCHING_MIN_ROWS = 5;
/**
 * Chunks written after each search while the user types one, before the writer waits for the next
 * search to end (read-gate.ts `nextReadEnds`): each chunk fits the search budget, so these end well
 * before the next keystroke's search (typing: a query every ~100–300 ms).
 */
export const CHUNKS_PER_READ = 2;
/**
 * Longest pause between two chunks while the user types (ms): a floor on the import's progress
 * whatever the typing. The chunk that then goes is sized for searching like the others, so a
 * search arriving meanwhile waits for one short transaction.
 */
export const PROGRESS_FLOOR_MS = 250;

/**
 * Rows of a chunk written while the user searches: as many as fit in `budgetMs` at the measured
 * `msPerRow` (null: nothing timed yet), within [SEARCHING_MIN_ROWS, cap]. Pure.
 */
export function searchingChunkRows(budgetMs: number, msPerRow: number | null, cap: number): number {
  if (msPerRow === null) return Math.min(SEARCHING_CHUNK, cap);
  const fit = msPerRow > 0 ? Math.floor(budgetMs / msPerRow) : cap;
  return Math.max(Math.min(SEARCHING_MIN_ROWS, cap), Math.min(cap, fit));
}

/**
 * Chooses each chunk's size from what the previous chunks cost: halves after a chunk during which
 * the main thread had a task over 50 ms, grows by a quarter after three clean chunks in a row.
 * Pure (the long-task signal is passed in), so the rule is unit-tested directly.
 */
export class ChunkSizer {
  #size: number;
  #clean = 0;
  constructor(private readonly sizing: ChunkSizing = DEFAULT_SIZING) {
    this.#size = Math.max(sizing.min, Math.min(sizing.max, sizing.initial));
  }
  get size(): number {
    return this.#size;
  }
  record(hadLongTask: boolean): void {
    if (hadLongTask) {
      this.#clean = 0;
      this.#size = Math.max(this.sizing.min, Math.floor(this.#size / 2));
    } else if (++this.#clean >= 3) {
      this.#clean = 0;
      this.#size = Math.min(this.sizing.max, Math.ceil(this.#size * 1.25));
    }
  }
}

/** Counts main-thread tasks over 50 ms where the browser reports them (nowhere in node). */
export class LongTaskWatch {
  #count = 0;
  #observer: PerformanceObserver | null = null;
  constructor() {
    const supported =
      typeof PerformanceObserver !== 'undefined' &&
      (PerformanceObserver.supportedEntryTypes as readonly string[] | undefined)?.includes('longtask');
    if (!supported) return;
    this.#observer = new PerformanceObserver((list) => (this.#count += list.getEntries().length));
    this.#observer.observe({ type: 'longtask' });
  }
  /** Long tasks seen since the last call (flushes the observer's queue first). */
  take(): number {
    if (this.#observer) this.#count += this.#observer.takeRecords().length;
    const n = this.#count;
    this.#count = 0;
    return n;
  }
  stop(): void {
    this.#observer?.disconnect();
  }
}

export interface ChunkRun {
  /** Rows of the whole job (progress and time left). */
  total: number;
  /** Rows already done before this run (a resumed import): progress counts from here. */
  start?: number;
  /**
   * Writes rows [from, from + count); returns how many rows it consumed (≤ count, > 0). Its writes
   * go through `budget` (TaskBudget.measure / inSlices), which sizes them to the run's main-thread
   * budget; a writer whose rows are its documents takes at most `budget.docs(...)` rows.
   */
  writeChunk: (from: number, count: number, budget: TaskBudget) => Promise<number>;
  /** Main-thread budget of one write (ms): task-budget.ts BULK_TASK_BUDGET_MS by default. */
  taskBudgetMs?: number;
  sizing?: ChunkSizing;
  /** Holds derived-data followers of this database while the run lasts (see the file comment). */
  database?: object;
  signal?: AbortSignal;
  onProgress?: (p: BulkProgress) => void;
  now?: () => number;
  /** The chunk time budget while searching (ms); the read gate's `searchBudgetMs` by default. */
  searchBudgetMs?: () => number;
}

export interface ChunkRunResult extends BulkProgress {
  cancelled: boolean;
  chunks: number;
  /** The chunk sizes used, in order (the bench reports them). */
  sizes: number[];
  /** How many of the chunks were sized for a search (the rest by the ChunkSizer). */
  searchingChunks: number;
}

export function progressOf(done: number, total: number, startedDone: number, elapsedMs: number): BulkProgress {
  const rate = elapsedMs > 0 ? ((done - startedDone) / elapsedMs) * 1000 : 0;
  return {
    done,
    total,
    rowsPerSecond: Math.round(rate),
    msLeft: done >= total || rate <= 0 ? 0 : Math.round(((total - done) / rate) * 1000),
  };
}

/** Runs `writeChunk` over [start, total) in measured chunks (see the file comment). */
export async function runInChunks(run: ChunkRun): Promise<ChunkRunResult> {
  const clock = run.now ?? (() => performance.now());
  const sizer = new ChunkSizer(run.sizing ?? DEFAULT_SIZING);
  const watch = new LongTaskWatch();
  const release = run.database ? holdFollowers(run.database) : () => undefined;
  const startedDone = run.start ?? 0;
  const t0 = clock();
  let done = startedDone;
  let chunks = 0;
  const sizes: number[] = [];
  // Wall time per row of whole chunks (what sizes a chunk while the user searches). Sizing from the
  // writes' own wall time instead was tried and did not help: a transaction's fixed cost still
  // left ~5 rows inside a search budget of a few ms (test/bench/import-run.mjs, session 11).
  const cost = new RowCost();
  const taskBudget = new TaskBudget(run.taskBudgetMs, clock);
  const db = run.database;
  const budget = run.searchBudgetMs ?? (() => (db ? searchBudgetMs(db) : Number.POSITIVE_INFINITY));
  let searchingChunks = 0;
  let readsSeen = db ? readsEnded(db) : 0;
  let sinceRead = 0;
  let lastWriteAt = performance.now();
  try {
    while (done < run.total) {
      if (run.signal?.aborted) break;
      if (db) {
        await readsSettled(db);
        if (readsEnded(db) !== readsSeen) [readsSeen, sinceRead] = [readsEnded(db), 0];
        const sinceWrite = performance.now() - lastWriteAt;
        if (typingNow(db) && sinceRead >= CHUNKS_PER_READ && sinceWrite < PROGRESS_FLOOR_MS) {
          // Written enough after this search: leave the main thread and the store to the next one,
          // but never longer than PROGRESS_FLOOR_MS since the last write (progress while typing).
          await nextReadEnds(db, performance.now(), PROGRESS_FLOOR_MS - sinceWrite);
          continue;
        }
      }
      watch.take();
      const searching = db !== undefined && searchingNow(db);
      const size = searching ? searchingChunkRows(budget(), cost.msPerRow, sizer.size) : sizer.size;
      const count = Math.min(size, run.total - done);
      const c0 = clock();
      const wrote = await run.writeChunk(done, count, taskBudget);
      if (wrote <= 0 || wrote > count) throw new Error(`bulk write: a chunk consumed ${wrote} of ${count} rows`);
      lastWriteAt = performance.now();
      cost.record(wrote, clock() - c0);
      done += wrote;
      chunks += 1;
      if (searching) searchingChunks += 1;
      sinceRead += 1;
      sizes.push(wrote);
      run.onProgress?.(progressOf(done, run.total, startedDone, clock() - t0));
      await afterQueuedTasks();
      // A small chunk written for a search says nothing about the size the writes settled on.
      if (!searching) sizer.record(watch.take() > 0);
    }
  } finally {
    watch.stop();
    release();
  }
  return {
    ...progressOf(done, run.total, startedDone, clock() - t0),
    cancelled: done < run.total,
    chunks,
    sizes,
    searchingChunks,
  };
}
