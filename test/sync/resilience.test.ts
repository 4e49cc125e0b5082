// The server goes away mid-push and comes back (same port, same data on disk): the device shows
// "offline", resumes by itself, and the server ends with every document exactly once. Then the
// interoperability check: the pouchdb client reads what the app wrote, the app shows what
// PouchDB wrote.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PouchDB from 'pouchdb';
import memoryAdapter from 'pouchdb-adapter-memory';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncServer } from '../../scripts/sync-server.mjs';
import { SERVERS } from './servers';
import { createCustomer } from '../../src/data/repos/customers';
import { customerFields } from '../factories/customer';
import { customerOnServer, http, orderOnServer } from './helpers';
import { device, eventually, FAST, reopen, startSync, statusWhere, type Device } from './devices';

PouchDB.plugin(memoryAdapter);

describe.each(SERVERS)('on $name', (target) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'fieldbook-sync-'));
  let server: SyncServer;
  let port = 0;
  const open: Device[] = [];

  beforeAll(async () => {
    server = await target.start({ dataDir });
    port = Number(new URL(server.url).port);
  });
  afterAll(async () => {
    await Promise.all(open.map((d) => d.close()));
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const rep = { name: 'rep', password: 'rep-pass' };
  const serverCount = async () => {
    const res = await http(server.url, 'GET', 'fieldbook-customers/_all_docs', { as: server.admin });
    return (res.json.rows as { id: string }[]).filter((r) => !r.id.startsWith('_design/')).map((r) => r.id);
  };

  it('server stopped mid-push and restarted: nothing lost, nothing duplicated', async () => {
    const a = await device(server.url, rep);
    const b = await device(server.url, rep);
    open.push(a, b);
    await startSync(a, server.url);
    await startSync(b, server.url);
    const before = (await serverCount()).length;
    const N = 400;
    const ids: string[] = [];
    for (let i = 0; i < N; i++)
      ids.push(
        (await createCustomer(a.db, customerFields({ givenName: `Restart ${i}` }), { now: Date.now(), by: 'rep' })).id,
      );
    // Stop while the push is under way: some documents are on the server, not all.
    await eventually(serverCount, (list) => list.length > before, 'the push started', 20_000);
    await server.stop();
    await statusWhere(a, (s) => s.phase === 'offline', 'device A notices');
    server = await target.start({ port, dataDir });
    await statusWhere(a, (s) => s.phase === 'up-to-date' && s.pending === 0, 'A resumes by itself', 30_000);
    const onServer = await serverCount();
    expect(new Set(onServer).size).toBe(onServer.length);
    expect(ids.every((id) => onServer.includes(id))).toBe(true);
    expect(onServer.length).toBe(before + N);
    await eventually(
      async () => (await b.db.customers.findByIds(ids).exec()).size,
      (n) => n === N,
      'B has them all',
      30_000,
    );
  });

  it('a first sync reports documents pulled of the server total, then ends the progress', async () => {
    const fresh = await device(server.url, rep);
    open.push(fresh);
    const total = (await serverCount()).length;
    expect(total).toBeGreaterThan(100);
    const seen: { pulled: number; total: number }[] = [];
    const sub = fresh.sync.status$.subscribe((s) => {
      if (s.progress) seen.push(s.progress);
    });
    const done = statusWhere(fresh, (s) => s.phase === 'up-to-date' && s.progress === null, 'first sync done', 30_000);
    await startSync(fresh, server.url);
    await done;
    sub.unsubscribe();
    expect(seen[0]?.pulled).toBe(0);
    const last = seen[seen.length - 1];
    // Totals count every document of every database (design documents included).
    expect(last?.total).toBeGreaterThanOrEqual(total);
    expect(last?.pulled).toBe(last?.total);
    expect(seen.some((p) => p.pulled > 0 && p.pulled < (last?.total ?? 0))).toBe(true);
    expect(await fresh.db.customers.count().exec()).toBe(total);
  });

  it('a first sync stores every customer before the first order: the list is whole while the rest arrives', async () => {
    const added = Array.from({ length: 100 }, () => customerOnServer('rep'));
    expect(
      (await http(server.url, 'POST', 'fieldbook-customers/_bulk_docs', { as: server.admin, body: { docs: added } }))
        .status,
    ).toBe(201);
    const customers = await serverCount();
    const orders = customers.slice(0, 120).map((id) => orderOnServer('rep', id));
    const put = await http(server.url, 'POST', 'fieldbook-orders/_bulk_docs', {
      as: server.admin,
      body: { docs: orders },
    });
    expect(put.status).toBe(201);
    const fresh = await device(server.url, rep, ['customers', 'orders', 'synclog'], { ...FAST, batchSize: 40 });
    open.push(fresh);
    await startSync(fresh, server.url);
    // A wait, not a time assertion: the two pulls run one after the other (slow on a loaded machine).
    await statusWhere(fresh, (s) => s.phase === 'up-to-date' && s.progress === null, 'first sync done', 120_000);
    expect(await fresh.db.customers.count().exec()).toBe(customers.length);
    expect(await fresh.db.orders.count().exec()).toBe(orders.length);
    // When each document was stored on the device (RxDB's local write time).
    const writeTimes = async (collection: typeof fresh.db.customers | typeof fresh.db.orders, ids: string[]) =>
      (await collection.storageInstance.findDocumentsById(ids, false)).map((d) => d._meta.lwt);
    const lastCustomer = Math.max(...(await writeTimes(fresh.db.customers, customers)));
    const firstOrder = Math.min(
      ...(await writeTimes(
        fresh.db.orders,
        orders.map((o) => o._id),
      )),
    );
    expect(lastCustomer).toBeLessThanOrEqual(firstOrder);
  }, 180_000);

  it('a first sync interrupted by a reload resumes: the progress starts at what is stored, and no document is read twice', async () => {
    const total = (await serverCount()).length;
    const small = { ...FAST, batchSize: 40 };
    const fresh = await device(server.url, rep, ['customers', 'synclog'], small);
    open.push(fresh);
    // Every customer id the device reads from the feed, across the reload.
    const reads = new Map<string, number>();
    let pagesRead = 0;
    let gate: Promise<void> | null = null;
    const counting =
      (gated: boolean): typeof fetch =>
      async (input, init) => {
        const url = input instanceof Request ? input.url : input.toString();
        const isPull = url.includes('fieldbook-customers/_changes?') && !url.includes('feed=longpoll');
        if (isPull && gated && pagesRead >= 2) {
          // The third page waits for the reload: the device is closed while it is on its way.
          gate ??= new Promise<void>((_, reject) =>
            init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))),
          );
          await gate;
        }
        const res = await fetch(input, init);
        if (!isPull) return res;
        pagesRead += 1;
        const body = (await res.clone().json()) as { results: { id: string }[] };
        for (const r of body.results) reads.set(r.id, (reads.get(r.id) ?? 0) + 1);
        return res;
      };
    await fresh.sync.start({ serverUrl: server.url, auth: fresh.auth, fetch: counting(true) });
    const firstPages = await eventually(
      () =>
        Promise.resolve({
          read: [...reads.keys()].filter((id) => !id.startsWith('_design/')).length,
          gated: gate !== null,
        }),
      (r) => r.gated,
      'two pages read, the third held',
    );
    await eventually(
      () => fresh.db.customers.count().exec(),
      (n) => n === firstPages.read,
      'the two pages stored',
    );
    const stored = await fresh.db.customers.count().exec();
    expect(stored).toBeGreaterThan(0);
    expect(stored).toBeLessThan(total);

    const again = await reopen(fresh, ['customers', 'synclog'], small);
    open[open.indexOf(fresh)] = again;
    const seen: { pulled: number; total: number }[] = [];
    const sub = again.sync.status$.subscribe((s) => {
      if (s.progress) seen.push(s.progress);
    });
    const done = statusWhere(
      again,
      (s) => s.phase === 'up-to-date' && s.progress === null,
      'resumed sync done',
      30_000,
    );
    await again.sync.start({ serverUrl: server.url, auth: again.auth, fetch: counting(false) });
    await done;
    sub.unsubscribe();
    // The progress shown after the reload starts at what was stored, not at 0.
    expect(seen.find((p) => p.total > 0)?.pulled).toBe(stored);
    expect(await again.db.customers.count().exec()).toBe(total);
    expect([...reads.entries()].filter(([, n]) => n > 1).map(([id]) => id)).toEqual([]);
  });

  it('interoperability: PouchDB reads what the app wrote, and the app shows what PouchDB wrote', async () => {
    const a = await device(server.url, rep);
    open.push(a);
    await startSync(a, server.url);
    const mine = await createCustomer(
      a.db,
      customerFields({ givenName: 'From', familyName: 'Fieldbook', tags: ['app'] }),
      { now: Date.now(), by: 'rep' },
    );
    await a.sync.awaitInSync();

    const remote = new PouchDB(`${server.url}fieldbook-customers`, {
      auth: { username: 'rep', password: 'rep-pass' },
      skip_setup: true,
    });
    const local = new PouchDB(`interop-app-${Date.now()}`, { adapter: 'memory' });
    try {
      const pulled = await local.replicate.from(remote);
      expect(pulled.doc_write_failures).toBe(0);
      expect(await local.get(mine.id)).toMatchObject({
        givenName: 'From',
        familyName: 'Fieldbook',
        tags: ['app'],
        nameKey: mine.nameKey,
      });
      const theirs = customerOnServer('rep', { givenName: 'From', familyName: 'PouchDB' });
      await local.put(theirs);
      const pushed = await local.replicate.to(remote);
      expect(pushed.doc_write_failures).toBe(0);
      const seen = await eventually(
        async () => (await a.db.customers.findOne(theirs._id).exec())?.toMutableJSON() ?? null,
        (c) => c !== null,
        'the app shows it',
      );
      expect(seen).toMatchObject({ familyName: 'PouchDB', updatedBy: 'rep' });
    } finally {
      await local.destroy();
      await remote.close();
    }
  });
});
