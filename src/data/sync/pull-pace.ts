// Keeps a pull from reading the server faster than the device stores what it read. RxDB's first
// sync ("downstream resync") asks the pull handler for the next batch without waiting for the last
// one to be written, and merges every batch not yet written into its next write. With a fast server
// and a slow local store (IndexedDB with RxDB's indexes) the reads race ahead: the unwritten
// documents pile up in memory and are written as one ever larger bulk write (main-thread tasks of
// hundreds of ms), and a reload in the middle loses all of them (the stored checkpoint is that of
// the last write), so they are read again. Pure: the "is it stored?" check, the clock and the wait
// are passed in.

export interface PaceOptions<T> {
  /** Batches handed over but not yet stored before the next read waits (2: read one while one is written). */
  ahead: number;
  /** Has the batch this marker stands for reached local storage? */
  isStored(marker: T): Promise<boolean>;
  /** Longest wait for one batch (ms): a write that never shows (merged differently, stopped) does not stall the pull. */
  maxWaitMs?: number;
  pollMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export class PullPacer<T> {
  readonly #handed: T[] = [];
  readonly #o: Required<PaceOptions<T>>;

  constructor(options: PaceOptions<T>) {
    this.#o = {
      maxWaitMs: 10_000,
      pollMs: 20,
      now: () => Date.now(),
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      ...options,
    };
  }

  /** A batch was handed to RxDB; `marker` (its last document) stands for it. */
  handed(marker: T | undefined): void {
    if (marker !== undefined) this.#handed.push(marker);
  }

  /** Resolves when the next read may start: at most `ahead - 1` batches still unwritten. */
  async beforeRead(): Promise<void> {
    while (this.#handed.length >= this.#o.ahead) {
      const oldest = this.#handed[0] as T;
      const until = this.#o.now() + this.#o.maxWaitMs;
      while (!(await this.#o.isStored(oldest)) && this.#o.now() < until) await this.#o.sleep(this.#o.pollMs);
      this.#handed.shift();
    }
  }

  /** Batches handed over and not yet seen stored. */
  get outstanding(): number {
    return this.#handed.length;
  }
}
