// KNOWN BUG (walk of issue 12, session 11; src/data/repos/imports.ts is BULK-BUDGET's file): undo
// of a customers import deletes a customer it created even when an order was added to that
// customer after the import (by hand, or by an orders import). The customer document itself did
// not change, so undo takes it as "still as imported" and deletes it; the order stays behind with
// a customerId that no longer exists. Issue 12 item 5 asks that records a later edit touched are
// kept and listed. Marked `fails` until the undo treats activity added since as such an edit.
import { describe, expect, test } from 'vitest';
import type { ImportPlan } from '../../src/domain/import-plan';
import { commitImport, undoImport } from '../../src/data/repos/imports';
import { addOrder } from '../../src/data/repos/activity';
import { customerFields, orderFields } from '../factories/customer';
import { openTestDb } from './setup';

const BY = 'importer';

describe('undo of a customers import after orders were added to its customers', () => {
  test.fails('a created customer that got an order after the import is kept (and listed), not deleted', async () => {
    const db = await openTestDb();
    const plan: ImportPlan = {
      kind: 'customers',
      importId: 'imp-1',
      fileName: 'kunden.csv',
      totalRows: 2,
      rejectedRows: 0,
      rows: [
        { row: 1, fields: customerFields({ givenName: 'Nana', familyName: 'Ouyang' }), action: 'create' },
        { row: 2, fields: customerFields({ givenName: 'Tom', familyName: 'Schulz' }), action: 'create' },
      ],
    };
    await commitImport(db, plan, { by: BY });
    const nana = (await db.customers.find({ selector: { givenName: 'Nana' } }).exec())[0];
    if (!nana) throw new Error('not imported');
    const order = await addOrder(db, orderFields(nana.id), { now: Date.now() + 1_000, by: 'rep' });

    const undo = await undoImport(db, 'imp-1', { by: BY });

    expect(undo.removed).toBe(1);
    expect(undo.kept).toEqual([nana.id]);
    expect(await db.customers.findOne(nana.id).exec()).not.toBeNull();
    expect((await db.orders.findOne(order.id).exec())?.customerId).toBe(nana.id);
  });
});
