// The Today agenda, live: open follow-ups, planned visits and calls to return due by the end of
// today, and recent detractors nobody has answered, each with its customer. Reads are indexed
// ranges with limits (src/data/repos/followups.ts); the rules are src/domain/today.ts. Re-reads
// when an interaction or survey changes (here, another tab, sync) and when the day changes.
import { debounceTime, type Subscription } from 'rxjs';
import type { FieldbookDatabase } from '../data/db/database';
import type { CustomerDoc, InteractionDoc, SurveyDoc } from '../data/db/schemas';
import type { WriteMeta } from '../data/db/write-meta';
import { customersByIds } from '../data/repos/customers';
import {
  agendaChanges$,
  completeFollowUp,
  dueFollowUps,
  insertInteraction,
  latestInteractionsOf,
  moveFollowUp,
  removeInteraction,
  restoreFollowUp,
  surveysSince,
  type DoneInput,
} from '../data/repos/followups';
import {
  agenda,
  dayBounds,
  detractorsWithoutFollowUp,
  isPlanned,
  movedTo,
  plannedFields,
  SNOOZE_DAYS,
  startOfDayIn,
  type AgendaSection,
  type SnoozeChoice,
} from '../domain/today';
import { DAY_MS } from '../domain/dates';
import { isEventCustomer } from '../domain/kiosk';

/** At most this many follow-ups are read (earliest due first); `capped` says when there are more. */
export const AGENDA_LIMIT = 300;
/** Detractors of the last 30 days (older ones are on Insights → Risk). */
export const DETRACTOR_DAYS = 30;
const SURVEY_LIMIT = 1000;

export interface AgendaRow {
  section: AgendaSection;
  interaction: InteractionDoc;
  customer: CustomerDoc;
  planned: boolean;
}
export interface DetractorRow {
  survey: SurveyDoc;
  customer: CustomerDoc;
}

export type { AgendaSection, DoneInput, SnoozeChoice };

/** Today's writes from other screens (a customer's "Plan a visit"). */
export class FollowUpWrites {
  constructor(
    private readonly db: FieldbookDatabase,
    private readonly userId: () => string,
  ) {}

  /** Plans a visit with a customer at `at` (it shows on Today on its day until Done). */
  async planVisit(customerId: string, at: number, subject: string): Promise<void> {
    const now = Date.now();
    await insertInteraction(this.db, plannedFields(customerId, at, subject), { now, by: this.userId() });
  }
}

export class TodayState {
  rows = $state.raw<AgendaRow[]>([]);
  detractors = $state.raw<DetractorRow[]>([]);
  /** the read hit AGENDA_LIMIT: more follow-ups are due than shown */
  capped = $state(false);
  loaded = $state(false);
  /** the "now" of the last read (what "overdue" was measured against) */
  now = $state(Date.now());
  #sub: Subscription;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #run = 0;

  constructor(
    private readonly db: FieldbookDatabase,
    private readonly userId: () => string,
  ) {
    this.#sub = agendaChanges$(db)
      .pipe(debounceTime(100))
      .subscribe(() => void this.refresh());
    void this.refresh();
  }

  #meta(): WriteMeta {
    return { now: Date.now(), by: this.userId() };
  }

  /** Reads the agenda again (and schedules the next read for the next local midnight). */
  async refresh(): Promise<void> {
    const run = ++this.#run;
    const now = Date.now();
    const { end } = dayBounds(now);
    const candidates = await dueFollowUps(this.db, end, AGENDA_LIMIT);
    const surveys = await surveysSince(this.db, now - DETRACTOR_DAYS * DAY_MS, SURVEY_LIMIT);
    const recent = await latestInteractionsOf(this.db, [
      ...candidates.map((i) => i.customerId),
      ...surveys.filter((s) => s.score <= 6).map((s) => s.customerId),
    ]);
    const items = agenda(candidates, recent, now);
    const unanswered = detractorsWithoutFollowUp(surveys, recent);
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local lookup, not state
    const customers = new Map(
      (
        await customersByIds(this.db, [
          // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local de-duplication
          ...new Set([...items.map((x) => x.interaction.customerId), ...unanswered.map((s) => s.customerId)]),
        ])
      )
        .filter((c) => !c.mergedInto && !isEventCustomer(c))
        .map((c) => [c.id, c]),
    );
    if (run !== this.#run) return;
    this.rows = items.flatMap((x) => {
      const customer = customers.get(x.interaction.customerId);
      return customer ? [{ ...x, customer, planned: isPlanned(x.interaction) }] : [];
    });
    this.detractors = unanswered.flatMap((survey) => {
      const customer = customers.get(survey.customerId);
      return customer ? [{ survey, customer }] : [];
    });
    this.capped = candidates.length >= AGENDA_LIMIT;
    this.now = now;
    this.loaded = true;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.refresh(), Math.max(1000, end - Date.now() + 1000));
  }

  /** Logs the outcome and clears the follow-up (a planned visit becomes the visit). */
  async done(row: AgendaRow, input: DoneInput): Promise<void> {
    await completeFollowUp(this.db, row.interaction, input, row.planned, this.#meta());
  }

  /** Moves the item to tomorrow or next week; resolves to the new due time. */
  async snooze(row: AgendaRow, choice: SnoozeChoice): Promise<number> {
    const to = movedTo(row.interaction, startOfDayIn(Date.now(), SNOOZE_DAYS[choice]));
    await moveFollowUp(this.db, row.interaction.id, to, this.#meta());
    return to.followUpAt;
  }

  /** Moves the item to a chosen day (local midnight `dayStart`; a planned visit keeps its time of day). */
  async reschedule(row: AgendaRow, dayStart: number): Promise<number> {
    const to = movedTo(row.interaction, dayStart);
    await moveFollowUp(this.db, row.interaction.id, to, this.#meta());
    return to.followUpAt;
  }

  /** Puts a snoozed or rescheduled item back where it was. */
  undoMove(before: InteractionDoc): Promise<void> {
    return restoreFollowUp(this.db, before, this.#meta());
  }

  /** A detractor answered now: the contact is logged with its outcome. */
  async doneDetractor(row: DetractorRow, input: DoneInput, subject: string): Promise<void> {
    const meta = this.#meta();
    await insertInteraction(
      this.db,
      {
        customerId: row.customer.id,
        type: input.type,
        at: meta.now,
        subject,
        notes: '',
        outcome: input.outcome,
        followUpAt: 0,
      },
      meta,
    );
  }

  /** A detractor to answer later: a follow-up on that day (it shows on Today then). */
  async scheduleDetractor(row: DetractorRow, dayStart: number, subject: string): Promise<InteractionDoc> {
    const meta = this.#meta();
    return insertInteraction(
      this.db,
      {
        customerId: row.customer.id,
        type: 'note',
        at: meta.now,
        subject,
        notes: '',
        outcome: '',
        followUpAt: dayStart,
      },
      meta,
    );
  }

  /** Undo of scheduling a detractor's follow-up. */
  unschedule(doc: InteractionDoc): Promise<void> {
    return removeInteraction(this.db, doc.id, this.#meta());
  }

  destroy(): void {
    this.#run++;
    clearTimeout(this.#timer);
    this.#sub.unsubscribe();
  }
}
