// The stats worker's API for the app: Insights over the persisted per-customer summary rows
// (summary.ts). The main thread pages the rows in once (`load`), then forwards each changed row
// (`apply`); every computation reads the cached columns. Structured-clone-safe in and out.
import type { ConsentChannel } from '../../src/domain/consent';
import {
  correlationMatrix,
  describeCorrelation,
  pearson,
  spearman,
  type CorrelationMatrix,
  type CorrelationReading,
  type CorrelationResult,
} from './correlation';
import { STANDARDIZED } from '../../src/domain/measures';
import { CORRELATION_MEASURES, customerMask, type CustomerMeasures, type MeasureColumns } from './columns';
import { nextBestAction, type NextBestAction, type Recommendation } from './recommend';
import { rfm, RFM_SEGMENTS, segmentRows, type RfmResult, type RfmSegment, type SegmentSummary } from './rfm';
import {
  risks,
  type ChurnReason,
  type DetractorReason,
  type FollowUpReason,
  type RiskItem,
  type RiskKind,
  type RiskReason,
} from './risk';
import { minMaxScale, zScores } from './scaling';
import { SummaryStore, type SummaryRow } from './summary';
import type { MonthFilter, SummaryOverview } from './summary-overview';

export type CustomerFilter = Pick<MonthFilter, 'tag' | 'ownerId' | 'region'>;

export interface SegmentMember {
  id: string;
  r: number;
  f: number;
  m: number;
  totalSpendMinor: number;
  orderCount: number;
  recencyDays: number | null;
  avgSatisfaction: number | null;
  /** per STANDARDIZED measure, over the filtered customers; null = missing */
  minMax: (number | null)[];
  z: (number | null)[];
}

export interface ScatterPoint {
  id: string;
  x: number;
  y: number;
}

const fin = (v: number): number | null => (Number.isFinite(v) ? v : null);

export function createInsightsApi() {
  let store = new SummaryStore();
  let rfmCache: { version: number; key: string; res: RfmResult; cols: MeasureColumns } | null = null;

  function cols(
    now: number,
    currency: string,
    filter: CustomerFilter = {},
  ): { cols: MeasureColumns; mask: Uint8Array } {
    const c = store.columns(now, currency);
    return { cols: c, mask: customerMask(c, filter) };
  }

  /** The filtered rows as their own columns (copies) for the pure analyses. */
  function selected(now: number, currency: string, filter: CustomerFilter = {}): MeasureColumns {
    const { cols: c, mask } = cols(now, currency, filter);
    if (filter.tag === undefined && filter.ownerId === undefined && filter.region === undefined) return c;
    const rows: number[] = [];
    for (let i = 0; i < mask.length; i++) if (mask[i] === 1) rows.push(i);
    const pickF = (a: Float64Array): Float64Array => Float64Array.from(rows, (i) => a[i] as number);
    const pick = <T>(a: readonly T[]): T[] => rows.map((i) => a[i] as T);
    return {
      ids: pick(c.ids),
      totalSpendMinor: pickF(c.totalSpendMinor),
      orderCount: pickF(c.orderCount),
      avgOrderValueMinor: pickF(c.avgOrderValueMinor),
      recencyDays: pickF(c.recencyDays),
      lastOrderAt: pickF(c.lastOrderAt),
      firstOrderAt: pickF(c.firstOrderAt),
      medianOrderIntervalDays: pickF(c.medianOrderIntervalDays),
      avgSatisfaction: pickF(c.avgSatisfaction),
      surveyCount: pickF(c.surveyCount),
      lastScore: pickF(c.lastScore),
      lastSurveyAt: pickF(c.lastSurveyAt),
      visitsLast90d: pickF(c.visitsLast90d),
      lastInteractionAt: pickF(c.lastInteractionAt),
      openFollowUpAt: pickF(c.openFollowUpAt),
      tags: pick(c.tags),
      ownerId: pick(c.ownerId),
      region: pick(c.region),
    };
  }

  function rfmOf(now: number, currency: string, filter: CustomerFilter = {}): { res: RfmResult; cols: MeasureColumns } {
    const key = `${now}|${currency}|${filter.tag ?? ''}|${filter.ownerId ?? ''}|${filter.region ?? ''}`;
    if (rfmCache && rfmCache.version === store.version && rfmCache.key === key) return rfmCache;
    const c = selected(now, currency, filter);
    const res = rfm(c);
    rfmCache = { version: store.version, key, res, cols: c };
    return rfmCache;
  }

  return {
    reset(): void {
      store = new SummaryStore();
      rfmCache = null;
    },

    /** Adds a page of rows (idempotent per id). */
    load(rows: readonly SummaryRow[]): { customers: number; version: number } {
      for (const r of rows) store.upsert(r);
      return { customers: store.size, version: store.version };
    },

    /** Changed rows and removed customers, as the measures collection reports them. */
    apply(upserts: readonly SummaryRow[], removed: readonly string[]): { customers: number; version: number } {
      for (const id of removed) store.remove(id);
      for (const r of upserts) store.upsert(r);
      return { customers: store.size, version: store.version };
    },

    info(): {
      customers: number;
      version: number;
      currencies: { currency: string; orders: number; revenueMinor: number }[];
      options: { tags: string[]; owners: string[]; regions: string[] };
    } {
      return {
        customers: store.size,
        version: store.version,
        currencies: store.currencies(),
        options: store.filterOptions(),
      };
    },

    overview(filter: MonthFilter, now: number, currency?: string): SummaryOverview {
      // incremental in the store: after a few changed rows this costs O(changed rows), not O(customers)
      const cur = store.pickCurrency(currency);
      return store.overview(filter, now, cur);
    },

    /**
     * Total spend (x) against average satisfaction (y): r, ρ and readings over every complete pair;
     * at most `maxPoints` points for the plot (evenly spaced over the pairs, deterministic).
     */
    satisfactionVsSpend(
      now: number,
      currency?: string,
      filter?: CustomerFilter,
      maxPoints = 1500,
    ): {
      currency: string;
      pearson: CorrelationResult;
      spearman: CorrelationResult;
      pearsonReading: CorrelationReading;
      spearmanReading: CorrelationReading;
      points: ScatterPoint[];
    } {
      const cur = store.pickCurrency(currency);
      const c = selected(now, cur, filter);
      // Customers without orders have no spend to compare: their spend is missing, not 0.
      const x = Float64Array.from(c.totalSpendMinor, (v, i) => ((c.orderCount[i] as number) > 0 ? v : NaN));
      const y = c.avgSatisfaction;
      const p = pearson(x, y);
      const s = spearman(x, y);
      const complete: number[] = [];
      for (let i = 0; i < x.length; i++) if (Number.isFinite(x[i]) && Number.isFinite(y[i])) complete.push(i);
      const step = Math.max(1, complete.length / maxPoints);
      const points: ScatterPoint[] = [];
      for (let k = 0; Math.floor(k * step) < complete.length; k++) {
        const i = complete[Math.floor(k * step)] as number;
        points.push({ id: c.ids[i] as string, x: x[i] as number, y: y[i] as number });
      }
      return {
        currency: cur,
        pearson: p,
        spearman: s,
        pearsonReading: describeCorrelation(p.r, p.n),
        spearmanReading: describeCorrelation(s.r, s.n),
        points,
      };
    },

    correlationMatrix(
      method: 'pearson' | 'spearman',
      now: number,
      currency?: string,
      filter?: CustomerFilter,
    ): CorrelationMatrix {
      const c = selected(now, store.pickCurrency(currency), filter);
      return correlationMatrix(
        CORRELATION_MEASURES.map((name) => ({ name, values: c[name] })),
        method,
      );
    },

    rfm(
      now: number,
      currency?: string,
      filter?: CustomerFilter,
    ): { currency: string; segments: SegmentSummary[]; scored: number; unscored: number; totalRevenueMinor: number } {
      const cur = store.pickCurrency(currency);
      const { res } = rfmOf(now, cur, filter);
      return {
        currency: cur,
        segments: res.segments,
        scored: res.scored,
        unscored: res.unscored,
        totalRevenueMinor: res.totalRevenueMinor,
      };
    },

    /** A segment's customers with their scores and standardized measures (list and CSV export). */
    rfmSegment(
      segment: RfmSegment,
      now: number,
      currency?: string,
      filter?: CustomerFilter,
      contactableOn?: ConsentChannel,
    ): SegmentMember[] {
      const cur = store.pickCurrency(currency);
      const { res, cols: c } = rfmOf(now, cur, filter);
      const scaled = STANDARDIZED.map((name) => ({ mm: minMaxScale(c[name]).values, z: zScores(c[name]).values }));
      // Consent narrows who is listed (a campaign reaches only those who agreed to the channel);
      // the scores and standardized measures stay those of every customer in view.
      const rows = segmentRows(res, segment).filter(
        (i) => !contactableOn || (store.get(c.ids[i] as string)?.contactable.includes(contactableOn) ?? false),
      );
      return rows.map((i) => ({
        id: c.ids[i] as string,
        r: res.r[i] as number,
        f: res.f[i] as number,
        m: res.m[i] as number,
        totalSpendMinor: c.totalSpendMinor[i] as number,
        orderCount: c.orderCount[i] as number,
        recencyDays: fin(c.recencyDays[i] as number),
        avgSatisfaction: fin(c.avgSatisfaction[i] as number),
        minMax: scaled.map((s) => s.mm[i] ?? null),
        z: scaled.map((s) => s.z[i] ?? null),
      }));
    },

    /**
     * Customers at risk: the count of each list and one page of each (`offsets` per list, `limit`
     * rows from there); every entry is reachable by paging (`offsets`) or by `riskList` (export).
     */
    risks(
      now: number,
      currency?: string,
      filter?: CustomerFilter,
      limit = 100,
      offsets: Partial<Record<RiskKind, number>> = {},
    ): {
      churn: RiskItem<ChurnReason>[];
      detractors: RiskItem<DetractorReason>[];
      overdueFollowUps: RiskItem<FollowUpReason>[];
      counts: Record<RiskKind, number>;
      offsets: Record<RiskKind, number>;
    } {
      const r = risks(selected(now, store.pickCurrency(currency), filter), now);
      const at = (kind: RiskKind): number => Math.max(0, Math.min(offsets[kind] ?? 0, r[kind].length));
      const off = { churn: at('churn'), detractors: at('detractors'), overdueFollowUps: at('overdueFollowUps') };
      return {
        churn: r.churn.slice(off.churn, off.churn + limit),
        detractors: r.detractors.slice(off.detractors, off.detractors + limit),
        overdueFollowUps: r.overdueFollowUps.slice(off.overdueFollowUps, off.overdueFollowUps + limit),
        counts: { churn: r.churn.length, detractors: r.detractors.length, overdueFollowUps: r.overdueFollowUps.length },
        offsets: off,
      };
    },

    /** Every entry of one risk list, in the list's order (the CSV export). */
    riskList(kind: RiskKind, now: number, currency?: string, filter?: CustomerFilter): RiskItem<RiskReason>[] {
      return risks(selected(now, store.pickCurrency(currency), filter), now)[kind];
    },

    /** What the customer screen shows: measures, recommendations, next best action, RFM scores. */
    customer(
      id: string,
      now: number,
      currency?: string,
    ): {
      currency: string;
      measures: CustomerMeasures | null;
      recommendations: Recommendation[];
      next: NextBestAction;
      rfm: { r: number; f: number; m: number; segment: RfmSegment | null };
    } {
      const cur = store.pickCurrency(currency);
      const m = store.measures(id, now, cur);
      const { res, cols: c } = rfmOf(now, cur);
      const i = c.ids.indexOf(id);
      const seg = i < 0 ? undefined : RFM_SEGMENTS[res.segment[i] as number];
      return {
        currency: cur,
        measures: m,
        recommendations: store.recommend(id, { limit: 5 }),
        next: m ? nextBestAction(m, now) : { kind: 'none' },
        rfm:
          i < 0
            ? { r: 0, f: 0, m: 0, segment: null }
            : { r: res.r[i] as number, f: res.f[i] as number, m: res.m[i] as number, segment: seg ?? null },
      };
    },
  };
}

export type InsightsApi = ReturnType<typeof createInsightsApi>;
