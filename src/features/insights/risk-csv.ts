// CSV of one risk list (every entry, not a page): the canonical customer columns plus the list's
// reason as numbers and ISO dates, in the list's order. Pure; the view downloads it as a Blob.
import type { Customer } from '../../domain/types';
import type { RiskItem, RiskKind, RiskReason } from '../../../workers/stats/contract';
import { CANONICAL_COLUMNS } from '../../domain/customer-fields';
import { canonicalCells, csvFile } from './segment-csv';

/** The reason columns of each list (the reason object's fields, times as YYYY-MM-DD). */
export const RISK_COLUMNS: { [K in RiskKind]: readonly string[] } = {
  churn: ['daysSinceLastOrder', 'medianIntervalDays', 'ratio', 'orderCount', 'lastOrderAt'],
  detractors: ['score', 'surveyAt'],
  overdueFollowUps: ['followUpAt', 'daysOverdue'],
};

const isoDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const two = (n: number): number => Math.round(n * 100) / 100;

function reasonCells(r: RiskReason): Array<string | number> {
  if (r.kind === 'churn')
    return [
      Math.floor(r.daysSinceLastOrder),
      two(r.medianIntervalDays),
      two(r.ratio),
      r.orderCount,
      isoDate(r.lastOrderAt),
    ];
  if (r.kind === 'detractor') return [r.score, isoDate(r.surveyAt)];
  return [isoDate(r.followUpAt), Math.floor(r.daysOverdue)];
}

export function riskCsv(
  kind: RiskKind,
  items: readonly RiskItem<RiskReason>[],
  customers: ReadonlyMap<string, Customer>,
): string {
  const rows: Array<Array<string | number>> = [];
  for (const item of items) {
    const c = customers.get(item.customerId);
    if (c) rows.push([...canonicalCells(c), kind, ...reasonCells(item.reason)]);
  }
  return csvFile([...CANONICAL_COLUMNS, 'risk', ...RISK_COLUMNS[kind]], rows);
}
