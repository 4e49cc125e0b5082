// One customer with its orders, interactions, surveys and open sync conflicts, live: edits anywhere
// show up at once. CustomerWrites is what the customer screens send their intent to.
import type { Subscription } from 'rxjs';
import type { FieldbookDatabase } from '../data/db/database';
import {
  createCustomer,
  customerById$,
  deleteCustomer,
  findExactDuplicates,
  restoreCustomer,
  updateCustomer,
} from '../data/repos/customers';
import { addInteraction, addOrder, addSurvey, interactionsOf$, ordersOf$, surveysOf$ } from '../data/repos/activity';
import type { CustomerDoc, InteractionDoc, OrderDoc, SurveyDoc } from '../data/db/schemas';
import type { WriteMeta } from '../data/db/write-meta';
import {
  conflictsOf$,
  discardRejected,
  dismissEntry,
  refusedOf$,
  restoreConflictValue,
  retryRejected,
  type SyncLogDoc,
} from '../data/sync/sync-log';
import { displayName } from '../domain/names';
import type { CustomerFields, InteractionFields, OrderFields, SurveyFields } from '../domain/types';

export class CustomerState {
  customer = $state.raw<CustomerDoc | null>(null);
  orders = $state.raw<OrderDoc[]>([]);
  interactions = $state.raw<InteractionDoc[]>([]);
  surveys = $state.raw<SurveyDoc[]>([]);
  /** Values of this customer that lost a sync conflict and are not dismissed yet. */
  conflicts = $state.raw<SyncLogDoc[]>([]);
  /** Changes to this customer the server refused (open sync-log entries), newest first. */
  refused = $state.raw<SyncLogDoc[]>([]);
  /** False until the first answer from the database (so "not found" is not flashed). */
  loaded = $state(false);
  #subs: Subscription[] = [];

  constructor(db: FieldbookDatabase, id: string) {
    this.#subs.push(
      customerById$(db, id).subscribe((c) => {
        this.customer = c;
        this.loaded = true;
      }),
      ordersOf$(db, id).subscribe((o) => (this.orders = o)),
      interactionsOf$(db, id).subscribe((i) => (this.interactions = i)),
      surveysOf$(db, id).subscribe((s) => (this.surveys = s)),
      conflictsOf$(db, id).subscribe((e) => (this.conflicts = e.filter((x) => x.state === 'open'))),
      refusedOf$(db, id).subscribe((e) => (this.refused = e)),
    );
  }

  destroy(): void {
    for (const s of this.#subs) s.unsubscribe();
  }
}

/** A record with the same email or phone as the one being typed (the exact-duplicate warning). */
export interface ExactDuplicate {
  id: string;
  name: string;
  sameEmail: boolean;
  samePhone: boolean;
}

/**
 * Writes to customers and their activity. `userId` is read at each write: signing in to sync
 * changes who writes without reopening the screen.
 */
export class CustomerWrites {
  constructor(
    private readonly db: FieldbookDatabase,
    private readonly userId: () => string,
  ) {}

  #meta(): WriteMeta {
    return { now: Date.now(), by: this.userId() };
  }

  /**
   * Creates (id null) or updates a customer; resolves to its id. The owner is what the form says:
   * the form starts a new record with its creator as owner, and "Unassigned" stays unassigned.
   */
  async save(id: string | null, fields: CustomerFields): Promise<string> {
    if (id === null) {
      const doc = await createCustomer(this.db, fields, this.#meta());
      return doc.id;
    }
    await updateCustomer(this.db, id, fields, this.#meta());
    return id;
  }

  /** Saves a record exactly as typed (it is about to be merged into another one). */
  async createAsTyped(fields: CustomerFields): Promise<string> {
    return (await createCustomer(this.db, fields, this.#meta())).id;
  }

  /** Deletes a customer; resolves to the deleted record (for Undo), or null if it was gone. */
  remove(id: string): Promise<CustomerDoc | null> {
    return deleteCustomer(this.db, id);
  }

  restore(snapshot: CustomerDoc): Promise<void> {
    return restoreCustomer(this.db, snapshot);
  }

  async findDuplicates(keys: { emailKey: string; phoneKey: string }, excludeId?: string): Promise<ExactDuplicate[]> {
    const hits = await findExactDuplicates(this.db, keys, excludeId);
    return hits.map((h) => ({
      id: h.customer.id,
      name: displayName(h.customer) || h.customer.email,
      sameEmail: h.sameEmail,
      samePhone: h.samePhone,
    }));
  }

  async addOrder(fields: OrderFields): Promise<void> {
    await addOrder(this.db, fields, this.#meta());
  }

  async logInteraction(fields: InteractionFields): Promise<void> {
    await addInteraction(this.db, fields, this.#meta());
  }

  async addSurvey(fields: SurveyFields): Promise<void> {
    await addSurvey(this.db, fields, this.#meta());
  }

  /** Puts back the value that lost a sync conflict (or deletes again what the other device kept). */
  restoreConflict(entry: SyncLogDoc): Promise<void> {
    return restoreConflictValue(this.db, entry, this.#meta());
  }

  dismissConflict(entry: SyncLogDoc): Promise<void> {
    return dismissEntry(this.db, entry);
  }

  /** Sends a change the server refused again (e.g. after the rep's role changed). */
  retryRefused(entry: SyncLogDoc): Promise<void> {
    return retryRejected(this.db, entry, this.#meta());
  }

  /** Gives up a refused change: the record goes back to what the server has. */
  discardRefused(entry: SyncLogDoc): Promise<void> {
    return discardRejected(this.db, entry);
  }
}
