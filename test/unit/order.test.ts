import { describe, expect, it } from 'vitest';
import {
  lineTotalMinor,
  orderTotalMinor,
  validateOrder,
  type OrderInput,
  type OrderItemInput,
} from '../../src/domain/order';

const products = [
  { sku: 'FB-1001', name: 'Barista Pro Espresso Machine', priceMinor: 89900, currency: 'EUR' },
  { sku: 'FB-1201', name: 'House Blend Beans 1 kg', priceMinor: 2490, currency: 'EUR' },
  { sku: 'CN-1', name: '云南咖啡豆', priceMinor: 8800, currency: 'CNY' },
];
const opts = { products, customerId: 'c1', now: 1_750_000_000_000 };
const line = (product: string, quantity: string, unitPrice: string): OrderItemInput => ({
  product,
  quantity,
  unitPrice,
});
const order = (items: OrderItemInput[], extra: Partial<OrderInput> = {}): OrderInput => ({
  items,
  currency: 'EUR',
  ...extra,
});

describe('totals', () => {
  it('multiplies and sums integer minor units', () => {
    expect(lineTotalMinor({ sku: '', name: 'x', qty: 3, unitPriceMinor: 1990 })).toBe(5970);
    expect(orderTotalMinor([])).toBe(0);
    expect(
      orderTotalMinor([
        { sku: '', name: 'a', qty: 3, unitPriceMinor: 1990 },
        { sku: '', name: 'b', qty: 1, unitPriceMinor: 10 },
      ]),
    ).toBe(5980);
  });
  it('guards safe integers', () => {
    expect(() => lineTotalMinor({ sku: '', name: 'x', qty: 1_000_000, unitPriceMinor: 2 ** 52 })).toThrow(RangeError);
    const big = { sku: '', name: 'x', qty: 1, unitPriceMinor: Number.MAX_SAFE_INTEGER };
    expect(() => orderTotalMinor([big, big])).toThrow(RangeError);
  });
});

describe('validateOrder', () => {
  it('links known products by name or sku (case-insensitive, trimmed) and fills their price', () => {
    const r = validateOrder(
      order([
        line('  house blend beans 1 KG ', '2', ''),
        line('fb-1001', '1', '799.00'),
        line('Custom grind', '3', '1,50'),
      ]),
      opts,
    );
    expect(r).toEqual({
      ok: true,
      value: {
        customerId: 'c1',
        orderedAt: opts.now,
        // A new order is confirmed when it is taken, unless the rep says otherwise.
        status: 'confirmed',
        confirmedAt: opts.now,
        deliveredAt: 0,
        paidAt: 0,
        cancelledAt: 0,
        currency: 'EUR',
        items: [
          { sku: 'FB-1201', name: 'House Blend Beans 1 kg', qty: 2, unitPriceMinor: 2490 },
          { sku: 'FB-1001', name: 'Barista Pro Espresso Machine', qty: 1, unitPriceMinor: 79900 },
          { sku: '', name: 'Custom grind', qty: 3, unitPriceMinor: 150 },
        ],
        totalMinor: 4980 + 79900 + 450,
      },
    });
  });

  it('ignores completely empty lines and keeps status/orderedAt', () => {
    const r = validateOrder(
      order([line('', '', ''), line('FB-1201', '１', ''), line(' ', ' ', '')], { status: 'paid', orderedAt: 5 }),
      opts,
    );
    expect(r.ok && r.value.items.length).toBe(1);
    expect(r.ok && r.value.status).toBe('paid');
    expect(r.ok && r.value.orderedAt).toBe(5);
  });

  it('requires at least one line', () => {
    expect(validateOrder(order([]), opts)).toEqual({ ok: false, errors: { items: 'error.itemsRequired' } });
    expect(validateOrder(order([line('', '', '')]), opts)).toEqual({
      ok: false,
      errors: { items: 'error.itemsRequired' },
    });
  });

  it('reports per-line field errors with the input index', () => {
    const r = validateOrder(
      order([
        line('', '', ''),
        line('', '2', '5'),
        line('Thing', '0', 'abc'),
        line('Other', '1.5', ''),
        line('FB-1001', '1000001', '-1'),
      ]),
      opts,
    );
    expect(r).toEqual({
      ok: false,
      errors: {
        'items.1.product': 'error.productRequired',
        'items.2.quantity': 'error.quantityInvalid',
        'items.2.unitPrice': 'error.priceInvalid',
        'items.3.quantity': 'error.quantityInvalid',
        'items.3.unitPrice': 'error.priceInvalid',
        'items.4.quantity': 'error.quantityInvalid',
        'items.4.unitPrice': 'error.priceInvalid',
      },
    });
  });

  it('accepts quantity up to 1,000,000 and price 0', () => {
    const r = validateOrder(order([line('Sample', '1000000', '0')]), opts);
    expect(r.ok && r.value.items[0]).toEqual({ sku: '', name: 'Sample', qty: 1_000_000, unitPriceMinor: 0 });
  });

  it('does not take a product price in another currency', () => {
    const r = validateOrder(order([line('云南咖啡豆', '1', '')]), opts);
    expect(r).toEqual({ ok: false, errors: { 'items.0.unitPrice': 'error.priceInvalid' } });
    const cny = validateOrder(order([line('云南咖啡豆', '1', '')], { currency: 'cny' }), opts);
    expect(cny.ok && cny.value.currency).toBe('CNY');
    expect(cny.ok && cny.value.totalMinor).toBe(8800);
  });

  it('respects the currency minor units', () => {
    expect(validateOrder(order([line('Tea', '1', '12.5')], { currency: 'JPY' }), opts)).toEqual({
      ok: false,
      errors: { 'items.0.unitPrice': 'error.priceInvalid' },
    });
    const r = validateOrder(order([line('Tea', '2', '1500')], { currency: 'JPY' }), opts);
    expect(r.ok && r.value.totalMinor).toBe(3000);
  });

  it('validates currency and status', () => {
    expect(validateOrder(order([line('Tea', '1', '1')], { currency: 'EURO' }), opts)).toEqual({
      ok: false,
      errors: { currency: 'error.currencyInvalid' },
    });
    expect(validateOrder(order([line('Tea', '1', '1')], { currency: '' }), opts)).toEqual({
      ok: false,
      errors: { currency: 'error.currencyInvalid' },
    });
    expect(validateOrder(order([line('Tea', '1', '1')], { currency: 'ZZZ' }), opts).ok).toBe(false);
    const bad = validateOrder({ ...order([line('Tea', '1', '1')]), status: 'lost' as never }, opts);
    expect(bad).toEqual({ ok: false, errors: { status: 'error.statusInvalid' } });
  });

  it('rejects over-long product names and unsafe totals', () => {
    expect(validateOrder(order([line('x'.repeat(201), '1', '1')]), opts)).toEqual({
      ok: false,
      errors: { 'items.0.product': 'error.tooLong' },
    });
    const r = validateOrder(order([line('Gold', '1000000', '90071992547409.91')]), opts);
    expect(r).toEqual({ ok: false, errors: { 'items.0.unitPrice': 'error.priceInvalid' } });
    const sum = validateOrder(order([line('A', '1', '90071992547409.91'), line('B', '1', '1')]), opts);
    expect(sum).toEqual({ ok: false, errors: { items: 'error.priceInvalid' } });
  });
});

describe('validateOrder: date and status', () => {
  const HOUR = 3_600_000;
  const one = [line('Tea', '1', '1')];

  it('a back-dated new order reaches its status on its own date, every earlier step too', () => {
    const at = opts.now - 48 * HOUR;
    const r = validateOrder({ ...order(one), status: 'delivered', orderedAt: at }, opts);
    expect(r.ok && r.value).toMatchObject({
      orderedAt: at,
      status: 'delivered',
      confirmedAt: at,
      deliveredAt: at,
      paidAt: 0,
    });
  });

  it('a draft counts no step', () => {
    const r = validateOrder({ ...order(one), status: 'draft' }, opts);
    expect(r.ok && r.value).toMatchObject({
      status: 'draft',
      confirmedAt: 0,
      deliveredAt: 0,
      paidAt: 0,
      cancelledAt: 0,
    });
  });

  it('an order date in the future is refused; a few minutes of clock drift are not', () => {
    expect(validateOrder({ ...order(one), orderedAt: opts.now + 2 * HOUR }, opts)).toEqual({
      ok: false,
      errors: { orderedAt: 'error.dateFuture' },
    });
    expect(validateOrder({ ...order(one), orderedAt: opts.now + 60_000 }, opts).ok).toBe(true);
  });

  it('editing keeps step dates, moves those dated by the order date, dates a new status at statusAt', () => {
    const orderedAt = opts.now - 10 * HOUR;
    const previous = {
      status: 'confirmed' as const,
      orderedAt,
      confirmedAt: orderedAt,
      deliveredAt: 0,
      paidAt: 0,
      cancelledAt: 0,
    };
    const earlier = orderedAt - 24 * HOUR;
    const statusAt = opts.now - HOUR;
    const r = validateOrder({ ...order(one), orderedAt: earlier, status: 'paid', statusAt, previous }, opts);
    expect(r.ok && r.value).toMatchObject({
      orderedAt: earlier,
      status: 'paid',
      confirmedAt: earlier,
      deliveredAt: statusAt,
      paidAt: statusAt,
      cancelledAt: 0,
    });
  });

  it('a status reached before the order date is refused', () => {
    const previous = {
      status: 'draft' as const,
      orderedAt: opts.now - HOUR,
      confirmedAt: 0,
      deliveredAt: 0,
      paidAt: 0,
      cancelledAt: 0,
    };
    const r = validateOrder(
      { ...order(one), orderedAt: opts.now - HOUR, status: 'confirmed', statusAt: opts.now - 2 * HOUR, previous },
      opts,
    );
    expect(r).toEqual({ ok: false, errors: { statusAt: 'error.stepBeforeOrder' } });
  });
});
