// Per-customer measures, maintained incrementally in the worker (docs/ARCHITECTURE.md, "Derived data": local,
// derived, never replicated).
//
// Rules:
// - Cancelled orders do not count at all (spend, count, dates, intervals, baskets). An order that
//   becomes cancelled is removed; one that is un-cancelled is added again.
// - Orders, surveys and interactions are keyed by their id: `upsert*` is idempotent (a replayed
//   change or a snapshot overlapping the change stream cannot double count), `remove*` needs only
//   the id, and an upsert that changes the customerId moves the record.
// - Merges: `mergeCustomer(loser, survivor)` moves every child of the loser to the survivor and
//   remembers loser → survivor, so children that arrive later still pointing at the loser count
//   for the survivor. `unmergeCustomer(loser)` forgets that; the children return to the loser when
//   the data layer re-points them (their upserts carry customerId = loser).
// - A deleted customer keeps its children (a restore is exact) but is left out of every output,
//   including the co-occurrence baskets.
//
// Cost: a mutation is O(1) amortized plus O(k) to find a removed record among that customer's
// k records, and marks the customer dirty. Derived values of a dirty customer (sorted dates, first/
// last order, median interval, last survey, open follow-up) are recomputed on the next read in
// O(k log k) for that customer only: one new order touches one customer, never the whole store.
// Money is summed as integers in minor units (exact); all currencies are summed together.
import type { OrderStatus } from '../../src/domain/types';
import { CoOccurrence } from './recommend';
import { DAY_MS } from '../../src/domain/dates';

export interface OrderRow {
  id: string;
  customerId: string;
  orderedAt: number;
  totalMinor: number;
  /** 'cancelled' orders are not counted */
  status: OrderStatus;
  /** SKUs of the order's items (for recommendations); optional */
  skus?: readonly string[];
}

export interface SurveyRow {
  id: string;
  customerId: string;
  at: number;
  /** 0..10 */
  score: number;
}

export interface InteractionRow {
  id: string;
  customerId: string;
  at: number;
  /** 'visit' counts towards visitsLast90d */
  type: string;
  /** epoch ms; 0 or absent for none */
  followUpAt?: number;
}

export interface CustomerRow {
  id: string;
  tags?: readonly string[];
  ownerId?: string;
  region?: string;
  /** survivor id when this customer was merged into another ('' or absent: not merged) */
  mergedInto?: string;
  deleted?: boolean;
}

/** Structured-clone-safe orders as columns (e.g. read page by page from the database). */
export interface OrderColumns {
  id: readonly string[];
  customerId: readonly string[];
  orderedAt: ArrayLike<number>;
  totalMinor: ArrayLike<number>;
  status: readonly OrderStatus[];
  skus?: readonly (readonly string[])[];
}

export type Change<T> = { op: 'add' | 'update' | 'upsert'; doc: T } | { op: 'remove'; id: string };

export interface CustomerMeasures {
  customerId: string;
  totalSpendMinor: number;
  orderCount: number;
  /** totalSpendMinor / orderCount, unrounded; null without orders */
  avgOrderValueMinor: number | null;
  /** whole days since the last order, ⌊(now − lastOrderAt) / day⌋, ≥ 0; null without orders */
  recencyDays: number | null;
  lastOrderAt: number | null;
  firstOrderAt: number | null;
  /** median of the gaps between consecutive orders, in (fractional) days; null with < 2 orders */
  medianOrderIntervalDays: number | null;
  /** mean survey score; null without surveys */
  avgSatisfaction: number | null;
  surveyCount: number;
  /** score of the latest survey (by time, then id) */
  lastScore: number | null;
  lastSurveyAt: number | null;
  /** interactions of type 'visit' with now − 90 days ≤ at ≤ now */
  visitsLast90d: number;
  lastInteractionAt: number | null;
  /** follow-up date asked by the latest interaction, if any */
  openFollowUpAt: number | null;
}

/**
 * All measures of all live customers (not deleted, not merged away) as columns; NaN = missing.
 * Row i of every column is customer ids[i]. Transferable.
 */
export interface MeasureColumns {
  ids: string[];
  totalSpendMinor: Float64Array;
  orderCount: Float64Array;
  avgOrderValueMinor: Float64Array;
  recencyDays: Float64Array;
  lastOrderAt: Float64Array;
  firstOrderAt: Float64Array;
  medianOrderIntervalDays: Float64Array;
  avgSatisfaction: Float64Array;
  surveyCount: Float64Array;
  lastScore: Float64Array;
  lastSurveyAt: Float64Array;
  visitsLast90d: Float64Array;
  lastInteractionAt: Float64Array;
  openFollowUpAt: Float64Array;
  tags: (readonly string[])[];
  ownerId: string[];
  region: string[];
}

export const NUMERIC_MEASURES = [
  'totalSpendMinor',
  'orderCount',
  'avgOrderValueMinor',
  'recencyDays',
  'avgSatisfaction',
  'visitsLast90d',
  'medianOrderIntervalDays',
  'surveyCount',
  'lastScore',
] as const;
export type NumericMeasure = (typeof NUMERIC_MEASURES)[number];

/** The measures of the correlation matrix. */
export const CORRELATION_MEASURES: readonly NumericMeasure[] = [
  'totalSpendMinor',
  'orderCount',
  'avgOrderValueMinor',
  'recencyDays',
  'avgSatisfaction',
  'visitsLast90d',
];

/**
 * Counted orders as columns for overview.ts. `cust[j]` is a customer key: a row of the measure
 * columns directly, or — when the facts carry `rowOf` — an index into rowOf giving that row
 * (−1 / out of range: not a live customer, skip).
 */
export interface OrderFacts {
  cust: ArrayLike<number>;
  at: ArrayLike<number>;
  totalMinor: ArrayLike<number>;
}

export interface SurveyFacts {
  cust: ArrayLike<number>;
  at: ArrayLike<number>;
  score: ArrayLike<number>;
}

export interface Facts {
  orders: OrderFacts;
  surveys: SurveyFacts;
  /** customer key → row of the measure columns (−1: not live); absent: keys are rows */
  rowOf?: ArrayLike<number>;
}

/** Growable (customer, time, value) table with slot reuse: O(1) add, remove and re-point. */
class FactTable {
  cust = new Int32Array(1024);
  at = new Float64Array(1024);
  val = new Float64Array(1024);
  len = 0;
  private readonly free: number[] = [];

  alloc(cust: number, at: number, val: number): number {
    let slot = this.free.pop();
    if (slot === undefined) {
      if (this.len === this.cust.length) {
        const cap = this.len * 2;
        const c = new Int32Array(cap);
        c.set(this.cust);
        const a = new Float64Array(cap);
        a.set(this.at);
        const v = new Float64Array(cap);
        v.set(this.val);
        this.cust = c;
        this.at = a;
        this.val = v;
      }
      slot = this.len++;
    }
    this.cust[slot] = cust;
    this.at[slot] = at;
    this.val[slot] = val;
    return slot;
  }

  release(slot: number): void {
    this.cust[slot] = -1;
    this.free.push(slot);
  }
}

interface OrderRec {
  id: string;
  cust: string;
  /** row in the order FactTable */
  slot: number;
  at: number;
  total: number;
  skus: readonly string[];
}
interface SurveyRec {
  id: string;
  cust: string;
  slot: number;
  at: number;
  score: number;
}
interface InteractionRec {
  id: string;
  cust: string;
  at: number;
  visit: boolean;
  followUpAt: number;
}

interface Timed {
  id: string;
  at: number;
}

function byTime(a: Timed, b: Timed): number {
  return a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** true when b belongs after a (the array stays sorted if b is pushed). */
function inOrder(last: Timed | undefined, b: Timed): boolean {
  return last === undefined || byTime(last, b) <= 0;
}

class Acc {
  orders: OrderRec[] = [];
  surveys: SurveyRec[] = [];
  interactions: InteractionRec[] = [];
  ordersSorted = true;
  surveysSorted = true;
  interactionsSorted = true;
  spend = 0;
  scoreSum = 0;
  dirty = true;
  deleted = false;
  merged = false;
  tags: readonly string[] = [];
  ownerId = '';
  region = '';
  // derived, valid when !dirty
  medianIntervalDays: number | null = null;

  constructor(
    readonly id: string,
    /** creation index, never reused */
    readonly slot: number,
  ) {}

  refresh(): void {
    if (!this.dirty) return;
    if (!this.ordersSorted) this.orders.sort(byTime);
    if (!this.surveysSorted) this.surveys.sort(byTime);
    if (!this.interactionsSorted) this.interactions.sort(byTime);
    this.ordersSorted = this.surveysSorted = this.interactionsSorted = true;
    const k = this.orders.length;
    if (k < 2) this.medianIntervalDays = null;
    else {
      const gaps = new Float64Array(k - 1);
      for (let i = 1; i < k; i++)
        gaps[i - 1] = ((this.orders[i] as OrderRec).at - (this.orders[i - 1] as OrderRec).at) / DAY_MS;
      gaps.sort();
      const h = (k - 2) / 2;
      const lo = Math.floor(h);
      this.medianIntervalDays = lo === h ? (gaps[lo] as number) : ((gaps[lo] as number) + (gaps[lo + 1] as number)) / 2;
    }
    this.dirty = false;
  }
}

function visitsSince(interactions: readonly InteractionRec[], from: number, to: number): number {
  let n = 0;
  for (let i = interactions.length - 1; i >= 0; i--) {
    const r = interactions[i] as InteractionRec;
    if (r.at < from) break;
    if (r.visit && r.at <= to) n++;
  }
  return n;
}

function removeRec<T>(arr: T[], rec: T): void {
  const i = arr.lastIndexOf(rec);
  if (i < 0) return;
  // Removing keeps the order of the rest: still sorted if it was.
  arr.splice(i, 1);
}

function fillRow(c: MeasureColumns, i: number, a: Acc, now: number): void {
  a.refresh();
  const k = a.orders.length;
  const first = a.orders[0];
  const last = a.orders[k - 1];
  const ns = a.surveys.length;
  const lastSurvey = a.surveys[ns - 1];
  const lastInteraction = a.interactions[a.interactions.length - 1];
  c.ids[i] = a.id;
  c.totalSpendMinor[i] = a.spend;
  c.orderCount[i] = k;
  c.avgOrderValueMinor[i] = k === 0 ? NaN : a.spend / k;
  c.recencyDays[i] = last ? Math.max(0, Math.floor((now - last.at) / DAY_MS)) : NaN;
  c.lastOrderAt[i] = last ? last.at : NaN;
  c.firstOrderAt[i] = first ? first.at : NaN;
  c.medianOrderIntervalDays[i] = a.medianIntervalDays ?? NaN;
  c.avgSatisfaction[i] = ns === 0 ? NaN : a.scoreSum / ns;
  c.surveyCount[i] = ns;
  c.lastScore[i] = lastSurvey ? lastSurvey.score : NaN;
  c.lastSurveyAt[i] = lastSurvey ? lastSurvey.at : NaN;
  c.visitsLast90d[i] = visitsSince(a.interactions, now - 90 * DAY_MS, now);
  c.lastInteractionAt[i] = lastInteraction ? lastInteraction.at : NaN;
  c.openFollowUpAt[i] = lastInteraction && lastInteraction.followUpAt > 0 ? lastInteraction.followUpAt : NaN;
  c.tags[i] = a.tags;
  c.ownerId[i] = a.ownerId;
  c.region[i] = a.region;
}

export class MeasureStore {
  private readonly accs = new Map<string, Acc>();
  private readonly orderById = new Map<string, OrderRec>();
  private readonly surveyById = new Map<string, SurveyRec>();
  private readonly interactionById = new Map<string, InteractionRec>();
  /** loser → survivor */
  private readonly alias = new Map<string, string>();
  /** Item co-occurrence over live customers' baskets (recommend.ts). */
  readonly coOccurrence = new CoOccurrence();
  /** Bumped on every mutation (cache key for callers). */
  version = 0;
  private readonly accBySlot: Acc[] = [];
  private readonly orderFacts = new FactTable();
  private readonly surveyFacts = new FactTable();
  /** live set or row order changed: the columns must be rebuilt */
  private structureDirty = true;
  /** customers whose column row must be refreshed */
  private readonly changed = new Set<Acc>();
  private cache: { cols: MeasureColumns; rowAccs: Acc[]; rowOf: Int32Array; now: number } | null = null;

  private touch(a: Acc): void {
    a.dirty = true;
    this.changed.add(a);
    this.version++;
  }

  private restructure(): void {
    this.structureDirty = true;
    this.version++;
  }

  /** Follows merges loser → survivor (chains too). */
  resolve(customerId: string): string {
    let id = customerId;
    for (let hops = 0; hops < 64; hops++) {
      const next = this.alias.get(id);
      if (next === undefined || next === id) return id;
      id = next;
    }
    return id;
  }

  private acc(customerId: string): Acc {
    let a = this.accs.get(customerId);
    if (!a) {
      a = new Acc(customerId, this.accBySlot.length);
      this.accs.set(customerId, a);
      this.accBySlot.push(a);
      this.restructure();
    }
    return a;
  }

  private live(a: Acc): boolean {
    return !a.deleted && !a.merged;
  }

  // ---- customers ---------------------------------------------------------------------------

  /** Registers or updates a customer's filter attributes; follows mergedInto / deleted. */
  upsertCustomer(row: CustomerRow): void {
    const a = this.acc(row.id);
    a.tags = row.tags ?? [];
    a.ownerId = row.ownerId ?? '';
    a.region = row.region ?? '';
    this.touch(a);
    if (row.mergedInto) this.mergeCustomer(row.id, row.mergedInto);
    else if (this.alias.has(row.id)) this.unmergeCustomer(row.id);
    if (row.deleted) this.removeCustomer(row.id);
    else if (a.deleted) this.restoreCustomer(row.id);
  }

  /** Soft delete: keeps the children (exact restore), leaves the customer out of every output. */
  removeCustomer(customerId: string): void {
    const a = this.accs.get(customerId);
    if (!a || a.deleted) return;
    if (!a.merged) for (const o of a.orders) this.coOccurrence.removeOrder(a.id, o.skus);
    a.deleted = true;
    this.restructure();
  }

  restoreCustomer(customerId: string): void {
    const a = this.accs.get(customerId);
    if (!a || !a.deleted) return;
    a.deleted = false;
    if (!a.merged) for (const o of a.orders) this.coOccurrence.addOrder(a.id, o.skus);
    this.restructure();
  }

  /** Moves every child of `loser` to `survivor` (and any that arrive later). */
  mergeCustomer(loserId: string, survivorId: string): void {
    const target = this.resolve(survivorId);
    if (target === loserId || this.resolve(loserId) === target) return;
    this.alias.set(loserId, target);
    const loser = this.acc(loserId);
    const survivor = this.acc(target);
    loser.merged = true;
    for (const o of loser.orders) {
      if (!loser.deleted) this.coOccurrence.removeOrder(loser.id, o.skus);
      o.cust = target;
      this.pushOrder(survivor, o);
    }
    for (const s of loser.surveys) {
      s.cust = target;
      this.pushSurvey(survivor, s);
    }
    for (const r of loser.interactions) {
      r.cust = target;
      this.pushInteraction(survivor, r);
    }
    loser.orders = [];
    loser.surveys = [];
    loser.interactions = [];
    loser.spend = 0;
    loser.scoreSum = 0;
    this.touch(loser);
    this.restructure();
  }

  /** Undo of a merge: the loser is live again; its children come back as they are re-pointed. */
  unmergeCustomer(loserId: string): void {
    if (!this.alias.delete(loserId)) return;
    const a = this.acc(loserId);
    a.merged = false;
    this.touch(a);
    this.restructure();
  }

  // ---- orders ------------------------------------------------------------------------------

  private pushOrder(a: Acc, o: OrderRec): void {
    if (a.ordersSorted && !inOrder(a.orders[a.orders.length - 1], o)) a.ordersSorted = false;
    a.orders.push(o);
    a.spend += o.total;
    this.orderFacts.cust[o.slot] = a.slot;
    this.touch(a);
    if (this.live(a)) this.coOccurrence.addOrder(a.id, o.skus);
  }

  upsertOrder(row: OrderRow): void {
    this.removeOrder(row.id);
    if (row.status === 'cancelled' || !Number.isFinite(row.orderedAt) || !Number.isFinite(row.totalMinor)) return;
    const cust = this.resolve(row.customerId);
    const a = this.acc(cust);
    const slot = this.orderFacts.alloc(a.slot, row.orderedAt, row.totalMinor);
    const rec: OrderRec = { id: row.id, cust, slot, at: row.orderedAt, total: row.totalMinor, skus: row.skus ?? [] };
    this.orderById.set(row.id, rec);
    this.pushOrder(a, rec);
  }

  removeOrder(id: string): void {
    const rec = this.orderById.get(id);
    if (!rec) return;
    this.orderById.delete(id);
    const a = this.acc(rec.cust);
    removeRec(a.orders, rec);
    a.spend -= rec.total;
    this.orderFacts.release(rec.slot);
    if (this.live(a)) this.coOccurrence.removeOrder(a.id, rec.skus);
    this.touch(a);
  }

  applyOrder(change: Change<OrderRow>): void {
    if (change.op === 'remove') this.removeOrder(change.id);
    else this.upsertOrder(change.doc);
    this.version++;
  }

  /** Bulk load from columns (same rules as upsertOrder). */
  loadOrderColumns(cols: OrderColumns): void {
    for (let i = 0; i < cols.id.length; i++) {
      this.upsertOrder({
        id: cols.id[i] as string,
        customerId: cols.customerId[i] as string,
        orderedAt: cols.orderedAt[i] as number,
        totalMinor: cols.totalMinor[i] as number,
        status: cols.status[i] as OrderStatus,
        skus: cols.skus?.[i] ?? [],
      });
    }
    this.version++;
  }

  // ---- surveys -----------------------------------------------------------------------------

  private pushSurvey(a: Acc, s: SurveyRec): void {
    if (a.surveysSorted && !inOrder(a.surveys[a.surveys.length - 1], s)) a.surveysSorted = false;
    a.surveys.push(s);
    a.scoreSum += s.score;
    this.surveyFacts.cust[s.slot] = a.slot;
    this.touch(a);
  }

  upsertSurvey(row: SurveyRow): void {
    this.removeSurvey(row.id);
    if (!Number.isFinite(row.at) || !Number.isFinite(row.score)) return;
    const cust = this.resolve(row.customerId);
    const a = this.acc(cust);
    const slot = this.surveyFacts.alloc(a.slot, row.at, row.score);
    const rec: SurveyRec = { id: row.id, cust, slot, at: row.at, score: row.score };
    this.surveyById.set(row.id, rec);
    this.pushSurvey(a, rec);
  }

  removeSurvey(id: string): void {
    const rec = this.surveyById.get(id);
    if (!rec) return;
    this.surveyById.delete(id);
    const a = this.acc(rec.cust);
    removeRec(a.surveys, rec);
    a.scoreSum -= rec.score;
    this.surveyFacts.release(rec.slot);
    this.touch(a);
  }

  applySurvey(change: Change<SurveyRow>): void {
    if (change.op === 'remove') this.removeSurvey(change.id);
    else this.upsertSurvey(change.doc);
    this.version++;
  }

  // ---- interactions ------------------------------------------------------------------------

  private pushInteraction(a: Acc, r: InteractionRec): void {
    if (a.interactionsSorted && !inOrder(a.interactions[a.interactions.length - 1], r)) a.interactionsSorted = false;
    a.interactions.push(r);
    this.touch(a);
  }

  upsertInteraction(row: InteractionRow): void {
    this.removeInteraction(row.id);
    if (!Number.isFinite(row.at)) return;
    const cust = this.resolve(row.customerId);
    const f = row.followUpAt ?? 0;
    const rec: InteractionRec = {
      id: row.id,
      cust,
      at: row.at,
      visit: row.type === 'visit',
      followUpAt: Number.isFinite(f) && f > 0 ? f : 0,
    };
    this.interactionById.set(row.id, rec);
    this.pushInteraction(this.acc(cust), rec);
  }

  removeInteraction(id: string): void {
    const rec = this.interactionById.get(id);
    if (!rec) return;
    this.interactionById.delete(id);
    const a = this.acc(rec.cust);
    removeRec(a.interactions, rec);
    this.touch(a);
  }

  applyInteraction(change: Change<InteractionRow>): void {
    if (change.op === 'remove') this.removeInteraction(change.id);
    else this.upsertInteraction(change.doc);
    this.version++;
  }

  // ---- reads -------------------------------------------------------------------------------

  /** Number of live customers. */
  get size(): number {
    let n = 0;
    for (const a of this.accs.values()) if (this.live(a)) n++;
    return n;
  }

  /** Measures of one customer (a merged-away id answers for its survivor); null if unknown/deleted. */
  measures(customerId: string, now: number): CustomerMeasures | null {
    const a = this.accs.get(this.resolve(customerId));
    if (!a || !this.live(a)) return null;
    return this.measuresOf(a, now);
  }

  private measuresOf(a: Acc, now: number): CustomerMeasures {
    a.refresh();
    const k = a.orders.length;
    const first = a.orders[0];
    const last = a.orders[k - 1];
    const lastSurvey = a.surveys[a.surveys.length - 1];
    const lastInteraction = a.interactions[a.interactions.length - 1];
    return {
      customerId: a.id,
      totalSpendMinor: a.spend,
      orderCount: k,
      avgOrderValueMinor: k === 0 ? null : a.spend / k,
      recencyDays: last ? Math.max(0, Math.floor((now - last.at) / DAY_MS)) : null,
      lastOrderAt: last ? last.at : null,
      firstOrderAt: first ? first.at : null,
      medianOrderIntervalDays: a.medianIntervalDays,
      avgSatisfaction: a.surveys.length === 0 ? null : a.scoreSum / a.surveys.length,
      surveyCount: a.surveys.length,
      lastScore: lastSurvey ? lastSurvey.score : null,
      lastSurveyAt: lastSurvey ? lastSurvey.at : null,
      visitsLast90d: visitsSince(a.interactions, now - 90 * DAY_MS, now),
      lastInteractionAt: lastInteraction ? lastInteraction.at : null,
      openFollowUpAt: lastInteraction && lastInteraction.followUpAt > 0 ? lastInteraction.followUpAt : null,
    };
  }

  /**
   * Every live customer's measures as columns, rows in a stable order (first seen first).
   * Cached: after a mutation only the touched customers' rows are refreshed (plus the two
   * now-dependent columns, recencyDays and visitsLast90d, when `now` changes); the live set
   * changing (new, deleted, merged customer) rebuilds them in O(N). The returned object is owned
   * by the store and valid until the next mutation: copy what you keep.
   */
  columns(now: number): MeasureColumns {
    if (!this.cache || this.structureDirty) return this.rebuild(now).cols;
    const { cols, rowOf, rowAccs } = this.cache;
    for (const a of this.changed) {
      const row = rowOf[a.slot];
      if (row !== undefined && row >= 0) fillRow(cols, row, a, now);
    }
    this.changed.clear();
    if (this.cache.now !== now) {
      const from90 = now - 90 * DAY_MS;
      for (let i = 0; i < rowAccs.length; i++) {
        const a = rowAccs[i] as Acc;
        const last = a.orders[a.orders.length - 1];
        cols.recencyDays[i] = last ? Math.max(0, Math.floor((now - last.at) / DAY_MS)) : NaN;
        cols.visitsLast90d[i] = visitsSince(a.interactions, from90, now);
      }
      this.cache.now = now;
    }
    return cols;
  }

  private rebuild(now: number): { cols: MeasureColumns; rowOf: Int32Array } {
    const rowAccs: Acc[] = [];
    for (const a of this.accs.values()) if (this.live(a)) rowAccs.push(a);
    const n = rowAccs.length;
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
    const rowOf = new Int32Array(this.accBySlot.length).fill(-1);
    for (let i = 0; i < n; i++) {
      const a = rowAccs[i] as Acc;
      rowOf[a.slot] = i;
      fillRow(cols, i, a, now);
    }
    this.cache = { cols, rowAccs, rowOf, now };
    this.structureDirty = false;
    this.changed.clear();
    return this.cache;
  }

  /**
   * Counted orders and surveys of every customer as columns (internal buffers, no copy), with
   * `rowOf` mapping their customer keys onto the rows of `columns(now)`. O(1).
   */
  facts(now: number): Facts {
    this.columns(now);
    const rowOf = (this.cache as { rowOf: Int32Array }).rowOf;
    const o = this.orderFacts;
    const s = this.surveyFacts;
    return {
      orders: { cust: o.cust.subarray(0, o.len), at: o.at.subarray(0, o.len), totalMinor: o.val.subarray(0, o.len) },
      surveys: { cust: s.cust.subarray(0, s.len), at: s.at.subarray(0, s.len), score: s.val.subarray(0, s.len) },
      rowOf,
    };
  }

  /** Recommendations for a customer (a merged-away id answers for its survivor). */
  recommend(customerId: string, opts?: { limit?: number; minSupport?: number }) {
    return this.coOccurrence.recommend(this.resolve(customerId), opts);
  }
}

/** One column of the measure columns by name. */
export function measureColumn(cols: MeasureColumns, name: NumericMeasure): Float64Array {
  return cols[name];
}

/** From-scratch build (same rules) — for tests and one-off batch use. */
export function buildMeasureStore(input: {
  customers?: readonly CustomerRow[];
  orders?: readonly OrderRow[];
  surveys?: readonly SurveyRow[];
  interactions?: readonly InteractionRow[];
}): MeasureStore {
  const s = new MeasureStore();
  for (const c of input.customers ?? []) s.upsertCustomer(c);
  for (const o of input.orders ?? []) s.upsertOrder(o);
  for (const v of input.surveys ?? []) s.upsertSurvey(v);
  for (const r of input.interactions ?? []) s.upsertInteraction(r);
  return s;
}
