// The audit trail's rules (pure): what an entry says, the field-level difference of a write, and
// what erasing a customer leaves of an entry. The data layer writes entries where a change is made
// (src/data/repos/audit.ts); the server keeps them append-only (scripts/sync-setup.mjs).

export const AUDIT_ACTIONS = [
  'create',
  'update',
  'trash',
  'restore',
  'delete',
  'merge',
  'unmerge',
  'import',
  'importUndo',
  'erase',
  'export',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** The collections an entry is about ('' for an entry about a batch of several, e.g. an import). */
export const AUDIT_COLLECTIONS = ['customers', 'orders', 'interactions', 'surveys', ''] as const;
export type AuditCollection = (typeof AUDIT_COLLECTIONS)[number];

/**
 * One changed field. `before`/`after` are the values as JSON text ('' for "no value" on a create or
 * delete side). A sealed field (encrypted at rest) records only that it changed: its values would
 * otherwise sit readable in the audit log beside the sealed original.
 */
export interface AuditChange {
  field: string;
  before: string;
  after: string;
  sealed: boolean;
}

/** Who wrote an entry, on which device. */
export interface AuditWriter {
  /** The writer's id: the signed-in sync user's name, else this device's id ('device-…'). */
  by: string;
  /** The local profile name (Settings → Your name) when the writer is this device's own user; else ''. */
  byName: string;
  /** The stable id of the device that made the change. */
  device: string;
}

/** Bookkeeping fields every stored document carries; not a change a person made. */
const NOT_AUDITED = new Set([
  'id',
  'createdAt',
  'updatedAt',
  'updatedBy',
  '_rev',
  '_meta',
  '_deleted',
  '_attachments',
  // Derived search and sort keys (recomputed from the fields they come from).
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
  // Appended to on every consent change; the `consent` field's change says it.
  'consentHistory',
]);

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(obj)
        .sort()
        .map((k) => [k, canonical(obj[k])]),
    );
  }
  return value;
}

/** A value as the JSON text an entry stores ('' for undefined). Object keys sorted, so equal values read equal. */
export function auditValue(value: unknown): string {
  return value === undefined ? '' : JSON.stringify(canonical(value));
}

/**
 * The fields that differ between `before` and `after` (either may be null: a create or a delete),
 * bookkeeping and derived keys left out, in field-name order. Fields in `sealed` say only that they
 * changed.
 */
export function auditChanges(
  before: Readonly<Record<string, unknown>> | null,
  after: Readonly<Record<string, unknown>> | null,
  sealed: readonly string[],
): AuditChange[] {
  const fields = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  const out: AuditChange[] = [];
  for (const field of [...fields].sort()) {
    if (NOT_AUDITED.has(field)) continue;
    const b = auditValue(before?.[field]);
    const a = auditValue(after?.[field]);
    if (a === b) continue;
    // An empty value on the side that does not exist is no change worth a line (a create's blank fields).
    if ((before === null && isBlank(after?.[field])) || (after === null && isBlank(before?.[field]))) continue;
    out.push(
      sealed.includes(field)
        ? { field, before: '', after: '', sealed: true }
        : { field, before: b, after: a, sealed: false },
    );
  }
  return out;
}

function isBlank(v: unknown): boolean {
  return v === undefined || v === null || v === '' || v === 0 || (Array.isArray(v) && v.length === 0);
}

/**
 * What erasing a customer leaves of an entry about them: every value blanked (which fields changed,
 * when and by whom stays: not personal). The server accepts exactly this change of an existing
 * entry and no other (scripts/sync-setup.mjs).
 */
export function redactedChanges(changes: readonly AuditChange[]): AuditChange[] {
  return changes.map((c) => ({ field: c.field, before: '', after: '', sealed: c.sealed }));
}

/** A stored value back from its JSON text (undefined for '' or text that is not JSON). */
export function parseAuditValue(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** One stored audit entry (the data layer's schema is checked against this at compile time). */
export interface AuditEntry {
  id: string;
  createdAt: number;
  updatedAt: number;
  updatedBy: string;
  action: AuditAction;
  coll: AuditCollection;
  customerId: string;
  docId: string;
  by: string;
  byName: string;
  device: string;
  count: number;
  changes: AuditChange[];
  note: string;
  erasedAt: number;
}
