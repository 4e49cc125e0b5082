// What sync needs from a server, checked by asking for it: the requests replication makes, each
// with an empty question, on one of the team's databases once signed in. Apache CouchDB 3.x,
// PouchDB Server and the project's own server all answer them; a server that greets like CouchDB
// but lacks one of them would otherwise fail later, in the middle of a first sync.

/** `fetch` as sync makes it (session.ts's SyncFetch; declared here so neither imports the other). */
type SyncFetch = (url: string, init?: RequestInit) => Promise<Response>;

export type Capabilities = { kind: 'ok' } | { kind: 'no-database' } | { kind: 'missing'; missing: string[] };

interface Probe {
  /** How the detail names it. */
  name: string;
  request(http: SyncFetch, dbUrl: string): Promise<Response>;
  /** Does the reply's body look like CouchDB's answer to that request? */
  answers(body: unknown): boolean;
}

const PROBE_TIMEOUT = 15_000;
/** A document id no team has: asked for, never written. */
const PROBE_ID = 'fieldbook-capability-probe';
const post = (http: SyncFetch, url: string, body: unknown) =>
  http(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** The requests of couch-http.ts, in the order a first sync makes them. */
export const PROBES: readonly Probe[] = [
  {
    name: '_changes',
    request: (http, db) => http(`${db}_changes?limit=1`),
    answers: (b) => isObject(b) && Array.isArray(b.results) && b.last_seq !== undefined,
  },
  {
    name: '_bulk_get',
    // Not an empty list: PouchDB Server never answers that one.
    request: (http, db) => post(http, `${db}_bulk_get`, { docs: [{ id: PROBE_ID }] }),
    answers: (b) => isObject(b) && Array.isArray(b.results),
  },
  {
    name: '_all_docs',
    request: (http, db) => post(http, `${db}_all_docs`, { keys: [], include_docs: true }),
    answers: (b) => isObject(b) && Array.isArray(b.rows),
  },
  {
    // An empty batch: nothing is written, whatever the user's role.
    name: '_bulk_docs',
    request: (http, db) => post(http, `${db}_bulk_docs`, { docs: [] }),
    answers: (b) => Array.isArray(b),
  },
];

async function body(res: Response): Promise<unknown> {
  try {
    return (await res.json()) as unknown;
  } catch {
    return null;
  }
}

/**
 * Which of `probes` `dbUrl` does not answer as CouchDB does. A 404 on the database itself means it
 * was never set up (sync:setup), not a missing capability. Network failures reject.
 */
export async function probeDatabase(
  http: SyncFetch,
  dbUrl: string,
  probes: readonly Probe[] = PROBES,
): Promise<Capabilities> {
  // A request a server never answers must not leave the sign-in "Checking…" forever.
  const limited: SyncFetch = (url, init) => http(url, { ...init, signal: AbortSignal.timeout(PROBE_TIMEOUT) });
  const info = await limited(dbUrl);
  const infoBody = await body(info);
  if (info.status === 404) return { kind: 'no-database' };
  const missing: string[] = [];
  if (!info.ok || !isObject(infoBody)) missing.push(`GET ${new URL(dbUrl).pathname} (HTTP ${info.status})`);
  const replies = await Promise.all(
    probes.map(async (probe) => {
      const res = await probe.request(limited, dbUrl).catch((err: unknown) => {
        if (err instanceof DOMException && err.name === 'TimeoutError') return null;
        throw err;
      });
      return { probe, res, body: res ? await body(res) : null };
    }),
  );
  for (const { probe, res, body: b } of replies) {
    if (!res) missing.push(`${probe.name} (no answer in ${PROBE_TIMEOUT / 1000} s)`);
    else if (!res.ok || !probe.answers(b)) missing.push(`${probe.name} (HTTP ${res.status})`);
  }
  return missing.length ? { kind: 'missing', missing } : { kind: 'ok' };
}
