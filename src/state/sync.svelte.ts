// Team sync as the UI sees it: settings (server, user; never the password), the signed-in user and
// role, the live status, and the sign-in / start / stop verbs. Bridges the data layer's
// SyncController status stream to runes. The sync engine (the controller, RxDB's replication
// plugin, the pull and push handlers) loads on first need: when sync is configured on this device
// (at start, to resume or count what waits) or when the user signs in. A device that never synced
// does not download it on a first visit.
import { Subscription } from 'rxjs';
import type { FieldbookDatabase } from '../data/db/database';
import type { SyncController } from '../data/sync/controller';
import { SYNC_OFF, type SyncStatus } from '../data/sync/status';
import type { SignInProblem, SyncAuth } from '../data/sync/session';
import { normalizeServerUrl } from '../data/sync/server-url';
import { openCount$ } from '../data/sync/sync-log-count';
import { policyAllows } from '../data/sync/origin-policy';

const KEY = 'fieldbook.sync';
/** The dev/`npm start` default: the sync server behind the app's own origin (scripts/serve.mjs). */
export const DEFAULT_SERVER_PATH = '/couch/';

export type SyncRole = 'admin' | 'rep' | 'viewer';

/** What is kept in localStorage. No password, no token (the session cookie is HttpOnly). */
interface Saved {
  serverUrl: string;
  username: string;
  roles: string[];
  enabled: boolean;
}

export function roleOf(roles: readonly string[]): SyncRole {
  if (roles.includes('_admin') || roles.includes('fieldbook-admin')) return 'admin';
  if (roles.includes('fieldbook-rep')) return 'rep';
  return 'viewer';
}

function load(): Saved | null {
  try {
    const raw = globalThis.localStorage?.getItem(KEY);
    const v = raw ? (JSON.parse(raw) as Partial<Saved>) : null;
    if (!v || typeof v.serverUrl !== 'string' || typeof v.username !== 'string') return null;
    return {
      serverUrl: v.serverUrl,
      username: v.username,
      roles: Array.isArray(v.roles) ? v.roles.filter((r) => typeof r === 'string') : [],
      enabled: v.enabled === true,
    };
  } catch {
    return null;
  }
}

export type SignInMessage = { problem: SignInProblem | 'url'; detail: string } | null;

export class SyncState {
  status = $state<SyncStatus>(SYNC_OFF);
  serverUrl = $state('');
  username = $state('');
  /** The signed-in user's roles (from the server session; remembered for offline starts). */
  roles = $state<string[]>([]);
  enabled = $state(false);
  busy = $state(false);
  problem = $state<SignInMessage>(null);
  /** Local-only use (never signed in) may write; a signed-in user writes per role. */
  readonly role = $derived<SyncRole | null>(this.username && this.roles.length ? roleOf(this.roles) : null);
  readonly canWrite = $derived(this.role !== 'viewer');
  /** Open changes the server refused (sync log), for the header. */
  refused = $state(0);
  /**
   * The status as the header shows it: a device that was never signed in to a server has nothing
   * "waiting" (its writes are counted in case sync is turned on later, but there is nowhere to
   * send them yet).
   */
  readonly shown = $derived<SyncStatus>(this.username ? this.status : { ...this.status, pending: 0 });

  readonly #db: FieldbookDatabase;
  /** The sync engine, once loaded (see `#engine`). */
  #controller: Promise<SyncController> | null = null;
  #destroyed = false;
  readonly #sub = new Subscription();
  readonly #auth: SyncAuth = { kind: 'browser-cookie' };

  /**
   * Another tab started or stopped sync (it saved the settings): do the same here. Only one tab
   * replicates (leader election), so "Stop sync" in a tab that is not the leader must reach the
   * one that is.
   */
  readonly #onStorage = (e: StorageEvent): void => {
    if (e.key !== KEY) return;
    const saved = load();
    if (!saved) return;
    const was = this.enabled;
    this.serverUrl = saved.serverUrl;
    this.username = saved.username;
    this.roles = saved.roles;
    this.enabled = saved.enabled;
    if (was && !saved.enabled) void this.#engine().then((c) => c.stop().then(() => c.countUnpushed(this.serverUrl)));
    else if (!was && saved.enabled)
      void this.#engine().then((c) => c.start({ serverUrl: saved.serverUrl, auth: this.#auth }));
  };

  constructor(db: FieldbookDatabase) {
    this.#db = db;
    globalThis.addEventListener?.('storage', this.#onStorage);
    this.#sub.add(openCount$(db, 'rejected').subscribe((n) => (this.refused = n)));
    const saved = load();
    this.serverUrl =
      saved?.serverUrl ??
      (globalThis.location ? normalizeServerUrl(DEFAULT_SERVER_PATH, globalThis.location.href) : '');
    if (saved) {
      this.username = saved.username;
      this.roles = saved.roles;
      this.enabled = saved.enabled;
      // Configured but stopped: changes made meanwhile (this session or an earlier one) are still
      // waiting for the server, and the header says how many. (A running sync counts on start.)
      if (!saved.enabled && saved.username) void this.#engine().then((c) => c.countUnpushed(this.serverUrl));
    }
  }

  /** The sync engine: imported and created once, on first need; its status drives `status`. */
  #engine(): Promise<SyncController> {
    this.#controller ??= import('../data/sync/controller').then(({ SyncController }) => {
      const controller = new SyncController(this.#db);
      if (this.#destroyed) void controller.destroy();
      else this.#sub.add(controller.status$.subscribe((s) => (this.status = s)));
      return controller;
    });
    return this.#controller;
  }

  /** Who writes: the signed-in user, else the device's own id. */
  userOr(deviceId: string): string {
    return this.username && this.roles.length ? this.username : deviceId;
  }

  #save(): void {
    const saved: Saved = {
      serverUrl: this.serverUrl,
      username: this.username,
      roles: this.roles,
      enabled: this.enabled,
    };
    globalThis.localStorage?.setItem(KEY, JSON.stringify(saved));
  }

  /** At app start: resume a sync that was on, with the browser's session cookie. */
  async resume(): Promise<void> {
    if (!this.enabled || !this.serverUrl) return;
    const controller = await this.#engine();
    try {
      // Sign-in and the session check load with sync (a device that never synced does not need them).
      const { authFetch } = await import('../data/sync/session');
      const res = await authFetch(this.#auth)(`${this.serverUrl}_session`);
      const body = (await res.json()) as { userCtx?: { name?: string | null; roles?: string[] } };
      const name = body.userCtx?.name;
      if (!name) {
        // The session expired: replication would only be refused. Ask to sign in again.
        await controller.start({ serverUrl: this.serverUrl, auth: this.#auth });
        return;
      }
      this.roles = body.userCtx?.roles ?? this.roles;
      this.#save();
    } catch {
      // Offline: start anyway; replication resumes by itself when the server is reachable.
    }
    await controller.start({ serverUrl: this.serverUrl, auth: this.#auth });
  }

  /** Checks the credentials, opens a session and starts live sync. */
  async signInAndStart(serverUrl: string, username: string, password: string): Promise<boolean> {
    this.problem = null;
    let url: string;
    try {
      url = normalizeServerUrl(serverUrl, globalThis.location?.href);
    } catch {
      this.problem = { problem: 'url', detail: '' };
      return false;
    }
    // A server the page's CSP blocks would fail like a network error: say the real cause instead.
    const policy = globalThis.document
      ?.querySelector<HTMLMetaElement>('meta[http-equiv="Content-Security-Policy"]')
      ?.getAttribute('content');
    if (globalThis.location && !policyAllows(url, globalThis.location.origin, policy)) {
      this.problem = { problem: 'other-origin', detail: /^[a-z]+:\/\/[^/]+/.exec(url)?.[0] ?? url };
      return false;
    }
    this.busy = true;
    try {
      // Loaded while the password is checked.
      const engine = this.#engine();
      const { signIn } = await import('../data/sync/session');
      const result = await signIn(url, username.trim(), password);
      if (!result.ok) {
        this.problem = { problem: result.problem, detail: result.detail };
        return false;
      }
      this.serverUrl = url;
      this.username = result.user.name;
      this.roles = result.user.roles.length ? result.user.roles : ['(none)'];
      this.enabled = true;
      this.#save();
      await (await engine).start({ serverUrl: url, auth: result.auth });
      return true;
    } finally {
      this.busy = false;
    }
  }

  async stop(): Promise<void> {
    this.enabled = false;
    this.#save();
    // Nothing to stop when the engine was never loaded.
    await (await this.#controller)?.stop();
  }

  /** The browser went offline or came back (shows 'offline' at once; syncs now when back). */
  networkChanged(online: boolean): void {
    void this.#controller?.then((c) => c.networkChanged(online));
  }

  destroy(): void {
    globalThis.removeEventListener?.('storage', this.#onStorage);
    this.#destroyed = true;
    this.#sub.unsubscribe();
    void this.#controller?.then((c) => c.destroy());
  }
}
