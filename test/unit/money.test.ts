import { describe, expect, it } from 'vitest';
import { currencyMinorDigits, formatMoney, minorToDecimalString, parseMoney } from '../../src/domain/money';

describe('currencyMinorDigits', () => {
  it('follows ISO 4217 minor units', () => {
    expect(currencyMinorDigits('JPY')).toBe(0);
    expect(currencyMinorDigits('USD')).toBe(2);
    expect(currencyMinorDigits('cny')).toBe(2);
    expect(currencyMinorDigits('EUR')).toBe(2);
    expect(currencyMinorDigits('KWD')).toBe(3);
  });
  it('throws on malformed codes', () => {
    expect(() => currencyMinorDigits('EURO')).toThrow(RangeError);
  });
});

describe('parseMoney', () => {
  it.each([
    ['12', 'EUR', 1200],
    ['12.5', 'EUR', 1250],
    ['12.50', 'EUR', 1250],
    ['0.07', 'EUR', 7],
    ['.5', 'EUR', 50],
    ['12.', 'EUR', 1200],
    ['1,234.50', 'USD', 123450],
    ['1,234,567', 'USD', 123456700],
    ['１２．５０', 'CNY', 1250],
    ['１，２３４', 'CNY', 123400],
    ['¥12.5', 'CNY', 1250],
    ['￥ 99', 'CNY', 9900],
    ['$ 3.99', 'USD', 399],
    ['€10', 'EUR', 1000],
    ['£7.20', 'GBP', 720],
    ['12,50 €', 'EUR', 1250],
    ['12,5', 'EUR', 1250],
    ['EUR 12.00', 'EUR', 1200],
    ['1500', 'JPY', 1500],
    ['1.234', 'KWD', 1234],
    ['007', 'EUR', 700],
    ['0', 'EUR', 0],
  ])('%s %s → %d', (raw, cur, minor) => {
    expect(parseMoney(raw, cur)).toBe(minor);
  });

  it.each([
    ['', 'EUR'],
    ['  ', 'EUR'],
    ['-12', 'EUR'],
    ['$-5', 'USD'],
    ['12.345', 'EUR'],
    ['12.5', 'JPY'],
    ['1.2345', 'KWD'],
    ['abc', 'EUR'],
    ['abc12', 'EUR'],
    ['12abc', 'EUR'],
    ['1.2.3', 'EUR'],
    ['1,23,4', 'EUR'],
    ['12 34', 'EUR'],
    ['1e5', 'EUR'],
    ['.', 'EUR'],
    ['99999999999999999', 'EUR'],
    ['12', 'EURO'],
  ])('rejects %j (%s)', (raw, cur) => {
    expect(parseMoney(raw, cur)).toBeNull();
  });

  it('never uses float arithmetic (0.1 + 0.2 style values stay exact)', () => {
    expect(parseMoney('0.29', 'EUR')).toBe(29);
    expect(parseMoney('1.15', 'EUR')).toBe(115);
    expect(parseMoney('90071992547409.91', 'EUR')).toBe(9007199254740991);
  });
});

describe('minorToDecimalString', () => {
  it('formats for form pre-fill', () => {
    expect(minorToDecimalString(1250, 'EUR')).toBe('12.50');
    expect(minorToDecimalString(5, 'EUR')).toBe('0.05');
    expect(minorToDecimalString(0, 'USD')).toBe('0.00');
    expect(minorToDecimalString(500, 'JPY')).toBe('500');
    expect(minorToDecimalString(1234, 'KWD')).toBe('1.234');
    expect(minorToDecimalString(-1250, 'EUR')).toBe('-12.50');
  });
  it('round-trips with parseMoney', () => {
    for (const minor of [0, 1, 99, 100, 123456, 9007199254740991]) {
      expect(parseMoney(minorToDecimalString(minor, 'EUR'), 'EUR')).toBe(minor);
    }
  });
  it('rejects non-integers', () => {
    expect(() => minorToDecimalString(1.5, 'EUR')).toThrow(RangeError);
  });
});

describe('formatMoney', () => {
  it('uses Intl currency formatting', () => {
    expect(formatMoney(123450, 'USD', 'en-US')).toBe('$1,234.50');
    expect(formatMoney(1500, 'JPY', 'ja-JP')).toMatch(/^[¥￥]1,500$/);
    expect(formatMoney(1250, 'EUR', 'de-DE')).toBe('12,50\u00a0€');
    expect(formatMoney(1250, 'CNY', 'zh-CN')).toBe('¥12.50');
  });
  it('is exact for large amounts', () => {
    expect(formatMoney(9007199254740991, 'USD', 'en-US')).toBe('$90,071,992,547,409.91');
  });
});
