// Undoing a merge: the records merged away, their children and the survivor put back as they were,
// keeping any edit made after the merge; and the list of recent merges that can be undone.
import { ensureSearchKeyDataFor } from '../../domain/customer';
import { DAY_MS } from '../../domain/dates';
import type { WriteMeta } from '../db/write-meta';
import type { FieldbookDatabase } from '../db/database';
import { storedKeys } from '../db/keys';
import type { CustomerDoc, DecisionDoc } from '../db/schemas';
import { CHILDREN, fieldsOf, type ChildDoc, type MergePayload } from './records';
import { recordAudit } from '../repos/audit';

const AUDIT = new Set(['updatedAt', 'updatedBy', 'recentKey']);
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * Put a document back as it was before the merge (same id; RxDB keeps a new revision). With
 * `after` (what the merge wrote), a field changed since the merge — an edit made after it, here or
 * synced — keeps its current value instead: Undo never throws a later edit away. Untouched
 * records come back exactly.
 */
async function restoreDoc(
  db: FieldbookDatabase,
  before: CustomerDoc,
  after: CustomerDoc | undefined,
  meta: WriteMeta,
): Promise<void> {
  const doc = await db.customers.findOne(before.id).exec();
  if (!doc) {
    await db.customers.upsert(before);
    return;
  }
  // The modifier recomputes keys from fields of these versions (or of a write in between, hence the doc).
  await ensureSearchKeyDataFor([before, doc.toJSON(), ...(after ? [after] : [])]);
  await doc.incrementalModify((current) => {
    if (!after) return { ...before };
    const out: Record<string, unknown> = { ...before };
    let kept = false;
    for (const k of Object.keys(before) as (keyof CustomerDoc)[]) {
      if (AUDIT.has(k) || k === 'id' || k === 'createdAt') continue;
      if (!same(current[k], after[k])) {
        out[k] = current[k];
        kept = true;
      }
    }
    if (!kept) return { ...before };
    const fields = fieldsOf(out as CustomerDoc);
    return { ...(out as CustomerDoc), ...storedKeys(fields, meta.now), updatedAt: meta.now, updatedBy: meta.by };
  });
}

/** The merge decisions of one merge. */
export async function mergeDecisions(db: FieldbookDatabase, mergeId: string): Promise<DecisionDoc[]> {
  const docs = await db.decisions.find({ selector: { groupId: mergeId }, limit: 1000 }).exec();
  return docs.map((d) => d.toMutableJSON()).filter((d) => d.kind === 'merge');
}

/**
 * Undo a merge: the records merged away come back (mergedInto cleared, every field as before),
 * their children point at them again, the survivor is as it was before the merge. Returns false
 * when there is nothing to undo (unknown or already undone).
 */
export async function undoMerge(
  db: FieldbookDatabase,
  mergeId: string,
  by: string,
  now = Date.now(),
): Promise<boolean> {
  const decisions = (await mergeDecisions(db, mergeId)).filter((d) => d.state === 'active');
  if (decisions.length === 0) return false;
  const payloads = decisions.map((d) => ({
    ...(JSON.parse(d.payload) as MergePayload),
    mergedAt: d.createdAt,
    mergedBy: d.updatedBy,
    survivorId: d.otherId,
  }));
  const meta: WriteMeta = { now, by };
  // Others first: once they are no longer merged, the follower leaves their children alone.
  for (const p of payloads) {
    const after = p.survivorAfter
      ? { ...p.otherBefore, mergedInto: p.survivorId, updatedAt: p.mergedAt, updatedBy: p.mergedBy }
      : undefined;
    await restoreDoc(db, p.otherBefore, after, meta);
  }
  for (const p of payloads) {
    for (const name of CHILDREN) {
      const before = p.children[name];
      if (before.length === 0) continue;
      const coll = db[name] as unknown as {
        findByIds(ids: string[]): { exec(): Promise<Map<string, { toMutableJSON(): ChildDoc }>> };
        bulkUpsert(d: ChildDoc[]): Promise<unknown>;
      };
      for (let i = 0; i < before.length; i += 200) {
        const chunk = before.slice(i, i + 200);
        const found = await coll.findByIds(chunk.map((c) => c.id)).exec();
        const docs = chunk.flatMap((c) => {
          const d = found.get(c.id)?.toMutableJSON();
          // Moved elsewhere since (e.g. another merge): leave it there.
          if (!d || d.customerId !== p.survivorId) return [];
          // Untouched since the merge (or since the follower moved it): exactly as before; edited
          // since: keep the edit, move it back.
          const untouched = d.updatedAt === (c.movedAt ?? p.mergedAt);
          return [
            {
              ...d,
              customerId: p.otherBefore.id,
              ...(untouched ? { updatedAt: c.updatedAt, updatedBy: c.updatedBy } : { updatedAt: now, updatedBy: by }),
            },
          ];
        });
        if (docs.length) await coll.bulkUpsert(docs);
      }
    }
  }
  const first = payloads[0];
  if (first) await restoreDoc(db, first.survivorBefore, first.survivorAfter, meta);
  for (const d of decisions) {
    const doc = await db.decisions.findOne(d.id).exec();
    await doc?.incrementalPatch({ state: 'undone', updatedAt: now, updatedBy: by });
  }
  const survivorId = first?.survivorId ?? '';
  const otherIds = payloads.map((p) => p.otherBefore.id);
  await recordAudit(db, meta, [
    { action: 'unmerge', coll: 'customers', customerId: survivorId, docId: survivorId, note: otherIds.join(' ') },
    ...otherIds.map((id) => ({
      action: 'unmerge' as const,
      coll: 'customers' as const,
      customerId: id,
      docId: id,
      note: survivorId,
    })),
  ]);
  return true;
}

/**
 * Active merges of the last `days` days, newest first (one indexed range on [kind, state,
 * createdAt]; descending cursors are not index-served in the Dexie storage, so the short recent
 * range is read ascending and reversed).
 */
export async function recentMerges(
  db: FieldbookDatabase,
  limit = 20,
  days = 30,
  now = Date.now(),
): Promise<DecisionDoc[]> {
  const docs = await db.decisions
    .find({
      selector: { kind: 'merge', state: 'active', createdAt: { $gte: now - days * DAY_MS } },
      sort: [{ kind: 'asc' }, { state: 'asc' }, { createdAt: 'asc' }],
      limit: 1000,
    })
    .exec();
  return docs
    .slice(-limit)
    .reverse()
    .map((d) => d.toMutableJSON());
}
