// A customer's History tab (the audit trail, live) and the privacy requests: export of everything
// about the customer, and erasure. Screens send intent here; the entries are written by the data
// layer where each change is made (src/data/repos/audit.ts).
import type { Subscription } from 'rxjs';
import type { FieldbookDatabase } from '../data/db/database';
import type { AuditDoc } from '../data/db/schemas';
import { auditOf$, HISTORY_LIMIT } from '../data/repos/audit';
import { eraseCustomer, exportCustomerData, type ErasureResult } from '../data/repos/privacy';
import type { CustomerData } from '../domain/privacy-export';

export class CustomerHistoryState {
  entries = $state.raw<AuditDoc[]>([]);
  loaded = $state(false);
  /** True when the newest HISTORY_LIMIT entries are shown and there may be older ones. */
  readonly capped = $derived(this.entries.length >= HISTORY_LIMIT);
  #sub: Subscription;

  constructor(db: FieldbookDatabase, customerId: string) {
    this.#sub = auditOf$(db, customerId).subscribe((e) => {
      this.entries = e;
      this.loaded = true;
    });
  }

  destroy(): void {
    this.#sub.unsubscribe();
  }
}

/** Privacy requests about one customer. `userId` is read at each request (signing in changes who). */
export class PrivacyRequests {
  constructor(
    private readonly db: FieldbookDatabase,
    private readonly userId: () => string,
  ) {}

  /** Everything about the customer (recorded as an export in the audit trail); null if there is none. */
  exportData(customerId: string): Promise<CustomerData | null> {
    return exportCustomerData(this.db, customerId, { now: Date.now(), by: this.userId() });
  }

  erase(customerId: string): Promise<ErasureResult | null> {
    return eraseCustomer(this.db, customerId, { now: Date.now(), by: this.userId() });
  }
}
