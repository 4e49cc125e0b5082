// The audit trail against the real database (RxDB + Dexie over fake-indexeddb): an entry for each
// kind of change, written by the repositories themselves, with field-level before/after for plain
// fields and only "changed" for sealed ones; who, when and which device.
import { describe, expect, test } from 'vitest';
import {
  createCustomer,
  deleteCustomer,
  restoreFromTrash,
  trashCustomer,
  updateCustomer,
} from '../../src/data/repos/customers';
import { addInteraction, addOrder, deleteOrder, updateOrder } from '../../src/data/repos/activity';
import { allAuditOf, redactAuditOf, setAuditDevice } from '../../src/data/repos/audit';
import { mergeCustomers } from '../../src/data/merge/merge';
import { undoMerge } from '../../src/data/merge/undo';
import { firstValueFrom } from 'rxjs';
import { auditOf$ } from '../../src/data/repos/audit';
import { parseAuditValue } from '../../src/domain/audit';
import { commitImport, undoImport } from '../../src/data/repos/imports';
import { customerFields, interactionFields, meta, orderFields } from '../factories/customer';
import { openTestDb } from './setup';

const ada = customerFields({ givenName: 'Ada', familyName: 'Lovelace', phone: '+442071234567', notes: 'likes tea' });

describe('audit trail', () => {
  test('a create lists the fields written; an update the changed ones with before and after', async () => {
    const db = await openTestDb();
    setAuditDevice(db, { device: 'device-aa11bb22', profileName: () => 'Mia' });
    const c = await createCustomer(db, ada, meta(0, 'rep'));
    await updateCustomer(db, c.id, { ...ada, phone: '+442079999999', city: 'London' }, meta(1000, 'rep'));

    const [created, updated] = await allAuditOf(db, c.id);
    expect(created).toMatchObject({
      action: 'create',
      coll: 'customers',
      customerId: c.id,
      docId: c.id,
      by: 'rep',
      byName: 'Mia',
      device: 'device-aa11bb22',
      createdAt: meta(0).now,
    });
    expect(created?.changes.map((ch) => ch.field)).toEqual(
      expect.arrayContaining(['givenName', 'familyName', 'phone', 'notes']),
    );
    // Derived keys and bookkeeping are no change a person made.
    expect(created?.changes.map((ch) => ch.field)).not.toContain('nameKey');
    expect(updated).toMatchObject({ action: 'update', createdAt: meta(1000).now });
    expect(updated?.changes).toEqual([
      { field: 'city', before: '""', after: '"London"', sealed: false },
      { field: 'phone', before: '"+442071234567"', after: '"+442079999999"', sealed: false },
    ]);
    expect(parseAuditValue(updated?.changes[1]?.after ?? '')).toBe('+442079999999');
  });

  test('sealed fields (encrypted at rest) are recorded as changed, without their values', async () => {
    const db = await openTestDb();
    const c = await createCustomer(db, ada, meta(0));
    await updateCustomer(db, c.id, { ...ada, notes: 'prefers coffee now', street: '1 Main St' }, meta(1000));
    const [created, updated] = await allAuditOf(db, c.id);
    expect(created?.changes.find((ch) => ch.field === 'notes')).toEqual({
      field: 'notes',
      before: '',
      after: '',
      sealed: true,
    });
    expect(updated?.changes).toEqual([
      { field: 'notes', before: '', after: '', sealed: true },
      { field: 'street', before: '', after: '', sealed: true },
    ]);
    expect(JSON.stringify(await allAuditOf(db, c.id))).not.toMatch(/tea|coffee|Main St/);
  });

  test('an edit that changes nothing writes no entry', async () => {
    const db = await openTestDb();
    const c = await createCustomer(db, ada, meta(0));
    await updateCustomer(db, c.id, ada, meta(1000));
    expect((await allAuditOf(db, c.id)).map((e) => e.action)).toEqual(['create']);
  });

  test('trash, restore and delete for good each leave an entry', async () => {
    const db = await openTestDb();
    const c = await createCustomer(db, ada, meta(0));
    await trashCustomer(db, c.id, meta(1000));
    await restoreFromTrash(db, c.id, meta(2000));
    await deleteCustomer(db, c.id, meta(3000, 'admin'));
    const entries = await allAuditOf(db, c.id);
    expect(entries.map((e) => [e.action, e.by])).toEqual([
      ['create', 'test-user'],
      ['trash', 'test-user'],
      ['restore', 'test-user'],
      ['delete', 'admin'],
    ]);
    expect(entries[3]?.changes.find((ch) => ch.field === 'givenName')).toMatchObject({ before: '"Ada"', after: '' });
  });

  test("orders and interactions are recorded on their customer's trail", async () => {
    const db = await openTestDb();
    const c = await createCustomer(db, ada, meta(0));
    const o = await addOrder(db, orderFields(c.id), meta(1000));
    await updateOrder(db, o.id, { ...orderFields(c.id), currency: 'GBP' }, meta(2000));
    await deleteOrder(db, o.id, meta(3000));
    await addInteraction(db, interactionFields(c.id, { subject: 'Visit at the fair' }), meta(4000));
    const entries = (await allAuditOf(db, c.id)).slice(1);
    expect(entries.map((e) => [e.action, e.coll, e.docId === o.id])).toEqual([
      ['create', 'orders', true],
      ['update', 'orders', true],
      ['delete', 'orders', true],
      ['create', 'interactions', false],
    ]);
    expect(entries[1]?.changes).toEqual([{ field: 'currency', before: '"EUR"', after: '"GBP"', sealed: false }]);
    // An interaction's subject is sealed at rest: "changed", no value.
    expect(entries[3]?.changes.find((ch) => ch.field === 'subject')).toMatchObject({ sealed: true, after: '' });
  });

  test('a merge is recorded on the survivor and on the record merged away, and so is its undo', async () => {
    const db = await openTestDb();
    const a = await createCustomer(db, ada, meta(0));
    const b = await createCustomer(db, { ...ada, email: 'ada@example.org' }, meta(10));
    const merge = await mergeCustomers(db, a.id, [b.id], {}, 'rep', meta(1000).now);
    const onA = await allAuditOf(db, a.id);
    const onB = await allAuditOf(db, b.id);
    expect(onA.at(-1)).toMatchObject({ action: 'merge', note: b.id });
    expect(onA.at(-1)?.changes).toContainEqual({
      field: 'email',
      before: '""',
      after: '"ada@example.org"',
      sealed: false,
    });
    expect(onB.at(-1)).toMatchObject({ action: 'merge', note: a.id });
    expect(onB.at(-1)?.changes).toEqual([
      { field: 'mergedInto', before: '""', after: JSON.stringify(a.id), sealed: false },
    ]);

    await undoMerge(db, merge.mergeId, 'rep', meta(2000).now);
    expect((await allAuditOf(db, a.id)).at(-1)).toMatchObject({ action: 'unmerge', note: b.id });
    expect((await allAuditOf(db, b.id)).at(-1)).toMatchObject({ action: 'unmerge', note: a.id });
  });

  test('the History feed lists a customer newest first', async () => {
    const db = await openTestDb();
    const c = await createCustomer(db, ada, meta(0));
    const other = await createCustomer(db, customerFields({ givenName: 'Bo' }), meta(5));
    await updateCustomer(db, c.id, { ...ada, city: 'Leeds' }, meta(1000));
    const feed = await firstValueFrom(auditOf$(db, c.id));
    expect(feed.map((e) => e.action)).toEqual(['update', 'create']);
    expect(feed.every((e) => e.customerId === c.id)).toBe(true);
    expect((await firstValueFrom(auditOf$(db, other.id))).map((e) => e.action)).toEqual(['create']);
  });

  test('an import is recorded once per written chunk (not per row), and so is its undo', async () => {
    const db = await openTestDb();
    const rows = Array.from({ length: 20 }, (_, i) => ({
      row: i + 1,
      fields: customerFields({ givenName: `Imported${i}` }),
      action: 'create' as const,
    }));
    const plan = {
      importId: 'imp-audit',
      fileName: 'fair-leads.csv',
      totalRows: 20,
      rejectedRows: 0,
      kind: 'customers' as const,
      rows,
    };
    await commitImport(db, plan, { by: 'importer', sizing: { initial: 8, min: 8, max: 8 } });
    const batch = async () => (await allAuditOf(db, '')).filter((e) => e.docId === 'imp-audit');
    expect((await batch()).map((e) => [e.action, e.count, e.note, e.by])).toEqual([
      ['import', 8, 'fair-leads.csv', 'importer'],
      ['import', 8, 'fair-leads.csv', 'importer'],
      ['import', 4, 'fair-leads.csv', 'importer'],
    ]);
    await undoImport(db, 'imp-audit', { by: 'admin' });
    const undone = (await batch()).filter((e) => e.action === 'importUndo');
    expect(undone.reduce((n, e) => n + e.count, 0)).toBe(20);
    expect(undone.every((e) => e.by === 'admin')).toBe(true);
  });

  test('an entry is redacted once: a second redaction at the same time leaves the first one as it is', async () => {
    const db = await openTestDb();
    const c = await createCustomer(db, ada, meta(0));
    await updateCustomer(db, c.id, { ...ada, city: 'London' }, meta(1000));
    // The erasure and the sync's erasure follower can redact the same entries together.
    const written = await Promise.all([
      redactAuditOf(db, c.id, meta(2000, 'erasure')),
      redactAuditOf(db, c.id, meta(3000, 'follower')),
    ]);
    expect(written[0] + written[1]).toBe(2);
    const entries = await allAuditOf(db, c.id);
    expect(entries.map((e) => e.changes.every((ch) => ch.before === '' && ch.after === ''))).toEqual([true, true]);
    for (const e of entries) {
      const doc = await db.audit.findOne(e.id).exec();
      // Revision 2: written at creation and once by the redaction that came first.
      expect(doc?.revision.startsWith('2-'), e.id).toBe(true);
      expect([meta(2000).now, meta(3000).now]).toContain(e.erasedAt);
    }
    expect(await redactAuditOf(db, c.id, meta(4000))).toBe(0);
  });
});
