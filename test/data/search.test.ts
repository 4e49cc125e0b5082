// Search as you type, through the indexes: what a rep types and whom they expect to see.
import { beforeAll, afterAll, describe, expect, test } from 'vitest';
import { createCustomer, SearchCache, searchCustomers, type CustomerSort } from '../../src/data/repos/customers';
import type { FieldbookDatabase } from '../../src/data/db/database';
import { openDatabase } from '../../src/data/db/database';
import type { CustomerDoc } from '../../src/data/db/schemas';
import { customerFields, meta, PEOPLE } from '../factories/customer';
import { openTestDb, testStorage, uniqueDbName } from './setup';

const CAST = {
  ...PEOPLE,
  zhangLi: customerFields({
    givenName: '丽',
    familyName: '张',
    phone: '+8613912345678',
    company: 'Zeta Café',
    tags: ['lead'],
  }),
  wangFang: customerFields({
    givenName: '芳',
    familyName: '王',
    email: 'wang.fang@163.com',
    company: 'Acme Asia',
    tags: ['vip'],
  }),
  lena: customerFields({ givenName: 'Lena', familyName: 'Berg', email: 'lena@berg.se', phone: '+46701234567' }),
};
type Who = keyof typeof CAST;

describe('searchCustomers', () => {
  let db: FieldbookDatabase;
  const idOf = new Map<Who, string>();
  const whoIs = new Map<string, Who>();

  beforeAll(async () => {
    db = await openDatabase({ name: uniqueDbName('search'), storage: testStorage, multiInstance: false });
    let t = 0;
    for (const [who, fields] of Object.entries(CAST) as [Who, (typeof CAST)[Who]][]) {
      const c = await createCustomer(db, fields, meta((t += 1000)));
      idOf.set(who, c.id);
      whoIs.set(c.id, who);
    }
  });
  afterAll(async () => {
    await db.remove();
  });

  const find = async (q: string, opts: { sort?: CustomerSort; tag?: string; limit?: number } = {}): Promise<Who[]> => {
    const rows = await searchCustomers(db, q, { sort: opts.sort ?? 'name', tag: opts.tag, limit: opts.limit });
    return rows.map((r) => whoIs.get(r.id) ?? (r.id as Who));
  };
  const sorted = (xs: Who[]) => [...xs].sort();

  test.each<[string, Who[]]>([
    // Latin names: given, family, whole name in either order, any case, accents optional.
    ['john', ['john']],
    ['Smith', ['john']],
    ['john smith', ['john']],
    ['smith john', ['john']],
    ['JOHN SM', ['john']],
    ['muller', ['mueller']],
    ['müller', ['mueller']],
    ['jurgen mu', ['mueller']],
    ['obrien', ['obrien']],
    ["o'brien", ['obrien']],
    ['sean', ['obrien']],
    // Chinese names: hanzi prefix, full pinyin in either order, pinyin prefix, initials.
    ['张', ['zhangLi', 'zhangWei']],
    ['张伟', ['zhangWei']],
    ['欧阳', ['ouyang']],
    ['zhang wei', ['zhangWei']],
    ['wei zhang', ['zhangWei']],
    ['zhang', ['zhangLi', 'zhangWei']],
    ['zw', ['zhangWei']],
    ['oynn', ['ouyang']],
    ['ouyang nana', ['ouyang']],
    ['nana', ['ouyang']],
    // Email prefix, with or without the @.
    ['john.smith@', ['john']],
    ['john.smith@example.com', ['john']],
    ['wang.f', ['wangFang']],
    ['Nana.Ouyang@QQ', ['ouyang']],
    // Company prefix.
    ['acme', ['john', 'wangFang']],
    ['Acme Corp', ['john']],
    ['muller & sohne', ['mueller']],
    ['zeta cafe', ['zhangLi']],
  ])('%s', async (q, expected) => {
    expect(sorted(await find(q))).toEqual(sorted(expected));
  });

  test.each<[string, Who[]]>([
    // A phone number typed in any format, with or without country code, or just its end.
    ['+86 138 0013 8000', ['zhangWei']],
    ['+8613800138000', ['zhangWei']],
    ['8613800138000', ['zhangWei']],
    ['0086 138-0013-8000', ['zhangWei']],
    ['138 0013 8000', ['zhangWei']],
    ['(138) 0013.8000', ['zhangWei']],
    ['030 1234567', ['mueller']],
    ['+49 30 123', ['mueller']],
    ['(201) 555-0123', ['john']],
    ['555-0123', ['john']],
    ['8000', ['zhangWei']],
    ['4567', ['lena', 'mueller']],
    ['070-123 45 67', ['lena']],
  ])('phone %s', async (q, expected) => {
    expect(sorted(await find(q))).toEqual(sorted(expected));
  });

  test('finds nothing for an empty or blank query', async () => {
    for (const q of ['', '   ', '\u3000', '-', '、']) expect(await find(q)).toEqual([]);
  });

  test('finds nobody for a query that matches nobody', async () => {
    expect(await find('xavier')).toEqual([]);
    expect(await find('李')).toEqual([]);
    expect(await find('999999')).toEqual([]);
  });

  test('narrows to a tag, in any spelling of the tag', async () => {
    expect(await find('zhang', { tag: 'vip' })).toEqual(['zhangWei']);
    expect(await find('zhang', { tag: 'LEAD' })).toEqual(['zhangLi']);
    expect(sorted(await find('acme', { tag: 'Vip' }))).toEqual(['wangFang']);
    expect(await find('acme', { tag: 'reseller' })).toEqual([]);
    expect(await find('müller', { tag: 'vip' })).toEqual(['mueller']);
  });

  test('returns full rows in the chosen sort order', async () => {
    const rows = async (sort: CustomerSort): Promise<CustomerDoc[]> => searchCustomers(db, 'zhang', { sort });
    const byName = await rows('name');
    expect(byName.map((r) => r.nameKey)).toEqual(['zhang li', 'zhang wei']);
    expect(byName[1]).toMatchObject(CAST.zhangWei);
    // zhangLi was created after zhangWei: newest first.
    expect((await rows('recent')).map((r) => whoIs.get(r.id))).toEqual(['zhangLi', 'zhangWei']);
    const byCompany = (await rows('company')).map((r) => r.companySort);
    expect(byCompany).toEqual([...byCompany].sort());
    // 'smith john' < 'wang fang' by name; 'acme asia' < 'acme corp' by company.
    expect(await find('acme', { sort: 'name' })).toEqual(['john', 'wangFang']);
    expect(await find('acme', { sort: 'company' })).toEqual(['wangFang', 'john']);
    expect(await find('acme', { sort: 'recent' })).toEqual(['wangFang', 'john']);
  });
});

describe('searchCustomers limit', () => {
  test('returns at most `limit` rows, the first ones in the sort order', async () => {
    const db = await openDatabase({ name: uniqueDbName('search'), storage: testStorage, multiInstance: false });
    try {
      const made: CustomerDoc[] = [];
      for (let i = 0; i < 30; i++) {
        const given = `Kim${String.fromCharCode(97 + ((i * 7) % 26))}${i}`;
        made.push(await createCustomer(db, customerFields({ givenName: given, familyName: 'Smith' }), meta(i)));
      }
      await createCustomer(db, customerFields({ givenName: 'Other', familyName: 'Person' }), meta(99));

      const ten = await searchCustomers(db, 'smith', { sort: 'name', limit: 10 });
      expect(ten.map((r) => r.nameKey)).toEqual(
        made
          .map((r) => r.nameKey)
          .sort()
          .slice(0, 10),
      );
      const recent = await searchCustomers(db, 'smith', { sort: 'recent', limit: 5 });
      expect(recent).toHaveLength(5);
      expect(recent.map((r) => r.updatedAt)).toEqual([...recent.map((r) => r.updatedAt)].sort((a, b) => b - a));
      expect(await searchCustomers(db, 'smith', { sort: 'name' })).toHaveLength(30);
    } finally {
      await db.remove();
    }
  });
});

describe('search cache (longer prefixes answered from the complete results of shorter ones)', () => {
  test('typing a query letter by letter gives the same results with and without the cache, and a write clears it', async () => {
    const db = await openTestDb();
    const m = meta();
    for (const [givenName, familyName] of [
      ['Maria', 'Martin'],
      ['Mark', 'Marsh'],
      ['Mario', 'Rossi'],
      ['Martha', 'Stewart'],
      ['伟', '张'],
      ['Wei', 'Zhang'],
    ] as const) {
      await createCustomer(db, customerFields({ givenName, familyName }), m);
    }
    const cache = new SearchCache();
    const typed = ['m', 'ma', 'mar', 'mart', 'marti', 'martin', 'z', 'zh', 'zha', 'zhang', 'zhang w'];
    for (const q of typed) {
      const withCache = await searchCustomers(db, q, { sort: 'name', cache });
      const without = await searchCustomers(db, q, { sort: 'name' });
      expect(withCache.map((c) => c.id)).toEqual(without.map((c) => c.id));
    }
    // The cache now holds "zhang w"; a new Zhang written elsewhere must show up once it is cleared.
    await createCustomer(db, customerFields({ givenName: 'Wen', familyName: 'Zhang' }), m);
    // Without clear() the cache would still answer from before the write (the list state clears it
    // from the change stream)…
    expect((await searchCustomers(db, 'zhang we', { sort: 'name', cache })).map((c) => c.givenName).sort()).toEqual([
      'Wei',
      '伟',
    ]);
    cache.clear();
    // …and after clear() the new customer is found.
    expect((await searchCustomers(db, 'zhang we', { sort: 'name', cache })).map((c) => c.givenName).sort()).toEqual([
      'Wei',
      'Wen',
      '伟',
    ]);
  });

  test('a capped result (as many rows as the limit) is never reused', async () => {
    const db = await openTestDb();
    for (let i = 0; i < 6; i++)
      await createCustomer(db, customerFields({ givenName: `Ann${i}`, familyName: 'Lee' }), meta());
    const cache = new SearchCache();
    await searchCustomers(db, 'lee', { sort: 'name', limit: 3, cache });
    // 'lee a' must not be answered from the 3 capped rows of 'lee'.
    expect(await searchCustomers(db, 'lee a', { sort: 'name', limit: 10, cache })).toHaveLength(6);
  });
});
