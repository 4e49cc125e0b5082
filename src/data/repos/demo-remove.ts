// "Remove demo data": deletes what the demo loader created and nothing else. Demo customers are
// the ones whose `source` is the demo source (the loader stamps it and no screen changes it); with
// them go their orders, interactions and surveys, the duplicate decisions that name them, and the
// demo products no one has edited since (updatedAt still their createdAt). Deletions are ordinary RxDB deletes, so on a synced
// device they replicate like any other delete (and the server's rules apply to them).
import { DEMO_PRODUCTS, DEMO_SOURCE } from '../../domain/demo';
import { afterQueuedTasks } from '../../lib/next-task';
import type { FieldbookDatabase } from '../db/database';
import { pageByPrimaryKey } from '../db/storage';

export interface DemoRemoval {
  customers: number;
  /** Orders, interactions, surveys and decisions removed with them. */
  related: number;
  products: number;
}

export interface DemoRemovalOptions {
  /** Customers read per step (one indexed page by id, then one bulk delete per collection). */
  pageSize?: number;
  onProgress?: (removedCustomers: number) => void;
  signal?: AbortSignal;
}

/** Ids of the demo customers in the next page after `afterId`, and where the page ended. */
async function nextDemoPage(
  db: FieldbookDatabase,
  afterId: string,
  pageSize: number,
): Promise<{ ids: string[]; lastId: string | null }> {
  // `source` has no index (no screen filters on it): page through the primary key (one indexed read
  // per page, see pageByPrimaryKey) instead of one unindexed query over every customer.
  const page = await pageByPrimaryKey(db.customers, afterId, pageSize);
  const last = page.at(-1);
  return { ids: page.filter((d) => d.source === DEMO_SOURCE).map((d) => d.id), lastId: last ? last.id : null };
}

async function removeChildren(db: FieldbookDatabase, ids: string[]): Promise<number> {
  const selector = { customerId: { $in: ids } };
  const [orders, interactions, surveys] = await Promise.all([
    db.orders.find({ selector }).remove(),
    db.interactions.find({ selector }).remove(),
    db.surveys.find({ selector }).remove(),
  ]);
  const [byCustomer, byOther] = await Promise.all([
    db.decisions.find({ selector }).remove(),
    db.decisions.find({ selector: { otherId: { $in: ids } } }).remove(),
  ]);
  return orders.length + interactions.length + surveys.length + byCustomer.length + byOther.length;
}

/** Demo products still exactly as the loader wrote them (never edited since). */
async function removeDemoProducts(db: FieldbookDatabase): Promise<number> {
  const skus = DEMO_PRODUCTS.map((p) => p.sku);
  const products = await db.products.find({ selector: { sku: { $in: skus } } }).exec();
  const unedited = products.filter((p) => p.updatedAt === p.createdAt).map((p) => p.id);
  const removed = await db.products.bulkRemove(unedited);
  return removed.success.length;
}

export async function removeDemoData(db: FieldbookDatabase, opts: DemoRemovalOptions = {}): Promise<DemoRemoval> {
  const pageSize = opts.pageSize ?? 500;
  const result: DemoRemoval = { customers: 0, related: 0, products: 0 };
  let afterId = '';
  for (;;) {
    if (opts.signal?.aborted) return result;
    const { ids, lastId } = await nextDemoPage(db, afterId, pageSize);
    if (ids.length) {
      // Children first: a customer is never gone while its orders still point at it.
      result.related += await removeChildren(db, ids);
      const removed = await db.customers.bulkRemove(ids);
      result.customers += removed.success.length;
      opts.onProgress?.(result.customers);
    }
    if (lastId === null) break;
    afterId = lastId;
    await afterQueuedTasks();
  }
  result.products = await removeDemoProducts(db);
  return result;
}
