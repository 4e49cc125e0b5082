// The sync status the app shows, derived from what the controller knows. Pure.

/** 'other-tab': sync is on, and another tab of this app on this device replicates (leader election). */
export type SyncPhase = 'off' | 'syncing' | 'up-to-date' | 'offline' | 'error' | 'needs-sign-in' | 'other-tab';

export interface SyncStatus {
  phase: SyncPhase;
  /**
   * Local changes not yet on the server: what the stored replication state says was never pushed
   * (counted when sync starts, or at app start while sync is configured but off), plus every
   * local write since, minus what pushes settled.
   */
  pending: number;
  lastSyncAt: number | null;
  /** First sync of this session: documents pulled of the server's total. */
  progress: { pulled: number; total: number } | null;
  /** What went wrong (phase 'error' / 'needs-sign-in'). */
  error: string;
  /** The error is the device's storage being full (the rep can act on it; the raw text says nothing). */
  storageFull: boolean;
}

export const SYNC_OFF: SyncStatus = {
  phase: 'off',
  pending: 0,
  lastSyncAt: null,
  progress: null,
  error: '',
  storageFull: false,
};

/** What the status is derived from. `run` is null while no replication runs. */
export interface SyncFacts {
  /** Why sync stopped for sign-in ('' when it did not). */
  authFailed: string;
  offline: boolean;
  /** The last replication error ('' after a success). */
  error: string;
  /** That error is a full storage (isStorageFull). */
  storageFull: boolean;
  pending: number;
  lastSyncAt: number | null;
  run: {
    otherTab: boolean;
    initialDone: boolean;
    /** Some collection is pulling or pushing right now. */
    active: boolean;
    pulled: number;
    /** The server's document count when sync started. */
    total: number;
  } | null;
}

/** The first that holds wins: a sign-in problem outranks everything, an outage outranks errors. */
export function derivePhase(facts: SyncFacts): SyncPhase {
  const { run } = facts;
  if (facts.authFailed) return 'needs-sign-in';
  if (!run) return 'off';
  if (run.otherTab) return 'other-tab';
  if (facts.offline) return 'offline';
  if (facts.error) return 'error';
  if (!run.initialDone || run.active) return 'syncing';
  return 'up-to-date';
}

export function deriveStatus(facts: SyncFacts): SyncStatus {
  const { run } = facts;
  return {
    phase: derivePhase(facts),
    pending: facts.pending,
    lastSyncAt: facts.lastSyncAt,
    progress: run && !run.initialDone ? { pulled: run.pulled, total: Math.max(run.total, run.pulled) } : null,
    error: facts.authFailed || facts.error,
    storageFull: !facts.authFailed && facts.storageFull && facts.error !== '',
  };
}

/** Equal as the UI sees it: an unchanged status is not emitted again. */
export function sameStatus(a: SyncStatus, b: SyncStatus): boolean {
  return (
    a.phase === b.phase &&
    a.pending === b.pending &&
    a.lastSyncAt === b.lastSyncAt &&
    a.error === b.error &&
    a.storageFull === b.storageFull &&
    a.progress?.pulled === b.progress?.pulled &&
    a.progress?.total === b.progress?.total
  );
}

/** A readable message of a replication error (RxDB wraps the handler's error in `parameters`). */
export function errorMessage(err: unknown): string {
  const params = (err as { parameters?: { errors?: unknown[]; error?: unknown } } | null)?.parameters;
  const inner = params?.errors?.[0] ?? params?.error;
  if (inner && typeof inner === 'object' && 'message' in inner) return String(inner.message);
  return err instanceof Error ? err.message : String(err);
}

/**
 * Whether an error is the browser refusing a write because the origin's storage is full
 * (IndexedDB's QuotaExceededError), however it is wrapped: RxDB puts the storage's error in
 * `parameters.errors` / `parameters.error`, Dexie in `inner`, others in `cause`.
 */
export function isStorageFull(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 4) return false;
  const e = err as { name?: unknown; message?: unknown; inner?: unknown; cause?: unknown; parameters?: unknown };
  if (e.name === 'QuotaExceededError') return true;
  if (typeof e.message === 'string' && /QuotaExceededError/.test(e.message)) return true;
  const params = e.parameters as { errors?: unknown[]; error?: unknown } | undefined;
  const inner = [e.inner, e.cause, params?.error, ...(Array.isArray(params?.errors) ? params.errors : [])];
  return inner.some((x) => isStorageFull(x, depth + 1));
}
