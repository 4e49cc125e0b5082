// Hostile input through the data layer into real RxDB on fake-indexeddb, plain and sealed
// (encryption at rest): what the customer form accepted is stored and read back exactly, markup,
// bidi overrides, zero-width characters and lone surrogates included (JSON and AES-GCM must not
// turn a lone surrogate into U+FFFD), and search with a hostile query finds without throwing.
// The form-level properties are in test/unit/hostile/customer-form.test.ts.
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { openDatabase, type FieldbookDatabase } from '../../src/data/db/database';
import { createCustomer, searchCustomers, updateCustomer } from '../../src/data/repos/customers';
import { addInteraction, addSurvey } from '../../src/data/repos/activity';
import { emptyCustomerInput, validateCustomer } from '../../src/domain/customer';
import type { CustomerFormInput } from '../../src/domain/types';
import { interactionFields, meta, surveyFields } from '../factories/customer';
import {
  assertNoPrototypePollution,
  hostileString,
  LONE_SURROGATES,
  SCRIPT_PAYLOADS,
} from '../unit/hostile/arbitraries';
import { openTestDb, testStorage, track, uniqueDbName } from './setup';

const opts = { defaultRegion: 'DE', today: '2026-06-15', now: Date.UTC(2026, 5, 15, 10) };
const text = hostileString({ huge: false });

/** Reads a document from the storage itself (through the sealing wrapper), not RxDB's document cache. */
async function fromStorage<T>(
  db: FieldbookDatabase,
  coll: 'customers' | 'interactions' | 'surveys',
  id: string,
): Promise<T> {
  const [doc] = await db[coll].storageInstance.findDocumentsById([id], false);
  if (!doc) throw new Error(`${coll} ${id} not in storage`);
  const { _meta, _rev, _deleted, _attachments, ...fields } = doc as Record<string, unknown>;
  void [_meta, _rev, _deleted, _attachments];
  return fields as T;
}

/** Form input with hostile values in the free-text fields (those accept almost anything). */
const hostileForm: fc.Arbitrary<CustomerFormInput> = fc
  .record({
    givenName: text,
    familyName: text,
    company: text,
    jobTitle: text,
    street: text,
    city: text,
    region: text,
    notes: text,
    tags: text,
    aliases: fc.array(text, { maxLength: 2 }),
  })
  .map((patch) => ({ ...emptyCustomerInput(), ...patch, givenName: `${patch.givenName}x` }));

async function sealedDb(): Promise<FieldbookDatabase> {
  const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
  return track(
    await openDatabase({
      name: uniqueDbName(),
      storage: testStorage,
      multiInstance: false,
      sealing: { key, mode: 'seal' },
    }),
  );
}

describe.each([
  ['plain', () => openTestDb()],
  ['sealed', sealedDb],
] as const)('%s storage', (_label, open) => {
  test('a customer the form accepted is stored and read back exactly, on create and on update', async () => {
    const db = await open();
    await fc.assert(
      fc.asyncProperty(hostileForm, hostileForm, async (first, second) => {
        const a = validateCustomer(first, opts);
        const b = validateCustomer(second, opts);
        fc.pre(a.ok && b.ok);
        if (!a.ok || !b.ok) return;
        const created = await createCustomer(db, a.value, meta());
        expect(await fromStorage(db, 'customers', created.id)).toEqual(created);
        const updated = await updateCustomer(db, created.id, b.value, meta(1000));
        expect(await fromStorage(db, 'customers', created.id)).toEqual(updated);
        assertNoPrototypePollution();
      }),
      { numRuns: 20 },
    );
  });

  test('lone surrogates and markup in notes, subjects and comments survive storage unchanged', async () => {
    const db = await open();
    const c = validateCustomer({ ...emptyCustomerInput(), givenName: 'Ada' }, opts);
    if (!c.ok) throw new Error('invalid base customer');
    const customer = await createCustomer(db, c.value, meta());
    for (const value of [...LONE_SURROGATES, ...SCRIPT_PAYLOADS, '\u202Egpj.exe', 'a\u200Bb\uFEFF']) {
      const i = await addInteraction(
        db,
        interactionFields(customer.id, { subject: value, notes: value, outcome: value }),
        meta(),
      );
      const s = await addSurvey(db, surveyFields(customer.id, { comment: value }), meta());
      const storedI = await db.interactions.findOne(i.id).exec();
      const storedS = await db.surveys.findOne(s.id).exec();
      expect([storedI?.subject, storedI?.notes, storedI?.outcome, storedS?.comment]).toEqual([
        value,
        value,
        value,
        value,
      ]);
    }
  });

  test('searching with a hostile query does not throw', async () => {
    const db = await open();
    await fc.assert(
      fc.asyncProperty(hostileString(), async (query) => {
        const found = await searchCustomers(db, query, { sort: 'name', limit: 5 });
        expect(Array.isArray(found)).toBe(true);
      }),
      { numRuns: 25 },
    );
  });
});
