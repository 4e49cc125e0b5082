// Undo of a customers import keeps a customer it created when an order, a visit or a survey was
// added to that customer afterwards (by hand, or by an orders import): the customer document itself
// did not change, but deleting it would leave that activity pointing at nothing. Found on the
// hands-on walk of the import (session 11).
import { describe, expect, test } from 'vitest';
import type { ImportPlan } from '../../src/domain/import-plan';
import { commitImport, undoImport } from '../../src/data/repos/imports';
import { addInteraction, addOrder, deleteInteraction } from '../../src/data/repos/activity';
import { customerFields, interactionFields, orderFields } from '../factories/customer';
import { openTestDb } from './setup';

const BY = 'importer';

describe('undo of a customers import after orders were added to its customers', () => {
  test('a created customer that got an order after the import is kept (and listed), not deleted', async () => {
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

  test('a visit added and deleted again does not keep it; a visit that stays does', async () => {
    const db = await openTestDb();
    const plan: ImportPlan = {
      kind: 'customers',
      importId: 'imp-2',
      fileName: 'kunden.csv',
      totalRows: 2,
      rejectedRows: 0,
      rows: [
        { row: 1, fields: customerFields({ givenName: 'Lea', familyName: 'Brandt' }), action: 'create' },
        { row: 2, fields: customerFields({ givenName: 'Wei', familyName: 'Zhang' }), action: 'create' },
      ],
    };
    await commitImport(db, plan, { by: BY });
    const [lea, wei] = await Promise.all(
      ['Lea', 'Wei'].map(async (givenName) => (await db.customers.find({ selector: { givenName } }).exec())[0]),
    );
    if (!lea || !wei) throw new Error('not imported');
    const gone = await addInteraction(db, interactionFields(lea.id), { now: Date.now() + 1_000, by: 'rep' });
    await deleteInteraction(db, gone.id);
    await addInteraction(db, interactionFields(wei.id), { now: Date.now() + 2_000, by: 'rep' });

    const undo = await undoImport(db, 'imp-2', { by: BY });

    expect(undo.removed).toBe(1);
    expect(undo.kept).toEqual([wei.id]);
    expect(await db.customers.findOne(lea.id).exec()).toBeNull();
    expect(await db.customers.findOne(wei.id).exec()).not.toBeNull();
  });
});
