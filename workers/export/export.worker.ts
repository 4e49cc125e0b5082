// The export Web Worker: the page hands it records a page at a time (no long structured clone on
// the main thread), then asks for the file as CSV or .xlsx with progress. Thin: the tables are
// built by customers.ts / activity.ts and written by table.ts.
import { expose } from 'comlink';
import type { Interaction, Order, Survey } from '../../src/domain/types';
import { customerTable, type CustomerExportOptions, type ExportCustomer, type ExportMeasures } from './customers';
import { interactionTable, orderTable, surveyTable } from './activity';
import { tableCsv, tableXlsx, type Table } from './table';

export type ExportKind = 'customers' | 'orders' | 'interactions' | 'surveys';
export type ExportFormat = 'csv' | 'xlsx';

export interface ExportFile {
  blob: Blob;
  rows: number;
  ms: number;
}

let kind: ExportKind = 'customers';
let options: Omit<CustomerExportOptions, 'measures' | 'onProgress'> & { withMeasures?: boolean } = {};
let records: unknown[] = [];
let measures = new Map<string, ExportMeasures>();

const SHEETS: Record<ExportKind, string> = {
  customers: 'Customers',
  orders: 'Orders',
  interactions: 'Interactions',
  surveys: 'Surveys',
};

function table(): Table {
  switch (kind) {
    case 'customers':
      return customerTable(records as ExportCustomer[], {
        ...options,
        measures: options.withMeasures ? measures : undefined,
      });
    case 'orders':
      return orderTable(records as Order[]);
    case 'interactions':
      return interactionTable(records as Interaction[]);
    case 'surveys':
      return surveyTable(records as Survey[]);
  }
}

const api = {
  /** Start an export (forgets the previous one). */
  begin(k: ExportKind, opts: { owners?: Record<string, string>; withMeasures?: boolean } = {}): void {
    kind = k;
    options = opts;
    records = [];
    measures = new Map();
  },
  /** A page of the records to export, in order. */
  add(page: ExportCustomer[] | Order[] | Interaction[] | Survey[]): number {
    for (const r of page) records.push(r);
    return records.length;
  },
  /** A page of per-customer measures (customers export with measures). */
  addMeasures(page: ExportMeasures[]): void {
    for (const m of page) measures.set(m.id, m);
  },
  /** The file; the records are released afterwards. */
  async finish(format: ExportFormat, onProgress?: (done: number, total: number) => unknown): Promise<ExportFile> {
    const t0 = performance.now();
    const t = table();
    const progress = onProgress ? (d: number, n: number): void => void onProgress(d, n) : undefined;
    const blob =
      format === 'csv'
        ? new Blob([tableCsv(t, progress)], { type: 'text/csv;charset=utf-8' })
        : await tableXlsx(t, SHEETS[kind], progress);
    const rows = records.length;
    records = [];
    measures = new Map();
    return { blob, rows, ms: Math.round(performance.now() - t0) };
  },
};

expose(api);

export type ExportApi = typeof api;
