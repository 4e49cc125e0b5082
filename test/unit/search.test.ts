import { describe, expect, test } from 'vitest';
import { customerSearchKeys } from '../../src/domain/customer';
import { matchesSearch, planSearch } from '../../src/domain/search';
import { ensurePinyin } from '../../src/domain/pinyin';
import { ensurePhoneMetadata } from '../../src/domain/phone';

// Name keys and phone parsing are synchronous and need their tables loaded (the app's write paths await them).
await Promise.all([ensurePinyin(), ensurePhoneMetadata()]);

const person = (givenName: string, familyName: string, email = '', phone = '', company = '') =>
  customerSearchKeys({ givenName, familyName, email, phone, company });

const zhangWei = person('伟', '张', '', '+8613800138000');
const ouyang = person('娜娜', '欧阳');
const john = person('John', 'Smith', 'john.smith@example.com', '+12015550123', 'Acme Corp.');
const mueller = person('Jürgen', 'Müller', '', '+49301234567', 'Müller & Söhne GmbH');
const obrien = person('Seán', "O'Brien");
const everyone = { zhangWei, ouyang, john, mueller, obrien };

const found = (query: string): string[] =>
  Object.entries(everyone)
    .filter(([, keys]) => matchesSearch(keys, planSearch(query)))
    .map(([name]) => name);

describe('planSearch finds the right people', () => {
  test.each([
    ['Muller', ['mueller']],
    ['müller', ['mueller']],
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
  ])('%s → %j', (query, expected) => {
    expect(found(query)).toEqual(expected);
  });
});

describe('planSearch plans', () => {
  test('empty or punctuation-only queries plan nothing', () => {
    expect(planSearch('')).toEqual([]);
    expect(planSearch(' \u3000 ')).toEqual([]);
    expect(planSearch('--')).toEqual([]);
  });
  test('an email query only looks at emails', () => {
    expect(planSearch(' Ann@Example ')).toEqual([{ key: 'emailKey', prefix: 'ann@example' }]);
  });
  test('a "+" number only looks at the E.164 digits', () => {
    expect(planSearch('+49 (30) 12-34')).toEqual([{ key: 'phoneKey', prefix: '49301234' }]);
  });
  test('a national number looks at full, national and reversed digits', () => {
    expect(planSearch('030 1234')).toEqual([
      { key: 'phoneKey', prefix: '0301234' },
      { key: 'nationalKey', prefix: '301234' },
      { key: 'phoneRevKey', prefix: '4321030' },
    ]);
  });
  test('fewer than 3 digits is treated as text', () => {
    expect(planSearch('12').map((t) => t.key)).toEqual(['nameKey', 'nameRevKey', 'companyKey', 'emailKey']);
  });
  test('Latin text uses names, company, email and (short words) initials', () => {
    expect(planSearch('Zw')).toEqual([
      { key: 'nameKey', prefix: 'zw' },
      { key: 'nameRevKey', prefix: 'zw' },
      { key: 'companyKey', prefix: 'zw' },
      { key: 'emailKey', prefix: 'zw' },
      { key: 'initialsKey', prefix: 'zw' },
    ]);
    expect(planSearch('john smith').map((t) => t.key)).toEqual(['nameKey', 'nameRevKey', 'companyKey']);
  });
  test('never more than 5 terms, none with an empty prefix', () => {
    for (const q of ['a', 'abc', 'abcdef', '0049 30', '+1', '张', 'x@y', '1-2-3', 'Jean-Luc']) {
      const terms = planSearch(q);
      expect(terms.length).toBeLessThanOrEqual(5);
      for (const t of terms) expect(t.prefix).not.toBe('');
    }
  });
});

describe('matchesSearch', () => {
  test('an empty plan matches everyone', () => {
    expect(matchesSearch(john, [])).toBe(true);
  });
  test('needs a prefix match on the named key', () => {
    expect(matchesSearch(john, [{ key: 'companyKey', prefix: 'acme' }])).toBe(true);
    expect(matchesSearch(john, [{ key: 'nameKey', prefix: 'acme' }])).toBe(false);
    expect(matchesSearch(john, [{ key: 'companyKey', prefix: 'corp' }])).toBe(false);
  });
});
