// The CouchDB requests sync makes, one function each, with their replies checked: the transport
// under pull.ts, push.ts and live-feed.ts. Also the fetch they all go through, which turns network
// failures, 502-504 and 401/403 into the controller's "offline" and "needs sign-in".
import type { Change, CouchDoc } from './mapping';
import { SyncAuthError, type SyncFetch } from './session';

export interface FetchGuard {
  /** Requests without a signal of their own end with this one (a stop). */
  signal: AbortSignal;
  /** The server is unreachable (network failure, or the app's proxy answers 502-504). */
  offline(): void;
  /** The server refused the session (401/403); `reason` as the status shows it. */
  authFailed(reason: string): void;
}

/** `fetch` as sync uses it: failures reported to `guard`, 401/403 thrown as SyncAuthError. */
export function guardedFetch(inner: SyncFetch, guard: FetchGuard): SyncFetch {
  return async (url, init) => {
    let res: Response;
    try {
      res = await inner(url, { ...init, signal: init?.signal ?? guard.signal });
    } catch (err) {
      // Aborted on purpose (stop, or the long-poll's own time limit) is not "offline".
      if (!guard.signal.aborted && !init?.signal?.aborted) guard.offline();
      throw err;
    }
    if (res.status === 401 || res.status === 403) {
      const body = (await res.json().catch(() => ({}))) as { reason?: string };
      guard.authFailed(`HTTP ${res.status}: ${body.reason ?? 'not signed in'}`);
      throw new SyncAuthError(res.status, body.reason ?? 'not signed in');
    }
    if (res.status >= 502 && res.status <= 504) {
      // The app's /couch/ proxy answers 502 while the sync server is down: that is "offline".
      guard.offline();
      throw new Error(`sync server unavailable (HTTP ${res.status})`);
    }
    return res;
  };
}

const postJson = (http: SyncFetch, url: string, body: unknown): Promise<Response> =>
  http(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

/** `GET <db>/`: how many documents, and the sequence the feed is at. */
export async function databaseInfo(
  http: SyncFetch,
  dbUrl: string,
): Promise<{ doc_count?: number; update_seq?: string | number }> {
  return (await (await http(dbUrl)).json()) as { doc_count?: number; update_seq?: string | number };
}

/**
 * How many documents the databases hold together, and each one's update_seq (by name). Best
 * effort: a database that does not answer (offline, not signed in) is left out.
 */
export async function databasesAtStart(
  http: SyncFetch,
  databases: readonly (readonly [name: string, dbUrl: string])[],
): Promise<{ docCount: number; updateSeqs: Map<string, string | number> }> {
  const out = { docCount: 0, updateSeqs: new Map<string, string | number>() };
  await Promise.all(
    databases.map(async ([name, dbUrl]) => {
      try {
        const info = await databaseInfo(http, dbUrl);
        out.docCount += info.doc_count ?? 0;
        if (info.update_seq !== undefined) out.updateSeqs.set(name, info.update_seq);
      } catch {
        // The replication reports the problem.
      }
    }),
  );
  return out;
}

export interface ChangesPage {
  results: Change[];
  last_seq: string | number;
}

/** One page of `_changes` after `since` (with the documents when `withDocs`). */
export async function changesPage(
  http: SyncFetch,
  dbUrl: string,
  since: string | number,
  limit: number,
  withDocs: boolean,
): Promise<ChangesPage> {
  const url = `${dbUrl}_changes?${withDocs ? 'include_docs=true&' : ''}since=${encodeURIComponent(String(since))}&limit=${limit}`;
  const res = await http(url);
  if (res.status === 404) throw new Error(`the server has no database ${dbUrl} (run npm run sync:setup on it)`);
  const body = (await res.json()) as { results?: Change[]; last_seq?: string | number };
  if (!Array.isArray(body.results) || body.last_seq === undefined)
    throw new Error(`not a CouchDB _changes reply from ${dbUrl}`);
  return { results: body.results, last_seq: body.last_seq };
}

export interface LongPollReply {
  results?: unknown[];
  last_seq?: string | number;
}

/**
 * `_changes?feed=longpoll` after `since`; null when `signal` ended it (a server or proxy that
 * ignores `timeout` is cut off by the caller). The reply is checked by the caller.
 */
export async function longPoll(
  http: SyncFetch,
  dbUrl: string,
  since: string,
  timeout: number,
  limit: number,
  signal: AbortSignal,
): Promise<LongPollReply | null> {
  const url = `${dbUrl}_changes?feed=longpoll&since=${encodeURIComponent(since)}&timeout=${timeout}&limit=${limit}`;
  try {
    return (await (await http(url, { signal })).json()) as LongPollReply;
  } catch (err) {
    if (signal.aborted) return null;
    throw err;
  }
}

/**
 * `_bulk_get` of exact revisions (CouchDB 2+, and express-pouchdb); tombstones come back with
 * their fields.
 */
export async function bulkGet(
  http: SyncFetch,
  dbUrl: string,
  wanted: readonly { id: string; rev: string }[],
): Promise<CouchDoc[]> {
  const res = await postJson(http, `${dbUrl}_bulk_get`, { docs: wanted });
  const body = (await res.json()) as {
    results?: { id: string; docs?: ({ ok: CouchDoc } | { error: { error?: string; reason?: string } })[] }[];
  };
  if (!Array.isArray(body.results)) throw new Error(`not a CouchDB _bulk_get reply from ${dbUrl}`);
  const docs: CouchDoc[] = [];
  for (const result of body.results) {
    for (const entry of result.docs ?? []) {
      if ('ok' in entry) docs.push(entry.ok);
      // A revision replaced (and compacted away) since the feed was read: its successor has a
      // later sequence number, so the feed brings it next. Anything else is a real failure.
      else if (entry.error.error !== 'not_found')
        throw new Error(`_bulk_get ${result.id}: ${entry.error.error ?? ''} ${entry.error.reason ?? ''}`);
    }
  }
  return docs;
}

export interface AllDocsRow {
  key: string;
  value?: { rev: string; deleted?: boolean };
  doc?: CouchDoc | null;
}

/** `POST _all_docs` with the documents: current revisions of `ids` (deleted ones without `doc`). */
export async function allDocs(http: SyncFetch, dbUrl: string, ids: readonly string[]): Promise<AllDocsRow[]> {
  const res = await postJson(http, `${dbUrl}_all_docs`, { keys: ids, include_docs: true });
  const body = (await res.json()) as { rows?: AllDocsRow[] };
  if (!Array.isArray(body.rows)) throw new Error(`not a CouchDB _all_docs reply from ${dbUrl}`);
  return body.rows;
}

/** One revision of a document (tombstones included). */
export async function docAtRev(http: SyncFetch, dbUrl: string, id: string, rev: string): Promise<CouchDoc> {
  return (await (await http(`${dbUrl}${encodeURIComponent(id)}?rev=${encodeURIComponent(rev)}`)).json()) as CouchDoc;
}

export interface BulkDocsResult {
  id?: string;
  ok?: boolean;
  rev?: string;
  error?: string;
  reason?: string;
}

/** `POST _bulk_docs`: one result per document (refusals per document, not for the request). */
export async function bulkDocs(http: SyncFetch, dbUrl: string, docs: readonly CouchDoc[]): Promise<BulkDocsResult[]> {
  const res = await postJson(http, `${dbUrl}_bulk_docs`, { docs });
  const results = (await res.json()) as BulkDocsResult[] | { error?: string; reason?: string };
  if (!Array.isArray(results)) throw new Error(`_bulk_docs failed: ${results.error ?? ''} ${results.reason ?? ''}`);
  return results;
}

/** The name the server's session belongs to (`GET /_session` next to `dbUrl`); null when anonymous. */
export async function sessionName(http: SyncFetch, dbUrl: string): Promise<string | null> {
  const session = (await (await http(`${dbUrl.replace(/[^/]+\/$/, '')}_session`)).json()) as {
    userCtx?: { name?: string | null };
  };
  return session.userCtx?.name || null;
}
