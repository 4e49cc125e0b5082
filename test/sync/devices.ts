// Devices for the sync suite: the app's own database code (schemas, conflict handler, sync log,
// replication) on RxDB's memory storage with schema validation, one database per device.
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { openDatabase, type FieldbookCollections, type FieldbookDatabase } from '../../src/data/db/database';
import { SyncController, type SyncControllerOptions, type SyncStatus } from '../../src/data/sync/controller';
import { signIn, type SyncAuth } from '../../src/data/sync/session';
import type { SyncLogDoc } from '../../src/data/sync/schemas';

// The Dexie/premium storage notice and RxDB dev-mode notices are noise in test output.
const warn = console.warn.bind(console);
console.warn = (...args: unknown[]): void => {
  if (typeof args[0] === 'string' && args[0].includes('RxDB')) return;
  warn(...args);
};

let counter = 0;
/** Shared by every device of the process; a test may read its raw collections (`collectionStates`). */
export const storage = getRxStorageMemory();

export interface Device {
  name: string;
  db: FieldbookDatabase;
  sync: SyncController;
  auth: SyncAuth;
  close(): Promise<void>;
}

export const FAST = {
  retryTime: 300,
  backoff: { first: 100, max: 1000 },
  pollTimeout: 2000,
  waitForLeadership: false,
} as const;

/** A device signed in as `user` (cookie session, carried as a header in node). Not yet syncing. */
export async function device(
  serverUrl: string,
  user: { name: string; password: string },
  only: ReadonlyArray<keyof FieldbookCollections> = ['customers', 'synclog'],
  options: SyncControllerOptions = FAST,
): Promise<Device> {
  counter += 1;
  const db = await openDatabase({
    name: `dev-${process.pid}-${counter}-${Date.now().toString(36)}`,
    storage,
    multiInstance: false,
    validate: true,
    only,
  });
  const signedIn = await signIn(serverUrl, user.name, user.password, 'header');
  if (!signedIn.ok) throw new Error(`sign-in failed: ${signedIn.problem} ${signedIn.detail}`);
  const sync = new SyncController(db, options);
  return {
    name: user.name,
    db,
    sync,
    auth: signedIn.auth,
    async close() {
      await sync.destroy();
      await db.remove();
    },
  };
}

/**
 * The same device after a reload: the database closed and opened again (same name, the memory
 * storage keeps its data in the process), a new SyncController with nothing in memory.
 */
export async function reopen(
  d: Device,
  only: ReadonlyArray<keyof FieldbookCollections> = ['customers', 'synclog'],
  options: SyncControllerOptions = FAST,
): Promise<Device> {
  const name = d.db.name;
  await d.sync.destroy();
  await d.db.close();
  const db = await openDatabase({ name, storage, multiInstance: false, validate: true, only });
  const sync = new SyncController(db, options);
  return {
    name: d.name,
    db,
    sync,
    auth: d.auth,
    async close() {
      await sync.destroy();
      await db.remove();
    },
  };
}

export async function startSync(d: Device, serverUrl: string): Promise<void> {
  await d.sync.start({ serverUrl, auth: d.auth });
}

/** Waits until `predicate` holds for the sync status (reacts to the status stream, no polling). */
export function statusWhere(
  d: Device,
  predicate: (s: SyncStatus) => boolean,
  what: string,
  ms = 20_000,
): Promise<SyncStatus> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.unsubscribe();
      reject(new Error(`timed out waiting for ${what}; last status ${JSON.stringify(d.sync.status)}`));
    }, ms);
    const sub = d.sync.status$.subscribe((s) => {
      if (!predicate(s)) return;
      clearTimeout(timer);
      queueMicrotask(() => sub.unsubscribe());
      resolve(s);
    });
  });
}

/** Resolves with the value once `read` returns something `done` accepts; re-reads on every change. */
export async function eventually<T>(
  read: () => Promise<T>,
  done: (v: T) => boolean,
  what: string,
  ms = 20_000,
): Promise<T> {
  const end = Date.now() + ms;
  let last: T = await read();
  while (!done(last)) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; last value ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 50));
    last = await read();
  }
  return last;
}

export async function logEntries(d: Device, kind: SyncLogDoc['kind']): Promise<SyncLogDoc[]> {
  const docs = await d.db.synclog.find({ selector: { kind }, sort: [{ at: 'asc' }] }).exec();
  return docs.map((x) => x.toMutableJSON());
}
