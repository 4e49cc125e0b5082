// Which kind of file the wizard first assumes, from the order-field suggestions of its headers.
import { describe, expect, test } from 'vitest';
import { guessKind } from '../../src/domain/order-import-fields';

describe('guessKind', () => {
  test('an order number, or a product with a price or quantity, makes an orders file', () => {
    expect(guessKind(['orderRef', 'customerEmail', 'ignore'])).toBe('orders');
    expect(guessKind(['customerEmail', 'sku', 'quantity'])).toBe('orders');
    expect(guessKind(['customerPhone', 'product', 'unitPrice'])).toBe('orders');
  });
  test('a customer list (email, phone, names) stays a customers file', () => {
    expect(guessKind(['ignore', 'customerEmail', 'customerPhone', 'ignore'])).toBe('customers');
    // A "product" column alone (e.g. a customer's favourite product) is not enough.
    expect(guessKind(['customerEmail', 'product'])).toBe('customers');
  });
});
