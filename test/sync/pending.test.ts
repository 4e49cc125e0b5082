// "N changes waiting" is true from the stored data: changes made while sync was off, in an earlier
// session (a reload, a closed tab) are counted when the app opens again (sync off) and when sync
// starts, before they are pushed; 0 once the server has them. Pulled documents never count.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SyncServer } from '../../scripts/sync-server.mjs';
import { SERVERS } from './servers';
import type { SyncUser } from '../../scripts/sync-setup.mjs';
import { addOrder } from '../../src/data/repos/activity';
import { createCustomer, updateCustomer } from '../../src/data/repos/customers';
import { customerFields, orderFields } from '../factories/customer';
import { http } from './helpers';
import { device, eventually, reopen, startSync, statusWhere, type Device } from './devices';

describe.each(SERVERS)('on $name', (target) => {
  let server: SyncServer;
  const user = (name: string): SyncUser => {
    const u = server.users.find((x) => x.name === name);
    if (!u) throw new Error(`no demo user ${name}`);
    return u;
  };
  const open: Device[] = [];
  const track = (d: Device) => {
    open.push(d);
    return d;
  };
  const ONLY = ['customers', 'orders', 'synclog'] as const;
  const onServer = async (db: string, id: string) =>
    (await http(server.url, 'GET', `fieldbook-${db}/${encodeURIComponent(id)}`, { as: server.admin })).json;

  beforeAll(async () => {
    server = await target.start();
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((d) => d.close()));
  });
  afterAll(async () => {
    await server?.stop();
  });

  /** A fetch whose `_bulk_docs` requests wait until `release()` (the count is read before any push lands). */
  function gatedPushes(): { fetch: typeof fetch; release: () => void; held: () => number } {
    let open = false;
    let held = 0;
    const waiting: (() => void)[] = [];
    return {
      fetch: async (input, init) => {
        const url = String(input instanceof Request ? input.url : input);
        if (!open && url.includes('_bulk_docs')) {
          held++;
          await new Promise<void>((go) => waiting.push(go));
        }
        return fetch(input, init);
      },
      release: () => {
        open = true;
        for (const go of waiting.splice(0)) go();
      },
      held: () => held,
    };
  }

  describe('changes waiting to be pushed', () => {
    it('counts the changes an earlier session left unpushed: after a reopen with sync off, and after a restart until the push lands', async () => {
      let a = track(await device(server.url, user('rep'), ONLY));
      const b = track(await device(server.url, user('admin'), ONLY));
      await startSync(a, server.url);
      await startSync(b, server.url);
      const shared = await createCustomer(a.db, customerFields({ notes: 'synced' }), { now: Date.now(), by: 'rep' });
      // Pulled documents are not changes of this device: B's customer arrives on A.
      const fromB = await createCustomer(b.db, customerFields({ notes: 'from B' }), { now: Date.now(), by: 'admin' });
      await eventually(
        async () => (await a.db.customers.findOne(fromB.id).exec()) !== null,
        Boolean,
        'A pulls B’s customer',
      );
      await a.sync.awaitInSync();
      await statusWhere(a, (s) => s.phase === 'up-to-date' && s.pending === 0, 'A up to date');
      await a.sync.stop();

      // Offline (sync stopped): one edit of a synced customer, one new customer, one new order.
      await updateCustomer(a.db, shared.id, customerFields({ notes: 'edited offline' }), {
        now: Date.now(),
        by: 'rep',
      });
      const fresh = await createCustomer(a.db, customerFields({ notes: 'new offline' }), {
        now: Date.now(),
        by: 'rep',
      });
      const order = await addOrder(a.db, orderFields(fresh.id), { now: Date.now(), by: 'rep' });
      expect(a.sync.status.pending).toBe(3);

      // A reload: nothing in memory. With sync configured but off, the app counts from the stored data.
      a = await reopen(a, ONLY);
      open.splice(0, 1, a);
      expect(a.sync.status.pending).toBe(0);
      await a.sync.countUnpushed(server.url);
      expect(a.sync.status).toMatchObject({ phase: 'off', pending: 3 });

      // Another reload, then sync starts: the count is there before anything is pushed, and 0 after.
      a = await reopen(a, ONLY);
      open.splice(0, 1, a);
      const gate = gatedPushes();
      await a.sync.start({ serverUrl: server.url, auth: a.auth, fetch: gate.fetch });
      await statusWhere(a, (s) => s.pending === 3, 'the count from the stored data');
      await eventually(
        () => Promise.resolve(gate.held()),
        (n) => n > 0,
        'a push waits at the gate',
      );
      expect(a.sync.status.pending).toBe(3);
      gate.release();
      await statusWhere(a, (s) => s.phase === 'up-to-date' && s.pending === 0, 'A pushed everything');
      expect(await onServer('customers', shared.id)).toMatchObject({ notes: 'edited offline' });
      expect(await onServer('customers', fresh.id)).toMatchObject({ notes: 'new offline' });
      expect(await onServer('orders', order.id)).toMatchObject({ customerId: fresh.id });

      // And a reload after that counts nothing: everything is on the server.
      await a.sync.stop();
      a = await reopen(a, ONLY);
      open.splice(0, 1, a);
      await a.sync.countUnpushed(server.url);
      expect(a.sync.status.pending).toBe(0);
    });

    it('a database that never synced with the server counts every record as waiting', async () => {
      const a = track(await device(server.url, user('rep'), ONLY));
      const c1 = await createCustomer(a.db, customerFields(), { now: Date.now(), by: 'rep' });
      await createCustomer(a.db, customerFields(), { now: Date.now(), by: 'rep' });
      await addOrder(a.db, orderFields(c1.id), { now: Date.now(), by: 'rep' });
      const again = track(await reopen(a, ONLY));
      open.splice(0, 1);
      await again.sync.countUnpushed(server.url);
      expect(again.sync.status.pending).toBe(3);
      await startSync(again, server.url);
      await statusWhere(again, (s) => s.phase === 'up-to-date' && s.pending === 0, 'pushed');
    });
  });
});
