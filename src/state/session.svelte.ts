// The app's session with its database: open it (unprotected device), or show the lock screen and
// open it with the passphrase (protected device); lock; turn protection on and off; change the
// passphrase. Root.svelte shows what `view` says: the app, the lock screen or the rewrite progress.
//
// Decisions (docs/ARCHITECTURE.md, "Encryption at rest"):
// - The key record lives outside RxDB (data/crypto/key-store.ts) and is read before anything
//   opens, so a protected device never opens its database before the passphrase is entered, in
//   any tab.
// - Locking (Lock now, idle timeout, hidden for N minutes, another tab's lock) closes the database
//   and then reloads the page: every RxDB instance, worker, cached document and the data key go
//   with the page, and the reloaded page finds the key record and shows the lock screen.
// - Tabs tell each other through a BroadcastChannel: a lock in one tab locks them all; turning
//   protection on or off locks the others first (they would write in the old form meanwhile).
// - When locks happen is the pure state machine in domain/app-lock.ts; wrong passphrases make
//   the next try wait (the kiosk's rule), stored in localStorage so a reload does not skip it.
// - Turning protection on or off rewrites the sealed collections in place (data/crypto/rewrite.ts)
//   with the key record's `pending` marker set first: an interrupted rewrite resumes at the next
//   unlock. A Web Lock keeps two tabs from rewriting at once.
import { tick } from 'svelte';
import { openDatabase, type FieldbookDatabase } from '../data/db/database';
import { onWipe } from '../data/db/wipe';
import { startBackgroundWork, type BackgroundWork } from '../data/derived/background';
import { changeStoredPassphrase, keyStore, type StoredKeyRecord } from '../data/crypto/key-store';
import type { RewriteProgress } from '../data/crypto/rewrite';
import {
  DEFAULT_HIDDEN_MS,
  DEFAULT_IDLE_MS,
  lockedState,
  nextLockState,
  unlockWaitMs,
  type LockEvent,
  type LockState,
  type LockTimes,
} from '../domain/app-lock';
import { nextTask } from '../lib/next-task';
import { keepDrafts } from './drafts';

export type SessionView =
  | { kind: 'starting' }
  | { kind: 'locked' }
  | { kind: 'rewriting'; mode: 'seal' | 'unseal'; progress: RewriteProgress | null }
  | { kind: 'open'; db: FieldbookDatabase }
  /** A rewrite failed: nothing is lost (the marker stays; the next unlock resumes it), the page must reload. */
  | { kind: 'failed'; error: string };

export type UnlockOutcome = 'unlocked' | 'wrong' | 'wait';

const TIMES_KEY = 'fieldbook.lockTimes';
const FAILURES_KEY = 'fieldbook.unlockFailures';
const CHANNEL = 'fieldbook-lock';
const REWRITE_LOCK = 'fieldbook-protection-rewrite';
/** How often an unlocked app checks whether it is due to lock. */
const TICK_MS = 5000;
const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;

// The key derivation, the rewrite and the wipe load when first needed: an unprotected start reads
// only the (absent) key record, and the first visit's JavaScript stays small.
const passphraseKey = () => import('../data/crypto/passphrase-key');

type Message = 'lock';

function readJson<T>(key: string, fallback: T): T {
  try {
    const raw = localStorage.getItem(key);
    return raw ? { ...fallback, ...(JSON.parse(raw) as Partial<T>) } : fallback;
  } catch {
    return fallback;
  }
}

export class Session {
  view = $state<SessionView>({ kind: 'starting' });
  lock = $state<LockState>({ kind: 'unprotected' });
  times = $state<LockTimes>(readJson(TIMES_KEY, { idleMs: DEFAULT_IDLE_MS, hiddenMs: DEFAULT_HIDDEN_MS }));
  /** When the current passphrase was set (epoch ms), 0 when unprotected. */
  protectedSince = $state(0);
  readonly isProtected = $derived(this.lock.kind !== 'unprotected');

  readonly #store = keyStore();
  #key: CryptoKey | null = null;
  #db: FieldbookDatabase | null = null;
  #background: BackgroundWork | null = null;
  /** Unregisters this session's wipe closer (set while the database is open). */
  #offWipe: (() => void) | null = null;
  #channel: BroadcastChannel | null = null;
  #ticker: ReturnType<typeof setInterval> | undefined;
  #lastActivity = 0;

  /** Reads the key record: opens the database when there is none, else shows the lock screen. */
  async begin(): Promise<void> {
    if (typeof BroadcastChannel !== 'undefined') {
      this.#channel = new BroadcastChannel(CHANNEL);
      this.#channel.onmessage = (e: MessageEvent<Message>) => {
        if (e.data !== 'lock') return;
        if (this.lock.kind === 'unlocked') this.#apply({ type: 'lock' }, false);
        // An unprotected tab while another turns protection on: it must not keep the database
        // open (it would write plain fields); the reload finds the key record and locks.
        else if (this.view.kind === 'open') void this.#lockAndReload();
      };
    }
    const record = await this.#store.read();
    if (!record) {
      await this.#open(undefined);
      return;
    }
    this.protectedSince = record.setAt;
    keepDrafts(false);
    const { failures, retryAt } = readJson(FAILURES_KEY, { failures: 0, retryAt: 0 });
    this.lock = lockedState(failures, retryAt);
    this.view = { kind: 'locked' };
  }

  /** The wait before the next passphrase try (ms). */
  waitMs(now = Date.now()): number {
    return unlockWaitMs(this.lock, now);
  }

  /** Unlocks with the passphrase: opens the database (finishing an interrupted rewrite first). */
  async unlock(passphrase: string): Promise<UnlockOutcome> {
    if (this.waitMs() > 0) return 'wait';
    const record = await this.#store.read();
    if (!record) {
      // Another tab turned protection off meanwhile.
      location.reload();
      return 'unlocked';
    }
    const { unlockDataKey, WrongPassphraseError } = await passphraseKey();
    let key: CryptoKey;
    try {
      key = await unlockDataKey(record, passphrase);
    } catch (err) {
      if (!(err instanceof WrongPassphraseError)) throw err;
      this.#apply({ type: 'unlockFailed', at: Date.now() });
      if (this.lock.kind === 'locked')
        localStorage.setItem(
          FAILURES_KEY,
          JSON.stringify({ failures: this.lock.failures, retryAt: this.lock.retryAt }),
        );
      return 'wrong';
    }
    localStorage.removeItem(FAILURES_KEY);
    this.#key = key;
    if (record.pending) await this.#rewrite(record.pending);
    else await this.#open({ key, mode: 'seal' });
    if (record.pending !== 'unseal') this.#apply({ type: 'unlocked', at: Date.now() });
    return 'unlocked';
  }

  /** True when `passphrase` is this device's (the kiosk's lockout restart asks for it). */
  async checkPassphrase(passphrase: string): Promise<boolean> {
    const record = await this.#store.read();
    if (!record) return false;
    const { unlockDataKey, WrongPassphraseError } = await passphraseKey();
    try {
      await unlockDataKey(record, passphrase);
      return true;
    } catch (err) {
      if (err instanceof WrongPassphraseError) return false;
      throw err;
    }
  }

  /** Lock now (this tab and every other). */
  lockNow(): void {
    this.#apply({ type: 'lock' });
  }

  setTimes(times: Partial<LockTimes>): void {
    this.times = { ...this.times, ...times };
    localStorage.setItem(TIMES_KEY, JSON.stringify(this.times));
  }

  /** Protect with a passphrase: a new data key, then every sealed field of the database sealed. */
  async protect(passphrase: string): Promise<void> {
    if (this.isProtected) throw new Error('already protected');
    const { calibrateIterations, createProtection } = await passphraseKey();
    const iterations = await calibrateIterations();
    const { record, dataKey } = await createProtection(passphrase, iterations, Date.now());
    await this.#store.write({ ...record, pending: 'seal' });
    this.protectedSince = record.setAt;
    keepDrafts(false);
    this.#post('lock');
    this.#key = dataKey;
    await this.#rewrite('seal');
    this.#apply({ type: 'protected', at: Date.now() });
  }

  /** Turns protection off after checking the passphrase: every sealed field is stored plain again. */
  async turnOff(passphrase: string): Promise<'done' | 'wrong'> {
    const record = await this.#store.read();
    if (!record) return 'done';
    const { unlockDataKey, WrongPassphraseError } = await passphraseKey();
    try {
      this.#key = await unlockDataKey(record, passphrase);
    } catch (err) {
      if (err instanceof WrongPassphraseError) return 'wrong';
      throw err;
    }
    await this.#store.write({ ...record, pending: 'unseal' });
    this.#post('lock');
    await this.#rewrite('unseal');
    return 'done';
  }

  /** Re-wraps the data key for a new passphrase (one write; nothing re-encrypted). */
  async changePassphrase(oldPassphrase: string, newPassphrase: string): Promise<'done' | 'wrong'> {
    const { calibrateIterations, WrongPassphraseError } = await passphraseKey();
    const iterations = await calibrateIterations();
    try {
      await changeStoredPassphrase(this.#store, oldPassphrase, newPassphrase, iterations, Date.now());
    } catch (err) {
      if (err instanceof WrongPassphraseError) return 'wrong';
      throw err;
    }
    this.protectedSince = (await this.#store.read())?.setAt ?? this.protectedSince;
    return 'done';
  }

  /** Forgot passphrase: everything of the app on this device is removed, then the app starts new. */
  async wipe(): Promise<void> {
    // No 'lock' to the other tabs: wipeDevice tells them itself ('wiping': close everything,
    // 'wiped': reload to the wiped page), so none reopens a database while it is being deleted.
    await this.#close();
    const { wipeDevice } = await import('../data/db/wipe');
    await wipeDevice(); // reloads to a fresh start
  }

  #apply(event: LockEvent, tellOthers = true): void {
    const before = this.lock;
    this.lock = nextLockState(before, event, this.times);
    if (before.kind !== 'unlocked' && this.lock.kind === 'unlocked') this.#watch();
    if (before.kind === 'unlocked' && this.lock.kind === 'locked') {
      if (tellOthers) this.#post('lock');
      void this.#lockAndReload();
    }
  }

  async #lockAndReload(): Promise<void> {
    this.#unwatch();
    this.#key = null;
    await this.#close();
    location.reload();
  }

  #post(message: Message): void {
    this.#channel?.postMessage(message);
  }

  async #open(sealing: { key: CryptoKey; mode: 'seal' } | undefined): Promise<void> {
    const db = await openDatabase(sealing ? { sealing } : {});
    await nextTask();
    // Tag index and measures follow every write (and rebuild in the background after a version
    // change); children or edits arriving later for a merged record go to its survivor.
    this.#background = startBackgroundWork(db);
    await nextTask();
    this.#db = db;
    this.view = { kind: 'open', db };
    // Wipe this device (data/db/wipe.ts) closes all of this first: open connections would block
    // the deletion, and the followers or sync could write data back.
    this.#offWipe?.();
    this.#offWipe = onWipe(() => this.#close());
  }

  /** Unmounts the app (its sync and screens stop), stops the followers and workers, closes the database. */
  async #close(): Promise<void> {
    if (this.view.kind === 'open') {
      this.view = { kind: 'starting' };
      await tick();
    }
    this.#background?.stop();
    this.#background = null;
    // Workers may hold customer data (the dedup worker's live index); they restart on next use.
    // Imported here, not at start-up: the app has loaded the client long before this runs.
    const { terminateAll } = await import('../../workers/client');
    terminateAll();
    const db = this.#db;
    this.#db = null;
    if (db && !db.closed) await db.close();
  }

  /** Rewrites the database for `mode` (resuming is the same), then opens it in its new form. */
  async #rewrite(mode: 'seal' | 'unseal'): Promise<void> {
    const key = this.#key;
    if (!key) throw new Error('no data key');
    await this.#close();
    this.view = { kind: 'rewriting', mode, progress: null };
    const { rewriteSealedCollections } = await import('../data/crypto/rewrite');
    const work = async (): Promise<void> => {
      const current = await this.#store.read();
      if (current?.pending !== mode) return; // another tab finished it
      const db = await openDatabase({ sealing: { key, mode } });
      try {
        await rewriteSealedCollections(db, (progress) => (this.view = { kind: 'rewriting', mode, progress }));
      } finally {
        await db.close();
      }
      if (mode === 'seal') await this.#store.write(withoutPending(current));
      else await this.#store.remove();
    };
    const locks = (globalThis.navigator as Navigator | undefined)?.locks;
    try {
      if (locks) await locks.request(REWRITE_LOCK, work);
      else await work();
    } catch (err) {
      this.view = { kind: 'failed', error: err instanceof Error ? err.message : String(err) };
      throw err;
    }
    if (mode === 'unseal') {
      this.#unwatch();
      this.#key = null;
      this.protectedSince = 0;
      this.lock = { kind: 'unprotected' };
      keepDrafts(true);
      await this.#open(undefined);
    } else {
      await this.#open({ key, mode: 'seal' });
    }
  }

  /** Idle and hidden-time watching while unlocked. */
  #watch(): void {
    this.#unwatch();
    for (const type of ACTIVITY_EVENTS)
      document.addEventListener(type, this.#onActivity, { capture: true, passive: true });
    document.addEventListener('visibilitychange', this.#onVisibility);
    this.#ticker = setInterval(() => this.#apply({ type: 'tick', at: Date.now() }), TICK_MS);
  }

  #unwatch(): void {
    for (const type of ACTIVITY_EVENTS) document.removeEventListener(type, this.#onActivity, { capture: true });
    document.removeEventListener('visibilitychange', this.#onVisibility);
    clearInterval(this.#ticker);
  }

  readonly #onActivity = (): void => {
    const at = Date.now();
    // Input comes in bursts; once a second is plenty for a timeout counted in minutes.
    if (at - this.#lastActivity < 1000) return;
    this.#lastActivity = at;
    this.#apply({ type: 'activity', at });
  };

  readonly #onVisibility = (): void => {
    this.#apply({ type: document.visibilityState === 'hidden' ? 'hidden' : 'visible', at: Date.now() });
  };
}

function withoutPending(record: StoredKeyRecord): StoredKeyRecord {
  const { pending: _pending, ...rest } = record;
  return rest;
}
