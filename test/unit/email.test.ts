import { describe, expect, test } from 'vitest';
import { normalizeEmail } from '../../src/domain/email';

describe('normalizeEmail', () => {
  test('empty stays empty', () => {
    expect(normalizeEmail('')).toBe('');
    expect(normalizeEmail('   ')).toBe('');
  });
  test('trims and lower-cases the domain only', () => {
    expect(normalizeEmail('  John.Smith@gmail.COM ')).toBe('John.Smith@gmail.com');
    expect(normalizeEmail('a+tag@Sub.Example.CO.UK')).toBe('a+tag@sub.example.co.uk');
  });
  test('accepts full-width input and the ideographic full stop', () => {
    expect(normalizeEmail('ｚｈａｎｇ＠ｑｑ．ｃｏｍ')).toBe('zhang@qq.com');
    expect(normalizeEmail('zhang@163。com')).toBe('zhang@163.com');
  });
  test('accepts internationalized domains', () => {
    expect(normalizeEmail('info@例子.中国')).toBe('info@例子.中国');
    expect(normalizeEmail('info@xn--fsqu00a.xn--fiqs8s')).toBe('info@xn--fsqu00a.xn--fiqs8s');
  });
  test.each([
    'plainaddress',
    '@example.com',
    'john@',
    'john@example',
    'john@@example.com',
    'jo@hn@example.com',
    'john smith@example.com',
    'john..smith@example.com',
    '.john@example.com',
    'john.@example.com',
    'john@example..com',
    'john@-example.com',
    'john@example-.com',
    'john@example.c',
    'john@example.123',
    'john@.example.com',
  ])('rejects %s', (raw) => {
    expect(normalizeEmail(raw)).toBeNull();
  });
  test('rejects over-long addresses', () => {
    expect(normalizeEmail(`${'a'.repeat(65)}@example.com`)).toBeNull();
    const at254 = `${'a'.repeat(60)}@${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}.${'e'.repeat(6)}.com`;
    expect(at254).toHaveLength(254);
    expect(normalizeEmail(at254)).toBe(at254);
    expect(normalizeEmail(`a${at254}`)).toBeNull();
  });
});
