import { describe, expect, test } from 'vitest';
import { customerSearchKeys } from '../../src/domain/customer';
import { matchesSearch, planSearch } from '../../src/domain/search';
import { ensurePinyin } from '../../src/domain/pinyin';
import { ensurePhoneMetadata, nationalNumberOf } from '../../src/domain/phone';
import { customerTerms } from '../../src/domain/search-terms';
import type { CustomerSearchKeys } from '../../src/domain/types';

// Name keys and phone parsing are synchronous and need their tables loaded (the app's write paths await them).
await Promise.all([ensurePinyin(), ensurePhoneMetadata()]);

interface Person {
  keys: CustomerSearchKeys;
  terms: string[];
}
const person = (
  givenName: string,
  familyName: string,
  email = '',
  phone = '',
  company = '',
  other: { otherEmails?: string[]; otherPhones?: string[] } = {},
): Person => {
  const keys = customerSearchKeys({ givenName, familyName, email, phone, company });
  const source = { givenName, familyName, email, company, otherEmails: [], otherPhones: [], ...other, ...keys };
  return { keys, terms: customerTerms(source, nationalNumberOf) };
};

const zhangWei = person('伟', '张', '', '+8613800138000');
const ouyang = person('娜娜', '欧阳');
const john = person('John', 'Smith', 'john.smith@example.com', '+12015550123', 'Acme Corp.', {
  otherPhones: ['+12125550111'],
  otherEmails: ['js@smith-family.net'],
});
const mueller = person('Jürgen', 'Müller', '', '+49301234567', 'Müller & Söhne GmbH');
const obrien = person('Seán', "O'Brien");
const roasters = person('Amy', 'Chen', 'amy@bluebottle.com', '', 'Blue Bottle Coffee Roasters Inc.');
const ruifeng = person('芳', '李', '590581926@qq.com', '', '上海瑞丰食品有限公司');
const tiancheng = person('强', '王', 'wang.qiang1988@163.com', '', '北京天成科技有限公司');
const mueller2 = person('Anna', 'Mueller');
const everyone = { zhangWei, ouyang, john, mueller, obrien, roasters, ruifeng, tiancheng, mueller2 };

const found = (query: string): string[] =>
  Object.entries(everyone)
    .filter(([, p]) => matchesSearch(p.keys, planSearch(query), p.terms))
    .map(([name]) => name);

describe('planSearch finds the right people', () => {
  test.each([
    ['Muller', ['mueller']],
    ['müller', ['mueller', 'mueller2']],
    ['mueller', ['mueller', 'mueller2']],
    ['MUELLER & SOEHNE', ['mueller']],
    ['juergen mue', ['mueller']],
    ['zhangwei', ['zhangWei']],
    ['zhangw', ['zhangWei']],
    ['ouyangnana', ['ouyang']],
    ['ouyangn', ['ouyang']],
    ['coffee', ['roasters']],
    ['roasters', ['roasters']],
    ['coffee roa', ['roasters']],
    ['inc', []],
    ['瑞丰', ['ruifeng']],
    ['瑞丰食品', ['ruifeng']],
    ['上海瑞丰', ['ruifeng']],
    ['天成', ['tiancheng']],
    ['590581926', ['ruifeng']],
    ['1988', ['tiancheng']],
    ['212 555 0111', ['john']],
    ['+1 212 555', ['john']],
    ['0111', ['john']],
    ['js@smith', ['john']],
    ['MÜLLER & SÖHNE', ['mueller']],
    ['jurgen', ['mueller']],
    ['ZHANG', ['zhangWei']],
    ['zhang wei', ['zhangWei']],
    ['wei zhang', ['zhangWei']],
    ['zw', ['zhangWei']],
    ['oynn', ['ouyang']],
    ['ouyang', ['ouyang']],
    ['nana', ['ouyang']],
    ['张', ['zhangWei']],
    ['张伟', ['zhangWei']],
    ['欧阳 娜', ['ouyang']],
    ['john smith', ['john']],
    ['smith john', ['john']],
    ['ＪＯＨＮ　ＳＭＩＴＨ', ['john']],
    ['acme', ['john']],
    ['john.smith@', ['john']],
    ['JOHN.SMITH@EXAMPLE', ['john']],
    ['john.sm', ['john']],
    ['obrien', ['obrien']],
    ["o'brien", ['obrien']],
    ['sean', ['obrien']],
    ['+49 30 1234', ['mueller']],
    ['030 1234', ['mueller']],
    ['0049 30 1234', ['mueller']],
    ['4567', ['mueller']],
    ['138 0013', ['zhangWei']],
    ['１３８ ００１３', ['zhangWei']],
    ['+86 138', ['zhangWei']],
    ['8000', ['zhangWei']],
    ['(201) 555', ['john']],
    ['nobody', []],
    ['+44', []],
    ['Ja\u200Bhn smi\u202Eth', []],
    ['jo\u200Bhn', ['john']],
  ])('%s → %j', (query, expected) => {
    expect(found(query)).toEqual(expected);
  });
});

describe('planSearch plans', () => {
  test('empty or punctuation-only queries plan nothing', () => {
    expect(planSearch('')).toEqual([]);
    expect(planSearch(' \u3000 ')).toEqual([]);
    expect(planSearch('--')).toEqual([]);
    expect(planSearch('\u200B\u202E')).toEqual([]);
  });
  test('an email query looks at emails and other emails', () => {
    expect(planSearch(' Ann@Example ')).toEqual([
      { key: 'emailKey', prefix: 'ann@example' },
      { key: 'term', prefix: 'e:ann@example' },
    ]);
  });
  test('a "+" number looks at the E.164 digits of the phone and the other phones', () => {
    expect(planSearch('+49 (30) 12-34')).toEqual([
      { key: 'phoneKey', prefix: '49301234' },
      { key: 'term', prefix: 'd:49301234' },
    ]);
  });
  test('a national number looks at full, national and reversed digits, emails and other phones', () => {
    expect(planSearch('030 1234')).toEqual([
      { key: 'phoneKey', prefix: '0301234' },
      { key: 'nationalKey', prefix: '301234' },
      { key: 'phoneRevKey', prefix: '4321030' },
      { key: 'term', prefix: 'd:0301234' },
      { key: 'term', prefix: 'd:301234' },
      { key: 'term', prefix: 'r:4321030' },
    ]);
    expect(planSearch('590581926').map((t) => t.key)).toContain('emailKey');
  });
  test('fewer than 3 digits is treated as text', () => {
    expect(planSearch('12').map((t) => t.key)).toEqual(['nameKey', 'nameRevKey', 'companyKey', 'emailKey', 'term']);
  });
  test('Latin text uses names, company, email, (short words) initials and words inside', () => {
    expect(planSearch('Zw')).toEqual([
      { key: 'nameKey', prefix: 'zw' },
      { key: 'nameRevKey', prefix: 'zw' },
      { key: 'companyKey', prefix: 'zw' },
      { key: 'emailKey', prefix: 'zw' },
      { key: 'initialsKey', prefix: 'zw' },
      { key: 'term', prefix: 'w:zw' },
    ]);
    expect(planSearch('john smith').map((t) => t.key)).toEqual(['nameKey', 'nameRevKey', 'companyKey', 'term']);
  });
  test('an umlaut also looks up the ae/oe/ue spelling', () => {
    expect(planSearch('Müller').filter((t) => t.prefix === 'mueller')).toHaveLength(3);
  });
  test('at most 9 lookups, none with an empty prefix', () => {
    for (const q of [
      'a',
      'abc',
      'abcdef',
      '0049 30',
      '+1',
      '张',
      'x@y',
      '1-2-3',
      'Jean-Luc',
      'Jürgen Mü',
      '0049 30 1',
    ]) {
      const terms = planSearch(q);
      expect(terms.length).toBeLessThanOrEqual(9);
      for (const t of terms) expect(t.prefix.replace(/^[a-z]:/, '')).not.toBe('');
    }
  });
});

describe('matchesSearch', () => {
  test('an empty plan matches everyone', () => {
    expect(matchesSearch(john.keys, [])).toBe(true);
  });
  test('needs a prefix match on the named key', () => {
    expect(matchesSearch(john.keys, [{ key: 'companyKey', prefix: 'acme' }])).toBe(true);
    expect(matchesSearch(john.keys, [{ key: 'nameKey', prefix: 'acme' }])).toBe(false);
    expect(matchesSearch(john.keys, [{ key: 'companyKey', prefix: 'corp' }])).toBe(false);
  });
  test('a term lookup matches the extra terms only', () => {
    expect(matchesSearch(roasters.keys, [{ key: 'term', prefix: 'w:coffee' }], roasters.terms)).toBe(true);
    expect(matchesSearch(roasters.keys, [{ key: 'term', prefix: 'w:coffee' }])).toBe(false);
  });
});
