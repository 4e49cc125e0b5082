// Live replication of every replicated collection with `<server>/<prefix>-<collection>/`, on RxDB's
// generic replication (rxdb/plugins/replication) with our own CouchDB pull and push handlers. The
// stock CouchDB plugin is not used because: a 401 on its live feed is an unhandled
// rejection that stops the stream; a document the server refuses (validate_doc_update → 403
// forbidden) throws for the whole batch and is retried forever; and one server document that
// breaks the local schema makes the pull fail forever. Here:
//  - pull: documents that break the local schema are quarantined (sync log) and skipped; plain
//    HTTP DELETE tombstones (no fields) become deletes of the local copy; design docs are skipped;
//  - push: conflicts are detected against the server's current revision (three-way merge in the
//    conflict handler); a per-document refusal is kept in the sync log as a rejected change
//    (retry / edit / discard) — never dropped; a push retried after a lost reply is recognised
//    (the server already holds that state) and not written twice;
//  - live: a long-poll on `_changes` triggers pulls; network failures back off exponentially;
//    401/403 stops everything cleanly with status 'needs-sign-in' (no retry loop).
import {
  addRxPlugin,
  getChangedDocumentsSince,
  getComposedPrimaryKeyOfDocumentData,
  getRxReplicationMetaInstanceSchema,
  hasEncryption,
  type RxCollection,
  type RxDocumentData,
  type RxReplicationWriteToMasterRow,
  type RxStorageReplicationMeta,
  type WithDeleted,
} from 'rxdb';
import { RxDBLeaderElectionPlugin } from 'rxdb/plugins/leader-election';
import { replicateRxCollection, type RxReplicationState } from 'rxdb/plugins/replication';
import { BehaviorSubject, Subject, type Subscription } from 'rxjs';
import type { FieldbookDatabase } from '../db/database';
import { REPLICATED, type ReplicatedName } from './collections';
import type { SyncLogDoc } from './schemas';
import { authFetch, SyncAuthError, type SyncAuth, type SyncFetch } from './session';
import { schemaProblem } from './validate';

/** 'other-tab': sync is on, and another tab of this app on this device replicates (leader election). */
export type SyncPhase = 'off' | 'syncing' | 'up-to-date' | 'offline' | 'error' | 'needs-sign-in' | 'other-tab';

export interface SyncStatus {
  phase: SyncPhase;
  /**
   * Local changes not yet on the server: what the stored replication state says was never pushed
   * (counted when sync starts, or at app start while sync is configured but off), plus every
   * local write since, minus what pushes settled.
   */
  pending: number;
  lastSyncAt: number | null;
  /** First sync of this session: documents pulled of the server's total. */
  progress: { pulled: number; total: number } | null;
  /** What went wrong (phase 'error' / 'needs-sign-in'). */
  error: string;
}

export const SYNC_OFF: SyncStatus = { phase: 'off', pending: 0, lastSyncAt: null, progress: null, error: '' };

export interface SyncStartOptions {
  /** Absolute, ending with '/'. */
  serverUrl: string;
  prefix?: string;
  auth: SyncAuth;
  /** The fetch underneath (tests); defaults to the global one. */
  fetch?: typeof fetch;
}

export interface SyncControllerOptions {
  /** RxDB's retry interval for failed pulls and pushes (ms). */
  retryTime?: number;
  /** Long-poll reconnection backoff (ms): first wait, doubling up to max. */
  backoff?: { first: number; max: number };
  /**
   * How long a long-poll waits (ms) before the server (or, if it ignores `timeout`, this device)
   * ends it; also the longest time between two checks of the databases that are not long-polled.
   */
  pollTimeout?: number;
  /**
   * The databases with a long-poll of their own (default customers, orders, interactions,
   * surveys); the others are checked on a slower cadence (see #watch).
   */
  longPolled?: readonly ReplicatedName[];
  batchSize?: number;
  /**
   * Documents per `_bulk_docs` (default 500, as CouchDB's own replicator writes): each request
   * costs the server its authentication, security and validation set-up, so fewer, larger ones
   * ingest faster (about 20 % in the sync benchmark). Pulls stay at `batchSize`: every pulled
   * page is one local write, kept small for the UI.
   */
  pushBatchSize?: number;
  /** Only one tab of a browser replicates (RxDB leader election); tests run single-instance. */
  waitForLeadership?: boolean;
}

type AnyDoc = Record<string, unknown> & { id: string };
type CouchDoc = Record<string, unknown> & { _id: string; _rev?: string; _deleted?: boolean };
/** One row of `_changes` (default style: the winning revision only). */
type Change = { id: string; changes?: { rev: string }[]; deleted?: boolean; doc?: CouchDoc };

export const rejectedLogId = (collection: string, docId: string): string => `rejected|${collection}|${docId}`;

/** The CouchDB document of an app document (`id` → `_id`; local bookkeeping removed). */
function toCouch(doc: Record<string, unknown>, rev?: string): CouchDoc {
  const { id, _meta, _rev, _attachments, _deleted, ...rest } = doc;
  void _meta;
  void _rev;
  void _attachments;
  const out: CouchDoc = { _id: String(id), ...rest };
  if (rev) out._rev = rev;
  if (_deleted === true) out._deleted = true;
  return out;
}

/** The app document of a CouchDB document. */
function fromCouch(doc: CouchDoc): AnyDoc & { _deleted: boolean } {
  const { _id, _rev, _deleted, _revisions, _conflicts, _attachments, ...rest } = doc;
  void _rev;
  void _revisions;
  void _conflicts;
  void _attachments;
  return { ...rest, id: _id, _deleted: _deleted === true };
}

/** The collection's schema as the server copy must satisfy it (RxDB's own `_` fields removed). */
function serverSchema(collection: RxCollection): Parameters<typeof schemaProblem>[0] {
  const js = collection.schema.jsonSchema as unknown as { properties: Record<string, unknown>; required?: string[] };
  const properties = Object.fromEntries(Object.entries(js.properties).filter(([k]) => !k.startsWith('_')));
  return {
    ...(js as object),
    properties,
    required: (js.required ?? []).filter((k) => !k.startsWith('_')),
  } as Parameters<typeof schemaProblem>[0];
}

/** RxDB's replication identifier of one server database: its checkpoints and meta belong to it. */
const replicationIdentifier = (dbUrl: string): string => `fieldbook-couch-${dbUrl}`;

/** Documents read per step when counting unpushed changes (one getAll + one meta lookup each). */
const COUNT_BATCH = 500;

/**
 * Long-polled databases: where the day's work happens. Four held connections of the six a browser
 * opens per server leave two for pulls and pushes.
 */
const LONG_POLLED: readonly ReplicatedName[] = ['customers', 'orders', 'interactions', 'surveys'];

/** How often (ms) a tab that does not replicate recounts the changes waiting. */
const OTHER_TAB_RECOUNT = 2000;

/** Least time (ms) between two `update_seq` checks of the rarely changing databases. */
const SLOW_CHECK_GAP = 1000;

/** Longest wait (ms) of the live feed for this device's own pushes before it pulls (see #watch). */
const PUSHING_PULL_DELAY = 1000;

const sleep = (ms: number, signal: AbortSignal) =>
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

const message = (err: unknown): string => {
  const params = (err as { parameters?: { errors?: unknown[]; error?: unknown } } | null)?.parameters;
  const inner = params?.errors?.[0] ?? params?.error;
  if (inner && typeof inner === 'object' && 'message' in inner) return String(inner.message);
  return err instanceof Error ? err.message : String(err);
};

/** The unpushed documents of one collection (ids), and the changes seen while a count reads. */
interface PendingTracker {
  ids: Set<string>;
  /** While countUnpushed reads: ids written, and ids a push settled, since it began. */
  counting: { added: Set<string>; settled: Set<string> } | null;
}

interface Run {
  abort: AbortController;
  states: RxReplicationState<AnyDoc, unknown>[];
  subs: Subscription[];
  pulled: number;
  total: number;
  initialDone: boolean;
  active: Map<string, boolean>;
  /** Per collection: its database URL and the stream that makes it pull. */
  feeds: Map<string, { dbUrl: string; stream$: Subject<'RESYNC'> }>;
  /** Each database's update_seq when sync started. */
  startSeqs: Map<string, string | number>;
  /** `_bulk_docs` requests on their way (all databases). */
  pushing: number;
  /** Another tab of this browser replicates; this one waits for leadership (see #followLeadership). */
  otherTab: boolean;
}

export class SyncController {
  readonly status$ = new BehaviorSubject<SyncStatus>(SYNC_OFF);
  #run: Run | null = null;
  #offline = false;
  #authFailed = '';
  #error = '';
  #lastSyncAt: number | null = null;
  /**
   * Local changes not yet on the server, per collection: counted from the stored replication state
   * (countUnpushed), then kept current from the change streams for as long as the controller
   * exists (sync on or off) and by the pushes that settle them.
   */
  readonly #pending = new Map<string, PendingTracker>();
  readonly #watchers: Subscription[] = [];
  readonly #opts: Required<SyncControllerOptions>;

  constructor(
    private readonly db: FieldbookDatabase,
    options: SyncControllerOptions = {},
  ) {
    this.#opts = {
      retryTime: options.retryTime ?? 5000,
      backoff: options.backoff ?? { first: 1000, max: 30_000 },
      pollTimeout: options.pollTimeout ?? 10_000,
      longPolled: options.longPolled ?? LONG_POLLED,
      batchSize: options.batchSize ?? 200,
      pushBatchSize: options.pushBatchSize ?? 500,
      waitForLeadership: options.waitForLeadership ?? true,
    };
    for (const name of this.collections) {
      const collection = (db.collections as unknown as Record<string, RxCollection | undefined>)[name];
      if (!collection) continue;
      const pending: PendingTracker = { ids: new Set(), counting: null };
      this.#pending.set(name, pending);
      this.#watchers.push(
        collection.eventBulks$.subscribe((bulk) => {
          // Writes by the replication itself are not local changes waiting to be pushed.
          if (bulk.context.startsWith('replication')) return;
          for (const ev of bulk.events) {
            pending.ids.add(ev.documentId);
            pending.counting?.added.add(ev.documentId);
          }
          this.#emit();
        }),
      );
    }
  }

  /** Stops sync and the change tracking. */
  async destroy(): Promise<void> {
    for (const sub of this.#watchers) sub.unsubscribe();
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
    const open = this.db.collections as unknown as Record<string, RxCollection | undefined>;
    return REPLICATED.filter((name) => open[name] !== undefined);
  }

  #emit(): void {
    const run = this.#run;
    let phase: SyncPhase;
    if (this.#authFailed) phase = 'needs-sign-in';
    else if (!run) phase = 'off';
    else if (run.otherTab) phase = 'other-tab';
    else if (this.#offline) phase = 'offline';
    else if (this.#error) phase = 'error';
    else if (!run.initialDone || [...run.active.values()].some(Boolean)) phase = 'syncing';
    else phase = 'up-to-date';
    const pending = [...this.#pending.values()].reduce((n, s) => n + s.ids.size, 0);
    const progress = run && !run.initialDone ? { pulled: run.pulled, total: Math.max(run.total, run.pulled) } : null;
    const error = this.#authFailed || this.#error;
    const prev = this.status$.value;
    const next: SyncStatus = { phase, pending, lastSyncAt: this.#lastSyncAt, progress, error };
    if (
      prev.phase !== next.phase ||
      prev.pending !== next.pending ||
      prev.lastSyncAt !== next.lastSyncAt ||
      prev.error !== next.error ||
      prev.progress?.pulled !== next.progress?.pulled ||
      prev.progress?.total !== next.progress?.total
    )
      this.status$.next(next);
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
      states: [],
      subs: [],
      pulled: 0,
      total: 0,
      initialDone: false,
      active: new Map(),
      feeds: new Map(),
      startSeqs: new Map(),
      pushing: 0,
      otherTab: false,
    };
    this.#run = run;
    const fetchAuth = authFetch(options.auth, options.fetch);
    const http: SyncFetch = async (url, init) => {
      let res: Response;
      try {
        res = await fetchAuth(url, { ...init, signal: init?.signal ?? run.abort.signal });
      } catch (err) {
        // Aborted on purpose (stop, or the long-poll's own time limit) is not "offline".
        if (!run.abort.signal.aborted && !init?.signal?.aborted) {
          this.#offline = true;
          this.#emit();
        }
        throw err;
      }
      if (res.status === 401 || res.status === 403) {
        const body = (await res.json().catch(() => ({}))) as { reason?: string };
        this.#stopForAuth(run, `HTTP ${res.status}: ${body.reason ?? 'not signed in'}`);
        throw new SyncAuthError(res.status, body.reason ?? 'not signed in');
      }
      if (res.status >= 502 && res.status <= 504) {
        // The app's /couch/ proxy answers 502 while the sync server is down: that is "offline".
        this.#offline = true;
        this.#emit();
        throw new Error(`sync server unavailable (HTTP ${res.status})`);
      }
      return res;
    };
    const prefix = options.prefix ?? 'fieldbook';
    const names = this.collections;
    this.#emit();
    // First-sync progress: how many documents the server holds (best effort).
    await Promise.all(
      names.map(async (name) => {
        try {
          const info = (await (await http(`${options.serverUrl}${prefix}-${name}/`)).json()) as {
            doc_count?: number;
            update_seq?: string | number;
          };
          run.total += info.doc_count ?? 0;
          // The live feed starts here: nothing written after this point (while the first pull
          // runs) goes unnoticed.
          if (info.update_seq !== undefined) run.startSeqs.set(name, info.update_seq);
        } catch {
          // Offline or not signed in: the replication below reports it.
        }
      }),
    );
    if (this.#run !== run || this.#authFailed) return;
    // What earlier sessions left unpushed (a reload, a closed tab, sync stopped meanwhile). Begun
    // before the replication so every push that settles a document while the count reads is
    // recorded against it; not awaited, so a large first push does not wait for the count.
    void this.countUnpushed(options.serverUrl, prefix);
    if (this.#opts.waitForLeadership && this.db.multiInstance) this.#followLeadership(run, options.serverUrl, prefix);
    for (const name of names) this.#replicate(run, name, `${options.serverUrl}${prefix}-${name}/`, http);
    void this.#watch(run, http);
    this.#emit();
    void Promise.all(run.states.map((s) => s.awaitInitialReplication())).then(
      () => {
        if (this.#run !== run) return;
        run.initialDone = true;
        this.#emit();
      },
      () => undefined,
    );
  }

  /**
   * Makes the pending count true from the stored data for the server `serverUrl`: the documents
   * written after RxDB's upstream checkpoint whose state differs from what RxDB last knew to be on
   * the server (the "assumed master state" meta document it writes when a push or pull settles a
   * document) — the same test RxDB's upstream applies before it pushes. Pulled documents equal
   * their meta and are not counted; a database that never synced with this server counts every
   * document (all of them are waiting). Writes and pushes that happen while it reads are applied
   * on top. Best effort: a failed count leaves the in-memory count as it was.
   */
  async countUnpushed(serverUrl: string, prefix = 'fieldbook'): Promise<void> {
    await Promise.all(
      this.collections.map(async (name) => {
        const tracker = this.#pending.get(name);
        if (!tracker) return;
        const counting = { added: new Set<string>(), settled: new Set<string>() };
        tracker.counting = counting;
        let ids: string[];
        try {
          ids = await this.#unpushed(name, `${serverUrl}${prefix}-${name}/`);
        } catch {
          if (tracker.counting === counting) tracker.counting = null;
          return;
        }
        // A later count (another start) supersedes this one.
        if (tracker.counting !== counting) return;
        tracker.counting = null;
        const next = new Set(ids.filter((id) => !counting.settled.has(id)));
        for (const id of counting.added) next.add(id);
        tracker.ids = next;
      }),
    );
    this.#emit();
  }

  /** The ids of `name` this device has not pushed to `dbUrl` (see countUnpushed). */
  async #unpushed(name: ReplicatedName, dbUrl: string): Promise<string[]> {
    const collection = (this.db.collections as unknown as Record<string, RxCollection<AnyDoc> | undefined>)[name];
    if (!collection) return [];
    const db = collection.database;
    const jsonSchema = collection.schema.jsonSchema;
    // The meta storage RxDB's replication keeps for this collection and server (same name and
    // schema as rxdb/plugins/replication creates), opened read-only-in-practice for the count.
    const meta = await db.storage.createStorageInstance<RxStorageReplicationMeta<AnyDoc, unknown>>({
      databaseName: db.name,
      collectionName: `rx-replication-meta-${await db.hashFunction([collection.name, replicationIdentifier(dbUrl)].join('-'))}`,
      databaseInstanceToken: db.token,
      // Read only, closed at once: no change events to share with other tabs.
      multiInstance: false,
      options: {},
      schema: getRxReplicationMetaInstanceSchema(jsonSchema, hasEncryption(jsonSchema)),
      password: db.password as string | undefined,
      devMode: false,
    });
    try {
      const metaId = (itemId: string, isCheckpoint: '0' | '1'): string =>
        getComposedPrimaryKeyOfDocumentData(meta.schema, { itemId, isCheckpoint });
      const [checkpointDoc] = await meta.findDocumentsById([metaId('up', '1')], false);
      let checkpoint: unknown = checkpointDoc?.checkpointData;
      const out: string[] = [];
      for (;;) {
        const page = await getChangedDocumentsSince<AnyDoc, unknown>(
          collection.storageInstance,
          COUNT_BATCH,
          checkpoint,
        );
        if (page.documents.length === 0) break;
        checkpoint = page.checkpoint;
        const known = new Map<string, RxDocumentData<RxStorageReplicationMeta<AnyDoc, unknown>>>();
        for (const m of await meta.findDocumentsById(
          page.documents.map((d) => metaId(d.id, '0')),
          true,
        ))
          known.set(m.itemId, m);
        for (const doc of page.documents) {
          const assumed = known.get(doc.id);
          const { _meta, _rev, _attachments, ...state } = doc;
          void _meta;
          void _attachments;
          const same =
            assumed?.docData !== undefined &&
            assumed.isResolvedConflict !== _rev &&
            collection.conflictHandler.isEqual(
              assumed.docData as WithDeleted<AnyDoc>,
              state,
              'fieldbook-count-pending',
            );
          if (!same) out.push(doc.id);
        }
        if (page.documents.length < COUNT_BATCH) break;
      }
      return out;
    } finally {
      await meta.close();
    }
  }

  /**
   * Only the leader tab replicates (RxDB's leader election); the others would show "Syncing…" for
   * as long as they wait. While another tab leads, this one shows 'other-tab', and its changes
   * waiting are recounted from the stored data every OTHER_TAB_RECOUNT ms (the pushes that settle
   * them happen in the leader, and only the document writes, not the leader's replication
   * bookkeeping, reach this tab as events). When the leader closes, this tab takes over.
   */
  #followLeadership(run: Run, serverUrl: string, prefix: string): void {
    const elector = this.db.leaderElector();
    if (elector.isLeader) return;
    void this.db.waitForLeadership().then(
      () => {
        if (this.#run !== run) return;
        run.otherTab = false;
        this.#emit();
      },
      () => undefined,
    );
    void (async () => {
      let counted = false;
      while (this.#run === run && !elector.isLeader) {
        const other = await elector.hasLeader();
        if (this.#run !== run || elector.isLeader) return;
        if (other !== run.otherTab) {
          run.otherTab = other;
          this.#emit();
        }
        // Once, then only while something is waiting (nothing waiting stays so until this tab
        // writes, and its writes arrive as events).
        if (other && (!counted || this.status.pending > 0)) {
          counted = true;
          await this.countUnpushed(serverUrl, prefix);
        }
        // Until the election has answered, look again soon; then recount now and then.
        await sleep(other ? OTHER_TAB_RECOUNT : 250, run.abort.signal);
      }
    })();
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
    for (const sub of run.subs) sub.unsubscribe();
    await Promise.all(run.states.map((s) => s.cancel().catch(() => undefined)));
    this.#offline = false;
    this.#emit();
  }

  /** Resolves when every replication has pushed and pulled what it knows of (tests). */
  async awaitInSync(): Promise<void> {
    const run = this.#run;
    if (!run) return;
    await Promise.all(run.states.map((s) => s.awaitInSync()));
  }

  /** Pull now (e.g. when the browser comes back online) instead of waiting for the next retry. */
  resync(): void {
    for (const s of this.#run?.states ?? []) s.reSync();
  }

  #replicate(run: Run, name: ReplicatedName, dbUrl: string, http: SyncFetch): void {
    const collection = (this.db.collections as unknown as Record<string, RxCollection<AnyDoc> | undefined>)[name];
    if (!collection) return;
    const log = (this.db.collections as { synclog?: RxCollection<SyncLogDoc> }).synclog;
    const schema = serverSchema(collection);
    const brokenOnServer = (doc: WithDeleted<AnyDoc>): boolean => {
      const { _deleted, ...fields } = doc;
      void _deleted;
      return schemaProblem(schema, fields) !== null;
    };
    const isEqual = (a: object, b: object) =>
      collection.conflictHandler.isEqual(a as WithDeleted<AnyDoc>, b as WithDeleted<AnyDoc>, 'fieldbook-push');
    const settled = (id: string) => {
      const pending = this.#pending.get(name);
      if (!pending) return;
      pending.ids.delete(id);
      pending.counting?.added.delete(id);
      pending.counting?.settled.add(id);
    };

    // Revisions this device wrote to the server and has not yet seen come back in the changes
    // feed. The feed lists every write, this device's own included: fetching those documents
    // back (and RxDB comparing them with what it just pushed) would double the server's work
    // during a big push and slow the push itself. A document whose current revision is one this
    // device wrote is already here, with its meta (RxDB stored the pushed state as the server's),
    // so the pull skips it. In memory only: after a restart they are pulled once more (harmless).
    const ownRevs = new Map<string, string>();
    // Pushes on their way: the feed can list a document before our `_bulk_docs` reply (and the
    // revision in it) has arrived; the pull waits for that reply rather than fetch our own write.
    const inFlight = new Map<string, Promise<void>>();
    const stream$ = new Subject<'RESYNC'>();
    // RxDB stops pulling when a batch holds fewer documents than the batch size. Design documents,
    // quarantined documents and bare tombstones are dropped here, so read on until a full batch is
    // collected or the server has no more; otherwise one dropped document would end the pull early
    // (and a batch of only dropped ones would never move the checkpoint).
    // RxDB keeps no checkpoint from a pull that returns no documents. When a pull skipped a part
    // of the feed holding nothing to deliver (this device's own writes, design documents), the
    // next pull from the same checkpoint starts where that one ended instead of reading it again.
    let skipped: { from: string; to: string | number } | null = null;
    const pullHandler = async (checkpoint: { sequence: string | number } | undefined, batchSize: number) => {
      const from = String(checkpoint?.sequence ?? 0);
      let sequence: string | number = skipped?.from === from ? skipped.to : (checkpoint?.sequence ?? 0);
      const documents: WithDeleted<AnyDoc>[] = [];
      for (;;) {
        // With none of our own writes in flight, one request brings the documents too. Otherwise
        // the feed without documents, then only the documents this device did not write
        // (`_bulk_get`: CouchDB 2+, and express-pouchdb).
        const withDocs = ownRevs.size === 0;
        const url = `${dbUrl}_changes?${withDocs ? 'include_docs=true&' : ''}since=${encodeURIComponent(String(sequence))}&limit=${batchSize}`;
        const res = await http(url);
        if (res.status === 404) throw new Error(`the server has no database ${dbUrl} (run npm run sync:setup on it)`);
        const body = (await res.json()) as { results?: Change[]; last_seq?: string | number };
        if (!Array.isArray(body.results) || body.last_seq === undefined)
          throw new Error(`not a CouchDB _changes reply from ${dbUrl}`);
        const raw = withDocs
          ? body.results.flatMap((r) => (r.doc ? [r.doc] : []))
          : await this.#notOwn(dbUrl, http, body.results, ownRevs, inFlight);
        documents.push(...(await this.#accept(name, collection, schema, raw, log)));
        if (!run.initialDone) run.pulled += body.results.length;
        sequence = body.last_seq;
        if (body.results.length < batchSize || documents.length >= batchSize) break;
      }
      skipped = documents.length === 0 ? { from, to: sequence } : null;
      this.#succeeded();
      return { documents, checkpoint: { sequence } };
    };

    const pushHandler = async (rows: RxReplicationWriteToMasterRow<AnyDoc>[]): Promise<WithDeleted<AnyDoc>[]> => {
      const ids = rows.map((r) => r.newDocumentState.id);
      const entries = log
        ? await log.findByIds(ids.map((id) => rejectedLogId(name, id))).exec()
        : new Map<string, never>();
      const items = rows.map((row) => {
        const state = row.newDocumentState;
        let assumed = row.assumedMasterState;
        const entry = entries.get(rejectedLogId(name, state.id));
        if (entry && assumed) {
          // After a rejection RxDB believes the rejected state is on the server; what the server
          // really had is in the log entry.
          const kept = JSON.parse(entry.body) as { doc: object; base: WithDeleted<AnyDoc> | null };
          if (isEqual(assumed, kept.doc)) assumed = kept.base ?? undefined;
        }
        return { state, assumed };
      });
      // A document this device never saw on the server (a new record: ids are generated on the
      // device) is sent without looking it up first; if the server has it after all, CouchDB says
      // 'conflict' and it is handled below. Everything else needs the server's current revision.
      const lookup = items.filter((i) => i.assumed || i.state._deleted).map((i) => i.state.id);
      const real = lookup.length
        ? await this.#serverStates(dbUrl, http, lookup, rows)
        : new Map<string, { rev: string; doc: WithDeleted<AnyDoc> }>();
      const conflicts: WithDeleted<AnyDoc>[] = [];
      const send: { doc: CouchDoc; state: WithDeleted<AnyDoc>; base: WithDeleted<AnyDoc> | null }[] = [];
      const done: string[] = [];
      for (const { state, assumed } of items) {
        const server = real.get(state.id);
        if (!server) {
          // Deleting what the server never had: nothing to send.
          if (state._deleted && lookup.includes(state.id)) done.push(state.id);
          else send.push({ doc: toCouch(state), state, base: null });
          continue;
        }
        if (isEqual(server.doc, state))
          done.push(state.id); // already there (e.g. a retried push)
        else if (assumed && isEqual(server.doc, assumed))
          send.push({ doc: toCouch(state, server.rev), state, base: server.doc });
        else if (!server.doc._deleted && brokenOnServer(server.doc)) {
          // The server's version breaks the schema (another tool wrote it; the pull quarantined
          // it): merging with it would bring the breakage into this device. This device's valid
          // version replaces it; the broken one stays in the quarantine list.
          send.push({ doc: toCouch(state, server.rev), state, base: server.doc });
        } else conflicts.push(server.doc);
      }
      const rejected: SyncLogDoc[] = [];
      const conflictAgain: string[] = [];
      let landed = () => {};
      const sending = new Promise<void>((done) => {
        landed = done;
      });
      for (const item of send) inFlight.set(item.state.id, sending);
      if (send.length) run.pushing++;
      try {
        if (send.length) {
          const res = await http(`${dbUrl}_bulk_docs`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ docs: send.map((s) => s.doc) }),
          });
          const results = (await res.json()) as
            | { id?: string; ok?: boolean; rev?: string; error?: string; reason?: string }[]
            | { error?: string; reason?: string };
          if (!Array.isArray(results))
            throw new Error(`_bulk_docs failed: ${results.error ?? ''} ${results.reason ?? ''}`);
          // Matched by id, not position: CouchDB answers in request order, but express-pouchdb's
          // validation layer does not always (a refusal would be pinned on the wrong document).
          const byId = new Map(send.map((item) => [item.state.id, item]));
          results.forEach((result) => {
            const item = result.id === undefined ? undefined : byId.get(result.id);
            if (!item) return;
            if (result.ok) {
              done.push(item.state.id);
              if (result.rev) ownRevs.set(item.state.id, result.rev);
            } else if (result.error === 'conflict') {
              conflictAgain.push(item.state.id);
            } else {
              rejected.push({
                id: rejectedLogId(name, item.state.id),
                kind: 'rejected',
                state: 'open',
                coll: name,
                docId: item.state.id,
                at: Date.now(),
                field: '',
                reason: `${result.error ?? 'error'}: ${result.reason ?? ''}`.trim(),
                body: JSON.stringify({ doc: item.state, base: item.base }),
              });
            }
          });
          if (rejected.length) {
            // A server may treat an expired session as anonymous and refuse each document instead
            // of the request: that is "sign in again", not a rejected change.
            const session = (await (await http(`${dbUrl.replace(/[^/]+\/$/, '')}_session`)).json()) as {
              userCtx?: { name?: string | null };
            };
            if (!session.userCtx?.name) {
              this.#stopForAuth(run, 'HTTP 401: the session has expired');
              throw new SyncAuthError(401, 'the session has expired');
            }
            if (log) await log.bulkUpsert(rejected);
            // Kept in the rejected list: no longer "waiting to be pushed".
            for (const r of rejected) settled(r.docId);
          }
        }
      } finally {
        if (send.length) run.pushing--;
        for (const item of send) if (inFlight.get(item.state.id) === sending) inFlight.delete(item.state.id);
        landed();
      }
      if (conflictAgain.length) {
        // The server holds another version (written since our lookup, or a "new" record it
        // already had): hand it to the conflict handler — unless it is exactly ours (a push whose
        // reply was lost), which counts as pushed.
        const again = await this.#serverStates(dbUrl, http, conflictAgain, rows);
        for (const id of conflictAgain) {
          const server = again.get(id);
          const state = items.find((i) => i.state.id === id)?.state;
          if (!server || !state) throw new Error('the server changed during the push; retrying');
          if (isEqual(server.doc, state)) done.push(id);
          else conflicts.push(server.doc);
        }
      }
      if (done.length) {
        done.forEach(settled);
        const resolved = [...entries.keys()].filter((key) => done.some((id) => rejectedLogId(name, id) === key));
        if (resolved.length && log) await log.bulkRemove(resolved);
      }
      this.#succeeded();
      return conflicts;
    };

    const state = replicateRxCollection<AnyDoc, { sequence: string | number }>({
      replicationIdentifier: `fieldbook-couch-${dbUrl}`,
      collection,
      live: true,
      retryTime: this.#opts.retryTime,
      waitForLeadership: this.#opts.waitForLeadership,
      toggleOnDocumentVisible: false,
      autoStart: true,
      pull: { handler: pullHandler, batchSize: this.#opts.batchSize, stream$: stream$.asObservable() },
      push: { handler: pushHandler, batchSize: this.#opts.pushBatchSize },
    });
    run.states.push(state as unknown as RxReplicationState<AnyDoc, unknown>);
    run.active.set(name, false);
    run.subs.push(
      state.error$.subscribe((err) => {
        if (this.#run !== run || this.#authFailed || this.#offline) return;
        this.#error = message(err);
        this.#emit();
      }),
    );
    run.subs.push(
      state.active$.subscribe((active) => {
        run.active.set(name, active);
        this.#emit();
      }),
    );
    run.feeds.set(name, { dbUrl, stream$ });
  }

  /** The server's current state of `ids`: live docs, and tombstones with their fields if kept. */
  async #serverStates(dbUrl: string, http: SyncFetch, ids: string[], rows: RxReplicationWriteToMasterRow<AnyDoc>[]) {
    const res = await http(`${dbUrl}_all_docs`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ keys: ids, include_docs: true }),
    });
    const body = (await res.json()) as {
      rows?: { key: string; value?: { rev: string; deleted?: boolean }; doc?: CouchDoc | null }[];
    };
    if (!Array.isArray(body.rows)) throw new Error(`not a CouchDB _all_docs reply from ${dbUrl}`);
    const real = new Map<string, { rev: string; doc: WithDeleted<AnyDoc> }>();
    await Promise.all(
      body.rows.map(async (row) => {
        if (!row.value?.rev) return;
        if (row.doc) {
          real.set(row.key, { rev: row.value.rev, doc: fromCouch(row.doc) });
          return;
        }
        // A deleted document: RxDB's tombstones keep the fields; a plain HTTP DELETE keeps none, and
        // then it means "deleted, otherwise as this device last saw it".
        const tomb = (await (
          await http(`${dbUrl}${encodeURIComponent(row.key)}?rev=${encodeURIComponent(row.value.rev)}`)
        ).json()) as CouchDoc;
        const row0 = rows.find((r) => r.newDocumentState.id === row.key);
        const fields = Object.keys(tomb).some((k) => !k.startsWith('_'))
          ? fromCouch(tomb)
          : { ...(row0?.assumedMasterState ?? row0?.newDocumentState ?? {}), id: row.key };
        real.set(row.key, { rev: row.value.rev, doc: { ...fields, _deleted: true } });
      }),
    );
    return real;
  }

  /**
   * The documents of a `_changes` page (fetched without documents) except those whose current
   * revision this device wrote itself (`ownRevs`, pruned as they are seen). One `_bulk_get` for
   * the rest, by the revision the feed named (tombstones come back with their fields).
   */
  async #notOwn(
    dbUrl: string,
    http: SyncFetch,
    results: Change[],
    ownRevs: Map<string, string>,
    inFlight: Map<string, Promise<void>>,
  ): Promise<CouchDoc[]> {
    const pushing = new Set(results.flatMap((r) => inFlight.get(r.id) ?? []));
    if (pushing.size) await Promise.all(pushing);
    const wanted: { id: string; rev: string }[] = [];
    for (const r of results) {
      const rev = r.changes?.[0]?.rev;
      if (!rev) continue;
      const own = ownRevs.get(r.id);
      if (own !== undefined) {
        // Seen: a later change of this document shows up later in the feed.
        ownRevs.delete(r.id);
        if (own === rev) continue;
      }
      wanted.push({ id: r.id, rev });
    }
    if (!wanted.length) return [];
    const res = await http(`${dbUrl}_bulk_get`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ docs: wanted }),
    });
    const body = (await res.json()) as {
      results?: { id: string; docs?: ({ ok: CouchDoc } | { error: { error?: string; reason?: string } })[] }[];
    };
    if (!Array.isArray(body.results)) throw new Error(`not a CouchDB _bulk_get reply from ${dbUrl}`);
    const docs: CouchDoc[] = [];
    for (const result of body.results) {
      for (const entry of result.docs ?? []) {
        if ('ok' in entry) docs.push(entry.ok);
        // A revision replaced (and compacted away) since the feed was read: its successor has a
        // later sequence number, so the feed brings it next. Anything else is a real failure.
        else if (entry.error.error !== 'not_found')
          throw new Error(`_bulk_get ${result.id}: ${entry.error.error ?? ''} ${entry.error.reason ?? ''}`);
      }
    }
    return docs;
  }

  /** Pulled server documents → what may enter the local database; the rest is quarantined. */
  async #accept(
    name: string,
    collection: RxCollection<AnyDoc>,
    schema: Parameters<typeof schemaProblem>[0],
    raw: CouchDoc[],
    log: RxCollection<SyncLogDoc> | undefined,
  ): Promise<WithDeleted<AnyDoc>[]> {
    const out: WithDeleted<AnyDoc>[] = [];
    const quarantine: SyncLogDoc[] = [];
    const bareTombstones: string[] = [];
    for (const couch of raw) {
      if (couch._id.startsWith('_design/')) continue;
      const doc = fromCouch(couch);
      const { _deleted, ...fields } = doc;
      const problem = schemaProblem(schema, fields);
      if (!problem) {
        out.push(doc);
        continue;
      }
      if (_deleted) {
        bareTombstones.push(doc.id);
        continue;
      }
      quarantine.push({
        id: `quarantine|${name}|${couch._id}|${couch._rev ?? ''}`.slice(0, 400),
        kind: 'quarantine',
        state: 'open',
        coll: name,
        docId: couch._id.slice(0, 300),
        at: Date.now(),
        field: '',
        reason: problem,
        body: JSON.stringify({ doc: couch }),
      });
    }
    if (bareTombstones.length) {
      // A delete without fields: delete the local copy (if any) keeping its fields.
      const local = await collection.storageInstance.findDocumentsById(bareTombstones, true);
      for (const d of local) {
        const { _meta, _rev, _attachments, ...fields } = d as unknown as Record<string, unknown>;
        void _meta;
        void _rev;
        void _attachments;
        out.push({ ...fields, _deleted: true } as WithDeleted<AnyDoc>);
      }
    }
    if (quarantine.length && log) {
      const known = await log.findByIds(quarantine.map((q) => q.id)).exec();
      const fresh = quarantine.filter((q) => !known.has(q.id));
      if (fresh.length) await log.bulkUpsert(fresh);
    }
    return out;
  }

  /**
   * Live changes, in two tiers (browsers open at most 6 HTTP/1.1 connections per server, and a
   * long-poll holds one for as long as its database is quiet):
   *  - the databases where the day's work happens (`longPolled`: customers, orders, interactions,
   *    surveys) each have their own long-poll: a change there reaches this device as fast as a
   *    customer edit, on every server. That holds 4 connections and leaves 2 for the pulls and
   *    pushes (requests queue for a free connection, they are not refused);
   *  - the rarely changing ones (products, decisions) are checked by their `update_seq` (short
   *    requests) whenever a long-poll returns (activity on the team) and at least every
   *    `pollTimeout`.
   * Only the tab that replicates (RxDB's leader) watches the server.
   */
  async #watch(run: Run, http: SyncFetch): Promise<void> {
    if (this.#opts.waitForLeadership && this.db.multiInstance) await this.db.waitForLeadership();
    if (run.abort.signal.aborted || this.#run !== run) return;
    const feeds = [...run.feeds.entries()];
    const fast = feeds.filter(([name]) => this.#opts.longPolled.includes(name as ReplicatedName));
    const slow = feeds.filter(([name]) => !this.#opts.longPolled.includes(name as ReplicatedName));
    const checker = this.#slowChecker(run, http, slow);
    await Promise.all([
      ...fast.map(([name, feed]) => this.#longPoll(run, http, name, feed, checker.kick)),
      checker.done,
    ]);
  }

  /** One database's long-poll loop: a change makes that database pull (and nudges the slow checks). */
  async #longPoll(
    run: Run,
    http: SyncFetch,
    name: string,
    feed: { dbUrl: string; stream$: Subject<'RESYNC'> },
    onActivity: () => void,
  ): Promise<void> {
    const { signal } = run.abort;
    let since = String(run.startSeqs.get(name) ?? 'now');
    let failures = 0;
    while (!signal.aborted && this.#run === run) {
      try {
        const url = `${feed.dbUrl}_changes?feed=longpoll&since=${encodeURIComponent(since)}&timeout=${this.#opts.pollTimeout}&limit=${this.#opts.batchSize}`;
        // CouchDB ends a quiet long-poll after `timeout` (and so does our dev server, which
        // patches express-pouchdb for it); a server or proxy that holds it open, or a connection
        // that died silently (sleep, network switch), is cut off here.
        const limit = new AbortController();
        const timer = setTimeout(() => limit.abort(), this.#opts.pollTimeout + 1000);
        const stop = () => limit.abort();
        signal.addEventListener('abort', stop, { once: true });
        let body: { results?: unknown[]; last_seq?: string | number } | null = null;
        try {
          body = (await (await http(url, { signal: limit.signal })).json()) as {
            results?: unknown[];
            last_seq?: string | number;
          };
        } catch (err) {
          if (!limit.signal.aborted || signal.aborted) throw err;
        } finally {
          clearTimeout(timer);
          signal.removeEventListener('abort', stop);
        }
        if (signal.aborted || this.#run !== run) return;
        failures = 0;
        // A quiet end (timeout): nothing to pull.
        if (!body) continue;
        if (body.last_seq === undefined) throw new Error('not a CouchDB _changes reply');
        since = String(body.last_seq);
        if (!body.results?.length) continue;
        // While this device is pushing, the feed mostly lists its own writes (which the pull
        // skips, but the server still reads them out): wait for the pushes to land, up to
        // PUSHING_PULL_DELAY, so a big push is read back about once, not once per batch by this
        // long-poll and again by the pull it triggers. Without pushes there is no wait.
        for (let waited = 0; run.pushing > 0 && waited < PUSHING_PULL_DELAY && !signal.aborted; waited += 50)
          await sleep(50, signal);
        if (signal.aborted || this.#run !== run) return;
        // Whatever changed (and anything between the first pull and this feed), the checkpoint
        // pull fetches it with its documents.
        feed.stream$.next('RESYNC');
        onActivity();
      } catch (err) {
        if (signal.aborted || this.#run !== run || err instanceof SyncAuthError) return;
        failures++;
        const wait = Math.min(this.#opts.backoff.max, this.#opts.backoff.first * 2 ** (failures - 1));
        await sleep(wait, signal);
        // Back after an outage: pull whatever was missed.
        if (!signal.aborted) feed.stream$.next('RESYNC');
      }
    }
  }

  /**
   * The rarely changing databases: their `update_seq` is compared every `pollTimeout`, and soon
   * after `kick()` (a long-poll saw activity; at most one check per SLOW_CHECK_GAP); those that
   * moved pull.
   */
  #slowChecker(
    run: Run,
    http: SyncFetch,
    feeds: [string, { dbUrl: string; stream$: Subject<'RESYNC'> }][],
  ): { kick: () => void; done: Promise<void> } {
    const { signal } = run.abort;
    let wake: (() => void) | null = null;
    let kicked = false;
    const kick = () => {
      kicked = true;
      wake?.();
    };
    const done = (async () => {
      if (!feeds.length) return;
      const seqs = new Map<string, string>(
        feeds.map(([name]) => [name, JSON.stringify(run.startSeqs.get(name) ?? null)]),
      );
      let failures = 0;
      while (!signal.aborted && this.#run === run) {
        try {
          await Promise.all(
            feeds.map(async ([name, feed]) => {
              const info = (await (await http(feed.dbUrl)).json()) as { update_seq?: string | number };
              const seq = JSON.stringify(info.update_seq ?? null);
              if (seqs.get(name) !== seq) feed.stream$.next('RESYNC');
              seqs.set(name, seq);
            }),
          );
          failures = 0;
        } catch (err) {
          if (signal.aborted || this.#run !== run || err instanceof SyncAuthError) return;
          failures++;
          await sleep(Math.min(this.#opts.backoff.max, this.#opts.backoff.first * 2 ** (failures - 1)), signal);
          // Back after an outage: pull whatever was missed.
          if (!signal.aborted) for (const [, feed] of feeds) feed.stream$.next('RESYNC');
          continue;
        }
        await sleep(SLOW_CHECK_GAP, signal);
        if (!kicked) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, Math.max(0, this.#opts.pollTimeout - SLOW_CHECK_GAP));
            const stop = () => {
              clearTimeout(timer);
              resolve();
            };
            wake = stop;
            signal.addEventListener('abort', stop, { once: true });
          });
          wake = null;
        }
        kicked = false;
      }
    })();
    return { kick, done };
  }
}
