// Orders, interactions and surveys of a customer, and the product list behind order entry.
import { map, type Observable } from 'rxjs';
import { newId } from '../../domain/ids';
import type { InteractionFields, OrderFields, ProductFields, SurveyFields } from '../../domain/types';
import type { FieldbookDatabase } from '../db/database';
import type { WriteMeta } from '../db/write-meta';
import type { InteractionDoc, OrderDoc, ProductDoc, SurveyDoc } from '../db/schemas';

/** A customer screen shows the most recent entries; older ones are one "show more" away. */
export const RECENT_LIMIT = 100;

function audit(meta: WriteMeta) {
  return { id: newId(meta.now), createdAt: meta.now, updatedAt: meta.now, updatedBy: meta.by };
}

// One small verb per collection, the same shape each: a generic insert over three typed collections
// would hide the document type each caller gets back.
export async function addOrder(db: FieldbookDatabase, fields: OrderFields, meta: WriteMeta): Promise<OrderDoc> {
  const doc: OrderDoc = { ...audit(meta), ...fields };
  await db.orders.insert(doc);
  return doc;
}

export async function addInteraction(
  db: FieldbookDatabase,
  fields: InteractionFields,
  meta: WriteMeta,
): Promise<InteractionDoc> {
  const doc: InteractionDoc = { ...audit(meta), ...fields };
  await db.interactions.insert(doc);
  return doc;
}

export async function addSurvey(db: FieldbookDatabase, fields: SurveyFields, meta: WriteMeta): Promise<SurveyDoc> {
  const doc: SurveyDoc = { ...audit(meta), ...fields };
  await db.surveys.insert(doc);
  return doc;
}

// Newest first. The [customerId, time] index bounds each query to one customer's rows.
export function ordersOf$(db: FieldbookDatabase, customerId: string, limit = RECENT_LIMIT): Observable<OrderDoc[]> {
  return db.orders
    .find({ selector: { customerId }, sort: [{ customerId: 'asc' }, { orderedAt: 'desc' }], limit })
    .$.pipe(map((docs) => docs.map((d) => d.toMutableJSON())));
}

export function interactionsOf$(
  db: FieldbookDatabase,
  customerId: string,
  limit = RECENT_LIMIT,
): Observable<InteractionDoc[]> {
  return db.interactions
    .find({ selector: { customerId }, sort: [{ customerId: 'asc' }, { at: 'desc' }], limit })
    .$.pipe(map((docs) => docs.map((d) => d.toMutableJSON())));
}

export function surveysOf$(db: FieldbookDatabase, customerId: string, limit = RECENT_LIMIT): Observable<SurveyDoc[]> {
  return db.surveys
    .find({ selector: { customerId }, sort: [{ customerId: 'asc' }, { at: 'desc' }], limit })
    .$.pipe(map((docs) => docs.map((d) => d.toMutableJSON())));
}

/** The product catalogue is small (hundreds); order entry offers it as suggestions. */
export async function listProducts(db: FieldbookDatabase, limit = 1000): Promise<ProductDoc[]> {
  const docs = await db.products.find({ selector: { name: { $gte: '' } }, sort: [{ name: 'asc' }], limit }).exec();
  return docs.map((d) => d.toMutableJSON());
}

export async function createProduct(
  db: FieldbookDatabase,
  fields: ProductFields,
  meta: WriteMeta,
): Promise<ProductDoc> {
  const doc: ProductDoc = { ...audit(meta), ...fields };
  await db.products.insert(doc);
  return doc;
}

/** Adds catalogue products whose sku is not there yet (the first of repeated skus in `products`). */
export async function addProducts(db: FieldbookDatabase, products: ProductFields[], meta: WriteMeta): Promise<number> {
  const seen = new Set((await listProducts(db, 10_000)).map((p) => p.sku));
  const fresh = products.filter((p) => !seen.has(p.sku) && Boolean(seen.add(p.sku)));
  await db.products.bulkInsert(fresh.map((p) => ({ ...audit(meta), ...p })));
  return fresh.length;
}
