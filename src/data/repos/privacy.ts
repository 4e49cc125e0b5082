// Privacy requests about one customer: everything the device holds about them (export), and
// erasure. Erasure writes every replicated document about the person again with its personal
// fields blanked FIRST (domain/erasure.ts: RxDB pushes a deleted document with its last fields,
// and the server keeps them in the tombstone), then deletes them, so the tombstones that replicate
// carry nothing personal. Local rows (derived indexes, the sync log) are deleted and their
// tombstones purged. The audit entries about the person keep what happened but lose the values,
// and one entry without personal data records the erasure.
import type { RxCollection } from 'rxdb';
import { blankedState } from '../../domain/erasure';
import type { FieldbookDatabase } from '../db/database';
import type { AuditDoc, CustomerDoc, DecisionDoc, InteractionDoc, OrderDoc, SurveyDoc } from '../db/schemas';
import type { WriteMeta } from '../db/write-meta';
import { pageByPrimaryKey, purgeTombstones } from '../db/storage';
import { childrenOf, getCustomer } from '../merge/records';
import { allAuditOf, recordAudit, redactAuditOf } from './audit';
import { blankAssumedMasters } from '../sync/assumed-masters';
import type { ConsentChange } from '../../domain/consent';

/** Everything this device holds about one customer (the privacy export). */
export interface CustomerDataExport {
  exportedAt: number;
  customer: CustomerDoc;
  orders: OrderDoc[];
  interactions: InteractionDoc[];
  surveys: SurveyDoc[];
  consentHistory: ConsentChange[];
  audit: AuditDoc[];
}

/**
 * The customer with every order, interaction and survey answer (all of them, read in pages through
 * the [customerId, time] indexes), the consent history and the audit entries about them. Recorded
 * as an 'export' audit entry (after the read, so the file does not list its own export).
 */
export async function exportCustomerData(
  db: FieldbookDatabase,
  id: string,
  meta: WriteMeta,
): Promise<CustomerDataExport | null> {
  const customer = await getCustomer(db, id);
  if (!customer) return null;
  const [orders, interactions, surveys, audit] = await Promise.all([
    childrenOf(db, 'orders', id) as Promise<OrderDoc[]>,
    childrenOf(db, 'interactions', id) as Promise<InteractionDoc[]>,
    childrenOf(db, 'surveys', id) as Promise<SurveyDoc[]>,
    db.collections.audit ? allAuditOf(db, id) : Promise.resolve([]),
  ]);
  await recordAudit(db, meta, [{ action: 'export', coll: 'customers', customerId: id, docId: id }]);
  return {
    exportedAt: meta.now,
    customer,
    orders,
    interactions,
    surveys,
    consentHistory: customer.consentHistory,
    audit,
  };
}

export interface ErasureResult {
  /** Replicated documents deleted: the customer, records merged into it, their children and decisions. */
  deleted: number;
}

/**
 * Deletes `docs` with their personal fields blanked, in one write per document: the tombstone that
 * replicates is the blank one, and no intermediate "blank but alive" state exists that a push
 * retried after a lost connection could send (and merge with an edit from another device).
 */
async function blankThenDelete<T extends { id: string }>(
  coll: RxCollection<T>,
  docs: readonly T[],
  meta: WriteMeta,
): Promise<void> {
  if (docs.length === 0) return;
  const found = await coll.findByIds(docs.map((d) => d.id)).exec();
  await Promise.all(
    [...found.values()].map((doc) =>
      doc.incrementalModify((data) => ({
        ...blankedState(coll.name, data),
        updatedAt: meta.now,
        updatedBy: meta.by,
        _deleted: true,
      })),
    ),
  );
}

/** Local rows about these customers: removed, and their tombstones purged (nothing replicates them). */
async function eraseLocalRows(db: FieldbookDatabase, customerIds: readonly string[], docIds: readonly string[]) {
  const { customertags, searchterms, measures, synclog } = db.collections;
  if (customertags) {
    const rows = await customertags.find({ selector: { customerId: { $in: [...customerIds] } } }).exec();
    await customertags.bulkRemove(rows.map((r) => r.id));
    await purgeTombstones(customertags);
  }
  if (searchterms) {
    // A customer's term rows are one primary-key range ("<customerId>|<term>").
    for (const id of customerIds) {
      const rows = (await pageByPrimaryKey(searchterms, `${id}|`, 1000)).filter((r) => r.id.startsWith(`${id}|`));
      await searchterms.bulkRemove(rows.map((r) => r.id));
    }
    await purgeTombstones(searchterms);
  }
  if (measures) {
    await measures.bulkRemove([...customerIds]);
    await purgeTombstones(measures);
  }
  if (synclog) {
    // Lost conflict values and refused writes of these documents hold their fields.
    const rows = await synclog.find({ selector: { docId: { $in: [...docIds] } } }).exec();
    await synclog.bulkRemove(rows.map((r) => r.id));
    await purgeTombstones(synclog);
  }
}

/**
 * The server's last-known versions of the erased documents that RxDB's replication keeps on this
 * device (sync/assumed-masters.ts), blanked too: with sync configured but offline they would hold
 * the personal values until the next push.
 */
async function blankReplicationCopies(
  db: FieldbookDatabase,
  erased: {
    people: CustomerDoc[];
    orders: OrderDoc[];
    interactions: InteractionDoc[];
    surveys: SurveyDoc[];
    decisions: DecisionDoc[];
  },
): Promise<void> {
  const idsOf = (docs: readonly { id: string }[]) => docs.map((d) => d.id);
  await blankAssumedMasters(db.customers, idsOf(erased.people));
  await blankAssumedMasters(db.orders, idsOf(erased.orders));
  await blankAssumedMasters(db.interactions, idsOf(erased.interactions));
  await blankAssumedMasters(db.surveys, idsOf(erased.surveys));
  if (db.collections.decisions) await blankAssumedMasters(db.decisions, idsOf(erased.decisions));
  if (db.collections.audit) {
    const entries = (await Promise.all(erased.people.map((p) => allAuditOf(db, p.id)))).flat();
    await blankAssumedMasters(db.audit, idsOf(entries));
  }
}

/**
 * Erases a customer from this device and, through sync, from every device and the server's
 * current documents: the customer and every record merged into it (the same person), their orders,
 * interactions and surveys, the merge and fix decisions that keep copies of them (Undo snapshots),
 * the derived rows and sync-log entries. Their audit entries are blanked and one 'erase' entry is
 * added. Resolves to null when there is no such customer.
 */
export async function eraseCustomer(db: FieldbookDatabase, id: string, meta: WriteMeta): Promise<ErasureResult | null> {
  const customer = await getCustomer(db, id);
  if (!customer) return null;
  // The records merged into this one are the same person; their merge decisions hold both.
  const decisions: DecisionDoc[] = [];
  const people: CustomerDoc[] = [customer];
  const seen = new Set([id]);
  for (let i = 0; i < people.length; i++) {
    const person = people[i] as CustomerDoc;
    const log = db.collections.decisions;
    if (!log) break;
    const about = await log.find({ selector: { customerId: person.id } }).exec();
    // Survivor side of merges: `otherId` is not indexed; decisions are few (merges and fixes).
    const into = await log.find({ selector: { kind: 'merge', otherId: person.id } }).exec();
    for (const d of [...about, ...into]) {
      if (decisions.some((x) => x.id === d.id)) continue;
      decisions.push(d.toMutableJSON());
      if (d.kind === 'merge' && d.otherId === person.id && !seen.has(d.customerId)) {
        seen.add(d.customerId);
        const merged = await getCustomer(db, d.customerId);
        if (merged) people.push(merged);
      }
    }
  }
  const ids = people.map((p) => p.id);
  const orders: OrderDoc[] = [];
  const interactions: InteractionDoc[] = [];
  const surveys: SurveyDoc[] = [];
  for (const pid of ids) {
    orders.push(...((await childrenOf(db, 'orders', pid)) as OrderDoc[]));
    interactions.push(...((await childrenOf(db, 'interactions', pid)) as InteractionDoc[]));
    surveys.push(...((await childrenOf(db, 'surveys', pid)) as SurveyDoc[]));
  }

  // Children and decisions first: a crash half-way leaves the customer (and the Erase button) there.
  await blankThenDelete(db.orders, orders, meta);
  await blankThenDelete(db.interactions, interactions, meta);
  await blankThenDelete(db.surveys, surveys, meta);
  if (db.collections.decisions) await blankThenDelete(db.decisions, decisions, meta);
  await blankThenDelete(db.customers, people, meta);
  const docIds = [...ids, ...orders, ...interactions, ...surveys, ...decisions].map((d) =>
    typeof d === 'string' ? d : d.id,
  );
  await eraseLocalRows(db, ids, docIds);
  for (const pid of ids) await redactAuditOf(db, pid, meta);
  await blankReplicationCopies(db, { people, orders, interactions, surveys, decisions });
  const deleted = people.length + orders.length + interactions.length + surveys.length + decisions.length;
  await recordAudit(db, meta, [
    { action: 'erase', coll: 'customers', customerId: id, docId: id, count: deleted, note: ids.slice(1).join(' ') },
  ]);
  return { deleted };
}
