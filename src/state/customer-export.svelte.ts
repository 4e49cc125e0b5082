// Exporting from the customer list, as UI state: progress (records handed to the export worker of
// about how many), cancel, error. The run itself is customer-export-run.ts: the customers of the
// current search or tag filter (or all) read a page at a time and written by the export worker as
// they arrive; orders, interactions and surveys as their own files.
import type { FieldbookDatabase } from '../data/db/database';
import type { ActivityKind } from '../data/repos/activity-export';
import type { ExportFile, ExportFormat } from '../../workers/export/contract';
import {
  exportActivity,
  exportCustomers,
  type CustomerExportChoices,
  type ExportHooks,
  type ExportScope,
} from './customer-export-run';

export type { ExportScope, CustomerExportChoices };

export class CustomerExportState {
  running = $state(false);
  done = $state(0);
  /** About how many records the file will hold (0 while unknown). */
  total = $state(0);
  error = $state<string | null>(null);
  #cancelled = false;

  constructor(private readonly db: FieldbookDatabase) {}

  /** The file of the customers in scope (null when cancelled or failed). */
  run(scope: ExportScope, format: ExportFormat, choices: CustomerExportChoices): Promise<ExportFile | null> {
    return this.#track((hooks) => exportCustomers(this.db, scope, format, choices, hooks));
  }

  /** Every order, interaction or survey as its own file (null when cancelled or failed). */
  runActivity(kind: ActivityKind, format: ExportFormat): Promise<ExportFile | null> {
    return this.#track((hooks) => exportActivity(this.db, kind, format, hooks));
  }

  cancel(): void {
    this.#cancelled = true;
  }

  async #track(run: (hooks: ExportHooks) => Promise<ExportFile | null>): Promise<ExportFile | null> {
    this.running = true;
    this.#cancelled = false;
    this.error = null;
    this.done = 0;
    this.total = 0;
    try {
      return await run({
        onProgress: (done, total) => {
          this.done = done;
          this.total = total;
        },
        cancelled: () => this.#cancelled,
      });
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err);
      return null;
    } finally {
      this.running = false;
    }
  }
}
