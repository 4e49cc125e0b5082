// Rebuilds the derived measures when they may be out of step: on the first start of a new
// MEASURES_VERSION, after a schema migration (migrated documents emit no change events), or when the
// collection is empty while customers exist (e.g. data written before measures existed). Pages through
// customers by the name index and recomputes each page's customers from their own rows, yielding
// between pages so it runs in the background without long tasks. Separate from measures.ts because it
// pages with the customer repository.
import { pageCustomers, type PageCursor } from './customers';
import type { FieldbookDatabase } from './database';
import { MEASURES_VERSION, recomputeMeasures } from './measures';

const STATE_DOC = 'measures-state';

export async function measuresNeedRebuild(db: FieldbookDatabase): Promise<boolean> {
  const state = await db.measures.getLocal<{ version: number }>(STATE_DOC);
  if (state?.get('version') !== MEASURES_VERSION) return true;
  const [oneMeasure, oneCustomer] = await Promise.all([
    db.measures.findOne().exec(),
    db.customers.findOne().exec(),
  ]);
  return oneMeasure === null && oneCustomer !== null;
}

/** Returns the number of customers recomputed (0 when nothing was needed). */
export async function ensureMeasures(
  db: FieldbookDatabase,
  opts: { force?: boolean; chunk?: number; onProgress?: (done: number) => void } = {},
): Promise<number> {
  if (!opts.force && !(await measuresNeedRebuild(db))) return 0;
  let after: PageCursor | null = null;
  let done = 0;
  do {
    const page = await pageCustomers(db, { sort: 'name', after, limit: opts.chunk ?? 100 });
    await recomputeMeasures(db, page.rows.map((c) => c.id));
    done += page.rows.length;
    opts.onProgress?.(done);
    after = page.next;
    await new Promise((r) => setTimeout(r, 0));
  } while (after);
  await db.measures.upsertLocal(STATE_DOC, { version: MEASURES_VERSION });
  return done;
}
