// Wipe this device: remove everything of Fieldbook's data the origin holds, then start again as a
// fresh first run. Used by Settings → Wipe this device and by the lock screen's "Forgot passphrase"
// (local data that cannot be unlocked can only be removed; a synced team's data comes back by
// signing in to sync again).
//
// What is removed: every IndexedDB database of the origin (`indexedDB.databases()`: RxDB's per-
// collection Dexie databases, its internal and replication-meta stores, anything a later feature
// adds), localStorage (settings, sync server and user, device id, drafts, kiosk lock), sessionStorage,
// every Cache Storage cache except the service worker's precache, and every OPFS entry.
// What stays: the service worker and its precache (`workbox-precache-…`): they hold only the built
// app (HTML, JS, CSS, icons), never customer data, and keeping them lets the device start the fresh
// app offline. Cookies are not readable here (the sync session cookie is HttpOnly and belongs to the
// sync server's path); a wiped device has no sync settings left, so it signs in again.
//
// Open connections would block `deleteDatabase`, and a running replication or another tab could write
// the data back while it is being removed, so first whatever registered with `onWipe` is closed (the
// database, sync, workers: registered by the layers that own them), in this tab and in every other
// tab of the origin (a BroadcastChannel), and the other tabs reload once the wipe is done.

/** Something to close before the data goes (the database, the sync controller, workers). */
export type WipeCloser = () => unknown;

/** Caches that hold only the built app (the service worker's precache), kept by a wipe. */
export const isAppShellCache = (name: string): boolean => name.startsWith('workbox-precache');

const closers: WipeCloser[] = [];

/**
 * Registers something to close before a wipe; returns the unregister function. Closers run last
 * registered first (what was opened on top of the database closes before it).
 */
export function onWipe(close: WipeCloser): () => void {
  closers.push(close);
  return () => {
    const i = closers.indexOf(close);
    if (i >= 0) closers.splice(i, 1);
  };
}

async function runClosers(): Promise<void> {
  for (const close of [...closers].reverse()) {
    try {
      await close();
    } catch {
      // A closer that fails (a database already closed, a worker gone) must not stop the wipe.
    }
  }
}

/** What a wipe removed and kept (for the caller and the tests). */
export interface WipeReport {
  databases: string[];
  caches: string[];
  keptCaches: string[];
  opfsEntries: string[];
}

/** The parts of the browser a wipe clears; `globalThis` in the app, fakes of the same API in node tests. */
export interface OriginStorage {
  indexedDB: IDBFactory;
  localStorage?: Storage;
  sessionStorage?: Storage;
  caches?: CacheStorage;
  /** `navigator.storage.getDirectory` (OPFS). */
  getDirectory?: () => Promise<FileSystemDirectoryHandle>;
}

function browserStorage(): OriginStorage {
  const g = globalThis as typeof globalThis & Partial<OriginStorage>;
  return {
    indexedDB: g.indexedDB,
    localStorage: g.localStorage,
    sessionStorage: g.sessionStorage,
    caches: g.caches,
    getDirectory:
      typeof navigator !== 'undefined' && typeof navigator.storage?.getDirectory === 'function'
        ? () => navigator.storage.getDirectory()
        : undefined,
  };
}

function deleteDatabase(factory: IDBFactory, name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = factory.deleteDatabase(name);
    req.onsuccess = () => resolve();
    req.onerror = () => reject(req.error ?? new Error(`could not delete ${name}`));
    // `blocked`: a connection is still open (another tab that has not closed yet). The request stays
    // queued and succeeds once it closes (Dexie closes on `versionchange`), so it is waited for.
  });
}

/** Removes the origin's data (see the top of this file) without reloading. */
export async function clearOriginData(storage: OriginStorage = browserStorage()): Promise<WipeReport> {
  const report: WipeReport = { databases: [], caches: [], keptCaches: [], opfsEntries: [] };
  const infos = await storage.indexedDB.databases();
  for (const { name } of infos) {
    if (!name) continue;
    await deleteDatabase(storage.indexedDB, name);
    report.databases.push(name);
  }
  storage.localStorage?.clear();
  storage.sessionStorage?.clear();
  if (storage.caches) {
    for (const name of await storage.caches.keys()) {
      if (isAppShellCache(name)) report.keptCaches.push(name);
      else if (await storage.caches.delete(name)) report.caches.push(name);
    }
  }
  if (storage.getDirectory) {
    try {
      const root = await storage.getDirectory();
      const names: string[] = [];
      // `keys()` is an async iterator of entry names (not in every TypeScript DOM lib yet).
      for await (const name of (root as unknown as { keys(): AsyncIterable<string> }).keys()) names.push(name);
      for (const name of names) {
        await root.removeEntry(name, { recursive: true });
        report.opfsEntries.push(name);
      }
    } catch (err) {
      // No OPFS in this browser (or in a private window): nothing can be stored there either.
      if (!(err instanceof DOMException && (err.name === 'SecurityError' || err.name === 'NotFoundError'))) throw err;
    }
  }
  return report;
}

const CHANNEL = 'fieldbook-wipe';
type WipeMessage = 'wiping' | 'wiped';

/**
 * Another tab wipes the device: close what this tab has open (so its connections do not block the
 * deletion and nothing writes the data back), then reload once the wipe is done. Called at start.
 */
export function followWipesElsewhere(): void {
  if (typeof BroadcastChannel === 'undefined') return;
  const channel = new BroadcastChannel(CHANNEL);
  channel.onmessage = (e: MessageEvent<WipeMessage>) => {
    if (e.data === 'wiping') void runClosers();
    else if (e.data === 'wiped') reloadTo(WIPED_HASH);
  };
}

/** A full reload at `hash` (assigning only a new hash would not reload the page). */
function reloadTo(hash: string): void {
  history.replaceState(null, '', `${location.pathname}${hash}`);
  location.reload();
}

/**
 * Wipes this device: closes the database, sync and workers here and in other tabs, removes the
 * origin's data and reloads to a fresh first run (the landing page says the device was wiped).
 */
export async function wipeDevice(): Promise<void> {
  const channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(CHANNEL);
  channel?.postMessage('wiping' satisfies WipeMessage);
  await runClosers();
  await clearOriginData();
  channel?.postMessage('wiped' satisfies WipeMessage);
  channel?.close();
  reloadTo(WIPED_HASH);
}

/** Where a wipe lands: a page that says the device was wiped, before anything is opened again. */
export const WIPED_HASH = '#/wiped';
