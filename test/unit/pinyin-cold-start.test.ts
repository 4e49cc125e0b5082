// The pinyin dictionaries load on first need (domain/pinyin.ts). A Chinese name's keys must come
// out exactly the same whether the dictionaries were loaded before or by the write that needed
// them, and the synchronous key function must refuse to run without them (never guess).
import { describe, expect, it, vi } from 'vitest';

type PinyinModule = typeof import('../../src/domain/pinyin');
type CustomerModule = typeof import('../../src/domain/customer');

/** A fresh copy of the domain modules: as right after a cold start, nothing loaded yet. */
async function coldDomain(): Promise<{ pinyin: PinyinModule; customer: CustomerModule }> {
  vi.resetModules();
  const pinyin = await import('../../src/domain/pinyin');
  const customer = await import('../../src/domain/customer');
  return { pinyin, customer };
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
    expect(() => customer.customerSearchKeys(fields(NAMES[0]!))).toThrow(pinyin.PinyinNotLoadedError);
    // Latin names need no dictionaries and do not load them.
    expect(customer.customerSearchKeys(fields({ givenName: 'John', familyName: 'Smith' })).nameKey).toBe('smith john');
    await pinyin.ensurePinyinFor([{ givenName: 'John', familyName: 'Smith' }]);
    expect(pinyin.pinyinReady()).toBe(false);
  });

  it('a key computed right after a cold start equals the key computed with the dictionaries loaded', async () => {
    const warm = await coldDomain();
    await warm.pinyin.ensurePinyin();
    const expected = NAMES.map((n) => warm.customer.customerSearchKeys(fields(n)));
    expect(expected[0]?.nameKey).toBe('zhang wei');
    expect(expected[1]?.initialsKey).toBe('oynn');

    for (const [i, n] of NAMES.entries()) {
      const cold = await coldDomain();
      expect(cold.pinyin.pinyinReady()).toBe(false);
      await cold.pinyin.ensurePinyinFor([fields(n)]);
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
