// Backup and restore against the real database (RxDB on fake-indexeddb) and the real file format:
// round trip through a destroyed database, merge versus replace, and a backup written by an older
// app version (frozen v0 schemas) restored through the migrations.
import { describe, expect, test } from 'vitest';
import {
  applyRestore,
  backupCounts,
  backupPages,
  docsWithinBudget,
  planRestore,
  recordBackupExport,
  RESTORE_PART,
  type RestoreSource,
} from '../../src/data/backup/backup';
import { setAuditDevice } from '../../src/data/repos/audit';
import { ACCEPTED_SCHEMAS, BACKED_UP } from '../../src/data/backup/collections';
import { loadDemoData } from '../../src/data/repos/demo';
import { toCustomerDoc } from '../../src/data/repos/customers';
import { emptyConsent } from '../../src/domain/consent';
import { withoutMeta } from '../../src/domain/restore';
import type { CustomerDoc } from '../../src/data/db/schemas';
import type { FieldbookDatabase } from '../../src/data/db/database';
import { BACKUP_MIN_ITERATIONS, BackupWriter, framePartReader, openBackup } from '../../workers/backup/format';
import { customerFields, T0 } from '../factories/customer';
import { openDatabase } from '../../src/data/db/database';
import { createProtection, MIN_ITERATIONS } from '../../src/data/crypto/passphrase-key';
import { rawIndexedDbText } from './raw-idb';
import { openTestDb, testStorage, track, uniqueDbName } from './setup';

const PASS = 'orchard window 7';

async function backupOf(db: FieldbookDatabase, pageSize = 40): Promise<Blob> {
  const writer = await BackupWriter.create(PASS, BACKUP_MIN_ITERATIONS);
  for await (const page of backupPages(db, pageSize))
    await writer.addEncoded(page.collection, page.schemaVersion, page.count, page.json);
  return writer.finish({ createdAt: T0, appVersion: 'test' });
}

/** The opened file read as the backup worker serves it: a frame in parts (framePartReader). */
async function sourceOf(file: Blob): Promise<RestoreSource> {
  const opened = await openBackup(file, PASS, ACCEPTED_SCHEMAS);
  return { frames: opened.frames, read: framePartReader(opened) };
}

/** Every backed-up collection's documents without the storage's bookkeeping, by id. */
async function snapshot(db: FieldbookDatabase): Promise<Record<string, Record<string, unknown>[]>> {
  const out: Record<string, Record<string, unknown>[]> = {};
  for (const name of BACKED_UP) {
    const docs = await db.collections[name].find().exec();
    out[name] = docs
      .map((d) => withoutMeta(d.toMutableJSON() as Record<string, unknown>))
      .sort((a, b) => String(a.id).localeCompare(String(b.id)));
  }
  return out;
}

const customer = (n: number, updatedAt: number, notes = ''): CustomerDoc =>
  toCustomerDoc(
    `01900000-0000-7000-8000-00000000000${n}`,
    customerFields({ givenName: `Person${n}`, familyName: 'Backup', notes }),
    T0,
    { now: updatedAt, by: 'rep-1' },
  );

async function fileOfCustomers(docs: CustomerDoc[]): Promise<Blob> {
  const writer = await BackupWriter.create(PASS, BACKUP_MIN_ITERATIONS);
  await writer.add('customers', 2, docs);
  return writer.finish({ createdAt: T0, appVersion: 'test' });
}

describe('docsWithinBudget', () => {
  test('as many documents as fit in the budget at the measured cost, within the bounds', () => {
    expect(docsWithinBudget(12, null, 25, 200)).toBe(200);
    expect(docsWithinBudget(12, 0.1, 25, 200)).toBe(120);
    expect(docsWithinBudget(12, 0.01, 25, 200)).toBe(200);
    expect(docsWithinBudget(12, 1, 25, 200)).toBe(25);
  });
});

describe('backup and restore', { timeout: 60_000 }, () => {
  test('round trip: back up, destroy the database, restore: identical documents in every backed-up collection', async () => {
    const name = uniqueDbName('backup');
    const db = await openTestDb(name);
    await loadDemoData(db, { count: 40, chunkSize: 20, seed: 7, now: T0 });
    await db.synclog.insert({
      id: 'conflict|customers|x|notes',
      kind: 'conflict',
      state: 'open',
      coll: 'customers',
      docId: 'x',
      at: T0,
      field: 'notes',
      reason: '',
      body: JSON.stringify({ lost: 'Call after 5 pm' }),
    });
    const before = await snapshot(db);
    expect(before.customers).toHaveLength(40);
    expect(before.orders!.length).toBeGreaterThan(0);
    const file = await backupOf(db);
    await db.remove();

    const fresh = await openTestDb(name);
    expect(await fresh.customers.count().exec()).toBe(0);
    const source = await sourceOf(file);
    const plan = await planRestore(fresh, source, 'merge');
    expect(plan.customers).toEqual({ added: 40, updated: 0, unchanged: 0, removed: 0 });
    expect(plan.synclog.added).toBe(1);
    const result = await applyRestore(fresh, source, 'merge');
    expect(result.cancelled).toBe(false);
    expect(result.summary).toEqual(plan);
    expect(await snapshot(fresh)).toEqual(before);
    // Restoring the same file again changes nothing.
    const again = await planRestore(fresh, source, 'merge');
    expect(again.customers).toEqual({ added: 0, updated: 0, unchanged: 40, removed: 0 });
  });

  test('frames larger than a part are read in parts and restore identically', async () => {
    const name = uniqueDbName('backup');
    const db = await openTestDb(name);
    await loadDemoData(db, { count: 2 * RESTORE_PART + 30, chunkSize: 100, seed: 11, now: T0 });
    const before = await snapshot(db);
    const file = await backupOf(db, 1000);
    await db.remove();
    const fresh = await openTestDb(name);
    const source = await sourceOf(file);
    const customerFrames = source.frames.filter((f) => f.collection === 'customers');
    expect(customerFrames.map((f) => f.count)).toEqual([2 * RESTORE_PART + 30]);
    const asked: number[] = [];
    const counting: RestoreSource = {
      frames: source.frames,
      read: async (i, from, count) => {
        const part = await source.read(i, from, count);
        if (part.collection === 'customers') asked.push(part.docs.length);
        return part;
      },
    };
    const result = await applyRestore(fresh, counting, 'merge');
    expect(result.summary.customers.added).toBe(2 * RESTORE_PART + 30);
    expect(asked).toEqual([RESTORE_PART, RESTORE_PART, 30]);
    expect(await snapshot(fresh)).toEqual(before);
  });

  test('a write task budget no write can meet: every chunk is the smallest size, the restore is still whole', async () => {
    const name = uniqueDbName('backup');
    const db = await openTestDb(name);
    await loadDemoData(db, { count: 60, chunkSize: 30, seed: 13, now: T0 });
    const before = await snapshot(db);
    const file = await backupOf(db);
    await db.remove();
    const fresh = await openTestDb(name);
    const sizing = { initial: 40, min: 10, max: 40 };
    const roomy = await applyRestore(fresh, await sourceOf(file), 'merge', { sizing, taskBudgetMs: Infinity });
    expect(Math.max(...roomy.run.sizes)).toBe(40);
    await fresh.remove();
    const tight = await openTestDb(name);
    const result = await applyRestore(tight, await sourceOf(file), 'merge', { sizing, taskBudgetMs: 0.0001 });
    // The first write is not measured yet (the sizer's 40); after it every write is the minimum.
    expect(result.run.sizes[0]).toBe(40);
    expect(result.run.sizes.slice(1, -1).every((n) => n === 10)).toBe(true);
    expect(result.run.done).toBe(Object.values(before).reduce((n, docs) => n + docs.length, 0));
    expect(await snapshot(tight)).toEqual(before);
  });

  test('protected databases: a backup of one restores into another (new data key), whole, and stays sealed at rest', async () => {
    const key = async (): Promise<CryptoKey> => (await createProtection('fair tablet', MIN_ITERATIONS, 0)).dataKey;
    const openSealed = async (dbName: string, dataKey: CryptoKey) =>
      track(
        await openDatabase({
          name: dbName,
          storage: testStorage,
          multiInstance: false,
          sealing: { key: dataKey, mode: 'seal' },
        }),
      );
    const name = uniqueDbName('backup');
    const db = await openSealed(name, await key());
    await loadDemoData(db, { count: 30, chunkSize: 15, seed: 17, now: T0 });
    await db.customers.insert(customer(1, T0 + 5, 'Sealed note: gate code 4711'));
    const before = await snapshot(db);
    const file = await backupOf(db);
    await db.remove();
    const target = uniqueDbName('restored');
    const fresh = await openSealed(target, await key());
    const result = await applyRestore(fresh, await sourceOf(file), 'merge');
    expect(result.summary.customers.added).toBe(31);
    expect(await snapshot(fresh)).toEqual(before);
    const raw = await rawIndexedDbText(target);
    expect(raw).toContain('Person1');
    expect(raw).not.toContain('gate code 4711');
  });

  test('merge: newer updatedAt wins per document, the device keeps what the backup lacks', async () => {
    const db = await openTestDb();
    const [a, b, c, d] = [
      customer(1, T0 + 1),
      customer(2, T0 + 1),
      customer(3, T0 + 9, 'device edit'),
      customer(4, T0 + 1),
    ];
    await db.customers.bulkInsert([a, b, c, d]);
    const file = await fileOfCustomers([
      a,
      customer(2, T0 + 5, 'backup edit'),
      customer(3, T0 + 5, 'older'),
      customer(5, T0 + 1),
    ]);
    const source = await sourceOf(file);
    expect((await planRestore(db, source, 'merge')).customers).toEqual({
      added: 1,
      updated: 1,
      unchanged: 2,
      removed: 0,
    });
    await applyRestore(db, source, 'merge');
    const notes = Object.fromEntries((await db.customers.find().exec()).map((x) => [x.givenName, x.notes]));
    expect(notes).toEqual({ Person1: '', Person2: 'backup edit', Person3: 'device edit', Person4: '', Person5: '' });
  });

  test('replace: the device ends up holding exactly the backup', async () => {
    const db = await openTestDb();
    const [a, b, c, d] = [
      customer(1, T0 + 1),
      customer(2, T0 + 1),
      customer(3, T0 + 9, 'device edit'),
      customer(4, T0 + 1),
    ];
    await db.customers.bulkInsert([a, b, c, d]);
    const backed = [a, customer(2, T0 + 5, 'backup edit'), customer(3, T0 + 5, 'older'), customer(5, T0 + 1)];
    const source = await sourceOf(await fileOfCustomers(backed));
    expect((await planRestore(db, source, 'replace')).customers).toEqual({
      added: 1,
      updated: 2,
      unchanged: 1,
      removed: 1,
    });
    const result = await applyRestore(db, source, 'replace');
    expect(result.summary.customers).toEqual({ added: 1, updated: 2, unchanged: 1, removed: 1 });
    const stored = (await db.customers.find().exec()).map((x) =>
      withoutMeta(x.toMutableJSON() as Record<string, unknown>),
    );
    expect(stored.sort((x, y) => String(x.id).localeCompare(String(y.id)))).toEqual(backed);
    // A document removed by a replace comes back from a later restore (over its tombstone).
    await applyRestore(db, await sourceOf(await fileOfCustomers([d])), 'merge');
    expect(await db.customers.findOne(d.id).exec()).not.toBeNull();
  });

  test('a file that repeats a document, restored into an empty database: one copy, the newer, counted once', async () => {
    const db = await openTestDb();
    const source = await sourceOf(
      await fileOfCustomers([customer(1, T0 + 1), customer(2, T0 + 1), customer(1, T0 + 5, 'newer copy')]),
    );
    const result = await applyRestore(db, source, 'merge');
    expect(result.summary.customers).toEqual({ added: 2, updated: 1, unchanged: 0, removed: 0 });
    const notes = Object.fromEntries((await db.customers.find().exec()).map((x) => [x.givenName, x.notes]));
    expect(notes).toEqual({ Person1: 'newer copy', Person2: '' });
  });

  test('making a backup file is recorded as an export in the audit trail: counts, file, who, device', async () => {
    const db = await openTestDb();
    setAuditDevice(db, { device: 'device-aa11bb22', profileName: () => 'Mia' });
    await loadDemoData(db, { count: 5, chunkSize: 5, seed: 3, now: T0 });
    const counts = await backupCounts(db);
    await recordBackupExport(db, { now: T0 + 10, by: 'mia@team' }, { fileName: 'fieldbook-backup.fbk', counts });
    const entries = (await db.audit.find({ selector: { action: 'export' } }).exec()).map((e) => e.toMutableJSON());
    expect(entries).toHaveLength(1);
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    expect(entries[0]).toMatchObject({
      action: 'export',
      coll: '',
      customerId: '',
      count: total,
      by: 'mia@team',
      byName: 'Mia',
      device: 'device-aa11bb22',
      createdAt: T0 + 10,
    });
    expect(JSON.parse(entries[0]!.note)).toEqual({ backup: 'fieldbook-backup.fbk', counts });
    expect(counts.customers).toBe(5);
  });

  test('a backup written by an older app version (customers v0, orders v0) restores through the migrations', async () => {
    const db = await openTestDb();
    const { aliases, consent, consentHistory, ...fields } = customerFields({
      givenName: 'Jürgen',
      familyName: 'Müller',
      email: 'j.mueller@example.de',
      tags: ['reseller'],
    });
    void aliases;
    void consent;
    void consentHistory;
    const v0 = {
      id: '01900000-0000-7000-8000-0000000000aa',
      createdAt: T0,
      updatedAt: T0 + 1,
      updatedBy: 'rep-1',
      ...fields,
    };
    const order = {
      id: '01900000-0000-7000-8000-0000000000bb',
      createdAt: T0,
      updatedAt: T0 + 2,
      updatedBy: 'rep-1',
      customerId: v0.id,
      orderedAt: T0,
      status: 'paid',
      currency: 'EUR',
      items: [{ sku: 'A1', name: 'Beans', qty: 2, unitPriceMinor: 1250 }],
      totalMinor: 2500,
    };
    const writer = await BackupWriter.create(PASS, BACKUP_MIN_ITERATIONS);
    await writer.add('customers', 0, [v0]);
    await writer.add('orders', 0, [order]);
    const source = await sourceOf(await writer.finish({ createdAt: T0, appVersion: '0.0.1' }));
    await applyRestore(db, source, 'merge');

    const c = (await db.customers.findOne(v0.id).exec())!.toMutableJSON();
    expect(c).toMatchObject({ ...fields, aliases: [], consent: emptyConsent(), consentHistory: [], trashedAt: 0 });
    expect(c.nameKey).toContain('muller');
    const o = (await db.orders.findOne(order.id).exec())!.toMutableJSON();
    expect(o).toMatchObject({ status: 'paid', totalMinor: 2500 });
    expect(o.paidAt).toBe(T0 + 2);
    expect(o.confirmedAt).toBe(T0);
  });
});
