import { describe, expect, test } from 'vitest';
import { customerSearchKeys } from '../../src/domain/customer';
import { chineseCompanyCore, customerTerms, foldGerman, hasUmlaut } from '../../src/domain/search-terms';
import { ensurePinyin } from '../../src/domain/pinyin';
import { ensurePhoneMetadata, nationalNumberOf } from '../../src/domain/phone';

await Promise.all([ensurePinyin(), ensurePhoneMetadata()]);

const terms = (
  f: { givenName?: string; familyName?: string; email?: string; company?: string; phone?: string },
  other: { otherEmails?: string[]; otherPhones?: string[] } = {},
): string[] => {
  const fields = { givenName: '', familyName: '', email: '', company: '', phone: '', ...f };
  const keys = customerSearchKeys(fields);
  return customerTerms({ otherEmails: [], otherPhones: [], ...other, ...fields, ...keys }, nationalNumberOf).sort();
};

describe('foldGerman', () => {
  test('umlauts become ae/oe/ue, ß ss, the rest folds as usual', () => {
    expect(foldGerman('Müller')).toBe('mueller');
    expect(foldGerman('MÜLLER')).toBe('mueller');
    expect(foldGerman('Bäcker Öztürk')).toBe('baecker oeztuerk');
    expect(foldGerman('Straße')).toBe('strasse');
    expect(foldGerman('Mueller')).toBe('mueller');
    expect(foldGerman('Zoë')).toBe('zoe');
  });
  test('hasUmlaut', () => {
    expect(hasUmlaut('Müller')).toBe(true);
    expect(hasUmlaut('Mu\u0308ller')).toBe(true);
    expect(hasUmlaut('Muller')).toBe(false);
  });
});

describe('chineseCompanyCore: the part after the place name', () => {
  test.each([
    ['上海瑞丰食品有限公司', '瑞丰食品有限公司'],
    ['北京天成科技有限公司', '天成科技有限公司'],
    ['浙江省杭州市天成科技有限公司', '天成科技有限公司'],
    ['黑龙江宏图贸易有限公司', '宏图贸易有限公司'],
    ['瑞丰食品有限公司', ''],
    ['上海有限公司', ''],
    ['上海市', ''],
    ['acme', ''],
  ])('%s → %s', (company, core) => {
    expect(chineseCompanyCore(company)).toBe(core);
  });
});

describe('customerTerms', () => {
  test('a Chinese name: its pinyin without spaces', () => {
    expect(terms({ familyName: '张', givenName: '伟' })).toEqual(['w:zhangwei']);
    expect(terms({ familyName: '欧阳', givenName: '娜娜' })).toEqual(['w:ouyangnana']);
    // A one-syllable name has no space to leave out.
    expect(terms({ familyName: '张' })).toEqual([]);
  });
  test('a Western two-word name needs no terms; a longer one gets its later words', () => {
    expect(terms({ givenName: 'Jane', familyName: 'Smith' })).toEqual([]);
    expect(terms({ givenName: 'Hans Peter', familyName: 'Schmidt' })).toEqual(['w:peter']);
  });
  test('German spellings: the ae/oe/ue form of the name is a term', () => {
    expect(terms({ givenName: 'Jürgen', familyName: 'Müller' })).toEqual(['w:juergen mueller', 'w:mueller juergen']);
  });
  test('companies: each later word (not legal forms), and the ue spelling', () => {
    expect(terms({ givenName: 'Amy', familyName: 'Chen', company: 'Blue Bottle Coffee Roasters Inc.' })).toEqual([
      'w:bottle coffee roasters inc',
      'w:coffee roasters inc',
      'w:roasters inc',
    ]);
    expect(terms({ givenName: 'Eva', familyName: 'Roth', company: 'Kaffeerösterei Hansa GmbH' })).toEqual([
      'w:hansa gmbh',
      'w:kaffeeroesterei hansa gmbh',
    ]);
  });
  test('a Chinese company: the part after the place name', () => {
    expect(terms({ familyName: '李', company: '上海瑞丰食品有限公司' })).toEqual(['w:瑞丰食品有限公司']);
    // A place in brackets is a word of its own once folded.
    expect(terms({ familyName: '李', company: '（深圳）明远咖啡有限公司' })).toEqual(['w:明远咖啡有限公司']);
  });
  test('digits inside an email local part; a leading run is found through the email key', () => {
    expect(terms({ givenName: 'Wang', familyName: 'Qiang', email: 'wang.qiang1988@163.com' })).toEqual(['d:1988']);
    expect(terms({ givenName: 'Li', familyName: 'Fang', email: '590581926@qq.com' })).toEqual([]);
  });
  test('other emails and phones (what a merge keeps)', () => {
    expect(
      terms(
        { givenName: 'Jane', familyName: 'Doe', email: 'jane@example.com', phone: '+12015550123' },
        { otherEmails: ['Jane.Doe@Work.example', '12345678@qq.com'], otherPhones: ['+12125550111'] },
      ),
    ).toEqual([
      'd:12125550111',
      'd:12345678',
      'd:2125550111',
      'e:12345678@qq.com',
      'e:jane.doe@work.example',
      'r:11105552121',
    ]);
  });
  test('terms are at most 202 characters (the schema maxLength)', () => {
    const long = terms({ givenName: 'A', familyName: 'B', company: `Acme ${'x'.repeat(300)}` });
    expect(long.every((t) => t.length <= 202)).toBe(true);
  });
});
