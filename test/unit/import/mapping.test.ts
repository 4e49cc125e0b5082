import { describe, expect, it } from 'vitest';
import {
  headerSignature,
  mapRow,
  splitWholeName,
  suggestField,
  suggestMapping,
} from '../../../src/domain/import-mapping';

describe('suggestField', () => {
  it.each([
    ['Name', 'fullName'],
    ['姓名', 'fullName'],
    ['Family name', 'familyName'],
    ['Surname', 'familyName'],
    ['姓', 'familyName'],
    ['Given Name', 'givenName'],
    ['First name', 'givenName'],
    ['名', 'givenName'],
    ['Phone', 'phone'],
    ['Mobile', 'phone'],
    ['电话', 'phone'],
    ['手机', 'phone'],
    ['E-Mail', 'email'],
    ['邮箱', 'email'],
    ['电子邮件', 'email'],
    ['Company', 'company'],
    ['公司', 'company'],
    ['单位', 'company'],
    ['Job title', 'jobTitle'],
    ['职位', 'jobTitle'],
    ['Address', 'street'],
    ['地址', 'street'],
    ['City', 'city'],
    ['城市', 'city'],
    ['Postcode', 'postcode'],
    ['ZIP', 'postcode'],
    ['邮编', 'postcode'],
    ['Region', 'region'],
    ['Province', 'region'],
    ['省', 'region'],
    ['Country', 'country'],
    ['国家', 'country'],
    ['Birthday', 'birthDate'],
    ['生日', 'birthDate'],
    ['Tags', 'tags'],
    ['标签', 'tags'],
    ['Notes', 'notes'],
    ['备注', 'notes'],
    ['givenName', 'givenName'],
    ['birthDate', 'birthDate'],
    ['Kundennummer', 'ignore'],
    ['', 'ignore'],
  ])('%j → %s', (header, field) => {
    expect(suggestField(header)).toBe(field);
  });
});

describe('suggestMapping', () => {
  it('suggests a single-column field once, but several phone columns', () => {
    expect(suggestMapping(['姓名', '手机', '电话', '城市', 'City'])).toEqual([
      'fullName',
      'phone',
      'phone',
      'city',
      'ignore',
    ]);
  });

  it('drops a whole-name column when family and given name columns exist', () => {
    expect(suggestMapping(['Name', 'First name', 'Last name'])).toEqual(['ignore', 'givenName', 'familyName']);
  });
});

describe('headerSignature', () => {
  it('is the same for the same headers written differently, and differs otherwise', () => {
    expect(headerSignature(['E-Mail', ' Phone '])).toBe(headerSignature(['email', 'phone']));
    expect(headerSignature(['email', 'phone'])).not.toBe(headerSignature(['phone', 'email']));
  });
});

describe('splitWholeName', () => {
  it.each([
    ['张伟', { familyName: '张', givenName: '伟' }],
    ['欧阳娜娜', { familyName: '欧阳', givenName: '娜娜' }],
    ['司马相如', { familyName: '司马', givenName: '相如' }],
    ['John Smith', { familyName: 'Smith', givenName: 'John' }],
    ['Mary Ann Lee', { familyName: 'Lee', givenName: 'Mary Ann' }],
    ['Smith, John', { familyName: 'Smith', givenName: 'John' }],
    ['Madonna', { familyName: '', givenName: 'Madonna' }],
  ])('%s', (name, split) => {
    expect(splitWholeName(name)).toEqual(split);
  });
});

describe('mapRow', () => {
  it('splits a whole name, keeps extra phones and emails, joins tags and notes, ignores columns', () => {
    const m = mapRow(
      ['欧阳娜娜', '138 0013 8000', '010 1234 5678', 'a@x.cn', 'vip', 'wholesale', 'note 1', 'secret'],
      ['fullName', 'phone', 'phone', 'email', 'tags', 'tags', 'notes', 'ignore'],
    );
    expect(m.input).toMatchObject({
      familyName: '欧阳',
      givenName: '娜娜',
      phone: '138 0013 8000',
      email: 'a@x.cn',
      tags: 'vip;wholesale',
      notes: 'note 1',
    });
    expect(m.otherPhones).toEqual(['010 1234 5678']);
    expect(m.nameSplit).toBe(true);
  });

  it('keeps a cell starting with = as text, and undoes the apostrophe of an exported formula-like cell', () => {
    expect(mapRow(['=HYPERLINK("x")', "'=1+1"], ['notes', 'company']).input).toMatchObject({
      notes: '=HYPERLINK("x")',
      company: '=1+1',
    });
  });
});
