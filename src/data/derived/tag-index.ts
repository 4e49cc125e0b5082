// Keeps the derived `customertags` collection in step with customers: one row per (customer, tag)
// carrying the customer's sort keys, so "filter by tag" pages through an index. It follows the
// customers change stream, so writes from any source (this tab, another tab, later: sync) count.
import { fold } from '../../domain/text';
import type { FieldbookDatabase } from '../db/database';
import { followChanges, upsertInSlices } from './follow';
import type { CustomerDoc, CustomerTagDoc } from '../db/schemas';
import { isInUse } from '../../domain/trash';
import { purgeTombstones } from '../db/storage';

export function tagKey(tag: string): string {
  return fold(tag).slice(0, 200);
}

export function tagRows(
  c: Pick<CustomerDoc, 'id' | 'nameKey' | 'companySort' | 'recentKey'> & { tags: readonly string[] },
): CustomerTagDoc[] {
  const seen = new Set<string>();
  const rows: CustomerTagDoc[] = [];
  for (const tag of c.tags) {
    const key = tagKey(tag);
    if (!key || seen.has(key)) continue;
    seen.add(key);
    rows.push({
      id: `${key}|${c.id}`,
      tagKey: key,
      tag,
      customerId: c.id,
      nameKey: c.nameKey,
      companySort: c.companySort,
      recentKey: c.recentKey,
    });
  }
  return rows;
}

export interface TagIndexer {
  /** Resolves when every change seen so far has been applied. */
  idle(): Promise<void>;
  stop(): void;
}

/**
 * Follows customer writes durably (follow.ts): after a crash or with the app closed while another
 * tab or sync wrote, the next start catches up from the stored checkpoint. Each batch replaces the
 * rows of the changed customers: the current tags' rows are upserted, any other row of theirs goes.
 */
export function startTagIndex(db: FieldbookDatabase): TagIndexer {
  return followChanges<CustomerDoc, CustomerTagDoc>({
    collection: db.customers,
    checkpointStore: db.customertags,
    key: 'tag-index-checkpoint',
    apply: async (docs) => {
      const upserts = new Map<string, CustomerTagDoc>();
      for (const c of docs) if (!c._deleted && isInUse(c)) for (const r of tagRows(c)) upserts.set(r.id, r);
      const existing = await db.customertags.find({ selector: { customerId: { $in: docs.map((c) => c.id) } } }).exec();
      const stale = existing.map((r) => r.id).filter((id) => !upserts.has(id));
      // Purged, not only removed: a tombstone would keep the row's name key (an erased customer's too).
      if (stale.length) await db.customertags.bulkRemove(stale).then(() => purgeTombstones(db.customertags));
      await upsertInSlices(db.customertags, [...upserts.values()]);
    },
    onError: (err) => console.error('tag index update failed', err),
  });
}
