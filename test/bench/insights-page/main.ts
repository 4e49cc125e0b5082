// The Insights benchmark page (built in production mode by test/bench/insights-vite.config.ts,
// served at /bench-insights/ on the app's origin, so the app later opens the database filled here).
// test/bench/insights-run.mjs drives it through `window.fieldbookInsightsBench`:
// - load: demo data with N orders per customer into the app's database, then the derived per-customer
//   measures built once (ensureMeasures, the app's own rebuild path);
// - compute: the stats worker (the app's, through workers/client.ts) is fed the measures rows the way
//   the app feeds it (pages of 250), then overview, correlation matrices and RFM are timed as round trips;
// - oneOrder: with the app's measures follower and change forwarding running, one new order is added
//   and timed until the worker's overview includes it.
import { addOrder } from '../../../src/data/repos/activity';
import { openDatabase, type FieldbookDatabase } from '../../../src/data/db/database';
import { loadDemoData } from '../../../src/data/repos/demo';
import { measureChanges, pageMeasures, startMeasures } from '../../../src/data/derived/measures';
import { ensureMeasures } from '../../../src/data/derived/measures-rebuild';
import { startTagIndex } from '../../../src/data/derived/tag-index';
import { ensureTagIndex } from '../../../src/data/derived/tag-index-rebuild';
import { statsWorker } from '../../../workers/client';

interface LongTask {
  start: number;
  duration: number;
}
const longTaskLog: LongTask[] = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) longTaskLog.push({ start: e.startTime, duration: e.duration });
}).observe({ type: 'longtask', buffered: true });
const longTasksBetween = (from: number, to: number) => {
  const hits = longTaskLog.filter((t) => t.start >= from && t.start <= to);
  return { count: hits.length, maxMs: hits.reduce((m, t) => Math.max(m, t.duration), 0) };
};

function status(text: string): void {
  const el = document.getElementById('status');
  if (el) el.textContent = text;
  console.log(`[bench] ${text}`);
}

let db: FieldbookDatabase | null = null;
async function database(): Promise<FieldbookDatabase> {
  db ??= await openDatabase();
  return db;
}

export interface LoadOptions {
  count: number;
  seed: number;
  now: number;
  ordersPerCustomer: number;
  chunkSize: number;
}

/** The app's rebuild path over every customer, with progress on the console every tenth. */
async function buildMeasures(d: FieldbookDatabase, count: number, label: string): Promise<number> {
  const t0 = performance.now();
  let last = 0;
  return ensureMeasures(d, {
    force: true,
    onProgress: (n) => {
      if (n - last >= count / 10) {
        last = n;
        status(`${label}: ${n}/${count} customers, ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      }
    },
  });
}

async function load(o: LoadOptions) {
  const d = await database();
  const tags = startTagIndex(d);
  await ensureTagIndex(d);
  const t0 = performance.now();
  let last = 0;
  await loadDemoData(d, {
    count: o.count,
    seed: o.seed,
    now: o.now,
    chunkSize: o.chunkSize,
    ordersPerCustomer: o.ordersPerCustomer,
    onProgress: (p) => {
      if (p.done - last >= o.count / 10 || p.done === p.total) {
        last = p.done;
        status(`loadDemoData: ${p.done}/${p.total} customers, ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      }
    },
  });
  await tags.idle();
  tags.stop();
  const t1 = performance.now();
  // The measures as the app builds them when none exist (three index range queries per chunk).
  const built = await buildMeasures(d, o.count, 'measures');
  const t2 = performance.now();
  const rows = {
    customers: await d.customers.count().exec(),
    orders: await d.orders.count().exec(),
    measures: await d.measures.count().exec(),
  };
  return {
    loadMs: t1 - t0,
    measuresMs: t2 - t1,
    measuresBuilt: built,
    rows,
    longTasksDuringMeasures: longTasksBetween(t1, t2),
  };
}

const api = statsWorker();
const time = async <T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> => {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
};

/** Feeds the worker as the app does (pages of 500 rows, a task boundary between pages), then times each analysis `repeat` times. */
async function compute(o: { now: number; repeat: number }) {
  const d = await database();
  await api.reset();
  const t0 = performance.now();
  let after: string | null = null;
  let n = 0;
  do {
    const page = await pageMeasures(d, after, 500);
    await api.load(page.rows);
    n += page.rows.length;
    after = page.next;
    await new Promise((r) => setTimeout(r, 0));
  } while (after !== null);
  const t1 = performance.now();
  const runs = {
    overview: [] as number[],
    pearsonMatrix: [] as number[],
    spearmanMatrix: [] as number[],
    rfm: [] as number[],
    satisfactionVsSpend: [] as number[],
    risks: [] as number[],
  };
  let customers = 0;
  for (let i = 0; i < o.repeat; i++) {
    // A different `now` each repeat (+1 min) so the first call of each round rebuilds the columns, as
    // when the screen opens after a while; the analyses after it in the round reuse them.
    const now = o.now + i * 60_000;
    const ov = await time(() => api.overview({}, now));
    customers = ov.value.customers;
    runs.overview.push(ov.ms);
    runs.pearsonMatrix.push((await time(() => api.correlationMatrix('pearson', now))).ms);
    runs.spearmanMatrix.push((await time(() => api.correlationMatrix('spearman', now))).ms);
    runs.rfm.push((await time(() => api.rfm(now))).ms);
    runs.satisfactionVsSpend.push((await time(() => api.satisfactionVsSpend(now))).ms);
    runs.risks.push((await time(() => api.risks(now))).ms);
  }
  return { feedMs: t1 - t0, rowsFed: n, customers, runs, longTasksWhileFeeding: longTasksBetween(t0, t1) };
}

/**
 * One new order through the app's real path: insert → measures follower recomputes the customer →
 * measures change → forwarded to the worker (apply) → overview recomputed. Timed from the insert
 * call to the overview that includes the order; `repeat` orders, one at a time.
 */
async function oneOrder(o: { now: number; repeat: number }) {
  const d = await database();
  const follower = startMeasures(d);
  // In the app the follower runs during the load; here it starts after it, with no checkpoint, so it
  // first looks at the last minute of writes again (FIRST_START_LOOKBACK_MS) — at small sizes the
  // whole load. Let it catch up before timing, or the first orders wait behind that backlog.
  await follower.idle();
  const customers = (
    await d.customers.find({ selector: { id: { $gt: '' } }, sort: [{ id: 'asc' }], limit: o.repeat }).exec()
  ).map((c) => c.id);
  const before = await api.overview({}, o.now);
  let expectOrders = before.orders;
  let resolveSeen: ((t: number) => void) | null = null;
  let workerMs = 0;
  const stop = measureChanges(d, (upserts, removed) => {
    void (async () => {
      const w0 = performance.now();
      await api.apply(upserts, removed);
      const ov = await api.overview({}, o.now);
      workerMs = performance.now() - w0;
      if (ov.orders >= expectOrders && resolveSeen) resolveSeen(performance.now());
    })();
  });
  const total: number[] = [];
  const worker: number[] = [];
  for (const [k, customerId] of customers.entries()) {
    expectOrders += 1;
    const seen = new Promise<number>((r) => (resolveSeen = r));
    const t0 = performance.now();
    await addOrder(
      d,
      {
        customerId,
        orderedAt: o.now - k * 1000,
        status: 'paid',
        currency: 'EUR',
        items: [{ sku: 'FB-1001', name: 'bench', qty: 1, unitPriceMinor: 1000 }],
        totalMinor: 1000,
        confirmedAt: o.now - k * 1000,
        deliveredAt: o.now - k * 1000,
        paidAt: o.now - k * 1000,
        cancelledAt: 0,
      },
      { now: o.now, by: 'bench' },
    );
    const t1 = await seen;
    total.push(t1 - t0);
    worker.push(workerMs);
  }
  stop();
  await follower.idle();
  follower.stop();
  return { insertToOverviewMs: total, workerApplyAndOverviewMs: worker };
}

/** The measures rebuilt on a database that already has them (a MEASURES_VERSION change): time and long tasks. */
async function rebuild(o: { count: number }) {
  const d = await database();
  const t1 = performance.now();
  const built = await buildMeasures(d, o.count, 'measures rebuild');
  const t2 = performance.now();
  return { measuresMs: t2 - t1, measuresBuilt: built, longTasksDuringMeasures: longTasksBetween(t1, t2) };
}

async function close(): Promise<void> {
  if (db) await db.close();
  db = null;
}

const bench = { load, rebuild, compute, oneOrder, close };
export type InsightsBenchApi = typeof bench;
declare global {
  interface Window {
    fieldbookInsightsBench: InsightsBenchApi;
  }
}
window.fieldbookInsightsBench = bench;
status('ready');
