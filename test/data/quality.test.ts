// Bulk data-quality fixes against the real database: applied with a decision per value, undone exactly.
import { describe, expect, test } from 'vitest';
import { createCustomer, updateCustomer } from '../../src/data/repos/customers';
import { applyFixes, undoFixes } from '../../src/data/repos/quality';
import { fieldsOf } from '../../src/data/merge/records';
import { customerFields, meta } from '../factories/customer';
import { openTestDb } from './setup';

describe('applyFixes / undoFixes', () => {
  test('applies fixes (two fields of one record too), records decisions, and undo restores the values', async () => {
    const db = await openTestDb();
    const a = await createCustomer(db, customerFields({ givenName: 'ANNA', city: ' Berlin ' }), meta(0));
    const b = await createCustomer(db, customerFields({ givenName: 'JOHN', familyName: 'Smith' }), meta(1));
    const before = { a: fieldsOf(a), b: fieldsOf(b) };

    const { batchId, applied } = await applyFixes(
      db,
      'mixed',
      [
        { id: a.id, field: 'givenName', value: 'ANNA', fix: 'Anna' },
        { id: a.id, field: 'city', value: ' Berlin ', fix: 'Berlin' },
        { id: b.id, field: 'givenName', value: 'JOHN', fix: 'John' },
        // Stale: the value is no longer what the scan saw → skipped.
        { id: b.id, field: 'familyName', value: 'SMITH', fix: 'Smith' },
      ],
      meta(10),
    );
    expect(applied).toBe(3);
    expect((await db.customers.findOne(a.id).exec())?.toMutableJSON()).toMatchObject({
      givenName: 'Anna',
      city: 'Berlin',
    });
    // Search keys follow the fixed name.
    expect((await db.customers.findOne(b.id).exec())?.toMutableJSON()).toMatchObject({
      givenName: 'John',
      nameKey: 'smith john',
    });
    expect(await db.decisions.count({ selector: { groupId: batchId } }).exec()).toBe(3);

    // Someone edits b's given name again after the fix: undo leaves that edit alone.
    const bNow = fieldsOf((await db.customers.findOne(b.id).exec())!.toMutableJSON());
    await updateCustomer(db, b.id, { ...bNow, givenName: 'Johnny' }, meta(20));

    expect(await undoFixes(db, batchId, meta(30))).toBe(2);
    expect(fieldsOf((await db.customers.findOne(a.id).exec())!.toMutableJSON())).toEqual(before.a);
    expect((await db.customers.findOne(b.id).exec())?.givenName).toBe('Johnny');
    expect(await undoFixes(db, batchId, meta(40))).toBe(0);
  });
});
