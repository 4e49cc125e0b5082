// A table (header + rows of text and numbers) as CSV or .xlsx. CSV is UTF-8 with a BOM, RFC 4180
// quoting, and only cells a spreadsheet could run as a formula neutralized (src/domain/spreadsheet-
// cell.ts: E.164 phone numbers stay as they are, for SMS and campaign tools). .xlsx cells are typed:
// text as String cells (shown and kept as text, never run, so no apostrophe is added and phone
// numbers keep their '+'), numbers as Number cells. write-excel-file is imported on first use.
import { csvLine, UTF8_BOM } from '../../src/domain/spreadsheet-cell';

export type Cell = string | number | null;

export interface Table {
  columns: readonly string[];
  rows: readonly (readonly Cell[])[];
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const CSV_TYPE = 'text/csv;charset=utf-8';

/** Rows between progress reports. */
const PROGRESS_EVERY = 5000;

export function tableCsv(t: Table, onProgress?: (done: number, total: number) => void): string {
  const lines: string[] = new Array<string>(t.rows.length + 1);
  lines[0] = csvLine(t.columns);
  for (let i = 0; i < t.rows.length; i++) {
    lines[i + 1] = csvLine(t.rows[i] ?? []);
    if (onProgress && (i + 1) % PROGRESS_EVERY === 0) onProgress(i + 1, t.rows.length);
  }
  onProgress?.(t.rows.length, t.rows.length);
  return `${UTF8_BOM}${lines.join('\r\n')}\r\n`;
}

export async function tableXlsx(
  t: Table,
  sheet: string,
  onProgress?: (done: number, total: number) => void,
): Promise<Blob> {
  const { default: writeXlsxFile } = await import('write-excel-file/universal');
  const header = t.columns.map((c) => ({ value: c, type: String, fontWeight: 'bold' as const }));
  const data = [
    header,
    ...t.rows.map((r) =>
      r.map((v) =>
        v === null || v === '' ? null : typeof v === 'number' ? { value: v, type: Number } : { value: v, type: String },
      ),
    ),
  ];
  onProgress?.(0, t.rows.length);
  const blob = await writeXlsxFile(data, { sheet, stickyRowsCount: 1 }).toBlob();
  onProgress?.(t.rows.length, t.rows.length);
  return blob;
}
