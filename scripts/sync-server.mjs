// A CouchDB-compatible sync server for development, tests and `npm run sync:server`:
// express-pouchdb 4.2 on PouchDB 9 (LevelDB on disk, or memory), loopback only, CORS for the
// app's origin, a server admin, and (with `setup`) the databases, roles, validation and demo
// users of scripts/sync-setup.mjs. Production uses Apache CouchDB 3.x (scripts/README.md).
//
//   npm run sync:server -- [--port 5984] [--data .data/couch | --in-memory]
//                          [--cors http://127.0.0.1:4173,...] [--prefix fieldbook]
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { devNull } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_USERS, setupCouch } from './sync-setup.mjs';

const require = createRequire(import.meta.url);

export const DEFAULT_DATA_DIR = resolve(fileURLToPath(new URL('../.data/couch', import.meta.url)));
export const DEFAULT_CORS_ORIGINS = ['http://127.0.0.1:4173'];
/** Server admin of the dev server (loopback only). Override with FIELDBOOK_SYNC_ADMIN=name:password. */
export const DEFAULT_ADMIN = { name: 'couchadmin', password: 'couchadmin-pass' };

const HOST = '127.0.0.1';
const EXPRESS_POUCHDB_VERSION = require('express-pouchdb/package.json').version;
// What browsers may send and read cross-origin; the same lists CouchDB's [cors] section uses.
const ALLOW_HEADERS = 'accept, authorization, content-type, origin, referer, if-match, x-requested-with';
const EXPOSE_HEADERS =
  'cache-control, content-type, etag, server, x-couch-request-id, x-couch-update-newrev, x-couchdb-body-time';
const ALLOW_METHODS = 'GET, HEAD, POST, PUT, DELETE, COPY, OPTIONS';

function corsHandler(origins) {
  const any = origins.includes('*');
  return (req, res) => {
    const origin = req.headers.origin;
    if (!origin || !(any || origins.includes(origin))) return false;
    // Credentials (cookie session or Basic) need the exact origin, never '*'.
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Access-Control-Allow-Credentials', 'true');
    res.setHeader('Access-Control-Expose-Headers', EXPOSE_HEADERS);
    res.setHeader('Vary', 'Origin');
    if (req.method === 'OPTIONS' && req.headers['access-control-request-method']) {
      res.writeHead(204, {
        'Access-Control-Allow-Methods': ALLOW_METHODS,
        'Access-Control-Allow-Headers': ALLOW_HEADERS,
        'Access-Control-Max-Age': '600',
        'Content-Length': '0',
      });
      res.end();
      return true;
    }
    return false;
  };
}

/**
 * pouchdb-validation 4.2 overwrites each incoming document's `_revisions` with the stored
 * document's before running validate_doc_update, so a replicated revision (`new_edits: false`,
 * how PouchDB and CouchDB replicators push) is accepted but silently not written. Registered last,
 * this wrapper is outermost: it pins the incoming `_revisions` (writes to it are ignored) before
 * the validation wrapper sees the documents.
 */
function keepIncomingRevisions(_name, db, next) {
  const pin = (doc) => {
    if (!doc || typeof doc !== 'object' || !Object.hasOwn(doc, '_revisions')) return;
    const revisions = doc._revisions;
    Object.defineProperty(doc, '_revisions', {
      get: () => revisions,
      set: () => {},
      enumerable: true,
      configurable: true,
    });
  };
  const { bulkDocs, put } = db;
  db.bulkDocs = function (docs, ...rest) {
    for (const doc of (Array.isArray(docs) ? docs : docs?.docs) ?? []) pin(doc);
    return bulkDocs.call(this, docs, ...rest);
  };
  db.put = function (doc, ...rest) {
    pin(doc);
    return put.call(this, doc, ...rest);
  };
  return next();
}

/**
 * pouchdb-validation re-reads every design document of the database (an `allDocs` range scan with
 * its security check) and recompiles validate_doc_update for EACH document written: most of the
 * server's time in a validated `_bulk_docs`. CouchDB keeps a database's design documents in
 * memory until one changes; this wrapper does the same for that one internal read (the validator
 * calls `allDocs({ startkey: '_design/', endkey: '_design0', include_docs: true })`, promise
 * form, exactly those options; HTTP requests always carry `userCtx`/`secObj` and a callback, so
 * they never hit the cache). Process-wide by database name, dropped on any write of a `_design/`
 * document (before and after it lands) and when a database is destroyed.
 */
const designDocsCache = new Map();
function isValidatorDesignRead(opts, rest) {
  return (
    rest.length === 0 &&
    opts &&
    typeof opts === 'object' &&
    Object.keys(opts).length === 3 &&
    opts.startkey === '_design/' &&
    opts.endkey === '_design0' &&
    opts.include_docs === true
  );
}
function cacheDesignDocs(_name, db, next) {
  // Several servers can run in one process (tests), each with its own prefix.
  const key = `${String(db.__opts?.prefix ?? '')}${db.name}`;
  const drop = () => designDocsCache.delete(key);
  const touchesDesign = (docs) =>
    (Array.isArray(docs) ? docs : (docs?.docs ?? [])).some(
      (doc) => typeof doc?._id === 'string' && doc._id.startsWith('_design/'),
    );
  const { allDocs, bulkDocs, put, post, remove, destroy } = db;
  db.allDocs = function (opts, ...rest) {
    if (!isValidatorDesignRead(opts, rest)) return allDocs.call(this, opts, ...rest);
    let cached = designDocsCache.get(key);
    if (!cached) {
      cached = allDocs.call(this, { ...opts });
      designDocsCache.set(key, cached);
      cached.catch(() => designDocsCache.get(key) === cached && drop());
    }
    return cached.then((res) => structuredClone(res));
  };
  const invalidating = (method, isDesign) =>
    function (first, ...rest) {
      if (!isDesign(first)) return method.call(this, first, ...rest);
      drop();
      const result = method.call(this, first, ...rest);
      if (result && typeof result.then === 'function') return result.finally(drop);
      drop();
      return result;
    };
  const designId = (doc) =>
    typeof doc === 'string'
      ? doc.startsWith('_design/')
      : typeof doc?._id === 'string' && doc._id.startsWith('_design/');
  db.bulkDocs = invalidating(bulkDocs, touchesDesign);
  db.put = invalidating(put, designId);
  db.post = invalidating(post, designId);
  db.remove = invalidating(remove, designId);
  db.destroy = invalidating(destroy, () => true);
  return next();
}

/**
 * CouchDB ends a quiet `_changes?feed=longpoll` after `timeout` ms with empty results and a
 * `last_seq`; express-pouchdb 4.2 ignores `timeout` and holds the request until a change arrives
 * (its changes route). Clients written for CouchDB (the app's live watch included) rely on the
 * quiet end, so this ends such a request the CouchDB way. By then express-pouchdb has written only
 * the opening `{"results":[` and heartbeat newlines: the reply is closed with no results and
 * `last_seq` = the `since` asked for (nothing came after it), and express-pouchdb's own feed is
 * cancelled through the socket 'close' listener it registered for that purpose (the socket stays
 * open for keep-alive, so otherwise its feed would linger until the next change). A reply that
 * already carries a change is left alone.
 */
function honourLongpollTimeout(req, res) {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (req.method !== 'GET' || !url.pathname.endsWith('/_changes') || url.searchParams.get('feed') !== 'longpoll')
    return;
  const timeout = Number(url.searchParams.get('timeout'));
  if (!Number.isFinite(timeout) || timeout <= 0) return;
  const since = url.searchParams.get('since') ?? '0';
  const lastSeq = /^\d+$/.test(since) ? Number(since) : since;
  if (lastSeq === 'now') return; // where "now" is only the server knows; leave it to express-pouchdb
  // Uncompressed (a few bytes anyway), so what express-pouchdb writes can be read here.
  delete req.headers['accept-encoding'];
  const socket = req.socket;
  const closeListenersBefore = new Set(socket.listeners('close'));
  let opened = false;
  let changed = false;
  let ended = false;
  const write = res.write.bind(res);
  const end = res.end.bind(res);
  res.write = (chunk, ...rest) => {
    if (ended) return true;
    const text = Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk);
    if (text === '{"results":[\n') opened = true;
    else if (text.trim() !== '') changed = true;
    return write(chunk, ...rest);
  };
  res.end = (...args) => {
    if (ended) return res;
    ended = true;
    clearTimeout(timer);
    return end(...args);
  };
  const timer = setTimeout(() => {
    if (ended || !opened || changed) return;
    ended = true;
    end(`],\n"last_seq":${JSON.stringify(lastSeq)}}\n`);
    for (const fn of socket.listeners('close')) {
      if (closeListenersBefore.has(fn) || fn.name !== 'cancelChanges') continue;
      socket.removeListener('close', fn);
      fn();
    }
  }, timeout);
  res.once('close', () => clearTimeout(timer));
}

/** How long a signed-in device stays signed in without a request (s): 30 days, like a team would set CouchDB. */
export const DEFAULT_SESSION_TIMEOUT = Number(process.env.FIELDBOOK_SESSION_TIMEOUT ?? 30 * 24 * 3600);

/**
 * "Stay signed in": the session cookie outlives a browser restart, as CouchDB's with
 * `[chttpd_auth] allow_persistent_cookies = true` does (Max-Age = the session timeout). express-pouchdb
 * sets the sign-in cookie without a Max-Age (it ends with the browser) and its renewal with the
 * timeout read as milliseconds, so every AuthSession cookie it sets is given the right Max-Age here.
 * The session still ends when the password changes (the cookie is bound to the user's salt) or
 * the session timeout passes without a request.
 */
function persistentSessionCookie(res, timeoutSeconds) {
  const setHeader = res.setHeader.bind(res);
  res.setHeader = (name, value) => {
    if (String(name).toLowerCase() !== 'set-cookie') return setHeader(name, value);
    const fix = (cookie) => {
      if (!/^AuthSession=[^;]+/.test(cookie)) return cookie; // not a session, or the sign-out's empty one
      const kept = cookie.split(';').filter((part) => !/^\s*(max-age|expires)=/i.test(part));
      return [...kept, ` Max-Age=${timeoutSeconds}`, ' SameSite=Lax'].join(';');
    };
    return setHeader(name, Array.isArray(value) ? value.map(fix) : fix(String(value)));
  };
}

/** A stable cookie secret keeps browser sessions valid across restarts of an on-disk server. */
function cookieSecret(file) {
  if (file && existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(16).toString('hex');
  if (file) writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

/**
 * Starts the server on 127.0.0.1. `port` 0 picks a free one. Data lives in `dataDir` (LevelDB,
 * created if missing) unless `inMemory`. `setup` runs setupCouch (databases, _security, design
 * documents, demo users) with `prefix`. Resolves to { url, admin, users, stop }; `url` ends with
 * '/'; `stop()` closes every connection (long-polls included) and every database, so the port and
 * the LevelDB locks are free when it resolves.
 */
export async function startSyncServer({
  port = 5984,
  dataDir = DEFAULT_DATA_DIR,
  inMemory = false,
  corsOrigins = DEFAULT_CORS_ORIGINS,
  admin = DEFAULT_ADMIN,
  setup = false,
  prefix = 'fieldbook',
  sessionTimeout = DEFAULT_SESSION_TIMEOUT,
  log = () => {},
} = {}) {
  const PouchDB = require('pouchdb');
  const expressPouchDB = require('express-pouchdb');
  // memdown keeps one global store per name: a unique prefix keeps servers in one process apart.
  const dbPrefix = inMemory ? `mem-${randomBytes(6).toString('hex')}-` : `${dataDir}/`;
  if (inMemory) PouchDB.plugin(require('pouchdb-adapter-memory'));
  else mkdirSync(dataDir, { recursive: true });
  const Pouch = PouchDB.defaults(inMemory ? { adapter: 'memory', prefix: dbPrefix } : { prefix: dbPrefix });

  // PouchDB has one process-wide event emitter: express-pouchdb's database bookkeeping
  // (pouchdb-all-dbs) subscribes to it and never unsubscribes. Note what it adds, so stop() can
  // remove it and a stopped server does not react to databases other servers (or tests) open.
  const EVENTS = ['created', 'destroyed'];
  const listenersBefore = new Map(EVENTS.map((event) => [event, Pouch.listeners(event)]));
  const app = expressPouchDB({
    mode: 'fullCouchDB',
    // No server-side _replicator: not needed, and its daemon listens on PouchDB's process-wide
    // 'destroyed' event, so stopping one server (tests run several) would restart it and crash.
    overrideMode: { exclude: ['replicator', 'routes/replicate'] },
    // Configuration is set afresh on every start (below), never written: express-pouchdb's config
    // file writes race each other (temp file + rename) when several settings change at once.
    inMemoryConfig: true,
    logPath: inMemory ? devNull : join(dataDir, 'log.txt'),
  });
  app.dbWrapper.registerWrapper(cacheDesignDocs);
  app.dbWrapper.registerWrapper(keepIncomingRevisions);
  await app.setPouchDB(Pouch);
  const ownListeners = EVENTS.flatMap((event) =>
    Pouch.listeners(event)
      .filter((fn) => !listenersBefore.get(event).includes(fn))
      .map((fn) => [event, fn]),
  );
  const config = app.couchConfig;
  const setConfig = (section, key, value) =>
    new Promise((done, fail) => config.set(section, key, value, (err) => (err ? fail(err) : done())));
  await setConfig('couch_httpd_auth', 'secret', cookieSecret(inMemory ? null : join(dataDir, 'cookie-secret')));
  // Sessions last `sessionTimeout` seconds from the last request, as CouchDB's
  // `[chttpd_auth] timeout` (each authenticated request renews the cookie).
  await setConfig('couch_httpd_auth', 'timeout', sessionTimeout);
  // Hashed in memory by express-pouchdb; set on every start so the printed password is the real one.
  await setConfig('admins', admin.name, admin.password);

  const cors = corsHandler(corsOrigins);
  const server = createServer((req, res) => {
    if (cors(req, res)) return;
    // Clients (the app's sync settings included) recognise a CouchDB by `couchdb` on the root.
    if (req.method === 'GET' && (req.url === '/' || req.url?.startsWith('/?'))) {
      const body = JSON.stringify({
        couchdb: 'Welcome',
        'express-pouchdb': 'Welcome!',
        version: EXPRESS_POUCHDB_VERSION,
        vendor: { name: 'Fieldbook dev sync server (express-pouchdb + PouchDB)' },
      });
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
      res.end(body);
      return;
    }
    honourLongpollTimeout(req, res);
    persistentSessionCookie(res, sessionTimeout);
    app(req, res);
  });
  // Node closes an idle keep-alive connection after 5 s; a client that sends its next request
  // at that moment gets "other side closed" (seen in the sync benchmark between phases, and a
  // device would count it as offline). CouchDB keeps idle connections much longer.
  server.keepAliveTimeout = 60_000;
  server.headersTimeout = 65_000;
  let stopping;
  async function stop() {
    stopping ??= (async () => {
      await new Promise((done) => {
        server.close(() => done());
        server.closeAllConnections();
      });
      await app.daemonManager.stop(Pouch).catch(() => {});
      for (const [event, fn] of ownListeners) Pouch.removeListener(event, fn);
      // Every database this server opened (routes, auth, replicator, all-dbs bookkeeping). PouchDB
      // tracks open databases process-wide, so pick ours by prefix and leave other servers' alone.
      const open = [...Pouch._destructionListeners.values()].flat().filter((db) => db.__opts?.prefix === dbPrefix);
      await Promise.all(open.map((db) => (inMemory ? db.destroy() : db.close()).catch(() => {})));
      app.couchLogger?._stream?.end();
      for (const key of designDocsCache.keys()) if (key.startsWith(dbPrefix)) designDocsCache.delete(key);
    })();
    return stopping;
  }

  let url;
  try {
    await new Promise((done, fail) => {
      server.once('error', fail);
      server.listen(port, HOST, () => {
        server.off('error', fail);
        done();
      });
    });
    const address = server.address();
    url = `http://${HOST}:${typeof address === 'object' && address ? address.port : port}/`;
    log(`sync server at ${url} (${inMemory ? 'in memory' : dataDir})`);
    if (setup) await setupCouch({ url, admin, prefix, createDemoUsers: true, log });
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, admin, users: setup ? DEMO_USERS : [], stop };
}

/**
 * The same server in a child process (benchmarks): a device and its server never share a CPU
 * thread in real life (CouchDB is its own process, usually another machine), so a benchmark that
 * ran both on one event loop would charge each one's work to the other. Options as
 * startSyncServer (without `log`); `execArgv` goes to the child's node (e.g. --cpu-prof).
 */
export async function startSyncServerProcess({ execArgv = [], ...options } = {}) {
  const { fork } = await import('node:child_process');
  const child = fork(fileURLToPath(import.meta.url), ['--child-process'], {
    execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise((done) => child.once('exit', () => done()));
  const started = await new Promise((done, fail) => {
    child.once('message', (msg) =>
      msg && typeof msg === 'object' && 'error' in msg ? fail(new Error(String(msg.error))) : done(msg),
    );
    void exited.then(() => fail(new Error(`sync server process exited (${String(child.exitCode)})`)));
    child.send(options);
  });
  let asked = 0;
  return {
    ...started,
    pid: child.pid,
    /** The server process's CPU time so far (process.cpuUsage(), microseconds). */
    cpuUsage() {
      const id = ++asked;
      return new Promise((done) => {
        const onMessage = (msg) => {
          if (!msg || typeof msg !== 'object' || msg.cpu !== id) return;
          child.off('message', onMessage);
          done({ user: msg.user, system: msg.system });
        };
        child.on('message', onMessage);
        child.send({ cpu: id });
      });
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.send('stop');
      await exited;
    },
  };
}

function parseArgs(argv) {
  const options = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (arg === '--port') options.port = Number(value());
    else if (arg === '--data') options.dataDir = resolve(value());
    else if (arg === '--in-memory') options.inMemory = true;
    else if (arg === '--cors')
      options.corsOrigins = value()
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    else if (arg === '--prefix') options.prefix = value();
    else throw new Error(`unknown argument ${arg}`);
  }
  return options;
}

if (import.meta.url === `file://${process.argv[1]}` && process.argv[2] === '--child-process' && process.send) {
  // startSyncServerProcess: options in, { url, admin, users } out, 'stop' to end.
  process.once('message', (options) => {
    startSyncServer(options).then(
      (server) => {
        process.on('message', (msg) => {
          if (msg === 'stop') void server.stop().then(() => process.exit(0));
          else if (msg && typeof msg === 'object' && 'cpu' in msg)
            process.send({ cpu: msg.cpu, ...process.cpuUsage() });
        });
        process.send({ url: server.url, admin: server.admin, users: server.users });
      },
      (err) => {
        process.send({ error: String(err) });
        process.exit(1);
      },
    );
  });
} else if (import.meta.url === `file://${process.argv[1]}`) {
  const options = {
    port: Number(process.env.SYNC_PORT ?? 5984),
    corsOrigins: process.env.SYNC_CORS_ORIGINS ? process.env.SYNC_CORS_ORIGINS.split(',') : DEFAULT_CORS_ORIGINS,
    ...parseArgs(process.argv.slice(2)),
  };
  const adminEnv = process.env.FIELDBOOK_SYNC_ADMIN;
  const colon = adminEnv?.indexOf(':') ?? -1;
  const admin =
    adminEnv && colon > 0 ? { name: adminEnv.slice(0, colon), password: adminEnv.slice(colon + 1) } : DEFAULT_ADMIN;
  let server;
  try {
    server = await startSyncServer({ ...options, admin, setup: true, log: (line) => console.log(`  ${line}`) });
  } catch (err) {
    const inUse = err && typeof err === 'object' && 'code' in err && err.code === 'EADDRINUSE';
    console.error(
      inUse
        ? `Port ${options.port} is in use: stop what holds it or pass --port <n>.`
        : `sync server failed: ${String(err)}`,
    );
    process.exit(1);
  }
  console.log(`\nFieldbook sync server (CouchDB-compatible) at ${server.url}`);
  console.log(`  data: ${options.inMemory ? 'in memory (lost on exit)' : (options.dataDir ?? DEFAULT_DATA_DIR)}`);
  console.log(`  CORS origins: ${options.corsOrigins.join(', ')}`);
  console.log(`  server admin: ${admin.name} / ${admin.password}`);
  for (const user of server.users)
    console.log(`  user ${user.name.padEnd(7)} password ${user.password.padEnd(12)} role ${user.roles.join(', ')}`);
  console.log('  (Ctrl+C to stop)');
  for (const sig of ['SIGINT', 'SIGTERM']) {
    process.on(sig, () => {
      void server.stop().then(() => process.exit(0));
    });
  }
}
