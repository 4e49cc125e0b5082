// Undo of a customers import keeps a customer it created when an order, a visit or a survey was
// added to that customer afterwards (by hand, or by an orders import): the customer document itself
// did not change, but deleting it would leave that activity pointing at nothing. Found on the
// hands-on walk of the import (session 11).
import { describe, expect, test } from 'vitest';
import type { ImportPlan } from '../../src/domain/import-plan';
import { commitImport, undoImport } from '../../src/data/repos/imports';
import { addInteraction, addOrder, deleteInteraction } from '../../src/data/repos/activity';
import type { CustomerDoc } from '../../src/data/db/schemas';
import { customerFields, interactionFields, orderFields } from '../factories/customer';
import { openTestDb } from './setup';

const BY = 'importer';
const LATER = { now: Date.now() + 1_000, by: 'rep' };

/** A fresh database with one customers import that created two people; their stored documents. */
async function importTwo(importId: string, [a, b]: [string, string]) {
  const db = await openTestDb();
  const plan: ImportPlan = {
    kind: 'customers',
    importId,
    fileName: 'kunden.csv',
    totalRows: 2,
    rejectedRows: 0,
    rows: [a, b].map((name, i) => {
      const [givenName = '', familyName = ''] = name.split(' ');
      return { row: i + 1, fields: customerFields({ givenName, familyName }), action: 'create' as const };
    }),
  };
  await commitImport(db, plan, { by: BY });
  const stored = async (givenName: string): Promise<CustomerDoc> => {
    const doc = (await db.customers.find({ selector: { givenName } }).exec())[0];
    if (!doc) throw new Error(`${givenName} not imported`);
    return doc.toJSON() as CustomerDoc;
  };
  return { db, first: await stored(a.split(' ')[0] ?? ''), second: await stored(b.split(' ')[0] ?? '') };
}

describe('undo of a customers import after orders were added to its customers', () => {
  test('a created customer that got an order after the import is kept (and listed), not deleted', async () => {
    const { db, first: nana } = await importTwo('imp-1', ['Nana Ouyang', 'Tom Schulz']);
    const order = await addOrder(db, orderFields(nana.id), LATER);

    const undo = await undoImport(db, 'imp-1', { by: BY });

    expect(undo.removed).toBe(1);
    expect(undo.kept).toEqual([nana.id]);
    expect(await db.customers.findOne(nana.id).exec()).not.toBeNull();
    expect((await db.orders.findOne(order.id).exec())?.customerId).toBe(nana.id);
  });

  test('a visit added and deleted again does not keep it; a visit that stays does', async () => {
    const { db, first: lea, second: wei } = await importTwo('imp-2', ['Lea Brandt', 'Wei Zhang']);
    const gone = await addInteraction(db, interactionFields(lea.id), LATER);
    await deleteInteraction(db, gone.id);
    await addInteraction(db, interactionFields(wei.id), LATER);

    const undo = await undoImport(db, 'imp-2', { by: BY });

    expect(undo.removed).toBe(1);
    expect(undo.kept).toEqual([wei.id]);
    expect(await db.customers.findOne(lea.id).exec()).toBeNull();
    expect(await db.customers.findOne(wei.id).exec()).not.toBeNull();
  });
});
