// When the device first holds customer data: the moment to ask the browser to keep it
// (navigator.storage.persist), since an empty app has nothing to lose.
import { filter, firstValueFrom, fromEvent, map, takeUntil } from 'rxjs';
import type { FieldbookDatabase } from '../db/database';

/** Resolves true once the database holds a customer (at once if it does), false if aborted first. */
export function whenThereAreCustomers(db: FieldbookDatabase, signal: AbortSignal): Promise<boolean> {
  return firstValueFrom(
    db.customers.count().$.pipe(
      filter((n) => n > 0),
      map(() => true),
      takeUntil(fromEvent(signal, 'abort')),
    ),
    { defaultValue: false },
  );
}
