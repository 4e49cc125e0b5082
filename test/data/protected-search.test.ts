// Search on a protected database: the lookups read their candidates unopened and only the rows a
// page shows are opened, so a search shows the same customers as without protection, whole (their
// sealed notes and street included), page after page, while the number of AES-GCM decryptions is
// bounded by the rows shown, not by the rows the lookups touched.
import { afterEach, describe, expect, test, vi } from 'vitest';
import { openDatabase, type FieldbookDatabase } from '../../src/data/db/database';
import { createProtection, MIN_ITERATIONS } from '../../src/data/crypto/passphrase-key';
import { OpenedCache } from '../../src/data/crypto/sealed-storage';
import { startSearchTermIndex } from '../../src/data/derived/search-term-index';
import {
  createCustomer,
  pageCustomerRows,
  searchCustomerRowsPage,
  searchCustomers,
  searchCustomersPage,
  toListRow,
  type CustomerListRow,
  type PageCursor,
  type SearchCursor,
} from '../../src/data/repos/customers';
import { SEALED_FIELDS } from '../../src/data/crypto/sealed-field-list';
import { customerFields, meta } from '../factories/customer';
import { testStorage, track, uniqueDbName } from './setup';

afterEach(() => {
  vi.restoreAllMocks();
});

// RxDB's free edition opens 13 collections at once: one database at a time.
async function open(name: string, key: CryptoKey | null): Promise<FieldbookDatabase> {
  const sealing = key ? { sealing: { key, mode: 'seal' as const } } : {};
  return track(await openDatabase({ name, storage: testStorage, multiInstance: false, ...sealing }));
}

const newKey = async (): Promise<CryptoKey> => (await createProtection('fair tablet', MIN_ITERATIONS, 0)).dataKey;

/** The same customers in both databases: 80 "Okafor", 30 working at "Okafor Coffee", 5 others. */
async function fill(db: FieldbookDatabase): Promise<void> {
  const indexer = startSearchTermIndex(db);
  let t = 0;
  for (let i = 0; i < 80; i++)
    await createCustomer(
      db,
      customerFields({
        givenName: `Ngozi${String(i).padStart(2, '0')}`,
        familyName: 'Okafor',
        notes: `note ${i}`,
        street: `${i} Rosenweg`,
      }),
      meta((t += 10)),
    );
  for (let i = 0; i < 30; i++)
    await createCustomer(
      db,
      customerFields({ givenName: `Amy${i}`, familyName: 'Chen', company: 'Okafor Coffee', notes: `coffee ${i}` }),
      meta((t += 10)),
    );
  for (let i = 0; i < 5; i++)
    await createCustomer(db, customerFields({ givenName: `Jan${i}`, familyName: 'Berg' }), meta((t += 10)));
  await indexer.idle();
  indexer.stop();
}

type Shown = { name: string; notes: string; street: string };

async function allPages(db: FieldbookDatabase, q: string): Promise<Shown[]> {
  const out: Shown[] = [];
  let after: SearchCursor | null = null;
  let pages = 0;
  do {
    const page = await searchCustomersPage(db, q, { sort: 'name', limit: 20, after });
    out.push(...page.rows.map((c) => ({ name: `${c.givenName} ${c.familyName}`, notes: c.notes, street: c.street })));
    after = page.next;
    pages++;
  } while (after && pages < 30);
  return out;
}

describe('search on a protected database', () => {
  test('shows the same whole customers as without protection, on every page', async () => {
    const queries = ['okafor', 'ok', 'coffee', 'ngozi0', 'chen amy1', 'berg'];
    const off = await open(uniqueDbName('psearch'), null);
    await fill(off);
    const plain = new Map<string, Shown[]>();
    for (const q of queries) plain.set(q, await allPages(off, q));
    await off.close();
    const on = await open(uniqueDbName('psearch'), await newKey());
    await fill(on);
    for (const q of queries) {
      expect(plain.get(q)!.length).toBeGreaterThan(0);
      expect(await allPages(on, q)).toEqual(plain.get(q));
    }
    const [first] = await searchCustomers(on, 'ngozi07', { sort: 'name' });
    expect(first).toMatchObject({ givenName: 'Ngozi07', notes: 'note 7', street: '7 Rosenweg' });
  });

  test('opens only the rows shown, and a row shown again is not decrypted again', async () => {
    const key = await newKey();
    const name = uniqueDbName('psearch');
    const filled = await open(name, key);
    await fill(filled);
    // Reopened, as after an unlock: nothing is opened yet (writing kept opened values in memory).
    await filled.close();
    const on = await open(name, key);
    const decrypt = vi.spyOn(globalThis.crypto.subtle, 'decrypt');
    // 'ok' reaches 110 customers through several lookups (family name, company, company words).
    const rows = await searchCustomers(on, 'ok', { sort: 'name', limit: 20 });
    expect(rows).toHaveLength(20);
    expect(rows.every((r) => r.notes.length > 0)).toBe(true);
    expect(decrypt.mock.calls.length).toBeLessThanOrEqual(20);
    decrypt.mockClear();
    await searchCustomers(on, 'oka', { sort: 'name', limit: 20 });
    await searchCustomers(on, 'ok', { sort: 'name', limit: 20 });
    expect(decrypt.mock.calls.length).toBe(0);
  });
});

/** A row without its id (the two databases hold the same customers under different ids). */
type Row = Omit<CustomerListRow, 'id'>;
function withoutId({ id, ...row }: CustomerListRow): Row {
  void id;
  return row;
}

/** Every page of the list's search for q, as the list gets it. */
async function allRowPages(db: FieldbookDatabase, q: string, tag?: string): Promise<Row[]> {
  const out: Row[] = [];
  let after: SearchCursor | null = null;
  let pages = 0;
  do {
    const page = await searchCustomerRowsPage(db, q, { sort: 'name', limit: 20, after, tag });
    out.push(...page.rows.map(withoutId));
    after = page.next;
    pages++;
  } while (after && pages < 30);
  return out;
}

/** The browse list, every page. */
async function allBrowsePages(db: FieldbookDatabase): Promise<Row[]> {
  const out: Row[] = [];
  let after: PageCursor | null = null;
  do {
    const page = await pageCustomerRows(db, { sort: 'company', limit: 25, after });
    out.push(...page.rows.map(withoutId));
    after = page.next;
  } while (after);
  return out;
}

describe('the customer list on a protected database', () => {
  test('shows only fields that are not sealed', () => {
    const shown = Object.keys(toListRow({ id: '', givenName: '', familyName: '', company: '', phone: '', email: '' }));
    expect(shown.filter((f) => SEALED_FIELDS.customers!.includes(f))).toEqual([]);
  });

  test('searches and browses with no decryption, showing the same rows as without protection', async () => {
    const queries = ['o', 'ok', 'oka', 'okafor', 'coffee', 'ngozi0', 'chen amy1', 'berg', 'zzz'];
    const off = await open(uniqueDbName('plist'), null);
    await fill(off);
    const plain = new Map<string, Row[]>();
    for (const q of queries) plain.set(q, await allRowPages(off, q));
    const plainBrowse = await allBrowsePages(off);
    await off.close();

    const key = await newKey();
    const name = uniqueDbName('plist');
    const filled = await open(name, key);
    await fill(filled);
    // Reopened, as after an unlock: nothing opened is cached in memory.
    await filled.close();
    const on = await open(name, key);
    const decrypt = vi.spyOn(globalThis.crypto.subtle, 'decrypt');
    for (const q of queries) expect(await allRowPages(on, q)).toEqual(plain.get(q));
    expect(plain.get('okafor')!.length).toBe(110);
    expect(await allBrowsePages(on)).toEqual(plainBrowse);
    expect(plainBrowse).toHaveLength(115);
    expect(decrypt).not.toHaveBeenCalled();
    // Opening a customer (the detail, an export) still decrypts its sealed fields.
    const [whole] = await searchCustomers(on, 'ngozi07', { sort: 'name' });
    expect(whole).toMatchObject({ givenName: 'Ngozi07', notes: 'note 7', street: '7 Rosenweg' });
    expect(decrypt).toHaveBeenCalled();
  });
});

describe('OpenedCache', () => {
  test('answers only for the sealed value it holds, and drops the least recently used first', () => {
    const cache = new OpenedCache(2);
    cache.set('customers\u0000a', 'fb1.A', '{"notes":"a"}');
    cache.set('customers\u0000b', 'fb1.B', '{"notes":"b"}');
    expect(cache.get('customers\u0000a', 'fb1.A')).toBe('{"notes":"a"}');
    // A new revision of b is sealed with a fresh IV: the old entry does not answer for it.
    expect(cache.get('customers\u0000b', 'fb1.B2')).toBeUndefined();
    cache.set('customers\u0000c', 'fb1.C', '{"notes":"c"}'); // b was used least recently
    expect(cache.get('customers\u0000b', 'fb1.B')).toBeUndefined();
    expect(cache.get('customers\u0000a', 'fb1.A')).toBe('{"notes":"a"}');
    expect(cache.size).toBe(2);
    cache.clear();
    expect(cache.get('customers\u0000a', 'fb1.A')).toBeUndefined();
  });
});
