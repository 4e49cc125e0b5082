import { describe, expect, test } from 'vitest';
import { digitsOnly, ensurePhoneMetadata, formatPhone, normalizePhone } from '../../src/domain/phone';

// Phone parsing is synchronous and needs the metadata loaded (the app loads it on first need).
await ensurePhoneMetadata();

describe('normalizePhone', () => {
  test('empty stays empty', () => {
    expect(normalizePhone('', 'DE')).toEqual({ e164: '', national: '' });
    expect(normalizePhone('  ', 'DE')).toEqual({ e164: '', national: '' });
  });
  test.each([
    ['CN mobile', '138 0013 8000', 'CN', '+8613800138000', '13800138000'],
    ['CN mobile, full-width', '１３８ ０013 8000', 'CN', '+8613800138000', '13800138000'],
    ['CN fixed', '010-1234 5678', 'CN', '+861012345678', '1012345678'],
    ['US', '(201) 555-0123', 'US', '+12015550123', '2015550123'],
    ['DE fixed', '030 1234567', 'DE', '+49301234567', '301234567'],
    ['DE mobile', '0151 23456789', 'DE', '+4915123456789', '15123456789'],
    ['DE with 00 prefix', '0049 30 1234567', 'DE', '+49301234567', '301234567'],
    ['GB mobile', '07911 123456', 'GB', '+447911123456', '7911123456'],
    ['GB fixed', '020 7946 0018', 'GB', '+442079460018', '2079460018'],
    ['AU mobile', '0412 345 678', 'AU', '+61412345678', '412345678'],
    ['JP mobile', '090-1234-5678', 'JP', '+819012345678', '9012345678'],
    ['international overrides region', '+49 30 1234567', 'CN', '+49301234567', '301234567'],
    ['lower-case region', '030 1234567', 'de', '+49301234567', '301234567'],
  ])('%s: %s', (_label, raw, region, e164, national) => {
    expect(normalizePhone(raw, region)).toEqual({ e164, national });
  });
  test.each([
    ['too short', '12345', 'CN'],
    ['US 555-01xx is not assigned', '555-0123', 'US'],
    ['CN mobile with a digit too many', '138 0013 80001', 'CN'],
    ['letters', 'call me', 'DE'],
    ['national number without a usable region', '030 1234567', 'XX'],
  ])('rejects %s', (_label, raw, region) => {
    expect(normalizePhone(raw, region)).toBeNull();
  });
});

describe('formatPhone', () => {
  test('formats internationally by default and nationally on request', () => {
    expect(formatPhone('+8613800138000')).toBe('+86 138 0013 8000');
    expect(formatPhone('+49301234567', 'national')).toBe('030 1234567');
    expect(formatPhone('+12015550123', 'national')).toBe('(201) 555-0123');
  });
  test('returns unparsable input unchanged', () => {
    expect(formatPhone('')).toBe('');
    expect(formatPhone('not a phone')).toBe('not a phone');
  });
});

describe('digitsOnly', () => {
  test('keeps ASCII and full-width digits', () => {
    expect(digitsOnly('+49 (30) 123-45')).toBe('493012345');
    expect(digitsOnly('１３８－００１３')).toBe('1380013');
    expect(digitsOnly('abc')).toBe('');
  });
});
