// Writing values into CSV and spreadsheet cells without letting a spreadsheet run them, and
// reading them back. Pure; one rule for every export (customers, orders, segments, rejected rows).
//
// A spreadsheet runs a cell as a formula when it starts with = + - @ (or a tab / carriage return
// before one of them). Only such cells are neutralized, by a leading apostrophe, and only when the
// value is not a plain number: an E.164 phone number ('+14169082609') or '-12.5' cannot call a
// function, reference a cell or start a DDE link, and prefixing them would break SMS and campaign
// tools that read the file. A value that itself starts with an apostrophe before one of those
// characters gets a second one, so `unneutralizeCell` restores every value exactly.

const FORMULA_START_RE = /^[=+\-@\t\r]/;
const PLAIN_NUMBER_RE = /^[+-]?\d+(\.\d+)?$/;
const ESCAPED_RE = /^'+[=+\-@\t\r]/;

/** True when a spreadsheet could run this text as a formula. */
export function couldRunAsFormula(s: string): boolean {
  return FORMULA_START_RE.test(s) && !PLAIN_NUMBER_RE.test(s);
}

/** The text to put in a cell: `'` before a value a spreadsheet would run; everything else unchanged. */
export function neutralizeCell(s: string): string {
  return couldRunAsFormula(s) || ESCAPED_RE.test(s) ? `'${s}` : s;
}

/** Inverse of `neutralizeCell` (for files this app exported): one leading `'` before a formula start is dropped. */
export function unneutralizeCell(s: string): string {
  return ESCAPED_RE.test(s) ? s.slice(1) : s;
}

/** One CSV cell (RFC 4180 quoting), neutralized. Numbers are written as they are. */
export function csvCell(v: string | number | null | undefined): string {
  const s = v === null || v === undefined ? '' : typeof v === 'number' ? String(v) : neutralizeCell(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV line (no line break). */
export function csvLine(values: readonly (string | number | null | undefined)[]): string {
  return values.map(csvCell).join(',');
}

/** A BOM so Excel (common with Chinese data) opens UTF-8 correctly. */
export const UTF8_BOM = '\uFEFF';
