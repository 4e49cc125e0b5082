// The header's count of open sync-log entries. Its own module: the sync state counts refused
// changes from the start on every device, while the log's verbs (sync-log.ts: restore, retry,
// discard, with the three-way merge) load with the screens that show entries.
import type { Observable } from 'rxjs';
import type { FieldbookDatabase } from '../db/database';
import type { SyncLogKind } from './schemas';

/** How many entries of one kind are open (indexed count: kind, state). */
export function openCount$(db: FieldbookDatabase, kind: SyncLogKind): Observable<number> {
  return db.synclog.count({ selector: { kind, state: 'open' } }).$;
}
