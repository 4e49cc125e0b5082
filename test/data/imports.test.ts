// An import as one unit (src/data/repos/imports.ts): commit, history, undo, resume after a cancel
// or a closed database, later edits kept on undo, orders plans. Real RxDB on fake-indexeddb.
import { describe, expect, test } from 'vitest';
import type { CustomerImportRow, ImportPlan } from '../../src/domain/import-plan';
import type { FieldbookDatabase } from '../../src/data/db/database';
import { createCustomer, updateCustomer } from '../../src/data/repos/customers';
import {
  commitImport,
  listImports,
  resumeImport,
  reviewPairs,
  reviewQueue,
  STALE_MS,
  undoImport,
} from '../../src/data/repos/imports';
import { startTagIndex } from '../../src/data/derived/tag-index';
import { BULK_WRITE_BOUNDS } from '../../src/data/repos/task-budget';
import { customerFields, meta, orderFields, PEOPLE } from '../factories/customer';
import { openTestDb, testStorage, uniqueDbName, track } from './setup';
import { openDatabase } from '../../src/data/db/database';

/** Small fixed chunks so a few dozen rows make several chunks. */
const SIZING = { initial: 7, min: 7, max: 7 };
const BY = 'importer';

/** Every live customer, order and derived tag row, as a caller reads them (sorted by id). */
async function snapshot(db: FieldbookDatabase) {
  const all = async (
    c: FieldbookDatabase['customers'] | FieldbookDatabase['orders'] | FieldbookDatabase['customertags'],
  ) => (await c.find().exec()).map((d) => d.toJSON()).sort((a, b) => (a.id < b.id ? -1 : 1));
  return { customers: await all(db.customers), orders: await all(db.orders), tags: await all(db.customertags) };
}

async function seed(db: FieldbookDatabase): Promise<string[]> {
  const ids: string[] = [];
  for (const [i, f] of Object.values(PEOPLE).entries()) ids.push((await createCustomer(db, f, meta(i))).id);
  for (let i = 0; i < 10; i++)
    ids.push(
      (await createCustomer(db, customerFields({ givenName: `Seed${i}`, city: i % 2 ? 'Berlin' : '' }), meta(10 + i)))
        .id,
    );
  return ids;
}

function customerPlan(existing: string[], opts: { creates?: number } = {}): ImportPlan & { kind: 'customers' } {
  const rows: CustomerImportRow[] = [];
  const creates = opts.creates ?? 30;
  for (let i = 0; i < creates; i++)
    rows.push({
      row: rows.length + 1,
      fields: customerFields({
        givenName: `Imported${i}`,
        familyName: i % 3 ? 'Lee' : '李',
        tags: i % 4 ? [] : ['import'],
      }),
      action: 'create',
    });
  existing.slice(0, 6).forEach((id, k) =>
    rows.push({
      row: rows.length + 1,
      fields: customerFields({
        givenName: '',
        familyName: '',
        city: `City${k}`,
        jobTitle: 'Buyer',
        tags: ['imported'],
      }),
      match: { customerId: id, score: 12 },
      action: k % 2 ? 'fill' : 'overwrite',
    }),
  );
  rows.push({
    row: rows.length + 1,
    fields: customerFields({ givenName: 'Skip' }),
    match: { customerId: existing[7] ?? '', score: 20 },
    action: 'skip',
  });
  rows.push({
    row: rows.length + 1,
    fields: customerFields({ givenName: 'Twin', familyName: 'Schmidt' }),
    match: { customerId: existing[8] ?? '', score: 9 },
    action: 'create-and-review',
  });
  return {
    kind: 'customers',
    importId: `imp-${Math.random().toString(36).slice(2, 10)}`,
    fileName: 'kunden.csv',
    totalRows: rows.length + 2,
    rejectedRows: 2,
    rows,
  };
}

describe('import commit and undo', () => {
  test('an import writes its rows, is in the history, and undo restores the database exactly', async () => {
    const db = await openTestDb();
    const indexer = startTagIndex(db);
    const existing = await seed(db);
    await indexer.idle();
    const before = await snapshot(db);
    const plan = customerPlan(existing);

    const progress: number[] = [];
    const entry = await commitImport(db, plan, { by: BY, sizing: SIZING, onProgress: (p) => progress.push(p.done) });
    expect(entry).toMatchObject({
      state: 'finished',
      fileName: 'kunden.csv',
      by: BY,
      created: 31,
      updated: 6,
      skipped: 1,
      review: 1,
      done: plan.rows.length,
      rejectedRows: 2,
    });
    expect(progress[progress.length - 1]).toBe(plan.rows.length);
    expect(progress.length).toBeGreaterThan(3);

    const customers = await db.customers.find().exec();
    expect(customers).toHaveLength(existing.length + 31);
    const imported = customers.filter((c) => c.givenName.startsWith('Imported'));
    // Written like typed ones: by the importing user, who owns them (as the form's creator does).
    expect(imported.map((c) => [c.updatedBy, c.ownerId, c.source])).toEqual(
      imported.map(() => [BY, BY, `import:${plan.importId}`]),
    );
    // fill: only empty fields; overwrite: every non-empty value; the name stays (empty in the row).
    const filled = (await db.customers.findOne(existing[1]).exec())?.toJSON();
    expect(filled).toMatchObject({
      city: 'City1',
      jobTitle: 'Buyer',
      givenName: PEOPLE.ouyang.givenName,
      tags: ['imported'],
    });
    const overwritten = (await db.customers.findOne(existing[0]).exec())?.toJSON();
    expect(overwritten).toMatchObject({ city: 'City0', tags: ['imported'], givenName: PEOPLE.zhangWei.givenName });
    expect((await db.customers.findOne(existing[7]).exec())?.givenName).toBe('Seed2');
    const pairs = await reviewPairs(db, plan.importId);
    expect(pairs).toHaveLength(1);
    expect(pairs[0]?.[1]).toBe(existing[8]);

    const history = await listImports(db);
    expect(history.map((h) => [h.id, h.state])).toEqual([[plan.importId, 'finished']]);

    const undo = await undoImport(db, plan.importId, { by: BY });
    expect(undo).toEqual({ removed: 31, restored: 6, kept: [] });
    await indexer.idle();
    expect(await snapshot(db)).toEqual(before);
    expect((await listImports(db))[0]).toMatchObject({ state: 'undone', kept: [] });
    indexer.stop();
  });

  test('a task budget no write can meet: every customer write after the first carries the fewest rows, and the import is whole', async () => {
    const db = await openTestDb();
    const existing = await seed(db);
    const plan = customerPlan(existing, { creates: 120 });
    const writes: number[] = [];
    const sub = db.customers.storageInstance.changeStream().subscribe((b) => writes.push(b.events.length));
    const entry = await commitImport(db, plan, {
      by: BY,
      sizing: { initial: 100, min: 100, max: 100 },
      taskBudgetMs: 0.0001,
    });
    sub.unsubscribe();
    expect(entry).toMatchObject({ state: 'finished', created: 121, updated: 6, done: plan.rows.length });
    // Before anything is measured a write carries BULK_WRITE_BOUNDS.first rows; after it, the
    // measured cost allows none, so every write is the minimum (the last one what is left).
    expect(writes[0]).toBe(BULK_WRITE_BOUNDS.first);
    expect(writes.slice(1, -1).every((n) => n === BULK_WRITE_BOUNDS.min)).toBe(true);
    expect(writes.reduce((a, b) => a + b, 0)).toBe(121 + 6);
  });

  test('undo keeps what was edited after the import, and lists it', async () => {
    const db = await openTestDb();
    const existing = await seed(db);
    const plan = customerPlan(existing, { creates: 8 });
    await commitImport(db, plan, { by: BY, sizing: SIZING });
    const created = (await db.customers.find({ selector: { givenName: 'Imported3' } }).exec())[0];
    if (!created) throw new Error('not imported');
    const later = Date.now() + 1_000;
    await updateCustomer(
      db,
      existing[0] as string,
      customerFields({ ...PEOPLE.zhangWei, notes: 'called after the import' }),
      { now: later, by: 'rep' },
    );
    await updateCustomer(
      db,
      created.id,
      customerFields({ givenName: 'Imported3', familyName: 'Lee', notes: 'met at the fair' }),
      { now: later, by: 'rep' },
    );

    const undo = await undoImport(db, plan.importId, { by: BY });
    expect(undo.kept.sort()).toEqual([existing[0], created.id].sort());
    expect(undo.removed).toBe(8);
    expect(undo.restored).toBe(5);
    expect((await db.customers.findOne(existing[0]).exec())?.notes).toBe('called after the import');
    expect((await db.customers.findOne(created.id).exec())?.notes).toBe('met at the fair');
    // The others are back as before the import.
    expect((await db.customers.findOne(existing[1]).exec())?.city).toBe(PEOPLE.ouyang.city);
    expect((await listImports(db))[0]?.kept.sort()).toEqual(undo.kept.sort());
  });

  test('valid rows the duplicate choices left out of the plan count as skipped, also after a resume', async () => {
    const db = await openTestDb();
    const existing = await seed(db);
    // 3 more rows read than planned + rejected: duplicates of the file skipped or merged by the plan.
    const base = customerPlan(existing);
    const plan: ImportPlan = { ...base, totalRows: base.totalRows + 3 };
    const stop = new AbortController();
    const first = await commitImport(db, plan, {
      by: BY,
      sizing: SIZING,
      signal: stop.signal,
      onProgress: () => stop.abort(),
    });
    expect(first.state).toBe('unfinished');
    const resumed = await resumeImport(db, plan.importId, { by: BY, sizing: SIZING });
    // 1 skip row in the plan + 3 left out; the counts add up to the rows read.
    expect(resumed).toMatchObject({ state: 'finished', created: 31, updated: 6, skipped: 4, review: 1 });
    expect(resumed.created + resumed.updated + resumed.skipped + resumed.rejectedRows).toBe(plan.totalRows);
  });

  test('an import cancelled after 3 chunks is unfinished; it can be resumed, then undone', async () => {
    const db = await openTestDb();
    const existing = await seed(db);
    const before = await snapshot(db);
    const plan = customerPlan(existing);
    const stop = new AbortController();
    let chunks = 0;
    const entry = await commitImport(db, plan, {
      by: BY,
      sizing: SIZING,
      signal: stop.signal,
      onProgress: () => {
        if (++chunks === 3) stop.abort();
      },
    });
    expect(entry).toMatchObject({ state: 'unfinished', done: 21 });
    expect(await db.customers.count().exec()).toBe(existing.length + 21);

    const resumed = await resumeImport(db, plan.importId, { by: BY, sizing: SIZING });
    expect(resumed).toMatchObject({ state: 'finished', done: plan.rows.length, created: 31, updated: 6 });
    expect(await db.customers.count().exec()).toBe(existing.length + 31);
    await undoImport(db, plan.importId, { by: BY });
    expect((await snapshot(db)).customers).toEqual(before.customers);
  });

  test('a writer stopped mid-import (a closed tab, a crash) leaves it unfinished; reopened, it resumes and undoes', async () => {
    const name = uniqueDbName();
    const db = await openTestDb(name);
    const existing = await seed(db);
    const before = await snapshot(db);
    const plan = customerPlan(existing);
    let chunks = 0;
    await expect(
      commitImport(db, plan, {
        by: BY,
        sizing: SIZING,
        // The writer dies after its second chunk: nothing after that point runs (no final save).
        onProgress: () => {
          if (++chunks === 2) throw new Error('tab closed');
        },
      }),
    ).rejects.toThrow('tab closed');
    await db.close();

    const again = track(await openDatabase({ name, storage: testStorage, multiInstance: false }));
    const [stale] = await listImports(again, { now: Date.now() + STALE_MS + 1 });
    expect(stale).toMatchObject({ id: plan.importId, state: 'unfinished' });
    const written = await again.customers.count().exec();
    expect(written).toBe(existing.length + 14);

    const resumed = await resumeImport(again, plan.importId, { by: BY, sizing: SIZING });
    expect(resumed.state).toBe('finished');
    expect(await again.customers.count().exec()).toBe(existing.length + 31);
    await undoImport(again, plan.importId, { by: BY });
    expect((await snapshot(again)).customers).toEqual(before.customers);
  });

  test('an interrupted import can be undone without resuming it', async () => {
    const db = await openTestDb();
    const existing = await seed(db);
    const before = await snapshot(db);
    const plan = customerPlan(existing);
    const stop = new AbortController();
    let chunks = 0;
    await commitImport(db, plan, {
      by: BY,
      sizing: SIZING,
      signal: stop.signal,
      onProgress: () => ++chunks === 5 && stop.abort(),
    });
    await undoImport(db, plan.importId, { by: BY });
    expect((await snapshot(db)).customers).toEqual(before.customers);
  });

  test('an orders plan writes the orders like typed ones and undo removes them', async () => {
    const db = await openTestDb();
    const existing = await seed(db);
    const plan: ImportPlan = {
      kind: 'orders',
      importId: 'orders-1',
      fileName: 'orders.xlsx',
      totalRows: 20,
      rejectedRows: 0,
      rows: Array.from({ length: 20 }, (_, i) => ({
        row: i + 1,
        fields: orderFields(existing[i % existing.length] as string, { orderedAt: 1_700_000_000_000 + i }),
      })),
    };
    const entry = await commitImport(db, plan, { by: BY, sizing: SIZING });
    expect(entry).toMatchObject({ state: 'finished', created: 20, kind: 'orders' });
    const orders = await db.orders.find().exec();
    expect(orders).toHaveLength(20);
    expect(orders.every((o) => o.updatedBy === BY)).toBe(true);
    expect(await undoImport(db, 'orders-1', { by: BY })).toEqual({ removed: 20, restored: 0, kept: [] });
    expect(await db.orders.count().exec()).toBe(0);
  });

  test('pairs queued for review: a stored match and a row duplicating an earlier row; undone imports leave the queue', async () => {
    const db = await openTestDb();
    const existing = await seed(db);
    const plan = customerPlan(existing, { creates: 3 });
    // Row 1 is created; a later row of the same file duplicates it and is created anyway.
    plan.rows.push({
      row: plan.rows.length + 1,
      fields: customerFields({ givenName: 'Imported0', familyName: '李' }),
      action: 'create-and-review',
      duplicateOfRow: 1,
    });
    await commitImport(db, plan, { by: BY, sizing: SIZING });
    const idOf = async (selector: Record<string, string>) => {
      const docs = await db.customers.find({ selector }).exec();
      return docs.map((d) => d.id).sort();
    };
    const twin = (await idOf({ givenName: 'Twin' }))[0];
    const [first, second] = await idOf({ givenName: 'Imported0' });
    const pairs = await reviewPairs(db, plan.importId);
    expect(pairs).toHaveLength(2);
    expect(pairs[0]).toEqual([twin, existing[8]]);
    expect(new Set(pairs[1])).toEqual(new Set([first, second]));
    expect(await reviewQueue(db)).toEqual(pairs);

    await undoImport(db, plan.importId, { by: BY });
    expect(await reviewPairs(db, plan.importId)).toEqual([]);
    expect(await reviewQueue(db)).toEqual([]);
  });
});
