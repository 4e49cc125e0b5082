import { describe, expect, it } from 'vitest';
import {
  countsAsRevenue,
  fromLegacyStatus,
  NO_STEP_DATES,
  nextStep,
  ORDER_STATUSES,
  redate,
  REVENUE_STATUSES,
  stepDate,
  withStatus,
  type OrderState,
} from '../../src/domain/order-status';

const T = 1_750_000_000_000;
const H = 3_600_000;
const draft: OrderState = { status: 'draft', orderedAt: T, ...NO_STEP_DATES };

describe('order status steps', () => {
  it('the normal path is draft → confirmed → delivered → paid; paid and cancelled are final', () => {
    expect(nextStep('draft')).toBe('confirmed');
    expect(nextStep('confirmed')).toBe('delivered');
    expect(nextStep('delivered')).toBe('paid');
    expect(nextStep('paid')).toBeNull();
    expect(nextStep('cancelled')).toBeNull();
  });

  it('revenue counts confirmed, delivered and paid orders, not drafts or cancelled ones', () => {
    expect(ORDER_STATUSES.filter(countsAsRevenue)).toEqual(['confirmed', 'delivered', 'paid']);
    expect(REVENUE_STATUSES).toEqual(['confirmed', 'delivered', 'paid']);
  });

  it('each step is dated when reached; dates already recorded are kept', () => {
    const confirmed = { ...draft, ...withStatus(draft, 'confirmed', T + H) };
    expect(confirmed).toMatchObject({ status: 'confirmed', confirmedAt: T + H, deliveredAt: 0 });
    const delivered = { ...confirmed, ...withStatus(confirmed, 'delivered', T + 2 * H) };
    expect(delivered).toMatchObject({ confirmedAt: T + H, deliveredAt: T + 2 * H, paidAt: 0 });
    expect(stepDate(delivered, 'draft')).toBe(T);
    expect(stepDate(delivered, 'delivered')).toBe(T + 2 * H);
  });

  it('skipping steps dates the skipped ones at the same time (a cash sale)', () => {
    expect(withStatus(draft, 'paid', T + H)).toEqual({
      status: 'paid',
      confirmedAt: T + H,
      deliveredAt: T + H,
      paidAt: T + H,
      cancelledAt: 0,
    });
  });

  it('going back to an earlier step clears the later dates', () => {
    const paid = { ...draft, ...withStatus(draft, 'paid', T + H) };
    expect(withStatus(paid, 'confirmed', T + 2 * H)).toEqual({
      status: 'confirmed',
      confirmedAt: T + H,
      deliveredAt: 0,
      paidAt: 0,
      cancelledAt: 0,
    });
  });

  it('cancelling keeps how far the order got; un-cancelling clears the cancellation date', () => {
    const delivered = { ...draft, ...withStatus(draft, 'delivered', T + H) };
    const cancelled = { ...delivered, ...withStatus(delivered, 'cancelled', T + 3 * H) };
    expect(cancelled).toMatchObject({ status: 'cancelled', deliveredAt: T + H, cancelledAt: T + 3 * H });
    expect(withStatus(cancelled, 'delivered', T + 4 * H)).toMatchObject({
      status: 'delivered',
      deliveredAt: T + H,
      cancelledAt: 0,
    });
  });

  it('no step is dated before the order date; setting the same status changes nothing', () => {
    expect(withStatus(draft, 'confirmed', T - H).confirmedAt).toBe(T);
    const confirmed = { ...draft, ...withStatus(draft, 'confirmed', T + H) };
    expect(withStatus(confirmed, 'confirmed', T + 5 * H).confirmedAt).toBe(T + H);
  });

  it('back-dating moves the steps dated by the order date and keeps later ones after it', () => {
    const order: OrderState = {
      status: 'delivered',
      orderedAt: T,
      confirmedAt: T,
      deliveredAt: T + 5 * H,
      paidAt: 0,
      cancelledAt: 0,
    };
    expect(redate(order, T - 24 * H)).toEqual({
      confirmedAt: T - 24 * H,
      deliveredAt: T + 5 * H,
      paidAt: 0,
      cancelledAt: 0,
    });
    // Moved later than a recorded step: that step is not left before the order.
    expect(redate(order, T + 10 * H)).toEqual({
      confirmedAt: T + 10 * H,
      deliveredAt: T + 10 * H,
      paidAt: 0,
      cancelledAt: 0,
    });
  });
});

describe('orders stored with the first status set', () => {
  const updated = T + 5 * H;
  it('map open → confirmed, shipped → delivered, paid → paid, cancelled → cancelled', () => {
    expect(fromLegacyStatus('open', T, updated)).toEqual({
      status: 'confirmed',
      confirmedAt: T,
      deliveredAt: 0,
      paidAt: 0,
      cancelledAt: 0,
    });
    expect(fromLegacyStatus('shipped', T, updated)).toEqual({
      status: 'delivered',
      confirmedAt: T,
      deliveredAt: updated,
      paidAt: 0,
      cancelledAt: 0,
    });
    expect(fromLegacyStatus('paid', T, updated)).toEqual({
      status: 'paid',
      confirmedAt: T,
      deliveredAt: updated,
      paidAt: updated,
      cancelledAt: 0,
    });
    expect(fromLegacyStatus('cancelled', T, updated)).toEqual({
      status: 'cancelled',
      confirmedAt: T,
      deliveredAt: 0,
      paidAt: 0,
      cancelledAt: updated,
    });
  });

  it('keep every revenue figure: what the old rules counted (all but cancelled) is what counts now', () => {
    for (const old of ['open', 'shipped', 'paid', 'cancelled'])
      expect(countsAsRevenue(fromLegacyStatus(old, T, updated).status)).toBe(old !== 'cancelled');
  });

  it('an unknown status reads as confirmed; an update before the order date dates steps at the order', () => {
    expect(fromLegacyStatus('lost', T, updated).status).toBe('confirmed');
    expect(fromLegacyStatus('paid', T, T - H).paidAt).toBe(T);
  });
});
