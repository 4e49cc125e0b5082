// Orders: line/total arithmetic in integer minor units and validation of the order form.
import type { FieldErrors, OrderFields, OrderItem, OrderStatus, Product, Validated } from './types';
import { isKnownCurrency, normalizeCurrency, parseMoney } from './money';
import { isOrderStatus, NO_STEP_DATES, redate, withStatus, type OrderState } from './order-status';

export { ORDER_STATUSES } from './order-status';
export const MAX_QUANTITY = 1_000_000;
export const MAX_PRODUCT_NAME = 200;

export interface OrderItemInput {
  product: string;
  quantity: string;
  unitPrice: string;
}

export interface OrderInput {
  items: OrderItemInput[];
  currency: string;
  /** 'confirmed' when not given (an order a rep takes is agreed). */
  status?: OrderStatus;
  /** The order's date and time (back-dating); `now` when not given. */
  orderedAt?: number;
  /** When the status (if it changes) was reached; `now` when not given. */
  statusAt?: number;
  /** The order as stored, when editing: its step dates are kept, moved with a back-dated order date. */
  previous?: OrderState;
}

export type OrderProductRef = Pick<Product, 'sku' | 'name' | 'priceMinor' | 'currency'>;

export interface ValidateOrderOptions {
  products: ReadonlyArray<OrderProductRef>;
  customerId: string;
  now: number;
}

/** qty × unit price; throws RangeError when the result is not a safe integer. */
export function lineTotalMinor(item: OrderItem): number {
  const total = item.qty * item.unitPriceMinor;
  if (!Number.isSafeInteger(total)) throw new RangeError('Line total out of range');
  return total;
}

/** Sum of the line totals; throws RangeError when the result is not a safe integer. */
export function orderTotalMinor(items: readonly OrderItem[]): number {
  let total = 0;
  for (const item of items) {
    total += lineTotalMinor(item);
    if (!Number.isSafeInteger(total)) throw new RangeError('Order total out of range');
  }
  return total;
}

function fold(s: string): string {
  return s.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
}

/** Lookup of products by folded sku and name (sku wins over a name that happens to be equal). */
function productIndex(products: ReadonlyArray<OrderProductRef>): Map<string, OrderProductRef> {
  const index = new Map<string, OrderProductRef>();
  for (const p of products) {
    const name = fold(p.name);
    if (name && !index.has(name)) index.set(name, p);
  }
  for (const p of products) {
    const sku = fold(p.sku);
    if (sku) index.set(sku, p);
  }
  return index;
}

function parseQuantity(raw: string): number | null {
  const s = raw.normalize('NFKC').trim();
  if (!/^\d{1,7}$/.test(s)) return null;
  const n = Number(s);
  return n >= 1 && n <= MAX_QUANTITY ? n : null;
}

/**
 * Validates the order form. Error keys: 'items.<i>.product' | 'items.<i>.quantity' |
 * 'items.<i>.unitPrice' (i = index in input.items), 'items', 'currency', 'status', 'orderedAt' (future), 'statusAt' (future, or before the order date).
 * Completely empty lines are ignored. Product text equal (case-insensitively) to a known product's
 * sku or name links the line to that product; unknown products are kept with sku ''.
 * An empty unit price takes the known product's price when the product has the order's currency.
 */
export function validateOrder(input: OrderInput, opts: ValidateOrderOptions): Validated<OrderFields, string> {
  const errors: FieldErrors<string> = {};
  const currency = normalizeCurrency(input.currency);
  const currencyOk = currency !== '' && isKnownCurrency(currency);
  if (!currencyOk) errors.currency = 'error.currencyInvalid';

  const status = input.status ?? 'confirmed';
  if (!isOrderStatus(status)) errors.status = 'error.statusInvalid';
  const orderedAt = input.orderedAt ?? opts.now;
  // A little slack: the device clock and the minute the form was opened are not exact.
  if (orderedAt > opts.now + FUTURE_SLACK_MS) errors.orderedAt = 'error.dateFuture';
  const statusAt = input.statusAt ?? opts.now;
  if (statusAt > opts.now + FUTURE_SLACK_MS) errors.statusAt = 'error.dateFuture';
  else if (input.statusAt !== undefined && statusAt < orderedAt) errors.statusAt = 'error.stepBeforeOrder';

  const index = productIndex(opts.products);
  const items: OrderItem[] = [];

  input.items.forEach((line, i) => {
    const productText = line.product.normalize('NFC').trim().replace(/\s+/g, ' ');
    const qtyText = line.quantity.trim();
    const priceText = line.unitPrice.trim();
    if (!productText && !qtyText && !priceText) return;

    const prefix = `items.${i}.`;
    let ok = true;
    const known = productText ? index.get(fold(productText)) : undefined;
    if (!productText) {
      errors[prefix + 'product'] = 'error.productRequired';
      ok = false;
    } else if (productText.length > MAX_PRODUCT_NAME) {
      errors[prefix + 'product'] = 'error.tooLong';
      ok = false;
    }

    const qty = parseQuantity(qtyText);
    if (qty === null) {
      errors[prefix + 'quantity'] = 'error.quantityInvalid';
      ok = false;
    }

    let price: number | null = null;
    if (currencyOk) {
      if (priceText) price = parseMoney(priceText, currency);
      else if (
        known &&
        normalizeCurrency(known.currency) === currency &&
        Number.isSafeInteger(known.priceMinor) &&
        known.priceMinor >= 0
      )
        price = known.priceMinor;
      if (price === null) {
        errors[prefix + 'unitPrice'] = 'error.priceInvalid';
        ok = false;
      }
    }

    if (!ok || qty === null || price === null) return;
    const item: OrderItem = {
      sku: known ? known.sku : '',
      name: known ? known.name : productText,
      qty,
      unitPriceMinor: price,
    };
    if (!Number.isSafeInteger(item.qty * item.unitPriceMinor)) {
      errors[prefix + 'unitPrice'] = 'error.priceInvalid';
      return;
    }
    items.push(item);
  });

  const anyLine = input.items.some((l) => l.product.trim() || l.quantity.trim() || l.unitPrice.trim());
  if (!anyLine) errors.items = 'error.itemsRequired';

  let totalMinor = 0;
  if (Object.keys(errors).length === 0) {
    try {
      totalMinor = orderTotalMinor(items);
    } catch {
      errors.items = 'error.priceInvalid';
    }
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  // A new order starts as a draft on its order date and moves to its status then; an edited one
  // keeps its step dates (moved along when the order date moves) and dates a new status `statusAt`.
  const before: OrderState = input.previous
    ? { ...input.previous, ...redate(input.previous, orderedAt), orderedAt }
    : { status: 'draft', orderedAt, ...NO_STEP_DATES };
  const steps = withStatus(before, status, input.previous ? statusAt : orderedAt);
  return {
    ok: true,
    value: { customerId: opts.customerId, orderedAt, currency, items, totalMinor, ...steps },
  };
}

/** How far ahead of the device clock a typed date may be (minutes in the form, clock drift). */
export const FUTURE_SLACK_MS = 5 * 60_000;
