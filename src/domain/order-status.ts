// Order status rules: the steps an order goes through (draft → confirmed → delivered → paid, or
// cancelled), the date each step was reached, which statuses count as revenue, and how orders
// stored with the first status set ('open' | 'paid' | 'shipped' | 'cancelled') map onto these.
import type { OrderFields, OrderStatus } from './types';

/** Every status, in the order a picker lists them. */
export const ORDER_STATUSES: readonly OrderStatus[] = ['draft', 'confirmed', 'delivered', 'paid', 'cancelled'];

/** The normal path of an order; 'cancelled' leaves it at any point. */
export const ORDER_STEPS: readonly OrderStatus[] = ['draft', 'confirmed', 'delivered', 'paid'];

/**
 * Statuses whose orders count in revenue, order counts, intervals and recommendations everywhere
 * (measures, Insights, the customer's totals). A draft is not a sale yet; a cancelled order is none.
 */
export const REVENUE_STATUSES: readonly OrderStatus[] = ['confirmed', 'delivered', 'paid'];

export function countsAsRevenue(status: OrderStatus): boolean {
  return REVENUE_STATUSES.includes(status);
}

export function isOrderStatus(s: string): s is OrderStatus {
  return (ORDER_STATUSES as readonly string[]).includes(s);
}

/** When each step was reached (epoch ms); 0 = not reached. A draft's date is the order's `orderedAt`. */
export type StepDates = Pick<OrderFields, 'confirmedAt' | 'deliveredAt' | 'paidAt' | 'cancelledAt'>;
export type OrderState = Pick<OrderFields, 'status' | 'orderedAt'> & StepDates;

export const NO_STEP_DATES: Readonly<StepDates> = { confirmedAt: 0, deliveredAt: 0, paidAt: 0, cancelledAt: 0 };

const DATE_FIELD: Record<Exclude<OrderStatus, 'draft'>, keyof StepDates> = {
  confirmed: 'confirmedAt',
  delivered: 'deliveredAt',
  paid: 'paidAt',
  cancelled: 'cancelledAt',
};

/** The date a status was reached: the order's date for a draft, 0 when the step has no date. */
export function stepDate(order: OrderState, status: OrderStatus): number {
  return status === 'draft' ? order.orderedAt : order[DATE_FIELD[status]];
}

/** The next step on the normal path, or null (paid and cancelled are final). */
export function nextStep(status: OrderStatus): OrderStatus | null {
  if (status === 'cancelled') return null;
  return ORDER_STEPS[ORDER_STEPS.indexOf(status) + 1] ?? null;
}

/**
 * The order's status and step dates after setting `to` at time `at` (never before the order date).
 * - Reaching a step dates it and every earlier step that has no date yet, at the same time (a cash
 *   sale is confirmed, delivered and paid at once); dates already recorded are kept.
 * - Setting an earlier step (a correction) clears the dates of the steps after it.
 * - Cancelling dates the cancellation and keeps how far the order had got; leaving 'cancelled'
 *   clears the cancellation date.
 * Setting the current status changes nothing.
 */
export function withStatus(order: OrderState, to: OrderStatus, at: number): Pick<OrderFields, 'status'> & StepDates {
  const { confirmedAt, deliveredAt, paidAt, cancelledAt } = order;
  if (to === order.status) return { status: to, confirmedAt, deliveredAt, paidAt, cancelledAt };
  const when = at > order.orderedAt ? at : order.orderedAt;
  if (to === 'cancelled') return { status: to, confirmedAt, deliveredAt, paidAt, cancelledAt: when };
  // Straight-line on purpose (the demo generator calls this for every order it makes).
  const rank = STEP_RANK[to];
  const step = (r: number, d: number): number => (r > rank ? 0 : d === 0 ? when : d);
  return {
    status: to,
    confirmedAt: step(1, confirmedAt),
    deliveredAt: step(2, deliveredAt),
    paidAt: step(3, paidAt),
    cancelledAt: 0,
  };
}

const STEP_RANK: Record<Exclude<OrderStatus, 'cancelled'>, number> = { draft: 0, confirmed: 1, delivered: 2, paid: 3 };

/**
 * Step dates after the order date moves from `order.orderedAt` to `orderedAt` (back-dating): a step
 * recorded at the old order date moves with it (it was dated by the order's creation), and no step
 * is left before the order date.
 */
export function redate(order: OrderState, orderedAt: number): StepDates {
  const move = (d: number): number => (d === 0 ? 0 : d === order.orderedAt ? orderedAt : Math.max(d, orderedAt));
  return {
    confirmedAt: move(order.confirmedAt),
    deliveredAt: move(order.deliveredAt),
    paidAt: move(order.paidAt),
    cancelledAt: move(order.cancelledAt),
  };
}

/** The first status set, stored by orders written before steps existed (orders schema v0). */
export type LegacyOrderStatus = 'open' | 'paid' | 'shipped' | 'cancelled';

/**
 * An order stored with a first-version status, in today's terms. The mapping keeps every revenue
 * figure the same (the old rules counted every status but 'cancelled'; the new ones count
 * confirmed, delivered and paid):
 *   open → confirmed, shipped → delivered, paid → paid, cancelled → cancelled.
 * The old records kept no step dates: the order date stands for the confirmation, and the last
 * write (`updatedAt`, when the status was last set) for the step the order had reached; steps in
 * between are dated like the step reached (withStatus's rule). Anything unknown reads as 'confirmed'.
 */
export function fromLegacyStatus(
  status: string,
  orderedAt: number,
  updatedAt: number,
): Pick<OrderFields, 'status'> & StepDates {
  const confirmed = withStatus({ status: 'draft', orderedAt, ...NO_STEP_DATES }, 'confirmed', orderedAt);
  const reachedAt = Math.max(orderedAt, updatedAt);
  const base = { ...confirmed, orderedAt };
  switch (status) {
    case 'shipped':
      return withStatus(base, 'delivered', reachedAt);
    case 'paid':
      return withStatus(base, 'paid', reachedAt);
    case 'cancelled':
      return withStatus(base, 'cancelled', reachedAt);
    default:
      return confirmed;
  }
}
