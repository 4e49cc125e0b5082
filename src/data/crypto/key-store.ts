// Where the passphrase's key record lives: a tiny IndexedDB database of its own ('fieldbook-key'),
// outside RxDB, so the app can tell whether the device is protected (and show the lock screen)
// before it opens the database. It holds one record, always written with ONE put: a passphrase
// change replaces the whole record at once, so a tab closed in the middle leaves either the old
// or the new passphrase working, never a mix.
//
// `pending` makes turning protection on and off crash-safe: it is set (in the same single put)
// before the database is rewritten and cleared after, so a start that finds it resumes the
// rewrite once the passphrase is entered (protection.ts).
import type { KeyRecord } from './passphrase-key';

export const KEY_DB_NAME = 'fieldbook-key';
const STORE = 'key';
const RECORD_ID = 'current';

export interface StoredKeyRecord extends KeyRecord {
  /** A rewrite of the database that has not finished: 'seal' (turning on) or 'unseal' (turning off). */
  pending?: 'seal' | 'unseal';
}

export interface KeyStore {
  read(): Promise<StoredKeyRecord | null>;
  /** Replaces the record in one IndexedDB put. */
  write(record: StoredKeyRecord): Promise<void>;
  remove(): Promise<void>;
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

function openKeyDb(factory: IDBFactory): Promise<IDBDatabase> {
  const req = factory.open(KEY_DB_NAME, 1);
  req.onupgradeneeded = () => req.result.createObjectStore(STORE);
  return request(req);
}

/** One transaction on the store, the database closed after it (nothing stays open while locked). */
async function inStore<T>(
  factory: IDBFactory,
  mode: IDBTransactionMode,
  work: (store: IDBObjectStore) => IDBRequest<T>,
): Promise<T> {
  const db = await openKeyDb(factory);
  try {
    const tx = db.transaction(STORE, mode);
    const result = await request(work(tx.objectStore(STORE)));
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    });
    return result;
  } finally {
    db.close();
  }
}

/** The key store on `factory` (the browser's IndexedDB by default; tests pass fake-indexeddb). */
export function keyStore(factory: IDBFactory = globalThis.indexedDB): KeyStore {
  return {
    read: async () =>
      ((await inStore(factory, 'readonly', (s) => s.get(RECORD_ID))) as StoredKeyRecord | undefined) ?? null,
    write: async (record) => {
      await inStore(factory, 'readwrite', (s) => s.put(record, RECORD_ID));
    },
    remove: async () => {
      await inStore(factory, 'readwrite', (s) => s.delete(RECORD_ID));
    },
  };
}

/**
 * Changes the passphrase: unwraps the data key with the old one, wraps it for the new one (fresh
 * salt, derivation), then replaces the record in one put. Nothing else is written; no data is
 * re-encrypted. `beforeWrite` runs between derivation and the put (tests interrupt there).
 */
export async function changeStoredPassphrase(
  store: KeyStore,
  oldPassphrase: string,
  newPassphrase: string,
  iterations: number,
  now: number,
  beforeWrite: () => void | Promise<void> = () => undefined,
): Promise<void> {
  const record = await store.read();
  if (!record) throw new Error('this device is not protected');
  // Loaded here: reading the record at start-up needs none of the key derivation.
  const { changePassphrase } = await import('./passphrase-key');
  const next = await changePassphrase(record, oldPassphrase, newPassphrase, iterations, now);
  await beforeWrite();
  await store.write(record.pending ? { ...next, pending: record.pending } : next);
}
