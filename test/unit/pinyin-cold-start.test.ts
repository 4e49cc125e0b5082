// The pinyin dictionaries and the phone metadata load on first need (domain/pinyin.ts, phone.ts).
// A customer's keys must come out exactly the same whether they were loaded before or by the write
// that needed them, and the synchronous key function must refuse to run without them (never guess).
import { describe, expect, it, vi } from 'vitest';

type PinyinModule = typeof import('../../src/domain/pinyin');
type CustomerModule = typeof import('../../src/domain/customer');
type PhoneModule = typeof import('../../src/domain/phone');

/** A fresh copy of the domain modules: as right after a cold start, nothing loaded yet. */
async function coldDomain(): Promise<{ pinyin: PinyinModule; customer: CustomerModule; phone: PhoneModule }> {
  vi.resetModules();
  const pinyin = await import('../../src/domain/pinyin');
  const customer = await import('../../src/domain/customer');
  const phone = await import('../../src/domain/phone');
  return { pinyin, customer, phone };
}

const NAMES = [
  { givenName: '伟', familyName: '张' },
  { givenName: '娜娜', familyName: '欧阳' },
  { givenName: '小明', familyName: '单' },
  { givenName: 'Wei', familyName: '曾' },
];
const fields = (n: { givenName: string; familyName: string }) => ({
  ...n,
  email: '',
  phone: '+8613812345678',
  company: '上海明远贸易有限公司',
});

describe('pinyin on first need', () => {
  it('is not loaded at start and the synchronous keys refuse a Chinese name', async () => {
    const { pinyin, customer } = await coldDomain();
    expect(pinyin.pinyinReady()).toBe(false);
    expect(() => customer.customerSearchKeys({ ...fields(NAMES[0]!), phone: '' })).toThrow(pinyin.PinyinNotLoadedError);
    // Latin names without a phone need neither table and load neither.
    const john = { ...fields({ givenName: 'John', familyName: 'Smith' }), phone: '' };
    await customer.ensureSearchKeyDataFor([john]);
    expect(customer.customerSearchKeys(john).nameKey).toBe('smith john');
    expect(pinyin.pinyinReady()).toBe(false);
  });

  it('a key computed right after a cold start equals the key computed with the dictionaries loaded', async () => {
    const warm = await coldDomain();
    await warm.pinyin.ensurePinyin();
    await warm.customer.ensureSearchKeyDataFor(NAMES.map(fields));
    const expected = NAMES.map((n) => warm.customer.customerSearchKeys(fields(n)));
    expect(expected[0]?.nameKey).toBe('zhang wei');
    expect(expected[1]?.initialsKey).toBe('oynn');

    for (const [i, n] of NAMES.entries()) {
      const cold = await coldDomain();
      expect(cold.pinyin.pinyinReady()).toBe(false);
      await cold.customer.ensureSearchKeyDataFor([fields(n)]);
      expect(cold.pinyin.pinyinReady()).toBe(true);
      expect(cold.customer.customerSearchKeys(fields(n))).toEqual(expected[i]);
    }
  });

  it('loads once: concurrent callers share one load, and a failed load can be retried', async () => {
    const { pinyin } = await coldDomain();
    const real = (await import('pinyin-pro')).pinyin;
    let calls = 0;
    pinyin.setPinyinLoader(() => {
      calls++;
      return calls === 1 ? Promise.reject(new Error('offline')) : Promise.resolve(real);
    });
    await expect(pinyin.ensurePinyin()).rejects.toThrow('offline');
    expect(pinyin.pinyinReady()).toBe(false);
    await Promise.all([pinyin.ensurePinyin(), pinyin.ensurePinyin(), pinyin.ensurePinyinFor([NAMES[0]!])]);
    expect(calls).toBe(2);
    expect(pinyin.pinyinReady()).toBe(true);
  });
});

describe('phone metadata on first need', () => {
  it('is not loaded at start; parsing refuses, formatting an empty number does not need it', async () => {
    const { phone, customer } = await coldDomain();
    expect(phone.phoneMetadataReady()).toBe(false);
    expect(phone.formatPhone('')).toBe('');
    expect(() => phone.formatPhone('+4930123456')).toThrow(phone.PhoneMetadataNotLoadedError);
    expect(() => customer.customerSearchKeys(fields({ givenName: 'John', familyName: 'Smith' }))).toThrow(
      phone.PhoneMetadataNotLoadedError,
    );
    await phone.ensurePhoneFor([{ phone: '' }]);
    expect(phone.phoneMetadataReady()).toBe(false);
    await phone.ensurePhoneFor([{ phone: '+8613812345678' }]);
    expect(phone.phoneMetadataReady()).toBe(true);
    expect(phone.formatPhone('+8613812345678')).toBe('+86 138 1234 5678');
    expect(customer.customerSearchKeys(fields({ givenName: 'John', familyName: 'Smith' })).nationalKey).toBe(
      '13812345678',
    );
  });
});
