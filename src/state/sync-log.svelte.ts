// The lists sync keeps instead of dropping anything (changes the server rejected, server records
// quarantined, values that lost a conflict), live, with their verbs: retry, discard, restore,
// dismiss. Each verb is an ordinary local write, so it replicates like any edit.
import type { Subscription } from 'rxjs';
import type { FieldbookDatabase } from '../data/db/database';
import { displayName } from '../domain/names';
import {
  customersOfEntries,
  discardRejected,
  dismissEntry,
  lostValueOf,
  openEntries$,
  rejectedOf,
  restoreConflictValue,
  retryRejected,
  type SyncLogDoc,
} from '../data/sync/sync-log';

// Reading an entry's body is pure parsing; screens need it to word the entry.
export { lostValueOf, rejectedOf };
export type { SyncLogDoc };

export class SyncLogState {
  rejected = $state.raw<SyncLogDoc[]>([]);
  quarantined = $state.raw<SyncLogDoc[]>([]);
  conflicts = $state.raw<SyncLogDoc[]>([]);
  /** The name of the customer each entry is about, by entry id (absent when it cannot be found). */
  names = $state.raw<Readonly<Record<string, string>>>({});
  #subs: Subscription[];

  constructor(
    private readonly db: FieldbookDatabase,
    private readonly userId: () => string,
  ) {
    this.#subs = [
      openEntries$(db, 'rejected').subscribe((e) => {
        this.rejected = e;
        void this.#name(e);
      }),
      openEntries$(db, 'quarantine').subscribe((e) => (this.quarantined = e)),
      openEntries$(db, 'conflict').subscribe((e) => {
        this.conflicts = e;
        void this.#name(e);
      }),
    ];
  }

  async #name(entries: SyncLogDoc[]): Promise<void> {
    const found = await customersOfEntries(this.db, entries);
    if (!found.size) return;
    const names: Record<string, string> = { ...this.names };
    for (const [id, c] of found) names[id] = displayName(c) || c.company || c.email;
    this.names = names;
  }

  #meta() {
    return { now: Date.now(), by: this.userId() };
  }

  retry(entry: SyncLogDoc): Promise<void> {
    return retryRejected(this.db, entry, this.#meta());
  }

  discard(entry: SyncLogDoc): Promise<void> {
    return discardRejected(this.db, entry);
  }

  restore(entry: SyncLogDoc): Promise<void> {
    return restoreConflictValue(this.db, entry, this.#meta());
  }

  dismiss(entry: SyncLogDoc): Promise<void> {
    return dismissEntry(this.db, entry);
  }

  destroy(): void {
    for (const s of this.#subs) s.unsubscribe();
  }
}
