// One customer with its orders, interactions, surveys and open sync conflicts, live: edits anywhere
// show up at once. CustomerWrites is what the customer screens send their intent to.
import type { Subscription } from 'rxjs';
import type { FieldbookDatabase } from '../data/db/database';
import {
  createCustomer,
  customerById$,
  deleteCustomer,
  findExactDuplicates,
  restoreFromTrash,
  trashCustomer,
  updateCustomer,
} from '../data/repos/customers';
import {
  addInteraction,
  addOrder,
  addSurvey,
  deleteInteraction,
  deleteOrder,
  deleteSurvey,
  interactionsOf$,
  ordersOf$,
  restoreInteraction,
  restoreOrder,
  restoreSurvey,
  setOrderStatus,
  surveysOf$,
  updateInteraction,
  updateOrder,
  updateSurvey,
} from '../data/repos/activity';
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
import type { CustomerFields, InteractionFields, OrderFields, OrderStatus, SurveyFields } from '../domain/types';

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

export type ActivityKind = 'order' | 'interaction' | 'survey';

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

  /** Puts a customer in the Trash; resolves to the trashed record, or null if there was none in use. */
  trash(id: string): Promise<CustomerDoc | null> {
    return trashCustomer(this.db, id, this.#meta());
  }

  /** Takes a customer out of the Trash (also the Undo of trash()). */
  untrash(id: string): Promise<void> {
    return restoreFromTrash(this.db, id, this.#meta());
  }

  /** Deletes a customer for good (the replicated delete); resolves to what was deleted, or null. */
  deleteForGood(id: string): Promise<CustomerDoc | null> {
    return deleteCustomer(this.db, id, this.#meta());
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

  async updateOrder(id: string, fields: OrderFields): Promise<void> {
    await updateOrder(this.db, id, fields, this.#meta());
  }

  async setOrderStatus(id: string, status: OrderStatus, at: number): Promise<void> {
    await setOrderStatus(this.db, id, status, at, this.#meta());
  }

  async updateInteraction(id: string, fields: InteractionFields): Promise<void> {
    await updateInteraction(this.db, id, fields, this.#meta());
  }

  async updateSurvey(id: string, fields: SurveyFields): Promise<void> {
    await updateSurvey(this.db, id, fields, this.#meta());
  }

  /**
   * Deletes an order, interaction or survey; resolves to the Undo (which puts it back with its id
   * and fields), or null when it was already gone.
   */
  async removeActivity(kind: ActivityKind, id: string): Promise<(() => Promise<void>) | null> {
    const db = this.db;
    switch (kind) {
      case 'order': {
        const snap = await deleteOrder(db, id, this.#meta());
        return snap && (() => restoreOrder(db, snap, this.#meta()));
      }
      case 'interaction': {
        const snap = await deleteInteraction(db, id, this.#meta());
        return snap && (() => restoreInteraction(db, snap, this.#meta()));
      }
      case 'survey': {
        const snap = await deleteSurvey(db, id, this.#meta());
        return snap && (() => restoreSurvey(db, snap, this.#meta()));
      }
    }
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
