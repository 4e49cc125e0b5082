// Pure three-way field merge: the heart of sync conflict resolution (docs/ARCHITECTURE.md, "Sync").
// Inputs are three states of one document: `local` (this device's new state), `server` (what the
// server really holds now) and `base` (what this device last saw on the server, if anything).
//
//  - a field changed on one side only (compared with base) takes that side's value;
//  - a field changed on both sides to different values takes the newer edit (`updatedAt`; ties:
//    the larger `updatedBy`, then the server), and the losing value is reported as a `LostValue`
//    so the caller can keep it in a conflict log: nothing is dropped silently;
//  - arrays of plain strings (tags, other emails/phones) are merged as sets: additions and
//    removals of both sides are all applied, so nothing is lost and nothing is reported;
//  - edit versus delete: a delete does not erase an edit made on the other side. The document
//    stays (the edit wins) and the delete is reported as a lost value of the field `_deleted`,
//    which the user can re-apply. A delete against an untouched document wins;
//  - `updatedAt` becomes the newer of the two, `updatedBy` follows the newer side.
// Deterministic: the same three inputs always give the same result and the same lost values.

export type MergeDoc = Readonly<Record<string, unknown>>;
export type Side = 'local' | 'server';

export const DELETED_FIELD = '_deleted';

/** A value that lost a true conflict (both sides changed the field). */
export interface LostValue {
  field: string;
  /** The value the merged document keeps. */
  kept: unknown;
  /** The value that lost; `true` for a delete that an edit overruled. */
  lost: unknown;
  keptSide: Side;
  lostSide: Side;
  keptBy: string;
  keptAt: number;
  lostBy: string;
  lostAt: number;
}

export interface MergeResult {
  doc: Record<string, unknown>;
  lost: LostValue[];
}

export interface MergeOptions {
  /**
   * Fields not merged one by one and never reported: derived values the caller recomputes from
   * the merged fields (search keys), and storage bookkeeping. The audit fields and `_deleted` are
   * always handled specially.
   */
  derived?: readonly string[];
  /**
   * Arrays that only ever grow (a customer's consent history): every entry of both sides is kept,
   * in order, duplicates (equal JSON) once; never reported, since nothing is lost.
   */
  appendOnly?: readonly string[];
}

const BOOKKEEPING = new Set(['_meta', '_rev', '_attachments', 'updatedAt', 'updatedBy', DELETED_FIELD]);

/** Structural equality of JSON values (key order ignored). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const keys = Object.keys(ao).filter((k) => ao[k] !== undefined);
  if (keys.length !== Object.keys(bo).filter((k) => bo[k] !== undefined).length) return false;
  return keys.every((k) => Object.hasOwn(bo, k) && jsonEqual(ao[k], bo[k]));
}

const stamp = (doc: MergeDoc): { at: number; by: string } => ({
  at: typeof doc.updatedAt === 'number' ? doc.updatedAt : 0,
  by: typeof doc.updatedBy === 'string' ? doc.updatedBy : '',
});

/** Which side made the newer edit: later updatedAt, then the larger updatedBy, then the server. */
export function newerSide(local: MergeDoc, server: MergeDoc): Side {
  const l = stamp(local);
  const s = stamp(server);
  if (l.at !== s.at) return l.at > s.at ? 'local' : 'server';
  if (l.by !== s.by) return l.by > s.by ? 'local' : 'server';
  return 'server';
}

const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/** Three-way set merge: base, minus what either side removed, plus what either side added. */
function mergeStringSets(local: string[], server: string[], base: string[]): string[] {
  const removed = new Set([...base.filter((x) => !local.includes(x)), ...base.filter((x) => !server.includes(x))]);
  const out: string[] = [];
  for (const x of [...local, ...server]) if (!removed.has(x) && !out.includes(x)) out.push(x);
  return out;
}

/** Both lists' entries, local's first, each distinct entry (by JSON) once. */
function unionInOrder(local: readonly unknown[], server: readonly unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const x of [...local, ...server]) if (!out.some((y) => jsonEqual(x, y))) out.push(x);
  return out;
}

const isDeleted = (doc: MergeDoc | undefined): boolean => doc?.[DELETED_FIELD] === true;

export function threeWayMerge(
  local: MergeDoc,
  server: MergeDoc,
  base: MergeDoc | undefined,
  options: MergeOptions = {},
): MergeResult {
  const skip = new Set([...BOOKKEEPING, ...(options.derived ?? [])]);
  const appendOnlyFields = new Set(options.appendOnly ?? []);
  const newer = newerSide(local, server);
  const sides = { local: stamp(local), server: stamp(server) };
  const other = (side: Side): Side => (side === 'local' ? 'server' : 'local');
  const lost: LostValue[] = [];
  const doc: Record<string, unknown> = {};
  const report = (field: string, keptSide: Side, kept: unknown, lostValue: unknown) => {
    const lostSide = other(keptSide);
    lost.push({
      field,
      kept,
      lost: lostValue,
      keptSide,
      lostSide,
      keptBy: sides[keptSide].by,
      keptAt: sides[keptSide].at,
      lostBy: sides[lostSide].by,
      lostAt: sides[lostSide].at,
    });
  };

  // Field order: local's, then fields only the server or base know (deterministic).
  const fields = [...new Set([...Object.keys(local), ...Object.keys(server), ...Object.keys(base ?? {})])]
    .filter((f) => !skip.has(f))
    .sort();
  let edited: Record<Side, boolean> = { local: false, server: false };
  for (const field of fields) {
    const l = local[field];
    const s = server[field];
    const b = base?.[field];
    const localChanged = base === undefined || !jsonEqual(l, b);
    const serverChanged = base === undefined || !jsonEqual(s, b);
    if (localChanged && base) edited.local = true;
    if (serverChanged && base) edited.server = true;
    if (jsonEqual(l, s)) {
      if (l !== undefined) doc[field] = l;
      continue;
    }
    let value: unknown;
    if (!serverChanged) value = l;
    else if (!localChanged) value = s;
    else if (appendOnlyFields.has(field) && Array.isArray(l) && Array.isArray(s)) {
      value = unionInOrder(l, s);
    } else if (isStringArray(l) && isStringArray(s) && (b === undefined || isStringArray(b))) {
      value = mergeStringSets(l, s, b ?? []);
    } else {
      value = newer === 'local' ? l : s;
      report(field, newer, value, newer === 'local' ? s : l);
    }
    if (value !== undefined) doc[field] = value;
  }
  if (base === undefined) edited = { local: true, server: true };

  // Deletion. A side "deleted" if it is a tombstone and the base was not (or is unknown).
  const ld = isDeleted(local);
  const sd = isDeleted(server);
  let deleted = ld && sd;
  if (ld !== sd) {
    const deleter: Side = ld ? 'local' : 'server';
    const keeper = other(deleter);
    const baseDeleted = isDeleted(base);
    if (base !== undefined && baseDeleted) {
      // The base was deleted and one side brought the document back (undo, restore): keep it.
      deleted = false;
    } else if (edited[keeper]) {
      // An edit on the other side outlives the delete; the delete is reported, not applied.
      deleted = false;
      report(DELETED_FIELD, keeper, false, true);
    } else {
      deleted = true;
    }
  }
  const winner = newer === 'local' ? local : server;
  doc.updatedAt = Math.max(sides.local.at, sides.server.at);
  doc.updatedBy = winner.updatedBy ?? '';
  doc[DELETED_FIELD] = deleted;
  return { doc, lost };
}
