// The schema check every pulled document passes (quarantine decisions) and server URL handling.
import { describe, expect, it } from 'vitest';
import { customerSchemaLiteral, orderSchemaLiteral } from '../../src/data/db/schemas';
import { normalizeServerUrl } from '../../src/data/sync/session';
import { schemaProblem } from '../../src/data/sync/validate';
import { toCustomerDoc } from '../../src/data/repos/customers';
import { customerFields, meta, orderFields } from '../factories/customer';
import { ensurePinyin } from '../../src/domain/pinyin';
import { ensurePhoneMetadata } from '../../src/domain/phone';

// toCustomerDoc computes keys synchronously: the pinyin dictionaries and phone metadata first
// (createCustomer awaits them itself).
await Promise.all([ensurePinyin(), ensurePhoneMetadata()]);

const customer = () => toCustomerDoc('c-1', customerFields({ tags: ['a'] }), meta().now, meta());

describe('schemaProblem', () => {
  it('accepts what the app writes', () => {
    expect(schemaProblem(customerSchemaLiteral, customer())).toBeNull();
    expect(
      schemaProblem(orderSchemaLiteral, {
        id: 'o1',
        createdAt: 1,
        updatedAt: 1,
        updatedBy: 'x',
        ...orderFields('c-1'),
      }),
    ).toBeNull();
  });

  it('names the first problem: wrong type, missing or unknown field, enum, bounds, nested items', () => {
    expect(schemaProblem(customerSchemaLiteral, { ...customer(), givenName: 42 })).toBe(
      'givenName: expected string, got number',
    );
    const { email, ...noEmail } = customer();
    void email;
    expect(schemaProblem(customerSchemaLiteral, noEmail)).toBe('missing field email');
    expect(schemaProblem(customerSchemaLiteral, { ...customer(), extra: 1 })).toBe('unknown field extra');
    expect(schemaProblem(customerSchemaLiteral, { ...customer(), tags: ['a', 3] })).toBe(
      'tags[1]: expected string, got number',
    );
    expect(schemaProblem(customerSchemaLiteral, { ...customer(), id: 'x'.repeat(41) })).toBe('id: longer than 40');
    const order = { id: 'o1', createdAt: 1, updatedAt: 1, updatedBy: 'x', ...orderFields('c-1') };
    expect(schemaProblem(orderSchemaLiteral, { ...order, status: 'lost' })).toMatch(/^status: "lost" is not one of/);
    expect(schemaProblem(orderSchemaLiteral, { ...order, totalMinor: -1 })).toBe('totalMinor: below 0');
    expect(
      schemaProblem(orderSchemaLiteral, { ...order, items: [{ sku: 'a', name: 'b', qty: 1.5, unitPriceMinor: 1 }] }),
    ).toBe('items[0].qty: expected integer, got number');
  });
});

describe('normalizeServerUrl', () => {
  it('makes the address absolute and ending with a slash, without query or hash', () => {
    expect(normalizeServerUrl('/couch', 'http://127.0.0.1:4173/#/settings')).toBe('http://127.0.0.1:4173/couch/');
    expect(normalizeServerUrl(' https://couch.example.com?x=1#y ')).toBe('https://couch.example.com/');
    expect(() => normalizeServerUrl('not a url')).toThrow();
  });
});
