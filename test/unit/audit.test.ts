// The audit trail's pure rules (domain/audit.ts), erasure's blanking (domain/erasure.ts) and the
// privacy export's CSV (domain/privacy-export.ts).
import { describe, expect, test } from 'vitest';
import { auditChanges, auditValue, parseAuditValue, redactedChanges } from '../../src/domain/audit';
import { erasedCustomer, erasedInteraction, erasedOrder, erasedSurvey } from '../../src/domain/erasure';
import { csvCell, customerDataCsv, customerDataFileName, type CustomerData } from '../../src/domain/privacy-export';
import { customerFields, interactionFields, orderFields, surveyFields, T0 } from '../factories/customer';

describe('auditChanges', () => {
  test('lists changed fields in name order with JSON before/after, leaving out bookkeeping and keys', () => {
    const before = { id: 'c1', updatedAt: 1, nameKey: 'a', city: 'Vienna', tags: ['a'], phone: '+431' };
    const after = { id: 'c1', updatedAt: 2, nameKey: 'b', city: 'Graz', tags: ['a', 'b'], phone: '+431' };
    expect(auditChanges(before, after, [])).toEqual([
      { field: 'city', before: '"Vienna"', after: '"Graz"', sealed: false },
      { field: 'tags', before: '["a"]', after: '["a","b"]', sealed: false },
    ]);
  });

  test('a sealed field says only that it changed', () => {
    expect(auditChanges({ notes: 'old secret' }, { notes: 'new secret' }, ['notes'])).toEqual([
      { field: 'notes', before: '', after: '', sealed: true },
    ]);
  });

  test('a create lists what was written and skips empty fields; a delete lists what was there', () => {
    expect(auditChanges(null, { givenName: 'Ada', city: '', tags: [] }, [])).toEqual([
      { field: 'givenName', before: '', after: '"Ada"', sealed: false },
    ]);
    expect(auditChanges({ givenName: 'Ada', notes: '' }, null, [])).toEqual([
      { field: 'givenName', before: '"Ada"', after: '', sealed: false },
    ]);
  });

  test('objects compare by value whatever their key order', () => {
    expect(auditChanges({ consent: { a: 1, b: 2 } }, { consent: { b: 2, a: 1 } }, [])).toEqual([]);
    expect(auditValue({ b: 1, a: [2] })).toBe('{"a":[2],"b":1}');
    expect(parseAuditValue('"x"')).toBe('x');
    expect(parseAuditValue('')).toBeUndefined();
    expect(parseAuditValue('not json')).toBeUndefined();
  });

  test('redaction blanks every value and keeps which fields changed', () => {
    expect(redactedChanges([{ field: 'phone', before: '"+1"', after: '"+2"', sealed: false }])).toEqual([
      { field: 'phone', before: '', after: '', sealed: false },
    ]);
  });
});

describe('erasure blanking', () => {
  test('keeps ids, times, owner and the merge link; blanks every personal value', () => {
    const c = {
      ...customerFields({ givenName: 'Ada', email: 'ada@example.org', notes: 'n', tags: ['t'], ownerId: 'rep' }),
      id: 'c1',
      createdAt: 1,
      updatedAt: 2,
      updatedBy: 'rep',
      trashedAt: 0,
      nameKey: 'ada',
      nameRevKey: 'x',
      hanziKey: '',
      initialsKey: 'a',
      emailKey: 'ada@example.org',
      phoneKey: '',
      nationalKey: '',
      phoneRevKey: '',
      companyKey: '',
      mergedInto: 'c0',
    };
    const e = erasedCustomer(c);
    expect(e).toMatchObject({ id: 'c1', createdAt: 1, ownerId: 'rep', mergedInto: 'c0', givenName: '', tags: [] });
    expect(JSON.stringify(e)).not.toMatch(/ada/i);
    const o = { ...orderFields('c1'), id: 'o1', createdAt: 1, updatedAt: 1, updatedBy: 'rep' };
    expect(erasedOrder(o)).toMatchObject({ items: [], totalMinor: 0, orderedAt: o.orderedAt, status: o.status });
    const i = {
      ...interactionFields('c1', { subject: 's', notes: 'n', outcome: 'o' }),
      id: 'i1',
      createdAt: 1,
      updatedAt: 1,
      updatedBy: 'rep',
    };
    expect(erasedInteraction(i)).toMatchObject({ subject: '', notes: '', outcome: '', type: i.type });
    const s = { ...surveyFields('c1', { comment: 'rude' }), id: 's1', createdAt: 1, updatedAt: 1, updatedBy: 'rep' };
    expect(erasedSurvey(s)).toMatchObject({ comment: '', score: s.score });
  });
});

describe('privacy export CSV', () => {
  test('cells: quoted when needed, formulas neutralized', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('+4930123')).toBe("'+4930123");
  });

  test('one row per field of every record, labelled, with readable dates', () => {
    const customer = {
      ...customerFields({ givenName: 'Ada', tags: ['vip', 'fair'] }),
      id: 'c1',
      createdAt: T0,
      updatedAt: T0,
      updatedBy: 'rep',
      trashedAt: 0,
      nameKey: 'ada',
      nameRevKey: '',
      hanziKey: '',
      initialsKey: '',
      emailKey: '',
      phoneKey: '',
      nationalKey: '',
      phoneRevKey: '',
      companyKey: '',
    };
    const data: CustomerData = {
      exportedAt: T0,
      customer,
      orders: [{ ...orderFields('c1'), id: 'o1', createdAt: T0, updatedAt: T0, updatedBy: 'rep' }],
      interactions: [],
      surveys: [],
      consentHistory: [],
      audit: [],
    };
    const csv = customerDataCsv(data, {
      header: ['Section', 'Record', 'Date', 'Field', 'Value'],
      section: (s) => s.toUpperCase(),
      field: (f) => `<${f}>`,
    });
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('Section,Record,Date,Field,Value');
    expect(lines).toContain(`CUSTOMER,c1,${new Date(T0).toISOString()},<givenName>,Ada`);
    expect(lines).toContain(`CUSTOMER,c1,${new Date(T0).toISOString()},<tags>,vip; fair`);
    expect(lines.some((l) => l.startsWith('ORDERS,o1,') && l.includes('<items>'))).toBe(true);
    // Derived keys are not lines a person needs.
    expect(csv).not.toContain('<nameKey>');
    expect(customerDataFileName(data, 'csv')).toBe(
      `fieldbook-customer-c1-${new Date(T0).toISOString().slice(0, 10)}.csv`,
    );
  });
});
