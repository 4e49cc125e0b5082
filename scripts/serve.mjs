// Serves the production build (dist/) on loopback with the app's security headers. Used by
// `npm start`, the end-to-end tests and the benchmark. No dependencies: node:http(s) only.
import { createServer, request as httpRequest } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { contentSecurityPolicy, parseSyncOrigins, syncOriginsOf } from './csp.mjs';

// FIELDBOOK_DIST lets parallel test runs build and serve separate copies (default: dist/).
const appRoot = resolve(process.env.FIELDBOOK_DIST ?? fileURLToPath(new URL('../dist', import.meta.url)));
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

/**
 * Forwards a request to `target` (an http:// URL ending with '/') with the prefix stripped, streaming
 * both ways (CouchDB long-polls stay open). Used for `/couch/` → the sync server, so the app talks to
 * its own origin only (CSP connect-src 'self') and CouchDB's session cookie is a first-party cookie.
 */
function proxyTo(target, prefix, req, res) {
  const base = new URL(target);
  const rest = (req.url ?? '/').slice(prefix.length);
  const url = new URL(rest, base);
  const headers = { ...req.headers, host: base.host };
  // Same-origin for the browser; the sync server needs no CORS for proxied requests.
  delete headers.origin;
  delete headers.referer;
  const upstream = httpRequest(url, { method: req.method, headers }, (reply) => {
    res.writeHead(reply.statusCode ?? 502, reply.headers);
    reply.pipe(res);
  });
  upstream.on('error', () => {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const body = JSON.stringify({ error: 'unavailable', reason: 'the sync server is not reachable' });
    res.writeHead(502, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) }).end(body);
  });
  req.on('aborted', () => upstream.destroy());
  res.on('close', () => upstream.destroy());
  req.pipe(upstream);
}

const META_CSP = /(<meta http-equiv="Content-Security-Policy" content=")([^"]*)(")/;

/**
 * The page's policy as served: the build's sync origins (its meta tag) plus `syncOrigins`, the ones
 * this server was started with. Both the header and the meta tag carry it (a page obeys both, so a
 * meta tag left at the build's policy would still block an origin the header allows), and the app
 * reads the meta tag to explain a blocked server (src/data/sync/origin-policy.ts).
 */
function servedPolicy(html, syncOrigins) {
  const built = META_CSP.exec(html)?.[2] ?? '';
  return contentSecurityPolicy([...syncOriginsOf(built.replaceAll('&#39;', "'")), ...syncOrigins]);
}

/**
 * `proxy` (optional): `{ '/couch/': 'http://127.0.0.1:5984/' }` forwards that path prefix to a
 * server (the sync server for `npm start` and the sync e2e test).
 * `mounts` (optional, off by default) serves extra folders under a URL prefix on the same origin,
 * e.g. `{ '/bench/': '/abs/path/dist-bench' }` for the benchmark page (test/bench/run.mjs), so it
 * shares the app's IndexedDB. `root` (optional) serves another copy of the build instead of dist/.
 * `syncOrigins` (default: FIELDBOOK_SYNC_ORIGINS when the server starts): sync servers on other
 * origins the app may contact, added to the build's (scripts/csp.mjs). `tls` ({ key, cert }, PEM):
 * serve HTTPS instead of HTTP.
 */
export function startStaticServer({
  port = 4173,
  host = '127.0.0.1',
  root: appDir = appRoot,
  mounts = {},
  proxy = {},
  syncOrigins = parseSyncOrigins(process.env.FIELDBOOK_SYNC_ORIGINS),
  tls = undefined,
} = {}) {
  const handler = async (req, res) => {
    const proxied = Object.keys(proxy).find((prefix) => (req.url ?? '').startsWith(prefix));
    if (proxied) {
      proxyTo(proxy[proxied], proxied, req, res);
      return;
    }
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      let path = normalize(decodeURIComponent(url.pathname)).replace(/^(\.\.[/\\])+/, '');
      const mount = Object.keys(mounts).find((prefix) => path.startsWith(prefix));
      const root = resolve(mount ? mounts[mount] : appDir);
      if (mount) path = path.slice(mount.length - 1);
      if (path.endsWith('/')) path += 'index.html';
      let file = join(root, path);
      if (!file.startsWith(root)) {
        res.writeHead(403).end();
        return;
      }
      let info = await stat(file).catch(() => null);
      if (!info?.isFile()) {
        // Unknown paths get the app shell (the app routes by hash, but be forgiving).
        file = join(root, 'index.html');
        info = await stat(file);
      }
      let body = await readFile(file);
      const name = file.slice(root.length);
      const hashed = name.startsWith('/assets/');
      const html = extname(file) === '.html';
      const policy = html ? servedPolicy(body.toString('utf8'), syncOrigins) : contentSecurityPolicy(syncOrigins);
      if (html && META_CSP.test(body.toString('utf8')))
        body = Buffer.from(body.toString('utf8').replace(META_CSP, (_, open, _old, close) => open + policy + close));
      res.writeHead(200, {
        'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
        'Content-Length': body.length,
        // Hashed assets never change; everything else (index.html, sw.js, manifest) is revalidated
        // so a new version is seen on the next visit.
        'Cache-Control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
        'Content-Security-Policy': `${policy}; frame-ancestors 'none'`,
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
        'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch (err) {
      res.writeHead(500, { 'Content-Type': 'text/plain' }).end(String(err));
    }
  };
  const server = tls ? createHttpsServer({ key: tls.key, cert: tls.cert }, handler) : createServer(handler);
  return new Promise((resolveStart, rejectStart) => {
    server.once('error', rejectStart);
    server.listen(port, host, () => {
      server.off('error', rejectStart);
      resolveStart(server);
    });
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const port = Number(process.env.PORT ?? 4173);
  // SYNC_PROXY=http://127.0.0.1:5984/ serves that sync server under /couch/ (scripts/start.mjs sets it up itself).
  const proxy = process.env.SYNC_PROXY ? { '/couch/': process.env.SYNC_PROXY } : {};
  const syncOrigins = parseSyncOrigins(process.env.FIELDBOOK_SYNC_ORIGINS);
  const server = await startStaticServer({ port, proxy, syncOrigins });
  const addr = server.address();
  console.log(
    `Fieldbook is running at http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : port}/  (Ctrl+C to stop)`,
  );
  if (syncOrigins.length) console.log(`  Sync servers on other origins allowed: ${syncOrigins.join(' ')}`);
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => server.close(() => process.exit(0)));
}
