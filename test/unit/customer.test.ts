import { describe, expect, test } from 'vitest';
import {
  customerSearchKeys,
  customerToInput,
  emptyCustomerInput,
  parseTags,
  validateCustomer,
} from '../../src/domain/customer';
import type { CustomerFormInput } from '../../src/domain/types';
import { emptyConsent } from '../../src/domain/consent';
import { customerFields } from '../factories/customer';
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
        aliases: [],
        consent: emptyConsent(),
        consentHistory: [],
      },
    });
  });
  test('other emails and phones, aliases, job title, language and owner are normalized and kept', () => {
    const r = validateCustomer(
      form({
        givenName: '伟',
        familyName: '张',
        phone: '138 0013 8000',
        country: 'CN',
        otherPhones: ['+1 212 555 0111', '', '13800138000'],
        email: 'zw@qq.com',
        otherEmails: ['Wei@Example.COM', ' ', 'zw@qq.com'],
        aliases: [' Zhang  Wei ', ''],
        jobTitle: ' Purchasing  manager ',
        preferredLanguage: 'zh',
        ownerId: 'alice',
      }),
      opts,
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    // The primary number and email are not repeated among the others; empty entries are dropped.
    expect(r.value.otherPhones).toEqual(['+12125550111']);
    expect(r.value.otherEmails).toEqual(['Wei@example.com']);
    expect(r.value.aliases).toEqual(['Zhang Wei']);
    expect(r.value.jobTitle).toBe('Purchasing manager');
    expect(r.value.preferredLanguage).toBe('zh');
    expect(r.value.ownerId).toBe('alice');
  });
  test('an invalid other phone or email is an error on that entry', () => {
    const r = validateCustomer(form({ givenName: 'A', otherPhones: ['030 1234567', '12'], otherEmails: ['x@'] }), opts);
    expect(r).toEqual({
      ok: false,
      errors: { 'otherPhones.1': 'error.phoneInvalid', 'otherEmails.0': 'error.emailInvalid' },
    });
  });
  test('consent: a date keeps its stored time, today is now, an earlier day is noon, a future day is refused', () => {
    const now = new Date('2024-06-15T15:30:00').getTime();
    const stored = new Date('2024-01-02T09:10:00').getTime();
    const base = form({ givenName: 'A' });
    const r = validateCustomer(
      {
        ...base,
        consent: {
          email: { status: 'granted', date: '2024-01-02', source: 'webForm', at: stored },
          sms: { status: 'refused', date: '', source: '', at: 0 },
          phone: { status: 'granted', date: '2024-03-01', source: 'phoneCall', at: 0 },
        },
      },
      { ...opts, now },
    );
    expect(r.ok && r.value.consent).toEqual({
      email: { status: 'granted', at: stored, source: 'webForm' },
      sms: { status: 'refused', at: now, source: 'inPerson' },
      phone: { status: 'granted', at: new Date('2024-03-01T12:00:00').getTime(), source: 'phoneCall' },
    });
    const future = validateCustomer(
      { ...base, consent: { ...base.consent, sms: { status: 'granted', date: '2024-07-01', source: 'event', at: 0 } } },
      { ...opts, now },
    );
    expect(future).toEqual({ ok: false, errors: { 'consent.sms': 'error.consentDate' } });
    // "Not asked" clears date and source, whatever was typed.
    const unknown = validateCustomer(
      {
        ...base,
        consent: { ...base.consent, email: { status: 'unknown', date: '2024-01-01', source: 'event', at: 5 } },
      },
      { ...opts, now },
    );
    expect(unknown.ok && unknown.value.consent.email).toEqual({ status: 'unknown', at: 0, source: '' });
  });
  test('editing keeps what the form does not show (source, merge link, consent history)', () => {
    const history = [
      {
        channel: 'email' as const,
        status: 'granted' as const,
        at: 1,
        source: 'import' as const,
        changedAt: 2,
        changedBy: 'x',
      },
    ];
    const stored = { ...customerFields({ source: 'import', mergedInto: '' }), consentHistory: history };
    const r = validateCustomer(customerToInput(stored), { ...opts, base: stored });
    expect(r.ok && [r.value.source, r.value.consentHistory]).toEqual(['import', history]);
  });
  test('a stored record goes through the form unchanged', () => {
    const stored = customerFields({
      givenName: 'bell',
      familyName: 'hooks',
      phone: '+49301234567',
      otherPhones: ['+12125550111'],
      otherEmails: ['b@example.com'],
      aliases: ['Gloria Watkins'],
      jobTitle: 'Author',
      preferredLanguage: 'zh-CN',
      ownerId: 'alice',
      consent: { ...emptyConsent(), email: { status: 'granted', at: 1_700_000_000_123, source: 'email' } },
    });
    const r = validateCustomer(customerToInput(stored), { ...opts, today: '2026-01-01', base: stored });
    expect(r).toEqual({ ok: true, value: stored });
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
