// Reads that leave sealed fields sealed: for the search, which looks at many more documents than it
// shows and needs only their index keys (names, sort keys, tags, in-use markers, all readable) to
// pick the rows it shows. Opening (decrypting) every document a lookup touches made a protected
// search twice as slow as an unprotected one; reading candidates unopened and opening only the
// rows shown keeps the extra cost to the shown rows.
//
// The sealing wrapper (sealed-storage.ts) registers, per storage instance it creates, a reader
// over the instance below it; a collection whose storage is not sealed has none, and the callers
// read it as usual. This module imports nothing, so the app's first screen can use it without
// loading the crypto code.

/** Documents as IndexedDB holds them, minus the sealed value: no sealed field is present. */
export interface UnopenedReader {
  /** RxDB's prepared query, answered by the storage below the sealing. */
  query(prepared: unknown): Promise<Array<Record<string, unknown>>>;
  findByIds(ids: string[]): Promise<Array<Record<string, unknown>>>;
}

const readers = new Map<string, UnopenedReader>();

const keyOf = (databaseName: string, collectionName: string, schemaVersion: number): string =>
  `${databaseName}\u0000${collectionName}\u0000${schemaVersion}`;

export function registerUnopenedReader(
  databaseName: string,
  collectionName: string,
  schemaVersion: number,
  reader: UnopenedReader,
): () => void {
  const key = keyOf(databaseName, collectionName, schemaVersion);
  readers.set(key, reader);
  return () => {
    if (readers.get(key) === reader) readers.delete(key);
  };
}

/** The unopened reader of a sealed collection's current storage instance, or null when it is not sealed. */
export function unopenedReaderOf(databaseName: string, collectionName: string, schemaVersion: number) {
  return readers.get(keyOf(databaseName, collectionName, schemaVersion)) ?? null;
}
