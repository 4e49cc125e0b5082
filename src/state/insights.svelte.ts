// Keeps the stats worker fed with the derived per-customer measures and tells the Insights screens
// when to ask again. One feed per app (the worker keeps its rows across screens):
// - start: pages the `measures` collection by id in small chunks (each a short task; the worker
//   gets compact rows, never orders) and yields between chunks;
// - then: every measures change (one new order → one recomputed row) is forwarded to the worker and
//   `version` bumps, so a screen showing it re-queries (a few ms in the worker).
import type { ConsentChannel } from '../domain/consent';
import type { Remote } from 'comlink';
import { listProducts } from '../data/repos/activity';
import { customersByIds } from '../data/repos/customers';
import type { FieldbookDatabase } from '../data/db/database';
import { measureChanges, pageMeasures } from '../data/derived/measures';
import type { CustomerDoc } from '../data/db/schemas';
import { statsWorker } from '../../workers/client';
import type { MonthFilter, RiskItem, RiskKind, RiskReason, StatsApi } from '../../workers/stats/contract';
import { nextTask } from '../lib/next-task';

// Pages of 250 plain rows (one getAll each): reading a page and handing it to the worker are each
// a short task. At 500, a page's read (IndexedDB deserializing the rows) alone took up to ~50 ms
// at 100k customers on a busy 2-core machine, and more young garbage survived each scavenge.
const CHUNK = 250;

export type { MonthFilter, RiskKind };
type Answer<K extends keyof StatsApi> = Awaited<ReturnType<StatsApi[K]>>;
export type InsightsInfo = Answer<'info'>;
export type RfmSegmentName = Parameters<StatsApi['rfmSegment']>[0];
export interface OverviewAnswer {
  overview: Answer<'overview'>;
  options: InsightsInfo['options'];
}
export interface SatisfactionAnswer {
  data: Answer<'satisfactionVsSpend'>;
  /** the customers of the first `rows` points (the table under the chart) */
  customers: CustomerDoc[];
}
export interface CorrelationsAnswer {
  pearson: Answer<'correlationMatrix'>;
  spearman: Answer<'correlationMatrix'>;
}
export interface RfmAnswer {
  rfm: Answer<'rfm'>;
  /** the open segment's members (empty when none is open) and the customers of the first `rows` */
  members: Answer<'rfmSegment'>;
  customers: Map<string, CustomerDoc>;
}
export interface RisksAnswer {
  risks: Answer<'risks'>;
  customers: CustomerDoc[];
}
export interface CustomerInsightsAnswer {
  data: Answer<'customer'>;
  /** SKU → product name */
  productNames: Map<string, string>;
}

export class InsightsFeed {
  /** 'loading' until the first full load is in the worker */
  status = $state<'idle' | 'loading' | 'ready' | 'failed'>('idle');
  loaded = $state(0);
  /** bumps on every change that reached the worker */
  version = $state(0);
  readonly api: Remote<StatsApi>;
  #stop: (() => void) | null = null;
  #ready: Promise<void> | null = null;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #again = false;

  constructor(private readonly db: FieldbookDatabase) {
    this.api = statsWorker();
  }

  /** Starts the feed once; resolves when the worker holds every row. */
  start(): Promise<void> {
    this.#ready ??= this.#load();
    return this.#ready;
  }

  async #load(): Promise<void> {
    this.status = 'loading';
    try {
      await this.api.reset();
      // Changes that happen while the initial pages load are queued and applied after them, in order.
      let chain: Promise<unknown> = Promise.resolve();
      let initialDone = false;
      const pendingDuringLoad: Array<[Parameters<StatsApi['apply']>[0], string[]]> = [];
      this.#stop = measureChanges(this.db, (upserts, removed) => {
        if (!initialDone) {
          pendingDuringLoad.push([upserts, removed]);
          return;
        }
        chain = chain
          .then(() => this.api.apply(upserts, removed))
          .then(() => this.#bump())
          .catch((err: unknown) => console.error('insights update failed', err));
      });
      let after: string | null = null;
      do {
        const page = await pageMeasures(this.db, after, CHUNK);
        // Reading a page (IndexedDB hands it over as new objects) and sending it to the worker
        // (structured clone) are each ~10–20 ms here: in one task they came close to 50 ms.
        await nextTask();
        await this.api.load(page.rows);
        this.loaded += page.rows.length;
        after = page.next;
        await nextTask();
      } while (after !== null);
      for (const [u, r] of pendingDuringLoad) await this.api.apply(u, r);
      initialDone = true;
      this.status = 'ready';
      this.version++;
    } catch (err) {
      this.status = 'failed';
      throw err;
    }
  }

  /**
   * Tells the screens to re-query: at once for a single change (one new order shows without delay),
   * then at most every 250 ms while changes keep coming (a rebuild or a big sync pull would
   * otherwise make every screen recompute after each chunk).
   */
  #bump(): void {
    if (this.#timer) {
      this.#again = true;
      return;
    }
    this.version++;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      if (this.#again) {
        this.#again = false;
        this.#bump();
      }
    }, 250);
  }

  /** Customers by id (for lists), in the given order; missing ones left out. */
  async customers(ids: readonly string[]): Promise<CustomerDoc[]> {
    const out: CustomerDoc[] = [];
    for (let i = 0; i < ids.length; i += CHUNK) {
      const docs = await customersByIds(this.db, ids.slice(i, i + CHUNK));
      // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local lookup, not state
      const byId = new Map(docs.map((d) => [d.id, d]));
      for (const id of ids.slice(i, i + CHUNK)) {
        const d = byId.get(id);
        if (d) out.push(d);
      }
    }
    return out;
  }

  /** SKU → product name from the catalogue (small: hundreds), for recommendations. */
  async productNames(): Promise<Map<string, string>> {
    const products = await listProducts(this.db);
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a lookup handed to the caller
    return new Map(products.map((p) => [p.sku, p.name]));
  }

  // The Insights screens' questions, each one answer (the worker's figures with the customers they
  // name), asked through WorkerQuery so a stale answer never replaces a newer one.

  info(): Promise<InsightsInfo> {
    return this.api.info();
  }

  async overview(filter: MonthFilter, currency: string | undefined): Promise<OverviewAnswer> {
    const [overview, info] = await Promise.all([this.api.overview(filter, analysisNow(), currency), this.api.info()]);
    return { overview, options: info.options };
  }

  async satisfaction(currency: string | undefined, rows: number): Promise<SatisfactionAnswer> {
    const data = await this.api.satisfactionVsSpend(analysisNow(), currency);
    const customers = await this.customers(data.points.slice(0, rows).map((p) => p.id));
    return { data, customers };
  }

  async correlations(currency: string | undefined): Promise<CorrelationsAnswer> {
    const now = analysisNow();
    const [pearson, spearman] = await Promise.all([
      this.api.correlationMatrix('pearson', now, currency),
      this.api.correlationMatrix('spearman', now, currency),
    ]);
    return { pearson, spearman };
  }

  /** The segments, and the open one's members (only those consenting to `contactableOn` when set). */
  async rfm(
    currency: string | undefined,
    segment: RfmSegmentName | null,
    rows: number,
    contactableOn?: ConsentChannel,
  ): Promise<RfmAnswer> {
    const now = analysisNow();
    const rfm = await this.api.rfm(now, currency);
    if (!segment) return { rfm, members: [], customers: byId([]) };
    const members = await this.api.rfmSegment(segment, now, currency, undefined, contactableOn);
    const docs = await this.customers(members.slice(0, rows).map((m) => m.id));
    return { rfm, members, customers: byId(docs) };
  }

  /** Every member of a segment with their customer records (the CSV export). */
  async segment(
    segment: RfmSegmentName,
    currency: string | undefined,
    contactableOn?: ConsentChannel,
  ): Promise<{ members: Answer<'rfmSegment'>; customers: Map<string, CustomerDoc> }> {
    const members = await this.api.rfmSegment(segment, analysisNow(), currency, undefined, contactableOn);
    const docs = await this.customers(members.map((m) => m.id));
    return { members, customers: byId(docs) };
  }

  /** One page of each risk list (`offsets` per list) with the customers shown. */
  async risks(
    currency: string | undefined,
    limit: number,
    offsets: Partial<Record<RiskKind, number>> = {},
  ): Promise<RisksAnswer> {
    const risks = await this.api.risks(analysisNow(), currency, undefined, limit, offsets);
    const ids = [...risks.churn, ...risks.detractors, ...risks.overdueFollowUps].map((x) => x.customerId);
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local de-duplication, not state
    return { risks, customers: await this.customers([...new Set(ids)]) };
  }

  /** Every entry of one risk list with the customer records (the CSV export). */
  async riskList(
    kind: RiskKind,
    currency: string | undefined,
  ): Promise<{ items: RiskItem<RiskReason>[]; customers: Map<string, CustomerDoc> }> {
    const items = await this.api.riskList(kind, analysisNow(), currency);
    const docs = await this.customers(items.map((x) => x.customerId));
    return { items, customers: byId(docs) };
  }

  async customerInsights(id: string): Promise<CustomerInsightsAnswer> {
    const [data, productNames] = await Promise.all([this.api.customer(id, analysisNow()), this.productNames()]);
    return { data, productNames };
  }

  destroy(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#stop?.();
    this.#stop = null;
  }
}

/** Customers by id: part of an answer, replaced whole when the next answer comes (never mutated). */
function byId(docs: CustomerDoc[]): Map<string, CustomerDoc> {
  return new Map(docs.map((c) => [c.id, c]));
}

const feeds = new WeakMap<FieldbookDatabase, InsightsFeed>();

/** The app's one feed for this database (started on first use). */
export function insightsFeed(db: FieldbookDatabase): InsightsFeed {
  let f = feeds.get(db);
  if (!f) {
    f = new InsightsFeed(db);
    feeds.set(db, f);
  }
  void f.start().catch((err: unknown) => console.error('insights load failed', err));
  return f;
}

/** "now" for the analyses, to the minute: the worker's column cache survives between calls. */
export function analysisNow(): number {
  return Math.floor(Date.now() / 60_000) * 60_000;
}
