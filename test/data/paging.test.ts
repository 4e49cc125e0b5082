// Keyset paging: walking every page must show each customer exactly once, in the order of
// [sort key, id], however many customers share a sort key (ties across page boundaries).
import { beforeAll, afterAll, describe, expect, test } from 'vitest';
import {
  CUSTOMER_SORTS,
  countCustomers,
  distinctTags,
  pageCustomers,
  type CustomerSort,
  type PageCursor,
} from '../../src/data/repos/customers';
import { toCustomerDoc } from '../../src/data/repos/customers';
import type { FieldbookDatabase } from '../../src/data/db/database';
import type { CustomerDoc } from '../../src/data/db/schemas';
import { startTagIndex, tagKey } from '../../src/data/derived/tag-index';
import { idFromParts } from '../../src/domain/ids';
import { Rng } from '../../src/domain/random';
import { customerFields, T0 } from '../factories/customer';
import { openDatabase } from '../../src/data/db/database';
import { testStorage, uniqueDbName } from './setup';
import { ensurePinyin } from '../../src/domain/pinyin';
import { ensurePhoneMetadata } from '../../src/domain/phone';

// toCustomerDoc computes keys synchronously: the pinyin dictionaries and phone metadata first
// (createCustomer awaits them itself).
await Promise.all([ensurePinyin(), ensurePhoneMetadata()]);

const PAGE = 25;
const SORT_FIELD = { name: 'nameKey', recent: 'recentKey', company: 'companySort' } as const;

const GIVEN = ['Anna', 'Ben', 'Chloé', 'David', 'Émile', 'Fatima', '娜', '丽', 'Grace', 'Hugo'];
const FAMILY = ['Müller', 'Smith', 'Nguyen', "O'Brien", '王', '李', 'Zhou', 'Åberg', 'van Dijk'];
const COMPANIES = ['Acme Corp.', '上海咖啡贸易有限公司', 'Zeta Café', 'acme corp', ''];
// Tags in several spellings: the index folds them, lists show one spelling.
const TAGS = ['vip', 'VIP', 'lead', 'Lead', '展会', 'event-2026', 'Reseller'];

/**
 * ~300 customers with many exact ties: 40× 张伟 (same name key, often same company), 30 with the
 * same updatedAt (same recent key), a quarter without a company.
 */
function crowd(): CustomerDoc[] {
  const rng = new Rng(20260115);
  const docs: CustomerDoc[] = [];
  for (let i = 0; i < 300; i++) {
    const updatedAt = i >= 40 && i < 70 ? T0 : T0 - rng.int(0, 5_000_000);
    const zhang = i < 40;
    const fields = customerFields({
      givenName: zhang ? '伟' : rng.pick(GIVEN),
      familyName: zhang ? '张' : rng.pick(FAMILY),
      company: zhang ? (i % 4 === 0 ? '' : 'Acme Corp.') : rng.pick(COMPANIES),
      // Every 张伟 is a vip (ties inside the tag too); the rest get 0–2 random tags.
      tags: zhang ? ['vip'] : [...new Set([rng.pick(TAGS), rng.pick(TAGS)].slice(0, rng.int(0, 2)))],
    });
    docs.push(
      toCustomerDoc(idFromParts(updatedAt - 1000, rng), fields, updatedAt - 1000, { now: updatedAt, by: 'seed' }),
    );
  }
  return docs;
}

function expectedOrder(docs: CustomerDoc[], sort: CustomerSort): string[] {
  const field = SORT_FIELD[sort];
  return [...docs]
    .sort((a, b) => (a[field] < b[field] ? -1 : a[field] > b[field] ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((d) => d.id);
}

async function walk(
  db: FieldbookDatabase,
  sort: CustomerSort,
  tag?: string,
): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let after: PageCursor | null = null;
  let pages = 0;
  do {
    const page = await pageCustomers(db, { sort, tag, after, limit: PAGE });
    expect(page.rows.length).toBeLessThanOrEqual(PAGE);
    ids.push(...page.rows.map((r) => r.id));
    after = page.next;
    pages += 1;
    if (pages > 100) throw new Error('paging does not end');
  } while (after);
  return { ids, pages };
}

describe('pageCustomers over ~300 customers with ties', () => {
  let db: FieldbookDatabase;
  let docs: CustomerDoc[];

  beforeAll(async () => {
    // One database for the read-only tests of this file (filling it is the slow part).
    db = await openDatabase({ name: uniqueDbName('paging'), storage: testStorage, multiInstance: false });
    const indexer = startTagIndex(db);
    docs = crowd();
    const res = await db.customers.bulkInsert(docs);
    expect(res.error).toEqual([]);
    await indexer.idle();
    indexer.stop();
  });
  afterAll(async () => {
    await db.remove();
  });

  test('the data really has the ties the test is about', () => {
    const count = (f: (d: CustomerDoc) => boolean) => docs.filter(f).length;
    expect(count((d) => d.nameKey === 'zhang wei')).toBe(40);
    expect(count((d) => d.updatedAt === T0)).toBeGreaterThanOrEqual(30);
    expect(count((d) => d.company === '')).toBeGreaterThan(10);
    expect(count((d) => d.tags.includes('vip'))).toBeGreaterThan(PAGE);
  });

  test.each(CUSTOMER_SORTS)('sort %s: every customer exactly once, in [key, id] order', async (sort) => {
    const { ids, pages } = await walk(db, sort);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expectedOrder(docs, sort));
    expect(pages).toBeGreaterThanOrEqual(Math.ceil(docs.length / PAGE));
  });

  test.each(CUSTOMER_SORTS)('sort %s with tag "vip": every tagged customer exactly once, in order', async (sort) => {
    const tagged = docs.filter((d) => d.tags.some((t) => tagKey(t) === 'vip'));
    // The filter folds case: 'VIP' and 'vip' are one tag, asked for in any spelling.
    const { ids } = await walk(db, sort, 'Vip');
    expect(ids).toEqual(expectedOrder(tagged, sort));
    expect(await countCustomers(db, 'vip')).toBe(tagged.length);
  });

  test('a tag nobody has gives one empty page', async () => {
    expect(await pageCustomers(db, { sort: 'name', tag: 'nobody' })).toEqual({ rows: [], next: null });
  });

  test('rows are the stored customers with all their fields', async () => {
    const page = await pageCustomers(db, { sort: 'recent', limit: 5 });
    const byId = new Map(docs.map((d) => [d.id, d]));
    expect(page.rows).toHaveLength(5);
    for (const row of page.rows) expect(row).toEqual(byId.get(row.id));
  });

  test('distinctTags lists each tag once, in one of its spellings, ordered by key', async () => {
    const tags = await distinctTags(db);
    const keys = tags.map(tagKey);
    const expected = [...new Set(docs.flatMap((d) => d.tags.map(tagKey)))].sort();
    expect(keys).toEqual(expected);
    for (const t of tags) expect(TAGS).toContain(t);
    expect(await distinctTags(db, 2)).toEqual(tags.slice(0, 2));
  });
});

describe('company order', () => {
  test('customers without a company come after every company, and are not left out', async () => {
    const db = await openDatabase({ name: uniqueDbName('paging'), storage: testStorage, multiInstance: false });
    try {
      const mk = (id: string, company: string, familyName: string) =>
        toCustomerDoc(id, customerFields({ company, familyName }), T0, { now: T0, by: 'seed' });
      await db.customers.bulkInsert([
        mk('a', '', 'Adams'),
        mk('b', 'Zeta Café', 'Young'),
        mk('c', '上海咖啡', 'Li'),
        mk('d', 'Acme', 'Zed'),
      ]);
      const page = await pageCustomers(db, { sort: 'company' });
      expect(page.rows.map((r) => r.id)).toEqual(['d', 'b', 'c', 'a']);
    } finally {
      await db.remove();
    }
  });
});

describe('paging while data changes', () => {
  test('a customer deleted between pages is not shown, and nothing else is skipped', async () => {
    const db = await openDatabase({ name: uniqueDbName('paging'), storage: testStorage, multiInstance: false });
    try {
      const docs = crowd().slice(0, 60);
      await db.customers.bulkInsert(docs);
      const order = expectedOrder(docs, 'name');
      const first = await pageCustomers(db, { sort: 'name', limit: PAGE });
      const victim = order[PAGE + 3];
      if (!victim) throw new Error('unreachable');
      await db.customers
        .findOne(victim)
        .exec()
        .then((d) => d?.remove());
      const seen = first.rows.map((r) => r.id);
      let after = first.next;
      while (after) {
        const page = await pageCustomers(db, { sort: 'name', after, limit: PAGE });
        seen.push(...page.rows.map((r) => r.id));
        after = page.next;
      }
      expect(seen).toEqual(order.filter((id) => id !== victim));
    } finally {
      await db.remove();
    }
  });
});
