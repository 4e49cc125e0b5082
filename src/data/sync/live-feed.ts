// Live changes: watches the server and tells a database's replication when to pull. Two tiers,
// because browsers open at most 6 HTTP/1.1 connections per server and a long-poll holds one for as
// long as its database is quiet:
//  - the databases where the day's work happens (`longPolled`: customers, orders, interactions,
//    surveys) each have their own long-poll, so a change there arrives as fast as a customer edit.
//    That holds 4 connections and leaves 2 for the pulls and pushes (requests queue for a free
//    connection, they are not refused);
//  - the rarely changing ones (products, decisions) are checked by their `update_seq` (short
//    requests) soon after a long-poll sees activity and at least every `pollTimeout`.
// Network failures back off exponentially; a 401/403 ends the feed (the controller stops sync).
import type { ReplicatedName } from './collections';
import { backoffDelay, sleep, type Backoff } from './backoff';
import { databaseInfo, longPoll } from './couch-http';
import { SyncAuthError, type SyncFetch } from './session';

/** Least time (ms) between two `update_seq` checks of the rarely changing databases. */
const SLOW_CHECK_GAP = 1000;

/** Longest wait (ms) for this device's own pushes before a change seen makes a database pull. */
const PUSHING_PULL_DELAY = 1000;

export interface Feed {
  name: ReplicatedName;
  dbUrl: string;
  /** Makes this database's replication pull now. */
  pull(): void;
}

export interface LiveFeedOptions {
  http: SyncFetch;
  /** Aborted when sync stops. */
  signal: AbortSignal;
  /** False once the sync run this feed serves was stopped or replaced. */
  current(): boolean;
  feeds: readonly Feed[];
  longPolled: readonly ReplicatedName[];
  /** Each database's update_seq when sync started: nothing written after it goes unnoticed. */
  startSeqs: ReadonlyMap<string, string | number>;
  /** How long a long-poll waits (ms); also the longest time between two checks of the others. */
  pollTimeout: number;
  /** Changes per long-poll reply. */
  limit: number;
  backoff: Backoff;
  /** `_bulk_docs` requests on their way (all databases). */
  pushing(): number;
}

/** Runs until sync stops (or the session is refused). */
export async function watchServer(o: LiveFeedOptions): Promise<void> {
  const fast = o.feeds.filter((f) => o.longPolled.includes(f.name));
  const slow = o.feeds.filter((f) => !o.longPolled.includes(f.name));
  const checker = slowChecker(o, slow);
  await Promise.all([...fast.map((feed) => longPollLoop(o, feed, checker.kick)), checker.done]);
}

const running = (o: LiveFeedOptions): boolean => !o.signal.aborted && o.current();

/** One database's long-poll loop: a change makes that database pull (and nudges the slow checks). */
async function longPollLoop(o: LiveFeedOptions, feed: Feed, onActivity: () => void): Promise<void> {
  const { signal } = o;
  let since = String(o.startSeqs.get(feed.name) ?? 'now');
  let failures = 0;
  while (running(o)) {
    try {
      // CouchDB ends a quiet long-poll after `timeout` (and so does our dev server, which patches
      // express-pouchdb for it); a server or proxy that holds it open, or a connection that died
      // silently (sleep, network switch), is cut off here.
      const limit = new AbortController();
      const timer = setTimeout(() => limit.abort(), o.pollTimeout + 1000);
      const stop = () => limit.abort();
      signal.addEventListener('abort', stop, { once: true });
      let body: Awaited<ReturnType<typeof longPoll>>;
      try {
        body = await longPoll(o.http, feed.dbUrl, since, o.pollTimeout, o.limit, limit.signal);
      } finally {
        clearTimeout(timer);
        signal.removeEventListener('abort', stop);
      }
      if (!running(o)) return;
      failures = 0;
      // A quiet end (timeout): nothing to pull.
      if (!body) continue;
      if (body.last_seq === undefined) throw new Error('not a CouchDB _changes reply');
      since = String(body.last_seq);
      if (!body.results?.length) continue;
      // While this device is pushing, the feed mostly lists its own writes (which the pull skips,
      // but the server still reads them out): wait for the pushes to land, up to
      // PUSHING_PULL_DELAY, so a big push is read back about once, not once per batch by this
      // long-poll and again by the pull it triggers. Without pushes there is no wait.
      for (let waited = 0; o.pushing() > 0 && waited < PUSHING_PULL_DELAY && !signal.aborted; waited += 50)
        await sleep(50, signal);
      if (!running(o)) return;
      // Whatever changed (and anything between the first pull and this feed), the checkpoint pull
      // fetches it with its documents.
      feed.pull();
      onActivity();
    } catch (err) {
      if (!running(o) || err instanceof SyncAuthError) return;
      failures++;
      await sleep(backoffDelay(failures, o.backoff), signal);
      // Back after an outage: pull whatever was missed.
      if (!signal.aborted) feed.pull();
    }
  }
}

/**
 * The rarely changing databases: their `update_seq` is compared every `pollTimeout`, and soon
 * after `kick()` (a long-poll saw activity; at most one check per SLOW_CHECK_GAP); those that
 * moved pull.
 */
function slowChecker(o: LiveFeedOptions, feeds: readonly Feed[]): { kick: () => void; done: Promise<void> } {
  const { signal } = o;
  let wake: (() => void) | null = null;
  let kicked = false;
  const kick = () => {
    kicked = true;
    wake?.();
  };
  const done = (async () => {
    if (!feeds.length) return;
    const seqs = new Map<string, string>(feeds.map((f) => [f.name, JSON.stringify(o.startSeqs.get(f.name) ?? null)]));
    let failures = 0;
    while (running(o)) {
      try {
        await Promise.all(
          feeds.map(async (feed) => {
            const seq = JSON.stringify((await databaseInfo(o.http, feed.dbUrl)).update_seq ?? null);
            if (seqs.get(feed.name) !== seq) feed.pull();
            seqs.set(feed.name, seq);
          }),
        );
        failures = 0;
      } catch (err) {
        if (!running(o) || err instanceof SyncAuthError) return;
        failures++;
        await sleep(backoffDelay(failures, o.backoff), signal);
        // Back after an outage: pull whatever was missed.
        if (!signal.aborted) for (const feed of feeds) feed.pull();
        continue;
      }
      await sleep(SLOW_CHECK_GAP, signal);
      if (!kicked) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.max(0, o.pollTimeout - SLOW_CHECK_GAP));
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
