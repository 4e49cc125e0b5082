// How one pull reads the feed, apart from the requests. Pure (the page reader is passed in).

export type Sequence = string | number;

/** A document to deliver and the feed sequence of its row (where a pull that stops after it resumes). */
export interface Kept<T> {
  doc: T;
  /** Absent when the server gave no per-row sequence: then the page is delivered whole. */
  seq?: Sequence;
}

/** One page of the feed as the pull read it: how many rows, what of them to deliver (in feed order), where it ended. */
export interface PulledPage<T> {
  read: number;
  kept: Kept<T>[];
  next: Sequence;
}

/**
 * Reads the feed in pages of `pageRows` and hands it on in batches of any size: a batch is one
 * local write (RxDB's downstream `bulkWrite` of the documents and their replication meta, in one
 * main-thread task), so its size is set by what the device can write without a long task, while
 * a page is sized for the network (fewer, larger requests). What a batch does not take stays
 * buffered for the next one, which RxDB asks for with the checkpoint this one returned (the
 * sequence of its last row, a valid `since`); a pull from any other checkpoint (a restart, a
 * reload) drops the buffer and reads from there.
 *
 * RxDB stops pulling when a batch holds fewer documents than its batch size (`min` here); the pull
 * drops some rows (design documents, quarantined ones, this device's own writes), so the reader
 * goes on past pages of dropped rows until it has `min` documents or the feed has no more, and a
 * page of only dropped rows still moves the checkpoint. It reads no further than that: rows read
 * and not yet handed on are read again after a reload, so a batch may hold fewer than `want`.
 */
export class PageBuffer<T> {
  #from: string | null = null;
  #kept: Kept<T>[] = [];
  #end: Sequence = 0;
  #feedEnd = false;

  async take(
    start: Sequence,
    want: number,
    min: number,
    pageRows: number,
    readPage: (since: Sequence, limit: number) => Promise<PulledPage<T>>,
  ): Promise<{ documents: T[]; sequence: Sequence }> {
    if (this.#from !== String(start)) {
      this.#kept = [];
      this.#end = start;
      this.#feedEnd = false;
    }
    while (this.#kept.length < min && !this.#feedEnd) {
      const page = await readPage(this.#end, pageRows);
      this.#kept.push(...page.kept);
      this.#end = page.next;
      this.#feedEnd = page.read < pageRows;
    }
    // A cut after a row without a sequence would have no checkpoint: take the rest then.
    const cut = this.#kept.slice(0, want).every((k) => k.seq !== undefined) ? want : this.#kept.length;
    const taken = this.#kept.splice(0, cut);
    const sequence = this.#kept.length ? (taken.at(-1)?.seq ?? this.#end) : this.#end;
    // Drained: the next pull from here reads the feed again (new changes may have arrived).
    if (!this.#kept.length) this.#feedEnd = false;
    this.#from = String(sequence);
    return { documents: taken.map((k) => k.doc), sequence };
  }

  /** Documents read and not yet handed over. */
  get buffered(): number {
    return this.#kept.length;
  }
}

/**
 * RxDB keeps no checkpoint from a pull that returns no documents. When a pull read a part of the
 * feed holding nothing to deliver, the next pull from the same checkpoint starts where that one
 * ended instead of reading it again.
 */
export class SkippedRange {
  #skipped: { from: string; to: Sequence } | null = null;

  /** Where a pull from `checkpoint` starts reading. */
  start(checkpoint: Sequence | undefined): Sequence {
    const from = String(checkpoint ?? 0);
    return this.#skipped?.from === from ? this.#skipped.to : (checkpoint ?? 0);
  }

  /** A pull from `checkpoint` read up to `end` and delivered `delivered` documents. */
  end(checkpoint: Sequence | undefined, end: Sequence, delivered: number): void {
    this.#skipped = delivered === 0 ? { from: String(checkpoint ?? 0), to: end } : null;
  }
}
