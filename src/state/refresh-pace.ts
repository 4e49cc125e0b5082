// When a screen that follows a stream of change events re-reads its data. A single change (an edit,
// a sync round) is shown after `quietMs`; while changes keep arriving (a first sync writes a batch
// every few hundred ms, an import a chunk) the re-reads are spaced `streamMs` apart counted from the
// start of the one before, so a screen that costs tens of ms to refresh (a query, new row objects,
// a Svelte update, the garbage they leave) does not do it after every batch. Pure: the clock is
// passed in.

export interface RefreshPaceOptions {
  /** Delay after a change that follows a quiet spell (the refresh that shows an edit). */
  quietMs: number;
  /** Least time between the starts of two refreshes while changes keep arriving. */
  streamMs: number;
}

export class RefreshPace {
  #lastStart = Number.NEGATIVE_INFINITY;

  constructor(private readonly o: RefreshPaceOptions) {}

  /** A change arrived at `now` and no refresh is scheduled: how long until the refresh runs. */
  delay(now: number): number {
    return Math.max(this.o.quietMs, this.#lastStart + this.o.streamMs - now);
  }

  /** A refresh started at `now`. */
  started(now: number): void {
    this.#lastStart = now;
  }
}
