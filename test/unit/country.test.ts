import { describe, expect, test } from 'vitest';
import { getCountries } from 'libphonenumber-js/max';
import { COUNTRY_CODES, countryName, normalizeCountry } from '../../src/domain/country';

describe('COUNTRY_CODES', () => {
  test('is written out as the phone library lists its regions (minus AC/TA, plus territories without a plan)', () => {
    // country.ts does not import libphonenumber-js (its metadata loads on first need): this catches drift.
    const fromLibrary = [
      ...new Set([
        ...getCountries().filter((c) => c !== 'AC' && c !== 'TA'),
        ...['AQ', 'BV', 'GS', 'HM', 'PN', 'TF', 'UM'],
      ]),
    ].sort();
    expect(COUNTRY_CODES).toEqual(fromLibrary);
  });

  test('is the ISO alpha-2 list plus XK, without phone-only regions', () => {
    expect(COUNTRY_CODES).toContain('DE');
    expect(COUNTRY_CODES).toContain('CN');
    expect(COUNTRY_CODES).toContain('AQ');
    expect(COUNTRY_CODES).toContain('XK');
    expect(COUNTRY_CODES).not.toContain('AC');
    expect(COUNTRY_CODES).not.toContain('TA');
    expect(COUNTRY_CODES).toHaveLength(250);
    expect(COUNTRY_CODES.every((c) => /^[A-Z]{2}$/.test(c))).toBe(true);
    expect([...COUNTRY_CODES].sort()).toEqual(COUNTRY_CODES);
  });
});

describe('normalizeCountry', () => {
  test('empty stays empty', () => {
    expect(normalizeCountry('')).toBe('');
    expect(normalizeCountry('  ')).toBe('');
  });
  test.each([
    ['de', 'DE'],
    ['DE', 'DE'],
    [' gb ', 'GB'],
    ['ＵＳ', 'US'],
    ['Germany', 'DE'],
    ['germany', 'DE'],
    ['United States', 'US'],
    ['USA', 'US'],
    ['u.s.a.', 'US'],
    ['UK', 'GB'],
    ['United Kingdom', 'GB'],
    ['England', 'GB'],
    ["Cote d'Ivoire", 'CI'],
    ['Côte d’Ivoire', 'CI'],
    ['Türkiye', 'TR'],
    ['turkey', 'TR'],
    ['Hong Kong', 'HK'],
    ['South Korea', 'KR'],
    ['Czech Republic', 'CZ'],
    ['德国', 'DE'],
    ['德國', 'DE'],
    ['中国', 'CN'],
    ['美国', 'US'],
    ['英国', 'GB'],
    ['日本', 'JP'],
    ['中国香港', 'HK'],
    ['香港', 'HK'],
    ['中国香港特别行政区', 'HK'],
    ['澳门', 'MO'],
    ['台湾', 'TW'],
    ['台灣', 'TW'],
  ])('%s → %s', (raw, code) => {
    expect(normalizeCountry(raw)).toBe(code);
  });
  test('unknown names are null', () => {
    expect(normalizeCountry('Atlantis')).toBeNull();
    expect(normalizeCountry('ZZ')).toBeNull();
    expect(normalizeCountry('火星')).toBeNull();
  });
});

describe('countryName', () => {
  test('names a code in the requested locale', () => {
    expect(countryName('DE', 'en')).toBe('Germany');
    expect(countryName('DE', 'zh-CN')).toBe('德国');
    expect(countryName('cn', 'en')).toBe('China');
  });
  test('falls back to the code', () => {
    expect(countryName('QQ', 'en')).toBe('QQ');
    expect(countryName('DE', 'not a locale!')).toBe('DE');
    expect(countryName('', 'en')).toBe('');
  });
});
