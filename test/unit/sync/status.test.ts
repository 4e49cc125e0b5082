// The status the app shows, derived from what the controller knows.
import { describe, expect, it } from 'vitest';
import {
  derivePhase,
  deriveStatus,
  errorMessage,
  sameStatus,
  SYNC_OFF,
  type SyncFacts,
} from '../../../src/data/sync/status';

const running: NonNullable<SyncFacts['run']> = {
  otherTab: false,
  initialDone: true,
  active: false,
  pulled: 0,
  total: 0,
};
const facts = (over: Partial<SyncFacts> = {}, run: Partial<typeof running> | null = {}): SyncFacts => ({
  authFailed: '',
  offline: false,
  error: '',
  storageFull: false,
  pending: 0,
  lastSyncAt: null,
  run: run && { ...running, ...run },
  ...over,
});

describe('derivePhase', () => {
  it('off without a run, up to date when the first sync is done and nothing moves', () => {
    expect(derivePhase(facts({}, null))).toBe('off');
    expect(derivePhase(facts())).toBe('up-to-date');
  });

  it('syncing during the first sync and while a collection is busy', () => {
    expect(derivePhase(facts({}, { initialDone: false }))).toBe('syncing');
    expect(derivePhase(facts({}, { active: true }))).toBe('syncing');
  });

  it('a sign-in problem outranks everything, even a stopped run', () => {
    expect(derivePhase(facts({ authFailed: 'HTTP 401: x', offline: true, error: 'e' }, null))).toBe('needs-sign-in');
  });

  it('another tab outranks offline, offline outranks an error, an error outranks syncing', () => {
    expect(derivePhase(facts({ offline: true, error: 'e' }, { otherTab: true }))).toBe('other-tab');
    expect(derivePhase(facts({ offline: true, error: 'e' }, { active: true }))).toBe('offline');
    expect(derivePhase(facts({ error: 'e' }, { active: true }))).toBe('error');
  });

  it('a typical session: start, first sync, up to date, network lost, back', () => {
    const seen = [
      facts({}, null),
      facts({}, { initialDone: false, active: true }),
      facts({ offline: true }, { initialDone: false }),
      facts({}, { initialDone: true, active: true }),
      facts(),
    ].map(derivePhase);
    expect(seen).toEqual(['off', 'syncing', 'offline', 'syncing', 'up-to-date']);
  });
});

describe('deriveStatus', () => {
  it('shows first-sync progress, never more pulled than the total', () => {
    expect(deriveStatus(facts({}, { initialDone: false, pulled: 30, total: 100 })).progress).toEqual({
      pulled: 30,
      total: 100,
    });
    expect(deriveStatus(facts({}, { initialDone: false, pulled: 130, total: 100 })).progress).toEqual({
      pulled: 130,
      total: 130,
    });
    expect(deriveStatus(facts({}, { pulled: 30, total: 100 })).progress).toBeNull();
  });

  it('carries the changes waiting and the last sync also while off; the sign-in reason is the error', () => {
    expect(deriveStatus(facts({ pending: 3, lastSyncAt: 7 }, null))).toEqual({
      ...SYNC_OFF,
      pending: 3,
      lastSyncAt: 7,
    });
    expect(deriveStatus(facts({ authFailed: 'HTTP 401: expired', error: 'other' })).error).toBe('HTTP 401: expired');
  });
});

describe('sameStatus', () => {
  it('compares what the UI shows, progress by value', () => {
    const a = deriveStatus(facts({}, { initialDone: false, pulled: 1, total: 2 }));
    expect(sameStatus(a, { ...a, progress: { pulled: 1, total: 2 } })).toBe(true);
    expect(sameStatus(a, { ...a, progress: { pulled: 2, total: 2 } })).toBe(false);
    expect(sameStatus(a, { ...a, pending: 1 })).toBe(false);
    expect(sameStatus(SYNC_OFF, { ...SYNC_OFF })).toBe(true);
  });
});

describe('errorMessage', () => {
  it("unwraps RxDB's replication error to the handler's message", () => {
    const rx = Object.assign(new Error('RC_PULL'), { parameters: { errors: [new Error('not a CouchDB reply')] } });
    expect(errorMessage(rx)).toBe('not a CouchDB reply');
    expect(errorMessage(Object.assign(new Error('RC_PUSH'), { parameters: { error: new Error('inner') } }))).toBe(
      'inner',
    );
    expect(errorMessage(new Error('plain'))).toBe('plain');
    expect(errorMessage('text')).toBe('text');
  });
});

describe('storageFull in the status', () => {
  it('says so only while the error stands and sign-in is not the problem', () => {
    expect(deriveStatus(facts({ error: 'QuotaExceededError', storageFull: true })).storageFull).toBe(true);
    expect(deriveStatus(facts({ error: '', storageFull: true })).storageFull).toBe(false);
    expect(deriveStatus(facts({ error: 'x', authFailed: 'expired', storageFull: true })).storageFull).toBe(false);
  });
});
