// Erasure across devices, through a real CouchDB-protocol server on 127.0.0.1: a customer erased on
// device A leaves none of its personal values on device B (documents and tombstones) or in the
// server's current documents (deleted ones included), and B has the erasure's audit entry.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getChangedDocumentsSince, type RxCollection } from 'rxdb';
import type { SyncServer } from '../../scripts/sync-server.mjs';
import type { SyncUser } from '../../scripts/sync-setup.mjs';
import { createCustomer, updateCustomer } from '../../src/data/repos/customers';
import { addInteraction, addOrder, addSurvey } from '../../src/data/repos/activity';
import { eraseCustomer } from '../../src/data/repos/privacy';
import { redactAuditOf } from '../../src/data/repos/audit';
import { customerFields, interactionFields, orderFields, surveyFields } from '../factories/customer';
import { http } from './helpers';
import { SERVERS } from './servers';
import { device, eventually, startSync, statusWhere, storage, type Device } from './devices';

// Six collections a device: two devices stay within the free edition's 13 per realm.
const COLLECTIONS = ['customers', 'orders', 'interactions', 'surveys', 'audit', 'synclog'] as const;
const SECRET = {
  phone: '+4930555017788',
  email: 'xanthippe.q@example.org',
  name: 'Quistgaard',
  note: 'allergic to hazelnuts',
  subject: 'Spoke about the wedding order',
  comment: 'courier was rude',
};

/** Every document of the device's collections, deleted ones included, as JSON text. */
async function deviceText(d: Device): Promise<string> {
  const texts: string[] = [];
  for (const name of COLLECTIONS) {
    const coll = d.db.collections[name] as RxCollection | undefined;
    if (!coll) continue;
    const changed = await getChangedDocumentsSince(coll.storageInstance, 100_000);
    texts.push(JSON.stringify(changed.documents));
  }
  return texts.join('\n');
}

/**
 * Everything the device's storage holds, raw (below RxDB's collections): every collection of its
 * database, RxDB's internal store and the replication meta (the server's last-known versions)
 * included, deleted documents included.
 */
async function rawDeviceText(d: Device): Promise<string> {
  const texts: string[] = [];
  // The memory storage applies a write to its maps when idle: wait for those first.
  const pending: Promise<void>[] = [];
  for (const internals of storage.collectionStates.values())
    if (internals.ensurePersistenceIdlePromise) pending.push(internals.ensurePersistenceIdlePromise);
  await Promise.all(pending);
  for (const [key, internals] of storage.collectionStates)
    if (key.startsWith(`${d.db.name}--memory--`)) texts.push(key, JSON.stringify([...internals.documents.values()]));
  expect(texts.some((t) => t.includes('rx-replication-meta-'))).toBe(true);
  return texts.join('\n');
}

const meta = (by: string) => ({ now: Date.now(), by });
/** The customer's fields holding the secrets (rep's record). */
const fields = customerFields({
  familyName: SECRET.name,
  phone: SECRET.phone,
  email: SECRET.email,
  notes: SECRET.note,
  ownerId: 'rep',
});

/** The rep creates the customer on `a` with an order, a visit and a survey: five places secrets live. */
async function customerWithSecrets(a: Device): Promise<{ id: string }> {
  const c = await createCustomer(a.db, fields, meta('rep'));
  await addOrder(a.db, orderFields(c.id), meta('rep'));
  await addInteraction(a.db, interactionFields(c.id, { subject: SECRET.subject }), meta('rep'));
  await addSurvey(a.db, surveyFields(c.id, { comment: SECRET.comment }), meta('rep'));
  return c;
}

describe.each(SERVERS)('on $name', (target) => {
  let server: SyncServer;
  const user = (name: string): SyncUser => {
    const u = server.users.find((x) => x.name === name);
    if (!u) throw new Error(`no demo user ${name}`);
    return u;
  };
  const open: Device[] = [];
  const dev = async (name: string) => {
    const d = await device(server.url, user(name), COLLECTIONS);
    open.push(d);
    return d;
  };
  /** The server's current documents of every Fieldbook database, deleted ones included, as JSON text. */
  async function serverText(): Promise<string> {
    const texts: string[] = [];
    for (const name of ['customers', 'orders', 'interactions', 'surveys', 'audit']) {
      const res = await http(server.url, 'GET', `fieldbook-${name}/_changes?include_docs=true`, { as: server.admin });
      expect(res.status).toBe(200);
      texts.push(JSON.stringify(res.json));
    }
    return texts.join('\n');
  }

  beforeAll(async () => {
    server = await target.start();
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((d) => d.close()));
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('erasing on device A leaves nothing personal on device B or in the server’s current documents', async () => {
    const a = await dev('rep');
    const b = await dev('admin');
    await startSync(a, server.url);
    await startSync(b, server.url);
    const c = await customerWithSecrets(a);
    await updateCustomer(a.db, c.id, { ...fields, city: 'Potsdam' }, meta('rep'));
    // B has everything, the audit trail included.
    await eventually(
      async () => (await b.db.audit.find({ selector: { customerId: c.id } }).exec()).length,
      (n) => n === 5,
      'B has the five audit entries',
    );
    await eventually(
      async () => (await b.db.surveys.find({ selector: { customerId: c.id } }).exec()).length,
      (n) => n === 1,
      'B has the survey',
    );
    expect(await deviceText(b)).toContain(SECRET.phone);

    await eraseCustomer(a.db, c.id, meta('rep'));
    await eventually(
      async () => (await b.db.audit.find({ selector: { customerId: c.id, action: 'erase' } }).exec()).length,
      (n) => n === 1,
      'B has the erasure entry',
    );
    await a.sync.awaitInSync();
    await b.sync.awaitInSync();
    await eventually(
      () => deviceText(b),
      (text) => Object.values(SECRET).every((v) => !text.includes(v)),
      'B holds none of the personal values',
    );
    expect(await b.db.customers.findOne(c.id).exec()).toBeNull();
    expect(await b.db.orders.find({ selector: { customerId: c.id } }).exec()).toEqual([]);
    const onServer = await serverText();
    for (const v of Object.values(SECRET)) expect(onServer, v).not.toContain(v);
    // The server has the erasure and the (blanked) history, so every device can tell what happened.
    expect(onServer).toContain('"action":"erase"');
    expect(onServer).toContain('"action":"update"');
    const onA = await deviceText(a);
    for (const v of Object.values(SECRET)) expect(onA, v).not.toContain(v);
  });

  it('erasing while the server is unreachable leaves nothing personal on A at once, and wins over an edit B made meanwhile', async () => {
    const a = await dev('rep');
    const b = await dev('admin');
    let unreachable = false;
    const aFetch: typeof fetch = (input, init) =>
      unreachable ? Promise.reject(new TypeError('Failed to fetch')) : fetch(input, init);
    await a.sync.start({ serverUrl: server.url, auth: a.auth, fetch: aFetch });
    await startSync(b, server.url);
    const c = await customerWithSecrets(a);
    await eventually(
      async () => (await b.db.surveys.find({ selector: { customerId: c.id } }).exec()).length,
      (n) => n === 1,
      'B has the survey',
    );
    await a.sync.awaitInSync();
    await b.sync.awaitInSync();
    // A's replication meta holds the server's copy of the customer: what the erasure must blank.
    expect(await rawDeviceText(a)).toContain(SECRET.phone);

    // B goes offline and edits the customer; A loses the server and erases the customer.
    await b.sync.stop();
    const edited = 'also allergic to walnuts';
    // A readable field: B's own audit entry of the edit holds its before/after values.
    const movedTo = 'Quedlinburg-Ost';
    await updateCustomer(b.db, c.id, { ...fields, notes: edited, city: movedTo }, meta('admin'));
    expect(await deviceText(b)).toContain(movedTo);
    unreachable = true;
    await eraseCustomer(a.db, c.id, meta('rep'));
    const onA = await rawDeviceText(a);
    for (const v of Object.values(SECRET)) expect(onA, v).not.toContain(v);
    // Nothing reached the server yet.
    expect(await serverText()).toContain(SECRET.phone);

    // B comes back first: its edit reaches the server. Then A: its erasure replaces it.
    await startSync(b, server.url);
    await b.sync.awaitInSync();
    expect(await serverText()).toContain(edited);
    expect(await serverText()).toContain(movedTo);
    // A's sync starts again (as after a reload) before it pulls B's edit: its pull of B's edit can
    // race the push of the erasure (own-writes.ts), and the new run knows of the erasure only from
    // the stored tombstone.
    await a.sync.stop();
    unreachable = false;
    await a.sync.start({ serverUrl: server.url, auth: a.auth, fetch: aFetch });
    await statusWhere(a, (s) => s.phase === 'up-to-date' && s.pending === 0, 'A pushes the erasure', 30_000);
    await a.sync.awaitInSync();
    // B's audit entry reached the server before A's erasure: A redacts it when it pulls it, B when
    // it pulls the erasure (erasure-follower.ts); no entry anywhere keeps the city B typed.
    const personal = [...Object.values(SECRET), edited, movedTo];
    await eventually(
      () => serverText(),
      (text) => personal.every((v) => !text.includes(v)),
      'the server holds none of the personal values',
    );
    await eventually(
      () => rawDeviceText(b),
      (text) => personal.every((v) => !text.includes(v)),
      'B holds none of the personal values',
    );
    expect(await b.db.customers.findOne(c.id).exec()).toBeNull();
    await eventually(
      () => rawDeviceText(a),
      (text) => personal.every((v) => !text.includes(v)),
      'A holds none of the personal values',
    );
    const entries = await b.db.audit.find({ selector: { customerId: c.id, action: 'update' } }).exec();
    expect(entries.length).toBeGreaterThan(0);
    for (const e of entries) expect(e.erasedAt, e.id).toBeGreaterThan(0);
    // Settled: both devices and the server hold the same redacted entries, nothing left to push.
    await a.sync.awaitInSync();
    await b.sync.awaitInSync();
    expect(a.sync.status.pending).toBe(0);
    expect(b.sync.status.pending).toBe(0);
    // No redaction was refused by the server (a second redaction of an entry would be).
    for (const d of [a, b]) expect(await d.db.synclog.find({ selector: { kind: 'rejected' } }).exec()).toEqual([]);
  });

  it('a redaction that another device’s redaction beats to the server settles on the server’s, with nothing rejected', async () => {
    const a = await dev('rep');
    let beat: (() => Promise<void>) | null = null;
    const aFetch: typeof fetch = async (input, init) => {
      const race = beat;
      if (race && String(input instanceof Request ? input.url : input).includes('fieldbook-audit/_bulk_docs')) {
        beat = null;
        await race();
      }
      return fetch(input, init);
    };
    await a.sync.start({ serverUrl: server.url, auth: a.auth, fetch: aFetch });
    const fields = customerFields({ familyName: SECRET.name, ownerId: 'rep' });
    const c = await createCustomer(a.db, fields, meta('rep'));
    await updateCustomer(a.db, c.id, { ...fields, city: 'Quedlinburg-Ost' }, meta('rep'));
    await a.sync.awaitInSync();
    const [entry] = await a.db.audit.find({ selector: { customerId: c.id, action: 'update' } }).exec();
    if (!entry) throw new Error('no update entry');
    // Between A's look-up and its write, another device's redaction of the entry reaches the server.
    beat = async () => {
      const path = `fieldbook-audit/${entry.id}`;
      const current = (await http(server.url, 'GET', path, { as: server.admin })).json as Record<string, unknown>;
      const changes = (current.changes as { field: string; sealed: boolean }[]).map((ch) => ({
        ...ch,
        before: '',
        after: '',
      }));
      const res = await http(server.url, 'PUT', path, {
        as: server.admin,
        body: { ...current, changes, erasedAt: 1, updatedBy: 'admin' },
      });
      expect(res.status).toBeLessThan(300);
    };
    await redactAuditOf(a.db, c.id, meta('rep'));
    await eventually(
      async () => (await a.db.audit.findOne(entry.id).exec())?.erasedAt,
      (at) => at === 1,
      'A keeps the server’s redaction',
    );
    expect(beat).toBeNull();
    await a.sync.awaitInSync();
    expect(await a.db.synclog.find({ selector: { kind: 'rejected' } }).exec()).toEqual([]);
  });
});
