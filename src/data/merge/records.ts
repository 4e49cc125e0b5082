// What merge, undo and the merge follower share: a customer's fields and survivor, its children
// (orders, interactions, surveys) and how they are re-pointed, and the payload a merge decision
// keeps for Undo. The rules of which value survives are pure in domain/merge.ts.
import { followChain } from '../../domain/merge';
import type { CustomerFields } from '../../domain/types';
import { CUSTOMER_FIELD_NAMES } from '../../domain/customer-fields';
import type { WriteMeta } from '../db/write-meta';
import type { FieldbookDatabase } from '../db/database';
import type { CustomerDoc, InteractionDoc, OrderDoc, SurveyDoc } from '../db/schemas';

export const CHILDREN = ['orders', 'interactions', 'surveys'] as const;
export type ChildCollection = (typeof CHILDREN)[number];
export type ChildDoc = OrderDoc | InteractionDoc | SurveyDoc;
/** The fields of a child a merge changes (and Undo puts back). */
export interface ChildBefore {
  id: string;
  updatedAt: number;
  updatedBy: string;
  /** Set for a child that arrived after the merge and was re-pointed then (by the follower). */
  movedAt?: number;
}
export interface MergePayload {
  survivorBefore: CustomerDoc;
  /** The survivor as the merge wrote it: Undo keeps any field changed since (a later edit). */
  survivorAfter?: CustomerDoc;
  otherBefore: CustomerDoc;
  children: Record<ChildCollection, ChildBefore[]>;
}

export function fieldsOf(doc: CustomerDoc): CustomerFields {
  const out = {} as Record<keyof CustomerFields, unknown>;
  // Deep copies: consent and its history are objects the caller may change.
  for (const f of CUSTOMER_FIELD_NAMES) out[f] = typeof doc[f] === 'object' ? structuredClone(doc[f]) : doc[f];
  return out as CustomerFields;
}

export async function getCustomer(db: FieldbookDatabase, id: string): Promise<CustomerDoc | null> {
  const d = await db.customers.findOne(id).exec();
  return d ? d.toMutableJSON() : null;
}

/** The record a (possibly merged) customer id ended up in, following `mergedInto` links. */
export async function resolveSurvivor(db: FieldbookDatabase, id: string): Promise<string> {
  const known = new Map<string, string>();
  let current = id;
  // followChain is synchronous: read the chain first (at most a few hops).
  for (let i = 0; i < 32; i++) {
    const doc = await getCustomer(db, current);
    if (!doc?.mergedInto || known.has(current)) break;
    known.set(current, doc.mergedInto);
    current = doc.mergedInto;
  }
  return followChain(id, (x) => known.get(x));
}

/** Children of one customer, read in pages through the [customerId, time] index. */
export async function childrenOf(
  db: FieldbookDatabase,
  name: ChildCollection,
  customerId: string,
): Promise<ChildDoc[]> {
  const out: ChildDoc[] = [];
  const coll = db[name];
  const timeField = name === 'orders' ? 'orderedAt' : 'at';
  let skip = 0;
  for (;;) {
    const docs = await coll
      .find({
        selector: { customerId },
        sort: [{ customerId: 'asc' }, { [timeField]: 'asc' }] as never,
        skip,
        limit: 500,
      })
      .exec();
    for (const d of docs) out.push(d.toMutableJSON());
    if (docs.length < 500) return out;
    skip += docs.length;
  }
}

export async function repoint(
  db: FieldbookDatabase,
  name: ChildCollection,
  docs: readonly ChildDoc[],
  customerId: string,
  meta: WriteMeta,
): Promise<void> {
  if (docs.length === 0) return;
  const coll = db[name] as unknown as { bulkUpsert(d: ChildDoc[]): Promise<unknown> };
  for (let i = 0; i < docs.length; i += 200) {
    await coll.bulkUpsert(
      docs.slice(i, i + 200).map((d) => ({ ...d, customerId, updatedAt: meta.now, updatedBy: meta.by })),
    );
  }
}

/**
 * Re-points children found on a merged-away record after its merge (they arrived later by sync or
 * import, or the tombstone arrived before them) and adds them to that merge's record, so Undo merge
 * sends them back to the record they were written for. Without an active merge record on this
 * device (e.g. the tombstone arrived by sync before the decision) they are only re-pointed.
 */
export async function repointLate(
  db: FieldbookDatabase,
  name: ChildCollection,
  docs: readonly ChildDoc[],
  mergedId: string,
  target: string,
  by: string,
): Promise<void> {
  if (docs.length === 0) return;
  const now = Date.now();
  await repoint(db, name, docs, target, { now, by });
  const decision = await db.decisions
    .findOne({
      selector: { kind: 'merge', customerId: mergedId, state: 'active' },
      sort: [{ kind: 'asc' }, { customerId: 'asc' }],
    })
    .exec();
  if (!decision) return;
  const payload = JSON.parse(decision.payload) as MergePayload;
  const known = new Set(payload.children[name].map((c) => c.id));
  const added = docs
    .filter((d) => !known.has(d.id))
    .map((d) => ({ id: d.id, updatedAt: d.updatedAt, updatedBy: d.updatedBy, movedAt: now }));
  if (added.length === 0) return;
  payload.children[name] = [...payload.children[name], ...added];
  await decision.incrementalPatch({ payload: JSON.stringify(payload), updatedAt: now, updatedBy: by });
}
