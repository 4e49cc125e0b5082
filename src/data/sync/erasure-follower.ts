// Audit entries that other devices wrote about an erased customer. Erasure redacts the entries the
// erasing device holds (repos/privacy.ts); an entry another device wrote meanwhile (an edit made
// offline) keeps its before/after values until a device that knows of the erasure redacts it.
// While sync runs, this follower does that on every device: when an erased customer appears (an
// erasure pulled, won in the conflict handler, or written here) it redacts the entries about them
// that are not redacted yet, and an unredacted entry that arrives about an already-erased customer
// is redacted too. Redaction writes an entry only while it is unredacted (`redactAuditOf`), so two
// devices redacting the same entry settle on the server's version (push rule and conflict handler:
// both are erasures, the server's wins) and nothing is written back and forth.
import type { Subscription } from 'rxjs';
import { isErasure } from '../../domain/erasure';
import type { FieldbookDatabase } from '../db/database';
import type { AuditDoc, CustomerDoc } from '../db/schemas';
import { deviceMeta, holdsValues, redactAuditOf } from '../repos/audit';

export interface ErasureFollower {
  /** Resolves when every change seen so far has been handled (tests). */
  idle(): Promise<void>;
  stop(): void;
}

/** Follows the customers and audit change streams of `db` until stopped (started with sync). */
export function followErasures(db: FieldbookDatabase): ErasureFollower {
  const open = db.collections as Partial<FieldbookDatabase['collections']>;
  if (!open.audit || !open.customers) return { idle: () => Promise.resolve(), stop: () => undefined };
  let stopped = false;
  let queue: Promise<void> = Promise.resolve();
  const enqueue = (job: () => Promise<void>): void => {
    queue = queue
      .then(() => (stopped ? undefined : job()))
      .catch((err: unknown) => {
        if (!stopped) console.error('erasure follower failed', err);
      });
  };
  const redact = async (customerIds: Iterable<string>): Promise<void> => {
    for (const id of customerIds) if (!stopped) await redactAuditOf(db, id, deviceMeta(db));
  };
  // What this run learnt about customers, so a pulled batch of audit entries reads each customer
  // at most once per run (a first sync pulls the whole audit trail). A customer found not erased
  // can be erased later: its erasure event adds it to `erased`, which wins.
  const erased = new Set<string>();
  const notErased = new Set<string>();
  /** Of these customers, the ones this device holds as erased (tombstones are read too). */
  const erasedOf = async (customerIds: string[]): Promise<string[]> => {
    const unknown = customerIds.filter((id) => !erased.has(id) && !notErased.has(id));
    if (unknown.length) {
      const docs = await db.customers.storageInstance.findDocumentsById(unknown, true);
      // A customer not here yet stays unknown (asked again with its next entry).
      for (const d of docs) (isErasure('customers', d) ? erased : notErased).add(d.id);
    }
    return customerIds.filter((id) => erased.has(id));
  };

  const subs: Subscription[] = [
    db.customers.eventBulks$.subscribe((bulk) => {
      const ids = bulk.events
        .filter((ev) => ev.operation === 'DELETE' && isErasure('customers', ev.documentData as CustomerDoc))
        .map((ev) => ev.documentId);
      for (const id of ids) erased.add(id);
      if (ids.length) enqueue(() => redact(ids));
    }),
    db.audit.eventBulks$.subscribe((bulk) => {
      if (bulk.isLocal) return;
      const about = new Set<string>();
      for (const ev of bulk.events) {
        const entry = ev.documentData as AuditDoc;
        if (ev.operation !== 'DELETE' && entry.customerId && holdsValues(entry)) about.add(entry.customerId);
      }
      if (about.size) enqueue(async () => redact(await erasedOf([...about])));
    }),
  ];
  return {
    idle: async () => {
      for (let seen: Promise<void> | null = null; seen !== queue;) {
        seen = queue;
        await seen;
      }
    },
    stop: () => {
      stopped = true;
      for (const sub of subs) sub.unsubscribe();
    },
  };
}
