// What IndexedDB itself holds (below RxDB): every record of every store of the databases whose
// name contains `name`, as JSON text, so a test can search it for values that must not be there.
import { indexedDB } from 'fake-indexeddb';

export async function rawIndexedDbText(name: string): Promise<string> {
  const names = (await indexedDB.databases()).map((d) => d.name ?? '').filter((n) => n.includes(name));
  if (names.length === 0) throw new Error(`no IndexedDB database named like ${name}`);
  const texts: string[] = [];
  for (const dbName of names) {
    const idb = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open(dbName);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
    });
    for (const store of Array.from(idb.objectStoreNames)) {
      const rows = await new Promise<unknown[]>((resolve, reject) => {
        const req = idb.transaction(store, 'readonly').objectStore(store).getAll();
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
      });
      texts.push(JSON.stringify(rows));
    }
    idb.close();
  }
  return texts.join('\n');
}
