// Customers at risk, each with a reason object (data, not sentences: the UI words it).
// Pure functions over per-customer measure columns (columns.ts `MeasureColumns`).
//
// - churn: at least `minOrders` (3) orders with a median interval of at least one day (a rhythm:
//   two orders, or several on the same day, say nothing about when the next one is due), and the
//   days since the last order exceed `factor` (2) × that median interval (`hasOrderRhythm`).
// - detractor: the customer's LATEST survey scored ≤ 6 (NPS detractor) and no interaction of any
//   kind happened after that survey.
// - overdue follow-up: the customer's latest interaction asked for a follow-up (followUpAt > 0)
//   that is before `now`. Any later interaction closes an earlier follow-up, so only the latest
//   interaction's follow-up can be open (columns.ts `openFollowUpAt`).
import { npsCategory } from '../../src/domain/activity';
import { isEventCustomer } from '../../src/domain/kiosk';
import type { MeasureColumns } from './columns';
import { churnReason, type ChurnOptions, type ChurnReason } from '../../src/domain/churn';
import { DAY_MS } from '../../src/domain/dates';

// The churn rule is the domain's (also used by the customer export's churn-risk column).
export {
  churnReason,
  hasOrderRhythm,
  MIN_CHURN_INTERVAL_DAYS,
  MIN_CHURN_ORDERS,
  type ChurnOptions,
  type ChurnReason,
} from '../../src/domain/churn';

export interface DetractorReason {
  kind: 'detractor';
  score: number;
  surveyAt: number;
}

export interface FollowUpReason {
  kind: 'followUpOverdue';
  followUpAt: number;
  daysOverdue: number;
}

export interface RiskItem<R> {
  /** row in the measure columns */
  index: number;
  customerId: string;
  reason: R;
}

type ChurnInput = Pick<MeasureColumns, 'ids' | 'orderCount' | 'lastOrderAt' | 'medianOrderIntervalDays'>;

/** Customers at churn risk, highest ratio first (ties by customer id). */
export function churnRisks(cols: ChurnInput, now: number, opts: ChurnOptions = {}): RiskItem<ChurnReason>[] {
  const out: RiskItem<ChurnReason>[] = [];
  for (let i = 0; i < cols.ids.length; i++) {
    const last = cols.lastOrderAt[i] as number;
    const med = cols.medianOrderIntervalDays[i] as number;
    const reason = churnReason(
      cols.orderCount[i] as number,
      Number.isNaN(last) ? null : last,
      Number.isNaN(med) ? null : med,
      now,
      opts,
    );
    if (reason) out.push({ index: i, customerId: cols.ids[i] as string, reason });
  }
  return out.sort((a, b) => b.reason.ratio - a.reason.ratio || cmp(a.customerId, b.customerId));
}

type DetractorInput = Pick<MeasureColumns, 'ids' | 'lastScore' | 'lastSurveyAt' | 'lastInteractionAt'> &
  Partial<Pick<MeasureColumns, 'tags'>>;

/**
 * Latest survey is a detractor (≤ 6) and nothing happened since; oldest survey first. An NPS
 * kiosk event's pseudo-customer is nobody to follow up (its answers are anonymous).
 */
export function detractorsWithoutFollowUp(cols: DetractorInput): RiskItem<DetractorReason>[] {
  const out: RiskItem<DetractorReason>[] = [];
  for (let i = 0; i < cols.ids.length; i++) {
    const score = cols.lastScore[i] as number;
    const at = cols.lastSurveyAt[i] as number;
    if (Number.isNaN(score) || Number.isNaN(at) || npsCategory(score) !== 'detractor') continue;
    if (cols.tags && isEventCustomer({ tags: cols.tags[i] ?? [] })) continue;
    const lastInteraction = cols.lastInteractionAt[i] as number;
    if (!Number.isNaN(lastInteraction) && lastInteraction > at) continue;
    out.push({ index: i, customerId: cols.ids[i] as string, reason: { kind: 'detractor', score, surveyAt: at } });
  }
  return out.sort((a, b) => a.reason.surveyAt - b.reason.surveyAt || cmp(a.customerId, b.customerId));
}

type FollowUpInput = Pick<MeasureColumns, 'ids' | 'openFollowUpAt'>;

/** Open follow-ups due before now; most overdue first. */
export function overdueFollowUps(cols: FollowUpInput, now: number): RiskItem<FollowUpReason>[] {
  const out: RiskItem<FollowUpReason>[] = [];
  for (let i = 0; i < cols.ids.length; i++) {
    const f = cols.openFollowUpAt[i] as number;
    if (Number.isNaN(f) || f <= 0 || f >= now) continue;
    out.push({
      index: i,
      customerId: cols.ids[i] as string,
      reason: { kind: 'followUpOverdue', followUpAt: f, daysOverdue: (now - f) / DAY_MS },
    });
  }
  return out.sort((a, b) => a.reason.followUpAt - b.reason.followUpAt || cmp(a.customerId, b.customerId));
}

export interface Risks {
  churn: RiskItem<ChurnReason>[];
  detractors: RiskItem<DetractorReason>[];
  overdueFollowUps: RiskItem<FollowUpReason>[];
}
export type RiskKind = keyof Risks;
export type RiskReason = ChurnReason | DetractorReason | FollowUpReason;

export function risks(cols: ChurnInput & DetractorInput & FollowUpInput, now: number, opts: ChurnOptions = {}): Risks {
  return {
    churn: churnRisks(cols, now, opts),
    detractors: detractorsWithoutFollowUp(cols),
    overdueFollowUps: overdueFollowUps(cols, now),
  };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
