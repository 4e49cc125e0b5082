// Durable change following for derived data (the tag index, per-customer measures …).
//
// A follower applies the CURRENT state of every document written since its checkpoint, then moves
// the checkpoint (stored as a local document). It reads the changes back from the storage's
// [_meta.lwt, id] index instead of trusting in-memory events, so nothing is missed when the app is
// closed or crashes between a write and the derived update, and writes from other tabs or from sync
// count like local ones. The change stream is only the doorbell that starts the next catch-up.
// `apply` must be idempotent (a batch can be applied again after a crash before the checkpoint
// was saved) and gets deleted documents too (`_deleted: true`).
import { getChangedDocumentsSince, type RxCollection, type RxStorageDefaultCheckpoint } from 'rxdb';
import type { Subscription } from 'rxjs';
import { afterQueuedTasks } from '../../lib/next-task';
import { TaskBudget, type WriteBounds } from '../repos/task-budget';

export type Changed<T> = T & { _deleted: boolean };

export interface Follower {
  /** Resolves when every write seen so far has been applied. */
  idle(): Promise<void>;
  stop(): void;
}

export interface FollowOptions<T, S> {
  collection: RxCollection<T>;
  /** A collection opened with `localDocuments: true`, holding the checkpoint under `key`. */
  checkpointStore: RxCollection<S>;
  key: string;
  apply(docs: Array<Changed<T>>): Promise<void>;
  /** Documents per batch (each batch is one indexed read, one apply, one checkpoint write). */
  batch?: number;
  onError?(err: unknown): void;
}

/**
 * Runs `job` one at a time. A kick while it runs asks for exactly one more run after it (the
 * writes that rang meanwhile are then read too); idle() resolves when no run is pending.
 */
export function coalescingRunner(
  job: () => Promise<void>,
  opts: { stopped: () => boolean; onError: (err: unknown) => void },
): { kick: () => Promise<void>; idle: () => Promise<void> } {
  let running: Promise<void> | null = null;
  let again = false;
  const kick = (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        try {
          await job();
        } catch (err) {
          if (!opts.stopped()) opts.onError(err);
        }
      } while (again && !opts.stopped());
      running = null;
    })();
    return running;
  };
  return {
    kick,
    idle: async () => {
      while (running) await running;
    },
  };
}

/**
 * Followers of a database held back while a bulk write runs (src/data/repos/bulk.ts): their
 * catch-up would otherwise run between every two chunks, competing for the main thread and
 * IndexedDB and reading each chunk back in small pieces. While held, a doorbell is only noted; when
 * the last hold is released, every follower that was rung catches up once over the whole bulk
 * (the same durable checkpoint path: nothing is skipped, a crash meanwhile loses nothing).
 */
interface Hold {
  count: number;
  rung: Set<() => void>;
}
const holds = new WeakMap<object, Hold>();

function holdOf(database: object): Hold | undefined {
  const hold = holds.get(database);
  return hold && hold.count > 0 ? hold : undefined;
}

/** Holds the followers of `database` until the returned release is called (once). */
export function holdFollowers(database: object): () => void {
  let hold = holds.get(database);
  if (!hold) holds.set(database, (hold = { count: 0, rung: new Set() }));
  hold.count += 1;
  let released = false;
  return () => {
    if (released || !hold) return;
    released = true;
    hold.count -= 1;
    if (hold.count > 0) return;
    const rung = [...hold.rung];
    hold.rung.clear();
    for (const kick of rung) kick();
  };
}

/**
 * For followers that do not go through followChanges (measures.ts): while the followers of
 * `database` are held, notes `rerun` for the release and answers true (the caller stops now).
 */
export function deferWhileHeld(database: object, rerun: () => void): boolean {
  const hold = holdOf(database);
  if (!hold) return false;
  hold.rung.add(rerun);
  return true;
}

/**
 * Documents per follower batch. After a bulk write a follower reads the whole bulk back in these
 * batches; each read is deserialized in one main-thread task (IndexedDB's success event) and each
 * batch's derived rows are written in slices (`upsertInSlices`). 500 made tasks of 100–300 ms in the
 * catch-up after a 100k import (test/bench/import-run.mjs); 200 keeps the read short.
 */
export const FOLLOW_BATCH = 200;

/**
 * Most derived rows per write: IndexedDB serializes every put of a transaction synchronously on the
 * main thread, so one bulkUpsert of a batch's 1,000+ search-term rows was a long task on its own.
 * Fewer when the collection's measured cost per row says a write would outlast the bulk task
 * budget (repos/task-budget.ts).
 */
export const DERIVED_WRITE_SLICE = 250;
const DERIVED_WRITE_BOUNDS: WriteBounds = { min: 25, first: 100, max: DERIVED_WRITE_SLICE };

/** Each derived collection's write cost, measured across catch-ups (rows weigh the same each time). */
const budgets = new WeakMap<object, TaskBudget>();

/** Upserts `rows` in slices sized by the collection's task budget, each its own write in its own task. */
export async function upsertInSlices<T>(
  collection: { bulkUpsert(rows: T[]): Promise<unknown> },
  rows: readonly T[],
): Promise<void> {
  let budget = budgets.get(collection);
  if (!budget) budgets.set(collection, (budget = new TaskBudget()));
  await budget.inSlices(rows, DERIVED_WRITE_BOUNDS, async (slice) => {
    await collection.bulkUpsert(slice);
  });
}

export function followChanges<T, S>(opts: FollowOptions<T, S>): Follower {
  const batch = opts.batch ?? FOLLOW_BATCH;
  const database: object = opts.collection.database;
  let stopped = false;

  async function catchUp(): Promise<void> {
    const saved = await opts.checkpointStore.getLocal<{ checkpoint: RxStorageDefaultCheckpoint }>(opts.key);
    let checkpoint: RxStorageDefaultCheckpoint | undefined = saved?.get('checkpoint') as
      RxStorageDefaultCheckpoint | undefined;
    while (!stopped) {
      const hold = holdOf(database);
      if (hold) {
        hold.rung.add(rerun);
        return;
      }
      const page = await getChangedDocumentsSince(opts.collection.storageInstance, batch, checkpoint);
      if (page.documents.length === 0) return;
      await opts.apply(page.documents);
      checkpoint = page.checkpoint as RxStorageDefaultCheckpoint;
      await opts.checkpointStore.upsertLocal(opts.key, { checkpoint });
      if (page.documents.length < batch) return;
      await afterQueuedTasks();
    }
  }

  const runner = coalescingRunner(catchUp, {
    stopped: () => stopped,
    onError: (e: unknown) => (opts.onError ? opts.onError(e) : console.error(`${opts.key} failed`, e)),
  });
  const rerun = (): void => void runner.kick();
  const kick = (): Promise<void> => {
    const hold = holdOf(database);
    if (hold) {
      hold.rung.add(rerun);
      return Promise.resolve();
    }
    return runner.kick();
  };

  // Local documents (checkpoints kept in the same collection) are no reason to look again.
  const sub: Subscription = opts.collection.eventBulks$.subscribe((bulk) => {
    if (!bulk.isLocal) void kick();
  });
  void kick();
  return {
    idle: runner.idle,
    stop: () => {
      stopped = true;
      sub.unsubscribe();
    },
  };
}
