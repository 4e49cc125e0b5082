// An RxDB storage wrapper that keeps personal fields sealed at rest (encryption at rest).
//
// It sits between the (development-only) schema validation and the Fieldbook storage, so every
// read the app makes through a collection's storage instance comes back opened, and only the
// IndexedDB tables hold sealed values. For each collection listed in SEALED_FIELDS, the listed
// fields of a document are removed and stored together in one sealed string (`SEALED_PROPERTY`,
// see sealed-fields.ts); replication's meta documents keep a copy of every replicated document
// (`docData`), so theirs is sealed whole. Fields an index needs (the search and sort keys) cannot
// be sealed: the storage must compare them. A document written before protection was turned on
// has no sealed value and reads as it is, which is how turning protection on and off rewrites a
// database in place (mode 'seal' writes sealed, mode 'unseal' writes plain; both read both).
//
// Why not RxDB's own encryption plugins: the free `encryption-crypto-js` uses OpenSSL's MD5 key
// derivation with one iteration and AES-CBC without integrity, and a schema's `encrypted` list is
// part of the schema hash (turning protection on would be a schema migration). This wrapper keeps
// the schemas as they are. It follows RxDB's `wrapRxStorageInstance` (plugin-helpers), except
// that change events are opened in order (`concatMap`; the helper's `mergeMap` can reorder events
// when opening takes varying time).
import {
  getPrimaryFieldOfPrimaryKey,
  type BulkWriteRow,
  type EventBulk,
  type RxDocumentData,
  type RxStorage,
  type RxStorageBulkWriteResponse,
  type RxStorageChangeEvent,
  type RxStorageInstance,
  type RxStorageInstanceCreationParams,
  type RxStorageWriteError,
} from 'rxdb';
import { BehaviorSubject, concatMap, filter, firstValueFrom, tap } from 'rxjs';
import { isSealed, openFieldsText, parseFields, sealFields } from './sealed-fields';
import { registerUnopenedReader } from './unopened-reads';
import { SEALED_FIELDS } from './sealed-field-list';

/** Where a document's sealed fields live in IndexedDB (not a schema field; never leaves the storage). */
export const SEALED_PROPERTY = 'fbSealed';

// Which fields are sealed: a module of its own, so the audit trail can read the list without
// loading this wrapper (and the crypto) on an unprotected start.
export { SEALED_FIELDS } from './sealed-field-list';

/** RxDB's replication meta instances (their schema title), whose `docData` copies a replicated document. */
const REPLICATION_META_TITLE = 'RxReplicationProtocolMetaData';

export interface SealingOptions<Internals, Settings> {
  storage: RxStorage<Internals, Settings>;
  /** The unlocked data key (passphrase-key.ts). */
  key: CryptoKey;
  /** 'seal': writes seal the listed fields; 'unseal': writes store them plain (turning protection off). */
  mode: 'seal' | 'unseal';
}

type Doc = RxDocumentData<Record<string, unknown>>;

/** The fields this instance seals: the collection's list, or `docData` for a replication meta instance. */
function sealedFieldsOf(params: RxStorageInstanceCreationParams<unknown, unknown>): readonly string[] {
  if (params.schema.title === REPLICATION_META_TITLE) return ['docData'];
  return SEALED_FIELDS[params.collectionName] ?? [];
}

/** Throws when a sealed field is indexed: queries on it would silently find nothing. */
function assertNotIndexed(params: RxStorageInstanceCreationParams<unknown, unknown>, fields: readonly string[]): void {
  const indexes: ReadonlyArray<string | readonly string[]> = params.schema.indexes ?? [];
  const indexed = new Set<string>(indexes.flatMap((ix) => (typeof ix === 'string' ? [ix] : [...ix])));
  const clash = fields.filter((f) => indexed.has(f));
  if (clash.length) throw new Error(`${params.collectionName}: sealed fields cannot be indexed (${clash.join(', ')})`);
}

export function wrappedSealedStorage<Internals, Settings>(
  options: SealingOptions<Internals, Settings>,
): RxStorage<Internals, Settings> {
  const { storage, key, mode } = options;
  // One cache per unlocked key: it goes when the database closes (locking drops this storage).
  const opened = new OpenedCache(OPENED_CACHE_SIZE);
  return {
    ...storage,
    name: `sealed-${storage.name}`,
    async createStorageInstance<RxDocType>(
      params: RxStorageInstanceCreationParams<RxDocType, Settings>,
    ): Promise<RxStorageInstance<RxDocType, Internals, Settings>> {
      const instance = await storage.createStorageInstance(params);
      const fields = sealedFieldsOf(params as RxStorageInstanceCreationParams<unknown, unknown>);
      if (!fields.length) return instance;
      assertNotIndexed(params as RxStorageInstanceCreationParams<unknown, unknown>, fields);
      const primaryPath = getPrimaryFieldOfPrimaryKey(params.schema.primaryKey) as string;
      const collection = params.collectionName;
      const inner = instance as unknown as RxStorageInstance<Record<string, unknown>, Internals, Settings>;
      const unregister = registerUnopenedReader(params.databaseName, collection, params.schema.version, {
        query: async (prepared) =>
          (await inner.query(prepared as Parameters<typeof inner.query>[0])).documents.map(withoutSealed),
        findByIds: async (ids) => (await inner.findDocumentsById(ids, false)).map(withoutSealed),
      });
      return wrapInstance(inner, {
        toStorage: mode === 'seal' ? (doc) => seal(doc, fields, primaryPath, collection, key) : unsealedCopy,
        fromStorage: (doc) => open(doc, primaryPath, collection, key, opened),
        onClose: () => {
          unregister();
          opened.clear();
        },
      }) as unknown as RxStorageInstance<RxDocType, Internals, Settings>;
    },
  };
}

async function seal(
  doc: Doc,
  fields: readonly string[],
  primaryPath: string,
  collection: string,
  key: CryptoKey,
): Promise<Doc> {
  if (isSealed(doc[SEALED_PROPERTY])) return doc; // already sealed (a row handed back as written)
  const out: Doc = { ...doc };
  const hidden: Record<string, unknown> = {};
  for (const f of fields) {
    if (f in out) {
      hidden[f] = out[f];
      delete out[f];
    }
  }
  out[SEALED_PROPERTY] = await sealFields(key, collection, String(doc[primaryPath]), hidden);
  return out;
}

/** Mode 'unseal': documents are written as the app hands them (plain). */
const unsealedCopy = (doc: Doc): Promise<Doc> => Promise.resolve(doc);

/** A document as stored, without its sealed value (the unopened reads: no sealed field is present). */
function withoutSealed(doc: Doc): Doc {
  if (!(SEALED_PROPERTY in doc)) return doc;
  const out: Doc = { ...doc };
  delete out[SEALED_PROPERTY];
  return out;
}

/** Opened documents kept per storage: enough for the rows a list and its searches show. */
const OPENED_CACHE_SIZE = 2000;

/**
 * The JSON text of recently opened sealed values, by collection and id, least recently used out
 * first. An entry answers only for the very sealed string it came from (every write seals with a
 * fresh IV, so a new revision never matches an old entry). Holding plaintext in memory is what an
 * unlocked app does anyway; the cache goes with the storage when the database closes (lock).
 */
export class OpenedCache {
  #entries = new Map<string, { sealed: string; text: string }>();
  constructor(readonly capacity: number) {}

  get(key: string, sealed: string): string | undefined {
    const hit = this.#entries.get(key);
    if (!hit || hit.sealed !== sealed) return undefined;
    this.#entries.delete(key);
    this.#entries.set(key, hit);
    return hit.text;
  }

  set(key: string, sealed: string, text: string): void {
    this.#entries.delete(key);
    this.#entries.set(key, { sealed, text });
    if (this.#entries.size > this.capacity) this.#entries.delete(this.#entries.keys().next().value as string);
  }

  get size(): number {
    return this.#entries.size;
  }

  clear(): void {
    this.#entries.clear();
  }
}

async function open(
  doc: Doc,
  primaryPath: string,
  collection: string,
  key: CryptoKey,
  cache: OpenedCache,
): Promise<Doc> {
  const sealed = doc[SEALED_PROPERTY];
  if (sealed === undefined) return doc; // written before protection was on
  const out: Doc = { ...doc };
  delete out[SEALED_PROPERTY];
  const id = String(doc[primaryPath]);
  const cacheKey = `${collection}\u0000${id}`;
  let text = typeof sealed === 'string' ? cache.get(cacheKey, sealed) : undefined;
  if (text === undefined) {
    text = await openFieldsText(key, collection, id, sealed as string);
    cache.set(cacheKey, sealed as string, text);
  }
  return Object.assign(out, parseFields(text));
}

interface Transforms {
  toStorage: (doc: Doc) => Promise<Doc>;
  fromStorage: (doc: Doc) => Promise<Doc>;
  onClose: () => void;
}

function wrapInstance<Internals, Settings>(
  instance: RxStorageInstance<Record<string, unknown>, Internals, Settings>,
  { toStorage, fromStorage, onClose }: Transforms,
): RxStorageInstance<Record<string, unknown>, Internals, Settings> {
  const maybeFrom = (doc: Doc | undefined): Promise<Doc | undefined> =>
    doc ? fromStorage(doc) : Promise.resolve(undefined);
  async function errorFromStorage(
    error: RxStorageWriteError<Record<string, unknown>>,
  ): Promise<RxStorageWriteError<Record<string, unknown>>> {
    const ret = { ...error, writeRow: { ...error.writeRow } } as RxStorageWriteError<Record<string, unknown>>;
    if ('documentInDb' in ret && ret.documentInDb) ret.documentInDb = await fromStorage(ret.documentInDb);
    if (ret.writeRow.previous) ret.writeRow.previous = await fromStorage(ret.writeRow.previous);
    ret.writeRow.document = await fromStorage(ret.writeRow.document);
    return ret;
  }
  // Every change event must be out before the write that caused it resolves (RxDB's contract).
  const opening$ = new BehaviorSubject(0);
  const wrapped: RxStorageInstance<Record<string, unknown>, Internals, Settings> = {
    databaseName: instance.databaseName,
    internals: instance.internals,
    options: instance.options,
    schema: instance.schema,
    collectionName: instance.collectionName,
    cleanup: instance.cleanup.bind(instance),
    close: () => {
      onClose();
      return instance.close();
    },
    count: instance.count.bind(instance),
    remove: () => {
      onClose();
      return instance.remove();
    },
    getAttachmentData: instance.getAttachmentData.bind(instance),
    async bulkWrite(rows: BulkWriteRow<Record<string, unknown>>[], context: string) {
      const sealedRows = await Promise.all(
        rows.map(async (row) => ({
          document: await toStorage(row.document),
          ...(row.previous ? { previous: await toStorage(row.previous) } : {}),
        })),
      );
      const result = await instance.bulkWrite(sealedRows, context);
      const ret: RxStorageBulkWriteResponse<Record<string, unknown>> = {
        error: await Promise.all(result.error.map(errorFromStorage)),
      };
      await firstValueFrom(opening$.pipe(filter((n) => n === 0)));
      return ret;
    },
    async query(prepared) {
      const result = await instance.query(prepared);
      return { documents: await Promise.all(result.documents.map(fromStorage)) };
    },
    async findDocumentsById(ids, withDeleted) {
      return Promise.all((await instance.findDocumentsById(ids, withDeleted)).map(fromStorage));
    },
    changeStream() {
      return instance.changeStream().pipe(
        tap(() => opening$.next(opening$.getValue() + 1)),
        concatMap(async (bulk: EventBulk<RxStorageChangeEvent<Record<string, unknown>>, unknown>) => ({
          ...bulk,
          events: await Promise.all(
            bulk.events.map(async (ev) => ({
              ...ev,
              documentData: await fromStorage(ev.documentData as Doc),
              previousDocumentData: await maybeFrom(ev.previousDocumentData),
            })),
          ),
        })),
        tap(() => opening$.next(opening$.getValue() - 1)),
      );
    },
  };
  if (instance.getChangedDocumentsSince) {
    const since = instance.getChangedDocumentsSince.bind(instance);
    wrapped.getChangedDocumentsSince = async (limit, checkpoint) => {
      const result = await since(limit, checkpoint);
      const documents = await Promise.all(result.documents.map(fromStorage));
      return { checkpoint: result.checkpoint as unknown, documents };
    };
  }
  return wrapped;
}
