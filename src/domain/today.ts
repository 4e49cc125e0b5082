// The Today agenda: which follow-ups, planned visits, call-backs and detractors a rep sees on a
// given day. Pure: the data layer reads the candidates through indexes, these rules decide.
//
// - An interaction's follow-up is open while `followUpAt > 0` and no later interaction of the same
//   customer has happened (a later visit, call … answers it, as in the measures and the Risk view,
//   src/domain/summarize.ts `openFollowUpAt`; a visit still planned answers nothing yet). Done
//   clears it explicitly; Snooze and Reschedule move it.
// - A planned visit is an interaction written ahead of time whose follow-up is its own time
//   (`followUpAt === at`, see `plannedFields`): it is "open" until Done records how it went.
// - Sections: planned visits due today; calls to return (follow-ups asked by a call, due or
//   overdue); other follow-ups overdue (due before today) and due today.
// - A detractor without a follow-up: the customer's latest survey scored 0–6 and no interaction
//   happened after it, nor is a follow-up planned for after it.
import { npsCategory } from './activity';
import type { Interaction, InteractionFields, Survey } from './types';

/** Local midnight of `now`'s day and of the next day: [start, end). */
export function dayBounds(now: number): { start: number; end: number } {
  const d = new Date(now);
  d.setHours(0, 0, 0, 0);
  const start = d.getTime();
  d.setDate(d.getDate() + 1);
  return { start, end: d.getTime() };
}

/** Local midnight `days` days after `now`'s day (1 = tomorrow, 7 = next week). */
export function startOfDayIn(now: number, days: number): number {
  const d = new Date(now);
  d.setHours(0, 0, 0, 0);
  d.setDate(d.getDate() + days);
  return d.getTime();
}

/** 'HH:MM' (24 h) on the day starting at `dayStart` (local) → epoch ms; null if not a time. */
export function atTimeOfDay(dayStart: number, hhmm: string): number | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(hhmm.normalize('NFKC').trim());
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) return null;
  const d = new Date(dayStart);
  d.setHours(Number(m[1]), Number(m[2]), 0, 0);
  return d.getTime();
}

export type SnoozeChoice = 'tomorrow' | 'nextWeek';
export const SNOOZE_DAYS: Record<SnoozeChoice, number> = { tomorrow: 1, nextWeek: 7 };

type Open = Pick<Interaction, 'at' | 'followUpAt'>;

export function isPlanned(i: Open): boolean {
  return i.followUpAt > 0 && i.followUpAt === i.at;
}

/**
 * Where a snoozed or rescheduled item goes: a follow-up to the day (local midnight, as the
 * follow-up date field stores it); a planned visit to that day at its planned time of day.
 */
export function movedTo(i: Open, dayStart: number): { at: number; followUpAt: number } {
  if (!isPlanned(i)) return { at: i.at, followUpAt: dayStart };
  const from = new Date(i.at);
  const to = new Date(dayStart);
  to.setHours(from.getHours(), from.getMinutes(), 0, 0);
  return { at: to.getTime(), followUpAt: to.getTime() };
}

/** The fields of a planned visit (or call) at `at`: open until Done. */
export function plannedFields(
  customerId: string,
  at: number,
  subject: string,
  type: InteractionFields['type'] = 'visit',
): InteractionFields {
  return { customerId, type, at, subject, notes: '', outcome: '', followUpAt: at };
}

export type AgendaSection = 'planned' | 'callBack' | 'overdue' | 'due';
export const AGENDA_SECTIONS: readonly AgendaSection[] = ['planned', 'callBack', 'overdue', 'due'];

export interface AgendaItem {
  section: AgendaSection;
  interaction: Interaction;
}

/** Whether an interaction that has happened by `now` came after `i` (and so answered its follow-up). */
export function answeredLater(i: Pick<Interaction, 'id' | 'at'>, others: readonly Interaction[], now: number): boolean {
  return others.some((j) => j.id !== i.id && j.at > i.at && j.at <= now && !isPlanned(j));
}

/**
 * The open items due by the end of today, sorted by due time within each section (sections in
 * AGENDA_SECTIONS order). `candidates`: interactions with 0 < followUpAt < end of today;
 * `recentOf`: each candidate customer's latest interactions (a later one answers a follow-up).
 */
export function agenda(
  candidates: readonly Interaction[],
  recentOf: ReadonlyMap<string, readonly Interaction[]>,
  now: number,
): AgendaItem[] {
  const { start, end } = dayBounds(now);
  const items: AgendaItem[] = [];
  for (const i of candidates) {
    if (i.followUpAt <= 0 || i.followUpAt >= end) continue;
    if (answeredLater(i, recentOf.get(i.customerId) ?? [], now)) continue;
    let section: AgendaSection;
    if (isPlanned(i) && i.followUpAt >= start) section = 'planned';
    else if (i.type === 'call') section = 'callBack';
    else section = i.followUpAt < start ? 'overdue' : 'due';
    items.push({ section, interaction: i });
  }
  const order = (s: AgendaSection) => AGENDA_SECTIONS.indexOf(s);
  return items.sort(
    (a, b) =>
      order(a.section) - order(b.section) ||
      a.interaction.followUpAt - b.interaction.followUpAt ||
      cmp(a.interaction.id, b.interaction.id),
  );
}

/**
 * Customers whose latest survey among `surveys` is a detractor (0–6) with no interaction after it
 * and no follow-up planned for after it, oldest survey first. `interactionsOf`: each such
 * customer's latest interactions (enough to see the latest one and any open follow-up).
 */
export function detractorsWithoutFollowUp(
  surveys: readonly Survey[],
  interactionsOf: ReadonlyMap<string, readonly Interaction[]>,
): Survey[] {
  const latest = latestSurveys(surveys);
  const out: Survey[] = [];
  for (const s of latest.values()) {
    if (npsCategory(s.score) !== 'detractor') continue;
    const acted = (interactionsOf.get(s.customerId) ?? []).some((i) => i.at > s.at || i.followUpAt >= s.at);
    if (!acted) out.push(s);
  }
  return out.sort((a, b) => a.at - b.at || cmp(a.id, b.id));
}

/** Each customer's latest survey (the later `at`, ties by id). */
export function latestSurveys(surveys: readonly Survey[]): Map<string, Survey> {
  const latest = new Map<string, Survey>();
  for (const s of surveys) {
    const prev = latest.get(s.customerId);
    if (!prev || s.at > prev.at || (s.at === prev.at && s.id > prev.id)) latest.set(s.customerId, s);
  }
  return latest;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
