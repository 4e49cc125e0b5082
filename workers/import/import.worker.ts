// The import Web Worker: opens a file, reports how it will be read, validates and matches every
// row, and hands out the report, the rejected rows, the duplicates and finally the ImportPlan the
// bulk-write path writes. Thin: the rules live in the modules beside it. One file at a time; the
// file's bytes and the last run stay here, so only pages of results cross to the page.
import { expose } from 'comlink';
import { suggestMapping, headerSignature, type ColumnMapping } from '../../src/domain/import-mapping';
import type { ImportPlan, PlanHead } from '../../src/domain/import-plan';
import type { DedupInput } from '../dedup/standardize';
import { openFile, type OpenedFile, type ReadOptions, type TableSource } from './source';
import { ImportFileError, type ImportErrorKey } from './limits';
import { ImportMatcher } from './matcher';
import { CustomerRun, type DuplicateView, type ImportReport, type RunProgress } from './customer-run';
import type { RowIssue, ValidateOptions } from './customers';
import type { DuplicateChoices } from './plan';
import {
  buildOrders,
  ordersRejectedCsv,
  ordersPlan,
  suggestOrderMapping,
  type OrderColumnMapping,
  type OrderRunOptions,
  type OrdersResult,
} from './orders';

/** A file the importer will not read, as the page gets it. */
export interface ImportFailure {
  ok: false;
  error: { key: ImportErrorKey; params: Record<string, number | string> };
}

export type { PlanHead };

export interface OpenResult extends OpenedFile {
  ok: true;
  fileName: string;
  /** Suggested field per column (customers file). */
  suggested: ColumnMapping;
  /** Suggested field per column (orders file). */
  suggestedOrders: OrderColumnMapping;
  /** Key of a saved mapping for files with these headers. */
  signature: string;
}

let file: { name: string; buffer: ArrayBuffer } | null = null;
let source: TableSource | null = null;
let stored: { id: string; record: DedupInput }[] = [];
let run: CustomerRun | null = null;
let orders: OrdersResult | null = null;
/** The orders file's rows as read (its rejected lines are written back from them). */
let orderFileRows: string[][] = [];
let cancelRequested = false;
/** The plan being handed to the page a page of rows at a time (planHead, planRows). */
let planned: ImportPlan | null = null;

function failure(err: unknown): ImportFailure {
  if (err instanceof ImportFileError) return { ok: false, error: { key: err.key, params: err.params } };
  throw err;
}

async function reopen(opts: ReadOptions): Promise<OpenResult | ImportFailure> {
  if (!file) return { ok: false, error: { key: 'import.error.noFile', params: {} } };
  try {
    source = await openFile(file.name, file.buffer, opts);
  } catch (err) {
    source = null;
    return failure(err);
  }
  const o = source.opened;
  return {
    ok: true,
    fileName: file.name,
    ...o,
    suggested: suggestMapping(o.headers),
    suggestedOrders: suggestOrderMapping(o.headers),
    signature: headerSignature(o.headers),
  };
}

const api = {
  /** Open a file (its bytes are transferred here); detection, headers, preview and suggestions. */
  open(name: string, buffer: ArrayBuffer, opts: ReadOptions = {}): Promise<OpenResult | ImportFailure> {
    file = { name, buffer };
    run = null;
    orders = null;
    return reopen(opts);
  },
  /** Read the same file again with other settings (encoding, delimiter, header row, sheet). */
  reopen,
  /** Stored customers to match rows against (plain records, in pages; `reset` on the first page). */
  addStored(entries: { id: string; record: DedupInput }[], reset = false): number {
    if (reset) stored = [];
    for (const e of entries) stored.push(e);
    return stored.length;
  },
  /** Validate and match every row; null when cancelled. */
  async validate(
    mapping: ColumnMapping,
    opts: ValidateOptions,
    onProgress?: (p: RunProgress) => unknown,
  ): Promise<ImportReport | ImportFailure | null> {
    if (!source || !file) return { ok: false, error: { key: 'import.error.noFile', params: {} } };
    cancelRequested = false;
    const matcher = new ImportMatcher({ defaultRegion: opts.defaultRegion });
    matcher.addStored(stored);
    run = new CustomerRun(file.name, source.opened.headers, mapping, opts, matcher);
    try {
      const done = await run.run(
        source,
        (p) => void onProgress?.(p),
        () => cancelRequested,
      );
      if (!done) {
        run = null;
        return null;
      }
    } catch (err) {
      run = null;
      return failure(err);
    }
    return run.report();
  },
  cancel(): void {
    cancelRequested = true;
  },
  issues(offset: number, limit: number, level?: RowIssue['level']): RowIssue[] {
    return run?.issuePage(offset, limit, level) ?? [];
  },
  duplicates(offset: number, limit: number): DuplicateView[] {
    return run?.duplicatePage(offset, limit) ?? [];
  },
  /** The rejected rows as CSV (UTF-8 with BOM); `labels` translates message keys and field names. */
  rejectedCsv(labels: Record<string, string> = {}, reasonHeader = 'reason'): string {
    return run?.rejectedCsv((k) => labels[k] ?? k, reasonHeader) ?? '';
  },
  /** The plan for the bulk-write path, with the run's duplicate choices. */
  plan(importId: string, choices: DuplicateChoices): ImportPlan | null {
    return run?.plan(importId, choices) ?? null;
  },
  /** Validate the open file as an orders file. */
  async validateOrders(
    mapping: OrderColumnMapping,
    opts: OrderRunOptions,
  ): Promise<(Omit<OrdersResult, 'orders' | 'rejectedOrders'> & { orderCount: number }) | ImportFailure> {
    if (!source) return { ok: false, error: { key: 'import.error.noFile', params: {} } };
    const rows: string[][] = [];
    try {
      await source.forEachChunk((chunk) => {
        for (const r of chunk) rows.push(r);
      });
    } catch (err) {
      return failure(err);
    }
    orders = buildOrders(rows, mapping, opts);
    orderFileRows = rows;
    // The rejected lines stay here (ordersRejectedCsv); the page gets the counts and messages.
    return {
      rows: orders.rows,
      rejectedRows: orders.rejectedRows,
      issues: orders.issues,
      orderCount: orders.orders.length,
    };
  },
  /** The orders file's rejected lines as CSV (UTF-8 with BOM): its own cells and a reason column. */
  ordersRejectedCsv(labels: Record<string, string> = {}, reasonHeader = 'reason'): string {
    if (!source || !orders) return '';
    return ordersRejectedCsv(source.opened.headers, orderFileRows, orders, (k) => labels[k] ?? k, reasonHeader);
  },
  /**
   * The plan without its rows (their count instead); the rows follow with planRows, a page per
   * message: a 100,000-row plan cloned in one message is a task of seconds on the page's thread.
   * `choices` for a customers run, none for the orders file. workers/client.ts: fetchImportPlan.
   */
  planHead(importId: string, choices?: DuplicateChoices): PlanHead | null {
    planned = choices
      ? (run?.plan(importId, choices) ?? null)
      : file && orders
        ? ordersPlan(importId, file.name, orders)
        : null;
    if (!planned) return null;
    const { rows, ...head } = planned;
    return { ...head, rowCount: rows.length };
  },
  /**
   * A page of the rows of the plan of the last planHead. The last page also lets the plan go (it
   * is staged on the page's side by then; a new planHead builds it again).
   */
  planRows(offset: number, limit: number): ImportPlan['rows'] {
    const page = planned?.rows.slice(offset, offset + limit) ?? [];
    if (planned && offset + limit >= planned.rows.length) planned = null;
    return page;
  },
  /** Forget the file and the run (the wizard closed). */
  close(): void {
    file = null;
    source = null;
    run = null;
    orders = null;
    orderFileRows = [];
    stored = [];
    planned = null;
  },
};

expose(api);

export type ImportApi = typeof api;
