// The deployment recipe, run: the nginx configuration of docs/deploy.md (read from the document,
// only its ports, paths and certificate templated) on loopback, in front of the built app and the
// project's sync server, with TLS from a throwaway self-signed certificate. The app loads with the
// recipe's headers, a rep signs in at the default server address (/couch/ on the app's origin)
// and a new customer reaches the server; CouchDB's session cookie is scoped to /couch/, Secure and
// SameSite=Strict; plain HTTP redirects to HTTPS. Skipped, saying what to install, without nginx.
import { expect, test } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSyncServer, type SyncServer } from '../../scripts/sync-server.mjs';
import { localCertificate } from '../../scripts/tls.mjs';
import { freePort } from '../sync/servers';
import { DIST, plainGet, recipeBlock, signInAndSyncThrough, stopProxy, waitForProxy } from './deploy-recipe';

const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx', '/usr/local/sbin/nginx'].find((p) => existsSync(p));
const MIME_TYPES = ['/etc/nginx/mime.types', '/usr/local/nginx/conf/mime.types'].find((p) => existsSync(p));

test.skip(
  !NGINX || !MIME_TYPES,
  'nginx is not installed: `apt-get install nginx` (Debian) runs the deployment recipe test',
);

let sync: SyncServer;
let nginx: ChildProcess | undefined;
let prefix = '';
let origin = '';
let httpPort = 0;

test.beforeAll(async () => {
  sync = await startSyncServer({ port: 0, inMemory: true, setup: true });
  prefix = mkdtempSync(join(tmpdir(), 'fieldbook-nginx-'));
  const tls = await localCertificate({ dir: join(prefix, 'tls'), names: { dns: ['localhost'], ips: ['127.0.0.1'] } });
  const httpsPort = await freePort();
  httpPort = await freePort();
  const syncHost = new URL(sync.url).host;
  const templated = recipeBlock('nginx')
    .replace('listen 80;', `listen 127.0.0.1:${httpPort};`)
    .replace('listen 443 ssl http2;', `listen 127.0.0.1:${httpsPort} ssl http2;`)
    .replace('/etc/letsencrypt/live/fieldbook.example.com/fullchain.pem', join(tls.dir, 'cert.pem'))
    .replace('/etc/letsencrypt/live/fieldbook.example.com/privkey.pem', join(tls.dir, 'key.pem'))
    .replace('root /srv/fieldbook/dist;', `root ${DIST};`)
    .replace('http://127.0.0.1:5984$uri', `http://${syncHost}$uri`);
  expect(templated).not.toMatch(/:443|:5984|\/srv\/|letsencrypt/);
  for (const dir of ['logs', 'temp']) mkdirSync(join(prefix, dir));
  const temp = (name: string) => `${name}_temp_path ${join(prefix, 'temp', name)};`;
  const conf = join(prefix, 'nginx.conf');
  writeFileSync(
    conf,
    [
      // As root, nginx would switch its workers to an unprivileged user that may not read dist/.
      process.getuid?.() === 0 ? 'user root;' : '',
      'worker_processes 1;',
      `error_log ${join(prefix, 'logs', 'error.log')} warn;`,
      'events { worker_connections 256; }',
      'http {',
      `  include ${MIME_TYPES};`,
      '  default_type application/octet-stream;',
      '  access_log off;',
      `  ${temp('client_body')} ${temp('proxy')} ${temp('fastcgi')} ${temp('uwsgi')} ${temp('scgi')}`,
      templated,
      '}',
    ].join('\n'),
  );
  const started = spawn(
    NGINX as string,
    ['-p', prefix, '-c', conf, '-g', `daemon off; pid ${join(prefix, 'nginx.pid')};`],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  nginx = started;
  let stderr = '';
  started.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  origin = `https://127.0.0.1:${httpsPort}`;
  // Listening once plain HTTP answers (its redirect).
  await waitForProxy(started, () => stderr, `http://127.0.0.1:${httpPort}/`, 301);
});

test.afterAll(async () => {
  await stopProxy(nginx, 'SIGQUIT');
  await sync?.stop();
  if (prefix) rmSync(prefix, { recursive: true, force: true });
});

test('through the nginx recipe: the app loads over HTTPS with its headers, a rep signs in at /couch/ and syncs', async ({
  browser,
}) => {
  expect((await plainGet(`http://127.0.0.1:${httpPort}/#/settings`)).location).toBe(`https://127.0.0.1/`);
  await signInAndSyncThrough(browser, origin, sync, 'Nginx');
});
