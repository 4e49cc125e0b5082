// Data tests: RxDB on the Dexie storage over fake-indexeddb (node), with dev-mode and schema
// validation on (the project forces import.meta.env.DEV). Every test opens its own database under a
// unique name; whatever a test leaves open is removed after it, so the free edition's limit on open
// collections per realm (free RxDB edition) is never reached and no state leaks between tests.
import { afterEach } from 'vitest';
import { indexedDB, IDBKeyRange } from 'fake-indexeddb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { openDatabase, type FieldbookDatabase, type OpenDatabaseOptions } from '../../src/data/db/database';
import { getFieldbookStorage } from '../../src/data/db/storage';

/**
 * The app's storage (RxDB's Dexie storage with getAll for index-only queries, src/data/db/storage.ts)
 * over the one fake IndexedDB of this realm: a reopened name finds its data again.
 */
export const testStorage = getFieldbookStorage({ indexedDB, IDBKeyRange });
/** RxDB's Dexie storage as shipped, for tests that compare the two read paths. */
export const plainDexieStorage = getRxStorageDexie({ indexedDB, IDBKeyRange });

let counter = 0;
/** A database name no other test uses. */
export function uniqueDbName(prefix = 'fbtest'): string {
  counter += 1;
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${counter}`;
}

interface Closable {
  readonly closed: boolean;
  remove(): Promise<unknown>;
}
const open = new Set<Closable>();

/** Registers a database to be removed after the current test (if the test did not close it). */
export function track<T extends Closable>(db: T): T {
  open.add(db);
  return db;
}

/** The app's database (current schemas, migrations, validation) under a fresh name. */
export async function openTestDb(
  name: string = uniqueDbName(),
  opts: { only?: OpenDatabaseOptions['only'] } = {},
): Promise<FieldbookDatabase> {
  return track(await openDatabase({ name, storage: testStorage, multiInstance: false, ...opts }));
}

/** The collections demo data and activity need: a test holding two databases opens only these. */
export const CORE_COLLECTIONS = ['customers', 'orders', 'interactions', 'surveys', 'products'] as const;

afterEach(async () => {
  const dbs = [...open];
  open.clear();
  for (const db of dbs) if (!db.closed) await db.remove();
});

// The Dexie storage logs a one-time notice about premium storages; it is noise in test output.
const warn = console.warn.bind(console);
console.warn = (...args: unknown[]): void => {
  if (typeof args[0] === 'string' && args[0].includes('RxDB Open Core RxStorage')) return;
  warn(...args);
};
