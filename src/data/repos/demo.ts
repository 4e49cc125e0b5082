// Loads generated demo data through the bulk-write path (bulk.ts): generate (pure, domain/demo.ts)
// → derive keys → bulkInsert per chunk, with progress and cancel.
import { DEMO_PRODUCTS, generateDemoChunk } from '../../domain/demo';
import type { FieldbookDatabase } from '../db/database';
import { addProducts } from './activity';
import { withSortKeys } from '../db/keys';
import type { CustomerDoc } from '../db/schemas';
import { keyFields, localKeys, runInChunks, type KeyDeriver } from './bulk';

export interface DemoProgress {
  done: number;
  total: number;
  /** Rows of every collection written so far (customers + orders + interactions + surveys). */
  rows: number;
}

export interface DemoOptions {
  count: number;
  seed?: number;
  /** Fixed chunk size (benchmarks comparing like with like); absent: measured (bulk.ts). */
  chunkSize?: number;
  now?: number;
  /** Who the demo customers belong to (the rep who loads them); '' leaves them unassigned. */
  ownerId?: string;
  /** Exactly this many orders per customer (benchmarks); absent: the realistic default mix. */
  ordersPerCustomer?: number;
  onProgress?: (p: DemoProgress) => void;
  signal?: AbortSignal;
  /** Where search keys are derived (the state layer passes the search-key worker's). */
  deriveKeys?: KeyDeriver;
}

/**
 * Writes generated customers with their orders, visits and surveys through the bulk-write path
 * (bulk.ts): measured chunks, a new task between chunks, derived data caught up once at the end.
 */
export async function loadDemoData(db: FieldbookDatabase, opts: DemoOptions): Promise<DemoProgress> {
  // A fresh seed per load: loading twice adds new people instead of colliding on ids.
  const seed = opts.seed ?? Date.now() % 2_147_483_647;
  const now = opts.now ?? Date.now();
  // Everything is written as by the rep who loads it: on a synced device the server's rules then
  // let that rep remove it again (a rep deletes only their own records).
  const by = opts.ownerId || 'demo';
  await addProducts(db, DEMO_PRODUCTS, { now, by });
  const progress: DemoProgress = { done: 0, total: opts.count, rows: 0 };
  const fixed = opts.chunkSize;
  await runInChunks({
    total: opts.count,
    database: db,
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(fixed ? { sizing: { initial: fixed, min: fixed, max: fixed } } : {}),
    writeChunk: async (start, count) => {
      const chunk = generateDemoChunk({
        seed,
        start,
        count,
        now,
        ...(opts.ordersPerCustomer === undefined ? {} : { ordersPerCustomer: opts.ordersPerCustomer }),
      });
      const keys = await (opts.deriveKeys ?? localKeys)(chunk.customers.map(keyFields));
      const customers: CustomerDoc[] = chunk.customers.map((c, k) => ({
        ...c,
        ownerId: opts.ownerId ?? c.ownerId,
        updatedBy: by,
        ...withSortKeys(keys[k] as (typeof keys)[number], c.updatedAt),
      }));
      const [a, b, c, d] = await Promise.all([
        db.customers.bulkInsert(customers),
        db.orders.bulkInsert(chunk.orders.map((o) => ({ ...o, updatedBy: by }))),
        db.interactions.bulkInsert(chunk.interactions.map((i) => ({ ...i, updatedBy: by }))),
        db.surveys.bulkInsert(chunk.surveys.map((s) => ({ ...s, updatedBy: by }))),
      ]);
      const errors = [...a.error, ...b.error, ...c.error, ...d.error];
      if (errors.length)
        throw new Error(
          `demo data: ${errors.length} rows rejected (first: ${JSON.stringify(errors[0]).slice(0, 300)})`,
        );
      progress.done += count;
      progress.rows += customers.length + chunk.orders.length + chunk.interactions.length + chunk.surveys.length;
      opts.onProgress?.({ ...progress });
      return count;
    },
  });
  return progress;
}
