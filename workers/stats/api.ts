// The stats worker's API over one MeasureStore (kept here, not in stats.worker.ts, so it can be
// unit-tested without a Worker). Everything in and out is structured-clone-safe plain data.
import {
  correlationMatrix,
  describeCorrelation,
  pearson,
  spearman,
  type CorrelationMatrix,
  type CorrelationReading,
  type CorrelationResult,
} from './correlation';
import { describe, histogram, type Histogram, type HistogramOptions, type Summary } from './descriptive';
import {
  CORRELATION_MEASURES,
  MeasureStore,
  type Change,
  type CustomerMeasures,
  type CustomerRow,
  type InteractionRow,
  type MeasureColumns,
  type NumericMeasure,
  type OrderColumns,
  type OrderRow,
  type SurveyRow,
} from './measures';
import { customerMask, overview, type Overview, type OverviewFilter, type OverviewOptions } from './overview';
import {
  nextBestAction,
  type NextBestAction,
  type NextBestActionOptions,
  type Recommendation,
  type RecommendOptions,
} from './recommend';
import { rfm, RFM_SEGMENTS, segmentRows, type RfmSegment, type SegmentSummary } from './rfm';
import { risks, type ChurnOptions, type Risks } from './risk';
import { minMaxScale, zScores } from './scaling';

export type StatsChange =
  | ({ collection: 'customers' } & (
      { op: 'add' | 'update' | 'upsert'; doc: CustomerRow } | { op: 'remove'; id: string }
    ))
  | ({ collection: 'orders' } & Change<OrderRow>)
  | ({ collection: 'surveys' } & Change<SurveyRow>)
  | ({ collection: 'interactions' } & Change<InteractionRow>);

export interface LoadInput {
  customers?: readonly CustomerRow[];
  orders?: readonly OrderRow[] | OrderColumns;
  surveys?: readonly SurveyRow[];
  interactions?: readonly InteractionRow[];
}

/** Attribute filter (tag / owner / region) for per-customer analyses; date ranges only apply to the overview. */
export type CustomerFilter = Pick<OverviewFilter, 'tag' | 'ownerId' | 'region'>;

function isOrderColumns(o: readonly OrderRow[] | OrderColumns): o is OrderColumns {
  return !Array.isArray(o);
}

/** Keeps only the rows of the columns where mask[i] = 1. */
function selectRows(cols: MeasureColumns, mask: Uint8Array): MeasureColumns {
  const rows: number[] = [];
  for (let i = 0; i < mask.length; i++) if (mask[i] === 1) rows.push(i);
  if (rows.length === cols.ids.length) return cols;
  const pickF = (a: Float64Array): Float64Array => Float64Array.from(rows, (i) => a[i] as number);
  const pick = <T>(a: readonly T[]): T[] => rows.map((i) => a[i] as T);
  return {
    ids: pick(cols.ids),
    totalSpendMinor: pickF(cols.totalSpendMinor),
    orderCount: pickF(cols.orderCount),
    avgOrderValueMinor: pickF(cols.avgOrderValueMinor),
    recencyDays: pickF(cols.recencyDays),
    lastOrderAt: pickF(cols.lastOrderAt),
    firstOrderAt: pickF(cols.firstOrderAt),
    medianOrderIntervalDays: pickF(cols.medianOrderIntervalDays),
    avgSatisfaction: pickF(cols.avgSatisfaction),
    surveyCount: pickF(cols.surveyCount),
    lastScore: pickF(cols.lastScore),
    lastSurveyAt: pickF(cols.lastSurveyAt),
    visitsLast90d: pickF(cols.visitsLast90d),
    lastInteractionAt: pickF(cols.lastInteractionAt),
    openFollowUpAt: pickF(cols.openFollowUpAt),
    tags: pick(cols.tags),
    ownerId: pick(cols.ownerId),
    region: pick(cols.region),
  };
}

export function createStatsApi(initial: MeasureStore = new MeasureStore()) {
  let store = initial;

  function columns(now: number, filter: CustomerFilter = {}): MeasureColumns {
    const all = store.columns(now);
    if (filter.tag === undefined && filter.ownerId === undefined && filter.region === undefined) return all;
    return selectRows(all, customerMask(all, filter));
  }

  function apply(c: StatsChange): void {
    switch (c.collection) {
      case 'customers':
        if (c.op === 'remove') store.removeCustomer(c.id);
        else store.upsertCustomer(c.doc);
        break;
      case 'orders':
        store.applyOrder(c);
        break;
      case 'surveys':
        store.applySurvey(c);
        break;
      case 'interactions':
        store.applyInteraction(c);
        break;
    }
  }

  return {
    /** Drops everything. */
    reset(): void {
      store = new MeasureStore();
    },

    /** Bulk load (idempotent per id; may be called page by page). Returns the live customer count. */
    load(input: LoadInput): { customers: number; version: number } {
      for (const c of input.customers ?? []) store.upsertCustomer(c);
      if (input.orders) {
        if (isOrderColumns(input.orders)) store.loadOrderColumns(input.orders);
        else for (const o of input.orders) store.upsertOrder(o);
      }
      for (const s of input.surveys ?? []) store.upsertSurvey(s);
      for (const r of input.interactions ?? []) store.upsertInteraction(r);
      return { customers: store.size, version: store.version };
    },

    /** Incremental changes from the change streams (local and pulled), in order. */
    apply(changes: readonly StatsChange[]): { version: number } {
      for (const c of changes) apply(c);
      return { version: store.version };
    },

    merge(loserId: string, survivorId: string): { version: number } {
      store.mergeCustomer(loserId, survivorId);
      return { version: store.version };
    },

    unmerge(loserId: string): { version: number } {
      store.unmergeCustomer(loserId);
      return { version: store.version };
    },

    customerMeasures(customerId: string, now: number): CustomerMeasures | null {
      return store.measures(customerId, now);
    },

    measureColumns(now: number, filter?: CustomerFilter): MeasureColumns {
      return columns(now, filter);
    },

    overview(filter: OverviewFilter, opts: OverviewOptions): Overview {
      return overview(columns(opts.now), store.facts(opts.now), filter, opts);
    },

    describeMeasure(
      measure: NumericMeasure,
      now: number,
      filter?: CustomerFilter,
      hist?: HistogramOptions,
    ): { summary: Summary; histogram: Histogram } {
      const v = columns(now, filter)[measure];
      return { summary: describe(v), histogram: histogram(v, hist) };
    },

    /** Two measures side by side (complete rows only) with Pearson r, Spearman ρ and their readings. */
    correlation(
      x: NumericMeasure,
      y: NumericMeasure,
      now: number,
      filter?: CustomerFilter,
    ): {
      pearson: CorrelationResult;
      spearman: CorrelationResult;
      pearsonReading: CorrelationReading;
      spearmanReading: CorrelationReading;
      ids: string[];
      x: number[];
      y: number[];
    } {
      const cols = columns(now, filter);
      const xs = cols[x];
      const ys = cols[y];
      const p = pearson(xs, ys);
      const s = spearman(xs, ys);
      const ids: string[] = [];
      const px: number[] = [];
      const py: number[] = [];
      for (let i = 0; i < cols.ids.length; i++) {
        const a = xs[i] as number;
        const b = ys[i] as number;
        if (Number.isFinite(a) && Number.isFinite(b)) {
          ids.push(cols.ids[i] as string);
          px.push(a);
          py.push(b);
        }
      }
      return {
        pearson: p,
        spearman: s,
        pearsonReading: describeCorrelation(p.r, p.n),
        spearmanReading: describeCorrelation(s.r, s.n),
        ids,
        x: px,
        y: py,
      };
    },

    correlationMatrix(
      method: 'pearson' | 'spearman',
      now: number,
      filter?: CustomerFilter,
      measures: readonly NumericMeasure[] = CORRELATION_MEASURES,
    ): CorrelationMatrix {
      const cols = columns(now, filter);
      return correlationMatrix(
        measures.map((name) => ({ name, values: cols[name] })),
        method,
      );
    },

    /** Min-max or z-score of one measure per customer (null = missing). */
    standardized(
      measure: NumericMeasure,
      method: 'minMax' | 'z',
      now: number,
      filter?: CustomerFilter,
    ): { ids: string[]; values: (number | null)[] } {
      const cols = columns(now, filter);
      const res = method === 'minMax' ? minMaxScale(cols[measure]) : zScores(cols[measure]);
      return { ids: cols.ids.slice(), values: res.values };
    },

    rfm(
      now: number,
      filter?: CustomerFilter,
    ): { segments: SegmentSummary[]; scored: number; unscored: number; totalRevenueMinor: number } {
      const res = rfm(columns(now, filter));
      return {
        segments: res.segments,
        scored: res.scored,
        unscored: res.unscored,
        totalRevenueMinor: res.totalRevenueMinor,
      };
    },

    /** The customers of one segment with their scores (for the list and the CSV export). */
    rfmSegment(
      segment: RfmSegment,
      now: number,
      filter?: CustomerFilter,
    ): { ids: string[]; r: number[]; f: number[]; m: number[] } {
      const cols = columns(now, filter);
      const res = rfm(cols);
      const rows = segmentRows(res, segment);
      return {
        ids: rows.map((i) => cols.ids[i] as string),
        r: rows.map((i) => res.r[i] as number),
        f: rows.map((i) => res.f[i] as number),
        m: rows.map((i) => res.m[i] as number),
      };
    },

    /** RFM scores of one customer (0s and null segment when not scored). */
    rfmOf(customerId: string, now: number): { r: number; f: number; m: number; segment: RfmSegment | null } {
      const cols = columns(now);
      const res = rfm(cols);
      const i = cols.ids.indexOf(store.resolve(customerId));
      if (i < 0) return { r: 0, f: 0, m: 0, segment: null };
      return {
        r: res.r[i] as number,
        f: res.f[i] as number,
        m: res.m[i] as number,
        segment: RFM_SEGMENTS[res.segment[i] as number] ?? null,
      };
    },

    risks(now: number, filter?: CustomerFilter, opts?: ChurnOptions): Risks {
      return risks(columns(now, filter), now, opts);
    },

    recommendations(customerId: string, opts?: RecommendOptions): Recommendation[] {
      return store.recommend(customerId, opts);
    },

    nextBestAction(customerId: string, now: number, opts?: NextBestActionOptions): NextBestAction {
      const m = store.measures(customerId, now);
      return m ? nextBestAction(m, now, opts) : { kind: 'none' };
    },
  };
}

export type StatsApiImpl = ReturnType<typeof createStatsApi>;
