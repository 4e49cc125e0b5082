// What a restore does with one document of a backup, given the device's copy (pure; unit-tested).
//
// merge:   a document the device lacks is added; one the device has is overwritten only when the
//          backup's copy is newer by `updatedAt` (the rule every Fieldbook edit stamps); a tie or a
//          newer copy on the device keeps the device's. Documents without `updatedAt` (the local
//          logs: sync log entries, stored import plans) keep the device's copy.
// replace: the device ends up holding exactly the backup: every document that differs is
//          overwritten, and documents the backup lacks are removed (counted by the caller).

export type RestoreMode = 'merge' | 'replace';
export type RestoreAction = 'add' | 'update' | 'unchanged';

/** Bookkeeping fields of the storage that say nothing about the document's content. */
const META = new Set(['_rev', '_meta', '_attachments', '_deleted']);

/** JSON-equal, ignoring the storage's bookkeeping fields at the top level and key order. */
export function sameContent(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = (o: Record<string, unknown>) => Object.keys(o).filter((k) => !META.has(k) && o[k] !== undefined);
  const ka = keys(a);
  const kb = keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.hasOwn(b, k) && sameValue(a[k], b[k]));
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((v, i) => sameValue(v, b[i]));
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null && !Array.isArray(b)) {
    const ka = Object.keys(a);
    return (
      ka.length === Object.keys(b).length &&
      ka.every(
        (k) => Object.hasOwn(b, k) && sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
      )
    );
  }
  return false;
}

export function restoreAction(
  mode: RestoreMode,
  incoming: Record<string, unknown>,
  existing: Record<string, unknown> | undefined,
): RestoreAction {
  if (!existing) return 'add';
  if (sameContent(incoming, existing)) return 'unchanged';
  if (mode === 'replace') return 'update';
  const a = incoming.updatedAt;
  const b = existing.updatedAt;
  return typeof a === 'number' && typeof b === 'number' && a > b ? 'update' : 'unchanged';
}

/** A document as it goes into a backup: the content without the storage's bookkeeping. */
export function withoutMeta(doc: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(doc)) if (!META.has(k)) out[k] = v;
  return out;
}

export interface RestoreCounts {
  added: number;
  updated: number;
  unchanged: number;
  removed: number;
}
export const noCounts = (): RestoreCounts => ({ added: 0, updated: 0, unchanged: 0, removed: 0 });
