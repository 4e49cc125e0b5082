// Customers as an export table: the canonical columns (the header contract campaign tools and the
// importer read) plus job title, other phones/emails, owner, created/updated dates, the id (so an
// orders file can name its customer) and, optionally, the per-customer measures with the churn
// risk. Pure.
import type { CustomerFields } from '../../src/domain/types';
import type { MeasureRow } from '../../src/domain/measures';
import { CANONICAL_COLUMNS } from '../../src/domain/customer-fields';
import { minorToDecimalString } from '../../src/domain/money';
import { churnReason } from '../../src/domain/churn';
import { tableCsv, tableXlsx, type Cell, type Table } from './table';

/** A stored customer as the export needs it (plain data). */
export type ExportCustomer = CustomerFields & { id: string; createdAt: number; updatedAt: number };

/** The measures a customer export may add (what `measureCells` reads of a MeasureRow). */
export type ExportMeasures = Pick<
  MeasureRow,
  | 'id'
  | 'orderCount'
  | 'lastOrderAt'
  | 'medianIntervalDays'
  | 'spend'
  | 'surveyCount'
  | 'scoreSum'
  | 'lastScore'
  | 'lastInteractionAt'
  | 'quality'
>;

export const EXTRA_COLUMNS = [
  'jobTitle',
  'otherPhones',
  'otherEmails',
  'owner',
  'createdAt',
  'updatedAt',
  'id',
] as const;
export const MEASURE_COLUMNS = [
  'orderCount',
  'totalSpend',
  'lastOrderAt',
  'surveyCount',
  'avgSatisfaction',
  'lastScore',
  'lastInteractionAt',
  'quality',
  'churnRisk',
] as const;

export interface CustomerExportOptions {
  /** Owner id → display name (the owner column shows the name; the id when unknown). */
  owners?: Record<string, string>;
  /** Measures by customer id; the measure columns are added when given. */
  measures?: ReadonlyMap<string, ExportMeasures>;
  /** "Now" for the churn-risk column (epoch ms); the time of the call by default. */
  now?: number;
  onProgress?: (done: number, total: number) => void;
}

/** Epoch ms → 'YYYY-MM-DD HH:mm' in local time ('' for 0). */
export function dateTimeText(ms: number): string {
  if (!ms) return '';
  const d = new Date(ms);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/**
 * The churn-risk cell: how many of the customer's usual order intervals have passed since the last
 * order (one decimal) when that is past the churn rule's threshold (src/domain/churn.ts, the rule
 * Insights lists customers at risk by), else empty. A number, not a word, so a spreadsheet sorts by
 * it in any language.
 */
function churnCell(m: ExportMeasures, now: number): Cell {
  const reason = churnReason(
    m.orderCount,
    m.lastOrderAt > 0 ? m.lastOrderAt : null,
    m.medianIntervalDays >= 0 ? m.medianIntervalDays : null,
    now,
  );
  return reason ? Math.round(reason.ratio * 10) / 10 : null;
}

function measureCells(m: ExportMeasures | undefined, now: number): Cell[] {
  if (!m) return MEASURE_COLUMNS.map(() => null);
  const spend = m.spend.map((s) => `${s.currency} ${minorToDecimalString(s.totalMinor, s.currency)}`).join('; ');
  const avg = m.surveyCount > 0 ? Math.round((m.scoreSum / m.surveyCount) * 100) / 100 : null;
  return [
    m.orderCount,
    spend,
    dateTimeText(m.lastOrderAt),
    m.surveyCount,
    avg,
    m.lastScore >= 0 ? m.lastScore : null,
    dateTimeText(m.lastInteractionAt),
    m.quality,
    churnCell(m, now),
  ];
}

/** An owner id's name from the map (own keys only), else the id. */
function ownerText(owners: Record<string, string> | undefined, id: string): string {
  return owners && Object.hasOwn(owners, id) ? (owners[id] ?? id) : id;
}

/** The customer export's header. */
export function customerColumns(withMeasures: boolean): string[] {
  return [...CANONICAL_COLUMNS, ...EXTRA_COLUMNS, ...(withMeasures ? MEASURE_COLUMNS : [])];
}

/** Customers as export rows (the measure cells when `opts.measures` is given). */
export function customerRows(customers: readonly ExportCustomer[], opts: CustomerExportOptions = {}): Cell[][] {
  const withMeasures = opts.measures !== undefined;
  const now = opts.now ?? Date.now();
  return customers.map((c) => {
    const canonical: Cell[] = CANONICAL_COLUMNS.map((k) => (k === 'tags' ? c.tags.join(';') : c[k]));
    const extra: Cell[] = [
      c.jobTitle,
      c.otherPhones.join(';'),
      c.otherEmails.join(';'),
      c.ownerId ? ownerText(opts.owners, c.ownerId) : '',
      dateTimeText(c.createdAt),
      dateTimeText(c.updatedAt),
      c.id,
    ];
    return withMeasures
      ? [...canonical, ...extra, ...measureCells(opts.measures?.get(c.id), now)]
      : [...canonical, ...extra];
  });
}

export function customerTable(customers: readonly ExportCustomer[], opts: CustomerExportOptions = {}): Table {
  return { columns: customerColumns(opts.measures !== undefined), rows: customerRows(customers, opts) };
}

export function exportCustomersCsv(customers: readonly ExportCustomer[], opts: CustomerExportOptions = {}): string {
  return tableCsv(customerTable(customers, opts), opts.onProgress);
}

export function exportCustomersXlsx(
  customers: readonly ExportCustomer[],
  opts: CustomerExportOptions = {},
): Promise<Blob> {
  return tableXlsx(customerTable(customers, opts), 'Customers', opts.onProgress);
}
