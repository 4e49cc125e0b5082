// The pull handler of one database: `_changes` pages since RxDB's checkpoint, this device's own
// writes skipped, documents that break the local schema quarantined (sync log) instead of
// stopping the pull, bare server tombstones turned into deletes of the local copy.
//
// Batches are sized apart from pages. Every batch RxDB gets is one local write (its documents,
// their replication meta, the checkpoint) in one main-thread task, and IndexedDB serializes each
// document synchronously, so a batch is measured like the bulk-write path's chunks
// (repos/bulk.ts): `ChunkSizer.size` documents, halved after a batch during which the browser saw
// a task over 50 ms, grown back after clean ones. The feed is read in pages of the configured
// batch size (fewer, larger requests) and a page is handed on in as many batches as the sizer
// asks for (pull-batch.ts PageBuffer). RxDB ends a pull when a batch holds fewer documents than
// its pull batch size, so RxDB is given the sizer's minimum and every batch but the feed's last
// one holds at least that. RxDB merges the batches handed over but not yet written into its next
// write, and the pull reads `READ_AHEAD` batches ahead (pull-pace.ts), so one batch is at most
// `MAX_WRITE` / `READ_AHEAD` documents: one write then never holds more than `MAX_WRITE` (400-
// document writes of 100+ ms were seen when a batch could be a whole page).
import type { ReplicationPullHandler, WithDeleted } from 'rxdb';
import { bulkGet, changesPage } from './couch-http';
import { deletionOf, quarantineEntry, sortPulled, type AnyDoc, type Change, type CouchDoc } from './mapping';
import type { HandlerContext } from './handler-context';
import { PageBuffer, SkippedRange, type Kept, type Sequence } from './pull-batch';
import { PullPacer } from './pull-pace';
import { ChunkSizer, LongTaskWatch, type ChunkSizing } from '../repos/bulk';

export interface PullCheckpoint {
  sequence: Sequence;
}

export interface PullContext extends HandlerContext {
  /** A page of `rows` feed entries was read (first-sync progress). */
  onRead(rows: number): void;
  /** The pull reached the server and finished. */
  onSuccess(): void;
}

/** A pulled document by what shows it stored: its id and its update time. */
interface StoredMarker {
  id: string;
  updatedAt: number;
}

/** Is the document at least as new as `marker` in local storage (tombstones included)? */
async function stored(ctx: PullContext, marker: StoredMarker): Promise<boolean> {
  const [doc] = await ctx.collection.storageInstance.findDocumentsById([marker.id], true);
  return !!doc && Number((doc as { updatedAt?: unknown }).updatedAt) >= marker.updatedAt;
}

/** The smallest batch a pull hands over (the batch size RxDB is given). */
const MIN_PULL_BATCH = 10;
/** The first batch: small enough not to be a long task on a slow phone (then the sizer moves it). */
const FIRST_PULL_BATCH = 50;

/**
 * Documents in one RxDB write at most, against a 30 ms aim for one write: at load 13–19 on 2 cores
 * (bench `--idb-trace`, 4,000 customers) writes of 200 orders took IndexedDB 37–66 ms in one task,
 * of 100 39–54 ms, and the pull had 15–25 tasks > 50 ms with 200 against 9–18 with 100, at a
 * total within the runs' noise. Quiet figures may move it.
 */
const MAX_WRITE = 100;

/** Batches handed to RxDB and not yet stored when the pull reads on (one read while one is written). */
export const READ_AHEAD = 2;

/**
 * Batch sizes of a pull reading pages of `pageRows`: shrink on long tasks, grow after clean batches,
 * never above what keeps one merged write (READ_AHEAD batches) within a page and MAX_WRITE.
 */
export const pullSizing = (pageRows: number): ChunkSizing => {
  const min = Math.min(MIN_PULL_BATCH, pageRows);
  const max = Math.max(min, Math.floor(Math.min(pageRows, MAX_WRITE) / READ_AHEAD));
  return { initial: Math.min(FIRST_PULL_BATCH, max), min, max };
};

export function pullHandler(
  ctx: PullContext,
  pageRows: number,
  sizing: ChunkSizing,
): ReplicationPullHandler<AnyDoc, PullCheckpoint> & { stop(): void } {
  const skipped = new SkippedRange();
  const buffer = new PageBuffer<WithDeleted<AnyDoc>>();
  // Read one batch while the one before is written, never further ahead (pull-pace.ts).
  const pacer = new PullPacer<StoredMarker>({ ahead: READ_AHEAD, isStored: (marker) => stored(ctx, marker) });
  const sizer = new ChunkSizer(sizing);
  const watch = new LongTaskWatch();
  const handler = async (checkpoint: PullCheckpoint | undefined) => {
    await pacer.beforeRead();
    // The batch before was written meanwhile (the pacer waited for it): did that cost a long task?
    sizer.record(watch.take() > 0);
    const batchSize = sizer.size;
    const { documents, sequence } = await buffer.take(
      skipped.start(checkpoint?.sequence),
      batchSize,
      sizing.min,
      pageRows,
      async (since, limit) => {
        // With none of our own writes outstanding, one request brings the documents too.
        // Otherwise the feed without documents, then only the documents this device did not write.
        const withDocs = !ctx.own.any;
        const page = await changesPage(ctx.http, ctx.dbUrl, since, limit, withDocs);
        const raw = withDocs ? page.results.flatMap((r) => (r.doc ? [r.doc] : [])) : await notOwn(ctx, page.results);
        const kept = inFeedOrder(page.results, await accept(ctx, raw));
        ctx.onRead(page.results.length);
        return { read: page.results.length, kept, next: page.last_seq };
      },
    );
    skipped.end(checkpoint?.sequence, sequence, documents.length);
    ctx.own.delivered(documents);
    const last = documents.at(-1);
    if (last && typeof last.updatedAt === 'number') pacer.handed({ id: last.id, updatedAt: last.updatedAt });
    ctx.onSuccess();
    return { documents, checkpoint: { sequence } };
  };
  return Object.assign(handler, { stop: () => watch.stop() });
}

/**
 * The documents to deliver, each with the feed sequence of its row, in the feed's order: a batch
 * that ends after a document resumes after its row, so no document of an earlier row may be left
 * for a later batch.
 */
function inFeedOrder(rows: Change[], docs: WithDeleted<AnyDoc>[]): Kept<WithDeleted<AnyDoc>>[] {
  const row = new Map<string, number>();
  rows.forEach((r, i) => row.set(r.id, i));
  return docs
    .map((doc) => ({ doc, at: row.get(doc.id) ?? rows.length }))
    .sort((a, b) => a.at - b.at)
    .map(({ doc, at }) => ({ doc, seq: rows[at]?.seq }));
}

/**
 * The documents of a `_changes` page (read without documents) except those whose current revision
 * this device wrote itself; one `_bulk_get` for the rest, by the revision the feed named.
 */
async function notOwn(ctx: PullContext, results: Change[]): Promise<CouchDoc[]> {
  await ctx.own.landed(results);
  const wanted = ctx.own.others(results);
  return wanted.length ? bulkGet(ctx.http, ctx.dbUrl, wanted) : [];
}

/** Pulled server documents → what may enter the local database; the broken ones are quarantined. */
async function accept(ctx: PullContext, raw: CouchDoc[]): Promise<WithDeleted<AnyDoc>[]> {
  const { accepted, bareTombstones, broken } = sortPulled(ctx.schema, raw);
  const out = accepted;
  if (bareTombstones.length) {
    // A delete without fields: delete the local copy (if any) keeping its fields.
    const local = await ctx.collection.storageInstance.findDocumentsById(bareTombstones, true);
    for (const d of local) out.push(deletionOf(d));
  }
  if (broken.length && ctx.log) {
    const at = Date.now();
    const quarantine = broken.map(({ doc, problem }) => quarantineEntry(ctx.name, doc, problem, at));
    const known = await ctx.log.findByIds(quarantine.map((q) => q.id)).exec();
    const fresh = quarantine.filter((q) => !known.has(q.id));
    if (fresh.length) await ctx.log.bulkUpsert(fresh);
  }
  return out;
}
