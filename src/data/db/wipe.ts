// Wipe this device, then reload to a fresh start: every IndexedDB database of the app (RxDB's, the key record's), local and
// session storage, and the Cache Storage entries that are not the app shell's precache.
//
// PLACEHOLDER from the protect branch: the WIPE branch owns this module (with its own tests and
// Settings entry); this minimal version with the same signature exists only so "Forgot passphrase"
// works before that lands. The lead keeps WIPE's.
export async function wipeDevice(): Promise<void> {
  const names = (await indexedDB.databases()).map((d) => d.name).filter((n): n is string => !!n);
  await Promise.all(
    names.map(
      (name) =>
        new Promise<void>((resolve, reject) => {
          const req = indexedDB.deleteDatabase(name);
          req.onsuccess = () => resolve();
          req.onerror = () => reject(req.error ?? new Error(`could not delete ${name}`));
          // Another tab still holds it open: it closes on the versionchange event; wait for that.
          req.onblocked = () => undefined;
        }),
    ),
  );
  localStorage.clear();
  sessionStorage.clear();
  if (globalThis.caches) {
    for (const name of await caches.keys()) if (!name.includes('precache')) await caches.delete(name);
  }
  // A fresh start: nothing of the old session stays in memory.
  location.reload();
}
