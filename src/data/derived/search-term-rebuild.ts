// Rebuilds the derived search term index when `customerTerms` changed shape. Separate from
// search-term-index.ts because it pages with the customer repository (which reads that index).
import type { FieldbookDatabase } from '../db/database';
import { pageCustomers, type PageCursor } from '../repos/customers';
import { writeSearchTerms } from './search-term-index';
import { afterQueuedTasks } from '../../lib/next-task';

/** Bump when customerTerms() (domain/search-terms.ts) changes: the index is rebuilt once on the next start. */
export const SEARCH_TERMS_VERSION = 1;
const STATE_DOC = 'search-terms-state';

/**
 * A database that never had the index needs no pass here: its follower has no checkpoint yet and
 * reads every customer once (search-term-index.ts). A database whose rows were written by an older
 * `customerTerms` gets every customer's rows replaced, paged by the name index in chunks that yield
 * between them (no long tasks); the version is recorded only after a whole pass.
 */
export async function ensureSearchTerms(
  db: FieldbookDatabase,
  opts: { force?: boolean; chunk?: number; signal?: AbortSignal } = {},
): Promise<number> {
  const state = await db.searchterms.getLocal<{ version: number }>(STATE_DOC);
  const version = state?.get('version') as number | undefined;
  if (!opts.force && (version === SEARCH_TERMS_VERSION || version === undefined)) {
    if (version === undefined) await db.searchterms.upsertLocal(STATE_DOC, { version: SEARCH_TERMS_VERSION });
    return 0;
  }
  let after: PageCursor | null = null;
  let written = 0;
  do {
    if (opts.signal?.aborted) return written;
    const page = await pageCustomers(db, { sort: 'name', after, limit: opts.chunk ?? 500 });
    written += await writeSearchTerms(db, page.rows, { lookupAll: true });
    after = page.next;
    await afterQueuedTasks();
  } while (after);
  await db.searchterms.upsertLocal(STATE_DOC, { version: SEARCH_TERMS_VERSION });
  return written;
}
