// Two devices (two app databases) replicating through a real CouchDB-compatible server on
// 127.0.0.1: convergence, conflicts into the conflict log, edit versus delete, offline edits,
// schema-breaking server documents, rejected writes, 401 mid-stream.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SyncServer } from '../../scripts/sync-server.mjs';
import { SERVERS } from './servers';
import type { SyncUser } from '../../scripts/sync-setup.mjs';
import { createCustomer, deleteCustomer, updateCustomer } from '../../src/data/repos/customers';
import type { CustomerDoc } from '../../src/data/db/schemas';
import type { CustomerFields } from '../../src/domain/types';
import { CUSTOMER_FIELD_NAMES } from '../../src/domain/customer-fields';
import type { SyncLogDoc } from '../../src/data/sync/schemas';
import { signIn } from '../../src/data/sync/session';
import { discardRejected, restoreConflictValue, retryRejected } from '../../src/data/sync/sync-log';
import { customerFields, orderFields } from '../factories/customer';
import { addOrder } from '../../src/data/repos/activity';
import { customerOnServer, http } from './helpers';
import { SyncController } from '../../src/data/sync/controller';
import { device, eventually, FAST, logEntries, startSync, statusWhere, type Device } from './devices';

describe.each(SERVERS)('on $name', (target) => {
  let server: SyncServer;
  const user = (name: string): SyncUser => {
    const u = server.users.find((x) => x.name === name);
    if (!u) throw new Error(`no demo user ${name}`);
    return u;
  };
  const open: Device[] = [];
  const dev = async (name: string) => {
    const d = await device(server.url, user(name));
    open.push(d);
    return d;
  };
  const fieldsOf = (doc: CustomerDoc): CustomerFields => {
    const fields = {} as Record<keyof CustomerFields, unknown>;
    for (const f of CUSTOMER_FIELD_NAMES) fields[f] = doc[f];
    return fields as CustomerFields;
  };
  const get = async (d: Device, id: string) => (await d.db.customers.findOne(id).exec())?.toMutableJSON() ?? null;
  const onServer = async (id: string) =>
    (await http(server.url, 'GET', `fieldbook-customers/${id}`, { as: server.admin })).json;

  beforeAll(async () => {
    server = await target.start();
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((d) => d.close()));
  });
  afterAll(async () => {
    await server?.stop();
  });

  /** A customer created on A and seen by B, both then stopped ("offline"). */
  async function sharedCustomer(a: Device, b: Device, fields = customerFields({ notes: 'start', tags: ['fair'] })) {
    await startSync(a, server.url);
    await startSync(b, server.url);
    const doc = await createCustomer(a.db, fields, { now: 1_000, by: a.name });
    await eventually(
      () => get(b, doc.id),
      (c) => c !== null,
      'B sees the customer',
    );
    await a.sync.awaitInSync();
    await b.sync.awaitInSync();
    await a.sync.stop();
    await b.sync.stop();
    return doc;
  }

  describe('two devices', () => {
    it('a customer created on one device appears on the other, with the signed-in user as updatedBy', async () => {
      const a = await dev('rep');
      const b = await dev('admin');
      await startSync(a, server.url);
      await startSync(b, server.url);
      const doc = await createCustomer(a.db, customerFields({ givenName: 'Zoë', ownerId: 'rep' }), {
        now: Date.now(),
        by: 'rep',
      });
      const seen = await eventually(
        () => get(b, doc.id),
        (c) => c !== null,
        'B sees it',
      );
      expect(seen).toMatchObject({ givenName: 'Zoë', updatedBy: 'rep', ownerId: 'rep', nameKey: doc.nameKey });
      expect(await onServer(doc.id)).toMatchObject({ _id: doc.id, givenName: 'Zoë' });
      await statusWhere(a, (s) => s.phase === 'up-to-date' && s.pending === 0 && s.lastSyncAt !== null, 'A up to date');
    });

    it("a device does not fetch its own pushed documents back from the feed, but does fetch the other device's", async () => {
      const a = await dev('rep');
      const b = await dev('admin');
      // Every document body the server sends to A (changes with documents, _bulk_get).
      const fetchedByA: string[] = [];
      const recording: typeof fetch = async (input, init) => {
        const res = await fetch(input, init);
        const url = String(input instanceof Request ? input.url : input);
        if (!url.includes('include_docs=true') && !url.includes('_bulk_get')) return res;
        const body = (await res.clone().json()) as {
          results?: { doc?: { _id: string }; docs?: { ok?: { _id: string } }[] }[];
        };
        for (const r of body.results ?? []) {
          if (r.doc) fetchedByA.push(r.doc._id);
          for (const d of r.docs ?? []) if (d.ok) fetchedByA.push(d.ok._id);
        }
        return res;
      };
      await a.sync.start({ serverUrl: server.url, auth: a.auth, fetch: recording });
      await startSync(b, server.url);
      const own = await Promise.all(
        [1, 2, 3].map((i) =>
          createCustomer(a.db, customerFields({ givenName: `Own${i}`, ownerId: 'rep' }), {
            now: Date.now(),
            by: 'rep',
          }),
        ),
      );
      await eventually(
        () => Promise.all(own.map((d) => get(b, d.id))),
        (docs) => docs.every((d) => d !== null),
        'B has A’s customers',
      );
      await a.sync.awaitInSync();
      const fromB = await createCustomer(b.db, customerFields({ givenName: 'FromB' }), {
        now: Date.now(),
        by: 'admin',
      });
      await eventually(
        () => get(a, fromB.id),
        (c) => c?.givenName === 'FromB',
        'A has B’s customer',
      );
      // An edit B makes to one of A's documents is a new revision: A fetches that one.
      const first = own[0] as CustomerDoc;
      await updateCustomer(
        b.db,
        first.id,
        { ...fieldsOf(first), notes: 'edited on B' },
        { now: Date.now(), by: 'admin' },
      );
      await eventually(
        () => get(a, first.id),
        (c) => c?.notes === 'edited on B',
        'A has B’s edit',
      );
      expect(fetchedByA).toContain(fromB.id);
      expect(fetchedByA.filter((id) => id === first.id)).toHaveLength(1);
      expect(fetchedByA.filter((id) => own.some((d) => d.id === id) && id !== first.id)).toEqual([]);
    });

    it('an order reaches the other device live too (other databases are checked whenever the customers feed returns)', async () => {
      const a = await device(server.url, user('rep'), ['customers', 'orders', 'synclog']);
      const b = await device(server.url, user('admin'), ['customers', 'orders', 'synclog']);
      open.push(a, b);
      await startSync(a, server.url);
      await startSync(b, server.url);
      await statusWhere(b, (s) => s.phase === 'up-to-date', 'B up to date');
      const order = await addOrder(a.db, orderFields('some-customer'), { now: Date.now(), by: 'rep' });
      await eventually(
        async () => (await b.db.orders.findOne(order.id).exec())?.toMutableJSON() ?? null,
        (o) => o?.totalMinor === order.totalMinor,
        'B has the order',
      );
    });

    it('concurrent edits to different fields: both kept on both devices, nothing in the conflict log', async () => {
      const a = await dev('rep');
      const b = await dev('admin');
      const doc = await sharedCustomer(a, b);
      await updateCustomer(a.db, doc.id, { ...fieldsOf(doc), company: 'Acme' }, { now: 2_000, by: 'rep' });
      await updateCustomer(b.db, doc.id, { ...fieldsOf(doc), city: 'Lyon' }, { now: 3_000, by: 'admin' });
      await startSync(a, server.url);
      await a.sync.awaitInSync();
      await startSync(b, server.url);
      const want = (c: CustomerDoc | null) => c?.company === 'Acme' && c.city === 'Lyon';
      const onA = await eventually(() => get(a, doc.id), want, 'A merged');
      const onB = await eventually(() => get(b, doc.id), want, 'B merged');
      expect(fieldsOf(onA as CustomerDoc)).toEqual(fieldsOf(onB as CustomerDoc));
      // The derived search keys follow the merged fields.
      expect(onB?.companyKey).toBe('acme');
      expect(await logEntries(a, 'conflict')).toEqual([]);
      expect(await logEntries(b, 'conflict')).toEqual([]);
    });

    it('the same field edited on both: the newer edit wins everywhere and the loser is in the conflict log with who and when', async () => {
      const a = await dev('rep');
      const b = await dev('admin');
      const doc = await sharedCustomer(a, b);
      await updateCustomer(a.db, doc.id, { ...fieldsOf(doc), notes: 'older note from A' }, { now: 2_000, by: 'rep' });
      await updateCustomer(b.db, doc.id, { ...fieldsOf(doc), notes: 'newer note from B' }, { now: 5_000, by: 'admin' });
      // A pushes first; B's push then conflicts and B's handler merges.
      await startSync(a, server.url);
      await a.sync.awaitInSync();
      await startSync(b, server.url);
      await eventually(
        () => get(a, doc.id),
        (c) => c?.notes === 'newer note from B',
        'A gets the newer note',
      );
      await eventually(
        () => get(b, doc.id),
        (c) => c?.notes === 'newer note from B',
        'B keeps its note',
      );
      expect(await onServer(doc.id)).toMatchObject({ notes: 'newer note from B' });
      const [entry, ...more] = await logEntries(b, 'conflict');
      expect(more).toEqual([]);
      expect(entry).toMatchObject({ coll: 'customers', docId: doc.id, field: 'notes', state: 'open' });
      expect(JSON.parse(entry?.body ?? '{}')).toMatchObject({
        kept: 'newer note from B',
        lost: 'older note from A',
        lostBy: 'rep',
        lostAt: 2_000,
        keptBy: 'admin',
        keptAt: 5_000,
      });
      // "Restore this value" on B: the losing value comes back and replicates to A.
      await restoreConflictValue(b.db, entry as SyncLogDoc, { now: 9_000, by: 'admin' });
      await eventually(
        () => get(a, doc.id),
        (c) => c?.notes === 'older note from A',
        'restored value replicates',
      );
      expect((await logEntries(b, 'conflict'))[0]?.state).toBe('done');
    });

    it('edit versus delete: the edit survives on both devices and the delete is logged', async () => {
      const a = await dev('rep');
      const b = await dev('admin');
      const doc = await sharedCustomer(a, b, customerFields({ ownerId: 'rep', notes: 'x' }));
      await deleteCustomer(a.db, doc.id);
      await updateCustomer(b.db, doc.id, { ...fieldsOf(doc), notes: 'called back' }, { now: 4_000, by: 'admin' });
      await startSync(a, server.url);
      await a.sync.awaitInSync();
      const rows = await http(server.url, 'POST', 'fieldbook-customers/_all_docs', {
        as: server.admin,
        body: { keys: [doc.id] },
      });
      expect(rows.json.rows).toMatchObject([{ id: doc.id, value: { deleted: true } }]);
      await startSync(b, server.url);
      await eventually(
        () => get(a, doc.id),
        (c) => c?.notes === 'called back',
        'A has the customer back with the edit',
      );
      await eventually(
        () => get(b, doc.id),
        (c) => c?.notes === 'called back',
        'B keeps it',
      );
      expect((await logEntries(b, 'conflict')).map((e) => e.field)).toEqual(['_deleted']);
    });

    it('offline edits are pushed after reconnecting', async () => {
      const a = await dev('rep');
      const b = await dev('admin');
      const doc = await sharedCustomer(a, b);
      const ids: string[] = [];
      for (let i = 0; i < 5; i++)
        ids.push(
          (await createCustomer(a.db, customerFields({ givenName: `Offline ${i}` }), { now: 10_000 + i, by: 'rep' }))
            .id,
        );
      await updateCustomer(a.db, doc.id, { ...fieldsOf(doc), jobTitle: 'CEO' }, { now: 20_000, by: 'rep' });
      await startSync(b, server.url);
      await startSync(a, server.url);
      await eventually(
        () => get(b, doc.id),
        (c) => c?.jobTitle === 'CEO',
        'B sees the offline edit',
      );
      await eventually(
        async () => (await b.db.customers.findByIds(ids).exec()).size,
        (n) => n === 5,
        'B sees the offline creations',
      );
    });
  });

  describe('server rules and bad data', () => {
    it("a viewer's write is rejected by the server and kept in the rejected list; discard restores the server's version", async () => {
      const rep = await dev('rep');
      const viewer = await dev('viewer');
      const doc = await sharedCustomer(rep, viewer);
      await updateCustomer(
        viewer.db,
        doc.id,
        { ...fieldsOf(doc), notes: 'viewer tried this' },
        { now: 9_000, by: 'viewer' },
      );
      await startSync(viewer, server.url);
      const [entry] = await eventually(
        () => logEntries(viewer, 'rejected'),
        (e) => e.length === 1,
        'a rejected entry',
      );
      expect(entry).toMatchObject({ docId: doc.id, coll: 'customers', state: 'open' });
      expect(entry?.reason).toMatch(/forbidden.*viewer/);
      expect(JSON.parse(entry?.body ?? '{}')).toMatchObject({
        doc: { notes: 'viewer tried this' },
        base: { notes: 'start' },
      });
      expect(await onServer(doc.id)).toMatchObject({ notes: 'start' });
      // Still on the device, not silently dropped.
      expect(await get(viewer, doc.id)).toMatchObject({ notes: 'viewer tried this' });
      await statusWhere(viewer, (s) => s.phase === 'up-to-date', 'viewer sync keeps running');
      await discardRejected(viewer.db, entry as SyncLogDoc);
      await eventually(
        () => get(viewer, doc.id),
        (c) => c?.notes === 'start',
        "back to the server's version",
      );
      await viewer.sync.awaitInSync();
      expect(await logEntries(viewer, 'rejected')).toEqual([]);
      expect(await onServer(doc.id)).toMatchObject({ notes: 'start' });
    });

    it('a refusal in a mixed push batch is pinned on the refused document, not its neighbour', async () => {
      // express-pouchdb answers _bulk_docs with the refusals first, then the accepted documents:
      // matching replies by position would log the new customer as rejected and drop the delete.
      const rep = await dev('rep');
      const boss = await dev('admin');
      const theirs = await sharedCustomer(boss, rep, customerFields({ ownerId: 'admin', notes: 'not the rep’s' }));
      const mine = await createCustomer(rep.db, customerFields({ givenName: 'Fresh', ownerId: 'rep' }), {
        now: Date.now(),
        by: 'rep',
      });
      await deleteCustomer(rep.db, theirs.id);
      await startSync(rep, server.url);
      const [entry] = await eventually(
        () => logEntries(rep, 'rejected'),
        (e) => e.length > 0,
        'a rejected entry',
      );
      await rep.sync.awaitInSync();
      expect((await logEntries(rep, 'rejected')).map((e) => e.docId)).toEqual([theirs.id]);
      expect(entry?.reason).toMatch(/forbidden/);
      expect(await onServer(mine.id)).toMatchObject({ givenName: 'Fresh' });
      expect(await onServer(theirs.id)).toMatchObject({ notes: 'not the rep’s' });
      expect(rep.sync.status.pending).toBe(0);
    });

    it('a rejected change retried after the role was fixed reaches the server', async () => {
      const name = `promoted-${Date.now().toString(36)}`;
      const setRoles = (roles: string[], rev?: string) =>
        http(server.url, 'PUT', `_users/org.couchdb.user:${name}`, {
          as: server.admin,
          body: {
            _id: `org.couchdb.user:${name}`,
            name,
            password: 'pw',
            roles,
            type: 'user',
            ...(rev ? { _rev: rev } : {}),
          },
        });
      const created = await setRoles(['fieldbook-viewer']);
      const a = await device(server.url, { name, password: 'pw' });
      open.push(a);
      await startSync(a, server.url);
      const doc = await createCustomer(a.db, customerFields({ givenName: 'Kept' }), { now: Date.now(), by: name });
      const [entry] = await eventually(
        () => logEntries(a, 'rejected'),
        (e) => e.length === 1,
        'rejected',
      );
      expect(entry?.state).toBe('open');
      await setRoles(['fieldbook-rep'], String(created.json.rev));
      await retryRejected(a.db, entry as SyncLogDoc, { now: Date.now(), by: name });
      // Rewriting the user document ended the session (CouchDB does the same): the retry's push is
      // refused with 401, sync stops, and the change waits on the device until the user signs in.
      await statusWhere(a, (st) => st.phase === 'needs-sign-in', 'session ended');
      const again = await signIn(server.url, name, 'pw', 'header');
      if (!again.ok) throw new Error(again.detail);
      expect(again.user.roles).toEqual(['fieldbook-rep']);
      a.auth = again.auth;
      await startSync(a, server.url);
      await eventually(
        () => onServer(doc.id),
        (d) => d.givenName === 'Kept',
        'on the server',
      );
      await eventually(
        () => logEntries(a, 'rejected'),
        (e) => e.length === 0,
        'entry gone once accepted',
      );
    });

    it('a server document that breaks the local schema is quarantined while the others still sync', async () => {
      const a = await dev('rep');
      await startSync(a, server.url);
      const bad = customerOnServer('rep', { givenName: 42, extra: 'by another tool' });
      const good = customerOnServer('rep', { givenName: 'Good' });
      expect(
        (await http(server.url, 'PUT', `fieldbook-customers/${bad._id}`, { as: user('rep'), body: bad })).status,
      ).toBe(201);
      expect(
        (await http(server.url, 'PUT', `fieldbook-customers/${good._id}`, { as: user('rep'), body: good })).status,
      ).toBe(201);
      await eventually(
        () => get(a, good._id),
        (c) => c?.givenName === 'Good',
        'the good document arrives',
      );
      const [q] = await eventually(
        () => logEntries(a, 'quarantine'),
        (e) => e.length === 1,
        'one quarantined',
      );
      expect(q).toMatchObject({ docId: bad._id, coll: 'customers' });
      expect(q?.reason).toMatch(/givenName|extra/);
      expect(await get(a, bad._id)).toBeNull();
      // Later documents keep flowing.
      const later = customerOnServer('rep', { givenName: 'Later' });
      await http(server.url, 'PUT', `fieldbook-customers/${later._id}`, { as: user('rep'), body: later });
      await eventually(
        () => get(a, later._id),
        (c) => c !== null,
        'a later document arrives',
      );
    });

    it('a record another tool broke on the server is quarantined, and an edit on the device replaces it with a valid version', async () => {
      const a = await dev('rep');
      await startSync(a, server.url);
      const doc = customerOnServer('rep', { givenName: 'Valid' });
      const put = await http(server.url, 'PUT', `fieldbook-customers/${doc._id}`, { as: user('rep'), body: doc });
      const local = await eventually(
        () => get(a, doc._id),
        (c) => c !== null,
        'arrives',
      );
      await http(server.url, 'PUT', `fieldbook-customers/${doc._id}`, {
        as: user('rep'),
        body: { ...doc, _rev: put.json.rev, givenName: 42 },
      });
      await eventually(
        () => logEntries(a, 'quarantine'),
        (e) => e.some((q) => q.docId === doc._id),
        'quarantined',
      );
      expect(await get(a, doc._id)).toMatchObject({ givenName: 'Valid' });
      await updateCustomer(
        a.db,
        doc._id,
        { ...fieldsOf(local as CustomerDoc), notes: 'fixed by the app' },
        { now: Date.now(), by: 'rep' },
      );
      await eventually(
        () => onServer(doc._id),
        (d) => d.notes === 'fixed by the app' && d.givenName === 'Valid',
        'the valid version is on the server',
      );
    });

    it('a pull batch made only of unusable documents does not stall the pull (small batches)', async () => {
      for (let i = 0; i < 3; i++) {
        const bad = customerOnServer('rep', { tags: 'not-an-array' });
        await http(server.url, 'PUT', `fieldbook-customers/${bad._id}`, { as: user('rep'), body: bad });
      }
      const good = customerOnServer('rep', { givenName: 'After the bad ones' });
      await http(server.url, 'PUT', `fieldbook-customers/${good._id}`, { as: user('rep'), body: good });
      const a = await dev('rep');
      // Batches of 2: the three broken documents in a row fill a whole batch by themselves.
      const small = new SyncController(a.db, { ...FAST, batchSize: 2 });
      try {
        await small.start({ serverUrl: server.url, auth: a.auth });
        await eventually(
          () => get(a, good._id),
          (c) => c !== null,
          'the document after them arrives',
        );
        expect(
          (await logEntries(a, 'quarantine')).filter((q) => q.reason.includes('tags')).length,
        ).toBeGreaterThanOrEqual(3);
      } finally {
        await small.stop();
      }
    });

    it('a plain HTTP DELETE on the server (a tombstone without fields) deletes the local copy', async () => {
      const a = await dev('admin');
      const doc = customerOnServer('admin', { givenName: 'Doomed' });
      const put = await http(server.url, 'PUT', `fieldbook-customers/${doc._id}`, { as: server.admin, body: doc });
      await startSync(a, server.url);
      await eventually(
        () => get(a, doc._id),
        (c) => c !== null,
        'arrives',
      );
      await http(server.url, 'DELETE', `fieldbook-customers/${doc._id}?rev=${String(put.json.rev)}`, {
        as: server.admin,
      });
      await eventually(
        () => get(a, doc._id),
        (c) => c === null,
        'deleted locally',
      );
      // (The earlier test's broken document is on this server too; this tombstone is not quarantined.)
      expect((await logEntries(a, 'quarantine')).filter((q) => q.docId === doc._id)).toEqual([]);
    });
  });

  describe('auth', () => {
    it('a 401 during live sync stops replication cleanly with "needs sign-in", and signing in again resumes', async () => {
      // Its own user, so changing the password does not disturb other tests.
      const name = `temp-${Date.now().toString(36)}`;
      const setUser = (password: string, rev?: string) =>
        http(server.url, 'PUT', `_users/org.couchdb.user:${name}`, {
          as: server.admin,
          body: {
            _id: `org.couchdb.user:${name}`,
            name,
            password,
            roles: ['fieldbook-rep'],
            type: 'user',
            ...(rev ? { _rev: rev } : {}),
          },
        });
      const created = await setUser('first-pass');
      expect(created.status).toBe(201);
      const a = await device(server.url, { name, password: 'first-pass' });
      open.push(a);
      a.auth = { kind: 'basic', name, password: 'first-pass' };
      await startSync(a, server.url);
      await statusWhere(a, (s) => s.phase === 'up-to-date', 'up to date');
      await setUser('second-pass', String(created.json.rev));
      // The next request (the live feed's or this push) gets a 401.
      await createCustomer(a.db, customerFields({ givenName: 'After' }), { now: Date.now(), by: name });
      const stopped = await statusWhere(a, (s) => s.phase === 'needs-sign-in', 'needs sign-in');
      expect(stopped.error).toMatch(/401/);
      await eventually(
        () => Promise.resolve(a.sync.running),
        (r) => !r,
        'replication stopped',
      );
      a.auth = { kind: 'basic', name, password: 'second-pass' };
      await startSync(a, server.url);
      await statusWhere(a, (s) => s.phase === 'up-to-date' && s.pending === 0, 'resumed');
    });
  });
});
