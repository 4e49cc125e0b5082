// Catalogue products: what order entry offers. Prices in integer minor units.
import { parseMoney, isKnownCurrency, normalizeCurrency } from './money';
import { collapseSpaces } from './text';
import type { ProductFields, Validated } from './types';

export interface ProductInput {
  sku: string;
  name: string;
  category: string;
  price: string;
  currency: string;
}

export function validateProduct(
  input: ProductInput,
  existingSkus: ReadonlySet<string>,
): Validated<ProductFields, keyof ProductInput> {
  const errors: Partial<Record<keyof ProductInput, string>> = {};
  const sku = collapseSpaces(input.sku).toUpperCase();
  const name = collapseSpaces(input.name);
  const currency = normalizeCurrency(input.currency);
  if (!sku) errors.sku = 'error.required';
  else if (sku.length > 40) errors.sku = 'error.tooLong';
  else if (existingSkus.has(sku)) errors.sku = 'error.skuTaken';
  if (!name) errors.name = 'error.required';
  else if (name.length > 200) errors.name = 'error.tooLong';
  if (!currency || !isKnownCurrency(currency)) errors.currency = 'error.currencyInvalid';
  const priceMinor = currency ? parseMoney(input.price, currency) : null;
  if (priceMinor === null) errors.price = 'error.priceInvalid';
  if (Object.keys(errors).length > 0 || priceMinor === null) return { ok: false, errors };
  return {
    ok: true,
    value: { sku, name, category: collapseSpaces(input.category), priceMinor, currency, active: true },
  };
}
