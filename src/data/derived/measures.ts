// Derived per-customer measures for Insights (docs/ARCHITECTURE.md, "Derived data": local, derived, never
// replicated). One `measures` row per live customer, kept in step with the customers, orders,
// surveys and interactions — local writes, other tabs and pulled sync changes alike.
//
// How it stays right without ever reading all orders: a change marks the customer(s) it touches
// (an order's customer before AND after the change, so moving an order — e.g. the re-pointing a
// merge does — moves its contribution; a customer change marks the customer and, when it was merged,
// its survivor). Each marked customer is then recomputed from scratch from ITS OWN rows only, read
// through the [customerId, time] indexes in bounded pages. Recomputing one customer instead of
// patching running totals makes every kind of change (edit, delete, cancel, re-point, replayed
// event) exact by construction, at O(k) for that customer's k rows.
//
// A customer that is deleted, merged away (`mergedInto` set), in the Trash or unknown has no row. Children that
// still point at a merged-away customer do not count anywhere until the merge re-points them.
//
// Durable: the follower reads what was written since its stored checkpoints (startMeasures), so an
// app that dies between a write and the recomputation catches up on the next start.
//
// Money: totals are kept PER CURRENCY (`spend`, `months`), never converted (no exchange rates on a
// device offline); the Insights screens analyse one currency at a time (see workers/stats/summary.ts).
// What a row holds: src/domain/measures.ts; how it is computed: src/domain/summarize.ts.
import {
  getChangedDocumentsSince,
  type BulkWriteRow,
  type MangoQuery,
  type RxCollection,
  type RxStorageInstance,
} from 'rxdb';
import type { Subscription } from 'rxjs';
import type { FieldbookDatabase } from '../db/database';
import { coalescingRunner, deferWhileHeld } from './follow';
import { findPlain, pageByPrimaryKey, purgeTombstones } from '../db/storage';
import type { CustomerDoc, InteractionDoc, MeasureDoc, OrderDoc, SurveyDoc } from '../db/schemas';
import { afterQueuedTasks } from '../../lib/next-task';
import { summarize } from '../../domain/summarize';
import { ensurePhoneFor } from '../../domain/phone';
import { isInUse } from '../../domain/trash';

// The rule version belongs to the rule (src/domain/summarize.ts); the rebuild reads it from here.
export { MEASURES_VERSION } from '../../domain/summarize';

const PAGE = 500;

/** Every row of one customer in one collection, through its [customerId, time] index, page by page. */
async function childrenOf<T>(
  db: FieldbookDatabase,
  collection: 'orders' | 'surveys' | 'interactions',
  customerId: string,
): Promise<T[]> {
  const out: T[] = [];
  const timeField = collection === 'orders' ? 'orderedAt' : 'at';
  for (let skip = 0; ; skip += PAGE) {
    // Typed loosely on purpose: the three collections share the [customerId, time] index shape.
    const coll = db[collection] as unknown as RxCollection<T>;
    const docs = await findPlain(coll, {
      selector: { customerId },
      sort: [{ customerId: 'asc' }, { [timeField]: 'asc' }],
      skip,
      limit: PAGE,
    } as MangoQuery<T>);
    for (const d of docs) out.push(d);
    if (docs.length < PAGE) return out;
  }
}

/** Recomputes (or removes) the rows of these customers from their own data. */
export async function recomputeMeasures(
  db: FieldbookDatabase,
  customerIds: Iterable<string>,
  now = Date.now(),
): Promise<void> {
  const ids = [...new Set(customerIds)].filter(Boolean);
  if (ids.length === 0) return;
  const customers = await db.customers.findByIds(ids).exec();
  // The quality score parses phone numbers (loaded on first need, domain/phone.ts).
  await ensurePhoneFor([...customers.values()].map((d) => ({ phone: d.phone })));
  const upserts: MeasureDoc[] = [];
  const removals: string[] = [];
  for (const id of ids) {
    const doc = customers.get(id);
    const c = doc?.toMutableJSON();
    if (!c || !isInUse(c)) {
      removals.push(id);
      continue;
    }
    const [orders, surveys, interactions] = await Promise.all([
      childrenOf<OrderDoc>(db, 'orders', id),
      childrenOf<SurveyDoc>(db, 'surveys', id),
      childrenOf<InteractionDoc>(db, 'interactions', id),
    ]);
    upserts.push(summarize(c, orders, surveys, interactions, now));
  }
  // Purged, not only removed: a tombstone keeps the row's tags and region.
  if (removals.length) await db.measures.bulkRemove(removals).then(() => purgeTombstones(db.measures));
  await writeMeasures(db, upserts);
}

/** Equal apart from when it was computed (deep, key order ignored). */
function sameMeasure(a: unknown, b: unknown, top = true): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => sameMeasure(x, b[i], false));
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  for (const k of Object.keys(ra)) {
    if (top && k === 'updatedAt') continue;
    if (!sameMeasure(ra[k], rb[k], false)) return false;
  }
  return true;
}

type StoredMeasure = MeasureDoc & { _deleted: boolean; _rev: string; _meta: { lwt: number }; _attachments: object };

/**
 * Stores recomputed measures rows: rows equal to what is stored are not written at all (no write,
 * no change event, nothing for the stats worker), the others in ONE storage write. RxDB's
 * bulkUpsert would first try an insert and then update each existing row in a write of its own —
 * the follower's usual case — and rewrote unchanged rows. A row another writer (the rebuild, another
 * tab) changed in between is written again on top of that version: it was computed from the data
 * as it is now.
 */
async function writeMeasures(db: FieldbookDatabase, rows: readonly MeasureDoc[]): Promise<void> {
  let pending = rows;
  for (let attempt = 0; pending.length > 0; attempt++) {
    const instance = db.measures.storageInstance as unknown as RxStorageInstance<StoredMeasure, unknown, unknown>;
    const stored = await instance.findDocumentsById(
      pending.map((r) => r.id),
      true,
    );
    const byId = new Map(stored.map((d) => [d.id, d]));
    const writes: BulkWriteRow<StoredMeasure>[] = [];
    for (const row of pending) {
      const previous = byId.get(row.id);
      if (previous && !previous._deleted && sameMeasure(row, previous)) continue;
      writes.push({
        previous,
        document: { ...row, _deleted: false, _attachments: {}, _rev: previous?._rev ?? '', _meta: { lwt: 0 } },
      });
    }
    if (writes.length === 0) return;
    const result = await instance.bulkWrite(writes, 'fieldbook-measures');
    const conflicts = new Set(result.error.filter((e) => e.status === 409).map((e) => e.documentId));
    const other = result.error.find((e) => e.status !== 409);
    if (other) throw new Error(`measures write failed (${String(other.status)}) for ${other.documentId}`);
    if (conflicts.size > 0 && attempt >= 5)
      throw new Error(`measures write kept conflicting for ${[...conflicts].slice(0, 3).join(', ')}`);
    pending = pending.filter((r) => conflicts.has(r.id));
  }
}

/**
 * Recomputes a whole chunk of customers (sorted by id) with three index RANGE queries — every
 * order/survey/interaction whose customerId lies between the chunk's first and last id, through the
 * [customerId, time] indexes — instead of three queries per customer. Used by the rebuild: at 100k
 * customers this is a few hundred queries instead of 300,000. Rows of ids in the range that are not
 * in the chunk (deleted or merged-away customers) are ignored.
 */
export async function recomputeChunk(
  db: FieldbookDatabase,
  customers: readonly CustomerDoc[],
  opts: { now?: number; maxRowsPerCustomer?: number } = {},
): Promise<number | null> {
  const now = opts.now ?? Date.now();
  const live = customers.filter(isInUse);
  if (live.length === 0) return 0;
  await ensurePhoneFor(live);
  // With a cap, a range that turns out wide (ids spread over the whole table) is abandoned after a
  // bounded read and the caller falls back to per-customer queries (null = nothing written).
  const limit = opts.maxRowsPerCustomer ? opts.maxRowsPerCustomer * live.length : 1_000_000;
  let truncated = false;
  const ids = live.map((c) => c.id).sort();
  const lo = ids[0] as string;
  const hi = ids[ids.length - 1] as string;
  const range = async <T extends { customerId: string }>(
    collection: 'orders' | 'surveys' | 'interactions',
  ): Promise<Map<string, T[]>> => {
    const timeField = collection === 'orders' ? 'orderedAt' : 'at';
    // Plain rows from the storage: a chunk reads ~500 orders at 10 per customer, and RxDocuments
    // with a deep copy each were most of a rebuild step's main-thread time.
    const coll = db[collection] as unknown as RxCollection<T>;
    const docs = await findPlain(coll, {
      selector: { customerId: { $gte: lo, $lte: hi } },
      sort: [{ customerId: 'asc' }, { [timeField]: 'asc' }],
      limit,
    } as MangoQuery<T>);
    if (docs.length >= limit) truncated = true;
    const by = new Map<string, T[]>();
    for (const row of docs) {
      const list = by.get(row.customerId);
      if (list) list.push(row);
      else by.set(row.customerId, [row]);
    }
    return by;
  };
  const [orders, surveys, interactions] = await Promise.all([
    range<OrderDoc>('orders'),
    range<SurveyDoc>('surveys'),
    range<InteractionDoc>('interactions'),
  ]);
  if (truncated) return null;
  // Summarizing costs up to ~1 ms per customer (the quality score parses phone numbers): slices of
  // 20 with a task boundary between them keep each main-thread task short.
  const rows: MeasureDoc[] = [];
  for (let i = 0; i < live.length; i += 20) {
    if (i > 0) await afterQueuedTasks();
    for (const c of live.slice(i, i + 20))
      rows.push(summarize(c, orders.get(c.id) ?? [], surveys.get(c.id) ?? [], interactions.get(c.id) ?? [], now));
  }
  await writeMeasures(db, rows);
  return live.length;
}

export interface MeasuresFollower {
  /** Resolves when every change seen so far is reflected in the measures. */
  idle(): Promise<void>;
  stop(): void;
}

interface ChildLike {
  customerId?: string;
}

/** From this many customers to recompute on, the follower goes through id-range chunks. */
const BULK = 40;
const BULK_CHUNK = 50;
/**
 * Changed documents read per collection per round. Each read is deserialized in one main-thread
 * task: 1,000 customers per read was one of the long tasks of the catch-up after a bulk write.
 * 500 orders still name ~50 customers at the demo's ~10 orders each, so a round stays on the
 * id-range path (BULK).
 */
export const FOLLOW_BATCH = 500;
const FOLLOW_STATE = 'measures-follow';
const FOLLOWED = ['customers', 'orders', 'surveys', 'interactions'] as const;
type Followed = (typeof FOLLOWED)[number];
type Checkpoint = { id: string; lwt: number };
/** On a first start there is no checkpoint: writes of the last minute are looked at again (harmless). */
const FIRST_START_LOOKBACK_MS = 60_000;

/** Removes and returns (sorted) the `n` ids that were added to `pending` first. O(n). */
function takeOldest(pending: Set<string>, n: number): string[] {
  const out: string[] = [];
  for (const id of pending) {
    if (out.length === n) break;
    out.push(id);
  }
  for (const id of out) pending.delete(id);
  return out.sort();
}

/** Recomputes these customers: per customer when few, by id-range chunks when many. */
async function recomputeMany(db: FieldbookDatabase, ids: Set<string>): Promise<void> {
  while (ids.size) {
    if (ids.size < BULK) {
      const batch = takeOldest(ids, BULK);
      await recomputeMeasures(db, batch);
      continue;
    }
    // Many customers at once (a demo load, an import, a big sync pull): ids written together are
    // usually close together (time-ordered ids), so they go through the range path — three
    // queries per chunk instead of three per customer — with a per-customer row cap. The oldest
    // ids (a Set iterates in insertion order) are taken and sorted a window at a time: sorting the
    // whole backlog per chunk would be quadratic in the backlog and a long task when it is large.
    const chunkIds = takeOldest(ids, BULK_CHUNK);
    const found = await db.customers.findByIds(chunkIds).exec();
    const live: CustomerDoc[] = [];
    const gone: string[] = [];
    for (const id of chunkIds) {
      const c = found.get(id)?.toMutableJSON();
      if (!c || !isInUse(c)) gone.push(id);
      else live.push(c);
    }
    if (gone.length) await db.measures.bulkRemove(gone);
    if (live.length && (await recomputeChunk(db, live, { maxRowsPerCustomer: 50 })) === null) {
      await recomputeMeasures(
        db,
        live.map((c) => c.id),
      );
    }
  }
}

/**
 * Keeps the measures in step with customers, orders, surveys and interactions, durably: like
 * follow.ts, it reads what was written since a stored checkpoint per collection (one getAll each,
 * storage.ts) and moves the checkpoints only after the touched customers were recomputed, so a
 * crash, a closed tab or a sync pull while the app was closed leaves nothing stale. One round reads
 * up to FOLLOW_BATCH changes per collection and handles them up to the earliest write time where a
 * page was cut off, so a customer and its orders written together are recomputed once, together.
 *
 * What the stored documents cannot tell is where a child WAS before it moved to another customer
 * (merge, undo); the change events carry that, so the previous owner is taken from them as well
 * (a move always rewrites the previous owner's record too — the merge tombstone, or the undo's
 * restore — so even that case is caught up durably).
 */
export function startMeasures(db: FieldbookDatabase): MeasuresFollower {
  const previousOwners = new Set<string>();
  let stopped = false;

  async function catchUp(): Promise<void> {
    const saved = await db.measures.getLocal<{ checkpoints: Partial<Record<Followed, Checkpoint>> }>(FOLLOW_STATE);
    const start: Checkpoint = { id: '', lwt: Date.now() - FIRST_START_LOOKBACK_MS };
    const stored = saved?.get('checkpoints') as Partial<Record<Followed, Checkpoint>> | undefined;
    const checkpoints: Record<Followed, Checkpoint> = {
      customers: start,
      orders: start,
      surveys: start,
      interactions: start,
      ...stored,
    };
    while (!stopped) {
      // A bulk write or a first sync pull runs: catch up once when it ends (follow.ts).
      if (deferWhileHeld(db, rerun)) return;
      type Changed = ChildLike & { id: string; mergedInto?: string; _meta: { lwt: number } };
      const pages: Changed[][] = await Promise.all(
        FOLLOWED.map(async (name) => {
          const instance = db[name].storageInstance as unknown as RxStorageInstance<Changed, unknown, unknown>;
          const page = await getChangedDocumentsSince(instance, FOLLOW_BATCH, checkpoints[name]);
          return page.documents;
        }),
      );
      // A full page may continue past what the other collections returned: stop at its last write.
      let horizon = Infinity;
      for (const docs of pages)
        if (docs.length === FOLLOW_BATCH) horizon = Math.min(horizon, (docs[docs.length - 1] as Changed)._meta.lwt);
      const ids = new Set<string>();
      let moved = false;
      FOLLOWED.forEach((name, i) => {
        const docs = (pages[i] ?? []).filter((d) => d._meta.lwt <= horizon);
        for (const d of docs) {
          if (name === 'customers') {
            ids.add(d.id);
            if (d.mergedInto) ids.add(d.mergedInto);
          } else if (d.customerId) ids.add(d.customerId);
        }
        const last = docs[docs.length - 1];
        if (last) {
          checkpoints[name] = { id: last.id, lwt: last._meta.lwt };
          moved = true;
        }
      });
      for (const id of previousOwners) ids.add(id);
      previousOwners.clear();
      if (ids.size === 0 && !moved) return;
      await recomputeMany(db, ids);
      // A copy: RxDB keeps (and in dev-mode freezes) what it is given.
      if (moved) await db.measures.upsertLocal(FOLLOW_STATE, { checkpoints: { ...checkpoints } });
      if (horizon === Infinity) return;
      await afterQueuedTasks();
    }
  }

  const runner = coalescingRunner(catchUp, {
    stopped: () => stopped,
    onError: (err) => console.error('measures update failed', err),
  });
  const kick = runner.kick;
  const rerun = (): void => void kick();

  const subs: Subscription[] = [];
  for (const name of ['orders', 'surveys', 'interactions'] as const) {
    subs.push(
      db[name].eventBulks$.subscribe((bulk) => {
        for (const ev of bulk.events) {
          const prev = (ev.previousDocumentData as ChildLike | undefined)?.customerId;
          if (prev && prev !== (ev.documentData as ChildLike | undefined)?.customerId) previousOwners.add(prev);
        }
        void kick();
      }),
    );
  }
  subs.push(
    db.customers.eventBulks$.subscribe((bulk) => {
      for (const ev of bulk.events) {
        // A merge undone: the survivor loses what the merge had given it.
        const prev = (ev.previousDocumentData as Partial<CustomerDoc> | undefined)?.mergedInto;
        if (prev) previousOwners.add(prev);
      }
      void kick();
    }),
  );
  void kick();
  return {
    idle: runner.idle,
    stop: () => {
      stopped = true;
      for (const s of subs) s.unsubscribe();
    },
  };
}

export interface MeasurePage {
  rows: MeasureDoc[];
  /** id to continue after; null at the end */
  next: string | null;
}

/**
 * One page of measure rows in id order (keyset paging on the primary key, one getAll: storage.ts
 * pageByPrimaryKey; plain rows, no RxDocuments — they go straight to the stats worker).
 */
export async function pageMeasures(db: FieldbookDatabase, after: string | null, limit = 1000): Promise<MeasurePage> {
  const rows = await pageByPrimaryKey(db.measures, after ?? '', limit);
  return { rows, next: rows.length === limit ? (rows[rows.length - 1] as MeasureDoc).id : null };
}

/** Measures as they change (for keeping a worker in step): upserted rows and removed ids per batch. */
export function measureChanges(
  db: FieldbookDatabase,
  onChange: (upserts: MeasureDoc[], removed: string[]) => void,
): () => void {
  const sub = db.measures.eventBulks$.subscribe((bulk) => {
    // The collection's stream carries its local documents too (the follower's checkpoints).
    if (bulk.isLocal) return;
    const upserts: MeasureDoc[] = [];
    const removed: string[] = [];
    for (const ev of bulk.events) {
      const doc = ev.documentData as MeasureDoc & { _deleted?: boolean };
      if (ev.operation === 'DELETE' || doc._deleted) removed.push(ev.documentId);
      else {
        const { _deleted: _d, ...rest } = doc as MeasureDoc & {
          _deleted?: boolean;
          _rev?: string;
          _meta?: unknown;
          _attachments?: unknown;
        };
        upserts.push(plain(rest));
      }
    }
    onChange(upserts, removed);
  });
  return () => sub.unsubscribe();
}

/** A structured-clone-safe copy with only the schema's fields. */
function plain(d: MeasureDoc): MeasureDoc {
  return {
    id: d.id,
    v: d.v,
    updatedAt: d.updatedAt,
    tags: [...d.tags],
    ownerId: d.ownerId,
    region: d.region,
    orderCount: d.orderCount,
    firstOrderAt: d.firstOrderAt,
    lastOrderAt: d.lastOrderAt,
    meanIntervalDays: d.meanIntervalDays,
    medianIntervalDays: d.medianIntervalDays,
    spend: d.spend.map((s) => ({ ...s })),
    months: d.months.map((m) => ({ ...m })),
    surveyCount: d.surveyCount,
    scoreSum: d.scoreSum,
    lastScore: d.lastScore,
    lastSurveyAt: d.lastSurveyAt,
    surveys: d.surveys.map((s) => ({ ...s })),
    visits: [...d.visits],
    interactionCount: d.interactionCount,
    lastInteractionAt: d.lastInteractionAt,
    openFollowUpAt: d.openFollowUpAt,
    skus: [...d.skus],
    quality: d.quality,
    contactable: [...d.contactable],
  };
}

/** The measures row of one customer (for the customer screen), or null. */
export async function measureOf(db: FieldbookDatabase, customerId: string): Promise<MeasureDoc | null> {
  const d = await db.measures.findOne(customerId).exec();
  return d ? d.toMutableJSON() : null;
}
