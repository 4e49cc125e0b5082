// Insights over per-customer SUMMARY rows (the app's persisted, derived `measures` rows —
// src/data/derived/measures.ts), so the worker never needs the orders themselves: 100k customers are 100k
// rows whatever the number of orders. Produces the MeasureColumns (columns.ts) that rfm.ts, risk.ts,
// correlation.ts and scaling.ts read.
//
// Currencies: rows keep spend and monthly revenue per currency (never converted: no exchange rates
// offline). Every analysis runs in ONE currency (default: the one with the most orders): spend,
// average order value and revenue count only orders in that currency; order count, recency and
// intervals count every order. Overview reports how many orders in other currencies it left out.
//
// The overview's figures are sums kept up to date per filter (summary-overview.ts holds the rules:
// month ranges, activity window, one row's share); this store keeps the rows, the caches and the
// journal of changes that replays into them.
import { CoOccurrence, type Recommendation, type RecommendOptions } from './recommend';
import type { CustomerMeasures, MeasureColumns } from './columns';
import { DAY_MS } from '../../src/domain/dates';
import type { MeasureSummary } from '../../src/domain/measures';
import {
  contribute,
  emptyAcc,
  entryOf,
  isActive,
  overviewParams,
  result,
  selected,
  type ActivityWindow,
  type MonthFilter,
  type OverviewAcc,
  type SummaryOverview,
} from './summary-overview';

/**
 * One customer's summary row as the worker receives it: the persisted measures row (src/domain/measures.ts,
 * the one definition the data layer stores) without its bookkeeping fields.
 */
export type SummaryRow = MeasureSummary;

const nanIf = (v: number, none: number): number => (v === none ? NaN : v);

function spendIn(row: SummaryRow, currency: string): { totalMinor: number; orders: number } {
  for (const s of row.spend) if (s.currency === currency) return s;
  return { totalMinor: 0, orders: 0 };
}

function visitsSince(visits: readonly number[], from: number, to: number): number {
  let n = 0;
  for (let i = visits.length - 1; i >= 0; i--) {
    const t = visits[i] as number;
    if (t < from) break;
    if (t <= to) n++;
  }
  return n;
}

/** How many overview keys keep incremental accumulators (filters / currencies the screen flips between). */
const OVERVIEW_CACHE_KEYS = 8;
/** Journal length always allowed; beyond max(this, customers / 4) a full pass is cheaper than a replay. */
const JOURNAL_MIN = 1024;

/** One overview key's sums at `version`, with the active count of its last few activity windows. */
interface CachedOverview {
  version: number;
  acc: OverviewAcc;
  windows: Map<string, { w: ActivityWindow; active: number }>;
}

/** Activity windows kept per key: the current minute's and the previous one's is enough. */
const WINDOWS_PER_KEY = 2;

interface JournalEntry {
  prev: SummaryRow | undefined;
  next: SummaryRow | undefined;
}

export class SummaryStore {
  private readonly rows = new Map<string, SummaryRow>();
  private readonly co = new CoOccurrence();
  private cache: { key: string; cols: MeasureColumns; rowOf: Map<string, number> } | null = null;
  /** ids changed since the cache was built (patched in place when the live set did not change) */
  private readonly changed = new Set<string>();
  private structureDirty = true;
  version = 0;
  /** overview accumulators per key, least recently used first (see `overview`) */
  private readonly ovCache = new Map<string, CachedOverview>();
  /** the changes since the oldest cached overview: journal[j] took version journalStart + j to + j + 1 */
  private readonly journal: JournalEntry[] = [];
  private journalStart = 0;
  /** how many overviews needed a pass over every customer (tests check the incremental path is taken) */
  overviewFullPasses = 0;
  /** how many needed a pass only for the active count (a new activity window, i.e. a new minute) */
  overviewWindowPasses = 0;
  /** running per-currency totals (`entries`: spend lines feeding it, so a currency vanishes exactly when no row has it) */
  private readonly byCurrency = new Map<string, { orders: number; revenueMinor: number; entries: number }>();
  /** how many rows carry each tag / owner / region (filter pickers) */
  private readonly tagCount = new Map<string, number>();
  private readonly ownerCount = new Map<string, number>();
  private readonly regionCount = new Map<string, number>();
  /** filterOptions result, valid while no row's tags / owner / region changed */
  private optionsCache: { max: number; value: { tags: string[]; owners: string[]; regions: string[] } } | null = null;

  get size(): number {
    return this.rows.size;
  }

  upsert(row: SummaryRow): void {
    const prev = this.rows.get(row.id);
    if (prev) {
      this.co.removeOrder(prev.id, prev.skus);
      this.count(prev, -1);
    } else this.structureDirty = true;
    this.rows.set(row.id, row);
    this.co.addOrder(row.id, row.skus);
    this.count(row, 1);
    if (!prev || !sameAttributes(prev, row)) this.optionsCache = null;
    this.changed.add(row.id);
    this.version++;
    this.record(prev, row);
  }

  remove(id: string): void {
    const prev = this.rows.get(id);
    if (!prev) return;
    this.co.removeOrder(id, prev.skus);
    this.count(prev, -1);
    this.optionsCache = null;
    this.rows.delete(id);
    this.structureDirty = true;
    this.version++;
    this.record(prev, undefined);
  }

  /** Adds (1) or removes (−1) a row's share of the currency totals and the filter-option counts. */
  private count(r: SummaryRow, sign: 1 | -1): void {
    for (const s of r.spend) {
      const e = entryOf(this.byCurrency, s.currency, () => ({ orders: 0, revenueMinor: 0, entries: 0 }));
      e.orders += sign * s.orders;
      e.revenueMinor += sign * s.totalMinor;
      e.entries += sign;
      if (e.entries === 0) this.byCurrency.delete(s.currency);
    }
    const bump = (m: Map<string, number>, k: string): void => {
      if (!k) return;
      const n = (m.get(k) ?? 0) + sign;
      if (n === 0) m.delete(k);
      else m.set(k, n);
    };
    for (const t of r.tags) bump(this.tagCount, t);
    bump(this.ownerCount, r.ownerId);
    bump(this.regionCount, r.region);
  }

  get(id: string): SummaryRow | undefined {
    return this.rows.get(id);
  }

  /** Currencies by number of orders (most first), with their revenue. O(currencies): the totals are kept up to date. */
  currencies(): { currency: string; orders: number; revenueMinor: number }[] {
    return [...this.byCurrency.entries()]
      .map(([currency, e]) => ({ currency, orders: e.orders, revenueMinor: e.revenueMinor }))
      .sort((a, b) => b.orders - a.orders || (a.currency < b.currency ? -1 : 1));
  }

  /** The analysis currency: the asked one, else the one with the most orders ('' without orders). */
  pickCurrency(asked?: string): string {
    if (asked) return asked;
    return this.currencies()[0]?.currency ?? '';
  }

  private fill(c: MeasureColumns, i: number, r: SummaryRow, now: number, currency: string): void {
    const s = spendIn(r, currency);
    c.ids[i] = r.id;
    c.totalSpendMinor[i] = s.totalMinor;
    c.orderCount[i] = r.orderCount;
    c.avgOrderValueMinor[i] = s.orders === 0 ? NaN : s.totalMinor / s.orders;
    c.recencyDays[i] = r.orderCount > 0 ? Math.max(0, Math.floor((now - r.lastOrderAt) / DAY_MS)) : NaN;
    c.lastOrderAt[i] = r.orderCount > 0 ? r.lastOrderAt : NaN;
    c.firstOrderAt[i] = r.orderCount > 0 ? r.firstOrderAt : NaN;
    c.medianOrderIntervalDays[i] = r.medianIntervalDays < 0 ? NaN : r.medianIntervalDays;
    c.avgSatisfaction[i] = r.surveyCount === 0 ? NaN : r.scoreSum / r.surveyCount;
    c.surveyCount[i] = r.surveyCount;
    c.lastScore[i] = r.surveyCount === 0 ? NaN : r.lastScore;
    c.lastSurveyAt[i] = r.surveyCount === 0 ? NaN : r.lastSurveyAt;
    c.visitsLast90d[i] = visitsSince(r.visits, now - 90 * DAY_MS, now);
    c.lastInteractionAt[i] = nanIf(r.lastInteractionAt, 0);
    c.openFollowUpAt[i] = nanIf(r.openFollowUpAt, 0);
    c.tags[i] = r.tags;
    c.ownerId[i] = r.ownerId;
    c.region[i] = r.region;
  }

  /**
   * Every customer's measures as columns (rows in first-seen order). Cached per (now, currency):
   * after upserts of known customers only their rows are refreshed — one new order costs O(1) here.
   * Owned by the store: valid until the next call.
   */
  columns(now: number, currency: string): MeasureColumns {
    const key = `${now}|${currency}`;
    if (this.cache && !this.structureDirty && this.cache.key === key) {
      const { cols, rowOf } = this.cache;
      for (const id of this.changed) {
        const i = rowOf.get(id);
        const r = this.rows.get(id);
        if (i !== undefined && r) this.fill(cols, i, r, now, currency);
      }
      this.changed.clear();
      return cols;
    }
    const n = this.rows.size;
    const col = (): Float64Array => new Float64Array(n);
    const cols: MeasureColumns = {
      ids: new Array<string>(n),
      totalSpendMinor: col(),
      orderCount: col(),
      avgOrderValueMinor: col(),
      recencyDays: col(),
      lastOrderAt: col(),
      firstOrderAt: col(),
      medianOrderIntervalDays: col(),
      avgSatisfaction: col(),
      surveyCount: col(),
      lastScore: col(),
      lastSurveyAt: col(),
      visitsLast90d: col(),
      lastInteractionAt: col(),
      openFollowUpAt: col(),
      tags: new Array<readonly string[]>(n),
      ownerId: new Array<string>(n),
      region: new Array<string>(n),
    };
    const rowOf = new Map<string, number>();
    let i = 0;
    for (const r of this.rows.values()) {
      rowOf.set(r.id, i);
      this.fill(cols, i, r, now, currency);
      i++;
    }
    this.cache = { key, cols, rowOf };
    this.structureDirty = false;
    this.changed.clear();
    return cols;
  }

  /** Row index of a customer in the current columns. */
  rowOf(id: string): number | undefined {
    return this.cache?.rowOf.get(id);
  }

  /**
   * The overview figures (see the header for the month-range and currency rules).
   *
   * Incremental: the accumulators of the last few keys (attribute filter, month range, currency and
   * the `now`-derived activity window) are kept, and a call after k changed rows only replays those
   * k changes from the journal (subtract the old row's contribution, add the new one): O(k), not
   * O(customers). Every sum is of integers (minor units, counts, integer quality scores), so the
   * result is exactly the full computation's whatever the order. An unknown key, or more changes
   * than the journal keeps, costs one full pass. `now` only moves the activity window: a new window
   * for a known key (the next minute) costs one pass for the active count alone, the rest is kept.
   */
  overview(filter: MonthFilter, now: number, currency: string, activeDays = 90): SummaryOverview {
    const p = overviewParams(filter, now, currency, activeDays);
    let entry = this.ovCache.get(p.key);
    if (entry && entry.version >= this.journalStart) {
      const e = entry;
      const apply = (r: SummaryRow | undefined, sign: 1 | -1): void => {
        if (!r || !selected(r, p)) return;
        contribute(e.acc, r, p, sign);
        for (const win of e.windows.values()) if (isActive(r, win.w)) win.active += sign;
      };
      for (let j = e.version - this.journalStart; j < this.journal.length; j++) {
        const { prev, next } = this.journal[j] as JournalEntry;
        apply(prev, -1);
        apply(next, 1);
      }
      e.version = this.version;
      this.ovCache.delete(p.key); // LRU: most recent last
      if (!e.windows.has(p.windowKey)) {
        // `now` moved on (a new minute): only the active count needs a pass over the customers
        let active = 0;
        for (const r of this.rows.values()) if (selected(r, p) && isActive(r, p)) active++;
        this.overviewWindowPasses++;
        if (e.windows.size >= WINDOWS_PER_KEY) e.windows.delete(e.windows.keys().next().value as string);
        e.windows.set(p.windowKey, { w: p, active });
      }
    } else {
      const acc = emptyAcc();
      let active = 0;
      for (const r of this.rows.values()) {
        if (!selected(r, p)) continue;
        contribute(acc, r, p, 1);
        if (isActive(r, p)) active++;
      }
      this.overviewFullPasses++;
      entry = { version: this.version, acc, windows: new Map([[p.windowKey, { w: p, active }]]) };
      if (this.ovCache.size >= OVERVIEW_CACHE_KEYS) this.ovCache.delete(this.ovCache.keys().next().value as string);
    }
    this.ovCache.set(p.key, entry);
    this.trimJournal();
    return result(entry.acc, (entry.windows.get(p.windowKey) as { active: number }).active, currency);
  }

  /** Drops journal entries every cached overview has already applied. */
  private trimJournal(): void {
    let min = this.version;
    for (const e of this.ovCache.values()) min = Math.min(min, e.version);
    const drop = min - this.journalStart;
    if (drop > 0) {
      this.journal.splice(0, drop);
      this.journalStart = min;
    }
  }

  /** Journals one change for the cached overviews (invariant: journalStart + journal.length === version). */
  private record(prev: SummaryRow | undefined, next: SummaryRow | undefined): void {
    if (this.ovCache.size === 0 || this.journal.length >= Math.max(JOURNAL_MIN, this.rows.size >> 2)) {
      // nothing to keep up to date, or replaying would cost about as much as recomputing
      this.ovCache.clear();
      this.journal.length = 0;
      this.journalStart = this.version;
      return;
    }
    this.journal.push({ prev, next });
  }

  /** One customer's measures in the analysis currency; null when unknown. */
  measures(id: string, now: number, currency: string): CustomerMeasures | null {
    const r = this.rows.get(id);
    if (!r) return null;
    const s = spendIn(r, currency);
    return {
      customerId: r.id,
      totalSpendMinor: s.totalMinor,
      orderCount: r.orderCount,
      avgOrderValueMinor: s.orders === 0 ? null : s.totalMinor / s.orders,
      recencyDays: r.orderCount > 0 ? Math.max(0, Math.floor((now - r.lastOrderAt) / DAY_MS)) : null,
      lastOrderAt: r.orderCount > 0 ? r.lastOrderAt : null,
      firstOrderAt: r.orderCount > 0 ? r.firstOrderAt : null,
      medianOrderIntervalDays: r.medianIntervalDays < 0 ? null : r.medianIntervalDays,
      avgSatisfaction: r.surveyCount === 0 ? null : r.scoreSum / r.surveyCount,
      surveyCount: r.surveyCount,
      lastScore: r.surveyCount === 0 ? null : r.lastScore,
      lastSurveyAt: r.surveyCount === 0 ? null : r.lastSurveyAt,
      visitsLast90d: visitsSince(r.visits, now - 90 * DAY_MS, now),
      lastInteractionAt: r.lastInteractionAt || null,
      openFollowUpAt: r.openFollowUpAt || null,
    };
  }

  /** Item-to-item recommendations over every customer's basket (the SKUs they ever bought). */
  recommend(id: string, opts?: RecommendOptions): Recommendation[] {
    return this.co.recommend(id, opts);
  }

  /**
   * Distinct tags / owners / regions for the filter pickers (most frequent first, capped). The
   * counts are kept up to date; the sorted lists are reused until a row's tags, owner or region change.
   */
  filterOptions(max = 200): { tags: string[]; owners: string[]; regions: string[] } {
    if (this.optionsCache?.max === max) return copyOptions(this.optionsCache.value);
    const top = (m: Map<string, number>): string[] =>
      [...m.entries()]
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
        .slice(0, max)
        .map(([k]) => k);
    const value = { tags: top(this.tagCount), owners: top(this.ownerCount), regions: top(this.regionCount) };
    this.optionsCache = { max, value };
    return copyOptions(value);
  }
}

// callers own what they get (no shared arrays with the cache)
const copyOptions = (o: {
  tags: string[];
  owners: string[];
  regions: string[];
}): { tags: string[]; owners: string[]; regions: string[] } => ({
  tags: [...o.tags],
  owners: [...o.owners],
  regions: [...o.regions],
});

function sameAttributes(a: SummaryRow, b: SummaryRow): boolean {
  return (
    a.ownerId === b.ownerId &&
    a.region === b.region &&
    a.tags.length === b.tags.length &&
    a.tags.every((t, i) => b.tags[i] === t)
  );
}
