// The deployment recipe, run with Caddy: the Caddyfile of docs/deploy.md (read from the document;
// only its site address, paths and certificate templated: a throwaway self-signed certificate
// instead of Caddy's automatic one, which needs a public name) on loopback, in front of the built
// app and the project's sync server. The same walk as the nginx recipe's test: the app loads with
// the recipe's headers, a rep signs in at /couch/ and a new customer reaches the server; the
// session cookie is scoped to /couch/, Secure and SameSite=Strict; plain HTTP redirects to HTTPS.
// Skipped, saying what to install, without Caddy.
import { expect, test } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSyncServer, type SyncServer } from '../../scripts/sync-server.mjs';
import { localCertificate } from '../../scripts/tls.mjs';
import { freePort } from '../sync/servers';
import { DIST, plainGet, recipeBlock, signInAndSyncThrough, stopProxy, waitForProxy } from './deploy-recipe';

const CADDY = ['/usr/bin/caddy', '/usr/local/bin/caddy'].find((p) => existsSync(p));

test.skip(!CADDY, 'Caddy is not installed: `apt-get install caddy` (Debian) runs the Caddy recipe test');

let sync: SyncServer;
let caddy: ChildProcess | undefined;
let prefix = '';
let origin = '';
let httpPort = 0;

test.beforeAll(async () => {
  sync = await startSyncServer({ port: 0, inMemory: true, setup: true });
  prefix = mkdtempSync(join(tmpdir(), 'fieldbook-caddy-'));
  const tls = await localCertificate({ dir: join(prefix, 'tls'), names: { dns: ['localhost'], ips: ['127.0.0.1'] } });
  const httpsPort = await freePort();
  httpPort = await freePort();
  origin = `https://127.0.0.1:${httpsPort}`;
  const templated = recipeBlock('caddy')
    .replace('fieldbook.example.com {', `${origin} {\n\ttls ${join(tls.dir, 'cert.pem')} ${join(tls.dir, 'key.pem')}`)
    .replace('root * /srv/fieldbook/dist', `root * ${DIST}`)
    .replace('reverse_proxy 127.0.0.1:5984', `reverse_proxy ${new URL(sync.url).host}`);
  expect(templated).not.toMatch(/example\.com|:5984|\/srv\//);
  const conf = join(prefix, 'Caddyfile');
  // No admin endpoint, the test's ports, and nothing written outside the test's folder.
  writeFileSync(conf, `{\n\tadmin off\n\thttp_port ${httpPort}\n\thttps_port ${httpsPort}\n}\n\n${templated}`);
  const started = spawn(CADDY as string, ['run', '--adapter', 'caddyfile', '--config', conf], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, HOME: prefix, XDG_DATA_HOME: join(prefix, 'data'), XDG_CONFIG_HOME: join(prefix, 'config') },
  });
  caddy = started;
  let stderr = '';
  started.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  // Listening once plain HTTP answers (Caddy's automatic redirect to HTTPS).
  await waitForProxy(started, () => stderr, `http://127.0.0.1:${httpPort}/`, 308);
});

test.afterAll(async () => {
  await stopProxy(caddy, 'SIGTERM');
  await sync?.stop();
  if (prefix) rmSync(prefix, { recursive: true, force: true });
});

test('through the Caddy recipe: the app loads over HTTPS with its headers, a rep signs in at /couch/ and syncs', async ({
  browser,
}) => {
  expect((await plainGet(`http://127.0.0.1:${httpPort}/#/settings`)).location).toMatch(/^https:\/\/127\.0\.0\.1/);
  await signInAndSyncThrough(browser, origin, sync, 'Caddy');
});
