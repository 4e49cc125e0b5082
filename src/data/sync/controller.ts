// Sync on and off, and its status: starts the replication of every replicated collection with
// `<server>/<prefix>-<collection>/` and the live feed that makes them pull, and turns what they
// report into the status the app shows (status.ts). A 401/403 stops everything cleanly with status
// 'needs-sign-in' (no retry loop); network failures show 'offline' until a request succeeds.
import { addRxPlugin, type RxCollection } from 'rxdb';
import { RxDBLeaderElectionPlugin } from 'rxdb/plugins/leader-election';
import { BehaviorSubject, type Subscription } from 'rxjs';
import type { FieldbookDatabase } from '../db/database';
import { holdFollowers } from '../derived/follow';
import { REPLICATED, type ReplicatedName } from './collections';
import { databasesAtStart, guardedFetch } from './couch-http';
import { followErasures, type ErasureFollower } from './erasure-follower';
import { followLeadership } from './leadership';
import { watchServer, type Feed } from './live-feed';
import type { AnyDoc } from './mapping';
import { withDefaults, type SyncControllerOptions } from './options';
import { PendingChanges } from './pending';
import { replicateCollection, type CollectionReplication } from './replicate';
import type { SyncLogDoc } from './schemas';
import { authFetch, type SyncAuth, type SyncFetch } from './session';
import { deriveStatus, errorMessage, isStorageFull, sameStatus, SYNC_OFF, type SyncStatus } from './status';

export type { SyncControllerOptions } from './options';
export { SYNC_OFF, type SyncPhase, type SyncStatus } from './status';

export interface SyncStartOptions {
  /** Absolute, ending with '/'. */
  serverUrl: string;
  prefix?: string;
  auth: SyncAuth;
  /** The fetch underneath (tests); defaults to the global one. */
  fetch?: typeof fetch;
}

/** One start of sync, until it stops. */
interface Run {
  abort: AbortController;
  replications: CollectionReplication[];
  subs: Subscription[];
  pulled: number;
  total: number;
  initialDone: boolean;
  active: Map<string, boolean>;
  feeds: Feed[];
  /** Each database's update_seq when sync started. */
  startSeqs: Map<string, string | number>;
  /** `_bulk_docs` requests on their way (all databases). */
  pushing: number;
  /** Another tab of this browser replicates; this one waits for leadership (leadership.ts). */
  otherTab: boolean;
  /** Releases the derived-data followers held while the first pull runs (once). */
  releaseFollowers: () => void;
  /** Redacts the audit entries about customers erased elsewhere (erasure-follower.ts). */
  erasures: ErasureFollower;
}

/** Pulled before the others on a first sync (#startAfterFirst). */
const FIRST: ReplicatedName = 'customers';

export class SyncController {
  readonly status$ = new BehaviorSubject<SyncStatus>(SYNC_OFF);
  #run: Run | null = null;
  #offline = false;
  #authFailed = '';
  #error = '';
  /** #error is the device's storage being full. */
  #storageFull = false;
  #lastSyncAt: number | null = null;
  /** Kept for as long as the controller exists, sync on or off. */
  readonly #pending: PendingChanges;
  readonly #opts: Required<SyncControllerOptions>;

  constructor(
    private readonly db: FieldbookDatabase,
    options: SyncControllerOptions = {},
  ) {
    this.#opts = withDefaults(options);
    this.#pending = new PendingChanges(this.#open(), () => this.#emit());
  }

  /** Stops sync and the change tracking. */
  async destroy(): Promise<void> {
    this.#pending.destroy();
    await this.stop();
  }

  get status(): SyncStatus {
    return this.status$.value;
  }

  get running(): boolean {
    return this.#run !== null;
  }

  /** The replicated collections this database has open. */
  get collections(): ReplicatedName[] {
    return [...this.#open().keys()];
  }

  #open(): Map<ReplicatedName, RxCollection<AnyDoc>> {
    const open = this.db.collections as unknown as Record<string, RxCollection<AnyDoc> | undefined>;
    return new Map(REPLICATED.flatMap((name) => (open[name] ? [[name, open[name]] as const] : [])));
  }

  #emit(): void {
    const run = this.#run;
    // A first pull that cannot go on (offline, refused, failing) or that another tab runs must not
    // keep this tab's followers held while the rep works: they follow local edits again at once.
    if (run && (this.#offline || this.#error || this.#authFailed || run.otherTab)) run.releaseFollowers();
    const next = deriveStatus({
      authFailed: this.#authFailed,
      offline: this.#offline,
      error: this.#error,
      storageFull: this.#storageFull,
      pending: this.#pending.count,
      lastSyncAt: this.#lastSyncAt,
      run: run && {
        otherTab: run.otherTab,
        initialDone: run.initialDone,
        active: [...run.active.values()].some(Boolean),
        pulled: run.pulled,
        total: run.total,
      },
    });
    if (!sameStatus(this.status$.value, next)) this.status$.next(next);
  }

  #succeeded(): void {
    this.#offline = false;
    this.#error = '';
    this.#lastSyncAt = Date.now();
    this.#emit();
  }

  /** Starts live replication (stopping a running one first). Resolves once every replication started. */
  async start(options: SyncStartOptions): Promise<void> {
    await this.stop();
    addRxPlugin(RxDBLeaderElectionPlugin);
    this.#authFailed = '';
    this.#error = '';
    this.#offline = false;
    const run: Run = {
      abort: new AbortController(),
      replications: [],
      subs: [],
      pulled: 0,
      total: 0,
      initialDone: false,
      active: new Map(),
      feeds: [],
      startSeqs: new Map(),
      pushing: 0,
      otherTab: false,
      // The first pull is a bulk write like an import (repos/bulk.ts): the tag index, search terms,
      // measures and merge follower would otherwise read back every pulled batch between two
      // batches. Held, they catch up once from their durable checkpoints when it ends (or stops).
      releaseFollowers: holdFollowers(this.db),
      erasures: followErasures(this.db),
    };
    this.#run = run;
    const http = guardedFetch(authFetch(options.auth, options.fetch), {
      signal: run.abort.signal,
      offline: () => {
        this.#offline = true;
        this.#emit();
      },
      authFailed: (reason) => this.#stopForAuth(run, reason),
    });
    const prefix = options.prefix ?? 'fieldbook';
    const dbUrlOf = (name: ReplicatedName) => `${options.serverUrl}${prefix}-${name}/`;
    const open = this.#open();
    this.#emit();
    // First-sync progress, and where the live feed starts: nothing written after this point (while
    // the first pull runs) goes unnoticed.
    // A first sync resumed after a reload continues from its checkpoint: what is stored already
    // counts as pulled, so the progress does not start again at 0.
    const [start, stored] = await Promise.all([
      databasesAtStart(
        http,
        [...open.keys()].map((name) => [name, dbUrlOf(name)]),
      ),
      storedCount(open.values()),
    ]);
    run.total = start.docCount;
    run.pulled = Math.min(run.total, stored);
    run.startSeqs = start.updateSeqs;
    if (this.#run !== run || this.#authFailed) return;
    // What earlier sessions left unpushed (a reload, a closed tab, sync stopped meanwhile). Begun
    // before the replication so every push that settles a document while the count reads is
    // recorded against it; not awaited, so a large first push does not wait for the count.
    void this.countUnpushed(options.serverUrl, prefix);
    if (this.#opts.waitForLeadership && this.db.multiInstance)
      followLeadership(this.db, {
        signal: run.abort.signal,
        current: () => this.#run === run,
        otherTab: (other) => {
          run.otherTab = other;
          this.#emit();
        },
        pending: () => this.status.pending,
        recount: () => this.countUnpushed(options.serverUrl, prefix),
      });
    for (const [name, collection] of open)
      this.#replicate(run, name, collection, dbUrlOf(name), http, !open.has(FIRST) || name === FIRST);
    this.#startAfterFirst(run);
    void this.#watch(run, http);
    this.#emit();
    void Promise.all(run.replications.map((r) => r.state.awaitInitialReplication())).then(
      () => {
        if (this.#run !== run) return;
        run.initialDone = true;
        run.releaseFollowers();
        this.#emit();
      },
      () => undefined,
    );
  }

  /**
   * Makes the pending count true from the stored data for the server `serverUrl` (pending.ts).
   * Writes and pushes that happen while it reads are applied on top; a failed count leaves the
   * in-memory count as it was.
   */
  async countUnpushed(serverUrl: string, prefix = 'fieldbook'): Promise<void> {
    await this.#pending.recount((name) => `${serverUrl}${prefix}-${name}/`);
    this.#emit();
  }

  /**
   * Customers first: the other collections start pulling once the customers' first pull is done,
   * so a new device's list fills and answers searches before the orders, interactions and surveys
   * (most of a team's documents) compete with it for the network and for local writes. The device
   * writes one batch at a time anyway, so the whole pull takes no longer.
   */
  #startAfterFirst(run: Run): void {
    const first = run.replications.find((r) => r.name === FIRST);
    const rest = run.replications.filter((r) => r.name !== FIRST);
    if (!first || !rest.length) return;
    void first.state.awaitInitialReplication().then(
      async () => {
        if (this.#run !== run || run.abort.signal.aborted) return;
        await Promise.all(rest.map((r) => r.state.start()));
      },
      () => undefined,
    );
  }

  #replicate(
    run: Run,
    name: ReplicatedName,
    collection: RxCollection<AnyDoc>,
    dbUrl: string,
    http: SyncFetch,
    autoStart: boolean,
  ): void {
    const replication = replicateCollection({
      autoStart,
      name,
      collection,
      dbUrl,
      http,
      log: (this.db.collections as { synclog?: RxCollection<SyncLogDoc> }).synclog,
      gauge: run,
      settled: (id) => this.#pending.settle(name, id),
      authFailed: (reason) => this.#stopForAuth(run, reason),
      onRead: (rows) => {
        if (!run.initialDone) run.pulled += rows;
      },
      onSuccess: () => this.#succeeded(),
      retryTime: this.#opts.retryTime,
      waitForLeadership: this.#opts.waitForLeadership,
      batchSize: this.#opts.batchSize,
      pushBatchSize: this.#opts.pushBatchSize,
    });
    run.replications.push(replication);
    run.active.set(name, false);
    run.subs.push(
      replication.state.error$.subscribe((err) => {
        if (this.#run !== run || this.#authFailed || this.#offline) return;
        this.#error = errorMessage(err);
        this.#storageFull = isStorageFull(err);
        this.#emit();
      }),
      replication.state.active$.subscribe((active) => {
        run.active.set(name, active);
        this.#emit();
      }),
    );
    run.feeds.push({ name, dbUrl, pull: replication.pull });
  }

  /** The live feed (live-feed.ts); only the tab that replicates (RxDB's leader) watches the server. */
  async #watch(run: Run, http: SyncFetch): Promise<void> {
    if (this.#opts.waitForLeadership && this.db.multiInstance) await this.db.waitForLeadership();
    if (run.abort.signal.aborted || this.#run !== run) return;
    await watchServer({
      http,
      signal: run.abort.signal,
      current: () => this.#run === run,
      feeds: run.feeds,
      longPolled: this.#opts.longPolled,
      startSeqs: run.startSeqs,
      pollTimeout: this.#opts.pollTimeout,
      limit: this.#opts.batchSize,
      backoff: this.#opts.backoff,
      pushing: () => run.pushing,
    });
  }

  #stopForAuth(run: Run, reason: string): void {
    if (this.#run !== run || this.#authFailed) return;
    this.#authFailed = reason;
    // Outside the handler that saw the 401: cancelling from inside it would wait for itself.
    setTimeout(() => void this.#halt(), 0);
    this.#emit();
  }

  /** Stops every replication (the user's "Stop sync"): the status becomes 'off'. */
  async stop(): Promise<void> {
    this.#authFailed = '';
    this.#error = '';
    await this.#halt();
    this.#emit();
  }

  /** Stops every replication; a 'needs-sign-in' status stays (that is why it stopped). */
  async #halt(): Promise<void> {
    const run = this.#run;
    if (!run) return;
    this.#run = null;
    run.abort.abort();
    run.releaseFollowers();
    run.erasures.stop();
    for (const sub of run.subs) sub.unsubscribe();
    await Promise.all(run.replications.map((r) => r.state.cancel().catch(() => undefined)));
    this.#offline = false;
    this.#emit();
  }

  /** Resolves when every replication has pushed and pulled what it knows of (tests). */
  async awaitInSync(): Promise<void> {
    const run = this.#run;
    if (!run) return;
    await Promise.all(run.replications.map((r) => r.state.awaitInSync()));
    await run.erasures.idle();
  }

  /**
   * The browser's network went away or came back (online/offline events). Going away shows
   * 'offline' at once instead of after the next request times out; coming back pulls and pushes
   * now (the next success clears 'offline').
   */
  networkChanged(online: boolean): void {
    if (!this.#run) return;
    if (online) {
      this.resync();
      return;
    }
    this.#offline = true;
    this.#emit();
  }

  /** Pull now (e.g. when the browser comes back online) instead of waiting for the next retry. */
  resync(): void {
    for (const r of this.#run?.replications ?? []) r.state.reSync();
  }
}

/** Live documents stored in these collections (each an index count). */
async function storedCount(collections: Iterable<RxCollection<AnyDoc>>): Promise<number> {
  const counts = await Promise.all(
    [...collections].map((c) =>
      c
        .count()
        .exec()
        .catch(() => 0),
    ),
  );
  return counts.reduce((a, b) => a + b, 0);
}
