// "Customers who bought X also bought Y" (item-to-item co-occurrence) and the next best action.
//
// Co-occurrence is counted over CUSTOMERS, not orders: a customer's basket is the set of SKUs in
// any of their counted orders (confirmed, delivered or paid: src/domain/order-status.ts). pair(X, Y) = customers whose basket holds X and Y;
// buyers(X) = customers whose basket holds X. The index is maintained incrementally: every
// customer's basket keeps, per SKU, how many of their orders contain it, so removing an order is
// exact; a SKU entering (leaving) a basket of s SKUs costs O(s) pair updates (a dense K×K matrix
// while K ≤ 2048 SKUs, sparse rows beyond).
//
// Recommendation for customer c with basket B: every Y ∉ B with pair(X, Y) ≥ minSupport for some
// X ∈ B is a candidate; its score is the best share pair(X, Y) / buyers(X) over X ∈ B, and that X
// is the reason ("bought by 34% of customers who bought X": share 0.34, supportCount pair(X, Y)).
// Ties: higher share, then higher supportCount, then SKU order (deterministic).
import { churnReason, type ChurnOptions, type ChurnReason } from './risk';
import { DAY_MS } from '../../src/domain/dates';

export interface RecommendationReason {
  because: string;
  /** fraction of customers who bought `because` that also bought `sku` */
  share: number;
  /** customers who bought both */
  supportCount: number;
}

export interface Recommendation {
  sku: string;
  score: number;
  reason: RecommendationReason;
}

export interface RecommendOptions {
  limit?: number;
  /** minimum customers who bought both; default 1 */
  minSupport?: number;
}

/** SKU counts up to this use a dense K×K Uint32Array (≤ 16 MB); beyond it, sparse Map rows. */
const DENSE_MAX_SKUS = 2048;

/** Symmetric pair counts: dense while the catalogue is small (fast), sparse rows beyond. */
class PairCounts {
  private cap = 64;
  private dense: Uint32Array | null = new Uint32Array(64 * 64);
  private sparse: Map<number, number>[] | null = null;
  private k = 0;

  /** Makes room for sku indices < k. */
  ensure(k: number): void {
    if (k <= this.k) return;
    if (this.sparse) {
      while (this.sparse.length < k) this.sparse.push(new Map<number, number>());
    } else if (k > this.cap) {
      let cap = this.cap;
      while (cap < k) cap *= 2;
      const old = this.dense as Uint32Array;
      if (cap > DENSE_MAX_SKUS) {
        const rows: Map<number, number>[] = [];
        for (let x = 0; x < k; x++) {
          const row = new Map<number, number>();
          if (x < this.k) {
            for (let y = 0; y < this.k; y++) {
              const v = old[x * this.cap + y] as number;
              if (v) row.set(y, v);
            }
          }
          rows.push(row);
        }
        this.sparse = rows;
        this.dense = null;
      } else {
        const next = new Uint32Array(cap * cap);
        for (let x = 0; x < this.k; x++) next.set(old.subarray(x * this.cap, x * this.cap + this.k), x * cap);
        this.dense = next;
        this.cap = cap;
      }
    }
    this.k = k;
  }

  add(x: number, y: number, d: number): void {
    if (this.dense) {
      const i = x * this.cap + y;
      this.dense[i] = (this.dense[i] as number) + d;
      return;
    }
    const row = (this.sparse as Map<number, number>[])[x] as Map<number, number>;
    const v = (row.get(y) ?? 0) + d;
    if (v === 0) row.delete(y);
    else row.set(y, v);
  }

  get(x: number, y: number): number {
    if (this.dense) return this.dense[x * this.cap + y] as number;
    return ((this.sparse as Map<number, number>[])[x] as Map<number, number>).get(y) ?? 0;
  }

  forEachInRow(x: number, fn: (y: number, count: number) => void): void {
    if (this.dense) {
      const base = x * this.cap;
      for (let y = 0; y < this.k; y++) {
        const v = this.dense[base + y] as number;
        if (v) fn(y, v);
      }
      return;
    }
    for (const [y, v] of (this.sparse as Map<number, number>[])[x] as Map<number, number>) fn(y, v);
  }
}

export class CoOccurrence {
  private readonly skuIndex = new Map<string, number>();
  private readonly skus: string[] = [];
  private readonly buyers: number[] = [];
  /** pairs.get(x, y) = customers who bought x and y (stored symmetrically) */
  private readonly pairs = new PairCounts();
  /** customer → sku index → number of that customer's orders containing the sku */
  private readonly baskets = new Map<string, Map<number, number>>();

  private intern(sku: string): number {
    let i = this.skuIndex.get(sku);
    if (i === undefined) {
      i = this.skus.length;
      this.skuIndex.set(sku, i);
      this.skus.push(sku);
      this.buyers.push(0);
      this.pairs.ensure(this.skus.length);
    }
    return i;
  }

  private bump(x: number, y: number, d: number): void {
    this.pairs.add(x, y, d);
  }

  /** Count one order's SKUs (duplicates within the order count once) for a customer. */
  addOrder(customerId: string, skus: readonly string[]): void {
    if (skus.length === 0) return;
    let basket = this.baskets.get(customerId);
    if (!basket) this.baskets.set(customerId, (basket = new Map<number, number>()));
    for (const sku of new Set(skus)) {
      const y = this.intern(sku);
      const c = basket.get(y) ?? 0;
      if (c === 0) {
        for (const x of basket.keys()) {
          this.bump(x, y, 1);
          this.bump(y, x, 1);
        }
        this.buyers[y] = (this.buyers[y] as number) + 1;
      }
      basket.set(y, c + 1);
    }
  }

  /** Exact inverse of addOrder with the same SKUs. */
  removeOrder(customerId: string, skus: readonly string[]): void {
    const basket = this.baskets.get(customerId);
    if (!basket) return;
    for (const sku of new Set(skus)) {
      const y = this.skuIndex.get(sku);
      if (y === undefined) continue;
      const c = basket.get(y) ?? 0;
      if (c === 0) continue;
      if (c > 1) {
        basket.set(y, c - 1);
        continue;
      }
      basket.delete(y);
      for (const x of basket.keys()) {
        this.bump(x, y, -1);
        this.bump(y, x, -1);
      }
      this.buyers[y] = (this.buyers[y] as number) - 1;
    }
    if (basket.size === 0) this.baskets.delete(customerId);
  }

  /** Customers who bought the SKU. */
  buyerCount(sku: string): number {
    const i = this.skuIndex.get(sku);
    return i === undefined ? 0 : (this.buyers[i] as number);
  }

  /** Customers who bought both SKUs. */
  pairCount(a: string, b: string): number {
    const x = this.skuIndex.get(a);
    const y = this.skuIndex.get(b);
    if (x === undefined || y === undefined) return 0;
    return this.pairs.get(x, y);
  }

  /** SKUs in the customer's basket (sorted). */
  basket(customerId: string): string[] {
    const b = this.baskets.get(customerId);
    return b ? [...b.keys()].map((i) => this.skus[i] as string).sort() : [];
  }

  /** Recommendations for one customer, excluding every SKU they already bought. O(|B| · K). */
  recommend(customerId: string, opts: RecommendOptions = {}): Recommendation[] {
    const limit = opts.limit ?? 5;
    const minSupport = Math.max(1, opts.minSupport ?? 1);
    const basket = this.baskets.get(customerId);
    if (!basket) return [];
    const best = new Map<number, Recommendation>();
    for (const x of basket.keys()) {
      const bx = this.buyers[x] as number;
      if (bx === 0) continue;
      const because = this.skus[x] as string;
      this.pairs.forEachInRow(x, (y, support) => {
        if (support < minSupport || basket.has(y)) return;
        const share = support / bx;
        const prev = best.get(y);
        if (!prev || better(share, support, because, prev)) {
          best.set(y, { sku: this.skus[y] as string, score: share, reason: { because, share, supportCount: support } });
        }
      });
    }
    return [...best.values()]
      .sort((a, b) => b.score - a.score || b.reason.supportCount - a.reason.supportCount || cmp(a.sku, b.sku))
      .slice(0, limit);
  }
}

function better(share: number, support: number, because: string, prev: Recommendation): boolean {
  if (share !== prev.reason.share) return share > prev.reason.share;
  if (support !== prev.reason.supportCount) return support > prev.reason.supportCount;
  return because < prev.reason.because;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export interface NextBestActionInput {
  orderCount: number;
  lastOrderAt: number | null;
  medianOrderIntervalDays: number | null;
  /** follow-up asked by the latest interaction (0/null: none) */
  openFollowUpAt: number | null;
  lastSurveyAt: number | null;
}

export interface NextBestActionOptions extends ChurnOptions {
  /** a survey older than this counts as missing; default 180 days */
  surveyMaxAgeDays?: number;
  /** customers with a single order (no interval) count as lapsed after this; default 180 days */
  lapsedAfterDays?: number;
}

export type NextBestAction =
  | { kind: 'followUpDue'; followUpAt: number; daysOverdue: number }
  | { kind: 'lapsed'; daysSinceLastOrder: number; churn: ChurnReason | null }
  | { kind: 'surveyMissing'; lastSurveyAt: number | null }
  | { kind: 'none' };

/**
 * One suggestion per customer, by priority: a follow-up that is due (followUpAt ≤ now) → the
 * customer has lapsed (churn rule of risk.ts, or a single order older than lapsedAfterDays) → a
 * buying customer without a recent survey (none, or older than surveyMaxAgeDays) → none.
 */
export function nextBestAction(m: NextBestActionInput, now: number, opts: NextBestActionOptions = {}): NextBestAction {
  if (m.openFollowUpAt !== null && m.openFollowUpAt > 0 && m.openFollowUpAt <= now) {
    return { kind: 'followUpDue', followUpAt: m.openFollowUpAt, daysOverdue: (now - m.openFollowUpAt) / DAY_MS };
  }
  if (m.lastOrderAt !== null && m.orderCount > 0) {
    const churn = churnReason(m.orderCount, m.lastOrderAt, m.medianOrderIntervalDays, now, opts);
    const daysSinceLastOrder = (now - m.lastOrderAt) / DAY_MS;
    if (churn || (m.orderCount === 1 && daysSinceLastOrder > (opts.lapsedAfterDays ?? 180))) {
      return { kind: 'lapsed', daysSinceLastOrder, churn };
    }
    const maxAge = (opts.surveyMaxAgeDays ?? 180) * DAY_MS;
    if (m.lastSurveyAt === null || now - m.lastSurveyAt > maxAge)
      return { kind: 'surveyMissing', lastSurveyAt: m.lastSurveyAt };
  }
  return { kind: 'none' };
}
