// The app lock's state machine: when a protected app locks by itself, what Lock now and another
// tab's lock do, and how wrong passphrases make the next try wait.
import { describe, expect, test } from 'vitest';
import {
  lockDueAt,
  lockedState,
  nextLockState,
  passphraseStrength,
  unlockWaitMs,
  type LockEvent,
  type LockState,
} from '../../src/domain/app-lock';
import { retryDelayMs } from '../../src/domain/retry-delay';

const TIMES = { idleMs: 5 * 60_000, hiddenMs: 60_000 };
const run = (start: LockState, events: LockEvent[]): LockState =>
  events.reduce((s, e) => nextLockState(s, e, TIMES), start);
const unlockedAt = (at: number): LockState => ({ kind: 'unlocked', lastActivityAt: at, hiddenSince: null });

describe('app lock', () => {
  test('an unprotected device never locks, whatever happens', () => {
    const s = run({ kind: 'unprotected' }, [
      { type: 'tick', at: 10 * 60 * 60_000 },
      { type: 'hidden', at: 0 },
      { type: 'visible', at: 99 * 60_000 },
      { type: 'lock' },
    ]);
    expect(s).toEqual({ kind: 'unprotected' });
  });

  test('turning protection on leaves the app unlocked; off unprotects from any state', () => {
    expect(run({ kind: 'unprotected' }, [{ type: 'protected', at: 5 }])).toEqual(unlockedAt(5));
    expect(run(lockedState(3, 99), [{ type: 'unprotected' }])).toEqual({ kind: 'unprotected' });
  });

  test('locks after the idle timeout, and activity pushes the timeout back', () => {
    const start = unlockedAt(0);
    expect(run(start, [{ type: 'tick', at: TIMES.idleMs - 1 }]).kind).toBe('unlocked');
    expect(run(start, [{ type: 'tick', at: TIMES.idleMs }])).toEqual(lockedState());
    const active = run(start, [
      { type: 'activity', at: 4 * 60_000 },
      { type: 'tick', at: 6 * 60_000 },
    ]);
    expect(active.kind).toBe('unlocked');
    expect(lockDueAt(active, TIMES)).toBe(4 * 60_000 + TIMES.idleMs);
  });

  test('activity after the timeout has passed (a sleeping timer) locks instead of resetting', () => {
    expect(run(unlockedAt(0), [{ type: 'activity', at: TIMES.idleMs + 1 }])).toEqual(lockedState());
  });

  test('hidden for N minutes locks on return; a shorter absence does not and counts as activity', () => {
    const away = (back: number) =>
      run(unlockedAt(0), [
        { type: 'hidden', at: 1000 },
        { type: 'visible', at: back },
      ]);
    expect(away(1000 + TIMES.hiddenMs)).toEqual(lockedState());
    expect(away(1000 + TIMES.hiddenMs - 1)).toEqual(unlockedAt(1000 + TIMES.hiddenMs - 1));
    // A tick while hidden locks too (the timer fires while the page is in the background).
    expect(
      run(unlockedAt(0), [
        { type: 'hidden', at: 1000 },
        { type: 'tick', at: 1000 + TIMES.hiddenMs },
      ]),
    ).toEqual(lockedState());
    // Input events while hidden do not count as activity.
    const hidden = run(unlockedAt(0), [
      { type: 'hidden', at: 1000 },
      { type: 'activity', at: 2000 },
    ]);
    expect(hidden).toEqual({ kind: 'unlocked', lastActivityAt: 0, hiddenSince: 1000 });
    expect(lockDueAt(hidden, TIMES)).toBe(1000 + TIMES.hiddenMs);
  });

  test('Lock now and a lock from another tab lock at once', () => {
    expect(run(unlockedAt(0), [{ type: 'lock' }])).toEqual(lockedState());
  });

  test('wrong passphrases make the next try wait longer each time (the kiosk rule, no lockout)', () => {
    let s = lockedState();
    const waits: number[] = [];
    let at = 0;
    for (let i = 0; i < 12; i++) {
      s = nextLockState(s, { type: 'unlockFailed', at }, TIMES);
      waits.push(unlockWaitMs(s, at));
      at += unlockWaitMs(s, at);
      expect(unlockWaitMs(s, at)).toBe(0);
    }
    expect(waits.slice(0, 4)).toEqual([1000, 2000, 4000, 8000]);
    expect(waits.every((w, i) => w === retryDelayMs(i + 1) && Number.isFinite(w))).toBe(true);
    expect(s).toMatchObject({ kind: 'locked', failures: 12 });
    // The right passphrase opens; the count starts again at the next lock.
    const open = nextLockState(s, { type: 'unlocked', at }, TIMES);
    expect(open).toEqual(unlockedAt(at));
    expect(nextLockState(open, { type: 'lock' }, TIMES)).toEqual(lockedState());
  });

  test('a locked app ignores activity, ticks and visibility', () => {
    const s = lockedState(2, 5000);
    expect(
      run(s, [
        { type: 'activity', at: 1 },
        { type: 'tick', at: 2 },
        { type: 'visible', at: 3 },
      ]),
    ).toBe(s);
  });
});

describe('passphrase strength hint', () => {
  test('too short below the minimum; longer and more varied is stronger', () => {
    expect(passphraseStrength('short1!')).toBe('tooShort');
    expect(passphraseStrength('abcdefghij')).toBe('weak');
    expect(passphraseStrength('Abcdefghij12')).toBe('fair');
    expect(passphraseStrength('Tractor blue on Tuesdays 7')).toBe('strong');
    expect(passphraseStrength('我们的拖拉机是蓝色的每个星期二都开')).toBe('fair');
  });
});
