// CSV of an RFM segment for a campaign: the canonical customer columns (docs/ARCHITECTURE.md, "Data model") plus the RFM
// scores and the standardized measures, written by the one CSV writer every export uses
// (src/domain/spreadsheet-cell.ts: phone numbers stay E.164, only cells that could run as a formula
// are neutralized). Pure; the view downloads it as a Blob (no network).
import { minorToDecimalString } from '../../domain/money';
import type { Customer } from '../../domain/types';
import type { SegmentMember } from '../../../workers/stats/contract';
import { CANONICAL_COLUMNS } from '../../domain/customer-fields';
import { csvLine, UTF8_BOM } from '../../domain/spreadsheet-cell';

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

const round = (v: number | null, d = 4): number | null => (v === null ? null : Number(v.toFixed(d)));

/** The canonical customer columns of one record (tags joined with ';'). */
export function canonicalCells(c: Customer): string[] {
  return CANONICAL_COLUMNS.map((k) => (k === 'tags' ? c.tags.join(';') : c[k]));
}

/** Header plus rows as one CSV file through the one writer every export uses: a BOM (Excel opens UTF-8 Chinese), CRLF lines. */
export function csvFile(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number | null>>): string {
  return `${UTF8_BOM}${[csvLine(header), ...rows.map((r) => csvLine(r))].join('\r\n')}\r\n`;
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
