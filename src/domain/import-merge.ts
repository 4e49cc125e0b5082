// What an import row does to the customer it matched (the row's action 'fill' or 'overwrite'; see
// import-plan.ts). Pure: the bulk-write path applies it per row, the wizard may preview it.
import type { CustomerFields } from './types';

/** Fields an import never changes on an existing customer (identity and merge bookkeeping). */
const KEEP: ReadonlySet<keyof CustomerFields> = new Set(['ownerId', 'mergedInto']);

function isEmpty(v: CustomerFields[keyof CustomerFields]): boolean {
  return Array.isArray(v) ? v.length === 0 : v === '';
}

/**
 * 'fill': only the stored customer's empty fields take the row's values. 'overwrite': every
 * non-empty value of the row replaces the stored one. Lists (tags, other emails and phones) are
 * values like any other: filled when empty, replaced when the row has some.
 */
export function applyImportRow(
  stored: CustomerFields,
  row: CustomerFields,
  action: 'fill' | 'overwrite',
): CustomerFields {
  const out: CustomerFields = { ...stored };
  for (const key of Object.keys(row) as Array<keyof CustomerFields>) {
    if (KEEP.has(key)) continue;
    const value = row[key];
    if (isEmpty(value)) continue;
    if (action === 'overwrite' || isEmpty(stored[key])) (out as unknown as Record<string, unknown>)[key] = value;
  }
  return out;
}

/** True when applying the row changes nothing (the row is then counted but not written). */
export function sameFields(a: CustomerFields, b: CustomerFields): boolean {
  for (const key of Object.keys(a) as Array<keyof CustomerFields>) {
    const x = a[key];
    const y = b[key];
    if (Array.isArray(x) || Array.isArray(y)) {
      if (!Array.isArray(x) || !Array.isArray(y) || x.length !== y.length || x.some((v, i) => v !== y[i])) return false;
    } else if (x !== y) return false;
  }
  return true;
}
