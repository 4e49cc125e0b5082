// Signing in to a CouchDB-compatible server. In the browser the app uses CouchDB's cookie session
// (`POST /_session`): the password is sent once and never stored; the browser keeps an HttpOnly
// `AuthSession` cookie for the server's origin (the app's own origin through the /couch/ proxy).
// Node (tests, benchmark) has no cookie jar, so there the cookie is carried as a header.

/**
 * Why a sign-in did not succeed. `other-origin`: the page's Content-Security-Policy does not let
 * the app contact the server's origin (checked before any request, see origin-policy.ts);
 * `not-couchdb`: the root or `/_session` does not answer as CouchDB does; `missing`: signed in, but
 * a request sync needs (`_changes`, `_all_docs`, `_bulk_get`, `_bulk_docs`) does not answer as
 * CouchDB does (detail names them); `not-set-up`: the Fieldbook databases do not exist there.
 */
import { probeDatabase, type Capabilities } from './capabilities';

export type SignInProblem =
  'unreachable' | 'other-origin' | 'not-couchdb' | 'missing' | 'not-set-up' | 'wrong-password' | 'server-error';

export class SyncAuthError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'SyncAuthError';
  }
}

export interface SessionUser {
  name: string;
  roles: string[];
}

/** How requests authenticate: the browser's cookie, a Cookie header (node), or Basic (tools). */
export type SyncAuth =
  | { kind: 'browser-cookie' }
  | { kind: 'cookie-header'; cookie: string }
  | { kind: 'basic'; name: string; password: string };

export type SyncFetch = (url: string, init?: RequestInit) => Promise<Response>;

function base64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

/** A fetch that authenticates every request as `auth` says. */
export function authFetch(auth: SyncAuth, inner: typeof fetch = globalThis.fetch.bind(globalThis)): SyncFetch {
  return (url, init = {}) => {
    const headers = new Headers(init.headers);
    headers.set('Accept', 'application/json');
    if (auth.kind === 'cookie-header') headers.set('Cookie', auth.cookie);
    if (auth.kind === 'basic') headers.set('Authorization', `Basic ${base64(`${auth.name}:${auth.password}`)}`);
    return inner(url, { ...init, headers, credentials: auth.kind === 'browser-cookie' ? 'include' : 'omit' });
  };
}

export { normalizeServerUrl } from './server-url';

export type SignInResult =
  { ok: true; user: SessionUser; auth: SyncAuth } | { ok: false; problem: SignInProblem; detail: string };

async function json(res: Response): Promise<Record<string, unknown> | null> {
  try {
    const v: unknown = await res.json();
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function userOf(body: Record<string, unknown> | null): SessionUser | null {
  const ctx: unknown = body?.userCtx;
  if (!ctx || typeof ctx !== 'object') return null;
  const { name, roles } = ctx as { name?: unknown; roles?: unknown };
  if (typeof name !== 'string' || !name) return null;
  return { name, roles: Array.isArray(roles) ? roles.filter((r): r is string => typeof r === 'string') : [] };
}

/**
 * Checks the server answers as CouchDB does where sync needs it, then opens a cookie session and
 * checks the requests replication makes on `database` (capabilities.ts). Compatibility is decided
 * by those answers, never by the root greeting's wording: Apache CouchDB says `"couchdb":
 * "Welcome"`, PouchDB Server `"express-pouchdb": "Welcome!"`, others something else.
 * `cookieJar: 'browser'` leaves the cookie to the browser; 'header' returns it for node. Never
 * throws for the expected problems.
 */
export async function signIn(
  serverUrl: string,
  name: string,
  password: string,
  cookieJar: 'browser' | 'header' = 'browser',
  inner: typeof fetch = globalThis.fetch.bind(globalThis),
  database = 'fieldbook-customers',
): Promise<SignInResult> {
  let root: Response;
  try {
    root = await inner(serverUrl, { headers: { Accept: 'application/json' }, credentials: 'include' });
  } catch (err) {
    return { ok: false, problem: 'unreachable', detail: err instanceof Error ? err.message : String(err) };
  }
  // A CouchDB-protocol server answers its root with a JSON object (whatever its greeting); with
  // require_valid_user it may answer 401 there, still with a JSON error body.
  const rootBody = await json(root);
  if (root.status >= 502 && root.status <= 504)
    return { ok: false, problem: 'unreachable', detail: `HTTP ${root.status}` };
  const rootOk = rootBody !== null && (root.ok || (root.status === 401 && 'error' in rootBody));
  if (!rootOk) return { ok: false, problem: 'not-couchdb', detail: `GET / → HTTP ${root.status}, not a JSON object` };
  let res: Response;
  try {
    res = await inner(`${serverUrl}_session`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ name, password }),
      credentials: 'include',
    });
  } catch (err) {
    return { ok: false, problem: 'unreachable', detail: err instanceof Error ? err.message : String(err) };
  }
  const body = await json(res);
  if (body === null || res.status === 404 || res.status === 405)
    return { ok: false, problem: 'not-couchdb', detail: `POST /_session → HTTP ${res.status}` };
  if (res.status === 401 || res.status === 403)
    return {
      ok: false,
      problem: 'wrong-password',
      detail: typeof body?.reason === 'string' ? body.reason : `HTTP ${res.status}`,
    };
  if (!res.ok)
    return {
      ok: false,
      problem: 'server-error',
      detail: `HTTP ${res.status} ${typeof body?.reason === 'string' ? body.reason : ''}`,
    };
  let auth: SyncAuth = { kind: 'browser-cookie' };
  if (cookieJar === 'header') {
    const cookie = /AuthSession=[^;]*/.exec(res.headers.get('set-cookie') ?? '')?.[0];
    auth = cookie ? { kind: 'cookie-header', cookie } : { kind: 'basic', name, password };
  }
  const who = await currentUser(serverUrl, auth, inner);
  if (!who) return { ok: false, problem: 'wrong-password', detail: 'no session after sign-in' };
  let lacking: Capabilities;
  try {
    lacking = await probeDatabase(authFetch(auth, inner), `${serverUrl}${database}/`);
  } catch (err) {
    return { ok: false, problem: 'unreachable', detail: err instanceof Error ? err.message : String(err) };
  }
  if (lacking.kind === 'no-database') return { ok: false, problem: 'not-set-up', detail: database };
  if (lacking.kind === 'missing') return { ok: false, problem: 'missing', detail: lacking.missing.join(', ') };
  return { ok: true, user: who, auth };
}

/** The session's user (`GET /_session` userCtx), or null when not signed in / not reachable. */
export async function currentUser(
  serverUrl: string,
  auth: SyncAuth,
  inner?: typeof fetch,
): Promise<SessionUser | null> {
  try {
    const res = await authFetch(auth, inner)(`${serverUrl}_session`);
    if (!res.ok) return null;
    return userOf(await json(res));
  } catch {
    return null;
  }
}

/** Ends the cookie session (`DELETE /_session`); the browser drops the cookie. */
export async function signOut(serverUrl: string, auth: SyncAuth): Promise<void> {
  await authFetch(auth)(`${serverUrl}_session`, { method: 'DELETE' }).catch(() => undefined);
}
