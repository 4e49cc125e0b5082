// Loads generated demo data in chunks: generate (pure, domain/demo.ts) → derive keys → bulkInsert,
// yielding to the event loop between chunks so the page stays responsive, with progress and cancel.
import { DEMO_PRODUCTS, generateDemoChunk } from '../../domain/demo';
import type { FieldbookDatabase } from '../db/database';
import { addProducts } from './activity';
import { storedKeys } from '../db/keys';
import type { CustomerDoc } from '../db/schemas';
import { afterQueuedTasks } from '../../lib/next-task';
import { ensureSearchKeyDataFor } from '../../domain/customer';

export interface DemoProgress {
  done: number;
  total: number;
  /** Rows of every collection written so far (customers + orders + interactions + surveys). */
  rows: number;
}

export interface DemoOptions {
  count: number;
  seed?: number;
  chunkSize?: number;
  now?: number;
  /** Who the demo customers belong to (the rep who loads them); '' leaves them unassigned. */
  ownerId?: string;
  /** Exactly this many orders per customer (benchmarks); absent: the realistic default mix. */
  ordersPerCustomer?: number;
  onProgress?: (p: DemoProgress) => void;
  signal?: AbortSignal;
}

export async function loadDemoData(db: FieldbookDatabase, opts: DemoOptions): Promise<DemoProgress> {
  // A fresh seed per load: loading twice adds new people instead of colliding on ids.
  const seed = opts.seed ?? Date.now() % 2_147_483_647;
  const chunkSize = opts.chunkSize ?? 500;
  const now = opts.now ?? Date.now();
  // Everything is written as by the rep who loads it: on a synced device the server's rules then
  // let that rep remove it again (a rep deletes only their own records).
  const by = opts.ownerId || 'demo';
  await addProducts(db, DEMO_PRODUCTS, { now, by });
  const progress: DemoProgress = { done: 0, total: opts.count, rows: 0 };
  while (progress.done < opts.count) {
    if (opts.signal?.aborted) break;
    const count = Math.min(chunkSize, opts.count - progress.done);
    const chunk = generateDemoChunk({
      seed,
      start: progress.done,
      count,
      now,
      ...(opts.ordersPerCustomer === undefined ? {} : { ordersPerCustomer: opts.ordersPerCustomer }),
    });
    // The demo set has Chinese names and phones: the first chunk loads the pinyin dictionaries and phone metadata.
    await ensureSearchKeyDataFor(chunk.customers);
    const customers: CustomerDoc[] = chunk.customers.map((c) => ({
      ...c,
      ownerId: opts.ownerId ?? c.ownerId,
      updatedBy: by,
      ...storedKeys(c, c.updatedAt),
    }));
    const [a, b, c, d] = await Promise.all([
      db.customers.bulkInsert(customers),
      db.orders.bulkInsert(chunk.orders.map((o) => ({ ...o, updatedBy: by }))),
      db.interactions.bulkInsert(chunk.interactions.map((i) => ({ ...i, updatedBy: by }))),
      db.surveys.bulkInsert(chunk.surveys.map((s) => ({ ...s, updatedBy: by }))),
    ]);
    const errors = [...a.error, ...b.error, ...c.error, ...d.error];
    if (errors.length)
      throw new Error(`demo data: ${errors.length} rows rejected (first: ${JSON.stringify(errors[0]).slice(0, 300)})`);
    progress.done += count;
    progress.rows += customers.length + chunk.orders.length + chunk.interactions.length + chunk.surveys.length;
    opts.onProgress?.({ ...progress });
    await afterQueuedTasks();
  }
  return progress;
}
