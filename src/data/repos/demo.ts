// Loads generated demo data through the bulk-write path (bulk.ts): generate (pure, domain/demo.ts)
// and derive keys — in the search-key worker when the state layer passes `makeChunk` — then write
// each collection's rows in slices, one slice per task, with progress and cancel.
import { DEMO_PRODUCTS, generateDemoChunk, type DemoChunkOptions, type KeyedDemoChunk } from '../../domain/demo';
import type { CustomerSearchKeys } from '../../domain/types';
import type { FieldbookDatabase } from '../db/database';
import { addProducts } from './activity';
import { withSortKeys } from '../db/keys';
import type { CustomerDoc } from '../db/schemas';
import { keyFields, localKeys, runInChunks, type KeyDeriver } from './bulk';
import { BULK_WRITE_BOUNDS, TaskBudget, type WriteBounds } from './task-budget';

export interface DemoProgress {
  done: number;
  total: number;
  /** Rows of every collection written so far (customers + orders + interactions + surveys). */
  rows: number;
}

export type { KeyedDemoChunk };
/** Makes one chunk (generation + keys): on this thread (`demoChunksHere`) or in a worker. */
export type DemoChunkMaker = (opts: DemoChunkOptions) => Promise<KeyedDemoChunk>;

/** Generates on this thread and derives the keys with `deriveKeys` (tests, and without a worker). */
export function demoChunksHere(deriveKeys: KeyDeriver = localKeys): DemoChunkMaker {
  return async (opts) => {
    const chunk = generateDemoChunk(opts);
    return { ...chunk, keys: await deriveKeys(chunk.customers.map(keyFields)) };
  };
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
  /**
   * Where chunks are generated and keyed. The state layer passes the search-key worker's
   * (`demoChunk`), so neither generation nor key derivation runs on the main thread. Absent:
   * `demoChunksHere(deriveKeys)`.
   */
  makeChunk?: DemoChunkMaker;
  /** Where search keys are derived when chunks are generated here (`makeChunk` absent). */
  deriveKeys?: KeyDeriver;
  /** Main-thread budget of one write (ms; repos/task-budget.ts BULK_TASK_BUDGET_MS by default). */
  taskBudgetMs?: number;
}

/**
 * Most documents one write holds. A write's main-thread work (RxDB's per-document preparation and
 * IndexedDB serializing every put) runs in one task and grows with its documents; a demo chunk of
 * 400 customers carries ~940 orders. Slices of at most this many, fewer when the run's task budget
 * says so (task-budget.ts: the measured main-thread cost per document), each in its own task, keep
 * that task short whatever size the chunk sizer chose (test/bench/bulk-demo-run.mjs traces them).
 */
export const DEMO_WRITE_SLICE = 200;
const DEMO_WRITE_BOUNDS: WriteBounds = { ...BULK_WRITE_BOUNDS, max: DEMO_WRITE_SLICE };

interface Insertable<T> {
  bulkInsert(docs: T[]): Promise<{ error: unknown[] }>;
}

/**
 * Inserts `docs` slice by slice (sized by `budget`), each slice one write (one IndexedDB
 * transaction) in a new task, one at a time: the main thread never serializes more than a slice in
 * one task, and at most one collection's storage work runs in the browser at once (four parallel
 * writes kept Chromium's storage threads and the page competing for the same cores). Returns the
 * rejected rows.
 */
async function insertInSlices<T>(collection: Insertable<T>, docs: T[], budget: TaskBudget): Promise<unknown[]> {
  const errors: unknown[] = [];
  await budget.inSlices(docs, DEMO_WRITE_BOUNDS, async (slice) => {
    errors.push(...(await collection.bulkInsert(slice)).error);
  });
  return errors;
}

/**
 * Writes generated customers with their orders, visits and surveys through the bulk-write path
 * (bulk.ts): measured chunks, a new task between writes, derived data caught up once at the end.
 * A chunk's customers are written before their children, so a child never points at a customer
 * not yet stored.
 */
export async function loadDemoData(db: FieldbookDatabase, opts: DemoOptions): Promise<DemoProgress> {
  // A fresh seed per load: loading twice adds new people instead of colliding on ids.
  const seed = opts.seed ?? Date.now() % 2_147_483_647;
  const now = opts.now ?? Date.now();
  // Everything is written as by the rep who loads it: on a synced device the server's rules then
  // let that rep remove it again (a rep deletes only their own records).
  const by = opts.ownerId || 'demo';
  const makeChunk = opts.makeChunk ?? demoChunksHere(opts.deriveKeys);
  await addProducts(db, DEMO_PRODUCTS, { now, by });
  const progress: DemoProgress = { done: 0, total: opts.count, rows: 0 };
  const fixed = opts.chunkSize;
  const budgets = new Map<string, TaskBudget>();
  await runInChunks({
    total: opts.count,
    database: db,
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(fixed ? { sizing: { initial: fixed, min: fixed, max: fixed } } : {}),
    ...(opts.taskBudgetMs === undefined ? {} : { taskBudgetMs: opts.taskBudgetMs }),
    writeChunk: async (start, count, run) => {
      // Each collection's documents weigh differently (a customer has ten indexes, a visit three):
      // a budget per collection, at the run's time budget, kept across chunks.
      const budget = (name: string): TaskBudget => {
        let b = budgets.get(name);
        if (!b) budgets.set(name, (b = new TaskBudget(run.budgetMs)));
        return b;
      };
      const chunk = await makeChunk({
        seed,
        start,
        count,
        now,
        ...(opts.ordersPerCustomer === undefined ? {} : { ordersPerCustomer: opts.ordersPerCustomer }),
      });
      const customers: CustomerDoc[] = chunk.customers.map((c, k) => ({
        ...c,
        ownerId: opts.ownerId ?? c.ownerId,
        updatedBy: by,
        ...withSortKeys(chunk.keys[k] as CustomerSearchKeys, c.updatedAt),
      }));
      const errors = [
        ...(await insertInSlices(db.customers, customers, budget('customers'))),
        ...(await insertInSlices(
          db.orders,
          chunk.orders.map((o) => ({ ...o, updatedBy: by })),
          budget('orders'),
        )),
        ...(await insertInSlices(
          db.interactions,
          chunk.interactions.map((i) => ({ ...i, updatedBy: by })),
          budget('interactions'),
        )),
        ...(await insertInSlices(
          db.surveys,
          chunk.surveys.map((s) => ({ ...s, updatedBy: by })),
          budget('surveys'),
        )),
      ];
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
