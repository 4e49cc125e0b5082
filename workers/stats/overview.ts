// The Insights overview figures, filterable by tag, owner, region and date range.
// Pure: customer attribute + measure columns and order/survey facts in, plain numbers out.
//
// Definitions:
// - customers: live customers matching the attribute filters (the date range does not apply).
// - orders, revenue, average order value, revenue by month: counted (non-cancelled) orders of
//   those customers with from ≤ orderedAt < to (either end open when absent).
// - active customers: those with an order in the activity window [end − activeDays, end], where
//   end = min(to, now) (or now) and the window never starts before `from`.
// - revenue by month: local-time calendar months 'YYYY-MM' from the first to the last month with
//   an order, empty months included (0), ascending.
// - NPS: every survey response of those customers with from ≤ at < to; promoters 9–10, passives
//   7–8, detractors 0–6 (src/domain/activity.ts npsCategory / netPromoterScore).
import { netPromoterScore, npsCategory } from '../../src/domain/activity';
import type { Facts, MeasureColumns } from './measures';
import { DAY_MS } from '../../src/domain/dates';

export interface OverviewFilter {
  tag?: string;
  ownerId?: string;
  region?: string;
  /** epoch ms, inclusive */
  from?: number;
  /** epoch ms, exclusive */
  to?: number;
}

export interface OverviewOptions {
  now: number;
  /** default 90 */
  activeDays?: number;
}

export interface MonthRevenue {
  month: string;
  revenueMinor: number;
  orders: number;
}

export interface Nps {
  /** −100..100, null without responses */
  score: number | null;
  promoters: number;
  passives: number;
  detractors: number;
  responses: number;
}

export interface Overview {
  customers: number;
  activeCustomers: number;
  orders: number;
  revenueMinor: number;
  /** null without orders */
  avgOrderValueMinor: number | null;
  revenueByMonth: MonthRevenue[];
  nps: Nps;
}

type CustomerInput = Pick<MeasureColumns, 'ids' | 'tags' | 'ownerId' | 'region'>;

/** 1 for rows matching the attribute filters (tag / owner / region; exact matches). */
export function customerMask(cols: CustomerInput, filter: OverviewFilter): Uint8Array {
  const n = cols.ids.length;
  const mask = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (filter.ownerId !== undefined && cols.ownerId[i] !== filter.ownerId) continue;
    if (filter.region !== undefined && cols.region[i] !== filter.region) continue;
    if (filter.tag !== undefined && !(cols.tags[i] ?? []).includes(filter.tag)) continue;
    mask[i] = 1;
  }
  return mask;
}

/** 'YYYY-MM' of an epoch ms in local time. */
export function monthKey(ms: number): string {
  const d = new Date(ms);
  return `${String(d.getFullYear()).padStart(4, '0')}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

/** Local month starts covering [lo, hi]: starts[i] ≤ t < starts[i+1]. */
function monthStarts(lo: number, hi: number): { starts: number[]; keys: string[] } {
  const d = new Date(lo);
  let y = d.getFullYear();
  let m = d.getMonth();
  const starts: number[] = [];
  const keys: string[] = [];
  for (;;) {
    const start = new Date(y, m, 1).getTime();
    if (start > hi) break;
    starts.push(start);
    keys.push(`${String(y).padStart(4, '0')}-${String(m + 1).padStart(2, '0')}`);
    m++;
    if (m === 12) {
      m = 0;
      y++;
    }
  }
  starts.push(new Date(y, m, 1).getTime());
  return { starts, keys };
}

export function overview(cols: CustomerInput, facts: Facts, filter: OverviewFilter, opts: OverviewOptions): Overview {
  const mask = customerMask(cols, filter);
  let customers = 0;
  for (let i = 0; i < mask.length; i++) customers += mask[i] as number;
  const from = filter.from ?? -Infinity;
  const to = filter.to ?? Infinity;
  const end = Math.min(to, opts.now);
  const activeFrom = Math.max(from, end - (opts.activeDays ?? 90) * DAY_MS);

  const { cust, at, totalMinor } = facts.orders;
  const rowOf = facts.rowOf;
  // row of a fact's customer key when it passes the filters, else −1
  const rowIfSelected = (key: number): number => {
    const row = rowOf ? (rowOf[key] ?? -1) : key;
    return row >= 0 && mask[row] === 1 ? row : -1;
  };
  const active = new Uint8Array(mask.length);
  let orders = 0;
  let revenue = 0;
  let lo = Infinity;
  let hi = -Infinity;
  for (let j = 0; j < cust.length; j++) {
    const c = rowIfSelected(cust[j] as number);
    if (c < 0) continue;
    const t = at[j] as number;
    if (t >= activeFrom && t <= end) active[c] = 1;
    if (t < from || t >= to) continue;
    orders++;
    revenue += totalMinor[j] as number;
    if (t < lo) lo = t;
    if (t > hi) hi = t;
  }
  let activeCustomers = 0;
  for (let i = 0; i < active.length; i++) activeCustomers += active[i] as number;

  const revenueByMonth: MonthRevenue[] = [];
  if (orders > 0) {
    const { starts, keys } = monthStarts(lo, hi);
    const rev = new Float64Array(keys.length);
    const cnt = new Uint32Array(keys.length);
    for (let j = 0; j < cust.length; j++) {
      if (rowIfSelected(cust[j] as number) < 0) continue;
      const t = at[j] as number;
      if (t < from || t >= to) continue;
      // binary search: last start ≤ t
      let a = 0;
      let b = starts.length - 1;
      while (a < b) {
        const mid = (a + b + 1) >>> 1;
        if ((starts[mid] as number) <= t) a = mid;
        else b = mid - 1;
      }
      rev[a] = (rev[a] as number) + (totalMinor[j] as number);
      cnt[a] = (cnt[a] as number) + 1;
    }
    for (let k = 0; k < keys.length; k++)
      revenueByMonth.push({ month: keys[k] as string, revenueMinor: rev[k] as number, orders: cnt[k] as number });
  }

  const scores: number[] = [];
  let promoters = 0;
  let passives = 0;
  let detractors = 0;
  const s = facts.surveys;
  for (let j = 0; j < s.cust.length; j++) {
    if (rowIfSelected(s.cust[j] as number) < 0) continue;
    const t = s.at[j] as number;
    if (t < from || t >= to) continue;
    const score = s.score[j] as number;
    scores.push(score);
    const cat = npsCategory(score);
    if (cat === 'promoter') promoters++;
    else if (cat === 'passive') passives++;
    else detractors++;
  }

  return {
    customers,
    activeCustomers,
    orders,
    revenueMinor: revenue,
    avgOrderValueMinor: orders === 0 ? null : revenue / orders,
    revenueByMonth,
    nps: { score: netPromoterScore(scores), promoters, passives, detractors, responses: scores.length },
  };
}
