// The audit trail's writes and reads (rules: domain/audit.ts). The repositories call `recordAudit`
// right after the change they make, so every path that changes data (screens, Today, merges,
// imports, erasure) leaves the same trail and no screen writes an entry itself. Entries are only
// ever inserted; erasure blanks the values of the erased customer's entries (`redactAuditOf`), the
// one change the server accepts of a stored entry (scripts/sync-setup.mjs).
import { map, type Observable } from 'rxjs';
import {
  auditChanges,
  redactedChanges,
  type AuditAction,
  type AuditChange,
  type AuditCollection,
} from '../../domain/audit';
import { newId } from '../../domain/ids';
import type { FieldbookDatabase } from '../db/database';
import type { AuditDoc } from '../db/schemas';
import type { WriteMeta } from '../db/write-meta';
import { SEALED_FIELDS } from '../crypto/sealed-field-list';

/** Who writes on this device, beyond the writer id each verb gets: set once when the app opens the database. */
export interface AuditDevice {
  /** This device's stable id ('device-…'). */
  device: string;
  /** The local profile name (Settings → Your name), read at each write: it can change. */
  profileName: () => string;
}

const devices = new WeakMap<FieldbookDatabase, AuditDevice>();

/** Names this device for the audit entries written through `db` (App start; tests that check who). */
export function setAuditDevice(db: FieldbookDatabase, device: AuditDevice): void {
  devices.set(db, device);
}

/** The writer id of this device (for verbs called without a WriteMeta): its device id. */
export function deviceOf(db: FieldbookDatabase): string {
  return devices.get(db)?.device ?? '';
}

/** A write's meta for verbs that take none (deletes): now, by this device. */
export function deviceMeta(db: FieldbookDatabase): WriteMeta {
  return { now: Date.now(), by: deviceOf(db) };
}

/** One thing that happened, as the repositories report it. */
export interface AuditEvent {
  action: AuditAction;
  coll: AuditCollection;
  customerId: string;
  docId: string;
  changes?: AuditChange[];
  /** Documents covered: 1, or a batch's rows. */
  count?: number;
  note?: string;
}

/** The field-level changes of one write of `coll` (sealed fields say only that they changed). */
export function changesOf(
  coll: AuditCollection,
  before: Readonly<Record<string, unknown>> | null,
  after: Readonly<Record<string, unknown>> | null,
): AuditChange[] {
  return auditChanges(before, after, SEALED_FIELDS[coll] ?? []);
}

function entry(db: FieldbookDatabase, meta: WriteMeta, e: AuditEvent): AuditDoc {
  const device = devices.get(db);
  return {
    id: newId(meta.now),
    createdAt: meta.now,
    updatedAt: meta.now,
    updatedBy: meta.by,
    action: e.action,
    coll: e.coll,
    customerId: e.customerId,
    docId: e.docId,
    by: meta.by,
    byName: device?.profileName() ?? '',
    device: device?.device ?? '',
    count: e.count ?? 1,
    changes: e.changes ?? [],
    note: e.note ?? '',
    erasedAt: 0,
  };
}

/**
 * Inserts the entries of one write (one IndexedDB write however many). A database opened without
 * the audit collection (a node test opening only some collections) records nothing.
 */
export async function recordAudit(
  db: FieldbookDatabase,
  meta: WriteMeta,
  events: readonly AuditEvent[],
): Promise<void> {
  if (!db.collections.audit || events.length === 0) return;
  await db.audit.bulkInsert(events.map((e) => entry(db, meta, e)));
}

/** How many entries a History page shows (the newest). */
export const HISTORY_LIMIT = 200;

/**
 * A customer's newest entries first, live. The [customerId, createdAt] index bounds the read to this
 * customer's entries (a descending sort reads that range and sorts it in memory: one customer's).
 */
export function auditOf$(db: FieldbookDatabase, customerId: string, limit = HISTORY_LIMIT): Observable<AuditDoc[]> {
  return db.audit
    .find({ selector: { customerId }, sort: [{ customerId: 'desc' }, { createdAt: 'desc' }], limit })
    .$.pipe(map((docs) => docs.map((d) => d.toMutableJSON())));
}

/** Every entry about a customer, oldest first, read in pages (the privacy export). */
export async function allAuditOf(db: FieldbookDatabase, customerId: string, page = 500): Promise<AuditDoc[]> {
  const out: AuditDoc[] = [];
  let after = -1;
  const seen = new Set<string>();
  for (;;) {
    const docs = await db.audit
      .find({
        selector: { customerId, createdAt: { $gte: after } },
        sort: [{ customerId: 'asc' }, { createdAt: 'asc' }, { id: 'asc' }],
        limit: page,
      })
      .exec();
    const fresh = docs.map((d) => d.toMutableJSON()).filter((d) => !seen.has(d.id));
    for (const d of fresh) seen.add(d.id);
    out.push(...fresh);
    const last = docs[docs.length - 1];
    if (docs.length < page || !last) return out;
    // A whole page in one millisecond (never seen) would repeat forever: move past it.
    after = fresh.length ? last.createdAt : last.createdAt + 1;
  }
}

/** Whether an entry still holds values an erasure blanks (not marked erased, some before/after set). */
export function holdsValues(entry: Pick<AuditDoc, 'erasedAt' | 'changes'>): boolean {
  return entry.erasedAt === 0 && entry.changes.some((c) => c.before !== '' || c.after !== '');
}

/**
 * Erasure: the values of every entry about the customer blanked (what changed, when and by whom
 * stays). The one change of a stored entry the server accepts, and only once (`erasedAt` 0 → a
 * time): so each entry is written only if it is unredacted at the moment of the write (a write
 * conditional on the revision read). An entry another writer redacted meanwhile (this device's
 * erasure and the sync's erasure follower, another tab, a pulled redaction) is left as it is:
 * redacting it again would be a change the server refuses. Resolves to the entries written.
 */
export async function redactAuditOf(db: FieldbookDatabase, customerId: string, meta: WriteMeta): Promise<number> {
  if (!db.collections.audit) return 0;
  let written = 0;
  for (let attempt = 0; attempt < 3; attempt++) {
    const ids = (await allAuditOf(db, customerId)).filter(holdsValues).map((e) => e.id);
    if (ids.length === 0) break;
    const docs = await db.audit.findByIds(ids).exec();
    const results = await Promise.all(
      [...docs.values()]
        .filter((doc) => holdsValues(doc))
        .map((doc) =>
          doc
            .modify((e) => ({
              ...e,
              changes: redactedChanges(e.changes),
              erasedAt: meta.now,
              updatedAt: meta.now,
              updatedBy: meta.by,
            }))
            .then(
              () => true,
              (err: unknown) => {
                // Written by someone else since the read: read again (the next attempt).
                if ((err as { code?: string }).code === 'CONFLICT') return false;
                throw err;
              },
            ),
        ),
    );
    written += results.filter(Boolean).length;
    if (results.every(Boolean)) break;
  }
  return written;
}
