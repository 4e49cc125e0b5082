import { describe, expect, test } from 'vitest';
import {
  clip,
  collapseSpaces,
  fold,
  hasInvisible,
  isCjk,
  revealInvisible,
  stripInvisible,
  toHalfWidth,
} from '../../src/domain/text';

describe('toHalfWidth', () => {
  test('converts full-width ASCII and the ideographic space', () => {
    expect(toHalfWidth('ＪＯＨＮ　ＳＭＩＴＨ')).toBe('JOHN SMITH');
    expect(toHalfWidth('１３８－００１３＠ｑｑ．ｃｏｍ')).toBe('138-0013@qq.com');
  });
  test('leaves CJK and half-width text alone', () => {
    expect(toHalfWidth('张伟 abc')).toBe('张伟 abc');
  });
});

describe('collapseSpaces', () => {
  test('trims and collapses mixed whitespace incl. U+3000, NBSP and tabs', () => {
    expect(collapseSpaces('  John\u3000\u3000 \t Smith\u00a0 ')).toBe('John Smith');
    expect(collapseSpaces('a\n\nb')).toBe('a b');
    expect(collapseSpaces('\u200B')).toBe('');
  });
  test('applies NFKC', () => {
    expect(collapseSpaces('ＡＢＣ　ｄ')).toBe('ABC d');
    expect(collapseSpaces('ﬁne')).toBe('fine');
  });
});

describe('fold', () => {
  test('lower-cases and strips diacritics', () => {
    expect(fold('Müller')).toBe('muller');
    expect(fold('  ÉLODIE   Françoise ')).toBe('elodie francoise');
    expect(fold('Nguyễn Văn')).toBe('nguyen van');
  });
  test('maps letters NFD does not decompose', () => {
    expect(fold('Straße')).toBe('strasse');
    expect(fold('Søren Łukasz Æsir Đorđe')).toBe('soren lukasz aesir dorde');
  });
  test('apostrophes vanish, other punctuation becomes a space', () => {
    expect(fold("O'Brien")).toBe('obrien');
    expect(fold('O’Brien')).toBe('obrien');
    expect(fold('Jean-Luc')).toBe('jean luc');
    expect(fold('St. John & Co., Ltd.')).toBe('st john co ltd');
  });
  test('keeps CJK and full-width letters become ASCII', () => {
    expect(fold('张伟')).toBe('张伟');
    expect(fold('ＪＯＨＮ　ＳＭＩＴＨ')).toBe('john smith');
  });
  test('keeps kana voicing marks and Hangul intact', () => {
    expect(fold('ガ')).toBe('ガ');
    expect(fold('김민준')).toBe('김민준');
  });
});

describe('isCjk', () => {
  test('detects Han characters', () => {
    expect(isCjk('张伟')).toBe(true);
    expect(isCjk('Wei 张')).toBe(true);
    expect(isCjk('John')).toBe(false);
    expect(isCjk('カタカナ')).toBe(false);
    expect(isCjk('')).toBe(false);
  });
});

describe('clip', () => {
  test('never splits a surrogate pair', () => {
    expect(clip('ab😀', 3)).toBe('ab');
    expect(clip('abcd', 3)).toBe('abc');
    expect(clip('ab', 3)).toBe('ab');
  });
});

describe('invisible characters (zero-width, bidi controls)', () => {
  test('are removed, not turned into spaces', () => {
    expect(stripInvisible('Ja\u200Bne')).toBe('Jane');
    expect(stripInvisible('\u202Eevil')).toBe('evil');
    expect(
      stripInvisible(
        'a\u200C\u200D\u2060\uFEFF\u00ADb\u200E\u200F\u061C\u202A\u202B\u202C\u202D\u2066\u2067\u2068\u2069',
      ),
    ).toBe('ab');
    expect(collapseSpaces(' Ja\u200Bne\u202E ')).toBe('Jane');
    expect(collapseSpaces('a\u200B b')).toBe('a b');
    expect(fold('Ja\u200Bne')).toBe('jane');
  });
  test('are detected and shown by code point', () => {
    expect(hasInvisible('Jane')).toBe(false);
    expect(hasInvisible('\u202Eevil')).toBe(true);
    expect(hasInvisible('张\u200B伟')).toBe(true);
    expect(revealInvisible('\u202Eevil')).toBe('⟨U+202E⟩evil');
  });
  test('visible text and ordinary spaces stay', () => {
    expect(stripInvisible('Zoë 张伟 O’Brien')).toBe('Zoë 张伟 O’Brien');
  });
});
