// The Today agenda's rules (src/domain/today.ts): what is due, overdue, planned, a call-back, or a
// detractor nobody answered, given the interactions and surveys and "now". Times are local.
import { describe, expect, test } from 'vitest';
import {
  agenda,
  atTimeOfDay,
  dayBounds,
  detractorsWithoutFollowUp,
  isPlanned,
  movedTo,
  plannedFields,
  startOfDayIn,
} from '../../src/domain/today';
import type { Interaction, Survey } from '../../src/domain/types';

const at = (d: number, h = 0, m = 0) => new Date(2026, 2, d, h, m).getTime(); // March 2026, local
const NOW = at(10, 11, 30); // 10 March, 11:30

let seq = 0;
function ia(customerId: string, fields: Partial<Interaction>): Interaction {
  seq++;
  return {
    id: `i${String(seq).padStart(3, '0')}`,
    createdAt: fields.at ?? 0,
    updatedAt: fields.at ?? 0,
    updatedBy: 'rep',
    customerId,
    type: 'visit',
    at: at(1),
    subject: '',
    notes: '',
    outcome: '',
    followUpAt: 0,
    ...fields,
  };
}
function sv(id: string, customerId: string, day: number, score: number): Survey {
  return {
    id,
    createdAt: 0,
    updatedAt: 0,
    updatedBy: 'rep',
    customerId,
    at: at(day, 9),
    score,
    comment: '',
    channel: '',
  };
}
const recentOf = (...all: Interaction[]) => {
  const m = new Map<string, Interaction[]>();
  for (const i of all) m.set(i.customerId, [...(m.get(i.customerId) ?? []), i]);
  return m;
};

describe('day bounds', () => {
  test('today is local midnight to the next local midnight', () => {
    expect(dayBounds(NOW)).toEqual({ start: at(10), end: at(11) });
    expect(startOfDayIn(NOW, 1)).toBe(at(11));
    expect(startOfDayIn(NOW, 7)).toBe(at(17));
  });

  test('a time of day on a day', () => {
    expect(atTimeOfDay(at(12), '09:05')).toBe(at(12, 9, 5));
    expect(atTimeOfDay(at(12), '２３:３０')).toBe(at(12, 23, 30));
    expect(atTimeOfDay(at(12), '24:00')).toBeNull();
    expect(atTimeOfDay(at(12), 'noon')).toBeNull();
  });
});

describe('agenda', () => {
  test('follow-ups due today and overdue, planned visits, call-backs; later ones wait', () => {
    const dueToday = ia('A', { at: at(3, 10), followUpAt: at(10) });
    const overdue = ia('B', { at: at(2, 10), followUpAt: at(5) });
    const callBack = ia('C', { type: 'call', at: at(9, 16), followUpAt: at(10) });
    const oldCallBack = ia('C2', { type: 'call', at: at(1, 16), followUpAt: at(4) });
    const planned = ia('D', plannedFields('D', at(10, 15), 'Demo'));
    const plannedMissed = ia('E', plannedFields('E', at(9, 15), 'Missed'));
    const tomorrow = ia('F', { at: at(9), followUpAt: at(11) });
    const none = ia('G', { at: at(9), followUpAt: 0 });
    const all = [dueToday, overdue, callBack, oldCallBack, planned, plannedMissed, tomorrow, none];
    const items = agenda(all, recentOf(...all), NOW);
    expect(items.map((x) => [x.section, x.interaction.customerId])).toEqual([
      ['planned', 'D'],
      ['callBack', 'C2'],
      ['callBack', 'C'],
      ['overdue', 'B'],
      ['overdue', 'E'], // a planned visit whose day passed without Done
      ['due', 'A'],
    ]);
  });

  test('a later interaction answers a follow-up; a visit still planned does not', () => {
    const asked = ia('A', { at: at(3, 10), followUpAt: at(9) });
    const answered = ia('A', { type: 'call', at: at(8, 12) });
    expect(agenda([asked], recentOf(asked, answered), NOW)).toEqual([]);

    const asked2 = ia('B', { at: at(3, 10), followUpAt: at(9) });
    const plannedLater = ia('B', plannedFields('B', at(20, 9), 'Next visit'));
    expect(agenda([asked2], recentOf(asked2, plannedLater), NOW).map((x) => x.section)).toEqual(['overdue']);
  });

  test('Done clears the follow-up: the item leaves the agenda', () => {
    const asked = ia('A', { at: at(3, 10), followUpAt: at(10) });
    expect(agenda([asked], recentOf(asked), NOW)).toHaveLength(1);
    const cleared = { ...asked, followUpAt: 0 };
    expect(agenda([cleared], recentOf(cleared), NOW)).toEqual([]);
  });
});

describe('snooze and reschedule', () => {
  test('a follow-up moves to the day; a planned visit keeps its time of day', () => {
    const f = ia('A', { at: at(3, 10), followUpAt: at(10) });
    expect(movedTo(f, at(11))).toEqual({ at: f.at, followUpAt: at(11) });
    const p = ia('B', plannedFields('B', at(10, 15, 45), 'Demo'));
    expect(isPlanned(p)).toBe(true);
    expect(movedTo(p, at(17))).toEqual({ at: at(17, 15, 45), followUpAt: at(17, 15, 45) });
    expect(isPlanned({ ...p, ...movedTo(p, at(17)) })).toBe(true);
    // snoozed to tomorrow: not on today's agenda any more
    const moved = { ...f, ...movedTo(f, startOfDayIn(NOW, 1)) };
    expect(agenda([moved], recentOf(moved), NOW)).toEqual([]);
  });
});

describe('detractors without a follow-up', () => {
  test('latest score 0–6 and nothing after it, oldest first', () => {
    const surveys = [
      sv('s1', 'A', 8, 3), // detractor, nothing since → listed
      sv('s2', 'B', 5, 6), // detractor, called afterwards → answered
      sv('s3', 'C', 2, 2), // detractor earlier…
      sv('s4', 'C', 6, 9), // …latest is a promoter → not listed
      sv('s5', 'D', 7, 7), // passive
      sv('s6', 'E', 4, 0), // detractor, a follow-up asked before, due after the survey → answered
      sv('s7', 'F', 3, 5), // detractor, an interaction only before → listed
    ];
    const interactions = recentOf(
      ia('B', { type: 'call', at: at(6, 10) }),
      ia('E', { at: at(1), followUpAt: at(12) }),
      ia('F', { at: at(2) }),
    );
    expect(detractorsWithoutFollowUp(surveys, interactions).map((s) => s.id)).toEqual(['s7', 's1']);
  });
});
