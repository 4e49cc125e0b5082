// Compatibility is decided by what sync needs, not by the root greeting: signing in works on every
// server of the suite (PouchDB Server greets with "express-pouchdb": "Welcome!", not "couchdb"), and
// a server that lacks something sync needs, or was never set up, is named for what it lacks.
import { execFile } from 'node:child_process';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncServer } from '../../scripts/sync-server.mjs';
import { signIn } from '../../src/data/sync/session';
import { SERVERS } from './servers';

const SETUP = fileURLToPath(new URL('../../scripts/sync-setup.mjs', import.meta.url));

/** The server behind a filter that answers 404 for requests whose path ends with `hidden`. */
function without(target: string, hidden: string): Promise<Server> {
  const base = new URL(target);
  const proxy = createServer((req, res) => {
    if (new URL(req.url ?? '/', base).pathname.endsWith(hidden)) {
      res.writeHead(404, { 'Content-Type': 'text/html' }).end('<h1>Not found</h1>');
      return;
    }
    const upstream = request(new URL(req.url ?? '/', base), { method: req.method, headers: req.headers }, (reply) => {
      res.writeHead(reply.statusCode ?? 502, reply.headers);
      reply.pipe(res);
    });
    req.pipe(upstream);
  });
  return new Promise((resolve) => proxy.listen(0, '127.0.0.1', () => resolve(proxy)));
}

describe.each(SERVERS)('on $name', (target) => {
  let server: SyncServer;
  const proxies: Server[] = [];
  beforeAll(async () => {
    server = await target.start();
  });
  afterAll(async () => {
    for (const p of proxies) {
      p.closeAllConnections();
      p.close();
    }
    await server?.stop();
  });

  it('a rep signs in and gets their roles', async () => {
    const result = await signIn(server.url, 'rep', 'rep-pass', 'header');
    expect(result).toMatchObject({ ok: true, user: { name: 'rep', roles: ['fieldbook-rep'] } });
  });

  it('a wrong password is a wrong password', async () => {
    expect(await signIn(server.url, 'rep', 'nope', 'header')).toMatchObject({ ok: false, problem: 'wrong-password' });
  });

  it('a server without the Fieldbook databases says they need sync:setup', async () => {
    expect(await signIn(server.url, 'rep', 'rep-pass', 'header', undefined, 'nosuchteam-customers')).toEqual({
      ok: false,
      problem: 'not-set-up',
      detail: 'nosuchteam-customers',
    });
  });

  it('a server without _bulk_get is named for what it lacks, after a sign-in that worked', async () => {
    const proxy = await without(server.url, '/_bulk_get');
    proxies.push(proxy);
    const url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/`;
    expect(await signIn(url, 'rep', 'rep-pass', 'header')).toEqual({
      ok: false,
      problem: 'missing',
      detail: '_bulk_get (HTTP 404)',
    });
  });

  it('npm run sync:setup runs unchanged against it and finds everything in place', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [
      SETUP,
      server.url,
      '--admin',
      `${server.admin.name}:${server.admin.password}`,
      '--create-demo-users',
    ]);
    expect(stdout).toContain('database fieldbook-customers: _design/fieldbook unchanged');
    expect(stdout).toContain('user rep: unchanged');
    expect(stdout.trim().split('\n').at(-1)).toBe('Done.');
  });
});
