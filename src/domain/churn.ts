// The churn-risk rule, shared by Insights (workers/stats/risk.ts lists the customers at risk) and
// the customer export's churn-risk column (workers/export/customers.ts): at least `minOrders` (3)
// orders with a median interval of at least one day (a rhythm: two orders, or several on the same
// day, say nothing about when the next one is due), and the days since the last order exceed
// `factor` (2) × that median interval. Pure.
import { DAY_MS } from './dates';

export interface ChurnReason {
  kind: 'churn';
  daysSinceLastOrder: number;
  medianIntervalDays: number;
  /** daysSinceLastOrder / medianIntervalDays */
  ratio: number;
  orderCount: number;
  lastOrderAt: number;
}

export interface ChurnOptions {
  factor?: number;
  minOrders?: number;
}

/** Fewer orders than this say nothing about a customer's ordering rhythm. */
export const MIN_CHURN_ORDERS = 3;
/** A median interval shorter than this (orders on the same day) is no rhythm either. */
export const MIN_CHURN_INTERVAL_DAYS = 1;

/** Whether a customer's orders have a rhythm churn can be judged against. */
export function hasOrderRhythm(orderCount: number, medianIntervalDays: number, minOrders = MIN_CHURN_ORDERS): boolean {
  return (
    orderCount >= minOrders && Number.isFinite(medianIntervalDays) && medianIntervalDays >= MIN_CHURN_INTERVAL_DAYS
  );
}

/** The churn reason for one customer, or null when not at risk (shared with nextBestAction). */
export function churnReason(
  orderCount: number,
  lastOrderAt: number | null,
  medianIntervalDays: number | null,
  now: number,
  opts: ChurnOptions = {},
): ChurnReason | null {
  const factor = opts.factor ?? 2;
  if (lastOrderAt === null || medianIntervalDays === null || !Number.isFinite(lastOrderAt)) return null;
  if (!hasOrderRhythm(orderCount, medianIntervalDays, opts.minOrders)) return null;
  const daysSinceLastOrder = (now - lastOrderAt) / DAY_MS;
  const ratio = daysSinceLastOrder / medianIntervalDays;
  if (ratio <= factor) return null;
  return { kind: 'churn', daysSinceLastOrder, medianIntervalDays, ratio, orderCount, lastOrderAt };
}
