// Merging duplicate customers (docs/ARCHITECTURE.md, "Merged duplicates"): one `decisions` row
// per record merged away holding everything Undo needs (written FIRST, so a crash mid-merge leaves
// the information to finish or undo it), then children re-pointed to the survivor, the survivor
// updated, and the other records kept as tombstones with `mergedInto` = survivor. Undo is in
// undo.ts, the follower that keeps late arrivals consistent in follower.ts.
import { mergeFields, type MergeChoices, type MergeRecord } from '../../domain/merge';
import { newId } from '../../domain/ids';
import { ensureSearchKeyDataFor } from '../../domain/customer';
import { customerAfterUpdate, writeCustomerUpdate } from '../repos/customers';
import { changesOf, recordAudit } from '../repos/audit';
import type { WriteMeta } from '../db/write-meta';
import type { FieldbookDatabase } from '../db/database';
import type { CustomerDoc, DecisionDoc } from '../db/schemas';
import {
  CHILDREN,
  childrenOf,
  fieldsOf,
  getCustomer,
  repoint,
  resolveSurvivor,
  type ChildCollection,
  type ChildDoc,
  type MergePayload,
} from './records';
import { isInUse } from '../../domain/trash';

export type { MergePayload } from './records';

export interface MergeResult {
  mergeId: string;
  survivorId: string;
  /** The records merged away (already-merged or missing ones are skipped). */
  mergedIds: string[];
}

/**
 * Merge `otherIds` into `survivorId`. `choices` picks the surviving value per field (defaults:
 * domain/merge.ts). Merging into a record that is itself merged merges into the end of its chain.
 */
export async function mergeCustomers(
  db: FieldbookDatabase,
  survivorId: string,
  otherIds: readonly string[],
  choices: MergeChoices,
  by: string,
  now = Date.now(),
): Promise<MergeResult> {
  const meta: WriteMeta = { now, by };
  const target = await resolveSurvivor(db, survivorId);
  const survivor = await getCustomer(db, target);
  if (!survivor) throw new Error(`customer ${survivorId} not found`);
  const others: CustomerDoc[] = [];
  for (const id of new Set(otherIds)) {
    if (id === target) continue;
    const doc = await getCustomer(db, id);
    if (doc && isInUse(doc)) others.push(doc);
  }
  const mergeId = newId(now);
  if (others.length === 0) return { mergeId, survivorId: target, mergedIds: [] };

  // Choices made for a record id that was resolved away (chain) point at the survivor instead.
  const fixedChoices: MergeChoices = {};
  for (const [f, id] of Object.entries(choices) as [keyof MergeChoices, string][])
    fixedChoices[f] = id === survivorId ? target : id;
  const records: MergeRecord[] = [survivor, ...others].map((d) => ({
    ...fieldsOf(d),
    id: d.id,
    updatedAt: d.updatedAt,
  }));
  const merged = mergeFields(target, records, fixedChoices);
  await ensureSearchKeyDataFor([merged]);
  // Exactly what updateCustomer below writes.
  const survivorAfter: CustomerDoc = customerAfterUpdate(survivor, merged, meta);

  const payloads: { other: CustomerDoc; children: Record<ChildCollection, ChildDoc[]> }[] = [];
  for (const other of others) {
    const children = { orders: [], interactions: [], surveys: [] } as Record<ChildCollection, ChildDoc[]>;
    for (const name of CHILDREN) children[name] = await childrenOf(db, name, other.id);
    payloads.push({ other, children });
  }
  await db.decisions.bulkInsert(
    payloads.map(({ other, children }): DecisionDoc => {
      const payload: MergePayload = {
        survivorBefore: survivor,
        survivorAfter,
        otherBefore: other,
        children: {
          orders: children.orders.map((c) => ({ id: c.id, updatedAt: c.updatedAt, updatedBy: c.updatedBy })),
          interactions: children.interactions.map((c) => ({
            id: c.id,
            updatedAt: c.updatedAt,
            updatedBy: c.updatedBy,
          })),
          surveys: children.surveys.map((c) => ({ id: c.id, updatedAt: c.updatedAt, updatedBy: c.updatedBy })),
        },
      };
      return {
        id: `merge|${mergeId}|${other.id}`,
        createdAt: now,
        updatedAt: now,
        updatedBy: by,
        kind: 'merge',
        state: 'active',
        groupId: mergeId,
        customerId: other.id,
        otherId: target,
        payload: JSON.stringify(payload),
      };
    }),
  );
  for (const { children } of payloads)
    for (const name of CHILDREN) await repoint(db, name, children[name], target, meta);
  const mergedIds = payloads.map((p) => p.other.id);
  await writeCustomerUpdate(db, target, merged, meta, { action: 'merge', note: mergedIds.join(' ') });
  for (const { other } of payloads) {
    const doc = await db.customers.findOne(other.id).exec();
    await doc?.incrementalPatch({ mergedInto: target, updatedAt: now, updatedBy: by });
  }
  await recordAudit(
    db,
    meta,
    payloads.map(({ other }) => ({
      action: 'merge' as const,
      coll: 'customers' as const,
      customerId: other.id,
      docId: other.id,
      changes: changesOf('customers', { mergedInto: other.mergedInto }, { mergedInto: target }),
      note: target,
    })),
  );
  return { mergeId, survivorId: target, mergedIds };
}
