// The rejected rows of an import file as a CSV to fix in a spreadsheet and import again: the file's
// own columns with each row's cells as read, then one reason column (the messages in the user's
// language, joined by "; "). The same shape for a customers file and an orders file, so a fixed
// file goes straight back into the wizard. Pure; written with the one formula-safe cell rule
// (spreadsheet-cell.ts), UTF-8 with BOM and CRLF as Excel expects.
import { csvLine, UTF8_BOM } from './spreadsheet-cell';

export interface RejectedRow {
  /** The row's cells in the file's column order, as read. */
  cells: readonly string[];
  /** The messages, already in the user's language. */
  reasons: readonly string[];
}

export function rejectedRowsCsv(
  headers: readonly string[],
  rows: readonly RejectedRow[],
  reasonHeader: string,
): string {
  const lines = [csvLine([...headers, reasonHeader])];
  for (const r of rows) lines.push(csvLine([...headers.map((_, c) => r.cells[c] ?? ''), r.reasons.join('; ')]));
  return `${UTF8_BOM}${lines.join('\r\n')}\r\n`;
}
