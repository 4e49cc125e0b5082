// Orders: line/total arithmetic in integer minor units and validation of the order form.
import type { FieldErrors, OrderFields, OrderItem, OrderStatus, Product, Validated } from './types';
import { isKnownCurrency, normalizeCurrency, parseMoney } from './money';

export const ORDER_STATUSES: readonly OrderStatus[] = ['open', 'paid', 'shipped', 'cancelled'];
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
  status?: OrderStatus;
  orderedAt?: number;
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
 * 'items.<i>.unitPrice' (i = index in input.items), 'items', 'currency', 'status'.
 * Completely empty lines are ignored. Product text equal (case-insensitively) to a known product's
 * sku or name links the line to that product; unknown products are kept with sku ''.
 * An empty unit price takes the known product's price when the product has the order's currency.
 */
export function validateOrder(input: OrderInput, opts: ValidateOrderOptions): Validated<OrderFields, string> {
  const errors: FieldErrors<string> = {};
  const currency = normalizeCurrency(input.currency);
  const currencyOk = currency !== '' && isKnownCurrency(currency);
  if (!currencyOk) errors.currency = 'error.currencyInvalid';

  const status = input.status ?? 'open';
  if (!ORDER_STATUSES.includes(status)) errors.status = 'error.statusInvalid';

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

  return {
    ok: true,
    value: {
      customerId: opts.customerId,
      orderedAt: input.orderedAt ?? opts.now,
      status,
      currency,
      items,
      totalMinor,
    },
  };
}
