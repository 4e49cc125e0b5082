// The servers the sync suite runs against, each started the way a team would start it:
//  - the project's own server (scripts/sync-server.mjs: express-pouchdb with CouchDB's long-poll
//    timeout, a cached validator and CORS; set up by sync-setup);
//  - stock PouchDB Server 4.2 (`pouchdb-server --in-memory --host 127.0.0.1 --port <n>`, as its
//    README starts it), given a server admin over `/_config` (it starts in "admin party") and then
//    set up by the unchanged `npm run sync:setup` code. It writes config.json and log.txt into its
//    working directory, so it runs in a temporary one, removed on stop.
// Both answer with { url, admin, users, stop } (SyncServer), so a suite runs `describe.each(SERVERS)`.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSyncServer, DEFAULT_ADMIN, type SyncServer } from '../../scripts/sync-server.mjs';
import { DEMO_USERS, setupCouch } from '../../scripts/sync-setup.mjs';

const POUCHDB_SERVER_BIN = fileURLToPath(
  new URL('../../node_modules/pouchdb-server/bin/pouchdb-server', import.meta.url),
);

export type ServerKind = 'project' | 'stock-pouchdb-server';

export interface StartOptions {
  /** Databases, rules and demo users (sync-setup); default true. */
  setup?: boolean;
  /** Origins allowed by CORS with credentials. */
  corsOrigins?: string[];
  /** Data on disk in this folder (kept across a restart on the same port); default in memory. */
  dataDir?: string;
  /** 0 (default): a free one. */
  port?: number;
}

/** Things a test needs that not every CouchDB-protocol server does. */
export type Capability = 'replicated-revisions-under-validation' | 'longpoll-timeout';

export interface ServerUnderTest {
  /** How the test titles name it. */
  name: string;
  kind: ServerKind;
  start(options?: StartOptions): Promise<SyncServer>;
  /** What this server cannot do, and why (the reason a skipped test shows). */
  lacks: Partial<Record<Capability, string>>;
}

/** A free loopback port (pouchdb-server cannot be told to pick one and report it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

async function waitForRoot(url: string, exited: () => string | null): Promise<void> {
  const end = Date.now() + 30_000;
  for (;;) {
    const why = exited();
    if (why) throw new Error(`pouchdb-server exited before answering: ${why}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > end) throw new Error(`pouchdb-server did not answer at ${url}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Stock PouchDB Server in memory on 127.0.0.1 (`port` 0: a free one), with a server admin and,
 * unless `setup` is false, the Fieldbook databases, rules and demo users (sync-setup, unchanged).
 */
export async function startStockPouchServer({
  port = 0,
  setup = true,
  corsOrigins = [],
  dataDir,
  admin = DEFAULT_ADMIN,
}: StartOptions & { admin?: { name: string; password: string } } = {}): Promise<SyncServer> {
  // On disk: the folder holds the databases and the config (admin included), as `cd dir &&
  // pouchdb-server` would; in memory: a temporary working directory for config.json and log.txt.
  const cwd = dataDir ?? (await mkdtemp(join(tmpdir(), 'fieldbook-pouchdb-server-')));
  const listenPort = port || (await freePort());
  const child = spawn(
    process.execPath,
    [
      POUCHDB_SERVER_BIN,
      ...(dataDir ? [] : ['--in-memory']),
      '--host',
      '127.0.0.1',
      '--port',
      String(listenPort),
      '--no-stdout-logs',
    ],
    { cwd, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-2000)));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    if (!dataDir) await rm(cwd, { recursive: true, force: true });
  };
  const url = `http://127.0.0.1:${listenPort}/`;
  try {
    await waitForRoot(url, () =>
      child.exitCode !== null || child.signalCode !== null ? `${child.exitCode ?? child.signalCode} ${stderr}` : null,
    );
    // Admin party until the first admin exists: creating it is how PouchDB Server's (and
    // CouchDB 1.x's) own docs say to secure it. On a restart over kept data it exists already.
    const asAdmin = { Authorization: `Basic ${Buffer.from(`${admin.name}:${admin.password}`).toString('base64')}` };
    const session = (await (await fetch(`${url}_session`, { headers: asAdmin })).json()) as {
      userCtx?: { name?: string | null };
    };
    if (session.userCtx?.name !== admin.name) {
      const res = await fetch(`${url}_config/admins/${encodeURIComponent(admin.name)}`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(admin.password),
      });
      if (!res.ok) throw new Error(`could not create the server admin: HTTP ${res.status}`);
      // A fixed cookie secret (kept in config.json with the data), as CouchDB keeps its own in
      // local.ini: otherwise every restart signs every device out.
      const secret = await fetch(`${url}_config/couch_httpd_auth/secret`, {
        method: 'PUT',
        headers: { ...asAdmin, 'Content-Type': 'application/json' },
        body: JSON.stringify(randomBytes(16).toString('hex')),
      });
      if (!secret.ok) throw new Error(`could not set the cookie secret: HTTP ${secret.status}`);
    }
    // CORS as CouchDB configures it ([httpd] enable_cors, [cors] origins / credentials).
    if (corsOrigins.length) {
      for (const [section, key, value] of [
        ['httpd', 'enable_cors', 'true'],
        ['cors', 'origins', corsOrigins.join(', ')],
        ['cors', 'credentials', 'true'],
      ] as const) {
        const res = await fetch(`${url}_config/${section}/${key}`, {
          method: 'PUT',
          headers: { ...asAdmin, 'Content-Type': 'application/json' },
          body: JSON.stringify(value),
        });
        if (!res.ok) throw new Error(`could not set [${section}] ${key}: HTTP ${res.status}`);
      }
    }
    if (setup) await setupCouch({ url, admin, createDemoUsers: true });
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, admin, users: setup ? DEMO_USERS : [], stop };
}

export const PROJECT_SERVER: ServerUnderTest = {
  name: "the project's sync server",
  kind: 'project',
  lacks: {},
  start: ({ setup = true, corsOrigins, dataDir, port = 0 } = {}) =>
    startSyncServer({
      port,
      setup,
      ...(dataDir ? { dataDir } : { inMemory: true }),
      ...(corsOrigins ? { corsOrigins } : {}),
    }),
};

export const STOCK_POUCHDB_SERVER: ServerUnderTest = {
  name: 'stock PouchDB Server 4.2',
  kind: 'stock-pouchdb-server',
  start: (options) => startStockPouchServer(options),
  lacks: {
    'replicated-revisions-under-validation':
      "pouchdb-validation 4.2 replaces an incoming document's _revisions with the stored ones before running " +
      'validate_doc_update, so a replicator push with new_edits:false (how PouchDB and CouchDB replicate) of an ' +
      'edit is acknowledged but not stored once the Fieldbook rules are installed (the project server pins ' +
      '_revisions: keepIncomingRevisions in scripts/sync-server.mjs). The app pushes with new_edits:true and ' +
      'is not affected.',
    'longpoll-timeout':
      'express-pouchdb 4.2 ignores `timeout` on _changes?feed=longpoll and holds the request until a change ' +
      '(CouchDB ends it with empty results); the app ends such a long-poll itself after pollTimeout.',
  },
};

/** Every server the suite runs against: `describe.each(SERVERS)('… on $name', (server) => …)`. */
export const SERVERS: readonly ServerUnderTest[] = [PROJECT_SERVER, STOCK_POUCHDB_SERVER];
