// Orders, interactions and surveys read a page at a time in id order, for their export files
// (src/state/customer-export.svelte.ts hands each page to the export worker).
import type { FieldbookDatabase } from '../db/database';
import type { InteractionDoc, OrderDoc, SurveyDoc } from '../db/schemas';

export type ActivityKind = 'orders' | 'interactions' | 'surveys';
export interface ActivityDocs {
  orders: OrderDoc;
  interactions: InteractionDoc;
  surveys: SurveyDoc;
}

export interface ActivityPage<K extends ActivityKind> {
  rows: ActivityDocs[K][];
  /** The id to pass as `after` for the next page; null after the last. */
  next: string | null;
}

/** Up to `limit` records after id `after` ('' for the first page), and the cursor of the next page. */
export async function pageActivity<K extends ActivityKind>(
  db: FieldbookDatabase,
  kind: K,
  after: string,
  limit: number,
): Promise<ActivityPage<K>> {
  const collection = db[kind] as unknown as {
    find(q: object): { exec(): Promise<Array<{ toMutableJSON(): ActivityDocs[K] }>> };
  };
  const docs = await collection.find({ selector: { id: { $gt: after } }, sort: [{ id: 'asc' }], limit }).exec();
  const rows = docs.map((d) => d.toMutableJSON());
  const last = rows[rows.length - 1];
  return { rows, next: rows.length === limit && last ? last.id : null };
}
