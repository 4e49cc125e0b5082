// The few PouchDB APIs the interoperability test uses (pouchdb ships no types; @types/pouchdb
// would pull in a dozen packages for this).
declare module 'pouchdb' {
  interface PouchDoc {
    _id: string;
    _rev?: string;
    _deleted?: boolean;
    [field: string]: unknown;
  }
  interface ReplicationResult {
    ok: boolean;
    docs_read: number;
    docs_written: number;
    doc_write_failures: number;
    errors: unknown[];
  }
  interface PouchDatabase {
    get(id: string): Promise<PouchDoc & { _rev: string }>;
    put(doc: PouchDoc): Promise<{ ok: boolean; id: string; rev: string }>;
    allDocs(options?: { include_docs?: boolean }): Promise<{ rows: { id: string; doc?: PouchDoc }[] }>;
    replicate: {
      from(source: PouchDatabase): PromiseLike<ReplicationResult>;
      to(target: PouchDatabase): PromiseLike<ReplicationResult>;
    };
    close(): Promise<unknown>;
    destroy(): Promise<unknown>;
  }
  interface PouchDBConstructor {
    new (
      name: string,
      options?: { adapter?: string; auth?: { username: string; password: string }; skip_setup?: boolean },
    ): PouchDatabase;
    plugin(plugin: unknown): PouchDBConstructor;
  }
  const PouchDB: PouchDBConstructor;
  export default PouchDB;
}

declare module 'pouchdb-adapter-memory' {
  const plugin: unknown;
  export default plugin;
}
