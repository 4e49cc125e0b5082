// Rebuilds the derived measures when they may be out of step: on the first start of a new
// MEASURES_VERSION, after a schema migration (migrated documents emit no change events), or when the
// collection is empty while customers exist (e.g. data written before measures existed). Pages through
// customers by id (primary key) and recomputes each page with three index range queries
// (measures.ts recomputeChunk), yielding between pages so it runs in the background without long
// tasks. Rows written meanwhile are also handled by the follower; both compute the same thing.
import type { FieldbookDatabase } from '../db/database';
import { MEASURES_VERSION, recomputeChunk } from './measures';
import { pageByPrimaryKey } from '../db/storage';
import { afterQueuedTasks } from '../../lib/next-task';

const STATE_DOC = 'measures-state';

export async function measuresNeedRebuild(db: FieldbookDatabase): Promise<boolean> {
  const [state, oneMeasure, oneCustomer] = await Promise.all([
    db.measures.getLocal<{ version: number }>(STATE_DOC),
    db.measures.findOne().exec(),
    db.customers.findOne().exec(),
  ]);
  if (oneCustomer === null) {
    // Nothing to derive from (a new database): record the version now, so customers written from
    // here on are the follower's alone. Otherwise a rebuild started on an empty database would chase
    // a bulk load through the table, doing the follower's work twice.
    if (state?.get('version') !== MEASURES_VERSION)
      await db.measures.upsertLocal(STATE_DOC, { version: MEASURES_VERSION });
    return false;
  }
  return state?.get('version') !== MEASURES_VERSION || oneMeasure === null;
}

/** Returns the number of customers recomputed (0 when nothing was needed). */
export async function ensureMeasures(
  db: FieldbookDatabase,
  opts: { force?: boolean; chunk?: number; onProgress?: (done: number) => void; signal?: AbortSignal } = {},
): Promise<number> {
  if (!opts.force && !(await measuresNeedRebuild(db))) return 0;
  let after = '';
  let done = 0;
  // 50 customers × ~10 orders per chunk keeps each step (range read, summarize slices, write) short.
  const chunk = opts.chunk ?? 50;
  for (;;) {
    // Stopped (the database is closing): the version stays unrecorded, so the next start rebuilds.
    if (opts.signal?.aborted) return done;
    const rows = await pageByPrimaryKey(db.customers, after, chunk);
    if (rows.length === 0) break;
    await recomputeChunk(db, rows);
    done += rows.length;
    opts.onProgress?.(done);
    after = (rows[rows.length - 1] as { id: string }).id;
    await afterQueuedTasks();
    if (rows.length < chunk) break;
  }
  await db.measures.upsertLocal(STATE_DOC, { version: MEASURES_VERSION });
  return done;
}
