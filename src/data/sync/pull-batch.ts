// How one pull reads the feed, apart from the requests. Pure (the page reader is passed in).

export type Sequence = string | number;

/** One page of the feed as the pull read it: how many rows, what of them to deliver, where it ended. */
export interface PulledPage<T> {
  read: number;
  kept: T[];
  next: Sequence;
}

/**
 * Reads pages from `start` until a batch is collected or the feed has no more. RxDB stops pulling
 * when a batch holds fewer documents than the batch size; the pull drops some rows (design
 * documents, quarantined ones, this device's own writes), so stopping at the first short page of
 * deliveries would end the pull early, and a page of only dropped rows would never move the
 * checkpoint.
 */
export async function collectBatch<T>(
  start: Sequence,
  batchSize: number,
  readPage: (since: Sequence) => Promise<PulledPage<T>>,
): Promise<{ documents: T[]; sequence: Sequence }> {
  const documents: T[] = [];
  let sequence = start;
  for (;;) {
    const page = await readPage(sequence);
    documents.push(...page.kept);
    sequence = page.next;
    if (page.read < batchSize || documents.length >= batchSize) break;
  }
  return { documents, sequence };
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
