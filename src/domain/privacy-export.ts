// A customer's data export as files (pure): the JSON as stored, and a readable CSV with one row
// per field of every record (section, record, date, field, value), so a person can read it in a
// spreadsheet. Labels come from the caller (the UI language).
import type { AuditEntry } from './audit';
import type { ConsentChange } from './consent';
import type { Customer, Interaction, Order, Survey } from './types';

export interface CustomerData {
  exportedAt: number;
  customer: Customer;
  orders: readonly Order[];
  interactions: readonly Interaction[];
  surveys: readonly Survey[];
  consentHistory: readonly ConsentChange[];
  audit: readonly AuditEntry[];
}

export type CsvSection = 'customer' | 'orders' | 'interactions' | 'surveys' | 'consent' | 'audit';

export interface CsvLabels {
  header: readonly [section: string, record: string, date: string, field: string, value: string];
  section(s: CsvSection): string;
  field(name: string): string;
}

/** Bookkeeping and derived keys: in the JSON file, not lines a person needs to read. */
const SKIPPED = new Set([
  'nameKey',
  'nameRevKey',
  'hanziKey',
  'initialsKey',
  'emailKey',
  'phoneKey',
  'nationalKey',
  'phoneRevKey',
  'companyKey',
  'companySort',
  'recentKey',
  'consentHistory',
]);

const isTimeField = (field: string): boolean => field.endsWith('At') && field !== 'mergedAt';

function readable(field: string, value: unknown): string {
  if (typeof value === 'number' && isTimeField(field)) return value > 0 ? new Date(value).toISOString() : '';
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.join('; ');
  if (value === undefined || value === null) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/**
 * One CSV cell: quoted when it holds a separator, quote or line break; a leading =, +, -, @, tab or
 * carriage return gets a ' so a spreadsheet shows the text instead of running it as a formula.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function recordRows(section: CsvSection, doc: object, date: number, labels: CsvLabels): string[][] {
  const id = (doc as { id?: string }).id ?? '';
  return Object.entries(doc)
    .filter(([field]) => !SKIPPED.has(field))
    .map(([field, value]) => [
      labels.section(section),
      id,
      date > 0 ? new Date(date).toISOString() : '',
      labels.field(field),
      readable(field, value),
    ]);
}

/** The readable CSV: a header, then every field of every record, a line each (UTF-8 with BOM for spreadsheets). */
export function customerDataCsv(data: CustomerData, labels: CsvLabels): string {
  const rows: string[][] = [[...labels.header]];
  rows.push(...recordRows('customer', data.customer, data.customer.updatedAt, labels));
  for (const o of data.orders) rows.push(...recordRows('orders', o, o.orderedAt, labels));
  for (const i of data.interactions) rows.push(...recordRows('interactions', i, i.at, labels));
  for (const s of data.surveys) rows.push(...recordRows('surveys', s, s.at, labels));
  data.consentHistory.forEach((h, n) =>
    rows.push(...recordRows('consent', { id: String(n + 1), ...h }, h.changedAt, labels)),
  );
  for (const a of data.audit)
    rows.push(
      ...recordRows(
        'audit',
        {
          id: a.id,
          action: a.action,
          coll: a.coll,
          docId: a.docId,
          by: a.byName ? `${a.byName} (${a.by})` : a.by,
          device: a.device,
          changes: a.changes.map((c) => (c.sealed ? `${c.field}: *` : `${c.field}: ${c.before} → ${c.after}`)),
          note: a.note,
        },
        a.createdAt,
        labels,
      ),
    );
  return `\uFEFF${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

/** The JSON file: everything as stored, readable by a program. */
export function customerDataJson(data: CustomerData): string {
  return JSON.stringify({ format: 'fieldbook-customer-data', version: 1, ...data }, null, 2);
}

/** "fieldbook-customer-<first 8 of the id>-YYYY-MM-DD.<ext>" */
export function customerDataFileName(data: CustomerData, ext: 'json' | 'csv'): string {
  return `fieldbook-customer-${data.customer.id.slice(0, 8)}-${new Date(data.exportedAt).toISOString().slice(0, 10)}.${ext}`;
}
