// The push handler's decisions, apart from its requests. Pure: given what the device wants to
// write and what the server holds, which documents to send, which are already there and which
// conflict; and what a `_bulk_docs` reply means for each document.
import type { RxReplicationWriteToMasterRow, WithDeleted } from 'rxdb';
import type { BulkDocsResult } from './couch-http';
import { fromCouch, toCouch, type AnyDoc, type CouchDoc } from './mapping';

/** Equal as the conflict handler sees it. */
export type Same = (a: object, b: object) => boolean;

export interface PushItem {
  state: WithDeleted<AnyDoc>;
  /** What this device believes the server has (RxDB's assumed master state). */
  assumed: WithDeleted<AnyDoc> | undefined;
}

/** The server's current revision of a document and its state. */
export interface ServerState {
  rev: string;
  doc: WithDeleted<AnyDoc>;
}

export interface Outgoing {
  doc: CouchDoc;
  state: WithDeleted<AnyDoc>;
  /** What the server had (null: nothing) — kept with a refusal for the retry. */
  base: WithDeleted<AnyDoc> | null;
}

/**
 * The item of a push row. After a rejection RxDB believes the rejected state is on the server;
 * what the server really had is in the rejected entry of the sync log (`kept`).
 */
export function pushItem(
  row: RxReplicationWriteToMasterRow<AnyDoc>,
  kept: { doc: object; base: WithDeleted<AnyDoc> | null } | undefined,
  same: Same,
): PushItem {
  let assumed = row.assumedMasterState;
  if (kept && assumed && same(assumed, kept.doc)) assumed = kept.base ?? undefined;
  return { state: row.newDocumentState, assumed };
}

/**
 * The documents whose server revision must be looked up first. A document this device never saw
 * on the server (a new record: ids are generated on the device) is sent without; if the server
 * has it after all, CouchDB says 'conflict' and the push looks again.
 */
export const toLookUp = (items: readonly PushItem[]): string[] =>
  items.filter((i) => i.assumed || i.state._deleted).map((i) => i.state.id);

export interface PushPlan {
  send: Outgoing[];
  /** Already as wanted on the server: pushed. */
  done: string[];
  /** The server's versions that conflict with ours (for RxDB's conflict handler). */
  conflicts: WithDeleted<AnyDoc>[];
}

/**
 * What to do with each item, given the server's states of the `lookedUp` ones (`real`).
 * `erasure` tells an erasure's write (domain/erasure.ts `isErasure`): it replaces the server's
 * current version even when that is not what this device assumed (someone edited the customer
 * meanwhile, or the erasing device blanked its assumed copy, sync/assumed-masters.ts), because a
 * three-way merge would bring the personal values back. When the server already holds an erasure
 * of the document, the two are left to the conflict handler, which keeps the server's.
 */
export function planPush(
  items: readonly PushItem[],
  lookedUp: readonly string[],
  real: ReadonlyMap<string, ServerState>,
  same: Same,
  brokenOnServer: (doc: WithDeleted<AnyDoc>) => boolean,
  erasure: (doc: WithDeleted<AnyDoc>) => boolean,
): PushPlan {
  const plan: PushPlan = { send: [], done: [], conflicts: [] };
  for (const { state, assumed } of items) {
    const server = real.get(state.id);
    if (!server) {
      // Deleting what the server never had: nothing to send.
      if (state._deleted && lookedUp.includes(state.id)) plan.done.push(state.id);
      else plan.send.push({ doc: toCouch(state), state, base: null });
      continue;
    }
    if (same(server.doc, state))
      plan.done.push(state.id); // already there (e.g. a retried push)
    else if ((assumed && same(server.doc, assumed)) || (erasure(state) && !erasure(server.doc)))
      plan.send.push({ doc: toCouch(state, server.rev), state, base: server.doc });
    else if (!server.doc._deleted && brokenOnServer(server.doc)) {
      // The server's version breaks the schema (another tool wrote it; the pull quarantined it):
      // merging with it would bring the breakage into this device. This device's valid version
      // replaces it; the broken one stays in the quarantine list.
      plan.send.push({ doc: toCouch(state, server.rev), state, base: server.doc });
    } else plan.conflicts.push(server.doc);
  }
  return plan;
}

export interface BulkDocsOutcome {
  written: { id: string; rev: string | undefined }[];
  /** The server already has another revision: look again. */
  conflicted: string[];
  refused: { item: Outgoing; reason: string }[];
}

/**
 * A `_bulk_docs` reply, document by document. Matched by id, not position: CouchDB answers in
 * request order, but express-pouchdb's validation layer does not always (a refusal would be pinned
 * on the wrong document).
 */
export function readBulkDocs(sent: readonly Outgoing[], results: readonly BulkDocsResult[]): BulkDocsOutcome {
  const out: BulkDocsOutcome = { written: [], conflicted: [], refused: [] };
  const byId = new Map(sent.map((item) => [item.state.id, item]));
  for (const result of results) {
    const item = result.id === undefined ? undefined : byId.get(result.id);
    if (!item) continue;
    if (result.ok) out.written.push({ id: item.state.id, rev: result.rev });
    else if (result.error === 'conflict') out.conflicted.push(item.state.id);
    else out.refused.push({ item, reason: `${result.error ?? 'error'}: ${result.reason ?? ''}`.trim() });
  }
  return out;
}

/**
 * After a 'conflict' reply: the server's version goes to the conflict handler — unless it is
 * exactly ours (a push whose reply was lost), which counts as pushed.
 */
export function settleConflicted(
  ids: readonly string[],
  items: readonly PushItem[],
  again: ReadonlyMap<string, ServerState>,
  same: Same,
): { done: string[]; conflicts: WithDeleted<AnyDoc>[] } {
  const out = { done: [] as string[], conflicts: [] as WithDeleted<AnyDoc>[] };
  for (const id of ids) {
    const server = again.get(id);
    const state = items.find((i) => i.state.id === id)?.state;
    if (!server || !state) throw new Error('the server changed during the push; retrying');
    if (same(server.doc, state)) out.done.push(id);
    else out.conflicts.push(server.doc);
  }
  return out;
}

/**
 * The state of a document the server holds deleted. RxDB's tombstones keep the fields; a plain
 * HTTP DELETE keeps none, and then it means "deleted, otherwise as this device last saw it".
 */
export function deletedState(
  id: string,
  tomb: CouchDoc,
  row: RxReplicationWriteToMasterRow<AnyDoc> | undefined,
): WithDeleted<AnyDoc> {
  const fields = Object.keys(tomb).some((k) => !k.startsWith('_'))
    ? fromCouch(tomb)
    : { ...(row?.assumedMasterState ?? row?.newDocumentState ?? {}), id };
  return { ...fields, _deleted: true };
}
