// Seeding the first-sync bench's server fast enough for 100,000 customers and 1,000,000 orders.
// Over HTTP (`_bulk_docs`, validate_doc_update per document, express-pouchdb's request handling)
// the project's server ingests ~1,000 docs/s under load: 1.3 M documents would take 20+ minutes
// before the pull even starts. So the team's data is written straight into the server's storage
// (PouchDB on LevelDB, the directory the server process then serves), in large `bulkDocs` batches
// with no HTTP and no validation, once per size and seed: the directory is kept under
// `.data/first-sync/` and reused by the next run (a `seeded.json` marker says what it holds).
// The raw `_bulk_docs` ingest rate, the pull's baseline, is still measured over HTTP, on a sample
// (first-sync.ts).
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { startSyncServerProcess } from '../../scripts/sync-server.mjs';
import { storedKeys } from '../../src/data/db/keys';
import { toCouch } from '../../src/data/sync/mapping';
import { generateDemoChunk } from '../../src/domain/demo';
import { ensurePhoneMetadata } from '../../src/domain/phone';
import { ensurePinyin } from '../../src/domain/pinyin';

export type Collection = 'customers' | 'orders' | 'interactions' | 'surveys';
export const COLLECTIONS: Collection[] = ['customers', 'orders', 'interactions', 'surveys'];

export interface TeamSpec {
  customers: number;
  seed: number;
  now: number;
  ordersPerCustomer: number;
}

export interface Seeded {
  spec: TeamSpec;
  counts: Record<Collection, number>;
  total: number;
  first: { givenName: string; familyName: string };
  /** How long the direct seeding took when the directory was made (ms), and at what load. */
  seedMs: number;
  seedLoad1: number;
}

/** The demo generator's documents as the app stores them, as CouchDB documents. */
export function serverDocs(spec: TeamSpec, start: number, count: number) {
  const chunk = generateDemoChunk({
    seed: spec.seed,
    start,
    count,
    now: spec.now,
    ordersPerCustomer: spec.ordersPerCustomer,
  });
  const by = 'admin';
  return {
    customers: chunk.customers.map((c) => toCouch({ ...c, updatedBy: by, ...storedKeys(c, c.updatedAt) })),
    orders: chunk.orders.map((o) => toCouch({ ...o, updatedBy: by })),
    interactions: chunk.interactions.map((i) => toCouch({ ...i, updatedBy: by })),
    surveys: chunk.surveys.map((s) => toCouch({ ...s, updatedBy: by })),
    firstCustomer: chunk.customers[0],
  };
}

const sameSpec = (a: TeamSpec, b: TeamSpec) =>
  a.customers === b.customers && a.seed === b.seed && a.now === b.now && a.ordersPerCustomer === b.ordersPerCustomer;

interface PouchLike {
  bulkDocs(docs: object[]): Promise<{ error?: string; reason?: string }[]>;
  close(): Promise<void>;
}

/**
 * A server data directory holding the team of `spec` (databases, security, validation and demo
 * users as `npm run sync:setup` makes them): reused when its marker matches, made otherwise.
 */
export async function seededDirectory(
  dir: string,
  spec: TeamSpec,
  log: (line: string) => void,
  loadNow: () => number,
): Promise<Seeded> {
  const marker = join(dir, 'seeded.json');
  if (existsSync(marker)) {
    const seeded = JSON.parse(readFileSync(marker, 'utf8')) as Seeded;
    if (sameSpec(seeded.spec, spec)) {
      log(`reusing the seeded server data in ${dir} (${seeded.total} documents)`);
      return seeded;
    }
  }
  rmSync(dir, { recursive: true, force: true });
  // The databases, their security and validation, the demo users: the server's own setup.
  const server = await startSyncServerProcess({ port: 0, dataDir: dir, setup: true });
  await server.stop();

  await Promise.all([ensurePinyin(), ensurePhoneMetadata()]);
  const require = createRequire(import.meta.url);
  const PouchDB = require('pouchdb') as { defaults(o: object): new (name: string) => PouchLike };
  const Pouch = PouchDB.defaults({ prefix: `${dir}/` });
  const dbs = Object.fromEntries(COLLECTIONS.map((c) => [c, new Pouch(`fieldbook-${c}`)])) as Record<
    Collection,
    PouchLike
  >;
  const counts: Record<Collection, number> = { customers: 0, orders: 0, interactions: 0, surveys: 0 };
  const CHUNK = 2000;
  const load0 = loadNow();
  const t0 = performance.now();
  let first: Seeded['first'] | undefined;
  let writing: Promise<void> = Promise.resolve();
  try {
    for (let start = 0; start < spec.customers; start += CHUNK) {
      const docs = serverDocs(spec, start, Math.min(CHUNK, spec.customers - start));
      first ??= docs.firstCustomer;
      await writing;
      // LevelDB writes off the JS thread: the next chunk is generated meanwhile.
      writing = Promise.all(
        COLLECTIONS.map(async (name) => {
          const out = await dbs[name].bulkDocs(docs[name]);
          const failed = out.find((r) => r.error);
          if (failed) throw new Error(`seeding ${name}: ${failed.error} ${failed.reason ?? ''}`);
          counts[name] += docs[name].length;
        }),
      ).then(() => undefined);
      if ((start / CHUNK) % 10 === 0)
        log(`seeding: ${start + CHUNK} of ${spec.customers} customers (${Math.round(performance.now() - t0)} ms)`);
    }
    await writing;
  } finally {
    await Promise.all(COLLECTIONS.map((c) => dbs[c].close()));
  }
  if (!first) throw new Error('no customers');
  const seeded: Seeded = {
    spec,
    counts,
    total: COLLECTIONS.reduce((n, c) => n + counts[c], 0),
    first: { givenName: first.givenName, familyName: first.familyName },
    seedMs: Math.round(performance.now() - t0),
    seedLoad1: Math.round(((load0 + loadNow()) / 2) * 10) / 10,
  };
  writeFileSync(marker, `${JSON.stringify(seeded, null, 2)}\n`);
  log(`seeded ${seeded.total} documents straight into ${dir} in ${Math.round(seeded.seedMs / 1000)} s`);
  return seeded;
}
