// The pull handler of one database: `_changes` pages since RxDB's checkpoint, this device's own
// writes skipped, documents that break the local schema quarantined (sync log) instead of
// stopping the pull, bare server tombstones turned into deletes of the local copy.
//
// Batch sizes are measured like the bulk-write path's chunks (repos/bulk.ts): every batch RxDB
// gets is one local write (its documents, their replication meta, the checkpoint) in one task, and
// IndexedDB serializes each document synchronously on the main thread. The handler asks the feed
// for `ChunkSizer.size` rows: halved after a batch during which the browser saw a task over 50 ms,
// grown back after clean ones, never above the configured batch size. RxDB ends a pull when a
// batch holds fewer documents than its pull batch size, so RxDB is given the sizer's minimum and
// every batch but the feed's last one holds at least that.
import type { ReplicationPullHandler, WithDeleted } from 'rxdb';
import { bulkGet, changesPage } from './couch-http';
import { deletionOf, quarantineEntry, sortPulled, type AnyDoc, type Change, type CouchDoc } from './mapping';
import type { HandlerContext } from './handler-context';
import { collectBatch, SkippedRange, type Sequence } from './pull-batch';
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
const MIN_PULL_BATCH = 50;

/** Batch sizes of a pull configured for `batchSize`: start there, shrink on long tasks, never above. */
export const pullSizing = (batchSize: number): ChunkSizing => ({
  initial: batchSize,
  min: Math.min(MIN_PULL_BATCH, batchSize),
  max: batchSize,
});

export function pullHandler(
  ctx: PullContext,
  sizing: ChunkSizing,
): ReplicationPullHandler<AnyDoc, PullCheckpoint> & { stop(): void } {
  const skipped = new SkippedRange();
  // Read one batch while the one before is written, never further ahead (pull-pace.ts).
  const pacer = new PullPacer<StoredMarker>({ ahead: 2, isStored: (marker) => stored(ctx, marker) });
  const sizer = new ChunkSizer(sizing);
  const watch = new LongTaskWatch();
  const handler = async (checkpoint: PullCheckpoint | undefined) => {
    await pacer.beforeRead();
    // The batch before was written meanwhile (the pacer waited for it): did that cost a long task?
    sizer.record(watch.take() > 0);
    const batchSize = sizer.size;
    const { documents, sequence } = await collectBatch(
      skipped.start(checkpoint?.sequence),
      batchSize,
      async (since) => {
        // With none of our own writes outstanding, one request brings the documents too.
        // Otherwise the feed without documents, then only the documents this device did not write.
        const withDocs = !ctx.own.any;
        const page = await changesPage(ctx.http, ctx.dbUrl, since, batchSize, withDocs);
        const raw = withDocs ? page.results.flatMap((r) => (r.doc ? [r.doc] : [])) : await notOwn(ctx, page.results);
        const kept = await accept(ctx, raw);
        ctx.onRead(page.results.length);
        return { read: page.results.length, kept, next: page.last_seq };
      },
    );
    skipped.end(checkpoint?.sequence, sequence, documents.length);
    const last = documents.at(-1);
    if (last && typeof last.updatedAt === 'number') pacer.handed({ id: last.id, updatedAt: last.updatedAt });
    ctx.onSuccess();
    return { documents, checkpoint: { sequence } };
  };
  return Object.assign(handler, { stop: () => watch.stop() });
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
