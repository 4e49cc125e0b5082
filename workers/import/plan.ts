// The duplicate choices of a run → the ImportPlan the bulk-write path writes. Pure.
import type { CustomerFields } from '../../src/domain/types';
import type { CustomerImportRow, DuplicateAction, ImportPlan, ImportPlanBase } from '../../src/domain/import-plan';
import type { DuplicateHit } from './matcher';

/** One choice for the whole run, and per-row overrides (by row number). */
export interface DuplicateChoices {
  run: DuplicateAction;
  overrides?: Record<number, DuplicateAction>;
}

export interface ValidRow {
  row: number;
  fields: CustomerFields;
  hit: DuplicateHit | null;
}

const isEmpty = (v: unknown): boolean => v === '' || (Array.isArray(v) && v.length === 0);

/** `into` with `from`'s values: 'fill' only where `into` is empty, 'overwrite' wherever `from` has one. Lists are unioned. */
export function mergeFields(into: CustomerFields, from: CustomerFields, how: 'fill' | 'overwrite'): CustomerFields {
  const out = { ...into } as Record<keyof CustomerFields, unknown>;
  for (const k of Object.keys(from) as (keyof CustomerFields)[]) {
    const a = into[k];
    const b = from[k];
    if (Array.isArray(a) && Array.isArray(b)) out[k] = [...new Set([...a, ...b])];
    else if (isEmpty(b)) continue;
    else if (how === 'overwrite' || isEmpty(a)) out[k] = b;
  }
  return out as unknown as CustomerFields;
}

/**
 * The plan. A row matching a stored customer carries the match and the chosen action. A row
 * matching an earlier row of the file: 'skip' drops it, 'fill'/'overwrite' merge it into that
 * earlier row (which is created once), 'create-and-review' creates it with `duplicateOfRow` so the
 * writer queues the pair for review.
 */
export function buildCustomerPlan(
  base: ImportPlanBase,
  rows: readonly ValidRow[],
  choices: DuplicateChoices,
): ImportPlan {
  const out: CustomerImportRow[] = [];
  const byRow = new Map<number, CustomerImportRow>();
  for (const r of rows) {
    const action = r.hit ? (choices.overrides?.[r.row] ?? choices.run) : 'create';
    const hit = r.hit;
    if (hit?.duplicateOfRow !== undefined) {
      const earlier = byRow.get(hit.duplicateOfRow);
      if (action === 'skip') continue;
      if ((action === 'fill' || action === 'overwrite') && earlier) {
        earlier.fields = mergeFields(earlier.fields, r.fields, action);
        byRow.set(r.row, earlier);
        continue;
      }
      const planRow: CustomerImportRow = {
        row: r.row,
        fields: r.fields,
        action: 'create-and-review',
        duplicateOfRow: earlier?.row ?? hit.duplicateOfRow,
      };
      out.push(planRow);
      byRow.set(r.row, planRow);
      continue;
    }
    const planRow: CustomerImportRow = hit?.customerId
      ? { row: r.row, fields: r.fields, match: { customerId: hit.customerId, score: hit.score }, action }
      : { row: r.row, fields: r.fields, action: 'create' };
    if (action === 'skip') continue;
    out.push(planRow);
    byRow.set(r.row, planRow);
  }
  return { ...base, kind: 'customers', rows: out };
}
