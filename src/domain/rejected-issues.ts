// The rejected lines of an orders file as a CSV to fix in a spreadsheet: one line per message with
// the file's row number, the column, the value as read and the reason in the user's language.
// Pure; written with the one formula-safe cell rule (spreadsheet-cell.ts).
import { csvLine, UTF8_BOM } from './spreadsheet-cell';

export interface RejectedIssue {
  row: number;
  field: string;
  key: string;
  value: string;
}

export interface RejectedIssueHeaders {
  row: string;
  column: string;
  value: string;
  reason: string;
}

/** CSV (UTF-8 BOM, CRLF) of the issues in row order; `label` names a field, `reason` words a message key. */
export function rejectedIssuesCsv(
  issues: readonly RejectedIssue[],
  headers: RejectedIssueHeaders,
  label: (field: string) => string,
  reason: (key: string) => string,
): string {
  const sorted = [...issues].sort((a, b) => a.row - b.row);
  const lines = [
    csvLine([headers.row, headers.column, headers.value, headers.reason]),
    ...sorted.map((i) => csvLine([i.row, label(i.field), i.value, reason(i.key)])),
  ];
  return `${UTF8_BOM}${lines.join('\r\n')}\r\n`;
}
