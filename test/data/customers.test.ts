// Customer repository verbs as the app calls them: create, update, delete + undo, exact duplicates, counts.
import { describe, expect, test } from 'vitest';
import { filter, firstValueFrom } from 'rxjs';
import {
  countCustomers,
  createCustomer,
  customerById$,
  customersByIds,
  deleteCustomer,
  findExactDuplicates,
  pageCustomers,
  restoreCustomer,
  searchCustomers,
  updateCustomer,
} from '../../src/data/repos/customers';
import { storedKeys } from '../../src/data/db/keys';
import { startTagIndex } from '../../src/data/derived/tag-index';
import { customerSearchKeys } from '../../src/domain/customer';
import { customerFields, meta, PEOPLE, T0 } from '../factories/customer';
import { openTestDb } from './setup';

describe('createCustomer', () => {
  test('stores the fields with audit data and derived keys, and returns what it stored', async () => {
    const db = await openTestDb();
    const created = await createCustomer(db, PEOPLE.zhangWei, meta(0, 'rep-7'));

    expect(created).toMatchObject({ ...PEOPLE.zhangWei, createdAt: T0, updatedAt: T0, updatedBy: 'rep-7' });
    expect(created).toMatchObject(storedKeys(PEOPLE.zhangWei, T0));
    const stored = await db.customers.findOne(created.id).exec();
    expect(stored?.toMutableJSON()).toEqual(created);
  });

  test('gives every customer its own id, even in the same millisecond', async () => {
    const db = await openTestDb();
    const a = await createCustomer(db, PEOPLE.john, meta());
    const b = await createCustomer(db, PEOPLE.john, meta());
    expect(a.id).not.toBe(b.id);
    expect(await countCustomers(db)).toBe(2);
  });

  test('rejects a document that breaks the schema (validation is on in tests)', async () => {
    const db = await openTestDb();
    await expect(createCustomer(db, customerFields({ tags: [42 as unknown as string] }), meta())).rejects.toThrow();
    expect(await countCustomers(db)).toBe(0);
  });
});

describe('updateCustomer', () => {
  test('replaces the fields and recomputes every key from the new values', async () => {
    const db = await openTestDb();
    const created = await createCustomer(db, PEOPLE.john, meta(0, 'rep-1'));
    const changed = customerFields({
      givenName: '娜娜',
      familyName: '欧阳',
      email: 'Nana@QQ.com',
      phone: '+8613912345678',
      company: 'Zeta Café',
      tags: ['vip'],
    });
    const updated = await updateCustomer(db, created.id, changed, meta(5_000, 'rep-2'));

    expect(updated).toMatchObject({
      ...changed,
      id: created.id,
      createdAt: T0,
      updatedAt: T0 + 5_000,
      updatedBy: 'rep-2',
    });
    expect(updated).toMatchObject(storedKeys(changed, T0 + 5_000));
    expect(updated.nameKey).toBe('ouyang nana');
    expect(updated.emailKey).toBe('nana@qq.com');
    expect((await db.customers.findOne(created.id).exec())?.toMutableJSON()).toEqual(updated);

    // Old keys no longer find it, new ones do.
    expect(await searchCustomers(db, 'john', { sort: 'name' })).toEqual([]);
    expect(await searchCustomers(db, '2015550123', { sort: 'name' })).toEqual([]);
    expect((await searchCustomers(db, 'oynn', { sort: 'name' })).map((c) => c.id)).toEqual([created.id]);
    expect((await searchCustomers(db, '139 1234', { sort: 'name' })).map((c) => c.id)).toEqual([created.id]);
    expect((await searchCustomers(db, 'zeta', { sort: 'name' })).map((c) => c.id)).toEqual([created.id]);
  });

  test('moves the customer to the top of the "recent" order', async () => {
    const db = await openTestDb();
    const older = await createCustomer(db, PEOPLE.john, meta(0));
    await createCustomer(db, PEOPLE.mueller, meta(1_000));
    await updateCustomer(db, older.id, { ...PEOPLE.john, notes: 'called' }, meta(2_000));
    const page = await pageCustomers(db, { sort: 'recent' });
    expect(page.rows.map((r) => r.id)[0]).toBe(older.id);
  });

  test('fails for an unknown id', async () => {
    const db = await openTestDb();
    await expect(updateCustomer(db, 'no-such-id', PEOPLE.john, meta())).rejects.toThrow(/not found/);
  });
});

describe('deleteCustomer / restoreCustomer', () => {
  test('delete hides the customer everywhere; restore brings back the same id and fields', async () => {
    const db = await openTestDb();
    const indexer = startTagIndex(db);
    const keep = await createCustomer(db, PEOPLE.john, meta(0));
    const gone = await createCustomer(db, PEOPLE.mueller, meta(1));
    await indexer.idle();

    const snapshot = await deleteCustomer(db, gone.id);
    await indexer.idle();
    expect(snapshot).toEqual(gone);

    for (const sort of ['name', 'recent', 'company'] as const) {
      expect((await pageCustomers(db, { sort })).rows.map((r) => r.id)).toEqual([keep.id]);
    }
    expect(await searchCustomers(db, 'muller', { sort: 'name' })).toEqual([]);
    expect(await searchCustomers(db, '+49 30 1234567', { sort: 'name' })).toEqual([]);
    expect(await countCustomers(db)).toBe(1);
    expect(await countCustomers(db, 'reseller')).toBe(0);
    expect(await customersByIds(db, [gone.id])).toEqual([]);
    expect(await db.customers.findOne(gone.id).exec()).toBeNull();

    if (!snapshot) throw new Error('expected a snapshot');
    await restoreCustomer(db, snapshot);
    await indexer.idle();
    const back = await db.customers.findOne(gone.id).exec();
    expect(back?.toMutableJSON()).toEqual(gone);
    expect((await searchCustomers(db, 'muller', { sort: 'name' })).map((c) => c.id)).toEqual([gone.id]);
    expect((await pageCustomers(db, { sort: 'name' })).rows.map((r) => r.id).sort()).toEqual([keep.id, gone.id].sort());
    expect(await countCustomers(db)).toBe(2);
    expect(await countCustomers(db, 'reseller')).toBe(1);
    indexer.stop();
  });

  test('deleting an unknown or already deleted customer returns null', async () => {
    const db = await openTestDb();
    expect(await deleteCustomer(db, 'no-such-id')).toBeNull();
    const c = await createCustomer(db, PEOPLE.john, meta());
    expect(await deleteCustomer(db, c.id)).not.toBeNull();
    expect(await deleteCustomer(db, c.id)).toBeNull();
  });

  test('a restored customer can be edited and deleted again', async () => {
    const db = await openTestDb();
    const c = await createCustomer(db, PEOPLE.obrien, meta());
    const snapshot = await deleteCustomer(db, c.id);
    if (!snapshot) throw new Error('expected a snapshot');
    await restoreCustomer(db, snapshot);
    const edited = await updateCustomer(db, c.id, { ...PEOPLE.obrien, city: 'Cork' }, meta(10));
    expect(edited.city).toBe('Cork');
    expect(await deleteCustomer(db, c.id)).toMatchObject({ id: c.id, city: 'Cork' });
    expect(await countCustomers(db)).toBe(0);
  });
});

describe('reading customers by id', () => {
  test('customersByIds keeps the asked order and skips unknown ids', async () => {
    const db = await openTestDb();
    const a = await createCustomer(db, PEOPLE.john, meta(0));
    const b = await createCustomer(db, PEOPLE.ouyang, meta(1));
    expect((await customersByIds(db, [b.id, 'nope', a.id])).map((c) => c.id)).toEqual([b.id, a.id]);
    expect(await customersByIds(db, [])).toEqual([]);
  });

  test('customerById$ emits the customer, its edits, and null once deleted', async () => {
    const db = await openTestDb();
    const c = await createCustomer(db, PEOPLE.john, meta(0));
    const byId$ = customerById$(db, c.id);
    expect(await firstValueFrom(byId$)).toEqual(c);
    const edited = firstValueFrom(byId$.pipe(filter((x) => x?.city === 'Boston')));
    await updateCustomer(db, c.id, { ...PEOPLE.john, city: 'Boston' }, meta(1));
    expect(await edited).toMatchObject({ id: c.id, city: 'Boston', updatedAt: T0 + 1 });
    const gone = firstValueFrom(byId$.pipe(filter((x) => x === null)));
    await deleteCustomer(db, c.id);
    expect(await gone).toBeNull();
  });
});

describe('findExactDuplicates', () => {
  test('finds customers with the same normalized email or phone, and says which matched', async () => {
    const db = await openTestDb();
    const a = await createCustomer(
      db,
      customerFields({ givenName: 'Ann', email: 'ann@example.com', phone: '+4930111111' }),
      meta(0),
    );
    const b = await createCustomer(
      db,
      customerFields({ givenName: 'Bea', email: 'bea@example.com', phone: '+4930222222' }),
      meta(1),
    );
    const c = await createCustomer(
      db,
      customerFields({ givenName: 'Cy', email: 'ANN@example.com', phone: '+4930222222' }),
      meta(2),
    );
    await createCustomer(db, customerFields({ givenName: 'Dee' }), meta(3));

    const typed = customerSearchKeys(customerFields({ email: 'Ann@Example.com', phone: '+4930222222' }));
    const hits = await findExactDuplicates(db, typed);
    const byId = new Map(hits.map((h) => [h.customer.id, h]));
    expect(hits).toHaveLength(3);
    expect(byId.get(a.id)).toMatchObject({ sameEmail: true, samePhone: false });
    expect(byId.get(b.id)).toMatchObject({ sameEmail: false, samePhone: true });
    expect(byId.get(c.id)).toMatchObject({ sameEmail: true, samePhone: true });
    expect(byId.get(c.id)?.customer).toEqual(c);
  });

  test('excludes the customer being edited, and empty keys match nobody', async () => {
    const db = await openTestDb();
    const a = await createCustomer(db, customerFields({ email: 'ann@example.com', phone: '+4930111111' }), meta(0));
    await createCustomer(db, customerFields({ givenName: 'Nobody' }), meta(1));
    expect(await findExactDuplicates(db, { emailKey: a.emailKey, phoneKey: a.phoneKey }, a.id)).toEqual([]);
    expect(await findExactDuplicates(db, { emailKey: '', phoneKey: '' })).toEqual([]);
    expect(await findExactDuplicates(db, { emailKey: 'ann@example.co', phoneKey: '493011111' })).toEqual([]);
  });

  test('does not report deleted customers', async () => {
    const db = await openTestDb();
    const a = await createCustomer(db, customerFields({ email: 'ann@example.com' }), meta(0));
    await deleteCustomer(db, a.id);
    expect(await findExactDuplicates(db, { emailKey: 'ann@example.com', phoneKey: '' })).toEqual([]);
  });
});

describe('countCustomers', () => {
  test('counts all customers, and per tag through the tag index (case-insensitive)', async () => {
    const db = await openTestDb();
    const indexer = startTagIndex(db);
    expect(await countCustomers(db)).toBe(0);
    for (const p of Object.values(PEOPLE)) await createCustomer(db, p, meta());
    await indexer.idle();
    expect(await countCustomers(db)).toBe(5);
    expect(await countCustomers(db, 'vip')).toBe(2);
    expect(await countCustomers(db, 'VIP')).toBe(2);
    expect(await countCustomers(db, '展会')).toBe(1);
    expect(await countCustomers(db, 'nope')).toBe(0);
    indexer.stop();
  });
});
