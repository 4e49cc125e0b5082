// sync:setup against a real CouchDB-compatible server (scripts/sync-server.mjs, in memory, on a
// free loopback port), then the server's rules as each role sees them over plain HTTP.
import { Script } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncServer } from '../../scripts/sync-server.mjs';
import { SERVERS } from './servers';
import {
  COLLECTIONS,
  DEMO_USERS,
  DESIGN_DOC_ID,
  setupCouch,
  type Credentials,
  type SyncUser,
} from '../../scripts/sync-setup.mjs';
import {
  auditSchemaLiteral,
  customerSchemaLiteral,
  decisionSchemaLiteral,
  interactionSchemaLiteral,
  orderSchemaLiteral,
  productSchemaLiteral,
  surveySchemaLiteral,
} from '../../src/data/db/schemas';
import { customerOnServer, http, orderOnServer } from './helpers';

const APP_ORIGIN = 'http://127.0.0.1:4173';
const PREFIX = 'fbtest';
const user = (name: string): SyncUser => {
  const found = DEMO_USERS.find((u) => u.name === name);
  if (!found) throw new Error(`no demo user ${name}`);
  return found;
};
const admin = user('admin');
const rep = user('rep');
const viewer = user('viewer');
const rep2: SyncUser = { name: 'rep2', password: 'rep2-pass', roles: ['fieldbook-rep'] };

describe.each(SERVERS)('on $name', (target) => {
  let server: SyncServer;
  let serverAdmin: Credentials;
  let firstRun: string[];
  const customers = `${PREFIX}-customers/`;
  const orders = `${PREFIX}-orders/`;

  beforeAll(async () => {
    server = await target.start({ setup: false, corsOrigins: [APP_ORIGIN] });
    serverAdmin = server.admin;
    firstRun = await setupCouch({
      url: server.url,
      admin: `${serverAdmin.name}:${serverAdmin.password}`,
      prefix: PREFIX,
      createDemoUsers: true,
      users: [rep2],
    });
  });

  afterAll(async () => {
    await server?.stop();
  });

  describe('sync:setup', () => {
    it('creates one database per replicated collection, not the derived customer tags', async () => {
      const all = await http(server.url, 'GET', '_all_dbs', { as: serverAdmin });
      const ours = (all.json as unknown as string[]).filter((name) => name.startsWith(`${PREFIX}-`)).sort();
      expect(ours).toEqual(
        ['audit', 'customers', 'decisions', 'interactions', 'orders', 'products', 'surveys'].map(
          (c) => `${PREFIX}-${c}`,
        ),
      );
      expect(firstRun).toContain(`database ${PREFIX}-customers: created`);
    });

    it('sets _security: admins by role fieldbook-admin, members by the three roles', async () => {
      for (const collection of Object.keys(COLLECTIONS)) {
        const security = await http(server.url, 'GET', `${PREFIX}-${collection}/_security`, { as: serverAdmin });
        expect(security.json).toEqual({
          admins: { names: [], roles: ['fieldbook-admin'] },
          members: { names: [], roles: ['fieldbook-admin', 'fieldbook-rep', 'fieldbook-viewer'] },
        });
      }
      const anonymous = await http(server.url, 'GET', `${customers}_all_docs`);
      expect(anonymous.status).toBe(401);
    });

    it('creates the users with their roles (the server session says who they are)', async () => {
      for (const u of [admin, rep, viewer, rep2]) {
        const session = await http(server.url, 'GET', '_session', { as: u });
        expect(session.json.userCtx).toEqual({ name: u.name, roles: u.roles });
      }
      const wrong = await http(server.url, 'GET', '_session', { as: { name: 'rep', password: 'nope' } });
      expect(wrong.status).toBe(401);
    });

    it('is idempotent: a re-run fails on nothing and leaves the design documents alone', async () => {
      const before = await http(server.url, 'GET', `${customers}${DESIGN_DOC_ID}`, { as: serverAdmin });
      const again = await setupCouch({
        url: server.url,
        admin: serverAdmin,
        prefix: PREFIX,
        createDemoUsers: true,
        users: [rep2],
      });
      const after = await http(server.url, 'GET', `${customers}${DESIGN_DOC_ID}`, { as: serverAdmin });
      expect(after.json._rev).toBe(before.json._rev);
      expect(again.filter((line) => !/ (exists|unchanged)$/.test(line))).toEqual([]);
      expect(again).toContain(`database ${PREFIX}-customers: ${DESIGN_DOC_ID} unchanged`);
      expect(again).toContain('user rep: unchanged');
    });

    it('brings a changed design document, lost role or changed password back in line', async () => {
      const ddoc = await http(server.url, 'GET', `${orders}${DESIGN_DOC_ID}`, { as: serverAdmin });
      await http(server.url, 'PUT', `${orders}${DESIGN_DOC_ID}`, {
        as: serverAdmin,
        body: { ...ddoc.json, validate_doc_update: 'function () {}' },
      });
      const doc = await http(server.url, 'GET', '_users/org.couchdb.user:rep2', { as: serverAdmin });
      await http(server.url, 'PUT', '_users/org.couchdb.user:rep2', {
        as: serverAdmin,
        body: { ...doc.json, roles: [], password: 'changed' },
      });

      const lines = await setupCouch({ url: server.url, admin: serverAdmin, prefix: PREFIX, users: [rep2] });
      expect(lines).toContain(`database ${PREFIX}-orders: ${DESIGN_DOC_ID} updated`);
      expect(lines).toContain('user rep2: updated (roles, password)');
      const session = await http(server.url, 'GET', '_session', { as: rep2 });
      expect(session.json.userCtx).toEqual({ name: 'rep2', roles: ['fieldbook-rep'] });
    });

    it('refuses a wrong admin password with a clear message', async () => {
      await expect(setupCouch({ url: server.url, admin: `${serverAdmin.name}:wrong`, prefix: PREFIX })).rejects.toThrow(
        /401/,
      );
    });

    it('installs validate_doc_update as plain ES5 source, as CouchDB requires', async () => {
      const ddoc = await http(server.url, 'GET', `${customers}${DESIGN_DOC_ID}`, { as: serverAdmin });
      const source = String(ddoc.json.validate_doc_update);
      expect(source).toMatch(/^function \(newDoc, oldDoc, userCtx, secObj\) \{/);
      // No ES2015+ syntax (CouchDB 3's older SpiderMonkey builds reject it).
      expect(source).not.toMatch(/=>|`|\b(let|const|class)\b|\.\.\./);
      expect(() => new Script(`(${source});`)).not.toThrow();
    });

    it('keeps its required-field lists in step with the app schemas (minus the primary key, stored as _id)', () => {
      const schemas = {
        customers: customerSchemaLiteral,
        orders: orderSchemaLiteral,
        interactions: interactionSchemaLiteral,
        surveys: surveySchemaLiteral,
        products: productSchemaLiteral,
        decisions: decisionSchemaLiteral,
        audit: auditSchemaLiteral,
      };
      expect(Object.keys(COLLECTIONS).sort()).toEqual(Object.keys(schemas).sort());
      for (const [name, schema] of Object.entries(schemas)) {
        expect(COLLECTIONS[name as keyof typeof schemas].required, name).toEqual(
          schema.required.filter((f) => f !== schema.primaryKey),
        );
      }
    });
  });

  describe('validate_doc_update, as each role sees it', () => {
    it('rejects any write from a viewer, with the reason', async () => {
      const res = await http(server.url, 'PUT', `${customers}${customerOnServer('viewer')._id}`, {
        as: viewer,
        body: customerOnServer('viewer'),
      });
      expect(res.status).toBe(403);
      expect(res.json).toMatchObject({ error: 'forbidden', reason: 'read-only: the viewer role may not write' });
    });

    it('lets a rep create and update documents, and the viewer read them', async () => {
      const doc = customerOnServer('rep');
      const created = await http(server.url, 'PUT', `${customers}${doc._id}`, { as: rep, body: doc });
      expect(created.status).toBe(201);
      const read = await http(server.url, 'GET', `${customers}${doc._id}`, { as: viewer });
      expect(read.json).toMatchObject({ givenName: 'Anna', ownerId: 'rep' });
      const updated = await http(server.url, 'PUT', `${customers}${doc._id}`, {
        as: rep,
        body: { ...read.json, notes: 'met at the fair' },
      });
      expect(updated.status).toBe(201);
    });

    it('applies a changed validate_doc_update from the next write on (the server caches design documents until one changes)', async () => {
      const ddocUrl = `${orders}${encodeURIComponent(DESIGN_DOC_ID)}`;
      const before = await http(server.url, 'GET', ddocUrl, { as: serverAdmin });
      const original = before.json;
      const write = () =>
        http(server.url, 'POST', `${orders}_bulk_docs`, { as: rep, body: { docs: [orderOnServer('rep', 'c1')] } });
      expect((await write()).json).toMatchObject([{ ok: true }]);
      const frozen = {
        ...original,
        validate_doc_update:
          "function (newDoc) { if (newDoc._id.indexOf('_design/') !== 0) throw { forbidden: 'frozen for the test' }; }",
      };
      expect((await http(server.url, 'PUT', ddocUrl, { as: serverAdmin, body: frozen })).status).toBe(201);
      expect((await write()).json).toMatchObject([{ error: 'forbidden', reason: 'frozen for the test' }]);
      // Re-running the setup puts the real rules back, and they apply at once too.
      await setupCouch({ url: server.url, admin: `${serverAdmin.name}:${serverAdmin.password}`, prefix: PREFIX });
      expect((await write()).json).toMatchObject([{ ok: true }]);
    });

    it("rejects a rep's delete of someone else's document", async () => {
      const doc = customerOnServer('rep2');
      const put = await http(server.url, 'PUT', `${customers}${doc._id}`, { as: rep2, body: doc });
      const del = await http(server.url, 'DELETE', `${customers}${doc._id}?rev=${String(put.json.rev)}`, { as: rep });
      expect(del.status).toBe(403);
      expect(del.json.reason).toBe('a rep may delete only their own documents (this one belongs to rep2)');
      // A tombstone carrying the fields (what RxDB pushes through _bulk_docs) is judged the same way.
      const bulk = await http(server.url, 'POST', `${customers}_bulk_docs`, {
        as: rep,
        body: { docs: [{ ...doc, _rev: put.json.rev, _deleted: true }] },
      });
      expect(bulk.json).toEqual([expect.objectContaining({ id: doc._id, error: 'forbidden' })]);
      expect((await http(server.url, 'GET', `${customers}${doc._id}`, { as: rep })).status).toBe(200);
    });

    it('treats an unassigned customer as belonging to its last writer, and other collections by updatedBy', async () => {
      const unassigned = customerOnServer('rep2', { ownerId: '' });
      const put = await http(server.url, 'PUT', `${customers}${unassigned._id}`, { as: rep2, body: unassigned });
      expect(
        (await http(server.url, 'DELETE', `${customers}${unassigned._id}?rev=${String(put.json.rev)}`, { as: rep }))
          .status,
      ).toBe(403);

      const order = orderOnServer('rep2', unassigned._id);
      const putOrder = await http(server.url, 'PUT', `${orders}${order._id}`, { as: rep2, body: order });
      expect(putOrder.status).toBe(201);
      const del = await http(server.url, 'DELETE', `${orders}${order._id}?rev=${String(putOrder.json.rev)}`, {
        as: rep,
      });
      expect(del.status).toBe(403);
      expect(
        (await http(server.url, 'DELETE', `${orders}${order._id}?rev=${String(putOrder.json.rev)}`, { as: rep2 }))
          .status,
      ).toBe(200);
    });

    it('lets a rep delete their own document (plain DELETE and RxDB-style tombstone)', async () => {
      const doc = customerOnServer('rep');
      const put = await http(server.url, 'PUT', `${customers}${doc._id}`, { as: rep, body: doc });
      const del = await http(server.url, 'DELETE', `${customers}${doc._id}?rev=${String(put.json.rev)}`, { as: rep });
      expect(del.status).toBe(200);
      expect((await http(server.url, 'GET', `${customers}${doc._id}`, { as: rep })).status).toBe(404);

      const other = customerOnServer('rep');
      const putOther = await http(server.url, 'PUT', `${customers}${other._id}`, { as: rep, body: other });
      const bulk = await http(server.url, 'POST', `${customers}_bulk_docs`, {
        as: rep,
        body: { docs: [{ ...other, _rev: putOther.json.rev, _deleted: true }] },
      });
      expect(bulk.json).toEqual([expect.objectContaining({ id: other._id, ok: true })]);
    });

    it('lets an admin (role or server admin) delete anything', async () => {
      for (const who of [admin, serverAdmin]) {
        const doc = customerOnServer('rep2');
        const put = await http(server.url, 'PUT', `${customers}${doc._id}`, { as: rep2, body: doc });
        const del = await http(server.url, 'DELETE', `${customers}${doc._id}?rev=${String(put.json.rev)}`, { as: who });
        expect(del.status, who.name).toBe(200);
      }
    });

    it('rejects a live document missing a required field, naming the field', async () => {
      const { companySort: _dropped, ...doc } = customerOnServer('rep');
      const res = await http(server.url, 'PUT', `${customers}${doc._id}`, { as: rep, body: doc });
      expect(res.status).toBe(403);
      expect(res.json).toMatchObject({ error: 'forbidden', reason: 'missing field companySort' });

      const order = { ...orderOnServer('rep', 'c-1'), totalMinor: null };
      const bulk = await http(server.url, 'POST', `${orders}_bulk_docs`, { as: admin, body: { docs: [order] } });
      expect(bulk.json).toEqual([expect.objectContaining({ error: 'forbidden', reason: 'missing field totalMinor' })]);
    });

    describe('the audit trail is append-only', () => {
      const audit = `${PREFIX}-audit/`;
      const entry = (by: string) => ({
        _id: `audit-${by}-${Math.random().toString(36).slice(2)}`,
        createdAt: 1_700_000_000_000,
        updatedAt: 1_700_000_000_000,
        updatedBy: by,
        action: 'update',
        coll: 'customers',
        customerId: 'c-audit',
        docId: 'c-audit',
        by,
        byName: '',
        device: 'device-1a2b3c4d',
        count: 1,
        changes: [{ field: 'phone', before: '"+4930111"', after: '"+4930222"', sealed: false }],
        note: '',
        erasedAt: 0,
      });
      const stored = async <T extends { _id: string }>(body: T): Promise<T & { _rev: unknown }> => {
        const put = await http(server.url, 'PUT', `${audit}${String(body._id)}`, { as: rep, body });
        expect(put.status).toBe(201);
        return { ...body, _rev: put.json.rev };
      };

      it('lets a rep add an entry and refuses any change of it, to everyone', async () => {
        const doc = await stored(entry('rep'));
        for (const who of [rep, admin, serverAdmin]) {
          const res = await http(server.url, 'PUT', `${audit}${doc._id}`, {
            as: who,
            body: { ...doc, changes: [{ field: 'phone', before: '"+4930111"', after: '"+49 forged"', sealed: false }] },
          });
          expect(res.status, who.name).toBe(403);
          expect(res.json.reason).toBe('audit entries cannot be changed (only an erasure may blank their values)');
        }
        // Passing off a change as an erasure does not work either: the values must all be blank.
        const sneaky = await http(server.url, 'POST', `${audit}_bulk_docs`, {
          as: rep,
          body: { docs: [{ ...doc, erasedAt: 1_800_000_000_000, note: 'rewritten' }] },
        });
        expect(sneaky.json).toEqual([expect.objectContaining({ error: 'forbidden' })]);
        const read = await http(server.url, 'GET', `${audit}${doc._id}`, { as: rep });
        expect(read.json.changes).toEqual(doc.changes);
      });

      it('refuses deleting an entry, also to an admin and as an RxDB-style tombstone', async () => {
        const doc = await stored(entry('rep'));
        for (const who of [rep, admin, serverAdmin]) {
          const del = await http(server.url, 'DELETE', `${audit}${doc._id}?rev=${String(doc._rev)}`, { as: who });
          expect(del.status, who.name).toBe(403);
          expect(del.json.reason).toBe('audit entries cannot be deleted');
        }
        const bulk = await http(server.url, 'POST', `${audit}_bulk_docs`, {
          as: rep,
          body: { docs: [{ ...doc, _deleted: true }] },
        });
        expect(bulk.json).toEqual([expect.objectContaining({ error: 'forbidden' })]);
        expect((await http(server.url, 'GET', `${audit}${doc._id}`, { as: rep })).status).toBe(200);
      });

      it("accepts erasure's blanking of the values and nothing more", async () => {
        const doc = await stored(entry('rep2'));
        const blanked = {
          ...doc,
          changes: [{ field: 'phone', before: '', after: '', sealed: false }],
          erasedAt: 1_800_000_000_000,
          updatedAt: 1_800_000_000_000,
          updatedBy: 'rep',
        };
        const res = await http(server.url, 'PUT', `${audit}${doc._id}`, { as: rep, body: blanked });
        expect(res.status).toBe(201);
        const read = await http(server.url, 'GET', `${audit}${doc._id}`, { as: viewer });
        expect(read.json).toMatchObject({
          changes: [{ field: 'phone', before: '', after: '' }],
          erasedAt: 1_800_000_000_000,
        });
        // Once erased, it stays as it is.
        const again = await http(server.url, 'PUT', `${audit}${doc._id}`, {
          as: rep,
          body: { ...blanked, _rev: res.json.rev, erasedAt: 1_900_000_000_000 },
        });
        expect(again.status).toBe(403);
      });
    });

    it('keeps design documents to admins', async () => {
      const res = await http(server.url, 'PUT', `${customers}_design/mine`, { as: rep, body: { views: {} } });
      expect(res.status).toBeGreaterThanOrEqual(401);
      expect(res.status).toBeLessThanOrEqual(403);
    });
  });

  describe('CORS for the app origin', () => {
    it('answers a preflight from the app origin, with credentials allowed', async () => {
      const res = await fetch(new URL(`${customers}_bulk_docs`, server.url), {
        method: 'OPTIONS',
        headers: {
          Origin: APP_ORIGIN,
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'authorization, content-type',
        },
      });
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
      expect(res.headers.get('access-control-allow-credentials')).toBe('true');
      expect(res.headers.get('access-control-allow-methods')).toContain('POST');
      expect(res.headers.get('access-control-allow-headers')).toMatch(
        /authorization.*content-type|content-type.*authorization/,
      );
    });

    it('marks real responses for the app origin and nothing for other origins', async () => {
      const ok = await http(server.url, 'GET', '_session', { as: rep, headers: { Origin: APP_ORIGIN } });
      expect(ok.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
      const other = await http(server.url, 'GET', '_session', { as: rep, headers: { Origin: 'http://evil.example' } });
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
    });
  });
});
