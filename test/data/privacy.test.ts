// Privacy requests against the real database (RxDB + Dexie over fake-indexeddb, the app's
// background followers running): a customer's data export, and erasure that leaves nothing
// personal anywhere in IndexedDB on this device, tombstones and derived rows included.
import { describe, expect, test } from 'vitest';
import { createCustomer } from '../../src/data/repos/customers';
import { addInteraction, addOrder, addSurvey } from '../../src/data/repos/activity';
import { allAuditOf } from '../../src/data/repos/audit';
import { eraseCustomer, exportCustomerData } from '../../src/data/repos/privacy';
import { mergeCustomers } from '../../src/data/merge/merge';
import { startBackgroundWork } from '../../src/data/derived/background';
import { customerFields, interactionFields, meta, orderFields, surveyFields } from '../factories/customer';
import { openTestDb, uniqueDbName } from './setup';
import { rawIndexedDbText } from './raw-idb';

/** Values that must not survive an erasure (each unusual enough to be found only where it was put). */
const SECRET = {
  given: 'Xanthippe',
  family: 'Quistgaard',
  email: 'xanthippe.q@example.org',
  otherEmail: 'xq.private@example.net',
  phone: '+4930555017788',
  company: 'Zephyrine Weavers',
  street: 'Holunderweg 77',
  note: 'allergic to hazelnuts',
  subject: 'Spoke about the wedding order',
  comment: 'courier was rude',
  tag: 'platinumzebra',
};

function person() {
  return customerFields({
    givenName: SECRET.given,
    familyName: SECRET.family,
    email: SECRET.email,
    otherEmails: [SECRET.otherEmail],
    phone: SECRET.phone,
    company: SECRET.company,
    street: SECRET.street,
    notes: SECRET.note,
    tags: [SECRET.tag],
    country: 'DE',
  });
}

describe('privacy requests', () => {
  test('export holds the customer, every order, interaction and survey, the consent history and the audit trail', async () => {
    const db = await openTestDb();
    const c = await createCustomer(
      db,
      {
        ...person(),
        consent: {
          email: { status: 'granted', at: meta(0).now, source: 'webForm' },
          sms: { status: 'unknown', at: 0, source: '' },
          phone: { status: 'unknown', at: 0, source: '' },
        },
      },
      meta(0),
    );
    for (let i = 0; i < 3; i++) await addOrder(db, orderFields(c.id, { orderedAt: meta(i * 1000).now }), meta(i));
    await addInteraction(db, interactionFields(c.id, { subject: SECRET.subject }), meta(10));
    await addSurvey(db, surveyFields(c.id, { comment: SECRET.comment }), meta(20));
    const other = await createCustomer(db, customerFields({ givenName: 'Someone', familyName: 'Else' }), meta(30));
    await addOrder(db, orderFields(other.id), meta(31));

    const data = await exportCustomerData(db, c.id, meta(5000, 'rep'));
    expect(data?.customer).toMatchObject({ id: c.id, givenName: SECRET.given, notes: SECRET.note });
    expect(data?.orders).toHaveLength(3);
    expect(data?.orders.every((o) => o.customerId === c.id)).toBe(true);
    expect(data?.interactions.map((i) => i.subject)).toEqual([SECRET.subject]);
    expect(data?.surveys.map((s) => s.comment)).toEqual([SECRET.comment]);
    expect(data?.consentHistory).toEqual([expect.objectContaining({ channel: 'email', status: 'granted' })]);
    expect(data?.audit.map((e) => e.action)).toEqual(['create', 'create', 'create', 'create', 'create', 'create']);
    // The export itself is on the trail.
    expect((await allAuditOf(db, c.id)).at(-1)).toMatchObject({ action: 'export', by: 'rep' });
  });

  test('erase leaves nothing personal in IndexedDB (documents, tombstones, derived rows, merged twin) and one audit entry', async () => {
    const name = uniqueDbName('erase');
    const db = await openTestDb(name);
    const background = startBackgroundWork(db, { rebuild: false });
    const c = await createCustomer(db, person(), meta(0));
    // A twin merged into it earlier: the same person, whose merge decision holds copies of both.
    const twin = await createCustomer(db, { ...person(), phone: '', email: 'xanthippe.twin@example.org' }, meta(1));
    await addOrder(db, orderFields(twin.id), meta(2));
    await mergeCustomers(db, c.id, [twin.id], {}, 'test-user', meta(3).now);
    await addOrder(
      db,
      orderFields(c.id, {
        items: [{ sku: 'VR-1', name: 'Velvet ribbon', qty: 3, unitPriceMinor: 400 }],
        totalMinor: 1200,
      }),
      meta(4),
    );
    await addInteraction(db, interactionFields(c.id, { subject: SECRET.subject, notes: SECRET.note }), meta(5));
    await addSurvey(db, surveyFields(c.id, { comment: SECRET.comment }), meta(6));
    const bystander = await createCustomer(db, customerFields({ givenName: 'Bystander', tags: ['keep'] }), meta(7));
    await background.idle();
    const before = await rawIndexedDbText(name);
    for (const v of Object.values(SECRET)) expect(before, v).toContain(v);

    const result = await eraseCustomer(db, c.id, meta(10_000, 'rep'));
    await background.idle();

    expect(result?.deleted).toBe(2 + 2 + 1 + 1 + 1); // two records, two orders, one interaction, one survey, one merge decision
    expect(await db.customers.findOne(c.id).exec()).toBeNull();
    expect(await db.customers.findOne(twin.id).exec()).toBeNull();
    const raw = await rawIndexedDbText(name);
    for (const v of [
      ...Object.values(SECRET),
      'xanthippe.twin@example.org',
      'xanthippe',
      'quistgaard',
      'Velvet ribbon',
    ])
      expect(raw.toLowerCase(), v).not.toContain(v.toLowerCase());
    // What is kept: the erasure itself (no personal data), the other customer untouched.
    const trail = await allAuditOf(db, c.id);
    expect(trail.at(-1)).toMatchObject({ action: 'erase', by: 'rep', count: 7, changes: [] });
    expect(trail.slice(0, -1).every((e) => e.erasedAt === meta(10_000).now || e.changes.length === 0)).toBe(true);
    expect(
      trail
        .slice(0, -1)
        .flatMap((e) => e.changes)
        .every((ch) => ch.before === '' && ch.after === ''),
    ).toBe(true);
    expect(await db.customers.findOne(bystander.id).exec()).not.toBeNull();
    expect(raw).toContain('Bystander');
    background.stop();
  });
});
