// Rebuilds the derived tag index when it may be out of step with customers. Separate from
// tag-index.ts because it pages with the customer repository (which itself uses tag-index.ts).
import type { FieldbookDatabase } from '../db/database';
import { pageCustomers, type PageCursor } from '../repos/customers';
import { tagRows } from './tag-index';
import { upsertInSlices } from './follow';
import { afterQueuedTasks } from '../../lib/next-task';
import { isInUse } from '../../domain/trash';

/** Bump when tagRows() changes shape: the index is then rebuilt once on the next start. */
const TAG_INDEX_VERSION = 1;
const STATE_DOC = 'tag-index-state';

/**
 * Builds the derived rows for customers that were written while no indexer ran: after a schema
 * migration (migrated documents emit no change events) or on the first start of a new index
 * version. Pages through customers by the name index in chunks and yields between them, so it runs
 * in the background without long tasks. A whole pass happens once per index version, not per start.
 */
export async function ensureTagIndex(
  db: FieldbookDatabase,
  opts: { force?: boolean; chunk?: number; signal?: AbortSignal } = {},
): Promise<number> {
  const state = await db.customertags.getLocal<{ version: number }>(STATE_DOC);
  if (!opts.force && state?.get('version') === TAG_INDEX_VERSION) return 0;
  if (!opts.force && (await db.customers.findOne().exec()) === null) {
    // A new database: nothing to rebuild, and the follower indexes every customer written from now
    // on. Recording the version now keeps a rebuild from chasing a bulk load through the table.
    await db.customertags.upsertLocal(STATE_DOC, { version: TAG_INDEX_VERSION });
    return 0;
  }
  let after: PageCursor | null = null;
  let written = 0;
  do {
    // Stopped (the database is closing): the version stays unrecorded, so the next start rebuilds.
    if (opts.signal?.aborted) return written;
    const page = await pageCustomers(db, { sort: 'name', after, limit: opts.chunk ?? 500 });
    const upserts = page.rows.flatMap((c) => (isInUse(c) ? tagRows(c) : []));
    await upsertInSlices(db.customertags, upserts);
    written += upserts.length;
    after = page.next;
    await afterQueuedTasks();
  } while (after);
  await db.customertags.upsertLocal(STATE_DOC, { version: TAG_INDEX_VERSION });
  return written;
}
