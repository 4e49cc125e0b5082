import { describe, expect, test } from 'vitest';
import { validateProduct } from '../../src/domain/product';

describe('validateProduct', () => {
  test('normalizes sku, name and price in minor units', () => {
    const r = validateProduct(
      { sku: ' fb-1 ', name: ' Espresso  beans ', category: 'Beans', price: '12.50', currency: 'eur' },
      new Set(),
    );
    expect(r).toEqual({
      ok: true,
      value: {
        sku: 'FB-1',
        name: 'Espresso beans',
        category: 'Beans',
        priceMinor: 1250,
        currency: 'EUR',
        active: true,
      },
    });
  });

  test('rejects a taken sku, a missing name, a bad price and an unknown currency', () => {
    const r = validateProduct(
      { sku: 'FB-1', name: '', category: '', price: '12.345', currency: 'XX' },
      new Set(['FB-1']),
    );
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.errors).toEqual({
        sku: 'error.skuTaken',
        name: 'error.required',
        currency: 'error.currencyInvalid',
        price: 'error.priceInvalid',
      });
  });

  test('yen has no minor digits', () => {
    const r = validateProduct({ sku: 'J1', name: 'Tea', category: '', price: '1200', currency: 'JPY' }, new Set());
    expect(r.ok && r.value.priceMinor).toBe(1200);
  });
});
