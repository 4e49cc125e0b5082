// Replication throughput and latency on loopback, against the project's CouchDB-compatible server
// (LevelDB on disk in a temp folder), with the app's own replication code (src/data/sync) on RxDB's
// memory storage (the device's IndexedDB speed is measured by the Chromium bench, not here):
//  - raw `_bulk_docs` ingest of N customer documents (batches of 200, as this baseline was first
//    defined; the app's pull batch size) by the server admin into a plain database: the baseline
//    of the ratios. The app pushes 500 per `_bulk_docs` (options.ts): the same raw ingest in
//    batches of 500 is shown for reference, so the batch size's share of the push figure is seen,
//  - the same into a database set up as the app's (validate_doc_update, _security) as the `rep`
//    user: shown for reference only (what the server's own validation costs), not used in ratios,
//  - push: N customers written on device A, time until they are all on the server,
//  - pull: a fresh device B, time until it has all N,
//  - edit on A → visible on B: p50 / p95 over 40 edits,
//  - order created on A → visible on B: p50 / p95 over 40 orders, with the customers feed quiet
//    (orders have a long-poll of their own; before, they were noticed when the customers
//    long-poll ended: express-pouchdb ignores `timeout`, so up to pollTimeout + 1 s, ~11 s).
// The server runs in its own process (startSyncServerProcess), as a CouchDB always does: in one
// process the device's work and the server's shared one thread and each slowed the other. Device
// A's customers are written in chunks of 500, as the app writes large amounts (demo data, import):
// RxDB gives every document of one bulk write the same write time, and its push reads changes
// by (write time, id) with a scan of that group, so one 100,000-document write made every push
// batch rescan the rest of it (quadratic: 100,000 pushed at 0.2× before, most of it in that scan;
// the Dexie storage plans the same query the same way).
// Prints a table and writes test/bench/sync-results.json. No assertions (figures, not tests).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { it, vi } from 'vitest';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { firstValueFrom, filter } from 'rxjs';
import { startSyncServerProcess } from '../../scripts/sync-server.mjs';
import { setupCouch } from '../../scripts/sync-setup.mjs';
import { toCustomerDoc } from '../../src/data/repos/customers';
import type { FieldbookDatabase } from '../../src/data/db/database';
import { SyncController } from '../../src/data/sync/controller';
import { signIn } from '../../src/data/sync/session';
import { customerFields, orderFields } from '../factories/customer';

// As in the production build: no RxDB dev-mode, no validating storage (database.ts reads DEV).
vi.stubEnv('DEV', false);
const { openDatabase } = await import('../../src/data/db/database');

const SIZES = (process.env.SYNC_BENCH_SIZES ?? '10000')
  .split(',')
  .map(Number)
  .filter((n) => n > 0);
const EDITS = 40;
/** The app's write chunk for large amounts (src/data/repos/demo.ts). */
const WRITE_CHUNK = 500;
const storage = getRxStorageMemory();
let dbCounter = 0;

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function customers(n: number, tag: string) {
  const now = Date.now();
  return Array.from({ length: n }, (_, i) =>
    toCustomerDoc(
      `${tag}-${String(i).padStart(7, '0')}`,
      customerFields({
        givenName: `Bench${i}`,
        familyName: tag,
        email: `b${i}@${tag}.example`,
        city: 'Porto',
        tags: ['bench'],
      }),
      now,
      { now, by: 'rep' },
    ),
  );
}

async function device(
  url: string,
  prefix: string,
): Promise<{ db: FieldbookDatabase; sync: SyncController; start: () => Promise<void> }> {
  dbCounter += 1;
  const db = await openDatabase({
    name: `bench-${process.pid}-${dbCounter}`,
    storage,
    multiInstance: false,
    validate: false,
    only: ['customers', 'orders', 'synclog'],
  });
  const signedIn = await signIn(url, 'rep', 'rep-pass', 'header');
  if (!signedIn.ok) throw new Error(signedIn.detail);
  const sync = new SyncController(db, { waitForLeadership: false, pollTimeout: 10_000 });
  return { db, sync, start: () => sync.start({ serverUrl: url, prefix, auth: signedIn.auth }) };
}

async function docCount(url: string, db: string, admin: string): Promise<number> {
  const res = await fetch(`${url}${db}`, { headers: { Authorization: admin } });
  return ((await res.json()) as { doc_count: number }).doc_count;
}

it('sync benchmark', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'fieldbook-sync-bench-'));
  const server = await startSyncServerProcess({ port: 0, dataDir, setup: true });
  const admin = `Basic ${Buffer.from(`${server.admin.name}:${server.admin.password}`).toString('base64')}`;
  const rep = `Basic ${Buffer.from('rep:rep-pass').toString('base64')}`;
  // CPU time of the server process and of this one (the devices) per phase: where the time goes,
  // and a figure that other load on the machine does not distort as much as wall time.
  const cpuNow = async () => {
    const s = await server.cpuUsage();
    const d = process.cpuUsage();
    return { server: s.user + s.system, device: d.user + d.system };
  };
  const cpuSince = async (before: { server: number; device: number }, n: number) => {
    const now = await cpuNow();
    const per1000 = (us: number) => Math.round(us / 1000 / (n / 1000));
    return {
      serverMsPer1000Docs: per1000(now.server - before.server),
      deviceMsPer1000Docs: per1000(now.device - before.device),
    };
  };
  const bulkDocs = async (db: string, auth: string, docs: object[], batch = 200) => {
    const t = performance.now();
    for (let i = 0; i < docs.length; i += batch) {
      const res = await fetch(`${server.url}${db}/_bulk_docs`, {
        method: 'POST',
        headers: { Authorization: auth, 'Content-Type': 'application/json' },
        body: JSON.stringify({ docs: docs.slice(i, i + batch) }),
      });
      await res.arrayBuffer();
    }
    return performance.now() - t;
  };
  const results: Record<string, unknown>[] = [];
  try {
    for (const n of SIZES) {
      // Raw _bulk_docs: the same documents as the server stores them (`_id`), same batch size.
      const rawDb = `raw-${n}`;
      await fetch(`${server.url}${rawDb}`, { method: 'PUT', headers: { Authorization: admin } });
      let cpu0 = await cpuNow();
      const rawMs = await bulkDocs(
        rawDb,
        admin,
        customers(n, `raw${n}`).map(({ id, ...rest }) => ({ _id: id, ...rest })),
      );
      // Reference only: the same ingest through the server's validation, as the app's user.
      const rawCpu = await cpuSince(cpu0, n);
      // Reference only: the same raw ingest in the app's push batch size.
      await fetch(`${server.url}${rawDb}-500`, { method: 'PUT', headers: { Authorization: admin } });
      const raw500Ms = await bulkDocs(
        `${rawDb}-500`,
        admin,
        customers(n, `raw500${n}`).map(({ id, ...rest }) => ({ _id: id, ...rest })),
        500,
      );
      await setupCouch({ url: server.url, admin: server.admin, prefix: `rawrep${n}` });
      cpu0 = await cpuNow();
      const rawRepMs = await bulkDocs(
        `rawrep${n}-customers`,
        rep,
        customers(n, `rawrep${n}`).map(({ id, ...rest }) => ({ _id: id, ...rest })),
      );

      const rawRepCpu = await cpuSince(cpu0, n);

      const prefix = `push${n}`;
      await setupCouch({ url: server.url, admin: server.admin, prefix });
      const a = await device(server.url, prefix);
      const docs = customers(n, `app${n}`);
      for (let i = 0; i < docs.length; i += WRITE_CHUNK)
        await a.db.customers.bulkInsert(docs.slice(i, i + WRITE_CHUNK));
      cpu0 = await cpuNow();
      let t0 = performance.now();
      await a.start();
      while ((await docCount(server.url, `${prefix}-customers`, admin)) < n + 1 /* design doc */) await sleep(100);
      const pushMs = performance.now() - t0;
      const pushCpu = await cpuSince(cpu0, n);

      const b = await device(server.url, prefix);
      cpu0 = await cpuNow();
      t0 = performance.now();
      await b.start();
      while ((await b.db.customers.count().exec()) < n) await sleep(100);
      const pullMs = performance.now() - t0;
      const pullCpu = await cpuSince(cpu0, n);
      await a.sync.awaitInSync();
      await b.sync.awaitInSync();

      const latencies: number[] = [];
      for (let i = 0; i < EDITS; i++) {
        const id = `app${n}-${String(i).padStart(7, '0')}`;
        const marker = `edit ${i}`;
        const seen = firstValueFrom(b.db.customers.findOne(id).$.pipe(filter((d) => d?.notes === marker)));
        const start = performance.now();
        await (await a.db.customers.findOne(id).exec())?.incrementalPatch({ notes: marker, updatedAt: Date.now() });
        await seen;
        latencies.push(performance.now() - start);
        await sleep(50);
      }
      // Orders: nothing happens on customers meanwhile.
      const orderLatencies: number[] = [];
      for (let i = 0; i < EDITS; i++) {
        const now = Date.now();
        const order = {
          id: `order${n}-${String(i).padStart(4, '0')}`,
          createdAt: now,
          updatedAt: now,
          updatedBy: 'rep',
          ...orderFields(`app${n}-${String(i).padStart(7, '0')}`),
        };
        const seen = firstValueFrom(b.db.orders.findOne(order.id).$.pipe(filter((d) => d !== null)));
        const start = performance.now();
        await a.db.orders.insert(order);
        await seen;
        orderLatencies.push(performance.now() - start);
        await sleep(50);
      }
      await a.sync.destroy();
      await b.sync.destroy();
      await a.db.remove();
      await b.db.remove();
      const row = {
        customers: n,
        rawBulkDocsPerSec: Math.round(n / (rawMs / 1000)),
        rawBulkDocs500PerSec: Math.round(n / (raw500Ms / 1000)),
        rawBulkDocsAsRepValidatedPerSec: Math.round(n / (rawRepMs / 1000)),
        pushPerSec: Math.round(n / (pushMs / 1000)),
        pullPerSec: Math.round(n / (pullMs / 1000)),
        pushRatio: Number((rawMs / pushMs).toFixed(2)),
        pullRatio: Number((rawMs / pullMs).toFixed(2)),
        editToOtherDeviceP50Ms: Math.round(quantile(latencies, 0.5)),
        editToOtherDeviceP95Ms: Math.round(quantile(latencies, 0.95)),
        orderToOtherDeviceP50Ms: Math.round(quantile(orderLatencies, 0.5)),
        orderToOtherDeviceP95Ms: Math.round(quantile(orderLatencies, 0.95)),
        cpu: { raw: rawCpu, rawAsRepValidated: rawRepCpu, push: pushCpu, pull: pullCpu },
      };
      results.push(row);
      console.log(JSON.stringify(row));
    }
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  const table = [
    '| customers | raw _bulk_docs docs/s | (reference: raw, 500 per request) | (reference: as rep, validated) | push docs/s (ratio) | pull docs/s (ratio) | edit → other device p50 / p95 | new order → other device p50 / p95 |',
    '|---|---|---|---|---|---|---|---|',
    ...results.map(
      (r) =>
        `| ${String(r.customers)} | ${String(r.rawBulkDocsPerSec)} | ${String(r.rawBulkDocs500PerSec)} | ${String(r.rawBulkDocsAsRepValidatedPerSec)} | ${String(r.pushPerSec)} (${String(r.pushRatio)}×) | ${String(r.pullPerSec)} (${String(r.pullRatio)}×) | ${String(r.editToOtherDeviceP50Ms)} / ${String(r.editToOtherDeviceP95Ms)} ms | ${String(r.orderToOtherDeviceP50Ms)} / ${String(r.orderToOtherDeviceP95Ms)} ms |`,
    ),
    '',
    'Targets: push and pull ≥ 0.5× raw _bulk_docs (admin, plain database); edit-to-other-device p95 ≤ 1 s on loopback (new orders too).',
    '',
    'CPU ms per 1,000 documents, server process / device process:',
    '| customers | raw | raw as rep, validated | push | pull |',
    '|---|---|---|---|---|',
    ...results.map((r) => {
      const c = r.cpu as Record<string, { serverMsPer1000Docs: number; deviceMsPer1000Docs: number }>;
      const f = (k: string) => `${String(c[k]?.serverMsPer1000Docs)} / ${String(c[k]?.deviceMsPer1000Docs)}`;
      return `| ${String(r.customers)} | ${f('raw')} | ${f('rawAsRepValidated')} | ${f('push')} | ${f('pull')} |`;
    }),
  ].join('\n');
  console.log(`\n${table}`);
  writeFileSync(
    new URL('./sync-results.json', import.meta.url),
    `${JSON.stringify({ date: new Date().toISOString(), results }, null, 2)}\n`,
  );
});
