// All customers as plain documents, for the dedup worker's index and the quality scan: in batches by
// primary key, then as a stream of writes.
import { map, type Observable } from 'rxjs';
import type { FieldbookDatabase } from '../db/database';
import type { CustomerDoc } from '../db/schemas';
import { pageByPrimaryKey } from '../db/storage';
import { isEventCustomer } from '../../domain/kiosk';
import { isInUse } from '../../domain/trash';

export interface CustomerBatch {
  rows: CustomerDoc[];
  /** Pass back to read the next batch; null at the end. */
  next: string | null;
}

/** Customers in primary-key order, a batch at a time (loading the dedup index, quality scan). */
export async function customerBatch(db: FieldbookDatabase, after: string | null, limit = 300): Promise<CustomerBatch> {
  const rows = await pageByPrimaryKey(db.customers, after ?? '', limit);
  return { rows, next: rows.length < limit ? null : (rows[rows.length - 1]?.id ?? null) };
}

/** Customer writes as plain documents: upserts (live, in use) and removals (deleted, merged or trashed). */
export function customerUpserts$(
  db: FieldbookDatabase,
): Observable<{ upserts: CustomerDoc[]; removed: string[]; inserted: string[] }> {
  return db.customers.eventBulks$.pipe(
    map((bulk) => {
      const upserts: CustomerDoc[] = [];
      const removed: string[] = [];
      const inserted: string[] = [];
      for (const ev of bulk.events) {
        const d = ev.documentData as CustomerDoc & { _deleted?: boolean };
        // The kiosk's event pseudo-customers are no one's duplicate (src/domain/kiosk.ts); trashed and merged records neither.
        if (ev.operation === 'DELETE' || d._deleted || !isInUse(d) || isEventCustomer(d)) removed.push(d.id);
        else {
          upserts.push(d);
          if (ev.operation === 'INSERT') inserted.push(d.id);
        }
      }
      return { upserts, removed, inserted };
    }),
  );
}
