// Keeps the derived `customertags` collection in step with customers: one row per (customer, tag)
// carrying the customer's sort keys, so "filter by tag" pages through an index. It follows the
// customers change stream, so writes from any source (this tab, another tab, later: sync) count.
import type { Subscription } from 'rxjs';
import { fold } from '../domain/text';
import type { FieldbookDatabase } from './database';
import type { CustomerDoc, CustomerTagDoc } from './schemas';

export function tagKey(tag: string): string {
  return fold(tag).slice(0, 200);
}

export function tagRows(c: Pick<CustomerDoc, 'id' | 'nameKey' | 'companySort' | 'recentKey'> & { tags: readonly string[] }): CustomerTagDoc[] {
  const seen = new Set<string>();
  const rows: CustomerTagDoc[] = [];
  for (const tag of c.tags) {
    const key = tagKey(tag);
    if (!key || seen.has(key)) continue;
    seen.add(key);
    rows.push({ id: `${key}|${c.id}`, tagKey: key, tag, customerId: c.id, nameKey: c.nameKey, companySort: c.companySort, recentKey: c.recentKey });
  }
  return rows;
}

export interface TagIndexer {
  /** Resolves when every change seen so far has been applied. */
  idle(): Promise<void>;
  stop(): void;
}

export function startTagIndex(db: FieldbookDatabase): TagIndexer {
  let queue: Promise<void> = Promise.resolve();
  const sub: Subscription = db.customers.eventBulks$.subscribe((bulk) => {
    const removeIds: string[] = [];
    const upserts = new Map<string, CustomerTagDoc>();
    for (const ev of bulk.events) {
      const prev = ev.previousDocumentData as CustomerDoc | undefined;
      const next = ev.documentData as CustomerDoc & { _deleted?: boolean };
      const nextRows = ev.operation === 'DELETE' || next._deleted || next.mergedInto ? [] : tagRows(next);
      const nextIds = new Set(nextRows.map((r) => r.id));
      if (prev) for (const r of tagRows(prev)) if (!nextIds.has(r.id)) removeIds.push(r.id);
      for (const r of nextRows) upserts.set(r.id, r);
    }
    if (removeIds.length === 0 && upserts.size === 0) return;
    queue = queue
      .then(async () => {
        if (removeIds.length) await db.customertags.bulkRemove(removeIds);
        if (upserts.size) await db.customertags.bulkUpsert([...upserts.values()]);
      })
      .catch((err: unknown) => console.error('tag index update failed', err));
  });
  return {
    idle: async () => {
      // Changes emitted while we wait are chained onto the queue; loop until it is stable.
      let current: Promise<void>;
      do {
        current = queue;
        await current;
      } while (current !== queue);
    },
    stop: () => sub.unsubscribe(),
  };
}
