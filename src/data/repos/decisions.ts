// "Not duplicates" decisions and the bookkeeping shared by merges and quality fixes, stored in
// the replicated `decisions` collection (schemas.ts) so every device sees them.
import { map, type Observable } from 'rxjs';
import { pairKey } from '../../domain/merge';
import type { WriteMeta } from '../db/write-meta';
import type { FieldbookDatabase } from '../db/database';
import type { DecisionDoc } from '../db/schemas';

export type DecisionKind = DecisionDoc['kind'];

/** Record that two customers are not the same person: the pair is never suggested again. */
export async function markNotDuplicates(
  db: FieldbookDatabase,
  a: string,
  b: string,
  meta: WriteMeta,
): Promise<DecisionDoc> {
  const { id, lo, hi } = pairKey(a, b);
  const doc: DecisionDoc = {
    id,
    createdAt: meta.now,
    updatedAt: meta.now,
    updatedBy: meta.by,
    kind: 'notDuplicate',
    state: 'active',
    groupId: '',
    customerId: lo,
    otherId: hi,
    payload: '',
  };
  await db.decisions.upsert(doc);
  return doc;
}

/** Take a "not duplicates" decision back (the pair may be suggested again). */
export async function unmarkNotDuplicates(db: FieldbookDatabase, a: string, b: string, meta: WriteMeta): Promise<void> {
  const doc = await db.decisions.findOne(pairKey(a, b).id).exec();
  if (doc) await doc.incrementalPatch({ state: 'undone', updatedAt: meta.now, updatedBy: meta.by });
}

export async function isNotDuplicate(db: FieldbookDatabase, a: string, b: string): Promise<boolean> {
  const doc = await db.decisions.findOne(pairKey(a, b).id).exec();
  return doc?.state === 'active';
}

/**
 * Active decisions of one kind, a page at a time through the [kind, state, createdAt] index
 * (callers loop; nothing reads the whole collection at once).
 */
export async function pageDecisions(
  db: FieldbookDatabase,
  kind: DecisionKind,
  after: { createdAt: number; id: string } | null,
  limit = 500,
): Promise<DecisionDoc[]> {
  const docs = await db.decisions
    .find({
      selector: { kind, state: 'active', createdAt: { $gte: after?.createdAt ?? 0 } },
      sort: [{ kind: 'asc' }, { state: 'asc' }, { createdAt: 'asc' }, { id: 'asc' }],
      limit: limit + 50,
    })
    .exec();
  const rows = docs.map((d) => d.toMutableJSON());
  // Keyset paging: skip what the previous page already returned (same createdAt, id not after).
  const fresh = after ? rows.filter((r) => r.createdAt > after.createdAt || r.id > after.id) : rows;
  return fresh.slice(0, limit);
}

/** All active "not duplicates" pairs as `lo|hi` keys, read in pages. */
export async function loadNotDuplicatePairs(db: FieldbookDatabase): Promise<Set<string>> {
  const out = new Set<string>();
  let after: { createdAt: number; id: string } | null = null;
  for (;;) {
    const page = await pageDecisions(db, 'notDuplicate', after);
    for (const d of page) out.add(`${d.customerId}|${d.otherId}`);
    const last = page[page.length - 1];
    if (!last || page.length < 500) return out;
    after = { createdAt: last.createdAt, id: last.id };
  }
}

/** Every change to decisions (here, another tab, or sync) as plain documents. */
export function decisionChanges$(db: FieldbookDatabase): Observable<DecisionDoc[]> {
  return db.decisions.eventBulks$.pipe(map((bulk) => bulk.events.map((e) => e.documentData as DecisionDoc)));
}

/** Number of records merged away (index-only count: one active merge decision per record). */
export async function countMergedAway(db: FieldbookDatabase): Promise<number> {
  // A database opened with `only` (two-device node tests) may not have the collection.
  if (!(db.collections as Partial<FieldbookDatabase['collections']>).decisions) return 0;
  return db.decisions.count({ selector: { kind: 'merge', state: 'active' } }).exec();
}
