// The export's run, without UI state (src/state/customer-export.svelte.ts wraps it; the export
// benchmark drives it directly): records read a page at a time and handed to the export worker,
// which writes each page into the file while the next one is read (one page in flight, so the
// worker's writing overlaps this thread's reading and no more than two pages are alive at once).
// Every step on this thread is one page: a storage read and a structured clone of a few thousand
// plain rows, well under a long task.
import type { FieldbookDatabase } from '../data/db/database';
import {
  countCustomers,
  pageCustomers,
  searchCustomers,
  type CustomerSort,
  type PageCursor,
} from '../data/repos/customers';
import type { CustomerDoc } from '../data/db/schemas';
import { pageMeasures } from '../data/derived/measures';
import { pageActivity, type ActivityKind, type ActivityPage } from '../data/repos/activity-export';
import type { Interaction, Order, Survey } from '../domain/types';
import { CUSTOMER_FIELD_NAMES } from '../domain/customer-fields';
import { mayContact, type ConsentChannel } from '../domain/consent';
import { exportWorker } from '../../workers/client';
import type { ExportCustomer, ExportFile, ExportFormat, ExportMeasures } from '../../workers/export/contract';

/** Records read and handed over per step. */
export const EXPORT_PAGE = 1000;
/** A search export reads at most this many matches (the list shows 50). */
const SEARCH_MAX = 100_000;

export interface ExportScope {
  query: string;
  tag: string;
  sort: CustomerSort;
  /** Only customers who gave consent to be contacted on this channel ('' = everyone in scope). */
  consent?: ConsentChannel | '';
}

export interface CustomerExportChoices {
  /** Add the per-customer measures (orders, spend, last order, satisfaction, quality, churn risk). */
  withMeasures: boolean;
  /** An owner id in words (the owner column shows it). */
  ownerName: (ownerId: string) => string;
}

export interface ExportHooks {
  /** Records handed over so far, of about `total`. */
  onProgress: (done: number, total: number) => void;
  /** Checked between pages; true stops the run (it then returns null). */
  cancelled: () => boolean;
}

/** Only what the file shows of a customer (no search keys): a smaller clone to the worker. */
const exportRecord = (c: CustomerDoc): ExportCustomer => {
  const out = { id: c.id, createdAt: c.createdAt, updatedAt: c.updatedAt } as Record<string, unknown>;
  for (const k of CUSTOMER_FIELD_NAMES) out[k] = c[k];
  return out as unknown as ExportCustomer;
};

const exportMeasures = (m: ExportMeasures): ExportMeasures => ({
  id: m.id,
  orderCount: m.orderCount,
  lastOrderAt: m.lastOrderAt,
  medianIntervalDays: m.medianIntervalDays,
  spend: m.spend,
  surveyCount: m.surveyCount,
  scoreSum: m.scoreSum,
  lastScore: m.lastScore,
  lastInteractionAt: m.lastInteractionAt,
  quality: m.quality,
});

/** Hands pages to the worker with at most one in flight; counts what was handed over. */
function pipeline(hooks: ExportHooks, total: () => number) {
  let inFlight: Promise<number> | null = null;
  let done = 0;
  return {
    async send(add: () => Promise<number>): Promise<void> {
      if (inFlight) done = await inFlight;
      hooks.onProgress(done, total());
      inFlight = add();
    },
    async drain(): Promise<number> {
      if (inFlight) done = await inFlight;
      inFlight = null;
      hooks.onProgress(done, Math.max(done, total()));
      return done;
    },
  };
}

/** The customers in `scope` as a CSV or .xlsx file (null when cancelled). */
export async function exportCustomers(
  db: FieldbookDatabase,
  scope: ExportScope,
  format: ExportFormat,
  choices: CustomerExportChoices,
  hooks: ExportHooks,
): Promise<ExportFile | null> {
  const worker = exportWorker();
  await worker.begin('customers', { format, withMeasures: choices.withMeasures });
  const channel = scope.consent ?? '';
  const wanted = (c: CustomerDoc): boolean => !c.mergedInto && (channel === '' || mayContact(c.consent, channel));
  const owners = new Map<string, string>();
  /** Names of the owners first seen in this page (the worker keeps the earlier ones). */
  const newOwners = (rows: readonly CustomerDoc[]): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const c of rows) {
      if (c.ownerId && !owners.has(c.ownerId)) {
        const name = choices.ownerName(c.ownerId);
        owners.set(c.ownerId, name);
        out[c.ownerId] = name;
      }
    }
    return out;
  };

  let total = 0;
  const flow = pipeline(hooks, () => total);
  const cancel = async (): Promise<null> => {
    await flow.drain();
    await worker.cancel();
    return null;
  };

  if (choices.withMeasures) {
    let after: string | null = null;
    do {
      const page = await pageMeasures(db, after, EXPORT_PAGE);
      await worker.addMeasures(page.rows.map(exportMeasures));
      after = page.next;
      if (hooks.cancelled()) return cancel();
    } while (after !== null);
  }

  const hand = (rows: CustomerDoc[]) => {
    const page = rows.filter(wanted);
    const names = newOwners(page);
    const records = page.map(exportRecord);
    return flow.send(() => worker.add(records, names));
  };
  if (scope.query.trim() !== '') {
    const rows = await searchCustomers(db, scope.query, {
      sort: scope.sort,
      tag: scope.tag || undefined,
      limit: SEARCH_MAX,
    });
    total = rows.length;
    for (let i = 0; i < rows.length; i += EXPORT_PAGE) {
      if (hooks.cancelled()) return cancel();
      await hand(rows.slice(i, i + EXPORT_PAGE));
    }
  } else {
    total = await countCustomers(db, scope.tag || undefined);
    let after: PageCursor | null = null;
    do {
      if (hooks.cancelled()) return cancel();
      const page = await pageCustomers(db, {
        sort: scope.sort,
        tag: scope.tag || undefined,
        after,
        limit: EXPORT_PAGE,
      });
      await hand(page.rows);
      after = page.next;
    } while (after !== null);
  }
  await flow.drain();
  return worker.finish();
}

/** Every order, interaction or survey as its own file (null when cancelled). */
export async function exportActivity(
  db: FieldbookDatabase,
  kind: ActivityKind,
  format: ExportFormat,
  hooks: ExportHooks,
): Promise<ExportFile | null> {
  const worker = exportWorker();
  await worker.begin(kind, { format });
  const flow = pipeline(hooks, () => 0);
  let after: string | null = '';
  while (after !== null) {
    if (hooks.cancelled()) {
      await flow.drain();
      await worker.cancel();
      return null;
    }
    const page: ActivityPage<ActivityKind> = await pageActivity(db, kind, after, EXPORT_PAGE);
    const rows = page.rows as Order[] | Interaction[] | Survey[];
    await flow.send(() => worker.add(rows));
    after = page.next;
  }
  await flow.drain();
  return worker.finish();
}
