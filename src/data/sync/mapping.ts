// Documents between the app and CouchDB, and the sync-log entries the replication writes about
// them. Pure: no requests, no storage; pull.ts and push.ts do the I/O around these.
import type { WithDeleted } from 'rxdb';
import type { SyncLogDoc } from './schemas';
import { schemaProblem } from './validate';

/** An app document as the replication sees it (any replicated collection). */
export type AnyDoc = Record<string, unknown> & { id: string };
export type CouchDoc = Record<string, unknown> & { _id: string; _rev?: string; _deleted?: boolean };
/** One row of `_changes` (default style: the winning revision only). */
export type Change = {
  id: string;
  /** The row's place in the feed (a valid `since`). */
  seq?: string | number;
  changes?: { rev: string }[];
  deleted?: boolean;
  doc?: CouchDoc;
};
/** The JSON schema a pulled document must satisfy. */
export type ServerSchema = Parameters<typeof schemaProblem>[0];

/** The CouchDB document of an app document (`id` → `_id`; local bookkeeping removed). */
export function toCouch(doc: Record<string, unknown>, rev?: string): CouchDoc {
  const { id, _meta, _rev, _attachments, _deleted, ...rest } = doc;
  void _meta;
  void _rev;
  void _attachments;
  const out: CouchDoc = { _id: String(id), ...rest };
  if (rev) out._rev = rev;
  if (_deleted === true) out._deleted = true;
  return out;
}

/** The app document of a CouchDB document (`_id` → `id`; CouchDB's own fields removed). */
export function fromCouch(doc: CouchDoc): WithDeleted<AnyDoc> {
  const { _id, _rev, _deleted, _revisions, _conflicts, _attachments, ...rest } = doc;
  void _rev;
  void _revisions;
  void _conflicts;
  void _attachments;
  return { ...rest, id: _id, _deleted: _deleted === true };
}

/** A document as the local storage holds it, without RxDB's bookkeeping (`_meta`, `_rev`, `_attachments`). */
export function localState(stored: object): Record<string, unknown> {
  const { _meta, _rev, _attachments, ...state } = stored as Record<string, unknown>;
  void _meta;
  void _rev;
  void _attachments;
  return state;
}

/** The collection's schema as the server copy must satisfy it (RxDB's own `_` fields removed). */
export function serverSchema(jsonSchema: object): ServerSchema {
  const js = jsonSchema as { properties: Record<string, unknown>; required?: string[] };
  const properties = Object.fromEntries(Object.entries(js.properties).filter(([k]) => !k.startsWith('_')));
  return {
    ...js,
    properties,
    required: (js.required ?? []).filter((k) => !k.startsWith('_')),
  } as ServerSchema;
}

/** What is wrong with a document's fields for `schema` (its deleted flag aside), or null. */
export function fieldsProblem(schema: ServerSchema, doc: WithDeleted<AnyDoc>): string | null {
  const { _deleted, ...fields } = doc;
  void _deleted;
  return schemaProblem(schema, fields);
}

/** A page of pulled server documents, sorted: what may enter, what to delete, what to quarantine. */
export interface SortedPull {
  accepted: WithDeleted<AnyDoc>[];
  /** Deleted on the server without fields (a plain HTTP DELETE): delete the local copy, if any. */
  bareTombstones: string[];
  /** Live server documents that break the local schema. */
  broken: { doc: CouchDoc; problem: string }[];
}

export function sortPulled(schema: ServerSchema, raw: readonly CouchDoc[]): SortedPull {
  const out: SortedPull = { accepted: [], bareTombstones: [], broken: [] };
  for (const couch of raw) {
    if (couch._id.startsWith('_design/')) continue;
    const doc = fromCouch(couch);
    const problem = fieldsProblem(schema, doc);
    if (!problem) out.accepted.push(doc);
    else if (doc._deleted) out.bareTombstones.push(doc.id);
    else out.broken.push({ doc: couch, problem });
  }
  return out;
}

/** The deletion of a local copy, keeping its fields (what a bare server tombstone becomes). */
export const deletionOf = (stored: object): WithDeleted<AnyDoc> =>
  ({ ...localState(stored), _deleted: true }) as WithDeleted<AnyDoc>;

export const rejectedLogId = (collection: string, docId: string): string => `rejected|${collection}|${docId}`;

/** The sync-log entry of a server document that breaks the local schema (one per revision). */
export function quarantineEntry(collection: string, doc: CouchDoc, problem: string, at: number): SyncLogDoc {
  return {
    id: `quarantine|${collection}|${doc._id}|${doc._rev ?? ''}`.slice(0, 400),
    kind: 'quarantine',
    state: 'open',
    coll: collection,
    docId: doc._id.slice(0, 300),
    at,
    field: '',
    reason: problem,
    body: JSON.stringify({ doc }),
  };
}

/**
 * The sync-log entry of a write the server refused: the refused state and `base`, what the server
 * had (the assumed master state when the document is pushed again).
 */
export function rejectedEntry(
  collection: string,
  doc: WithDeleted<AnyDoc>,
  base: WithDeleted<AnyDoc> | null,
  reason: string,
  at: number,
): SyncLogDoc {
  return {
    id: rejectedLogId(collection, doc.id),
    kind: 'rejected',
    // An audit entry is refused together with the write it records: the user acts on that write
    // (Retry or Discard), so the entry is kept in the log but not counted as a change of its own.
    state: collection === 'audit' ? 'done' : 'open',
    coll: collection,
    docId: doc.id,
    at,
    field: '',
    reason,
    body: JSON.stringify({ doc, base }),
  };
}
