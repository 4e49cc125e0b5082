// The stats worker's contract: every type the app (src/state, src/features) and its tests or
// benchmarks may know about the Insights statistics. Outside workers/stats only this file and
// workers/client.ts are imported; the modules behind it can be reorganised freely. Types only:
// nothing here exists at run time (a constant the screens need belongs in src/domain, e.g.
// STANDARDIZED in src/domain/measures.ts, or in a result).

/** The worker's comlink API (`typeof api` of stats.worker.ts); the app holds it as `Remote<StatsApi>`. */
export type { StatsApi } from './stats.worker';

// Inputs
export type { SummaryRow } from './summary';
export type { MonthFilter } from './summary-overview';
export type { CustomerFilter } from './insights-api';
export type { NumericMeasure } from './columns';

// Results
export type { SummaryOverview, MonthRevenue, Nps } from './summary-overview';
export type { SegmentMember, ScatterPoint } from './insights-api';
export type { CustomerMeasures } from './columns';
export type {
  CorrelationDirection,
  CorrelationMatrix,
  CorrelationReading,
  CorrelationResult,
  CorrelationStrength,
} from './correlation';
export type { RfmResult, RfmSegment, SegmentSummary } from './rfm';
export type { ChurnReason, DetractorReason, FollowUpReason, RiskItem, RiskKind, RiskReason, Risks } from './risk';
export type { NextBestAction, Recommendation, RecommendationReason } from './recommend';
