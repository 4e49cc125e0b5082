// Today's reads and writes on a real database: the due follow-ups come from the followUpAt index,
// recent surveys from the surveys' `at` index; Done logs the outcome and clears the follow-up,
// Snooze moves it; the pure rules (src/domain/today.ts) then decide what is on the agenda.
import { describe, expect, test } from 'vitest';
import { addInteraction, addSurvey } from '../../src/data/repos/activity';
import {
  completeFollowUp,
  dueFollowUps,
  dueFollowUpsQuery,
  latestInteractionsOf,
  latestInteractionsQuery,
  moveFollowUp,
  surveysSince,
  surveysSinceQuery,
} from '../../src/data/repos/followups';
import { agenda, dayBounds, detractorsWithoutFollowUp, movedTo, startOfDayIn } from '../../src/domain/today';
import { interactionFields, meta, surveyFields, T0 } from '../factories/customer';
import { openTestDb } from './setup';

const DAY = 86_400_000;
const NOW = T0 + 10 * DAY;
const { end } = dayBounds(NOW);

async function agendaNow(db: Awaited<ReturnType<typeof openTestDb>>) {
  const candidates = await dueFollowUps(db, end, 100);
  const recent = await latestInteractionsOf(
    db,
    candidates.map((c) => c.customerId),
  );
  return agenda(candidates, recent, NOW);
}

describe('Today on a database', () => {
  test('every read is an indexed range', async () => {
    const db = await openTestDb(undefined, { only: ['interactions', 'surveys'] });
    const plans = [
      [db.interactions.find(dueFollowUpsQuery(end, 100)).getPreparedQuery().queryPlan, 'followUpAt'],
      [db.surveys.find(surveysSinceQuery(NOW - 30 * DAY, 100)).getPreparedQuery().queryPlan, 'at'],
      [db.interactions.find(latestInteractionsQuery('c1', 10)).getPreparedQuery().queryPlan, 'customerId'],
    ] as const;
    for (const [plan, field] of plans) {
      expect(plan.index).toContain(field);
      expect(plan.selectorSatisfiedByIndex).toBe(true);
    }
    // [_deleted, <field>, id]: the field itself, not a compound index that merely contains it
    expect(plans[0][0].index[1]).toBe('followUpAt');
    expect(plans[1][0].index[1]).toBe('at');
    expect(plans[0][0].sortSatisfiedByIndex).toBe(true);
    expect(plans[1][0].sortSatisfiedByIndex).toBe(true);
  });

  test('due follow-ups: only those up to the end of today, earliest first', async () => {
    const db = await openTestDb(undefined, { only: ['interactions', 'surveys'] });
    const m = meta(0);
    await addInteraction(db, interactionFields('a', { followUpAt: NOW - 3 * DAY }), m);
    await addInteraction(db, interactionFields('b', { followUpAt: dayBounds(NOW).start }), m);
    await addInteraction(db, interactionFields('c', { followUpAt: end }), m); // tomorrow
    await addInteraction(db, interactionFields('d', { followUpAt: 0 }), m);
    const due = await dueFollowUps(db, end, 100);
    expect(due.map((i) => i.customerId)).toEqual(['a', 'b']);
  });

  test('Done logs the outcome as a new interaction and the follow-up leaves the agenda', async () => {
    const db = await openTestDb(undefined, { only: ['interactions', 'surveys'] });
    const asked = await addInteraction(
      db,
      interactionFields('a', {
        type: 'visit',
        at: NOW - 5 * DAY,
        followUpAt: dayBounds(NOW).start,
        subject: 'Samples',
      }),
      meta(0),
    );
    expect((await agendaNow(db)).map((x) => x.interaction.id)).toEqual([asked.id]);

    const { logged } = await completeFollowUp(db, asked, { outcome: 'Ordered 20 boxes', type: 'call' }, false, {
      now: NOW,
      by: 'rep-2',
    });
    expect(await agendaNow(db)).toEqual([]);
    const history = (await latestInteractionsOf(db, ['a'])).get('a') ?? [];
    expect(history.map((i) => [i.type, i.outcome, i.followUpAt])).toEqual([
      ['call', 'Ordered 20 boxes', 0],
      ['visit', '', 0],
    ]);
    expect(logged).toMatchObject({ at: NOW, subject: 'Samples', updatedBy: 'rep-2' });
  });

  test('a planned visit becomes the visit on Done', async () => {
    const db = await openTestDb(undefined, { only: ['interactions', 'surveys'] });
    const plannedAt = dayBounds(NOW).start + 15 * 3_600_000;
    const plan = await addInteraction(
      db,
      interactionFields('p', { type: 'visit', at: plannedAt, followUpAt: plannedAt, subject: 'Demo' }),
      meta(0),
    );
    expect((await agendaNow(db)).map((x) => x.section)).toEqual(['planned']);
    await completeFollowUp(db, plan, { outcome: 'Went well', type: 'visit' }, true, { now: NOW, by: 'rep' });
    const [visit] = (await latestInteractionsOf(db, ['p'])).get('p') ?? [];
    expect(visit).toMatchObject({ id: plan.id, outcome: 'Went well', followUpAt: 0, at: Math.min(plannedAt, NOW) });
    expect(await agendaNow(db)).toEqual([]);
  });

  test('Snooze to tomorrow moves the follow-up off today', async () => {
    const db = await openTestDb(undefined, { only: ['interactions', 'surveys'] });
    const asked = await addInteraction(db, interactionFields('a', { followUpAt: NOW - DAY }), meta(0));
    await moveFollowUp(db, asked.id, movedTo(asked, startOfDayIn(NOW, 1)), { now: NOW, by: 'rep' });
    expect(await agendaNow(db)).toEqual([]);
    expect((await dueFollowUps(db, end + DAY, 10)).map((i) => i.followUpAt)).toEqual([end]);
  });

  test('recent detractors without a later interaction', async () => {
    const db = await openTestDb(undefined, { only: ['interactions', 'surveys'] });
    await addSurvey(db, surveyFields('old', { at: NOW - 60 * DAY, score: 2 }), meta(0)); // outside the window
    await addSurvey(db, surveyFields('x', { at: NOW - 5 * DAY, score: 4 }), meta(0));
    await addSurvey(db, surveyFields('y', { at: NOW - 4 * DAY, score: 3 }), meta(0));
    await addSurvey(db, surveyFields('z', { at: NOW - 3 * DAY, score: 10 }), meta(0));
    await addInteraction(db, interactionFields('y', { at: NOW - 2 * DAY }), meta(0));
    const surveys = await surveysSince(db, NOW - 30 * DAY, 100);
    const recent = await latestInteractionsOf(
      db,
      surveys.map((s) => s.customerId),
    );
    expect(detractorsWithoutFollowUp(surveys, recent).map((s) => s.customerId)).toEqual(['x']);
  });
});
