// The customer record's newer fields against the real database (RxDB + Dexie over fake-indexeddb):
// every field saved and read back, consent history written on each change, and a merge that keeps
// the Chinese name with its romanised twin as an alias (and Undo putting both records back).
import { describe, expect, test } from 'vitest';
import { createCustomer, customerById$, updateCustomer } from '../../src/data/repos/customers';
import { mergeCustomers } from '../../src/data/merge/merge';
import { fieldsOf } from '../../src/data/merge/records';
import { undoMerge } from '../../src/data/merge/undo';
import { emptyConsent } from '../../src/domain/consent';
import type { CustomerFields } from '../../src/domain/types';
import type { FieldbookDatabase } from '../../src/data/db/database';
import { firstValueFrom } from 'rxjs';
import { customerFields, meta, T0 } from '../factories/customer';
import { openTestDb } from './setup';

const reload = async (db: FieldbookDatabase, id: string) => {
  const doc = await firstValueFrom(customerById$(db, id));
  if (!doc) throw new Error(`customer ${id} missing`);
  return doc;
};

const everyField: CustomerFields = customerFields({
  givenName: 'bell',
  familyName: 'hooks',
  email: 'bell@example.com',
  phone: '+12125550100',
  otherEmails: ['gloria@example.org'],
  otherPhones: ['+12125550111', '+8613800138000'],
  aliases: ['Gloria Jean Watkins'],
  company: 'Acme',
  jobTitle: 'Author',
  street: '12 Main St',
  city: 'Springfield',
  postcode: '62701',
  region: 'IL',
  country: 'US',
  birthDate: '1952-09-25',
  tags: ['vip'],
  preferredLanguage: 'en',
  notes: 'line 1\nline 2',
  ownerId: 'alice',
  consent: {
    email: { status: 'granted', at: T0 - 5000, source: 'webForm' },
    sms: { status: 'refused', at: T0 - 4000, source: 'phoneCall' },
    phone: { status: 'unknown', at: 0, source: '' },
  },
});

describe('saving the record', () => {
  test('every field is stored and read back exactly; consent changes start the history', async () => {
    const db = await openTestDb();
    const created = await createCustomer(db, everyField, meta(0, 'alice'));
    const back = await reload(db, created.id);
    expect(fieldsOf(back)).toEqual({
      ...everyField,
      consentHistory: [
        { channel: 'email', status: 'granted', at: T0 - 5000, source: 'webForm', changedAt: T0, changedBy: 'alice' },
        { channel: 'sms', status: 'refused', at: T0 - 4000, source: 'phoneCall', changedAt: T0, changedBy: 'alice' },
      ],
    });
  });

  test('an edit that changes consent adds who/when/how; an edit that does not adds nothing; nothing is dropped', async () => {
    const db = await openTestDb();
    const created = await createCustomer(db, everyField, meta(0, 'alice'));
    // An unrelated edit: same consent → no entry.
    await updateCustomer(db, created.id, { ...fieldsOf(created), jobTitle: 'Writer' }, meta(1000, 'bob'));
    expect((await reload(db, created.id)).consentHistory).toHaveLength(2);
    // Withdrawal of email consent, recorded by bob.
    const now = await reload(db, created.id);
    const withdrawn = {
      ...now.consent,
      email: { status: 'refused' as const, at: T0 + 1500, source: 'email' as const },
    };
    await updateCustomer(db, created.id, { ...fieldsOf(now), consent: withdrawn }, meta(2000, 'bob'));
    const after = await reload(db, created.id);
    expect(after.consent.email).toEqual({ status: 'refused', at: T0 + 1500, source: 'email' });
    expect(after.consentHistory.at(-1)).toEqual({
      channel: 'email',
      status: 'refused',
      at: T0 + 1500,
      source: 'email',
      changedAt: T0 + 2000,
      changedBy: 'bob',
    });
    // A writer that hands in an empty history (e.g. an older form) cannot erase the stored one.
    await updateCustomer(db, created.id, { ...fieldsOf(after), consentHistory: [] }, meta(3000, 'carol'));
    expect((await reload(db, created.id)).consentHistory).toEqual(after.consentHistory);
  });
});

describe('merging a Chinese name with its romanised twin', () => {
  const han = customerFields({
    givenName: '伟',
    familyName: '张',
    phone: '+8613800138000',
    country: 'CN',
    consent: { ...emptyConsent(), sms: { status: 'granted', at: T0 - 100, source: 'event' } },
  });
  const latin = customerFields({
    givenName: 'Wei',
    familyName: 'Zhang',
    phone: '+12125550111',
    email: 'wei@example.com',
  });

  test('the hanzi name survives (even merging into the romanised record), the twin is an alias, the second phone is kept', async () => {
    const db = await openTestDb();
    const a = await createCustomer(db, han, meta(0));
    // The romanised record is newer and is the one kept: its name still does not replace the hanzi.
    const b = await createCustomer(db, latin, meta(1000));
    await mergeCustomers(db, b.id, [a.id], {}, 'rep-1', T0 + 2000);
    const kept = await reload(db, b.id);
    expect([kept.familyName, kept.givenName]).toEqual(['张', '伟']);
    expect(kept.aliases).toEqual(['Wei Zhang']);
    expect([kept.phone, ...kept.otherPhones].sort()).toEqual(['+12125550111', '+8613800138000']);
    expect(kept.email).toBe('wei@example.com');
    expect(kept.consent.sms.status).toBe('granted');
    // The sms entry came from 张伟's record; the merge adds no duplicate of it.
    expect(kept.consentHistory.filter((h) => h.channel === 'sms')).toHaveLength(1);
  });

  test('undo puts both records back exactly', async () => {
    const db = await openTestDb();
    const a = await createCustomer(db, han, meta(0));
    const b = await createCustomer(db, latin, meta(1000));
    const before = [await reload(db, a.id), await reload(db, b.id)];
    const merged = await mergeCustomers(db, b.id, [a.id], {}, 'rep-1', T0 + 2000);
    await undoMerge(db, merged.mergeId, 'rep-1', T0 + 3000);
    const after = [await reload(db, a.id), await reload(db, b.id)];
    expect(after.map(fieldsOf)).toEqual(before.map(fieldsOf));
  });
});
