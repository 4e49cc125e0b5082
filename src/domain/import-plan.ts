// The contract between the import worker (which reads, validates and matches a file) and the
// bulk-write path in src/data (which writes it in chunks, records it as one undoable import and
// can resume it). Plain data only: it crosses the worker boundary by structured clone.
import type { CustomerFields, OrderFields } from './types';

/** What a row that matches an existing customer (or an earlier row of the same file) does. */
export type DuplicateAction =
  /** Write nothing for this row. */
  | 'skip'
  /** Update the existing customer: only its empty fields take the row's values. */
  | 'fill'
  /** Update the existing customer: the row's non-empty values replace the stored ones. */
  | 'overwrite'
  /** Create a new customer anyway and queue the pair for review on the duplicates screen. */
  | 'create-and-review';

/** One customer row, validated and normalized, ready to write. */
export interface CustomerImportRow {
  /** 1-based data row number in the file (for messages and the rejected-rows file). */
  row: number;
  fields: CustomerFields;
  /** Set when the row matches a stored customer (by the dedup engine's score). */
  match?: { customerId: string; score: number };
  /** 'create' for a row without a match; the run's choice or the row's override otherwise. */
  action: 'create' | DuplicateAction;
  /**
   * Set (with action 'create-and-review') when the row duplicates an earlier row of the same file
   * rather than a stored customer: both are created, and the writer queues the pair of the two new
   * customers for review on the duplicates screen. Rows merged into an earlier row never appear.
   */
  duplicateOfRow?: number;
}

/** One order row, its customer already resolved (by email, phone or external id). */
export interface OrderImportRow {
  row: number;
  fields: OrderFields;
}

export interface ImportPlanBase {
  /** Random id; the import's history entry and everything it wrote carry it. */
  importId: string;
  fileName: string;
  /** Rows read, rows rejected by validation (not in `rows`), for the history entry. */
  totalRows: number;
  rejectedRows: number;
}

export type ImportPlan =
  | (ImportPlanBase & { kind: 'customers'; rows: CustomerImportRow[] })
  | (ImportPlanBase & { kind: 'orders'; rows: OrderImportRow[] });

/** An ImportPlan without its rows, and how many there are. */
export type PlanHead = DistributiveOmit<ImportPlan, 'rows'> & { rowCount: number };
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/**
 * A plan handed to the writer a page at a time (the import worker keeps the rows; the page asks for
 * the next page when it stages it): the page never holds the whole plan.
 */
export interface PlanSource {
  head: PlanHead;
  /** Rows [offset, offset + limit) of the plan, in plan order. */
  rows(offset: number, limit: number): Promise<ImportPlan['rows']>;
}

/** A plan already in memory as a PlanSource (tests, small plans). */
export function planSource(plan: ImportPlan): PlanSource {
  const { rows, ...head } = plan;
  return {
    head: { ...head, rowCount: rows.length },
    rows: (offset, limit) => Promise.resolve(rows.slice(offset, offset + limit)),
  };
}

/** Progress of a bulk write, reported after each chunk. */
export interface BulkProgress {
  done: number;
  total: number;
  rowsPerSecond: number;
  /** Estimated ms left at the current rate (0 when done). */
  msLeft: number;
}
