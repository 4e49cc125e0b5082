// Exporting the customer list: the customers of the current search or tag filter (or all) are read
// a page at a time through the list's own indexed queries and handed to the export worker page by
// page (no long task on this thread), which writes the CSV or .xlsx file.
import type { FieldbookDatabase } from '../data/db/database';
import { pageCustomers, searchCustomers, type CustomerSort, type PageCursor } from '../data/repos/customers';
import type { CustomerDoc } from '../data/db/schemas';
import { pageActivity, type ActivityKind, type ActivityPage } from '../data/repos/activity-export';
import type { Interaction, Order, Survey } from '../domain/types';
import { CUSTOMER_FIELD_NAMES } from '../domain/customer-fields';
import { mayContact, type ConsentChannel } from '../domain/consent';
import { exportWorker, proxy } from '../../workers/client';
import type { ExportCustomer, ExportFile, ExportFormat } from '../../workers/export/contract';

/** Customers read and handed over per step. */
const PAGE = 1000;
/** A search export reads at most this many matches (the list shows 50). */
const SEARCH_MAX = 100_000;

export interface ExportScope {
  query: string;
  tag: string;
  sort: CustomerSort;
  /** Only customers who gave consent to be contacted on this channel ('' = everyone in scope). */
  consent?: ConsentChannel | '';
}

const plain = (c: CustomerDoc): ExportCustomer => {
  const out = { id: c.id, createdAt: c.createdAt, updatedAt: c.updatedAt } as Record<string, unknown>;
  for (const k of CUSTOMER_FIELD_NAMES) out[k] = c[k];
  return out as unknown as ExportCustomer;
};

export class CustomerExportState {
  running = $state(false);
  phase = $state<'reading' | 'writing'>('reading');
  done = $state(0);
  total = $state(0);
  error = $state<string | null>(null);
  #cancelled = false;

  constructor(private readonly db: FieldbookDatabase) {}

  /** The file of the customers in scope (null when cancelled). */
  async run(scope: ExportScope, format: ExportFormat): Promise<ExportFile | null> {
    this.running = true;
    this.#cancelled = false;
    this.error = null;
    this.phase = 'reading';
    this.done = 0;
    const worker = exportWorker();
    try {
      await worker.begin('customers', {});
      const channel = scope.consent ?? '';
      const wanted = (c: CustomerDoc): boolean => channel === '' || mayContact(c.consent, channel);
      if (scope.query.trim() !== '') {
        const rows = await searchCustomers(this.db, scope.query, {
          sort: scope.sort,
          tag: scope.tag || undefined,
          limit: SEARCH_MAX,
        });
        for (let i = 0; i < rows.length && !this.#cancelled; i += PAGE) {
          this.done = await worker.add(
            rows
              .slice(i, i + PAGE)
              .filter(wanted)
              .map(plain),
          );
        }
      } else {
        let after: PageCursor | null = null;
        do {
          const page = await pageCustomers(this.db, {
            sort: scope.sort,
            tag: scope.tag || undefined,
            after,
            limit: PAGE,
          });
          this.done = await worker.add(page.rows.filter((c) => !c.mergedInto && wanted(c)).map(plain));
          after = page.next;
        } while (after !== null && !this.#cancelled);
      }
      if (this.#cancelled) return null;
      this.phase = 'writing';
      this.total = this.done;
      return await worker.finish(
        format,
        proxy((done: number) => {
          this.done = done;
        }),
      );
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err);
      return null;
    } finally {
      this.running = false;
    }
  }

  /** Every order, interaction or survey as its own file (null when cancelled). */
  async runActivity(kind: ActivityKind, format: ExportFormat): Promise<ExportFile | null> {
    this.running = true;
    this.#cancelled = false;
    this.error = null;
    this.phase = 'reading';
    this.done = 0;
    const worker = exportWorker();
    try {
      await worker.begin(kind);
      let after: string | null = '';
      while (after !== null && !this.#cancelled) {
        const page: ActivityPage<ActivityKind> = await pageActivity(this.db, kind, after, PAGE);
        this.done = await worker.add(page.rows as Order[] | Interaction[] | Survey[]);
        after = page.next;
      }
      if (this.#cancelled) return null;
      this.phase = 'writing';
      this.total = this.done;
      return await worker.finish(
        format,
        proxy((done: number) => {
          this.done = done;
        }),
      );
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err);
      return null;
    } finally {
      this.running = false;
    }
  }

  cancel(): void {
    this.#cancelled = true;
  }
}
