export interface Credentials {
  name: string;
  password: string;
}
export interface SyncUser extends Credentials {
  roles: string[];
}
export interface CollectionRules {
  required: readonly string[];
  ownerFields: readonly string[];
  /** The audit trail: stored entries are never deleted and changed only by erasure's blanking. */
  appendOnly?: boolean;
}
export type ReplicatedCollection =
  'customers' | 'orders' | 'interactions' | 'surveys' | 'products' | 'decisions' | 'audit';

export declare const ROLES: Readonly<{ admin: 'fieldbook-admin'; rep: 'fieldbook-rep'; viewer: 'fieldbook-viewer' }>;
export declare const COLLECTIONS: Readonly<Record<ReplicatedCollection, CollectionRules>>;
export declare const DEMO_USERS: readonly SyncUser[];
export declare const DESIGN_DOC_ID: '_design/fieldbook';

export declare function validateDocUpdateSource(rules: CollectionRules): string;
export declare function designDoc(collection: ReplicatedCollection): {
  _id: string;
  language: 'javascript';
  validate_doc_update: string;
  fieldbook: {
    collection: ReplicatedCollection;
    required: readonly string[];
    ownerFields: readonly string[];
    appendOnly: boolean;
    generatedBy: string;
  };
};
export declare function securityObject(): {
  admins: { names: string[]; roles: string[] };
  members: { names: string[]; roles: string[] };
};

export interface SetupOptions {
  /** Server root, e.g. http://127.0.0.1:5984/ (a trailing slash is added if missing). */
  url: string;
  /** A server admin, "name:password" or { name, password }. */
  admin: string | Credentials;
  /** Database names are `<prefix>-<collection>`; default 'fieldbook'. */
  prefix?: string;
  /** Also create (or fix) the demo accounts of DEMO_USERS. */
  createDemoUsers?: boolean;
  users?: readonly SyncUser[];
  log?: (line: string) => void;
}
/** Resolves to the actions taken, one line each ("database x: created", "user rep: unchanged" …). */
export declare function setupCouch(options: SetupOptions): Promise<string[]>;
