// Orders, interactions and surveys of a customer, and the product list behind order entry.
import { map, type Observable } from 'rxjs';
import type { RxCollection } from 'rxdb';
import { newId } from '../../domain/ids';
import { withStatus } from '../../domain/order-status';
import type { InteractionFields, OrderFields, OrderStatus, ProductFields, SurveyFields } from '../../domain/types';
import type { FieldbookDatabase } from '../db/database';
import type { WriteMeta } from '../db/write-meta';
import type { InteractionDoc, OrderDoc, ProductDoc, SurveyDoc } from '../db/schemas';
import { changesOf, deviceMeta, recordAudit } from './audit';

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
  await auditActivity(db, meta, 'create', 'orders', null, doc);
  return doc;
}

type ActivityDoc = OrderDoc | InteractionDoc | SurveyDoc;

/** The audit entry of one order, interaction or survey write (about its customer). */
export function auditActivity(
  db: FieldbookDatabase,
  meta: WriteMeta,
  action: 'create' | 'update' | 'delete' | 'restore',
  coll: Activity,
  before: ActivityDoc | null,
  after: ActivityDoc | null,
): Promise<void> {
  const doc = after ?? before;
  if (!doc) return Promise.resolve();
  return recordAudit(db, meta, [
    { action, coll, customerId: doc.customerId, docId: doc.id, changes: changesOf(coll, before, after) },
  ]);
}

export async function addInteraction(
  db: FieldbookDatabase,
  fields: InteractionFields,
  meta: WriteMeta,
): Promise<InteractionDoc> {
  const doc: InteractionDoc = { ...audit(meta), ...fields };
  await db.interactions.insert(doc);
  await auditActivity(db, meta, 'create', 'interactions', null, doc);
  return doc;
}

export async function addSurvey(db: FieldbookDatabase, fields: SurveyFields, meta: WriteMeta): Promise<SurveyDoc> {
  const doc: SurveyDoc = { ...audit(meta), ...fields };
  await db.surveys.insert(doc);
  await auditActivity(db, meta, 'create', 'surveys', null, doc);
  return doc;
}

// Corrections: edit, delete (with Undo) and the order status. Every change is a write the
// measures follower sees (src/data/derived/measures.ts recomputes the customer from its own rows),
// so derived measures, RFM, risk and recommendations follow edits and deletes of any order.

type Activity = 'orders' | 'interactions' | 'surveys';
type DocOf<C extends Activity> = C extends 'orders' ? OrderDoc : C extends 'interactions' ? InteractionDoc : SurveyDoc;
type FieldsOf<C extends Activity> = C extends 'orders'
  ? OrderFields
  : C extends 'interactions'
    ? InteractionFields
    : SurveyFields;

// The three collections share the audit fields and the customerId; typed loosely here, typed again
// at each verb.
function collection<C extends Activity>(db: FieldbookDatabase, name: C): RxCollection<DocOf<C>> {
  return db[name] as unknown as RxCollection<DocOf<C>>;
}

async function patch<C extends Activity>(
  db: FieldbookDatabase,
  name: C,
  id: string,
  fields: Partial<FieldsOf<C>>,
  meta: WriteMeta,
): Promise<DocOf<C>> {
  const doc = await collection(db, name).findOne(id).exec();
  if (!doc) throw new Error(`${name} ${id} not found`);
  const before = doc.toMutableJSON();
  const updated = await doc.incrementalPatch({ ...fields, updatedAt: meta.now, updatedBy: meta.by } as Partial<
    DocOf<C>
  >);
  const after = updated.toMutableJSON();
  await auditActivity(db, meta, 'update', name, before, after);
  return after;
}

/** Deletes one entry (an RxDB tombstone, which replicates); resolves to it for Undo, null if gone. */
async function remove<C extends Activity>(
  db: FieldbookDatabase,
  name: C,
  id: string,
  meta: WriteMeta,
): Promise<DocOf<C> | null> {
  const doc = await collection(db, name).findOne(id).exec();
  if (!doc) return null;
  const snapshot = doc.toMutableJSON();
  await doc.remove();
  await auditActivity(db, meta, 'delete', name, snapshot, null);
  return snapshot;
}

/** Undo of a delete: the entry comes back with its id and fields (written now, by `meta.by`). */
async function restore<C extends Activity>(
  db: FieldbookDatabase,
  name: C,
  snapshot: DocOf<C>,
  meta: WriteMeta,
): Promise<void> {
  const doc = { ...snapshot, updatedAt: meta.now, updatedBy: meta.by };
  await collection(db, name).insert(doc);
  await auditActivity(db, meta, 'restore', name, null, doc);
}

/** Replaces an order's editable fields (items, currency, date, status and step dates). */
export function updateOrder(
  db: FieldbookDatabase,
  id: string,
  fields: OrderFields,
  meta: WriteMeta,
): Promise<OrderDoc> {
  return patch(db, 'orders', id, fields, meta);
}

/** Moves an order to `status`, dating the step `at` (rules: domain/order-status.ts). */
export async function setOrderStatus(
  db: FieldbookDatabase,
  id: string,
  status: OrderStatus,
  at: number,
  meta: WriteMeta,
): Promise<OrderDoc> {
  const doc = await db.orders.findOne(id).exec();
  if (!doc) throw new Error(`order ${id} not found`);
  return patch(db, 'orders', id, withStatus(doc.toMutableJSON(), status, at), meta);
}

export const deleteOrder = (db: FieldbookDatabase, id: string, meta = deviceMeta(db)): Promise<OrderDoc | null> =>
  remove(db, 'orders', id, meta);
export const restoreOrder = (db: FieldbookDatabase, snapshot: OrderDoc, meta: WriteMeta): Promise<void> =>
  restore(db, 'orders', snapshot, meta);

export function updateInteraction(
  db: FieldbookDatabase,
  id: string,
  fields: InteractionFields,
  meta: WriteMeta,
): Promise<InteractionDoc> {
  return patch(db, 'interactions', id, fields, meta);
}
export const deleteInteraction = (
  db: FieldbookDatabase,
  id: string,
  meta = deviceMeta(db),
): Promise<InteractionDoc | null> => remove(db, 'interactions', id, meta);
export const restoreInteraction = (db: FieldbookDatabase, snapshot: InteractionDoc, meta: WriteMeta): Promise<void> =>
  restore(db, 'interactions', snapshot, meta);

export function updateSurvey(
  db: FieldbookDatabase,
  id: string,
  fields: SurveyFields,
  meta: WriteMeta,
): Promise<SurveyDoc> {
  return patch(db, 'surveys', id, fields, meta);
}
export const deleteSurvey = (db: FieldbookDatabase, id: string, meta = deviceMeta(db)): Promise<SurveyDoc | null> =>
  remove(db, 'surveys', id, meta);
export const restoreSurvey = (db: FieldbookDatabase, snapshot: SurveyDoc, meta: WriteMeta): Promise<void> =>
  restore(db, 'surveys', snapshot, meta);

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
