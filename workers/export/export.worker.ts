// The export Web Worker: the page hands it records a page at a time and each page is written into
// the file at once (CSV text chunks, or the .xlsx sheet deflated into its zip stream), so the
// worker's writing overlaps the page's reading and the file is ready when the last page is in.
// Thin: rows are built by customers.ts / activity.ts and written by table.ts / xlsx.ts.
import { expose } from 'comlink';
import type { Interaction, Order, Survey } from '../../src/domain/types';
import { customerColumns, customerRows, type ExportCustomer, type ExportMeasures } from './customers';
import { interactionTable, orderTable, surveyTable } from './activity';
import { tableWriter, type Cell, type TableWriter } from './table';

export type ExportKind = 'customers' | 'orders' | 'interactions' | 'surveys';
export type ExportFormat = 'csv' | 'xlsx';

export interface ExportFile {
  blob: Blob;
  rows: number;
  /** Time from `begin` to the file, in the worker. */
  ms: number;
}

export interface ExportBegin {
  format: ExportFormat;
  /** Owner id → display name (customers: the owner column shows the name). */
  owners?: Record<string, string>;
  /** Customers: add the measure columns (measures come with `addMeasures` before the customers). */
  withMeasures?: boolean;
}

const SHEETS: Record<ExportKind, string> = {
  customers: 'Customers',
  orders: 'Orders',
  interactions: 'Interactions',
  surveys: 'Surveys',
};

type Records = ExportCustomer[] | Order[] | Interaction[] | Survey[];

interface Run {
  kind: ExportKind;
  opts: ExportBegin;
  writer: TableWriter;
  rows: number;
  measures: Map<string, ExportMeasures> | undefined;
  t0: number;
}

let run: Run | null = null;

function columnsOf(kind: ExportKind, withMeasures: boolean): readonly string[] {
  switch (kind) {
    case 'customers':
      return customerColumns(withMeasures);
    case 'orders':
      return orderTable([]).columns;
    case 'interactions':
      return interactionTable([]).columns;
    case 'surveys':
      return surveyTable([]).columns;
  }
}

function rowsOf(r: Run, page: Records): readonly (readonly Cell[])[] {
  switch (r.kind) {
    case 'customers':
      return customerRows(page as ExportCustomer[], { owners: r.opts.owners, measures: r.measures });
    case 'orders':
      return orderTable(page as Order[]).rows;
    case 'interactions':
      return interactionTable(page as Interaction[]).rows;
    case 'surveys':
      return surveyTable(page as Survey[]).rows;
  }
}

function current(): Run {
  if (!run) throw new Error('export: begin() first');
  return run;
}

const api = {
  /** Start an export (forgets an unfinished one). */
  begin(kind: ExportKind, opts: ExportBegin): void {
    const withMeasures = kind === 'customers' && opts.withMeasures === true;
    run = {
      kind,
      opts,
      writer: tableWriter(opts.format, columnsOf(kind, withMeasures), SHEETS[kind]),
      rows: 0,
      measures: withMeasures ? new Map() : undefined,
      t0: performance.now(),
    };
  },
  /** A page of per-customer measures (customers export with measures; before the customers). */
  addMeasures(page: ExportMeasures[]): void {
    const m = current().measures;
    if (m) for (const row of page) m.set(row.id, row);
  },
  /**
   * A page of the records to export, in order: written into the file at once. `owners`: names of
   * owner ids first seen in this page (customers). Rows so far.
   */
  async add(page: Records, owners?: Record<string, string>): Promise<number> {
    const r = current();
    if (owners) Object.assign((r.opts.owners ??= {}), owners);
    await r.writer.rows(rowsOf(r, page));
    r.rows += page.length;
    return r.rows;
  },
  /** The file; the export is forgotten afterwards. */
  async finish(): Promise<ExportFile> {
    const r = current();
    run = null;
    const blob = await r.writer.finish();
    return { blob, rows: r.rows, ms: Math.round(performance.now() - r.t0) };
  },
  /** Drop an unfinished export (cancelled). */
  cancel(): void {
    run = null;
  },
};

expose(api);

export type ExportApi = typeof api;
