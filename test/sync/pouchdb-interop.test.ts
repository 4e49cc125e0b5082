// Interoperability: the `pouchdb` client (another implementation of the CouchDB replication
// protocol) pulls what was written over HTTP into a local in-memory database and pushes its own
// edits back, under the same server rules.
import PouchDB from 'pouchdb';
import memoryAdapter from 'pouchdb-adapter-memory';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncServer } from '../../scripts/sync-server.mjs';
import { SERVERS } from './servers';
import { itNeeds } from './needs';
import type { SyncUser } from '../../scripts/sync-setup.mjs';
import { customerOnServer, http } from './helpers';

PouchDB.plugin(memoryAdapter);

describe.each(SERVERS)('on $name', (target) => {
  let server: SyncServer;
  let rep: SyncUser;
  let viewer: SyncUser;
  const opened: { close(): Promise<unknown>; destroy(): Promise<unknown> }[] = [];

  const remote = (as: SyncUser) => {
    const db = new PouchDB(`${server.url}fieldbook-customers`, {
      auth: { username: as.name, password: as.password },
      skip_setup: true,
    });
    opened.push(db);
    return db;
  };
  const local = () => {
    const db = new PouchDB(`interop-${Math.random().toString(36).slice(2)}`, { adapter: 'memory' });
    opened.push(db);
    return db;
  };

  beforeAll(async () => {
    server = await target.start();
    const find = (name: string) => server.users.find((u) => u.name === name);
    const r = find('rep');
    const v = find('viewer');
    if (!r || !v) throw new Error('demo users missing');
    rep = r;
    viewer = v;
  });

  afterAll(async () => {
    await Promise.all(opened.map((db) => db.destroy().catch(() => db.close())));
    await server?.stop();
  });

  itNeeds(target, 'replicated-revisions-under-validation')(
    'replicates a document written over HTTP into a local PouchDB and an edit made there back',
    async () => {
      const doc = customerOnServer('rep', { notes: 'written over HTTP' });
      expect((await http(server.url, 'PUT', `fieldbook-customers/${doc._id}`, { as: rep, body: doc })).status).toBe(
        201,
      );

      const device = local();
      const pulled = await device.replicate.from(remote(rep));
      expect(pulled.doc_write_failures).toBe(0);
      const copy = await device.get(doc._id);
      expect(copy).toMatchObject({ givenName: 'Anna', notes: 'written over HTTP', ownerId: 'rep' });

      await device.put({ ...copy, notes: 'edited in PouchDB' });
      const fresh = customerOnServer('rep', { givenName: 'Bo' });
      await device.put(fresh);
      const pushed = await device.replicate.to(remote(rep));
      expect(pushed.doc_write_failures).toBe(0);

      const back = await http(server.url, 'GET', `fieldbook-customers/${doc._id}`, { as: viewer });
      expect(back.json).toMatchObject({ notes: 'edited in PouchDB', _rev: expect.stringMatching(/^2-/) as unknown });
      expect((await http(server.url, 'GET', `fieldbook-customers/${fresh._id}`, { as: viewer })).json).toMatchObject({
        givenName: 'Bo',
      });
    },
  );

  it("enforces the server's rules on a PouchDB push too: a viewer's documents are refused", async () => {
    const device = local();
    const doc = customerOnServer('viewer');
    await device.put(doc);
    const pushed = await device.replicate.to(remote(viewer));
    expect(pushed.doc_write_failures).toBe(1);
    expect((await http(server.url, 'GET', `fieldbook-customers/${doc._id}`, { as: rep })).status).toBe(404);
  });
});
