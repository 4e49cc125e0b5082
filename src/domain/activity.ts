// Interactions (visits, calls, …) and satisfaction surveys: form validation and NPS helpers.
import type { FieldErrors, InteractionFields, InteractionType, SurveyFields, Validated } from './types';
import { INTERACTION_TYPES } from './types';

export const MAX_SUBJECT = 200;
export const MAX_NOTES = 10_000;
export const MAX_OUTCOME = 500;
export const MAX_COMMENT = 2000;
export const MAX_CHANNEL = 50;

export interface InteractionInput {
  type: string;
  subject: string;
  notes: string;
  outcome: string;
  /** YYYY-MM-DD or '' */
  followUpDate: string;
  /** When it happened (back-dating): YYYY-MM-DD and HH:MM; `now` when both are missing. */
  date?: string;
  time?: string;
}

export interface SurveyInput {
  score: string;
  comment: string;
  channel?: string;
}

export interface ActivityOptions {
  customerId: string;
  now: number;
  /** Editing: the entry's own time, kept (a survey's time is not edited). */
  at?: number;
}

function clean(s: string): string {
  return s.normalize('NFC').trim();
}

/** 'YYYY-MM-DD' (full-width digits allowed) → epoch ms of local midnight that day; null if not a real date. */
export function localDateToMs(raw: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw.normalize('NFKC').trim());
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return null;
  const date = new Date(2000, 0, 1);
  date.setFullYear(y, mo - 1, d);
  date.setHours(0, 0, 0, 0);
  if (date.getFullYear() !== y || date.getMonth() !== mo - 1 || date.getDate() !== d) return null;
  return date.getTime();
}

/** Epoch ms → 'YYYY-MM-DD' in local time ('' for 0), e.g. to pre-fill followUpDate. */
export function msToLocalDate(ms: number): string {
  if (!ms) return '';
  const d = new Date(ms);
  const y = String(d.getFullYear()).padStart(4, '0');
  return `${y}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** 'YYYY-MM-DD' + 'HH:MM' (local time) → epoch ms; null when either is not real. An empty time is midnight. */
export function localDateTimeToMs(date: string, time: string): number | null {
  const day = localDateToMs(date);
  if (day === null) return null;
  const t = time.normalize('NFKC').trim();
  if (t === '') return day;
  const m = /^(\d{1,2}):(\d{2})(?::\d{2})?$/.exec(t);
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (h > 23 || min > 59) return null;
  const d = new Date(day);
  d.setHours(h, min, 0, 0);
  return d.getTime();
}

/** Epoch ms → 'HH:MM' in local time. */
export function msToLocalTime(ms: number): string {
  const d = new Date(ms);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

export function isInteractionType(s: string): s is InteractionType {
  return (INTERACTION_TYPES as readonly string[]).includes(s);
}

export function validateInteraction(
  input: InteractionInput,
  opts: ActivityOptions,
): Validated<InteractionFields, keyof InteractionInput> {
  const errors: FieldErrors<keyof InteractionInput> = {};
  const type = input.type.trim().toLowerCase();
  if (!isInteractionType(type)) errors.type = 'error.typeInvalid';

  const subject = clean(input.subject).replace(/\s+/g, ' ');
  if (subject.length > MAX_SUBJECT) errors.subject = 'error.tooLong';
  const notes = clean(input.notes);
  if (notes.length > MAX_NOTES) errors.notes = 'error.tooLong';
  const outcome = clean(input.outcome);
  if (outcome.length > MAX_OUTCOME) errors.outcome = 'error.tooLong';

  let at = opts.now;
  if (input.date !== undefined && input.date.trim() !== '') {
    const ms = localDateTimeToMs(input.date, input.time ?? '');
    if (ms === null) errors.date = 'error.dateInvalid';
    else at = ms;
  }

  let followUpAt = 0;
  if (input.followUpDate.trim() !== '') {
    const ms = localDateToMs(input.followUpDate);
    if (ms === null) errors.followUpDate = 'error.dateInvalid';
    else followUpAt = ms;
  }

  if (Object.keys(errors).length > 0 || !isInteractionType(type)) return { ok: false, errors };
  return {
    ok: true,
    value: { customerId: opts.customerId, type, at, subject, notes, outcome, followUpAt },
  };
}

export function validateSurvey(input: SurveyInput, opts: ActivityOptions): Validated<SurveyFields, keyof SurveyInput> {
  const errors: FieldErrors<keyof SurveyInput> = {};
  const scoreText = input.score.normalize('NFKC').trim();
  const score = /^\d{1,2}$/.test(scoreText) ? Number(scoreText) : NaN;
  if (!(score >= 0 && score <= 10)) errors.score = 'error.scoreInvalid';
  const comment = clean(input.comment);
  if (comment.length > MAX_COMMENT) errors.comment = 'error.tooLong';
  const channel = clean(input.channel ?? '');
  if (channel.length > MAX_CHANNEL) errors.channel = 'error.tooLong';

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: { customerId: opts.customerId, at: opts.at ?? opts.now, score, comment, channel } };
}

export type NpsCategory = 'promoter' | 'passive' | 'detractor';

/** NPS bucket of a 0–10 score: 9–10 promoter, 7–8 passive, 0–6 detractor. */
export function npsCategory(score: number): NpsCategory {
  if (score >= 9) return 'promoter';
  if (score >= 7) return 'passive';
  return 'detractor';
}

/** Net Promoter Score (−100..100, rounded) of a set of scores; null when there are none. */
export function netPromoterScore(scores: readonly number[]): number | null {
  if (scores.length === 0) return null;
  let promoters = 0;
  let detractors = 0;
  for (const s of scores) {
    const c = npsCategory(s);
    if (c === 'promoter') promoters++;
    else if (c === 'detractor') detractors++;
  }
  return Math.round(((promoters - detractors) * 100) / scores.length);
}
