import { describe, expect, test } from 'vitest';
import {
  customerSearchKeys,
  customerToInput,
  emptyCustomerInput,
  parseTags,
  validateCustomer,
} from '../../src/domain/customer';
import type { CustomerFormInput } from '../../src/domain/types';
import { ensurePinyin } from '../../src/domain/pinyin';
import { ensurePhoneMetadata } from '../../src/domain/phone';

// Name keys and phone parsing are synchronous and need their tables loaded (the app's write paths await them).
await Promise.all([ensurePinyin(), ensurePhoneMetadata()]);

const opts = { defaultRegion: 'DE', today: '2024-06-15' };
const form = (patch: Partial<CustomerFormInput>): CustomerFormInput => ({ ...emptyCustomerInput(), ...patch });

describe('parseTags', () => {
  test('splits on ASCII and Chinese separators and newlines', () => {
    expect(parseTags('vip, wholesale;retail，北京；上海、广州\nnew\r\nold')).toEqual([
      'vip',
      'wholesale',
      'retail',
      '北京',
      '上海',
      '广州',
      'new',
      'old',
    ]);
  });
  test('trims, drops empties and dedupes case-insensitively keeping the first spelling', () => {
    expect(parseTags(' VIP ,, vip ; Vip\u3000, big   deal ,')).toEqual(['VIP', 'big deal']);
    expect(parseTags('')).toEqual([]);
  });
  test('clips tags to 40 chars', () => {
    expect(parseTags('x'.repeat(50))).toEqual(['x'.repeat(40)]);
  });
});

describe('validateCustomer', () => {
  test('normalizes every field and fills defaults', () => {
    const r = validateCustomer(
      form({
        givenName: 'ＪＯＨＮ',
        familyName: 'SMITH',
        email: ' John.Smith@Gmail.COM ',
        phone: '030 1234567',
        company: ' ＡＣＭＥ　 GmbH ',
        street: ' Hauptstr.  1 ',
        city: ' Berlin ',
        postcode: ' sw1a  1aa ',
        region: ' BE ',
        country: 'Deutschland',
        birthDate: '1985/3/7',
        tags: 'vip; VIP, 北京',
        notes: '  line 1\r\nline 2  ',
      }),
      opts,
    );
    expect(r).toEqual({
      ok: true,
      value: {
        givenName: 'John',
        familyName: 'Smith',
        email: 'John.Smith@gmail.com',
        phone: '+49301234567',
        otherEmails: [],
        otherPhones: [],
        company: 'ACME GmbH',
        jobTitle: '',
        street: 'Hauptstr. 1',
        city: 'Berlin',
        postcode: 'SW1A 1AA',
        region: 'BE',
        country: 'DE',
        birthDate: '1985-03-07',
        tags: ['vip', '北京'],
        preferredLanguage: '',
        notes: 'line 1\nline 2',
        ownerId: '',
        source: 'manual',
        mergedInto: '',
      },
    });
  });
  test('splits a Chinese name typed into one field', () => {
    const r = validateCustomer(form({ givenName: '欧阳娜娜', phone: '１３８ ０013 8000', country: '中国' }), opts);
    expect(r.ok && [r.value.familyName, r.value.givenName, r.value.phone, r.value.country]).toEqual([
      '欧阳',
      '娜娜',
      '+8613800138000',
      'CN',
    ]);
  });
  test('a name is required', () => {
    expect(validateCustomer(form({ email: 'a@b.co' }), opts)).toEqual({
      ok: false,
      errors: { givenName: 'error.nameRequired' },
    });
    expect(validateCustomer(form({ givenName: ' \u3000 ' }), opts)).toEqual({
      ok: false,
      errors: { givenName: 'error.nameRequired' },
    });
    expect(validateCustomer(form({ familyName: 'Smith' }), opts).ok).toBe(true);
  });
  test('reports every invalid field at once', () => {
    const r = validateCustomer(
      form({ givenName: 'Ann', email: 'ann@', phone: '12', country: 'Atlantis', birthDate: '2023-02-30' }),
      opts,
    );
    expect(r).toEqual({
      ok: false,
      errors: {
        email: 'error.emailInvalid',
        phone: 'error.phoneInvalid',
        country: 'error.countryUnknown',
        birthDate: 'error.birthDateInvalid',
      },
    });
  });
  test('future birth dates are rejected', () => {
    expect(validateCustomer(form({ givenName: 'Ann', birthDate: '2024-06-16' }), opts)).toEqual({
      ok: false,
      errors: { birthDate: 'error.birthDateFuture' },
    });
  });
  test('the phone is read in the customer country, else the default region', () => {
    const gb = validateCustomer(form({ givenName: 'Ann', phone: '07911 123456', country: 'UK' }), opts);
    expect(gb.ok && gb.value.phone).toBe('+447911123456');
    const jp = validateCustomer(form({ givenName: 'Ann', phone: '090-1234-5678', country: '日本' }), opts);
    expect(jp.ok && jp.value.phone).toBe('+819012345678');
    // Same digits without a country: read as German (default region) and invalid there.
    expect(validateCustomer(form({ givenName: 'Ann', phone: '090-1234-5678' }), opts)).toEqual({
      ok: false,
      errors: { phone: 'error.phoneInvalid' },
    });
    const us = validateCustomer(form({ givenName: 'Ann', phone: '(201) 555-0123' }), { ...opts, defaultRegion: 'US' });
    expect(us.ok && us.value.phone).toBe('+12015550123');
    // An unknown country reports the country, and the phone falls back to the default region.
    expect(validateCustomer(form({ givenName: 'Ann', phone: '030 1234567', country: 'Atlantis' }), opts)).toEqual({
      ok: false,
      errors: { country: 'error.countryUnknown' },
    });
  });
  test.each([
    ['givenName', 100],
    ['familyName', 100],
    ['company', 200],
    ['street', 200],
    ['city', 100],
    ['region', 100],
    ['postcode', 20],
    ['notes', 5000],
  ] as const)('%s longer than %i chars is too long', (field, max) => {
    const ok = validateCustomer(form({ givenName: 'Ann', [field]: 'A'.repeat(max) }), opts);
    expect(ok.ok).toBe(true);
    expect(validateCustomer(form({ givenName: 'Ann', [field]: 'A'.repeat(max + 1) }), opts)).toEqual({
      ok: false,
      errors: { [field]: 'error.tooLong' },
    });
  });
  test('an over-long tag is reported, not cut', () => {
    expect(validateCustomer(form({ givenName: 'Ann', tags: `ok, ${'t'.repeat(41)}` }), opts)).toEqual({
      ok: false,
      errors: { tags: 'error.tooLong' },
    });
  });
  test('customerToInput round-trips through validation', () => {
    const first = validateCustomer(
      form({ givenName: '伟', familyName: '张', phone: '+86 138 0013 8000', tags: 'a；b', country: 'cn' }),
      opts,
    );
    if (!first.ok) throw new Error('expected valid');
    const input = customerToInput(first.value);
    expect(input.phone).toBe('+86 138 0013 8000');
    expect(input.tags).toBe('a, b');
    expect(validateCustomer(input, opts)).toEqual(first);
  });
});

describe('customerSearchKeys', () => {
  test('builds every key', () => {
    expect(
      customerSearchKeys({
        givenName: '伟',
        familyName: '张',
        email: 'Zhang.Wei@QQ.com',
        phone: '+8613800138000',
        company: 'Ａcme  Co., Ltd.',
      }),
    ).toEqual({
      nameKey: 'zhang wei',
      nameRevKey: 'wei zhang',
      hanziKey: '张伟',
      initialsKey: 'zw',
      emailKey: 'zhang.wei@qq.com',
      phoneKey: '8613800138000',
      nationalKey: '13800138000',
      phoneRevKey: '0008310083168',
      companyKey: 'acme co ltd',
    });
  });
  test('empty fields give empty keys', () => {
    expect(
      (
        Object.values(
          customerSearchKeys({ givenName: '', familyName: '', email: '', phone: '', company: '' }),
        ) as string[]
      ).every((v) => v === ''),
    ).toBe(true);
  });
  test('every key is at most 200 chars', () => {
    const keys = customerSearchKeys({
      givenName: 'G'.repeat(300),
      familyName: 'F'.repeat(300),
      email: `${'e'.repeat(250)}@x.de`,
      phone: '+49301234567',
      company: 'C'.repeat(300),
    });
    for (const v of Object.values(keys) as string[]) expect(v.length).toBeLessThanOrEqual(200);
    expect(keys.companyKey).toHaveLength(200);
  });
});
