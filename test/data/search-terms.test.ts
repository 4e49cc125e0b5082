// Search finds what reps remember: words inside company names, pinyin typed without a space, a
// German name spelled with "ue", digits inside an email, a merged customer's other phone and email
// — through the derived search term index kept by its follower, as in the app.
import { describe, expect, test } from 'vitest';
import {
  createCustomer,
  SearchCache,
  searchCustomers,
  searchCustomersPage,
  updateCustomer,
  type SearchCursor,
} from '../../src/data/repos/customers';
import type { FieldbookDatabase } from '../../src/data/db/database';
import { startSearchTermIndex } from '../../src/data/derived/search-term-index';
import { ensureSearchTerms, SEARCH_TERMS_VERSION } from '../../src/data/derived/search-term-rebuild';
import { mergeCustomers } from '../../src/data/merge/merge';
import { validateCustomer, emptyCustomerInput } from '../../src/domain/customer';
import type { CustomerFields, CustomerInput } from '../../src/domain/types';
import { customerFields, meta, T0 } from '../factories/customer';
import { openTestDb } from './setup';

function typed(input: Partial<CustomerInput>): CustomerFields {
  const v = validateCustomer({ ...emptyCustomerInput(), ...input }, { defaultRegion: 'US', today: '2026-12-07' });
  if (!v.ok) throw new Error(`invalid: ${JSON.stringify(v.errors)}`);
  return v.value;
}

async function withIndex(): Promise<{ db: FieldbookDatabase; idle: () => Promise<void> }> {
  const db = await openTestDb();
  const indexer = startSearchTermIndex(db);
  return { db, idle: () => indexer.idle() };
}

const names = async (db: FieldbookDatabase, q: string): Promise<string[]> =>
  (await searchCustomers(db, q, { sort: 'name' })).map((c) => `${c.familyName}${c.givenName}`).sort();

describe('search through the derived term index', () => {
  test('pinyin without spaces, words inside companies, email digits, German spellings, hidden characters', async () => {
    const { db, idle } = await withIndex();
    let t = 0;
    for (const fields of [
      customerFields({ familyName: '张', givenName: '伟', company: '北京天成科技有限公司' }),
      customerFields({ familyName: '欧阳', givenName: '娜娜', email: '590581926@qq.com' }),
      customerFields({
        familyName: '李',
        givenName: '芳',
        company: '上海瑞丰食品有限公司',
        email: 'li.fang1988@163.com',
      }),
      customerFields({ familyName: 'Chen', givenName: 'Amy', company: 'Blue Bottle Coffee Roasters Inc.' }),
      customerFields({ familyName: 'Müller', givenName: 'Jürgen' }),
      typed({ givenName: 'Ja\u200Bne', familyName: '\u202EDoe', email: 'jane\u200B@example.com' }),
    ])
      await createCustomer(db, fields, meta((t += 1000)));
    await idle();

    expect(await names(db, 'zhangwei')).toEqual(['张伟']);
    expect(await names(db, 'zhangw')).toEqual(['张伟']);
    expect(await names(db, 'ouyangnana')).toEqual(['欧阳娜娜']);
    expect(await names(db, 'coffee')).toEqual(['ChenAmy']);
    expect(await names(db, 'roasters')).toEqual(['ChenAmy']);
    expect(await names(db, '瑞丰')).toEqual(['李芳']);
    expect(await names(db, '天成')).toEqual(['张伟']);
    expect(await names(db, '590581926')).toEqual(['欧阳娜娜']);
    expect(await names(db, '1988')).toEqual(['李芳']);
    expect(await names(db, 'mueller')).toEqual(['MüllerJürgen']);
    expect(await names(db, 'müller')).toEqual(['MüllerJürgen']);
    // The typed name was cleaned on normalization: stored without the hidden characters.
    expect(await names(db, 'jane')).toEqual(['DoeJane']);
    expect(await names(db, 'jane@example')).toEqual(['DoeJane']);
    expect(await names(db, 'doe')).toEqual(['DoeJane']);
  });

  test('typed letter by letter, the search cache gives what a fresh search gives (term kinds kept apart)', async () => {
    const { db, idle } = await withIndex();
    const a = await createCustomer(
      db,
      customerFields({ givenName: 'Amy', familyName: 'Chen', company: 'Blue Bottle Coffee', phone: '+12015550123' }),
      meta(),
    );
    await updateCustomer(db, a.id, { ...a, otherPhones: ['+12125550111'] }, meta(1));
    await createCustomer(
      db,
      customerFields({ familyName: '张', givenName: '伟', company: '上海瑞丰食品有限公司' }),
      meta(2),
    );
    await idle();
    const cache = new SearchCache();
    for (const typed of [
      'c',
      'co',
      'coffee',
      'z',
      'zh',
      'zhangw',
      '瑞',
      '瑞丰',
      '2',
      '21',
      '212',
      '2125',
      '212 555 0111',
      '0111',
    ]) {
      const withCache = await searchCustomers(db, typed, { sort: 'name', cache });
      const fresh = await searchCustomers(db, typed, { sort: 'name' });
      expect(
        withCache.map((c) => c.id),
        typed,
      ).toEqual(fresh.map((c) => c.id));
    }
    expect((await searchCustomers(db, '212 555 0111', { sort: 'name', cache })).map((c) => c.id)).toEqual([a.id]);
  });

  test('an edit replaces the terms: the old company word no longer finds the customer', async () => {
    const { db, idle } = await withIndex();
    const fields = customerFields({ familyName: 'Chen', givenName: 'Amy', company: 'Blue Bottle Coffee' });
    const c = await createCustomer(db, fields, meta());
    await idle();
    expect(await names(db, 'coffee')).toEqual(['ChenAmy']);
    await updateCustomer(db, c.id, { ...fields, company: 'Blue Bottle Tea' }, meta(1000));
    await idle();
    expect(await names(db, 'coffee')).toEqual([]);
    expect(await names(db, 'tea')).toEqual(['ChenAmy']);
    expect(await db.searchterms.count().exec()).toBe(2);
  });

  test("a merged customer's second phone and email are found; the record merged away is not", async () => {
    const { db, idle } = await withIndex();
    const a = await createCustomer(
      db,
      customerFields({ givenName: 'Jane', familyName: 'Doe', phone: '+12015550123', email: 'jane@example.com' }),
      meta(),
    );
    const b = await createCustomer(
      db,
      customerFields({ givenName: 'Jane', familyName: 'Doe', phone: '+12125550111', email: 'jdoe@work.example' }),
      meta(1),
    );
    await idle();
    await mergeCustomers(db, a.id, [b.id], {}, 'rep', T0 + 5000);
    await idle();
    const ids = async (q: string) => (await searchCustomers(db, q, { sort: 'name' })).map((c) => c.id);
    expect(await ids('212 555 0111')).toEqual([a.id]);
    expect(await ids('(212) 555-0111')).toEqual([a.id]);
    expect(await ids('+1 212 555')).toEqual([a.id]);
    expect(await ids('0111')).toEqual([a.id]);
    expect(await ids('jdoe@work')).toEqual([a.id]);
    expect(await ids('201 555 0123')).toEqual([a.id]);
  });

  test('results beyond the first page are reachable, each customer once', async () => {
    const { db, idle } = await withIndex();
    const made = new Set<string>();
    // Matches through two lookups: the company's second word (a term) and the name (a key).
    for (let i = 0; i < 70; i++)
      made.add(
        (
          await createCustomer(
            db,
            customerFields({ givenName: `Kim${i}`, familyName: 'Lee', company: 'Acme Coffee' }),
            meta(i),
          )
        ).id,
      );
    for (let i = 0; i < 40; i++)
      made.add(
        (await createCustomer(db, customerFields({ givenName: `Ann${i}`, familyName: 'Coffee' }), meta(100 + i))).id,
      );
    await createCustomer(
      db,
      customerFields({ givenName: 'Other', familyName: 'Person', company: 'Tea House' }),
      meta(999),
    );
    await idle();

    const seen: string[] = [];
    let after: SearchCursor | null = null;
    let pages = 0;
    do {
      const page = await searchCustomersPage(db, 'coffee', { sort: 'name', limit: 25, after });
      expect(page.rows.length).toBeLessThanOrEqual(25);
      seen.push(...page.rows.map((r) => r.id));
      after = page.next;
      pages++;
    } while (after && pages < 20);
    expect(after).toBeNull();
    expect(seen).toHaveLength(110);
    expect(new Set(seen)).toEqual(made);
    // The first page alone is the first 25 in name order of what the lookups found.
    expect((await searchCustomers(db, 'coffee', { sort: 'name', limit: 25 })).map((c) => c.id)).toEqual(
      seen.slice(0, 25),
    );
  });

  test('paging with a tag filter keeps only tagged customers and reaches all of them', async () => {
    const { db, idle } = await withIndex();
    const tagged = new Set<string>();
    for (let i = 0; i < 60; i++) {
      const c = await createCustomer(
        db,
        customerFields({
          givenName: `Kim${i}`,
          familyName: 'Lee',
          company: 'Acme Coffee',
          tags: i % 3 === 0 ? ['vip'] : [],
        }),
        meta(i),
      );
      if (i % 3 === 0) tagged.add(c.id);
    }
    await idle();
    const seen: string[] = [];
    let after: SearchCursor | null = null;
    do {
      const page: Awaited<ReturnType<typeof searchCustomersPage>> = await searchCustomersPage(db, 'coffee', {
        sort: 'name',
        tag: 'VIP',
        limit: 5,
        after,
      });
      seen.push(...page.rows.map((r) => r.id));
      after = page.next;
    } while (after);
    expect(new Set(seen)).toEqual(tagged);
    expect(seen).toHaveLength(20);
  });
});

describe('existing databases get the terms', () => {
  test('a database written before the index existed: the follower reads every customer once', async () => {
    const db = await openTestDb();
    await createCustomer(db, customerFields({ familyName: '张', givenName: '伟' }), meta());
    await createCustomer(
      db,
      customerFields({ familyName: 'Chen', givenName: 'Amy', company: 'Blue Bottle Coffee' }),
      meta(1),
    );
    expect(await names(db, 'zhangwei')).toEqual([]);
    expect(await ensureSearchTerms(db)).toBe(0); // nothing to rebuild: the follower does it
    const indexer = startSearchTermIndex(db);
    await indexer.idle();
    expect(await names(db, 'zhangwei')).toEqual(['张伟']);
    expect(await names(db, 'coffee')).toEqual(['ChenAmy']);
  });

  test('rows of an older term version are replaced by a rebuild, once', async () => {
    const { db, idle } = await withIndex();
    const c = await createCustomer(
      db,
      customerFields({ familyName: 'Chen', givenName: 'Amy', company: 'Blue Bottle Coffee' }),
      meta(),
    );
    await idle();
    await ensureSearchTerms(db); // records the version on a first start
    // A row an older customerTerms wrote, and an older version recorded.
    await db.searchterms.insert({ id: `${c.id}|w:obsolete`, term: 'w:obsolete', customerId: c.id });
    await db.searchterms.upsertLocal('search-terms-state', { version: SEARCH_TERMS_VERSION - 1 });
    expect(await names(db, 'obsolete')).toEqual(['ChenAmy']);
    expect(await ensureSearchTerms(db, { chunk: 1 })).toBe(2);
    expect(await names(db, 'obsolete')).toEqual([]);
    expect(await names(db, 'coffee')).toEqual(['ChenAmy']);
    expect(await ensureSearchTerms(db)).toBe(0);
  });
});
