// Follow-ups and planned visits for the Today agenda: the indexed reads behind it and the three
// small writes it offers (Done, Snooze/Reschedule, Plan). Which items are due is a pure rule
// (src/domain/today.ts); this module only reads candidates and writes.
import { merge, type Observable } from 'rxjs';
import type { MangoQuery } from 'rxdb';
import { newId } from '../../domain/ids';
import type { InteractionFields, InteractionType } from '../../domain/types';
import type { FieldbookDatabase } from '../db/database';
import type { InteractionDoc, SurveyDoc } from '../db/schemas';
import type { WriteMeta } from '../db/write-meta';
import { auditActivity } from './activity';
import { deviceMeta } from './audit';

/** Open follow-ups due before `before` (epoch ms), earliest first: a range of the followUpAt index. */
export function dueFollowUpsQuery(before: number, limit: number): MangoQuery<InteractionDoc> {
  return { selector: { followUpAt: { $gt: 0, $lt: before } }, sort: [{ followUpAt: 'asc' }], limit };
}

/** Surveys answered since `since`, oldest first: a range of the surveys' `at` index. */
export function surveysSinceQuery(since: number, limit: number): MangoQuery<SurveyDoc> {
  return { selector: { at: { $gte: since } }, sort: [{ at: 'asc' }], limit };
}

/** One customer's latest interactions: its range of the [customerId, at] index. */
export function latestInteractionsQuery(customerId: string, limit: number): MangoQuery<InteractionDoc> {
  return { selector: { customerId }, sort: [{ customerId: 'asc' }, { at: 'desc' }], limit };
}

export async function dueFollowUps(db: FieldbookDatabase, before: number, limit: number): Promise<InteractionDoc[]> {
  const docs = await db.interactions.find(dueFollowUpsQuery(before, limit)).exec();
  return docs.map((d) => d.toMutableJSON());
}

export async function surveysSince(db: FieldbookDatabase, since: number, limit: number): Promise<SurveyDoc[]> {
  const docs = await db.surveys.find(surveysSinceQuery(since, limit)).exec();
  return docs.map((d) => d.toMutableJSON());
}

/** Each customer's latest `perCustomer` interactions (one indexed range per customer). */
export async function latestInteractionsOf(
  db: FieldbookDatabase,
  customerIds: readonly string[],
  perCustomer = 10,
): Promise<Map<string, InteractionDoc[]>> {
  const out = new Map<string, InteractionDoc[]>();
  for (const id of new Set(customerIds)) {
    const docs = await db.interactions.find(latestInteractionsQuery(id, perCustomer)).exec();
    out.set(
      id,
      docs.map((d) => d.toMutableJSON()),
    );
  }
  return out;
}

/** Rings whenever an interaction or a survey changes (here, in another tab, or through sync). */
export function agendaChanges$(db: FieldbookDatabase): Observable<unknown> {
  return merge(db.interactions.eventBulks$, db.surveys.eventBulks$);
}

async function patch(
  db: FieldbookDatabase,
  id: string,
  fields: Partial<Pick<InteractionDoc, 'at' | 'followUpAt' | 'outcome'>>,
  meta: WriteMeta,
): Promise<InteractionDoc> {
  const doc = await db.interactions.findOne(id).exec();
  if (!doc) throw new Error(`interaction ${id} not found`);
  const before = doc.toMutableJSON();
  const next = (await doc.incrementalPatch({ ...fields, updatedAt: meta.now, updatedBy: meta.by })).toMutableJSON();
  await auditActivity(db, meta, 'update', 'interactions', before, next);
  return next;
}

export interface DoneInput {
  /** what happened, e.g. "Ordered 20 boxes" */
  outcome: string;
  /** the kind of contact that answered a follow-up (a planned visit keeps its own type) */
  type: InteractionType;
}

/**
 * Done: a planned visit becomes the visit (its outcome, at its planned time or now if earlier);
 * a follow-up gets a new interaction with the outcome, then its follow-up is cleared. The new
 * interaction is written first: if the second write is lost, the later interaction already
 * answers the follow-up (src/domain/today.ts), so nothing stays due twice.
 */
export async function completeFollowUp(
  db: FieldbookDatabase,
  source: InteractionDoc,
  input: DoneInput,
  planned: boolean,
  meta: WriteMeta,
): Promise<{ logged: InteractionDoc }> {
  if (planned) {
    const logged = await patch(
      db,
      source.id,
      { outcome: input.outcome, followUpAt: 0, at: Math.min(source.at, meta.now) },
      meta,
    );
    return { logged };
  }
  const fields: InteractionFields = {
    customerId: source.customerId,
    type: input.type,
    at: meta.now,
    subject: source.subject,
    notes: '',
    outcome: input.outcome,
    followUpAt: 0,
  };
  const logged: InteractionDoc = {
    id: newId(meta.now),
    createdAt: meta.now,
    updatedAt: meta.now,
    updatedBy: meta.by,
    ...fields,
  };
  await db.interactions.insert(logged);
  await auditActivity(db, meta, 'create', 'interactions', null, logged);
  await patch(db, source.id, { followUpAt: 0 }, meta);
  return { logged };
}

/** Snooze / Reschedule: the follow-up (and a planned visit's time) moves; nothing else changes. */
export async function moveFollowUp(
  db: FieldbookDatabase,
  id: string,
  to: { at: number; followUpAt: number },
  meta: WriteMeta,
): Promise<InteractionDoc> {
  return patch(db, id, to, meta);
}

/** Undo of Snooze / Reschedule / a planned visit's Done: the fields as they were. */
export async function restoreFollowUp(db: FieldbookDatabase, before: InteractionDoc, meta: WriteMeta): Promise<void> {
  await patch(db, before.id, { at: before.at, followUpAt: before.followUpAt, outcome: before.outcome }, meta);
}

/** A new interaction from Today: a planned visit, or the answer to a detractor (done or scheduled). */
export async function insertInteraction(
  db: FieldbookDatabase,
  fields: InteractionFields,
  meta: WriteMeta,
): Promise<InteractionDoc> {
  const doc: InteractionDoc = {
    id: newId(meta.now),
    createdAt: meta.now,
    updatedAt: meta.now,
    updatedBy: meta.by,
    ...fields,
  };
  await db.interactions.insert(doc);
  await auditActivity(db, meta, 'create', 'interactions', null, doc);
  return doc;
}

/** Removes an interaction Today wrote a moment ago (Undo of scheduling a detractor's follow-up). */
export async function removeInteraction(db: FieldbookDatabase, id: string, meta = deviceMeta(db)): Promise<void> {
  const doc = await db.interactions.findOne(id).exec();
  if (!doc) return;
  const before = doc.toMutableJSON();
  await doc.remove();
  await auditActivity(db, meta, 'delete', 'interactions', before, null);
}
