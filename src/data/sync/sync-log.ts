// The sync log's verbs for the UI: list entries, restore a value that lost a conflict, retry /
// discard a change the server rejected, dismiss a quarantined document. Every action is an
// ordinary local write, so it replicates like any edit.
import { map, type Observable } from 'rxjs';
import type { RxCollection, WithDeleted } from 'rxdb';
import type { LostValue } from '../../domain/three-way-merge';
import type { CustomerFields } from '../../domain/types';
import type { FieldbookDatabase } from '../db/database';
import type { WriteMeta } from '../db/write-meta';
import { storedKeys } from '../db/keys';
import { mergeForCollection } from './conflict-handler';
import type { SyncLogDoc, SyncLogKind } from './schemas';
import { ensureSearchKeyDataFor } from '../../domain/customer';

export type { SyncLogDoc, SyncLogKind };
type AnyDoc = Record<string, unknown> & { id: string };

export interface RejectedBody {
  doc: WithDeleted<AnyDoc>;
  base: WithDeleted<AnyDoc> | null;
}

/** Open entries of one kind, newest first (indexed: kind, state, at). */
export function openEntries$(db: FieldbookDatabase, kind: SyncLogKind, limit = 200): Observable<SyncLogDoc[]> {
  return db.synclog
    .find({ selector: { kind, state: 'open' }, sort: [{ kind: 'desc' }, { state: 'desc' }, { at: 'desc' }], limit })
    .$.pipe(map((docs) => docs.map((d) => d.toMutableJSON())));
}

export { openCount$ } from './sync-log-count';

/** Open changes of one document the server refused, newest first (indexed: docId, at). */
export function refusedOf$(db: FieldbookDatabase, docId: string, limit = 20): Observable<SyncLogDoc[]> {
  return db.synclog
    .find({ selector: { docId }, sort: [{ docId: 'desc' }, { at: 'desc' }], limit })
    .$.pipe(
      map((docs) => docs.map((d) => d.toMutableJSON()).filter((d) => d.kind === 'rejected' && d.state === 'open')),
    );
}

/** Conflict entries of one document ("changed on two devices"), newest first (indexed: docId, at). */
export function conflictsOf$(db: FieldbookDatabase, docId: string, limit = 50): Observable<SyncLogDoc[]> {
  return db.synclog
    .find({ selector: { docId }, sort: [{ docId: 'desc' }, { at: 'desc' }], limit })
    .$.pipe(map((docs) => docs.map((d) => d.toMutableJSON()).filter((d) => d.kind === 'conflict')));
}

export const lostValueOf = (entry: SyncLogDoc): LostValue => JSON.parse(entry.body) as LostValue;
export const rejectedOf = (entry: SyncLogDoc): RejectedBody => JSON.parse(entry.body) as RejectedBody;

/**
 * The customer each entry is about, by entry id, so the UI can name a person instead of an id:
 * the customer itself, or the customer an order, interaction or survey belongs to. A refused
 * change carries its document (which may be gone locally, e.g. a refused delete); otherwise the
 * document is read from its collection. Entries whose customer cannot be found are left out.
 */
export async function customersOfEntries(
  db: FieldbookDatabase,
  entries: readonly SyncLogDoc[],
): Promise<Map<string, Pick<CustomerFields, 'givenName' | 'familyName' | 'company' | 'email'>>> {
  const customerIdOf = new Map<string, string>();
  const carried = new Map<string, AnyDoc>();
  const toRead = new Map<string, string[]>();
  for (const e of entries) {
    const doc = e.kind === 'rejected' ? rejectedOf(e).doc : null;
    if (e.coll === 'customers') {
      customerIdOf.set(e.id, e.docId);
      if (doc) carried.set(e.docId, doc);
    } else if (doc && typeof doc.customerId === 'string') customerIdOf.set(e.id, doc.customerId);
    else toRead.set(e.coll, [...(toRead.get(e.coll) ?? []), e.docId]);
  }
  for (const [name, ids] of toRead) {
    const c = (db.collections as unknown as Record<string, RxCollection<AnyDoc> | undefined>)[name];
    if (!c) continue;
    const found = await c.findByIds(ids).exec();
    for (const e of entries) {
      const doc = e.coll === name ? found.get(e.docId) : undefined;
      const customerId: unknown = doc?.toJSON().customerId;
      if (typeof customerId === 'string') customerIdOf.set(e.id, customerId);
    }
  }
  const customers = await db.customers.findByIds([...new Set(customerIdOf.values())]).exec();
  const out = new Map<string, Pick<CustomerFields, 'givenName' | 'familyName' | 'company' | 'email'>>();
  for (const [entryId, customerId] of customerIdOf) {
    const c = customers.get(customerId)?.toMutableJSON() ?? carried.get(customerId);
    if (c) out.set(entryId, c as unknown as CustomerFields);
  }
  return out;
}

function collectionOf(db: FieldbookDatabase, name: string): RxCollection<AnyDoc> {
  const c = (db.collections as unknown as Record<string, RxCollection<AnyDoc> | undefined>)[name];
  if (!c) throw new Error(`collection ${name} is not open`);
  return c;
}

async function setState(db: FieldbookDatabase, id: string, state: SyncLogDoc['state']): Promise<void> {
  await (await db.synclog.findOne(id).exec())?.incrementalPatch({ state });
}

/** With a customer's derived keys recomputed after fields changed. */
async function withKeys(name: string, doc: Record<string, unknown>): Promise<Record<string, unknown>> {
  if (name !== 'customers') return doc;
  await ensureSearchKeyDataFor([doc]);
  return { ...doc, ...storedKeys(doc as unknown as CustomerFields, Number(doc.updatedAt) || 0) };
}

function plain(doc: Record<string, unknown>): Record<string, unknown> {
  const { _meta, _rev, _attachments, _deleted, ...rest } = doc;
  void _meta;
  void _rev;
  void _attachments;
  void _deleted;
  return rest;
}

/** The current local state, deleted or not. */
async function localState(coll: RxCollection<AnyDoc>, id: string): Promise<WithDeleted<AnyDoc> | null> {
  const [found] = await coll.storageInstance.findDocumentsById([id], true);
  return found ? ({ ...plain(found), _deleted: found._deleted } as WithDeleted<AnyDoc>) : null;
}

/** Writes `fields` as the document's new local state (un-deleting it if it was deleted). */
async function writeLocal(
  coll: RxCollection<AnyDoc>,
  fields: Record<string, unknown>,
  deleted: boolean,
): Promise<void> {
  const live = await coll.findOne(String(fields.id)).exec();
  if (deleted) {
    if (live) await live.remove();
    return;
  }
  if (live) await live.incrementalModify(() => fields as AnyDoc);
  else await coll.insert(fields as AnyDoc);
}

/** "Restore this value": the losing value of a conflict becomes the document's value again. */
export async function restoreConflictValue(db: FieldbookDatabase, entry: SyncLogDoc, meta: WriteMeta): Promise<void> {
  const coll = collectionOf(db, entry.coll);
  const lost = lostValueOf(entry);
  const current = await localState(coll, entry.docId);
  if (!current) throw new Error('the record is no longer on this device');
  if (lost.field === '_deleted') {
    await writeLocal(coll, plain(current), lost.lost === true);
  } else {
    const next = await withKeys(entry.coll, {
      ...plain(current),
      [lost.field]: lost.lost,
      updatedAt: meta.now,
      updatedBy: meta.by,
    });
    await writeLocal(coll, next, false);
  }
  await setState(db, entry.id, 'done');
}

export async function dismissEntry(db: FieldbookDatabase, entry: SyncLogDoc): Promise<void> {
  await setState(db, entry.id, 'done');
}

/**
 * Retry a rejected change (e.g. after the user's role was fixed): the rejected state is applied
 * again on top of whatever the device has now (three-way, so newer changes are kept) and pushed.
 * The entry stays (hidden) until the server accepts the document; a new refusal reopens it.
 */
export async function retryRejected(db: FieldbookDatabase, entry: SyncLogDoc, meta: WriteMeta): Promise<void> {
  const coll = collectionOf(db, entry.coll);
  const { doc, base } = rejectedOf(entry);
  const current = await localState(coll, entry.docId);
  if (entry.coll === 'customers') await ensureSearchKeyDataFor([doc, current ?? {}, base ?? {}]);
  const merged = current ? mergeForCollection(entry.coll, doc, current, base ?? undefined).doc : doc;
  const fields = await withKeys(entry.coll, { ...plain(merged), updatedAt: meta.now, updatedBy: meta.by });
  if (merged._deleted === true) {
    // A rejected delete: bring the document back as the server has it, then delete it again.
    await writeLocal(coll, { ...fields, ...(base ? plain(base) : {}) }, false);
    await writeLocal(coll, fields, true);
  } else {
    await writeLocal(coll, fields, false);
  }
  await setState(db, entry.id, 'done');
}

/** Discard a rejected change: the device goes back to the server's version (or drops a new record). */
export async function discardRejected(db: FieldbookDatabase, entry: SyncLogDoc): Promise<void> {
  const coll = collectionOf(db, entry.coll);
  const { base } = rejectedOf(entry);
  if (base) await writeLocal(coll, plain(base), base._deleted);
  else await writeLocal(coll, { id: entry.docId }, true);
  await setState(db, entry.id, 'done');
}
