// Waiting between attempts: exponential backoff, and a sleep that a stop cuts short.

export interface Backoff {
  /** The first wait (ms). */
  first: number;
  /** The longest wait (ms). */
  max: number;
}

/** The wait after the `failures`-th failure in a row (1, 2, …): doubling from `first`, capped at `max`. */
export const backoffDelay = (failures: number, backoff: Backoff): number =>
  Math.min(backoff.max, backoff.first * 2 ** (failures - 1));

/** Resolves after `ms`, or at once when `signal` aborts (never rejects). */
export const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise<void>((done) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        done();
      },
      { once: true },
    );
  });
