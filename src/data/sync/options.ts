// The controller's tuning, with its defaults.
import type { Backoff } from './backoff';
import type { ReplicatedName } from './collections';

export interface SyncControllerOptions {
  /** RxDB's retry interval for failed pulls and pushes (ms). */
  retryTime?: number;
  /** Live feed reconnection backoff (ms): first wait, doubling up to max. */
  backoff?: Backoff;
  /**
   * How long a long-poll waits (ms) before the server (or, if it ignores `timeout`, this device)
   * ends it; also the longest time between two checks of the databases that are not long-polled.
   */
  pollTimeout?: number;
  /**
   * The databases with a long-poll of their own (default customers, orders, interactions,
   * surveys); the others are checked on a slower cadence (live-feed.ts).
   */
  longPolled?: readonly ReplicatedName[];
  batchSize?: number;
  /**
   * Documents per `_bulk_docs` (default 500, as CouchDB's own replicator writes): each request
   * costs the server its authentication, security and validation set-up, so fewer, larger ones
   * ingest faster. Pulls stay at `batchSize`: every pulled page is one local write, kept small for
   * the UI.
   */
  pushBatchSize?: number;
  /** Only one tab of a browser replicates (RxDB leader election); tests run single-instance. */
  waitForLeadership?: boolean;
}

/**
 * Long-polled databases: where the day's work happens. Four held connections of the six a browser
 * opens per server leave two for pulls and pushes.
 */
const LONG_POLLED: readonly ReplicatedName[] = ['customers', 'orders', 'interactions', 'surveys'];

export const withDefaults = (options: SyncControllerOptions): Required<SyncControllerOptions> => ({
  retryTime: options.retryTime ?? 5000,
  backoff: options.backoff ?? { first: 1000, max: 30_000 },
  pollTimeout: options.pollTimeout ?? 10_000,
  longPolled: options.longPolled ?? LONG_POLLED,
  batchSize: options.batchSize ?? 200,
  pushBatchSize: options.pushBatchSize ?? 500,
  waitForLeadership: options.waitForLeadership ?? true,
});
