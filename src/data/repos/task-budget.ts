// One main-thread budget for every bulk write (docs/ARCHITECTURE.md, "Bulk writes"): import
// commits, the demo loader, the derived-data catch-up and backup restore size each write from what
// the writes before it cost on the main thread, so no write keeps the thread longer than
// BULK_TASK_BUDGET_MS whatever the documents weigh.
//
// A write's synchronous part (RxDB preparing the documents, IndexedDB serializing every put) runs
// in the task that calls it and grows with its documents; `TaskBudget.measure` times that part
// (from the call to the start of the next task, `nextTaskStart`) and keeps the cost per document
// (`RowCost`, smoothed); `docs` turns the budget into the documents the next write may carry.
import { afterQueuedTasks } from '../../lib/next-task';

/**
 * Time per row (ms), smoothed: the latest measurement counts a quarter, so one write delayed by
 * something else (a GC, another tab) does not halve the next ones.
 */
export class RowCost {
  #msPerRow: number | null = null;
  get msPerRow(): number | null {
    return this.#msPerRow;
  }
  record(rows: number, ms: number): void {
    if (rows <= 0) return;
    const x = ms / rows;
    this.#msPerRow = this.#msPerRow === null ? x : this.#msPerRow * 0.75 + x * 0.25;
  }
}

/**
 * Main-thread time one bulk write may keep the thread busy before it yields (ms). Well under the
 * 50 ms a task may take because the task's wall time, not its CPU time, is what counts: with the
 * browser's IndexedDB backend busy on the other core of two, a 25 ms task was seen to last
 * 64–84 ms, and the young-generation GCs that follow a write grow with the documents it made
 * (session 10's restore trace: the longest tasks by CPU were those GCs, 18 ms after writes of up to
 * 200 documents, 11 ms after writes of 50). Restore met "no task over 50 ms" at 100,000 customers
 * with this budget.
 */
export const BULK_TASK_BUDGET_MS = 8;

/**
 * Documents a write may carry to stay within `budgetMs` at `msPerDoc` (null: nothing measured
 * yet, `max`), within [min, max]. Pure.
 */
export function docsWithinBudget(budgetMs: number, msPerDoc: number | null, min: number, max: number): number {
  if (msPerDoc === null || msPerDoc <= 0) return max;
  return Math.max(min, Math.min(max, Math.floor(budgetMs / msPerDoc)));
}

/**
 * Resolves when the next task starts (a MessageChannel message, which is not clamped as nested
 * timers are): called right before a write, the time until then is how long the write's
 * synchronous part kept the main thread.
 */
export function nextTaskStart(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/** Bounds of one write's documents: at least `min`, at most `max`, `first` before any is measured. */
export interface WriteBounds {
  min: number;
  max: number;
  /** Documents of a write before any write was measured (default `max`). */
  first?: number;
}

/**
 * Documents of one bulk write where the rows are the documents (an import's chunk, a restore's):
 * at least 25 (a transaction has a fixed cost too), 50 before the first write is measured (a
 * customer's write costs ~0.1–0.3 ms of main thread), at most what the caller offers.
 */
export const BULK_WRITE_BOUNDS: WriteBounds = { min: 25, first: 50, max: 400 };

/** Sizes one bulk job's writes to a main-thread budget from their measured cost (file comment). */
export class TaskBudget {
  readonly #task = new RowCost();
  constructor(
    readonly budgetMs: number = BULK_TASK_BUDGET_MS,
    /** The clock writes are timed with (tests pass one a write advances). */
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /** Measured main-thread ms per document of the writes so far (null: none yet). */
  get taskMsPerDoc(): number | null {
    return this.#task.msPerRow;
  }

  /** Documents the next write may carry (see WriteBounds). */
  docs(bounds: WriteBounds): number {
    const max = Math.max(1, Math.floor(bounds.max));
    const min = Math.max(1, Math.min(max, Math.floor(bounds.min)));
    // No budget (tests that fix their chunk sizes): what the caller offers.
    if (this.budgetMs === Number.POSITIVE_INFINITY) return max;
    if (this.#task.msPerRow === null) return Math.max(min, Math.min(max, Math.floor(bounds.first ?? max)));
    return docsWithinBudget(this.budgetMs, this.#task.msPerRow, min, max);
  }

  /** Runs `write` (of `docs` documents) and records its main-thread time per document. */
  async measure<T>(docs: number, write: () => Promise<T>): Promise<T> {
    const t0 = this.clock();
    const taskEnd = nextTaskStart().then(() => this.clock());
    const result = await write();
    this.#task.record(docs, (await taskEnd) - t0);
    return result;
  }

  /**
   * Writes `docs` in consecutive slices sized by `docs(bounds)`, each one measured write in a task
   * of its own (the slice before it ends in the task it started, its commit in a later one).
   */
  async inSlices<T>(docs: readonly T[], bounds: WriteBounds, write: (slice: T[]) => Promise<void>): Promise<void> {
    for (let i = 0; i < docs.length;) {
      await afterQueuedTasks();
      const slice = docs.slice(i, i + this.docs(bounds));
      await this.measure(slice.length, () => write(slice));
      i += slice.length;
    }
  }
}
