// The streamed import commit (src/data/repos/imports.ts, "Staging"): a plan handed over as a
// PlanSource is asked for a page at a time, staged before anything is written, and written from
// the stored pages; cancel, resume, undo and the duplicate actions hold across plan pages (the
// plans here span three 1,000-row pages). Real RxDB on fake-indexeddb.
import { describe, expect, test } from 'vitest';
import { planSource, type CustomerImportRow, type ImportPlan, type PlanSource } from '../../src/domain/import-plan';
import type { FieldbookDatabase } from '../../src/data/db/database';
import { createCustomer } from '../../src/data/repos/customers';
import { commitImport, listImports, resumeImport, undoImport } from '../../src/data/repos/imports';
import { customerFields, meta } from '../factories/customer';
import { openTestDb } from './setup';

const SIZING = { initial: 300, min: 300, max: 300 };
/** Chunks of exactly SIZING's rows: no main-thread budget shrinks them (repos/task-budget.ts). */
const FIXED = { sizing: SIZING, taskBudgetMs: Number.POSITIVE_INFINITY };
const BY = 'importer';
const CREATES = 2_050;

async function customers(db: FieldbookDatabase) {
  return (await db.customers.find().exec()).map((d) => d.toJSON()).sort((a, b) => (a.id < b.id ? -1 : 1));
}

async function seed(db: FieldbookDatabase): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < 4; i++)
    ids.push(
      (await createCustomer(db, customerFields({ givenName: `Seed${i}`, city: i % 2 ? 'Berlin' : '' }), meta(i))).id,
    );
  return ids;
}

/** 2,050 creates, then (on the plan's third page) a fill, an overwrite and a skip of stored customers. */
function bigPlan(existing: string[]): ImportPlan & { kind: 'customers' } {
  const rows: CustomerImportRow[] = [];
  for (let i = 0; i < CREATES; i++)
    rows.push({
      row: rows.length + 1,
      fields: customerFields({ givenName: `Row${i}`, familyName: 'Lee', city: `City${i % 7}`, notes: `n${i}` }),
      action: 'create',
    });
  const update = (id: string, action: CustomerImportRow['action']) =>
    rows.push({
      row: rows.length + 1,
      fields: customerFields({ givenName: '', familyName: '', city: 'Shenzhen', jobTitle: 'Buyer' }),
      match: { customerId: id, score: 12 },
      action,
    });
  update(existing[0] as string, 'fill');
  update(existing[1] as string, 'overwrite');
  update(existing[2] as string, 'skip');
  return {
    kind: 'customers',
    importId: `imp-${Math.random().toString(36).slice(2, 10)}`,
    fileName: 'big.csv',
    totalRows: rows.length,
    rejectedRows: 0,
    rows,
  };
}

/** A PlanSource that records every request and how many customers were stored when it came. */
function recording(plan: ImportPlan, db: FieldbookDatabase, failFrom = Infinity) {
  const inner = planSource(plan);
  const asks: Array<{ offset: number; limit: number; storedCustomers: number }> = [];
  const source: PlanSource = {
    head: inner.head,
    async rows(offset, limit) {
      asks.push({ offset, limit, storedCustomers: await db.customers.count().exec() });
      // A worker that went away mid-hand-over answers with nothing.
      return offset >= failFrom ? [] : inner.rows(offset, limit);
    },
  };
  return { source, asks };
}

describe('streamed import commit', () => {
  test('the plan is asked for page by page, all of it before the first write; every row is written whole', async () => {
    const db = await openTestDb();
    const existing = await seed(db);
    const plan = bigPlan(existing);
    const { source, asks } = recording(plan, db);

    // Growing chunks (100 → 400): a chunk larger than the one guessed for the keys derived ahead.
    const entry = await commitImport(db, source, { by: BY, sizing: { initial: 100, min: 100, max: 400 } });
    expect(entry).toMatchObject({
      state: 'finished',
      created: CREATES,
      updated: 2,
      skipped: 1,
      done: plan.rows.length,
    });
    // Pages of at most 1,000 rows, in order, covering the plan once; none while customers were written.
    expect(asks.map((a) => [a.offset, a.limit])).toEqual([
      [0, 1000],
      [1000, 1000],
      [2000, 53],
    ]);
    expect(asks.every((a) => a.storedCustomers === existing.length)).toBe(true);

    const stored = await customers(db);
    expect(stored).toHaveLength(existing.length + CREATES);
    const byName = new Map(stored.map((c) => [c.givenName, c]));
    for (let i = 0; i < CREATES; i++) {
      const c = byName.get(`Row${i}`);
      // The search keys are the row's own (derived one chunk ahead, matched back by row).
      expect(c && [c.nameRevKey, c.familyName, c.city, c.notes, c.source]).toEqual([
        `row${i} lee`,
        'Lee',
        `City${i % 7}`,
        `n${i}`,
        `import:${plan.importId}`,
      ]);
    }
    // The duplicate actions of rows on the third page: fill only the empty city, overwrite it, skip.
    const find = (id: string | undefined) => stored.find((c) => c.id === id);
    expect([find(existing[0])?.city, find(existing[0])?.jobTitle]).toEqual(['Shenzhen', 'Buyer']);
    expect([find(existing[1])?.city, find(existing[1])?.givenName]).toEqual(['Shenzhen', 'Seed1']);
    expect(find(existing[2])?.jobTitle).toBe('');
  }, 60_000);

  test('cancelled across a page boundary, resumed, then undone: each row once, then the database as before', async () => {
    const db = await openTestDb();
    const existing = await seed(db);
    const before = await customers(db);
    const plan = bigPlan(existing);
    const stop = new AbortController();
    let chunks = 0;
    const entry = await commitImport(db, recording(plan, db).source, {
      by: BY,
      ...FIXED,
      signal: stop.signal,
      onProgress: () => {
        if (++chunks === 4) stop.abort(); // 1,200 rows: past the first 1,000-row page
      },
    });
    expect(entry).toMatchObject({ state: 'unfinished', done: 1200, created: 1200 });
    expect(await db.customers.count().exec()).toBe(existing.length + 1200);

    const resumed = await resumeImport(db, plan.importId, { by: BY, ...FIXED });
    expect(resumed).toMatchObject({ state: 'finished', created: CREATES, updated: 2, skipped: 1 });
    const names = (await customers(db)).map((c) => c.givenName);
    expect(names).toHaveLength(existing.length + CREATES);
    expect(new Set(names).size).toBe(names.length);

    expect(await undoImport(db, plan.importId, { by: BY })).toEqual({ removed: CREATES, restored: 2, kept: [] });
    expect(await customers(db)).toEqual(before);
  }, 60_000);

  test('a plan whose hand-over stops (the worker went away) writes nothing and can be undone', async () => {
    const db = await openTestDb();
    const existing = await seed(db);
    const before = await customers(db);
    const plan = bigPlan(existing);
    await expect(commitImport(db, recording(plan, db, 1000).source, { by: BY, sizing: SIZING })).rejects.toThrow(
      'not handed over',
    );
    expect(await customers(db)).toEqual(before);
    const [entry] = await listImports(db, { now: Date.now() + 60_000 });
    expect(entry).toMatchObject({ id: plan.importId, state: 'unfinished', done: 0 });
    expect(await undoImport(db, plan.importId, { by: BY })).toEqual({ removed: 0, restored: 0, kept: [] });
    expect(await customers(db)).toEqual(before);
  }, 60_000);
});
