// Merging duplicate customers, undoing a merge, and the follower that keeps late arrivals
// consistent (docs/ARCHITECTURE.md, "Merged duplicates"). The rules (which value survives) are pure in
// domain/merge.ts; this file does the I/O:
// - merge: one `decisions` row per record merged away holding everything Undo needs (written
//   FIRST, so a crash mid-merge leaves the information to finish or undo it), then children
//   (orders, interactions, surveys) re-pointed to the survivor, the survivor updated, and the
//   other records kept as tombstones with `mergedInto` = survivor.
// - undo: the other records, the children and the survivor put back exactly as they were.
// - follower: children that arrive later pointing at a merged record are re-pointed; an edit that
//   arrives later on a tombstone (another device's sync) is applied to the survivor.
import { map, type Observable, type Subscription } from 'rxjs';
import { applyLateEdit, followChain, mergeFields, type MergeChoices, type MergeRecord } from '../../domain/merge';
import { newId } from '../../domain/ids';
import type { CustomerFields } from '../../domain/types';
import { updateCustomer, type WriteMeta } from '../repos/customers';
import type { FieldbookDatabase } from '../db/database';
import { pageDecisions } from '../repos/decisions';
import { storedKeys } from '../db/keys';
import { pageByPrimaryKey } from '../db/storage';
import type { CustomerDoc, DecisionDoc, InteractionDoc, OrderDoc, SurveyDoc } from '../db/schemas';
import { CUSTOMER_FIELD_NAMES } from '../../domain/customer-fields';
import { ensureSearchKeyDataFor } from '../../domain/customer';

const CHILDREN = ['orders', 'interactions', 'surveys'] as const;
type ChildCollection = (typeof CHILDREN)[number];
type ChildDoc = OrderDoc | InteractionDoc | SurveyDoc;
/** The fields of a child a merge changes (and Undo puts back). */
interface ChildBefore {
  id: string;
  updatedAt: number;
  updatedBy: string;
  /** Set for a child that arrived after the merge and was re-pointed then (by the follower). */
  movedAt?: number;
}
export interface MergePayload {
  survivorBefore: CustomerDoc;
  /** The survivor as the merge wrote it: Undo keeps any field changed since (a later edit). */
  survivorAfter?: CustomerDoc;
  otherBefore: CustomerDoc;
  children: Record<ChildCollection, ChildBefore[]>;
}

export function fieldsOf(doc: CustomerDoc): CustomerFields {
  const out = {} as Record<keyof CustomerFields, unknown>;
  for (const f of CUSTOMER_FIELD_NAMES) out[f] = Array.isArray(doc[f]) ? [...(doc[f] as string[])] : doc[f];
  return out as CustomerFields;
}

async function getCustomer(db: FieldbookDatabase, id: string): Promise<CustomerDoc | null> {
  const d = await db.customers.findOne(id).exec();
  return d ? d.toMutableJSON() : null;
}

/** The record a (possibly merged) customer id ended up in, following `mergedInto` links. */
export async function resolveSurvivor(db: FieldbookDatabase, id: string): Promise<string> {
  const known = new Map<string, string>();
  let current = id;
  // followChain is synchronous: read the chain first (at most a few hops).
  for (let i = 0; i < 32; i++) {
    const doc = await getCustomer(db, current);
    if (!doc?.mergedInto || known.has(current)) break;
    known.set(current, doc.mergedInto);
    current = doc.mergedInto;
  }
  return followChain(id, (x) => known.get(x));
}

/** Children of one customer, read in pages through the [customerId, time] index. */
async function childrenOf(db: FieldbookDatabase, name: ChildCollection, customerId: string): Promise<ChildDoc[]> {
  const out: ChildDoc[] = [];
  const coll = db[name];
  const timeField = name === 'orders' ? 'orderedAt' : 'at';
  let skip = 0;
  for (;;) {
    const docs = await coll
      .find({
        selector: { customerId },
        sort: [{ customerId: 'asc' }, { [timeField]: 'asc' }] as never,
        skip,
        limit: 500,
      })
      .exec();
    for (const d of docs) out.push(d.toMutableJSON());
    if (docs.length < 500) return out;
    skip += docs.length;
  }
}

async function repoint(
  db: FieldbookDatabase,
  name: ChildCollection,
  docs: readonly ChildDoc[],
  customerId: string,
  meta: WriteMeta,
): Promise<void> {
  if (docs.length === 0) return;
  const coll = db[name] as unknown as { bulkUpsert(d: ChildDoc[]): Promise<unknown> };
  for (let i = 0; i < docs.length; i += 200) {
    await coll.bulkUpsert(
      docs.slice(i, i + 200).map((d) => ({ ...d, customerId, updatedAt: meta.now, updatedBy: meta.by })),
    );
  }
}

/**
 * Re-points children found on a merged-away record after its merge (they arrived later by sync or
 * import, or the tombstone arrived before them) and adds them to that merge's record, so Undo merge
 * sends them back to the record they were written for. Without an active merge record on this
 * device (e.g. the tombstone arrived by sync before the decision) they are only re-pointed.
 */
async function repointLate(
  db: FieldbookDatabase,
  name: ChildCollection,
  docs: readonly ChildDoc[],
  mergedId: string,
  target: string,
  by: string,
): Promise<void> {
  if (docs.length === 0) return;
  const now = Date.now();
  await repoint(db, name, docs, target, { now, by });
  const decision = await db.decisions
    .findOne({
      selector: { kind: 'merge', customerId: mergedId, state: 'active' },
      sort: [{ kind: 'asc' }, { customerId: 'asc' }],
    })
    .exec();
  if (!decision) return;
  const payload = JSON.parse(decision.payload) as MergePayload;
  const known = new Set(payload.children[name].map((c) => c.id));
  const added = docs
    .filter((d) => !known.has(d.id))
    .map((d) => ({ id: d.id, updatedAt: d.updatedAt, updatedBy: d.updatedBy, movedAt: now }));
  if (added.length === 0) return;
  payload.children[name] = [...payload.children[name], ...added];
  await decision.incrementalPatch({ payload: JSON.stringify(payload), updatedAt: now, updatedBy: by });
}

export interface MergeResult {
  mergeId: string;
  survivorId: string;
  /** The records merged away (already-merged or missing ones are skipped). */
  mergedIds: string[];
}

/**
 * Merge `otherIds` into `survivorId`. `choices` picks the surviving value per field (defaults:
 * domain/merge.ts). Merging into a record that is itself merged merges into the end of its chain.
 */
export async function mergeCustomers(
  db: FieldbookDatabase,
  survivorId: string,
  otherIds: readonly string[],
  choices: MergeChoices,
  by: string,
  now = Date.now(),
): Promise<MergeResult> {
  const meta: WriteMeta = { now, by };
  const target = await resolveSurvivor(db, survivorId);
  const survivor = await getCustomer(db, target);
  if (!survivor) throw new Error(`customer ${survivorId} not found`);
  const others: CustomerDoc[] = [];
  for (const id of new Set(otherIds)) {
    if (id === target) continue;
    const doc = await getCustomer(db, id);
    if (doc && !doc.mergedInto) others.push(doc);
  }
  const mergeId = newId(now);
  if (others.length === 0) return { mergeId, survivorId: target, mergedIds: [] };

  // Choices made for a record id that was resolved away (chain) point at the survivor instead.
  const fixedChoices: MergeChoices = {};
  for (const [f, id] of Object.entries(choices) as [keyof MergeChoices, string][])
    fixedChoices[f] = id === survivorId ? target : id;
  const records: MergeRecord[] = [survivor, ...others].map((d) => ({
    ...fieldsOf(d),
    id: d.id,
    updatedAt: d.updatedAt,
  }));
  const merged = mergeFields(target, records, fixedChoices);
  await ensureSearchKeyDataFor([merged]);
  // Exactly what updateCustomer below writes.
  const survivorAfter: CustomerDoc = {
    ...survivor,
    ...merged,
    ...storedKeys(merged, now),
    updatedAt: now,
    updatedBy: by,
  };

  const payloads: { other: CustomerDoc; children: Record<ChildCollection, ChildDoc[]> }[] = [];
  for (const other of others) {
    const children = { orders: [], interactions: [], surveys: [] } as Record<ChildCollection, ChildDoc[]>;
    for (const name of CHILDREN) children[name] = await childrenOf(db, name, other.id);
    payloads.push({ other, children });
  }
  await db.decisions.bulkInsert(
    payloads.map(({ other, children }): DecisionDoc => {
      const payload: MergePayload = {
        survivorBefore: survivor,
        survivorAfter,
        otherBefore: other,
        children: {
          orders: children.orders.map((c) => ({ id: c.id, updatedAt: c.updatedAt, updatedBy: c.updatedBy })),
          interactions: children.interactions.map((c) => ({
            id: c.id,
            updatedAt: c.updatedAt,
            updatedBy: c.updatedBy,
          })),
          surveys: children.surveys.map((c) => ({ id: c.id, updatedAt: c.updatedAt, updatedBy: c.updatedBy })),
        },
      };
      return {
        id: `merge|${mergeId}|${other.id}`,
        createdAt: now,
        updatedAt: now,
        updatedBy: by,
        kind: 'merge',
        state: 'active',
        groupId: mergeId,
        customerId: other.id,
        otherId: target,
        payload: JSON.stringify(payload),
      };
    }),
  );
  for (const { children } of payloads)
    for (const name of CHILDREN) await repoint(db, name, children[name], target, meta);
  await updateCustomer(db, target, merged, meta);
  for (const { other } of payloads) {
    const doc = await db.customers.findOne(other.id).exec();
    await doc?.incrementalPatch({ mergedInto: target, updatedAt: now, updatedBy: by });
  }
  return { mergeId, survivorId: target, mergedIds: payloads.map((p) => p.other.id) };
}

const AUDIT = new Set(['updatedAt', 'updatedBy', 'recentKey']);
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * Put a document back as it was before the merge (same id; RxDB keeps a new revision). With
 * `after` (what the merge wrote), a field changed since the merge — an edit made after it, here or
 * synced — keeps its current value instead: Undo never throws a later edit away. Untouched
 * records come back exactly.
 */
async function restoreDoc(
  db: FieldbookDatabase,
  before: CustomerDoc,
  after: CustomerDoc | undefined,
  meta: WriteMeta,
): Promise<void> {
  const doc = await db.customers.findOne(before.id).exec();
  if (!doc) {
    await db.customers.upsert(before);
    return;
  }
  // The modifier recomputes keys from fields of these versions (or of a write in between, hence the doc).
  await ensureSearchKeyDataFor([before, doc.toJSON(), ...(after ? [after] : [])]);
  await doc.incrementalModify((current) => {
    if (!after) return { ...before };
    const out: Record<string, unknown> = { ...before };
    let kept = false;
    for (const k of Object.keys(before) as (keyof CustomerDoc)[]) {
      if (AUDIT.has(k) || k === 'id' || k === 'createdAt') continue;
      if (!same(current[k], after[k])) {
        out[k] = current[k];
        kept = true;
      }
    }
    if (!kept) return { ...before };
    const fields = fieldsOf(out as CustomerDoc);
    return { ...(out as CustomerDoc), ...storedKeys(fields, meta.now), updatedAt: meta.now, updatedBy: meta.by };
  });
}

/** The merge decisions of one merge. */
export async function mergeDecisions(db: FieldbookDatabase, mergeId: string): Promise<DecisionDoc[]> {
  const docs = await db.decisions.find({ selector: { groupId: mergeId }, limit: 1000 }).exec();
  return docs.map((d) => d.toMutableJSON()).filter((d) => d.kind === 'merge');
}

/**
 * Undo a merge: the records merged away come back (mergedInto cleared, every field as before),
 * their children point at them again, the survivor is as it was before the merge. Returns false
 * when there is nothing to undo (unknown or already undone).
 */
export async function undoMerge(
  db: FieldbookDatabase,
  mergeId: string,
  by: string,
  now = Date.now(),
): Promise<boolean> {
  const decisions = (await mergeDecisions(db, mergeId)).filter((d) => d.state === 'active');
  if (decisions.length === 0) return false;
  const payloads = decisions.map((d) => ({
    ...(JSON.parse(d.payload) as MergePayload),
    mergedAt: d.createdAt,
    mergedBy: d.updatedBy,
    survivorId: d.otherId,
  }));
  const meta: WriteMeta = { now, by };
  // Others first: once they are no longer merged, the follower leaves their children alone.
  for (const p of payloads) {
    const after = p.survivorAfter
      ? { ...p.otherBefore, mergedInto: p.survivorId, updatedAt: p.mergedAt, updatedBy: p.mergedBy }
      : undefined;
    await restoreDoc(db, p.otherBefore, after, meta);
  }
  for (const p of payloads) {
    for (const name of CHILDREN) {
      const before = p.children[name];
      if (before.length === 0) continue;
      const coll = db[name] as unknown as {
        findByIds(ids: string[]): { exec(): Promise<Map<string, { toMutableJSON(): ChildDoc }>> };
        bulkUpsert(d: ChildDoc[]): Promise<unknown>;
      };
      for (let i = 0; i < before.length; i += 200) {
        const chunk = before.slice(i, i + 200);
        const found = await coll.findByIds(chunk.map((c) => c.id)).exec();
        const docs = chunk.flatMap((c) => {
          const d = found.get(c.id)?.toMutableJSON();
          // Moved elsewhere since (e.g. another merge): leave it there.
          if (!d || d.customerId !== p.survivorId) return [];
          // Untouched since the merge (or since the follower moved it): exactly as before; edited
          // since: keep the edit, move it back.
          const untouched = d.updatedAt === (c.movedAt ?? p.mergedAt);
          return [
            {
              ...d,
              customerId: p.otherBefore.id,
              ...(untouched ? { updatedAt: c.updatedAt, updatedBy: c.updatedBy } : { updatedAt: now, updatedBy: by }),
            },
          ];
        });
        if (docs.length) await coll.bulkUpsert(docs);
      }
    }
  }
  const first = payloads[0];
  if (first) await restoreDoc(db, first.survivorBefore, first.survivorAfter, meta);
  for (const d of decisions) {
    const doc = await db.decisions.findOne(d.id).exec();
    await doc?.incrementalPatch({ state: 'undone', updatedAt: now, updatedBy: by });
  }
  return true;
}

/**
 * Active merges of the last `days` days, newest first (one indexed range on [kind, state,
 * createdAt]; descending cursors are not index-served in the Dexie storage, so the short recent
 * range is read ascending and reversed).
 */
export async function recentMerges(
  db: FieldbookDatabase,
  limit = 20,
  days = 30,
  now = Date.now(),
): Promise<DecisionDoc[]> {
  const docs = await db.decisions
    .find({
      selector: { kind: 'merge', state: 'active', createdAt: { $gte: now - days * 86_400_000 } },
      sort: [{ kind: 'asc' }, { state: 'asc' }, { createdAt: 'asc' }],
      limit: 1000,
    })
    .exec();
  return docs
    .slice(-limit)
    .reverse()
    .map((d) => d.toMutableJSON());
}

export interface MergeFollower {
  /** Resolves when every change seen so far has been handled. */
  idle(): Promise<void>;
  stop(): void;
}

/**
 * Keeps merges consistent with what arrives later (sync, import, another tab): children pointing
 * at a merged record are re-pointed to its survivor; an edit to a merged record is applied to the
 * survivor; a record that becomes merged (e.g. its tombstone arrived by sync) has its existing
 * children re-pointed. Runs for the app's lifetime (started in main.ts).
 */
export function startMergeFollower(db: FieldbookDatabase, by = 'merge-follower'): MergeFollower {
  let queue: Promise<void> = Promise.resolve();
  const enqueue = (job: () => Promise<void>): void => {
    queue = queue.then(job).catch((err: unknown) => console.error('merge follower failed', err));
  };
  const subs: Subscription[] = [];
  // Ids of records merged away, so a child write costs a Set lookup, not a read (demo loads and
  // sync pulls write children in bulk). Filled from the merge decisions, kept current from the
  // decisions and customers streams; the database is still checked before anything is re-pointed.
  const merged = new Set<string>();
  if ((db.collections as Partial<FieldbookDatabase['collections']>).decisions) {
    enqueue(async () => {
      let after: { createdAt: number; id: string } | null = null;
      for (;;) {
        const page = await pageDecisions(db, 'merge', after);
        for (const d of page) merged.add(d.customerId);
        const last = page[page.length - 1];
        if (!last || page.length < 500) break;
        after = { createdAt: last.createdAt, id: last.id };
      }
    });
    subs.push(
      db.decisions.eventBulks$.subscribe((bulk) => {
        for (const ev of bulk.events) {
          const d = ev.documentData as DecisionDoc;
          if (d.kind === 'merge' && d.state === 'active') merged.add(d.customerId);
        }
      }),
    );
  }

  for (const name of CHILDREN) {
    const coll = db[name] as unknown as { eventBulks$: FieldbookDatabase['orders']['eventBulks$'] };
    subs.push(
      coll.eventBulks$.subscribe((bulk) => {
        const byCustomer = new Map<string, string[]>();
        for (const ev of bulk.events) {
          if (ev.operation === 'DELETE') continue;
          const d = ev.documentData as ChildDoc;
          if (!merged.has(d.customerId)) continue;
          const list = byCustomer.get(d.customerId) ?? [];
          list.push(d.id);
          byCustomer.set(d.customerId, list);
        }
        if (byCustomer.size === 0) return;
        enqueue(async () => {
          const customers = await db.customers.findByIds([...byCustomer.keys()]).exec();
          for (const [customerId, ids] of byCustomer) {
            if (!customers.get(customerId)?.mergedInto) continue;
            const target = await resolveSurvivor(db, customerId);
            const found = await (
              db[name] as unknown as {
                findByIds(ids: string[]): { exec(): Promise<Map<string, { toMutableJSON(): ChildDoc }>> };
              }
            )
              .findByIds(ids)
              .exec();
            const docs = [...found.values()].map((d) => d.toMutableJSON()).filter((d) => d.customerId === customerId);
            await repointLate(db, name, docs, customerId, target, by);
          }
        });
      }),
    );
  }

  subs.push(
    db.customers.eventBulks$.subscribe((bulk) => {
      for (const ev of bulk.events) {
        const prev = ev.previousDocumentData as CustomerDoc | undefined;
        const next = ev.documentData as CustomerDoc & { _deleted?: boolean };
        if (ev.operation === 'DELETE' || next._deleted || !next.mergedInto) continue;
        merged.add(next.id);
        if (!prev?.mergedInto) {
          // Became merged (here, or a tombstone arrived by sync): move any children still on it.
          enqueue(async () => {
            const target = await resolveSurvivor(db, next.id);
            for (const name of CHILDREN)
              await repointLate(db, name, await childrenOf(db, name, next.id), next.id, target, by);
          });
        } else if (prev.mergedInto === next.mergedInto) {
          // An edit to a record already merged: it belongs to the survivor.
          const before = fieldsOf(prev);
          const after = fieldsOf(next);
          enqueue(async () => {
            const target = await resolveSurvivor(db, next.id);
            const survivor = await getCustomer(db, target);
            if (!survivor || survivor.id === next.id) return;
            const updated = applyLateEdit(fieldsOf(survivor), before, after);
            if (updated) await updateCustomer(db, target, updated, { now: Date.now(), by });
          });
        }
      }
    }),
  );

  return {
    idle: async () => {
      let current: Promise<void>;
      do {
        current = queue;
        await current;
      } while (current !== queue);
    },
    stop: () => {
      for (const s of subs) s.unsubscribe();
    },
  };
}

export interface CustomerBatch {
  rows: CustomerDoc[];
  /** Pass back to read the next batch; null at the end. */
  next: string | null;
}

/** Customers in primary-key order, a batch at a time (loading the dedup index, quality scan). */
export async function customerBatch(db: FieldbookDatabase, after: string | null, limit = 300): Promise<CustomerBatch> {
  const rows = await pageByPrimaryKey(db.customers, after ?? '', limit);
  return { rows, next: rows.length < limit ? null : (rows[rows.length - 1]?.id ?? null) };
}

/** Customer writes as plain documents: upserts (live, not merged) and removals (deleted or merged). */
export function customerUpserts$(
  db: FieldbookDatabase,
): Observable<{ upserts: CustomerDoc[]; removed: string[]; inserted: string[] }> {
  return db.customers.eventBulks$.pipe(
    map((bulk) => {
      const upserts: CustomerDoc[] = [];
      const removed: string[] = [];
      const inserted: string[] = [];
      for (const ev of bulk.events) {
        const d = ev.documentData as CustomerDoc & { _deleted?: boolean };
        if (ev.operation === 'DELETE' || d._deleted || d.mergedInto) removed.push(d.id);
        else {
          upserts.push(d);
          if (ev.operation === 'INSERT') inserted.push(d.id);
        }
      }
      return { upserts, removed, inserted };
    }),
  );
}
