import { describe, expect, it } from 'vitest';
import { excelSerialToIso, parseImportDate, parseNumber } from '../../../src/domain/import-values';

describe('parseNumber', () => {
  it.each([
    ['1234', 1234],
    ['1,234.5', 1234.5],
    ['1.234,5', 1234.5],
    ['1 234,5', 1234.5],
    ['12,5', 12.5],
    ['-3', -3],
    ['(42)', -42],
    ['１２３', 123],
    ['0.5', 0.5],
  ])('%j → %d', (s, n) => {
    expect(parseNumber(s)).toBe(n);
  });

  it.each(['', 'abc', '1,2,3', '12a', '--1'])('%j is not a number', (s) => {
    expect(parseNumber(s)).toBeNull();
  });
});

describe('parseImportDate', () => {
  it.each([
    ['2024/3/5', '2024-03-05'],
    ['2024-03-05', '2024-03-05'],
    ['2024.03.05', '2024-03-05'],
    ['05.03.2024', '2024-03-05'],
    ['5/3/2024', '2024-03-05'],
    ['2024年3月5日', '2024-03-05'],
    ['20240305', '2024-03-05'],
    ['2024-03-05T10:20:00Z', '2024-03-05'],
    ['45356', '2024-03-05'],
    ['45356.75', '2024-03-05'],
  ])('%s → %s', (s, iso) => {
    expect(parseImportDate(s)).toBe(iso);
  });

  it('reads the slash form month first when asked (US files)', () => {
    expect(parseImportDate('3/5/2024', 'MDY')).toBe('2024-03-05');
    expect(parseImportDate('05.03.2024', 'MDY')).toBe('2024-03-05');
  });

  it.each(['2023-02-30', '31.04.2024', '2024-13-01', 'yesterday', '', '12'])('%j is not a date', (s) => {
    expect(parseImportDate(s)).toBeNull();
  });
});

describe('excelSerialToIso', () => {
  it('counts days from 1899-12-30 (Excel 1900 system)', () => {
    expect(excelSerialToIso(61)).toBe('1900-03-01');
    expect(excelSerialToIso(36526)).toBe('2000-01-01');
    expect(excelSerialToIso(2958465)).toBe('9999-12-31');
  });

  it('refuses serials before March 1900 (Excel counts a 29 February 1900 that never was) and past 9999', () => {
    expect(excelSerialToIso(60)).toBeNull();
    expect(excelSerialToIso(2958466)).toBeNull();
  });
});
