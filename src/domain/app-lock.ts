// The app lock (encryption at rest) as a pure state machine: when a protected device locks, and
// when a passphrase may be tried. The state layer feeds it events with the time they happened and
// does what the resulting state says (close the database and drop the key when it turns 'locked').
//
// - A device without a passphrase is 'unprotected' and never locks.
// - 'unlocked' locks after `idleMs` without user activity, and when the app comes back (or a tick
//   sees it) after having been hidden for `hiddenMs` or longer. Lock now, and a lock in another
//   tab, lock at once.
// - 'locked' counts wrong passphrases in a row; each makes the next try wait longer (the kiosk's
//   rule, retry-delay.ts, without a lockout: the way out is Forgot passphrase → Wipe this device).
import { retryDelayMs } from './retry-delay';

export interface LockTimes {
  /** lock after this long without activity (ms) */
  idleMs: number;
  /** lock when the app has been hidden at least this long (ms) */
  hiddenMs: number;
}

/** Default idle timeout: 5 minutes. */
export const DEFAULT_IDLE_MS = 5 * 60_000;
/** Default time hidden before locking: 1 minute. */
export const DEFAULT_HIDDEN_MS = 60_000;
/** The idle timeouts Settings offers (ms). */
export const IDLE_CHOICES_MS = [
  30_000,
  60_000,
  2 * 60_000,
  5 * 60_000,
  10 * 60_000,
  15 * 60_000,
  30 * 60_000,
  60 * 60_000,
];
/** The hidden times Settings offers (ms; 0 = as soon as the app is hidden). */
export const HIDDEN_CHOICES_MS = [0, 60_000, 5 * 60_000, 15 * 60_000];

/** Passphrase rules: the shortest accepted, and what counts as strong. */
export const MIN_PASSPHRASE_LENGTH = 10;

export type LockState =
  | { kind: 'unprotected' }
  | { kind: 'locked'; failures: number; retryAt: number }
  | { kind: 'unlocked'; lastActivityAt: number; hiddenSince: number | null };

export type LockEvent =
  | { type: 'protected'; at: number }
  | { type: 'unprotected' }
  | { type: 'unlocked'; at: number }
  | { type: 'unlockFailed'; at: number }
  | { type: 'activity'; at: number }
  | { type: 'hidden'; at: number }
  | { type: 'visible'; at: number }
  | { type: 'tick'; at: number }
  /** Lock now, or a lock from another tab. */
  | { type: 'lock' };

export const lockedState = (failures = 0, retryAt = 0): LockState => ({ kind: 'locked', failures, retryAt });

/** Whether an unlocked app is due to lock at `at`. */
function expired(s: Extract<LockState, { kind: 'unlocked' }>, at: number, times: LockTimes): boolean {
  if (at - s.lastActivityAt >= times.idleMs) return true;
  return s.hiddenSince !== null && at - s.hiddenSince >= times.hiddenMs;
}

export function nextLockState(state: LockState, event: LockEvent, times: LockTimes): LockState {
  if (event.type === 'unprotected') return { kind: 'unprotected' };
  switch (state.kind) {
    case 'unprotected':
      return event.type === 'protected' ? { kind: 'unlocked', lastActivityAt: event.at, hiddenSince: null } : state;
    case 'locked':
      if (event.type === 'unlocked') return { kind: 'unlocked', lastActivityAt: event.at, hiddenSince: null };
      if (event.type === 'unlockFailed') {
        const failures = state.failures + 1;
        return { kind: 'locked', failures, retryAt: event.at + retryDelayMs(failures) };
      }
      return state;
    case 'unlocked':
      switch (event.type) {
        case 'lock':
          return lockedState();
        case 'activity':
          if (expired(state, event.at, times)) return lockedState();
          return state.hiddenSince === null ? { ...state, lastActivityAt: event.at } : state;
        case 'hidden':
          return state.hiddenSince === null ? { ...state, hiddenSince: event.at } : state;
        case 'visible':
          if (expired(state, event.at, times)) return lockedState();
          // Coming back counts as activity.
          return { kind: 'unlocked', lastActivityAt: event.at, hiddenSince: null };
        case 'tick':
          return expired(state, event.at, times) ? lockedState() : state;
        default:
          return state;
      }
  }
}

/** When an unlocked app locks by itself if nothing happens (epoch ms), else null. */
export function lockDueAt(state: LockState, times: LockTimes): number | null {
  if (state.kind !== 'unlocked') return null;
  const idle = state.lastActivityAt + times.idleMs;
  return state.hiddenSince === null ? idle : Math.min(idle, state.hiddenSince + times.hiddenMs);
}

/** How long before a passphrase may be tried at `now` (0 = now). */
export function unlockWaitMs(state: LockState, now: number): number {
  return state.kind === 'locked' ? Math.max(0, state.retryAt - now) : 0;
}

export type PassphraseStrength = 'tooShort' | 'weak' | 'fair' | 'strong';

/**
 * A rough hint, not a gate beyond the minimum length: length and the kinds of characters used
 * (lower, upper, digits, other; any non-ASCII letter counts as "other", so a Chinese phrase is
 * judged by its length too). A sentence of a few words is the advice the UI gives.
 */
export function passphraseStrength(passphrase: string): PassphraseStrength {
  const length = [...passphrase].length;
  if (length < MIN_PASSPHRASE_LENGTH) return 'tooShort';
  const kinds = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((re) => re.test(passphrase)).length;
  const score = length + kinds * 3;
  if (score >= 28) return 'strong';
  if (score >= 19) return 'fair';
  return 'weak';
}
