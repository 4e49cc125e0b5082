// Customer repository: the small verbs the app uses. Every read is an indexed range query with a
// limit (keyset paging), so no screen ever reads the whole collection.
import { EMPTY, filter, map, type Observable } from 'rxjs';
import type { MangoQuery, MangoQuerySortPart } from 'rxdb';
import { planSearch, type SearchTerm } from '../../domain/search';
import { newId } from '../../domain/ids';
import type { CustomerFields, CustomerSearchKeys } from '../../domain/types';
import type { FieldbookDatabase } from '../db/database';
import type { WriteMeta } from '../db/write-meta';
import { prefixRange, storedKeys } from '../db/keys';
import { RECENT_MAX, type CustomerDoc, type CustomerTagDoc, type SearchTermDoc } from '../db/schemas';
import { findPlain, findUnopened, findUnopenedByIds } from '../db/storage';
import { tagKey } from '../derived/tag-index';
import { countMergedAway } from './decisions';
import { ensureSearchKeyDataFor } from '../../domain/customer';
import { isEventCustomer, KIOSK_TAG } from '../../domain/kiosk';
import { appendConsentChanges, emptyConsent, unionConsentHistory, type Consent } from '../../domain/consent';
import { isInUse } from '../../domain/trash';
import type { AuditAction } from '../../domain/audit';
import { changesOf, deviceMeta, recordAudit } from './audit';
import { trackRead } from '../read-gate';

export type CustomerSort = 'name' | 'recent' | 'company';
export const CUSTOMER_SORTS: readonly CustomerSort[] = ['name', 'recent', 'company'];

/** The indexed field behind each sort order (all ascending; see schemas.ts on recentKey). */
const SORT_FIELD = { name: 'nameKey', recent: 'recentKey', company: 'companySort' } as const;
type SortField = (typeof SORT_FIELD)[CustomerSort];

export type { WriteMeta } from '../db/write-meta';

/**
 * The consent history a write stores: the history the fields carry together with what is stored
 * already (a write never drops an entry), plus one entry per channel whose consent this write
 * changes, by the writer, now.
 */
function historyAfterWrite(
  stored: { consent: Consent; consentHistory: CustomerDoc['consentHistory'] } | null,
  fields: CustomerFields,
  meta: WriteMeta,
): CustomerDoc['consentHistory'] {
  const known = stored ? unionConsentHistory([stored.consentHistory, fields.consentHistory]) : fields.consentHistory;
  return appendConsentChanges(stored?.consent ?? emptyConsent(), fields.consent, known, meta);
}

/** Synchronous: a Chinese name or a phone needs `ensureSearchKeyDataFor([fields])` first (createCustomer does). */
export function toCustomerDoc(id: string, fields: CustomerFields, createdAt: number, meta: WriteMeta): CustomerDoc {
  return {
    id,
    createdAt,
    updatedAt: meta.now,
    updatedBy: meta.by,
    ...fields,
    consentHistory: historyAfterWrite(null, fields, meta),
    ...storedKeys(fields, meta.now),
    trashedAt: 0,
  };
}

export async function createCustomer(
  db: FieldbookDatabase,
  fields: CustomerFields,
  meta: WriteMeta,
): Promise<CustomerDoc> {
  await ensureSearchKeyDataFor([fields]);
  const doc = toCustomerDoc(newId(meta.now), fields, meta.now, meta);
  await db.customers.insert(doc);
  await recordAudit(db, meta, [
    {
      action: 'create',
      coll: 'customers',
      customerId: doc.id,
      docId: doc.id,
      changes: changesOf('customers', null, doc),
    },
  ]);
  return doc;
}

/**
 * The stored record after writing `fields` over `stored`: every field, the derived keys and the
 * consent history. Synchronous like toCustomerDoc (the merge computes what it will write with it).
 */
export function customerAfterUpdate(stored: CustomerDoc, fields: CustomerFields, meta: WriteMeta): CustomerDoc {
  return {
    ...stored,
    ...fields,
    consentHistory: historyAfterWrite(stored, fields, meta),
    ...storedKeys(fields, meta.now),
    updatedAt: meta.now,
    updatedBy: meta.by,
  };
}

export function updateCustomer(
  db: FieldbookDatabase,
  id: string,
  fields: CustomerFields,
  meta: WriteMeta,
): Promise<CustomerDoc> {
  return writeCustomerUpdate(db, id, fields, meta, { action: 'update' });
}

/** updateCustomer with the audit entry's action and note said by the caller (a merge's survivor). */
export async function writeCustomerUpdate(
  db: FieldbookDatabase,
  id: string,
  fields: CustomerFields,
  meta: WriteMeta,
  audit: { action: AuditAction; note?: string },
): Promise<CustomerDoc> {
  const doc = await db.customers.findOne(id).exec();
  if (!doc) throw new Error(`customer ${id} not found`);
  await ensureSearchKeyDataFor([fields]);
  const before = doc.toMutableJSON();
  const { id: _id, ...after } = customerAfterUpdate(before, fields, meta);
  void _id;
  const updated = (await doc.incrementalPatch(after)).toMutableJSON();
  const changes = changesOf('customers', before, updated);
  if (changes.length || audit.action !== 'update')
    await recordAudit(db, meta, [{ ...audit, coll: 'customers', customerId: id, docId: id, changes }]);
  return updated;
}

/**
 * The real delete (an RxDB tombstone, which replicates): "delete for good" from the Trash.
 * Returns the deleted record, or null if it was gone.
 */
export async function deleteCustomer(
  db: FieldbookDatabase,
  id: string,
  meta: WriteMeta = deviceMeta(db),
): Promise<CustomerDoc | null> {
  const doc = await db.customers.findOne(id).exec();
  if (!doc) return null;
  const snapshot = doc.toMutableJSON();
  await doc.remove();
  await recordAudit(db, meta, [
    { action: 'delete', coll: 'customers', customerId: id, docId: id, changes: changesOf('customers', snapshot, null) },
  ]);
  return snapshot;
}

/**
 * Puts a customer in the Trash: an ordinary update (it syncs like any edit, and the server's rules
 * for edits apply), so lists, counts, search, Insights and duplicates leave it out (domain/trash.ts)
 * until it is restored. Resolves to the trashed record, or null when there is none in use.
 */
export async function trashCustomer(db: FieldbookDatabase, id: string, meta: WriteMeta): Promise<CustomerDoc | null> {
  const doc = await db.customers.findOne(id).exec();
  if (!doc || doc.trashedAt) return null;
  const updated = await doc.incrementalPatch({
    trashedAt: meta.now,
    updatedAt: meta.now,
    updatedBy: meta.by,
    recentKey: RECENT_MAX - meta.now,
  });
  await recordAudit(db, meta, [{ action: 'trash', coll: 'customers', customerId: id, docId: id }]);
  return updated.toMutableJSON();
}

/** Takes a customer out of the Trash (a normal update again). */
export async function restoreFromTrash(db: FieldbookDatabase, id: string, meta: WriteMeta): Promise<void> {
  const doc = await db.customers.findOne(id).exec();
  if (!doc || !doc.trashedAt) return;
  await doc.incrementalPatch({
    trashedAt: 0,
    updatedAt: meta.now,
    updatedBy: meta.by,
    recentKey: RECENT_MAX - meta.now,
  });
  await recordAudit(db, meta, [{ action: 'restore', coll: 'customers', customerId: id, docId: id }]);
}

/** The Trash, most recently trashed first (an indexed range: only trashed rows are read). */
export async function trashedCustomers(db: FieldbookDatabase, limit = 500): Promise<CustomerDoc[]> {
  const rows = await findPlain(db.customers, {
    selector: { trashedAt: { $gt: 0 } },
    sort: [{ trashedAt: 'asc' }, { id: 'asc' }],
    limit,
  });
  return rows.reverse();
}

/** How many customers are in the Trash (index-only count). */
export function countTrash(db: FieldbookDatabase): Promise<number> {
  return db.customers.count({ selector: { trashedAt: { $gt: 0 } } }).exec();
}

/** Undo of a delete: the same document comes back with the same id and fields. */
export async function restoreCustomer(
  db: FieldbookDatabase,
  snapshot: CustomerDoc,
  meta: WriteMeta = deviceMeta(db),
): Promise<void> {
  await db.customers.insert(snapshot);
  await recordAudit(db, meta, [
    {
      action: 'restore',
      coll: 'customers',
      customerId: snapshot.id,
      docId: snapshot.id,
      changes: changesOf('customers', null, snapshot),
    },
  ]);
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

export interface Page<R = CustomerDoc> {
  rows: R[];
  next: PageCursor | null;
}

/**
 * What the customer list shows of a customer. None of these fields is sealed at rest
 * (crypto/sealed-field-list.ts; a data test checks it), so the list reads its rows unopened on a
 * protected database and decrypts nothing: a customer's sealed fields are opened when the customer
 * is (detail, export, merge read whole documents).
 */
export type CustomerListRow = Pick<CustomerDoc, 'id' | 'givenName' | 'familyName' | 'company' | 'phone' | 'email'>;

/** The list's fields of a whole or unopened customer (a copy, so the document itself is not kept). */
export const toListRow = (c: CustomerListRow): CustomerListRow => ({
  id: c.id,
  givenName: c.givenName,
  familyName: c.familyName,
  company: c.company,
  phone: c.phone,
  email: c.email,
});

/** How a page reads customers: whole (through the sealing) or unopened (the list). */
interface CustomerReader {
  find(query: MangoQuery<CustomerDoc>): Promise<CustomerDoc[]>;
  byIds(ids: string[]): Promise<CustomerDoc[]>;
}

const wholeReader = (db: FieldbookDatabase): CustomerReader => ({
  find: (q) => findPlain(db.customers, q),
  byIds: (ids) => customersByIds(db, ids),
});

/** Unopened on a protected database (sealed fields absent), whole otherwise. */
const unopenedReader = (db: FieldbookDatabase): CustomerReader => ({
  find: async (q) => (await findUnopened(db.customers, q)).rows,
  byIds: async (ids) => {
    const found = await findUnopenedByIds(db.customers, ids);
    if (!found) return customersByIds(db, ids);
    const byId = new Map(found.map((d) => [d.id, d]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  },
});

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
export async function pageCustomers(db: FieldbookDatabase, opts: PageOptions): Promise<Page> {
  return pageWith(db, wholeReader(db), opts);
}

/** `pageCustomers` for the list: the rows' list fields only, read unopened (no decryption). */
export async function pageCustomerRows(db: FieldbookDatabase, opts: PageOptions): Promise<Page<CustomerListRow>> {
  const page = await pageWith(db, unopenedReader(db), opts);
  return { rows: page.rows.map(toListRow), next: page.next };
}

type PageOptions = { sort: CustomerSort; tag?: string; after?: PageCursor | null; limit?: number };

async function pageWith(db: FieldbookDatabase, read: CustomerReader, opts: PageOptions): Promise<Page> {
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
    const customers = await read.byIds(page.map((r) => r.customerId));
    const cursorRows = page.map((r) => ({ ...r, id: r.customerId }));
    return { rows: customers, next: page.length < limit ? null : cursorAfter(cursorRows, field, after) };
  }

  // Merged records (tombstones with `mergedInto`), trashed ones and the NPS kiosk's event
  // pseudo-customers are skipped; they are rare, so when they thin a page the same indexed cursor is
  // simply read further (fetch size doubles).
  for (let fetch = limit + skip.size; ; fetch *= 2) {
    // Plain rows straight from the storage: a fast fling reads thousands of rows a second and the
    // list copies the few fields it shows, so RxDocuments and their deep copies were pure garbage.
    const found = await read.find({ selector: { [field]: range }, sort, limit: fetch });
    const rows = found.filter((r) => !skip.has(r.id) && isInUse(r) && !isEventCustomer(r)).slice(0, limit);
    if (rows.length >= limit || found.length < fetch)
      return { rows, next: rows.length < limit ? null : cursorAfter(rows, field, after) };
  }
}

/**
 * The index that serves a prefix lookup on each search key. The company is searched through
 * `companySort` ("<company>\u0001<name>"), which starts with the company key, so one index serves
 * both the company sort and company search. 'term' is the derived search term index.
 */
const INDEXED_SEARCH_FIELD: Record<SearchTerm['key'], keyof CustomerDoc | 'term'> = {
  nameKey: 'nameKey',
  nameRevKey: 'nameRevKey',
  hanziKey: 'hanziKey',
  initialsKey: 'initialsKey',
  emailKey: 'emailKey',
  phoneKey: 'phoneKey',
  nationalKey: 'nationalKey',
  phoneRevKey: 'phoneRevKey',
  companyKey: 'companySort',
  term: 'term',
};

/** One search lookup: an indexed prefix query on customers, or on the search term index. */
export type SearchQuery =
  | { collection: 'customers'; field: keyof CustomerDoc; query: MangoQuery<CustomerDoc> }
  | { collection: 'searchterms'; field: 'term'; query: MangoQuery<SearchTermDoc> };

/** Lookup rounds per search page (see searchCustomersPage). */
const SEARCH_ROUNDS = 4;

/** Where one term's lookup stopped: its last key and the row ids shown with that key. */
interface TermCursor {
  key: string;
  tiedIds: string[];
}

function lookupQuery(t: SearchTerm, limit: number, after: TermCursor | null): SearchQuery {
  const field = INDEXED_SEARCH_FIELD[t.key];
  const range = { ...prefixRange(t.prefix), ...(after ? { $gte: after.key } : {}) };
  if (field === 'term')
    return {
      collection: 'searchterms',
      field,
      query: { selector: { term: range }, sort: [{ term: 'asc' }, { id: 'asc' }], limit },
    };
  return {
    collection: 'customers',
    field,
    query: {
      selector: { [field]: range },
      sort: [{ [field]: 'asc' }, { id: 'asc' }] as MangoQuerySortPart<CustomerDoc>[],
      limit,
    },
  };
}

/** One indexed prefix query per search term (exported so tests can check each query's plan). */
export function searchQueries(terms: readonly SearchTerm[], limit: number): SearchQuery[] {
  return terms.map((t) => lookupQuery(t, limit, null));
}

/**
 * A customer the search may show. On a protected database the lookups read customers unopened
 * (their sealed personal fields absent, `whole: false`): the index keys, tags and in-use markers
 * are enough to filter and order them, and only the rows shown are opened (crypto/unopened-reads.ts).
 */
export interface SearchCandidate {
  doc: CustomerDoc;
  whole: boolean;
}

/**
 * A row one lookup found: its index key and row id (for the cursor), the customer id, and the
 * customer itself when the lookup read customers (a term row carries only the id).
 */
interface Hit {
  key: string;
  rowId: string;
  customerId: string;
  candidate?: SearchCandidate;
}

type SortKeys = Pick<CustomerDoc, 'nameKey' | 'updatedAt' | 'companySort'>;
const SORT_COMPARE: Record<CustomerSort, (a: SortKeys, b: SortKeys) => number> = {
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
  #terms = new Map<string, { prefix: string; limit: number; hits: Hit[] }>();
  /** Bumped by clear(): a lookup that started before a write must not store its (older) rows. */
  generation = 0;

  /** The complete hits for (field, prefix) if a shorter prefix's complete result is cached. */
  lookup(field: string, prefix: string, limit: number): Hit[] | null {
    const hit = this.#terms.get(field);
    if (!hit || hit.hits.length >= hit.limit || hit.limit < limit || !prefix.startsWith(hit.prefix)) return null;
    return hit.hits.filter((h) => h.key.startsWith(prefix));
  }

  store(field: string, prefix: string, limit: number, hits: Hit[], generation: number): void {
    if (generation === this.generation) this.#terms.set(field, { prefix, limit, hits });
  }

  clear(): void {
    this.generation++;
    this.#terms.clear();
  }
}

/**
 * Where a search page ended: per planned term its cursor ('done' when its lookup is exhausted), the
 * customers already shown, and matches found but not shown yet (the next page starts with them).
 */
export interface SearchCursor {
  query: string;
  terms: Array<TermCursor | 'done'>;
  shownIds: string[];
  pending: SearchCandidate[];
}

export interface SearchPage<R = CustomerDoc> {
  rows: R[];
  next: SearchCursor | null;
}

async function runLookup(db: FieldbookDatabase, q: SearchQuery): Promise<Hit[]> {
  if (q.collection === 'searchterms') {
    // A database opened without the derived index (a node test opening only some collections).
    if (!db.collections.searchterms) return [];
    const rows = await findPlain(db.searchterms, q.query);
    return rows.map((r) => ({ key: r.term, rowId: r.id, customerId: r.customerId }));
  }
  const { rows, whole } = await findUnopened(db.customers, q.query);
  // Search keys are strings (the record also has object fields such as consent, never searched).
  return rows.map((d) => {
    const key = d[q.field];
    return { key: typeof key === 'string' ? key : '', rowId: d.id, customerId: d.id, candidate: { doc: d, whole } };
  });
}

/** Customers by id as search candidates: unopened on a protected database. */
async function candidatesByIds(db: FieldbookDatabase, ids: string[]): Promise<SearchCandidate[]> {
  const unopened = await findUnopenedByIds(db.customers, ids);
  if (unopened) return unopened.map((doc) => ({ doc, whole: false }));
  return (await customersByIds(db, ids)).map((doc) => ({ doc, whole: true }));
}

/** The candidates as whole customers, in their order; opens (reads through the sealing) those that are not. */
async function openCandidates(db: FieldbookDatabase, candidates: readonly SearchCandidate[]): Promise<CustomerDoc[]> {
  const toOpen = candidates.filter((c) => !c.whole).map((c) => c.doc.id);
  if (!toOpen.length) return candidates.map((c) => c.doc);
  const opened = new Map((await customersByIds(db, toOpen)).map((d) => [d.id, d]));
  // A row deleted since the lookup is not shown.
  return candidates.flatMap((c) => {
    const doc = c.whole ? c.doc : opened.get(c.doc.id);
    return doc ? [doc] : [];
  });
}

function termCursorAfter(hits: readonly Hit[], previous: TermCursor | null): TermCursor | null {
  const last = hits[hits.length - 1];
  if (!last) return null;
  const tied = hits.filter((h) => h.key === last.key).map((h) => h.rowId);
  const carried = previous && previous.key === last.key ? previous.tiedIds : [];
  return { key: last.key, tiedIds: [...carried, ...tied] };
}

/**
 * One page of search results. The query becomes a few indexed prefix lookups (name in both orders,
 * pinyin, hanzi, initials, email, phone digits from the start or the end, company, and the derived
 * search terms: words inside names and companies, other phones and emails), run in parallel with a
 * limit each; their customers are merged, optionally narrowed to a tag, and put in the chosen order.
 *
 * Paging: each lookup continues from its own cursor (keyset, like `pageCustomers`), so every match
 * is reachable however many there are. Each page is in the chosen order; a later page can hold a
 * row that sorts before the previous page's last (the lookups run in their keys' order, not the
 * list's), which is what a search result list may do.
 */
export async function searchCustomersPage(
  db: FieldbookDatabase,
  query: string,
  opts: SearchOptions,
): Promise<SearchPage> {
  // Bulk writes (imports, demo data) hold their next chunk while a search runs (read-gate.ts).
  return trackRead(db, () => searchPage(db, query, opts, (shown) => openCandidates(db, shown)));
}

/**
 * `searchCustomersPage` for the list: the same customers, pages and cursors, but each row is the
 * list's fields of the unopened candidate, so a search on a protected database decrypts nothing.
 */
export async function searchCustomerRowsPage(
  db: FieldbookDatabase,
  query: string,
  opts: SearchOptions,
): Promise<SearchPage<CustomerListRow>> {
  return trackRead(db, () =>
    searchPage(db, query, opts, (shown) => Promise.resolve(shown.map((c) => toListRow(c.doc)))),
  );
}

type SearchOptions = {
  sort: CustomerSort;
  tag?: string;
  limit?: number;
  cache?: SearchCache;
  after?: SearchCursor | null;
};

async function searchPage<R extends { id: string }>(
  db: FieldbookDatabase,
  query: string,
  opts: SearchOptions,
  finish: (shown: SearchCandidate[]) => Promise<R[]>,
): Promise<SearchPage<R>> {
  const limit = opts.limit ?? 50;
  const terms = planSearch(query);
  if (terms.length === 0) return { rows: [], next: null };
  const after = opts.after && opts.after.query === query ? opts.after : null;
  // Over-fetch a little when a tag narrows the results afterwards.
  const perTerm = opts.tag ? limit * 4 : limit;
  const wantedTag = opts.tag ? tagKey(opts.tag) : '';
  const shown = new Set(after?.shownIds ?? []);
  let cursors: Array<TermCursor | 'done' | null> = after ? [...after.terms] : terms.map(() => null);
  const found = new Map<string, SearchCandidate>();
  for (const c of after?.pending ?? []) found.set(c.doc.id, c);

  // Read on while the page is not full and a lookup has more (a tag filter can thin a batch out),
  // a few rounds at most: a rare tag under a broad query returns a short page, and the next one
  // continues (the caller asks again, as for any page).
  for (let round = 0; round < SEARCH_ROUNDS && found.size < limit && cursors.some((c) => c !== 'done'); round++) {
    const batches = await Promise.all(
      terms.map(async (t, i): Promise<{ hits: Hit[]; cursor: TermCursor | 'done' }> => {
        const cursor = cursors[i] ?? null;
        if (cursor === 'done') return { hits: [], cursor };
        const skip = new Set(cursor?.tiedIds ?? []);
        const fetch = perTerm + skip.size;
        const q = lookupQuery(t, fetch, cursor);
        // Term lookups of different kinds ("w:", "d:" …) are cached apart.
        const cacheKey = q.field === 'term' ? t.prefix.slice(0, 2) : q.field;
        const cached = cursor === null ? opts.cache?.lookup(cacheKey, t.prefix, fetch) : null;
        const generation = opts.cache?.generation ?? 0;
        const hits = cached ?? (await runLookup(db, q));
        if (!cached && cursor === null) opts.cache?.store(cacheKey, t.prefix, fetch, hits, generation);
        const fresh = hits.filter((h) => !skip.has(h.rowId));
        const complete = hits.length < fetch;
        return { hits: fresh, cursor: complete ? 'done' : (termCursorAfter(fresh, cursor) ?? 'done') };
      }),
    );
    cursors = batches.map((b) => b.cursor);
    const hits = batches.flatMap((b) => b.hits).filter((h) => !shown.has(h.customerId) && !found.has(h.customerId));
    const candidates = new Map<string, SearchCandidate>();
    for (const h of hits) if (h.candidate) candidates.set(h.customerId, h.candidate);
    const missing = [...new Set(hits.filter((h) => !candidates.has(h.customerId)).map((h) => h.customerId))];
    if (missing.length) for (const c of await candidatesByIds(db, missing)) candidates.set(c.doc.id, c);
    for (const c of candidates.values()) {
      const d = c.doc;
      if (isInUse(d) && !isEventCustomer(d) && (!wantedTag || d.tags.some((t) => tagKey(t) === wantedTag)))
        found.set(d.id, c);
    }
  }

  const compare = SORT_COMPARE[opts.sort];
  const sorted = [...found.values()].sort((a, b) => compare(a.doc, b.doc));
  const rows = await finish(sorted.slice(0, limit));
  const pending = sorted.slice(limit);
  const more = pending.length > 0 || cursors.some((c) => c !== 'done');
  return {
    rows,
    next: more
      ? {
          query,
          terms: cursors.map((c) => c ?? 'done'),
          shownIds: [...shown, ...rows.map((r) => r.id)],
          pending,
        }
      : null,
  };
}

/** The first page of `searchCustomersPage` (its rows only). */
export async function searchCustomers(
  db: FieldbookDatabase,
  query: string,
  opts: { sort: CustomerSort; tag?: string; limit?: number; cache?: SearchCache },
): Promise<CustomerDoc[]> {
  return (await searchCustomersPage(db, query, opts)).rows;
}

/** Emits when the derived search terms change (a search shown may have new matches). */
export function searchTermChanges$(db: FieldbookDatabase): Observable<unknown> {
  // Not its follower's checkpoint (a local document written after every batch).
  return db.collections.searchterms ? db.searchterms.eventBulks$.pipe(filter((b) => !b.isLocal)) : EMPTY;
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
    if (d.id !== excludeId && isInUse(d))
      out.set(d.id, { customer: d.toMutableJSON(), sameEmail: true, samePhone: false });
  for (const d of byPhone ?? []) {
    if (d.id === excludeId || !isInUse(d)) continue;
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
  // The kiosk's event pseudo-customers are not customers; the tag index counts them by their tag.
  // Trashed ones are counted through the trashedAt index.
  const [all, merged, events, trashed] = await Promise.all([
    db.customers.count().exec(),
    countMergedAway(db),
    db.customertags.count({ selector: { tagKey: tagKey(KIOSK_TAG) } }).exec(),
    countTrash(db),
  ]);
  return all - merged - events - trashed;
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
    // The kiosk's tag marks event pseudo-customers, not a group of customers to filter by.
    if (next.tagKey !== tagKey(KIOSK_TAG)) tags.push(next.tag);
    from = next.tagKey;
  }
  return tags;
}

/** Emits whenever any customer changes (here, in another tab, or later via sync). */
export function customerChanges$(db: FieldbookDatabase): Observable<unknown> {
  return db.customers.eventBulks$;
}
