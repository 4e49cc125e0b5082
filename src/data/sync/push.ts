// The push handler of one database: conflicts detected against the server's current revision (the
// three-way merge runs in the conflict handler), a per-document refusal kept in the sync log as a
// rejected change (retry / edit / discard, never dropped), a push retried after a lost reply
// recognised and not written twice.
import { blankedState, isErasure } from '../../domain/erasure';
import type { ReplicationPushHandler, RxReplicationWriteToMasterRow, WithDeleted } from 'rxdb';
import { allDocs, bulkDocs, docAtRev, sessionName } from './couch-http';
import { fieldsProblem, fromCouch, rejectedEntry, rejectedLogId, type AnyDoc } from './mapping';
import type { HandlerContext } from './handler-context';
import {
  deletedState,
  planPush,
  pushItem,
  readBulkDocs,
  settleConflicted,
  toLookUp,
  type Same,
  type ServerState,
} from './push-plan';
import type { RejectedBody } from './sync-log';
import { SyncAuthError } from './session';

export interface PushContext extends HandlerContext {
  /** `_bulk_docs` requests on their way, all databases (the live feed waits for them). */
  gauge: { pushing: number };
  /** `id` no longer waits to be pushed (written, already there, or kept as rejected). */
  settled(id: string): void;
  /** The session has expired: sync stops for sign-in. */
  authFailed(reason: string): void;
  /** The push reached the server and finished. */
  onSuccess(): void;
}

export function pushHandler(ctx: PushContext): ReplicationPushHandler<AnyDoc> {
  const { name, log } = ctx;
  const same: Same = (a, b) =>
    ctx.collection.conflictHandler.isEqual(a as WithDeleted<AnyDoc>, b as WithDeleted<AnyDoc>, 'fieldbook-push');
  const brokenOnServer = (doc: WithDeleted<AnyDoc>) => fieldsProblem(ctx.schema, doc) !== null;
  const erasure = (doc: WithDeleted<AnyDoc>) => isErasure(name, doc);

  return async (rows) => {
    const ids = rows.map((r) => r.newDocumentState.id);
    const entries = log
      ? await log.findByIds(ids.map((id) => rejectedLogId(name, id))).exec()
      : new Map<string, never>();
    const items = rows.map((row) => {
      const entry = entries.get(rejectedLogId(name, row.newDocumentState.id));
      return pushItem(row, entry ? (JSON.parse(entry.body) as RejectedBody) : undefined, same);
    });
    const lookup = toLookUp(items);
    const real = lookup.length ? await serverStates(ctx, lookup, rows) : new Map<string, ServerState>();
    const { send, done, conflicts } = planPush(items, lookup, real, same, brokenOnServer, erasure);

    const conflicted: string[] = [];
    const landed = ctx.own.begin(send.map((item) => item.state.id));
    if (send.length) ctx.gauge.pushing++;
    try {
      if (send.length) {
        const outcome = readBulkDocs(
          send,
          await bulkDocs(
            ctx.http,
            ctx.dbUrl,
            send.map((s) => s.doc),
          ),
        );
        for (const { id, rev } of outcome.written) {
          done.push(id);
          if (rev) ctx.own.record(id, rev);
        }
        conflicted.push(...outcome.conflicted);
        if (outcome.refused.length) {
          // A server may treat an expired session as anonymous and refuse each document instead
          // of the request: that is "sign in again", not a rejected change.
          if (!(await sessionName(ctx.http, ctx.dbUrl))) {
            ctx.authFailed('HTTP 401: the session has expired');
            throw new SyncAuthError(401, 'the session has expired');
          }
          // An erasure refused because another device's erasure reached the server between the
          // look-up and the write (two devices redacting the same audit entry): two erasures, which
          // the conflict handler settles with the server's, as planPush does when it sees it first.
          const refusedErasures = outcome.refused.filter(({ item }) => erasure(item.state)).map((r) => r.item.state.id);
          const now = refusedErasures.length
            ? await serverStates(ctx, refusedErasures, rows)
            : new Map<string, ServerState>();
          const beaten = (id: string) => {
            const server = now.get(id);
            return !!server && erasure(server.doc);
          };
          conflicted.push(...refusedErasures.filter(beaten));
          const at = Date.now();
          // A refused erasure is kept without its base: that is the version it erases.
          const rejected = outcome.refused
            .filter(({ item }) => !beaten(item.state.id))
            .map(({ item, reason }) =>
              rejectedEntry(
                name,
                item.state,
                item.base && erasure(item.state) ? blankedState(name, item.base) : item.base,
                reason,
                at,
              ),
            );
          if (log) await log.bulkUpsert(rejected);
          // Kept in the rejected list: no longer "waiting to be pushed".
          for (const r of rejected) ctx.settled(r.docId);
        }
      }
    } finally {
      if (send.length) ctx.gauge.pushing--;
      landed();
    }
    if (conflicted.length) {
      const settled = settleConflicted(conflicted, items, await serverStates(ctx, conflicted, rows), same);
      done.push(...settled.done);
      conflicts.push(...settled.conflicts);
    }
    if (done.length) {
      done.forEach((id) => ctx.settled(id));
      const resolved = [...entries.keys()].filter((key) => done.some((id) => rejectedLogId(name, id) === key));
      if (resolved.length && log) await log.bulkRemove(resolved);
    }
    ctx.onSuccess();
    return conflicts;
  };
}

/** The server's current state of `ids`: live documents, and tombstones with their fields if kept. */
async function serverStates(
  ctx: PushContext,
  ids: string[],
  rows: RxReplicationWriteToMasterRow<AnyDoc>[],
): Promise<Map<string, ServerState>> {
  const real = new Map<string, ServerState>();
  await Promise.all(
    (await allDocs(ctx.http, ctx.dbUrl, ids)).map(async (row) => {
      if (!row.value?.rev) return;
      if (row.doc) {
        real.set(row.key, { rev: row.value.rev, doc: fromCouch(row.doc) });
        return;
      }
      const tomb = await docAtRev(ctx.http, ctx.dbUrl, row.key, row.value.rev);
      const row0 = rows.find((r) => r.newDocumentState.id === row.key);
      real.set(row.key, { rev: row.value.rev, doc: deletedState(row.key, tomb, row0) });
    }),
  );
  return real;
}
