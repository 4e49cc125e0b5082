import { describe, expect, it } from 'vitest';
import {
  canonicalEmail,
  emailDomainTypo,
  phoneKey,
  standardize,
  standardizeCompany,
  standardizeDate,
  standardizeName,
  standardizeStreet,
  germanLetters,
  toSimplified,
} from '../../../workers/dedup/standardize';
import { nicknameKeys, sameGivenName } from '../../../workers/dedup/nicknames';
import { scorePair } from '../../../workers/dedup/engine';
import { LEVELS, defaultParams } from '../../../workers/dedup/model';

describe('names', () => {
  it('reads Chinese names as pinyin keys, family first', () => {
    expect(standardizeName('伟', '张')).toMatchObject({ given: 'wei', family: 'zhang', hanzi: '张伟', cjk: true });
    expect(standardizeName('Wei', 'Zhang')).toMatchObject({ given: 'wei', family: 'zhang', hanzi: '', cjk: false });
  });
  it('splits a whole Chinese name typed into one field, compound surnames included', () => {
    expect(standardizeName('', '张伟')).toMatchObject({ given: 'wei', family: 'zhang' });
    expect(standardizeName('欧阳娜娜', '')).toMatchObject({ given: 'nana', family: 'ouyang' });
  });
  it('folds traditional characters to simplified (歐陽 = 欧阳, 張偉 = 张伟)', () => {
    expect(toSimplified('歐陽娜娜')).toBe('欧阳娜娜');
    expect(standardizeName('偉', '張')).toMatchObject({ hanzi: '张伟', given: 'wei', family: 'zhang' });
    expect(standardizeName('', '歐陽娜娜')).toMatchObject({ family: 'ouyang', hanzi: '欧阳娜娜' });
  });
  it('splits a Latin full name typed into one field (last word = family)', () => {
    expect(standardizeName('Wei Zhang', '')).toMatchObject({ given: 'wei', family: 'zhang' });
    expect(standardizeName('', 'Mary Ann Smith')).toMatchObject({
      given: 'maryann',
      family: 'smith',
      givenFirst: 'mary',
    });
  });
  it('folds case, accents, apostrophes and spaces', () => {
    expect(standardizeName('  JOSÉ ', 'O’Brien')).toMatchObject({ given: 'jose', family: 'obrien' });
  });
});

describe('nicknames', () => {
  it.each([
    ['robert', 'bob'],
    ['elizabeth', 'liz'],
    ['william', 'bill'],
    ['margaret', 'peggy'],
    ['katherine', 'kate'],
    ['richard', 'dick'],
  ])('%s ~ %s', (a, b) => {
    expect(sameGivenName(a, b)).toBe(true);
    expect(sameGivenName(b, a)).toBe(true);
  });
  it('does not relate unrelated names; empty is nothing', () => {
    expect(sameGivenName('robert', 'william')).toBe(false);
    expect(sameGivenName('', '')).toBe(false);
    expect(nicknameKeys('bob')).toEqual(['robert']);
    expect(nicknameKeys('pat').sort()).toEqual(['patricia', 'patrick']);
  });
});

describe('email', () => {
  it('ignores Gmail dots and +tags, googlemail and case', () => {
    expect(canonicalEmail('John.Smith+expo@Gmail.com')).toBe('johnsmith@gmail.com');
    expect(canonicalEmail('johnsmith@googlemail.com')).toBe('johnsmith@gmail.com');
    expect(canonicalEmail('JOHN.SMITH@GMAIL.COM')).toBe('johnsmith@gmail.com');
  });
  it('keeps dots for providers that do not ignore them, drops tags where delivered', () => {
    expect(canonicalEmail('john.smith+x@outlook.com')).toBe('john.smith@outlook.com');
    expect(canonicalEmail('john.smith@acme.de')).toBe('john.smith@acme.de');
  });
  it.each([
    ['gmial.com', 'gmail.com'],
    ['hotmial.com', 'hotmail.com'],
    ['yahooo.com', 'yahoo.com'],
    ['qq.con', 'qq.com'],
    ['gmail.co', 'gmail.com'],
    ['outlok.com', 'outlook.com'],
    ['163.con', '163.com'],
  ])('domain typo %s → %s', (typo, fixed) => {
    expect(emailDomainTypo(typo)).toBe(fixed);
  });
  it('does not "fix" real domains', () => {
    expect(emailDomainTypo('gmail.com')).toBeNull();
    expect(emailDomainTypo('qa.com')).toBeNull();
    expect(emailDomainTypo('acme.com')).toBeNull();
    expect(canonicalEmail('a.b@gmial.com')).toBe('ab@gmail.com');
  });
  it('is empty for an empty or unusable value', () => {
    expect(canonicalEmail('')).toBe('');
    expect(canonicalEmail('no-at-sign')).toBe('');
  });
});

describe('phones', () => {
  it('compares as E.164 whatever the format', () => {
    const forms = [
      '+86 138 1234 5678',
      '138-1234-5678',
      '0086 13812345678',
      '(+86) 138 1234 5678',
      '１３８１２３４５６７８',
    ];
    for (const f of forms) expect(phoneKey(f, 'CN')).toBe('+8613812345678');
    expect(phoneKey('030 1234567', 'DE')).toBe('+49301234567');
    expect(phoneKey('+49301234567', '')).toBe('+49301234567');
  });
  it('falls back to the digits for numbers it cannot validate', () => {
    expect(phoneKey('12-34-56-78', '')).toBe('12345678');
    expect(phoneKey('123', '')).toBe('');
  });
  it('reads numbers without country code in the record country', () => {
    expect(standardize({ phone: '(212) 555-0123', country: 'United States' }).phones).toHaveLength(1);
    expect(standardize({ phone: '13812345678', country: '中国' }).phones).toEqual(['+8613812345678']);
  });
});

describe('streets', () => {
  it('expands abbreviations and splits the house number', () => {
    expect(standardizeStreet('12 Main St.')).toEqual({ number: '12', name: 'main street' });
    expect(standardizeStreet('12 Main Street')).toEqual({ number: '12', name: 'main street' });
    expect(standardizeStreet('5 Ocean Rd')).toEqual({ number: '5', name: 'ocean road' });
    expect(standardizeStreet('7 Park Ave')).toEqual({ number: '7', name: 'park avenue' });
    expect(standardizeStreet('Hauptstr. 5')).toEqual({ number: '5', name: 'hauptstrasse' });
    expect(standardizeStreet('Hauptstraße 5')).toEqual({ number: '5', name: 'hauptstrasse' });
  });
});

describe('companies', () => {
  it.each([
    ['ACME Inc.', 'acme'],
    ['Acme, LLC', 'acme'],
    ['Acme Ltd', 'acme'],
    ['Acme Co.', 'acme'],
    ['Acme GmbH', 'acme'],
    ['Acme Co., Ltd.', 'acme'],
    ['The Acme Corporation', 'acme'],
    ['Müller GmbH & Co. KG', 'mueller'],
    ['明远贸易有限公司', '明远贸易'],
    ['明远贸易股份有限公司', '明远贸易'],
    ['明远集团', '明远'],
    ['明远貿易有限公司', '明远贸易'],
  ])('%s → %s', (raw, key) => {
    expect(standardizeCompany(raw)).toBe(key);
  });
  it('keeps a name that is only a legal form', () => {
    expect(standardizeCompany('Company')).toBe('company');
  });
});

describe('dates', () => {
  it('reads ISO, compact, slashed and Chinese dates as YYYYMMDD', () => {
    expect(standardizeDate('1980-03-04')).toBe('19800304');
    expect(standardizeDate('19800304')).toBe('19800304');
    expect(standardizeDate('1980/3/4')).toBe('19800304');
    expect(standardizeDate('1980年3月4日')).toBe('19800304');
    expect(standardizeDate('19801304')).toBe('19801304'); // kept as typed (invalid month)
    expect(standardizeDate('')).toBe('');
  });
});

describe('German umlauts and ß', () => {
  it('reads ä/ö/ü/ß as ae/oe/ue/ss in names, streets, companies and places (Müller = Mueller)', () => {
    const a = standardize({
      givenName: 'Jürgen',
      familyName: 'Müller',
      street: 'Hauptstraße 5',
      city: 'München',
      company: 'Bäcker GmbH',
    });
    const b = standardize({
      givenName: 'Juergen',
      familyName: 'MUELLER',
      street: 'Hauptstrasse 5',
      city: 'Muenchen',
      company: 'Baecker',
    });
    expect([a.given, a.family, a.streetName, a.city, a.company]).toEqual([
      'juergen',
      'mueller',
      'hauptstrasse',
      'muenchen',
      'baecker',
    ]);
    expect([b.given, b.family, b.streetName, b.city, b.company]).toEqual([
      a.given,
      a.family,
      a.streetName,
      a.city,
      a.company,
    ]);
    expect(standardizeName('Jörg', 'Schröder')).toMatchObject({ given: 'joerg', family: 'schroeder' });
  });
  it('scores Müller / Mueller as exact agreement on the family name', () => {
    const s = scorePair(
      standardize({ givenName: 'Anna', familyName: 'Müller', street: 'Hauptstraße 5' }),
      standardize({ givenName: 'Anna', familyName: 'Mueller', street: 'Hauptstrasse 5' }),
      defaultParams(),
      null,
    );
    const level = (f: string): string | undefined => s.fields.find((x) => x.field === f)?.level;
    expect([level('family'), level('street')]).toEqual([LEVELS.family[0], LEVELS.street[0]]);
  });
  it("leaves pinyin's ü alone (Lü, Nü) and strings without those letters as they are", () => {
    expect(germanLetters('Lü')).toBe('Lü');
    expect(germanLetters('nüe')).toBe('nüe');
    expect(germanLetters('Lüdecke')).toBe('Luedecke');
    expect(germanLetters('Samuel Straus')).toBe('Samuel Straus');
  });
});
