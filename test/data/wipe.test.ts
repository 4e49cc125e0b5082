// Wipe this device (src/data/db/wipe.ts) below the browser: every IndexedDB database of the origin
// goes, the app's and any other, and an open connection that closes on `versionchange` does not stop
// it. The closers (onWipe), the browser-only parts (Cache Storage, OPFS, the reload) are checked in Chromium by
// test/e2e/wipe.spec.ts.
import { describe, expect, test } from 'vitest';
import { indexedDB } from 'fake-indexeddb';
import { clearOriginData, isAppShellCache } from '../../src/data/db/wipe';
import { createCustomer } from '../../src/data/repos/customers';
import { customerFields, meta } from '../factories/customer';
import { openTestDb } from './setup';

/** localStorage / sessionStorage as the browser has them (node has none). */
class MemoryStorage implements Storage {
  #items = new Map<string, string>();
  get length(): number {
    return this.#items.size;
  }
  clear(): void {
    this.#items.clear();
  }
  getItem(key: string): string | null {
    return this.#items.get(key) ?? null;
  }
  key(index: number): string | null {
    return [...this.#items.keys()][index] ?? null;
  }
  removeItem(key: string): void {
    this.#items.delete(key);
  }
  setItem(key: string, value: string): void {
    this.#items.set(key, value);
  }
}

async function databaseNames(): Promise<string[]> {
  return (await indexedDB.databases()).map((d) => d.name ?? '');
}

describe('clearOriginData', () => {
  test('deletes every IndexedDB database of the origin, the app’s and any other, and both storages', async () => {
    const db = await openTestDb();
    await createCustomer(db, customerFields({ givenName: 'Wiped', notes: 'a secret note' }), meta());
    // A database the app did not create (a later feature, an old version's) goes too.
    await new Promise<void>((resolve, reject) => {
      const req = indexedDB.open('some-other-store', 1);
      req.onupgradeneeded = () => req.result.createObjectStore('things');
      req.onsuccess = () => {
        req.result.close();
        resolve();
      };
      req.onerror = () => reject(req.error ?? new Error('open failed'));
    });
    const before = await databaseNames();
    expect(before.some((n) => n.includes(db.name))).toBe(true);
    expect(before).toContain('some-other-store');

    const localStorage = new MemoryStorage();
    localStorage.setItem('fieldbook.sync', '{"username":"rep"}');
    const sessionStorage = new MemoryStorage();
    sessionStorage.setItem('draft', 'x');
    await db.close(); // what the app's onWipe closer does
    const report = await clearOriginData({ indexedDB, localStorage, sessionStorage });

    expect(await databaseNames()).toEqual([]);
    expect(report.databases.sort()).toEqual(before.sort());
    expect(localStorage.length).toBe(0);
    expect(sessionStorage.length).toBe(0);
  });

  test('an open connection does not stop the wipe once it closes on versionchange (as Dexie does)', async () => {
    const conn = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('held-open', 1);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error ?? new Error('open failed'));
    });
    conn.onversionchange = () => conn.close();
    await clearOriginData({ indexedDB });
    expect(await databaseNames()).not.toContain('held-open');
  });
});

test('only the service worker precache counts as the app shell', () => {
  expect(isAppShellCache('workbox-precache-v2-http://127.0.0.1:4312/')).toBe(true);
  expect(isAppShellCache('workbox-runtime-http://127.0.0.1:4312/')).toBe(false);
  expect(isAppShellCache('customer-photos')).toBe(false);
});
