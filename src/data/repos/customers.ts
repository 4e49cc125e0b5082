// Customer repository: the small verbs the app uses. Every read is an indexed range query with a
// limit (keyset paging), so no screen ever reads the whole collection.
import { map, type Observable } from 'rxjs';
import type { MangoQuery, MangoQuerySortPart } from 'rxdb';
import { planSearch, type SearchTerm } from '../../domain/search';
import { newId } from '../../domain/ids';
import type { CustomerFields, CustomerSearchKeys } from '../../domain/types';
import type { FieldbookDatabase } from '../db/database';
import type { WriteMeta } from '../db/write-meta';
import { prefixRange, storedKeys } from '../db/keys';
import type { CustomerDoc, CustomerTagDoc } from '../db/schemas';
import { findPlain } from '../db/storage';
import { tagKey } from '../derived/tag-index';
import { countMergedAway } from './decisions';
import { ensureSearchKeyDataFor } from '../../domain/customer';

export type CustomerSort = 'name' | 'recent' | 'company';
export const CUSTOMER_SORTS: readonly CustomerSort[] = ['name', 'recent', 'company'];

/** The indexed field behind each sort order (all ascending; see schemas.ts on recentKey). */
const SORT_FIELD = { name: 'nameKey', recent: 'recentKey', company: 'companySort' } as const;
type SortField = (typeof SORT_FIELD)[CustomerSort];

export type { WriteMeta } from '../db/write-meta';

/** Synchronous: a Chinese name or a phone needs `ensureSearchKeyDataFor([fields])` first (createCustomer does). */
export function toCustomerDoc(id: string, fields: CustomerFields, createdAt: number, meta: WriteMeta): CustomerDoc {
  return { id, createdAt, updatedAt: meta.now, updatedBy: meta.by, ...fields, ...storedKeys(fields, meta.now) };
}

export async function createCustomer(
  db: FieldbookDatabase,
  fields: CustomerFields,
  meta: WriteMeta,
): Promise<CustomerDoc> {
  await ensureSearchKeyDataFor([fields]);
  const doc = toCustomerDoc(newId(meta.now), fields, meta.now, meta);
  await db.customers.insert(doc);
  return doc;
}

export async function updateCustomer(
  db: FieldbookDatabase,
  id: string,
  fields: CustomerFields,
  meta: WriteMeta,
): Promise<CustomerDoc> {
  const doc = await db.customers.findOne(id).exec();
  if (!doc) throw new Error(`customer ${id} not found`);
  await ensureSearchKeyDataFor([fields]);
  const updated = await doc.incrementalPatch({
    ...fields,
    ...storedKeys(fields, meta.now),
    updatedAt: meta.now,
    updatedBy: meta.by,
  });
  return updated.toMutableJSON();
}

/** Soft delete (an RxDB tombstone, which replicates). Returns what is needed to undo it. */
export async function deleteCustomer(db: FieldbookDatabase, id: string): Promise<CustomerDoc | null> {
  const doc = await db.customers.findOne(id).exec();
  if (!doc) return null;
  const snapshot = doc.toMutableJSON();
  await doc.remove();
  return snapshot;
}

/** Undo of a delete: the same document comes back with the same id and fields. */
export async function restoreCustomer(db: FieldbookDatabase, snapshot: CustomerDoc): Promise<void> {
  await db.customers.insert(snapshot);
}

export function customerById$(db: FieldbookDatabase, id: string): Observable<CustomerDoc | null> {
  return db.customers.findOne(id).$.pipe(map((d) => (d ? d.toMutableJSON() : null)));
}

export async function customersByIds(db: FieldbookDatabase, ids: string[]): Promise<CustomerDoc[]> {
  const found = await db.customers.findByIds(ids).exec();
  return ids.flatMap((id) => {
    const d = found.get(id);
    return d ? [d.toMutableJSON()] : [];
  });
}

/** Where the previous page ended: the sort key and id of its last row. */
export interface PageCursor {
  key: string | number;
  id: string;
  /** ids already shown that share `key` (ties are skipped on the next page). */
  tiedIds: string[];
}

export interface Page {
  rows: CustomerDoc[];
  next: PageCursor | null;
}

function sortKeyOf(row: Pick<CustomerDoc, SortField>, field: SortField): string | number {
  return row[field];
}

function cursorAfter(
  rows: Array<Pick<CustomerDoc, SortField | 'id'>>,
  field: SortField,
  previous: PageCursor | null,
): PageCursor | null {
  const last = rows[rows.length - 1];
  if (!last) return null;
  const key = sortKeyOf(last, field);
  const tied = rows.filter((r) => sortKeyOf(r, field) === key).map((r) => r.id);
  const carried = previous && previous.key === key ? previous.tiedIds : [];
  return { key, id: last.id, tiedIds: [...carried, ...tied] };
}

/**
 * One page of customers in the chosen order, optionally only those with a tag. Keyset paging: the
 * next page starts at the last key (>=) and skips the ties already shown, so each page costs one
 * indexed cursor of about `limit` rows however deep the user has scrolled.
 */
export async function pageCustomers(
  db: FieldbookDatabase,
  opts: { sort: CustomerSort; tag?: string; after?: PageCursor | null; limit?: number },
): Promise<Page> {
  const limit = opts.limit ?? 50;
  const field = SORT_FIELD[opts.sort];
  const after = opts.after ?? null;
  const skip = new Set(after?.tiedIds ?? []);
  const range = after ? { $gte: after.key } : { $gte: field === 'recentKey' ? 0 : '' };
  const sort = [{ [field]: 'asc' }, { id: 'asc' }] as MangoQuerySortPart<CustomerDoc>[];

  if (opts.tag) {
    const key = tagKey(opts.tag);
    const tagRowsFound = await db.customertags
      .find({
        selector: { tagKey: key, [field]: range },
        sort: [{ tagKey: 'asc' }, ...sort] as MangoQuerySortPart<CustomerTagDoc>[],
        limit: limit + skip.size,
      })
      .exec();
    const fresh = tagRowsFound.map((r) => r.toJSON()).filter((r) => !skip.has(r.customerId));
    const page = fresh.slice(0, limit);
    const customers = await customersByIds(
      db,
      page.map((r) => r.customerId),
    );
    const cursorRows = page.map((r) => ({ ...r, id: r.customerId }));
    return { rows: customers, next: page.length < limit ? null : cursorAfter(cursorRows, field, after) };
  }

  // Merged records (tombstones with `mergedInto`) are skipped; they are rare, so when
  // they thin a page the same indexed cursor is simply read further (fetch size doubles).
  for (let fetch = limit + skip.size; ; fetch *= 2) {
    // Plain rows straight from the storage: a fast fling reads thousands of rows a second and the
    // list copies the few fields it shows, so RxDocuments and their deep copies were pure garbage.
    const found = await findPlain(db.customers, { selector: { [field]: range }, sort, limit: fetch });
    const rows = found.filter((r) => !skip.has(r.id) && !r.mergedInto).slice(0, limit);
    if (rows.length >= limit || found.length < fetch)
      return { rows, next: rows.length < limit ? null : cursorAfter(rows, field, after) };
  }
}

/**
 * The index that serves a prefix lookup on each search key. The company is searched through
 * `companySort` ("<company>\u0001<name>"), which starts with the company key, so one index serves
 * both the company sort and company search.
 */
const INDEXED_SEARCH_FIELD: Record<keyof CustomerSearchKeys, keyof CustomerDoc> = {
  nameKey: 'nameKey',
  nameRevKey: 'nameRevKey',
  hanziKey: 'hanziKey',
  initialsKey: 'initialsKey',
  emailKey: 'emailKey',
  phoneKey: 'phoneKey',
  nationalKey: 'nationalKey',
  phoneRevKey: 'phoneRevKey',
  companyKey: 'companySort',
};

/** One indexed prefix query per search term (exported so tests can check each query's plan). */
export function searchQueries(terms: readonly SearchTerm[], limit: number): MangoQuery<CustomerDoc>[] {
  return terms.map((t) => {
    const field = INDEXED_SEARCH_FIELD[t.key];
    return {
      selector: { [field]: prefixRange(t.prefix) },
      sort: [{ [field]: 'asc' }, { id: 'asc' }] as MangoQuerySortPart<CustomerDoc>[],
      limit,
    };
  });
}

const SORT_COMPARE: Record<CustomerSort, (a: CustomerDoc, b: CustomerDoc) => number> = {
  name: (a, b) => (a.nameKey < b.nameKey ? -1 : a.nameKey > b.nameKey ? 1 : 0),
  recent: (a, b) => b.updatedAt - a.updatedAt,
  company: (a, b) => (a.companySort < b.companySort ? -1 : a.companySort > b.companySort ? 1 : 0),
};

/**
 * What the last keystrokes fetched, per search term. When a term's lookup came back with fewer rows
 * than its limit, it held every match of that prefix, so a longer prefix typed next is answered by
 * filtering those rows in memory instead of another IndexedDB cursor. Any customer write clears it
 * (the list state calls `clear()` from the change stream), so it never serves stale rows.
 */
export class SearchCache {
  #terms = new Map<string, { prefix: string; limit: number; rows: CustomerDoc[] }>();
  /** Bumped by clear(): a lookup that started before a write must not store its (older) rows. */
  generation = 0;

  /** The complete rows for (field, prefix) if a shorter prefix's complete result is cached. */
  lookup(field: keyof CustomerDoc, prefix: string, limit: number): CustomerDoc[] | null {
    const hit = this.#terms.get(field);
    if (!hit || hit.rows.length >= hit.limit || hit.limit < limit || !prefix.startsWith(hit.prefix)) return null;
    return hit.rows.filter((r) => String(r[field]).startsWith(prefix));
  }

  store(field: keyof CustomerDoc, prefix: string, limit: number, rows: CustomerDoc[], generation: number): void {
    if (generation === this.generation) this.#terms.set(field, { prefix, limit, rows });
  }

  clear(): void {
    this.generation++;
    this.#terms.clear();
  }
}

/**
 * Search as you type: the query becomes a few indexed prefix lookups (name in both orders, pinyin,
 * hanzi, initials, email, phone digits from the start or the end, company), run in parallel with a
 * limit each; results are merged, optionally narrowed to a tag and put in the chosen order.
 */
export async function searchCustomers(
  db: FieldbookDatabase,
  query: string,
  opts: { sort: CustomerSort; tag?: string; limit?: number; cache?: SearchCache },
): Promise<CustomerDoc[]> {
  const limit = opts.limit ?? 50;
  const terms = planSearch(query);
  if (terms.length === 0) return [];
  // Over-fetch a little when a tag narrows the results afterwards.
  const perTerm = opts.tag ? limit * 4 : limit;
  const queries = searchQueries(terms, perTerm);
  const results = await Promise.all(
    terms.map(async (t, i) => {
      const field = INDEXED_SEARCH_FIELD[t.key];
      const cached = opts.cache?.lookup(field, t.prefix, perTerm);
      if (cached) return cached;
      const query = queries[i];
      const generation = opts.cache?.generation ?? 0;
      // Read from the storage (findPlain), not through RxDB's query cache: a cached RxQuery first
      // replays every change event since its last run (event-reduce), which during a bulk write is
      // thousands of inserts per keystroke (test/bench/bulk-run.mjs, search while importing).
      const rows = query ? await findPlain(db.customers, query) : [];
      opts.cache?.store(field, t.prefix, perTerm, rows, generation);
      return rows;
    }),
  );
  const byId = new Map<string, CustomerDoc>();
  for (const docs of results) for (const d of docs) if (!byId.has(d.id)) byId.set(d.id, d);
  const wantedTag = opts.tag ? tagKey(opts.tag) : '';
  const rows = [...byId.values()].filter(
    (c) => !c.mergedInto && (!wantedTag || c.tags.some((t) => tagKey(t) === wantedTag)),
  );
  return rows.sort(SORT_COMPARE[opts.sort]).slice(0, limit);
}

/** Customers whose normalized email or phone equals the given ones (the exact-duplicate warning). */
export async function findExactDuplicates(
  db: FieldbookDatabase,
  keys: Pick<CustomerSearchKeys, 'emailKey' | 'phoneKey'>,
  excludeId?: string,
): Promise<Array<{ customer: CustomerDoc; sameEmail: boolean; samePhone: boolean }>> {
  const lookups = [
    keys.emailKey ? db.customers.find({ selector: { emailKey: keys.emailKey }, limit: 5 }).exec() : Promise.resolve([]),
    keys.phoneKey ? db.customers.find({ selector: { phoneKey: keys.phoneKey }, limit: 5 }).exec() : Promise.resolve([]),
  ];
  const [byEmail, byPhone] = await Promise.all(lookups);
  const out = new Map<string, { customer: CustomerDoc; sameEmail: boolean; samePhone: boolean }>();
  for (const d of byEmail ?? [])
    if (d.id !== excludeId && !d.mergedInto)
      out.set(d.id, { customer: d.toMutableJSON(), sameEmail: true, samePhone: false });
  for (const d of byPhone ?? []) {
    if (d.id === excludeId || d.mergedInto) continue;
    const hit = out.get(d.id);
    if (hit) hit.samePhone = true;
    else out.set(d.id, { customer: d.toMutableJSON(), sameEmail: false, samePhone: true });
  }
  return [...out.values()];
}

/** Counts use the index only (IndexedDB count over a key range). */
export async function countCustomers(db: FieldbookDatabase, tag?: string): Promise<number> {
  if (tag) return db.customertags.count({ selector: { tagKey: tagKey(tag) } }).exec();
  // Records merged away stay as tombstones; each has one active merge decision (index-only count).
  const [all, merged] = await Promise.all([db.customers.count().exec(), countMergedAway(db)]);
  return all - merged;
}

/**
 * The distinct tags in use, found by skipping through the tag index (one indexed lookup per
 * distinct tag) rather than reading every customer.
 */
export async function distinctTags(db: FieldbookDatabase, max = 200): Promise<string[]> {
  const tags: string[] = [];
  let from = '';
  while (tags.length < max) {
    const next = await db.customertags
      .findOne({ selector: { tagKey: { $gt: from } }, sort: [{ tagKey: 'asc' }, { nameKey: 'asc' }] })
      .exec();
    if (!next) break;
    tags.push(next.tag);
    from = next.tagKey;
  }
  return tags;
}

/** Emits whenever any customer changes (here, in another tab, or later via sync). */
export function customerChanges$(db: FieldbookDatabase): Observable<unknown> {
  return db.customers.eventBulks$;
}
