// The Trash: customers put there by Delete, live (a restore or a trash on another device or tab
// shows up at once). Restore puts one back; delete for good is the real, replicated delete.
import type { Subscription } from 'rxjs';
import type { FieldbookDatabase } from '../data/db/database';
import type { CustomerDoc } from '../data/db/schemas';
import {
  countTrash,
  customerChanges$,
  deleteCustomer,
  restoreFromTrash,
  trashedCustomers,
} from '../data/repos/customers';

/** The Trash screen lists this many (most recently trashed first) and says how many there are. */
export const TRASH_SHOWN = 500;

export class TrashState {
  rows = $state.raw<CustomerDoc[]>([]);
  count = $state(0);
  loaded = $state(false);
  #sub: Subscription;
  #seq = 0;

  constructor(
    private readonly db: FieldbookDatabase,
    private readonly userId: () => string,
  ) {
    this.#sub = customerChanges$(db).subscribe(() => void this.refresh());
    void this.refresh();
  }

  async refresh(): Promise<void> {
    const seq = ++this.#seq;
    const [rows, count] = await Promise.all([trashedCustomers(this.db, TRASH_SHOWN), countTrash(this.db)]);
    if (seq !== this.#seq) return;
    this.rows = rows;
    this.count = count;
    this.loaded = true;
  }

  restore(id: string): Promise<void> {
    return restoreFromTrash(this.db, id, { now: Date.now(), by: this.userId() });
  }

  async deleteForGood(id: string): Promise<void> {
    await deleteCustomer(this.db, id, { now: Date.now(), by: this.userId() });
  }

  destroy(): void {
    this.#sub.unsubscribe();
  }
}
