import { describe, expect, test } from 'vitest';
import { normalizeBirthDate, todayIso } from '../../src/domain/dates';

describe('todayIso', () => {
  test('uses local calendar fields, zero-padded', () => {
    expect(todayIso(new Date(2024, 0, 5, 23, 59))).toBe('2024-01-05');
    expect(todayIso(new Date(2024, 11, 31, 0, 0))).toBe('2024-12-31');
  });
  test('defaults to now', () => {
    expect(todayIso()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});

describe('normalizeBirthDate', () => {
  const today = '2024-06-15';
  test('empty is fine', () => {
    expect(normalizeBirthDate('', today)).toEqual({ ok: true, value: '' });
    expect(normalizeBirthDate('  ', today)).toEqual({ ok: true, value: '' });
  });
  test.each([
    ['1985-03-07', '1985-03-07'],
    ['1985/3/7', '1985-03-07'],
    ['1985.03.07', '1985-03-07'],
    ['19850307', '1985-03-07'],
    ['1985年3月7日', '1985-03-07'],
    ['1985 年 12 月 31 日', '1985-12-31'],
    ['１９８５－０３－０７', '1985-03-07'],
    ['2000-02-29', '2000-02-29'],
    ['1900-01-01', '1900-01-01'],
    ['2024-06-15', '2024-06-15'],
  ])('%s → %s', (raw, value) => {
    expect(normalizeBirthDate(raw, today)).toEqual({ ok: true, value });
  });
  test.each([
    '2023-02-30',
    '1900-02-29',
    '2023-13-01',
    '2023-00-10',
    '1899-12-31',
    '85-03-07',
    '07.03.1985',
    '1985-03/07',
    'yesterday',
    '198503071',
  ])('rejects %s as invalid', (raw) => {
    expect(normalizeBirthDate(raw, today)).toEqual({ ok: false, error: 'error.birthDateInvalid' });
  });
  test('rejects dates after today', () => {
    expect(normalizeBirthDate('2024-06-16', today)).toEqual({ ok: false, error: 'error.birthDateFuture' });
    expect(normalizeBirthDate('2099年1月1日', today)).toEqual({ ok: false, error: 'error.birthDateFuture' });
  });
});
