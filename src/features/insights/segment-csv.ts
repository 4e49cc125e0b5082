// CSV of an RFM segment for a campaign: the canonical customer columns (docs/ARCHITECTURE.md, "Data model") plus the RFM
// scores and the standardized measures. Pure; the view downloads it as a Blob (no network).
import { minorToDecimalString } from '../../domain/money';
import type { Customer } from '../../domain/types';
import type { SegmentMember } from '../../../workers/stats/contract';
import { CANONICAL_COLUMNS } from '../../domain/customer-fields';

const MEASURES = ['totalSpend', 'orderCount', 'recencyDays', 'avgSatisfaction'] as const;
export const SCORE_COLUMNS = [
  'segment',
  'rfmR',
  'rfmF',
  'rfmM',
  'currency',
  ...MEASURES,
  ...MEASURES.map((m) => `${m}MinMax`),
  ...MEASURES.map((m) => `${m}Z`),
];

/** RFC 4180 quoting; a leading = + - @ is prefixed with ' so spreadsheets do not run it as a formula. */
export function csvCell(v: string | number | null): string {
  let s = v === null ? '' : String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const round = (v: number | null, d = 4): number | null => (v === null ? null : Number(v.toFixed(d)));

/** The canonical customer columns of one record (tags joined with ';'). */
export function canonicalCells(c: Customer): string[] {
  return CANONICAL_COLUMNS.map((k) => (k === 'tags' ? c.tags.join(';') : c[k]));
}

/** Header plus rows as one CSV file: cells quoted, CRLF lines, a BOM so Excel (common with Chinese data) opens UTF-8 correctly. */
export function csvFile(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number | null>>): string {
  const lines = [header.map(csvCell).join(','), ...rows.map((r) => r.map(csvCell).join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export function segmentCsv(
  segment: string,
  currency: string,
  members: readonly SegmentMember[],
  customers: ReadonlyMap<string, Customer>,
): string {
  const rows: Array<Array<string | number | null>> = [];
  for (const m of members) {
    const c = customers.get(m.id);
    if (!c) continue;
    const values = [
      currency ? minorToDecimalString(m.totalSpendMinor, currency) : m.totalSpendMinor,
      m.orderCount,
      m.recencyDays,
      round(m.avgSatisfaction),
    ];
    rows.push([
      ...canonicalCells(c),
      segment,
      m.r,
      m.f,
      m.m,
      currency,
      ...values,
      ...m.minMax.map((v) => round(v)),
      ...m.z.map((v) => round(v)),
    ]);
  }
  return csvFile([...CANONICAL_COLUMNS, ...SCORE_COLUMNS], rows);
}
