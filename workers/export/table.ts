// A table (header + rows of text and numbers) written as CSV or .xlsx, a page of rows at a time
// (the export worker writes each page as it arrives; the file is ready when the last one is in).
// CSV is UTF-8 with a BOM, RFC 4180 quoting, and only cells a spreadsheet could run as a formula
// neutralized (src/domain/spreadsheet-cell.ts: E.164 phone numbers stay as they are, for SMS and
// campaign tools). .xlsx cells are typed (xlsx.ts): text as text cells, numbers as number cells.
import { csvLine, UTF8_BOM } from '../../src/domain/spreadsheet-cell';
import { XLSX_TYPE, XlsxWriter, type Cell } from './xlsx';

export type { Cell };

export interface Table {
  columns: readonly string[];
  rows: readonly (readonly Cell[])[];
}

export { XLSX_TYPE };
export const CSV_TYPE = 'text/csv;charset=utf-8';

export type TableFormat = 'csv' | 'xlsx';

/** Writes a table a page of rows at a time (await each page: that is the writer's backpressure). */
export interface TableWriter {
  rows(rows: readonly (readonly Cell[])[]): void | Promise<void>;
  finish(): Blob | Promise<Blob>;
}

/** CSV as text chunks (one per page) joined only by the Blob. */
class CsvWriter implements TableWriter {
  readonly #parts: string[];
  constructor(columns: readonly string[]) {
    this.#parts = [UTF8_BOM, `${csvLine(columns)}\r\n`];
  }
  rows(rows: readonly (readonly Cell[])[]): void {
    let s = '';
    for (const r of rows) s += `${csvLine(r)}\r\n`;
    this.#parts.push(s);
  }
  finish(): Blob {
    return new Blob(this.#parts, { type: CSV_TYPE });
  }
  text(): string {
    return this.#parts.join('');
  }
}

export function tableWriter(format: TableFormat, columns: readonly string[], sheet: string): TableWriter {
  return format === 'csv' ? new CsvWriter(columns) : new XlsxWriter(columns, sheet);
}

/** Rows between progress reports when a whole table is written at once. */
const PROGRESS_EVERY = 5000;

type Progress = (done: number, total: number) => void;

/** A whole table as CSV text (BOM first). */
export function tableCsv(t: Table, onProgress?: Progress): string {
  const w = new CsvWriter(t.columns);
  for (let i = 0; i < t.rows.length; i += PROGRESS_EVERY) {
    w.rows(t.rows.slice(i, i + PROGRESS_EVERY));
    onProgress?.(Math.min(i + PROGRESS_EVERY, t.rows.length), t.rows.length);
  }
  onProgress?.(t.rows.length, t.rows.length);
  return w.text();
}

/** A whole table as an .xlsx file of one sheet. */
export async function tableXlsx(t: Table, sheet: string, onProgress?: Progress): Promise<Blob> {
  const w = new XlsxWriter(t.columns, sheet);
  for (let i = 0; i < t.rows.length; i += PROGRESS_EVERY) {
    await w.rows(t.rows.slice(i, i + PROGRESS_EVERY));
    onProgress?.(Math.min(i + PROGRESS_EVERY, t.rows.length), t.rows.length);
  }
  onProgress?.(t.rows.length, t.rows.length);
  return w.finish();
}
