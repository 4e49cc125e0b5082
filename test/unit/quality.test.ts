// Data-quality rules (src/domain/quality.ts): issues with proposed fixes, CJK names left alone, scores.
import { describe, expect, test } from 'vitest';
import { isAllCaps, recordIssues, recordScore, titleCase, type QualityInput } from '../../src/domain/quality';
import { ensurePhoneMetadata } from '../../src/domain/phone';

// Phone parsing is synchronous and needs the metadata loaded (the app loads it on first need).
await ensurePhoneMetadata();

const base: QualityInput = {
  givenName: 'Anna',
  familyName: 'Schmidt',
  email: 'anna@example.de',
  phone: '+49301234567',
  company: '',
  street: '',
  city: 'Berlin',
  postcode: '',
  region: '',
  country: 'DE',
  birthDate: '',
};
const typo = (d: string): string | null => (d === 'gmial.com' ? 'gmail.com' : null);
const issues = (o: Partial<QualityInput>) => recordIssues({ ...base, ...o }, { defaultRegion: 'DE', domainTypo: typo });

describe('recordIssues', () => {
  test('a clean record has none', () => {
    expect(issues({})).toEqual([]);
  });

  test('phones: unparseable (no fix) and not in E.164 (fix)', () => {
    expect(issues({ phone: '12' })).toEqual([{ kind: 'phoneInvalid', field: 'phone', value: '12', fix: null }]);
    expect(issues({ phone: '030 1234567' })).toEqual([
      { kind: 'phoneFormat', field: 'phone', value: '030 1234567', fix: '+49301234567' },
    ]);
    expect(issues({ phone: '138 0013 8000', country: 'CN' })).toEqual([
      { kind: 'phoneFormat', field: 'phone', value: '138 0013 8000', fix: '+8613800138000' },
    ]);
  });

  test('invisible characters in names, company, email and phone: flagged first, fixed by removing them', () => {
    expect(issues({ givenName: 'An\u200Bna' })).toEqual([
      { kind: 'invisibleChars', field: 'givenName', value: 'An\u200Bna', fix: 'Anna' },
    ]);
    expect(issues({ familyName: '\u202Etdimhcs' })).toEqual([
      { kind: 'invisibleChars', field: 'familyName', value: '\u202Etdimhcs', fix: 'tdimhcs' },
    ]);
    expect(issues({ company: 'Acme\uFEFF GmbH' })[0]).toMatchObject({ kind: 'invisibleChars', fix: 'Acme GmbH' });
    expect(issues({ email: 'anna\u200B@example.de' })[0]).toMatchObject({
      kind: 'invisibleChars',
      fix: 'anna@example.de',
    });
    expect(issues({ phone: '+49\u200E301234567' })[0]).toMatchObject({ kind: 'invisibleChars', fix: '+49301234567' });
    // Other fields: the padded rule's fix (collapseSpaces) removes them too.
    expect(issues({ city: 'Ber\u200Blin' })).toEqual([
      { kind: 'padded', field: 'city', value: 'Ber\u200Blin', fix: 'Berlin' },
    ]);
  });

  test('emails: malformed, domain typos, padding', () => {
    expect(issues({ email: 'anna@@x' })[0]).toMatchObject({ kind: 'emailInvalid', fix: null });
    expect(issues({ email: 'anna@gmial.com' })[0]).toMatchObject({ kind: 'emailDomainTypo', fix: 'anna@gmail.com' });
    expect(issues({ email: ' anna@Example.DE ' })[0]).toMatchObject({ kind: 'padded', fix: 'anna@example.de' });
  });

  test('names in capitals and padded values; CJK names are never "capitals"', () => {
    expect(issues({ givenName: 'ANNA', familyName: "O'BRIEN-SMITH" })).toEqual([
      { kind: 'nameCaps', field: 'givenName', value: 'ANNA', fix: 'Anna' },
      { kind: 'nameCaps', field: 'familyName', value: "O'BRIEN-SMITH", fix: "O'Brien-Smith" },
    ]);
    expect(issues({ givenName: '伟', familyName: '张', city: '上海' })).toEqual([]);
    expect(issues({ city: '  Berlin ' })).toEqual([
      { kind: 'padded', field: 'city', value: '  Berlin ', fix: 'Berlin' },
    ]);
    expect(isAllCaps('MÜLLER')).toBe(true);
    expect(isAllCaps('Müller')).toBe(false);
    expect(titleCase('MARY ANN')).toBe('Mary Ann');
  });

  test('country: missing (fixed from an international phone when possible) and not an ISO code', () => {
    expect(issues({ country: '', phone: '+8613800138000' })).toContainEqual({
      kind: 'countryMissing',
      field: 'country',
      value: '',
      fix: 'CN',
    });
    expect(issues({ country: '', phone: '' })).toContainEqual({
      kind: 'countryMissing',
      field: 'country',
      value: '',
      fix: null,
    });
    expect(issues({ country: 'Germany' })).toEqual([
      { kind: 'countryFormat', field: 'country', value: 'Germany', fix: 'DE' },
    ]);
    expect(issues({ country: '中国', phone: '+8613800138000' })).toEqual([
      { kind: 'countryFormat', field: 'country', value: '中国', fix: 'CN' },
    ]);
  });
});

describe('recordScore', () => {
  test('more complete and cleaner records score higher, within 0..100', () => {
    const full: QualityInput = {
      ...base,
      company: 'Kaffee GmbH',
      street: 'Hauptstr. 1',
      postcode: '10115',
      region: 'BE',
      birthDate: '1980-01-01',
    };
    const sFull = recordScore(full, []);
    const sBase = recordScore(base, []);
    const sBad = recordScore(base, issues({ phone: '12' }));
    expect(sFull).toBe(100);
    expect(sBase).toBeLessThan(sFull);
    expect(sBad).toBeLessThan(sBase);
    expect(
      recordScore(
        {
          givenName: '',
          familyName: '',
          email: '',
          phone: '',
          company: '',
          street: '',
          city: '',
          postcode: '',
          region: '',
          country: '',
          birthDate: '',
        },
        [],
      ),
    ).toBe(30);
  });
});
