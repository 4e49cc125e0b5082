// Insights over per-customer SUMMARY rows (the app's persisted, derived `measures` rows —
// src/data/measures.ts), so the worker never needs the orders themselves: 100k customers are 100k
// rows whatever the number of orders. Produces the same MeasureColumns as MeasureStore, so rfm.ts,
// risk.ts, correlation.ts and scaling.ts work unchanged.
//
// Currencies: rows keep spend and monthly revenue per currency (never converted: no exchange rates
// offline). Every analysis runs in ONE currency (default: the one with the most orders): spend,
// average order value and revenue count only orders in that currency; order count, recency and
// intervals count every order. Overview reports how many orders in other currencies it left out.
//
// Date ranges in the overview are whole local months ('YYYY-MM', inclusive), because revenue is
// kept in monthly buckets. Active customers: an order in the 90 days up to the end of the range
// (or now) — decided from the last order date when it lies before the range end, else from the
// monthly buckets overlapping that window (month precision).
import { netPromoterScore, npsCategory } from '../../src/domain/activity';
import { CoOccurrence, type Recommendation, type RecommendOptions } from './recommend';
import type { CustomerMeasures, MeasureColumns } from './measures';
import type { MonthRevenue, Nps } from './overview';

const DAY_MS = 86_400_000;

/** Structurally the same as src/data/schemas.ts MeasureDoc (workers may not import src/data). */
export interface SummaryRow {
  id: string;
  tags: readonly string[];
  ownerId: string;
  region: string;
  orderCount: number;
  /** 0 = none */
  firstOrderAt: number;
  lastOrderAt: number;
  /** −1 = fewer than 2 orders */
  meanIntervalDays: number;
  medianIntervalDays: number;
  spend: readonly { currency: string; totalMinor: number; orders: number }[];
  months: readonly { month: string; currency: string; revenueMinor: number; orders: number }[];
  surveyCount: number;
  scoreSum: number;
  lastScore: number;
  /** 0 = none */
  lastSurveyAt: number;
  surveys: readonly { at: number; score: number }[];
  visits: readonly number[];
  lastInteractionAt: number;
  openFollowUpAt: number;
  skus: readonly string[];
  /** data-quality score 0–100 of the record (src/domain/quality.ts) */
  quality: number;
}

export interface MonthFilter {
  tag?: string;
  ownerId?: string;
  region?: string;
  /** 'YYYY-MM', inclusive */
  fromMonth?: string;
  /** 'YYYY-MM', inclusive */
  toMonth?: string;
}

export interface SummaryOverview {
  currency: string;
  customers: number;
  activeCustomers: number;
  orders: number;
  /** orders in the range in other currencies (not in revenue / AOV) */
  otherCurrencyOrders: number;
  revenueMinor: number;
  avgOrderValueMinor: number | null;
  revenueByMonth: MonthRevenue[];
  nps: Nps;
  /** mean data-quality score of the customers, 0–100; null without customers */
  qualityScore: number | null;
}

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

/** Local start of a 'YYYY-MM' month (+ k months). */
export function monthStart(month: string, plus = 0): number {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7)) - 1;
  return new Date(y, m + plus, 1).getTime();
}

function nextMonth(month: string): string {
  const d = new Date(monthStart(month, 1));
  return `${String(d.getFullYear()).padStart(4, '0')}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

export class SummaryStore {
  private readonly rows = new Map<string, SummaryRow>();
  private readonly co = new CoOccurrence();
  private cache: { key: string; cols: MeasureColumns; rowOf: Map<string, number> } | null = null;
  /** ids changed since the cache was built (patched in place when the live set did not change) */
  private readonly changed = new Set<string>();
  private structureDirty = true;
  version = 0;

  get size(): number {
    return this.rows.size;
  }

  upsert(row: SummaryRow): void {
    const prev = this.rows.get(row.id);
    if (prev) this.co.removeOrder(prev.id, prev.skus);
    else this.structureDirty = true;
    this.rows.set(row.id, row);
    this.co.addOrder(row.id, row.skus);
    this.changed.add(row.id);
    this.version++;
  }

  remove(id: string): void {
    const prev = this.rows.get(id);
    if (!prev) return;
    this.co.removeOrder(id, prev.skus);
    this.rows.delete(id);
    this.structureDirty = true;
    this.version++;
  }

  get(id: string): SummaryRow | undefined {
    return this.rows.get(id);
  }

  /** Currencies by number of orders (most first), with their revenue. */
  currencies(): { currency: string; orders: number; revenueMinor: number }[] {
    const by = new Map<string, { currency: string; orders: number; revenueMinor: number }>();
    for (const r of this.rows.values()) {
      for (const s of r.spend) {
        const e = by.get(s.currency) ?? { currency: s.currency, orders: 0, revenueMinor: 0 };
        e.orders += s.orders;
        e.revenueMinor += s.totalMinor;
        by.set(s.currency, e);
      }
    }
    return [...by.values()].sort((a, b) => b.orders - a.orders || (a.currency < b.currency ? -1 : 1));
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

  /** The overview figures (see the header for the month-range and currency rules). */
  overview(filter: MonthFilter, now: number, currency: string, mask: Uint8Array, activeDays = 90): SummaryOverview {
    const cols = this.columns(now, currency);
    const fromM = filter.fromMonth ?? '';
    const toM = filter.toMonth ?? '\uffff';
    const rangeFrom = filter.fromMonth ? monthStart(filter.fromMonth) : -Infinity;
    const rangeTo = filter.toMonth ? monthStart(filter.toMonth, 1) : Infinity;
    const end = Math.min(rangeTo - 1, now);
    const activeFrom = Math.max(rangeFrom, end - activeDays * DAY_MS);
    const activeFromMonth = isFinite(activeFrom) ? new Date(activeFrom) : null;
    const activeFromKey = activeFromMonth
      ? `${String(activeFromMonth.getFullYear()).padStart(4, '0')}-${String(activeFromMonth.getMonth() + 1).padStart(2, '0')}`
      : '';
    const endD = new Date(end);
    const endKey = `${String(endD.getFullYear()).padStart(4, '0')}-${String(endD.getMonth() + 1).padStart(2, '0')}`;

    let customers = 0;
    let quality = 0;
    let active = 0;
    let orders = 0;
    let other = 0;
    let revenue = 0;
    const byMonth = new Map<string, { rev: number; n: number }>();
    const scores: number[] = [];
    let promoters = 0;
    let passives = 0;
    let detractors = 0;
    for (let i = 0; i < cols.ids.length; i++) {
      if (mask[i] !== 1) continue;
      customers++;
      const r = this.rows.get(cols.ids[i] as string) as SummaryRow;
      quality += r.quality;
      if (r.orderCount > 0) {
        if (r.lastOrderAt <= end) {
          if (r.lastOrderAt >= activeFrom) active++;
        } else if (r.months.some((m) => m.month >= activeFromKey && m.month <= endKey)) active++;
      }
      for (const m of r.months) {
        if (m.month < fromM || m.month > toM) continue;
        if (m.currency !== currency) {
          other += m.orders;
          continue;
        }
        orders += m.orders;
        revenue += m.revenueMinor;
        const e = byMonth.get(m.month) ?? { rev: 0, n: 0 };
        e.rev += m.revenueMinor;
        e.n += m.orders;
        byMonth.set(m.month, e);
      }
      for (const s of r.surveys) {
        if (s.at < rangeFrom || s.at >= rangeTo) continue;
        scores.push(s.score);
        const cat = npsCategory(s.score);
        if (cat === 'promoter') promoters++;
        else if (cat === 'passive') passives++;
        else detractors++;
      }
    }
    const revenueByMonth: MonthRevenue[] = [];
    const keys = [...byMonth.keys()].sort();
    if (keys.length) {
      const last = keys[keys.length - 1] as string;
      for (let m = keys[0] as string; m <= last; m = nextMonth(m)) {
        const e = byMonth.get(m);
        revenueByMonth.push({ month: m, revenueMinor: e?.rev ?? 0, orders: e?.n ?? 0 });
      }
    }
    return {
      currency,
      customers,
      activeCustomers: active,
      orders,
      otherCurrencyOrders: other,
      revenueMinor: revenue,
      avgOrderValueMinor: orders === 0 ? null : revenue / orders,
      revenueByMonth,
      nps: { score: netPromoterScore(scores), promoters, passives, detractors, responses: scores.length },
      qualityScore: customers === 0 ? null : quality / customers,
    };
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

  /** Distinct tags / owners / regions for the filter pickers (most frequent first, capped). */
  filterOptions(max = 200): { tags: string[]; owners: string[]; regions: string[] } {
    const tags = new Map<string, number>();
    const owners = new Map<string, number>();
    const regions = new Map<string, number>();
    const bump = (m: Map<string, number>, k: string): void => {
      if (k) m.set(k, (m.get(k) ?? 0) + 1);
    };
    for (const r of this.rows.values()) {
      for (const t of r.tags) bump(tags, t);
      bump(owners, r.ownerId);
      bump(regions, r.region);
    }
    const top = (m: Map<string, number>): string[] =>
      [...m.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, max).map(([k]) => k);
    return { tags: top(tags), owners: top(owners), regions: top(regions) };
  }
}
