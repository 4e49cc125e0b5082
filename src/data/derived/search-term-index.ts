// Keeps the derived `searchterms` collection in step with customers: one row per (customer, extra
// search term) from the pure `customerTerms` (domain/search-terms.ts), so that a word inside a
// company name, pinyin typed without a space or a merged customer's second phone is found by an
// indexed prefix lookup (repos/customers.ts searchCustomers). It follows the customers change stream
// durably (follow.ts) like the tag index: writes from this tab, other tabs and sync all count.
//
// Why a derived collection and not more keys on the customer: the number of terms varies per
// customer (one per later word of a company name, three per other phone), RxDB's Dexie storage has
// no multi-entry indexes, and every customer index costs every customer write (docs/ARCHITECTURE.md,
// "Storage rules"). Most customers have 0–3 terms; the rows are small (id, term, customerId).
import { customerTerms } from '../../domain/search-terms';
import { ensurePhoneMetadata, nationalNumberOf } from '../../domain/phone';
import type { FieldbookDatabase } from '../db/database';
import type { CustomerDoc, SearchTermDoc } from '../db/schemas';
import { followChanges, upsertInSlices, type Changed } from './follow';
import { purgeTombstones } from '../db/storage';

/** The index rows of one customer (none for a record merged away or deleted). */
export function searchTermRows(c: CustomerDoc): SearchTermDoc[] {
  if (c.mergedInto) return [];
  return customerTerms(c, nationalNumberOf).map((term) => ({ id: `${c.id}|${term}`, term, customerId: c.id }));
}

/** Loads the phone metadata when a customer has other phones (their national numbers are terms). */
export async function ensureTermDataFor(docs: readonly CustomerDoc[]): Promise<void> {
  if (docs.some((c) => c.otherPhones.length > 0)) await ensurePhoneMetadata();
}

/** The stored rows of these customers: one id range ("<customerId>|…") per customer. */
async function storedRowIds(db: FieldbookDatabase, customerIds: readonly string[]): Promise<string[]> {
  const found = await Promise.all(
    customerIds.map((id) => db.searchterms.find({ selector: { id: { $gte: `${id}|`, $lt: `${id}|\uffff` } } }).exec()),
  );
  return found.flat().map((r) => r.id);
}

/**
 * Replaces the rows of these customers with their current terms. A customer at its first revision
 * ("1-…", never written before) has no rows yet, so a bulk load costs no lookups; a rebuild passes
 * `lookupAll` (rows of an older index version may be there).
 */
export async function writeSearchTerms(
  db: FieldbookDatabase,
  docs: ReadonlyArray<CustomerDoc & { _deleted?: boolean; _rev?: string }>,
  opts: { lookupAll?: boolean } = {},
): Promise<number> {
  const live = docs.filter((c) => !c._deleted);
  await ensureTermDataFor(live);
  const upserts = new Map<string, SearchTermDoc>();
  for (const c of live) for (const r of searchTermRows(c)) upserts.set(r.id, r);
  const seen = docs.filter((c) => opts.lookupAll || !c._rev?.startsWith('1-')).map((c) => c.id);
  const stale = (await storedRowIds(db, seen)).filter((id) => !upserts.has(id));
  // Purged, not only removed: the row id holds the term (words of a name, digits of a phone).
  if (stale.length) await db.searchterms.bulkRemove(stale).then(() => purgeTombstones(db.searchterms));
  await upsertInSlices(db.searchterms, [...upserts.values()]);
  return upserts.size;
}

export interface SearchTermIndexer {
  /** Resolves when every change seen so far has been applied. */
  idle(): Promise<void>;
  stop(): void;
}

/**
 * Follows customer writes durably: after a crash, or on the first start of a database written before
 * this index existed (no checkpoint yet: the follower then reads every customer once, in batches),
 * the next start catches up.
 */
export function startSearchTermIndex(db: FieldbookDatabase): SearchTermIndexer {
  return followChanges<CustomerDoc, SearchTermDoc>({
    collection: db.customers,
    checkpointStore: db.searchterms,
    key: 'search-terms-checkpoint',
    apply: async (docs: Array<Changed<CustomerDoc>>) => {
      await writeSearchTerms(db, docs);
    },
    onError: (err) => console.error('search term index update failed', err),
  });
}
