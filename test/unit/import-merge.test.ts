// What an import row does to the customer it matched: fill only empty fields, or overwrite with
// the row's non-empty values; owner and merge bookkeeping never change.
import { describe, expect, test } from 'vitest';
import { applyImportRow, sameFields } from '../../src/domain/import-merge';
import { customerFields } from '../factories/customer';

const stored = customerFields({
  givenName: 'Anna',
  familyName: 'Schmidt',
  city: '',
  email: 'anna@example.com',
  tags: [],
  ownerId: 'rep-1',
});
const row = customerFields({
  givenName: 'Annа',
  familyName: '',
  city: 'Berlin',
  email: 'a.schmidt@example.com',
  tags: ['vip'],
  ownerId: 'rep-2',
  notes: '',
});

describe('applyImportRow', () => {
  test('fill: only empty fields take the row values', () => {
    expect(applyImportRow(stored, row, 'fill')).toEqual({ ...stored, city: 'Berlin', tags: ['vip'] });
  });
  test('overwrite: non-empty row values replace stored ones; empty row values never blank a field', () => {
    expect(applyImportRow(stored, row, 'overwrite')).toEqual({
      ...stored,
      givenName: 'Annа',
      city: 'Berlin',
      email: 'a.schmidt@example.com',
      tags: ['vip'],
    });
  });
  test('owner and mergedInto are never changed by an import', () => {
    expect(applyImportRow(stored, row, 'overwrite').ownerId).toBe('rep-1');
    expect(applyImportRow(stored, customerFields({ mergedInto: 'x' }), 'overwrite').mergedInto).toBe('');
  });
  test('sameFields compares values, lists element by element', () => {
    expect(sameFields(stored, { ...stored, tags: [] })).toBe(true);
    expect(sameFields(stored, { ...stored, tags: ['a'] })).toBe(false);
    expect(sameFields(stored, { ...stored, city: 'x' })).toBe(false);
  });
});
