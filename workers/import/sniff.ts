// Delimiter and header row of a delimited text file, from its first lines; papaparse reads them.
import Papa from 'papaparse';
import { suggestField } from '../../src/domain/import-mapping';

export const DELIMITERS = [',', ';', '\t', '|'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

/** Lines the detection reads. */
const SNIFF_ROWS = 30;

/** The first rows of a text with a given delimiter (empty lines skipped). */
export function firstRows(text: string, delimiter: Delimiter, rows = SNIFF_ROWS): string[][] {
  return Papa.parse<string[]>(text, { delimiter, preview: rows, skipEmptyLines: 'greedy' }).data;
}

/**
 * The delimiter whose rows have the most columns, consistently: for each candidate, the share of
 * rows that have the most common column count, times that count (a single column scores 0).
 */
export function detectDelimiter(sample: string): Delimiter {
  let best: Delimiter = ',';
  let bestScore = 0;
  for (const d of DELIMITERS) {
    const rows = firstRows(sample, d);
    // The last line of a sample may be cut: leave it out when there are others.
    const counted = rows.length > 2 ? rows.slice(0, -1) : rows;
    const counts = new Map<number, number>();
    for (const r of counted) counts.set(r.length, (counts.get(r.length) ?? 0) + 1);
    let mode = 1;
    let modeRows = 0;
    for (const [cols, n] of counts) if (n > modeRows || (n === modeRows && cols > mode)) [mode, modeRows] = [cols, n];
    const score = mode > 1 ? (modeRows / Math.max(1, counted.length)) * Math.log2(mode + 1) : 0;
    if (score > bestScore) [best, bestScore] = [d, score];
  }
  return best;
}

const DATA_LIKE_RE = /@|^[+\d][\d\s().\-/]{5,}$|^\d+([.,]\d+)?$/;

/**
 * Where the header is: the first row (of the first few) that spans the table's width, skipping a
 * title line above it ("客户名单 2024"). `hasHeader` is false when that row looks like data
 * (emails, numbers, phone numbers, and no header a suggestion knows).
 */
export function detectHeaderRow(rows: readonly (readonly string[])[]): { headerRow: number; hasHeader: boolean } {
  if (rows.length === 0) return { headerRow: 0, hasHeader: false };
  const filled = rows.map((r) => r.filter((c) => c.trim() !== '').length);
  const width = Math.max(...filled);
  const headerRow = Math.max(
    0,
    filled.findIndex((n) => n >= Math.max(2, Math.ceil(width / 2))),
  );
  const cells = (rows[headerRow] ?? []).map((c) => c.trim()).filter(Boolean);
  const known = cells.filter((c) => suggestField(c) !== 'ignore').length;
  const dataLike = cells.filter((c) => DATA_LIKE_RE.test(c)).length;
  return { headerRow, hasHeader: known > 0 || dataLike === 0 };
}

/** Headers for a table: the header row's cells (blank ones named by position), or "Column N". */
export function headersOf(row: readonly string[] | undefined, width: number, label = 'Column'): string[] {
  return Array.from({ length: width }, (_, i) => row?.[i]?.trim() || `${label} ${i + 1}`);
}
