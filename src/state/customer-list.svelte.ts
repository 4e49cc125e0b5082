// The customer list: what the user typed, the tag filter and sort order, and the rows loaded so far.
// Browsing pages through an index (keyset); searching runs indexed prefix lookups and pages on from
// each lookup's cursor. Changes to customers (this tab, other tabs, sync) and to the derived search
// terms refresh the loaded rows, throttled: an edit shows after 300 ms, and while changes stream in
// (a first sync, an import) the list re-reads at most every 1.5 s (refresh-pace.ts).
import type { Subscription } from 'rxjs';
import type { FieldbookDatabase } from '../data/db/database';
import {
  countCustomers,
  customerChanges$,
  distinctTags,
  pageCustomerRows,
  searchCustomerRowsPage,
  searchTermChanges$,
  SearchCache,
  type CustomerListRow,
  type CustomerSort,
  type PageCursor,
  type SearchCursor,
} from '../data/repos/customers';
import { ensurePinyin } from '../domain/pinyin';
import { ensurePhoneFor } from '../domain/phone';
import { isCjk, stripInvisible } from '../domain/text';
import { RefreshPace } from './refresh-pace';

/** The first page: what fills a screen, so it paints fast. */
const PAGE = 50;
/**
 * Later pages while scrolling: larger, because a fast fling passes 50 rows in a few frames and every
 * page is a query with its own transaction and a new rows array.
 */
const MORE = 200;

/**
 * What a list row shows (repos/customers.ts). The list keeps only these fields of every row loaded
 * so far: scrolled through 100,000 customers, whole documents would be ~100 MB the garbage
 * collector keeps walking (long pauses while scrolling). None of them is sealed, so on a protected
 * database the list and its search decrypt nothing; the detail opens the customer.
 */
export type { CustomerListRow };
// Records stored before normalization removed invisible characters (the quality screen flags them)
// are listed without them: a right-to-left override must not make "\u202Eevil" read "live".
const listRow = (c: CustomerListRow): CustomerListRow => ({
  id: c.id,
  givenName: stripInvisible(c.givenName),
  familyName: stripInvisible(c.familyName),
  company: stripInvisible(c.company),
  phone: c.phone,
  email: stripInvisible(c.email),
});
/** Same rows, same fields: a refresh that finds nothing new on screen changes nothing (no Svelte update). */
const sameRows = (a: readonly CustomerListRow[], b: readonly CustomerListRow[]): boolean =>
  a.length === b.length &&
  a.every((r, i) => {
    const o = b[i];
    return (
      !!o &&
      r.id === o.id &&
      r.givenName === o.givenName &&
      r.familyName === o.familyName &&
      r.company === o.company &&
      r.phone === o.phone &&
      r.email === o.email
    );
  });
/** A refresh reloads at most this many rows; deeper scroll positions reload from the top. */
const REFRESH_CAP = 500;
const SEARCH_LIMIT = 50;
/** A search page that a tag filter thinned to nothing is followed by the next, this many times. */
const EMPTY_SEARCH_PAGES = 5;

export class CustomerListState {
  query = $state('');
  tag = $state('');
  sort = $state<CustomerSort>('name');
  rows = $state.raw<CustomerListRow[]>([]);
  /** Customers in the list when not searching: all of them, or those with the chosen tag. */
  total = $state<number | null>(null);
  tags = $state.raw<string[]>([]);
  loading = $state(false);
  hasMore = $state(false);
  /** True once the first page (or first search result) is on screen. */
  ready = $state(false);
  searching = $derived(this.query.trim() !== '');
  /**
   * The query the rows on screen answer ('' for the browse list). Until a search's first page
   * arrives the previous rows stay, and a count shown for them would be the wrong one.
   */
  rowsQuery = $state('');
  /** Milliseconds the last search took (shown nowhere; read by the benchmark). */
  lastSearchMs = 0;

  #db: FieldbookDatabase;
  #cursor: PageCursor | null = null;
  #searchCursor: SearchCursor | null = null;
  #seq = 0;
  #sub: Subscription;
  #termSub: Subscription;
  #refreshTimer: ReturnType<typeof setTimeout> | null = null;
  #refreshPace = new RefreshPace({ quietMs: 300, streamMs: 1500 });
  /** Lets a longer query reuse the complete results of the shorter one typed before it. */
  #searchCache = new SearchCache();

  constructor(db: FieldbookDatabase) {
    this.#db = db;
    this.#sub = customerChanges$(db).subscribe(() => {
      this.#searchCache.clear();
      this.#scheduleRefresh();
    });
    // The term index follows customer writes a moment later: a search shown then has new matches.
    this.#termSub = searchTermChanges$(db).subscribe(() => {
      this.#searchCache.clear();
      if (this.searching) this.#scheduleRefresh();
    });
    // The first page comes first; the total and the tag list (an index count and a skip-scan) follow
    // once it is on screen, so they never delay the first rows.
    void this.reload().then(() => this.#loadFacets());
  }

  setQuery(q: string): void {
    this.query = q;
    // Searching needs no pinyin (a Chinese query matches the stored characters), but someone who
    // searches in Chinese is likely to write a Chinese name next: load the dictionaries now, in
    // their staged tasks, instead of inside that Save. A failed load is retried by the write.
    if (isCjk(q)) ensurePinyin().catch(() => undefined);
    void this.reload();
  }

  setTag(tag: string): void {
    this.tag = tag;
    // The count shown is the filtered one: it changes with the tag.
    this.total = null;
    void this.reload().then(() => this.#loadFacets());
  }

  setSort(sort: CustomerSort): void {
    this.sort = sort;
    void this.reload();
  }

  /** Start over from the top with the current query, tag and sort. */
  async reload(keepRows = 0): Promise<void> {
    const seq = ++this.#seq;
    this.loading = true;
    try {
      if (this.searching) {
        const started = performance.now();
        // A refresh keeps as many rows as were shown (a few pages at most).
        const limit = Math.max(SEARCH_LIMIT, Math.min(keepRows, REFRESH_CAP));
        const page = await this.#searchPage(null, limit);
        // Rows show formatted phone numbers: the metadata first (loaded on first need).
        await ensurePhoneFor(page.rows);
        if (seq !== this.#seq) return;
        this.lastSearchMs = performance.now() - started;
        this.#showRows(page.rows.map(listRow));
        this.rowsQuery = this.query;
        this.#searchCursor = page.next;
        this.hasMore = page.next !== null;
        this.#cursor = null;
      } else {
        const want = Math.max(PAGE, Math.min(keepRows, REFRESH_CAP));
        const page = await pageCustomerRows(this.#db, { sort: this.sort, tag: this.tag || undefined, limit: want });
        await ensurePhoneFor(page.rows);
        if (seq !== this.#seq) return;
        this.#showRows(page.rows.map(listRow));
        this.rowsQuery = '';
        this.#cursor = page.next;
        this.hasMore = page.next !== null;
      }
      this.ready = true;
    } finally {
      if (seq === this.#seq) this.loading = false;
    }
  }

  /** One search page; pages that a tag filter emptied are skipped (the list needs rows to page on). */
  async #searchPage(
    after: SearchCursor | null,
    limit: number,
  ): Promise<{ rows: CustomerListRow[]; next: SearchCursor | null }> {
    let page = { rows: [] as CustomerListRow[], next: after };
    for (let i = 0; i < EMPTY_SEARCH_PAGES && page.rows.length === 0 && (i === 0 || page.next); i++) {
      page = await searchCustomerRowsPage(this.#db, this.query, {
        sort: this.sort,
        tag: this.tag || undefined,
        limit,
        cache: this.#searchCache,
        after: page.next,
      });
    }
    return page;
  }

  async loadMore(): Promise<void> {
    if (this.loading || !this.hasMore) return;
    const seq = ++this.#seq;
    this.loading = true;
    try {
      if (this.searching) {
        const page = await this.#searchPage(this.#searchCursor, MORE);
        await ensurePhoneFor(page.rows);
        if (seq !== this.#seq) return;
        this.rows = [...this.rows, ...page.rows.map(listRow)];
        this.#searchCursor = page.next;
        this.hasMore = page.next !== null;
        return;
      }
      const page = await pageCustomerRows(this.#db, {
        sort: this.sort,
        tag: this.tag || undefined,
        after: this.#cursor,
        limit: MORE,
      });
      await ensurePhoneFor(page.rows);
      if (seq !== this.#seq) return;
      this.rows = [...this.rows, ...page.rows.map(listRow)];
      this.#cursor = page.next;
      this.hasMore = page.next !== null;
    } finally {
      if (seq === this.#seq) this.loading = false;
    }
  }

  /** New rows on screen, unless they are the ones shown (a refresh during a sync mostly finds the same top rows). */
  #showRows(rows: CustomerListRow[]): void {
    if (!sameRows(rows, this.rows)) this.rows = rows;
  }

  #scheduleRefresh(): void {
    if (this.#refreshTimer) return;
    this.#refreshTimer = setTimeout(() => {
      this.#refreshTimer = null;
      this.#refreshPace.started(performance.now());
      void this.reload(this.rows.length);
      void this.#loadFacets();
    }, this.#refreshPace.delay(performance.now()));
  }

  async #loadFacets(): Promise<void> {
    const tag = this.tag;
    const [total, tags] = await Promise.all([countCustomers(this.#db, tag || undefined), distinctTags(this.#db)]);
    if (tag === this.tag) this.total = total;
    if (tags.length !== this.tags.length || tags.some((t, i) => t !== this.tags[i])) this.tags = tags;
  }

  destroy(): void {
    this.#sub.unsubscribe();
    this.#termSub.unsubscribe();
    if (this.#refreshTimer) clearTimeout(this.#refreshTimer);
  }
}
