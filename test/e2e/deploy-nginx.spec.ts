// The deployment recipe, run: the nginx configuration of docs/deploy.md (read from the document,
// only its ports, paths and certificate templated) on loopback, in front of the built app and the
// project's sync server, with TLS from a throwaway self-signed certificate. The app loads with the
// recipe's headers, a rep signs in at the default server address (/couch/ on the app's origin)
// and a new customer reaches the server; CouchDB's session cookie is scoped to /couch/, Secure and
// SameSite=Strict; plain HTTP redirects to HTTPS. Skipped, saying what to install, without nginx.
import { expect, test } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { contentSecurityPolicy } from '../../scripts/csp.mjs';
import { startSyncServer, type SyncServer } from '../../scripts/sync-server.mjs';
import { localCertificate } from '../../scripts/tls.mjs';
import { freePort } from '../sync/servers';
import { createCustomer, waitReady } from './helpers';

const DIST = process.env.FIELDBOOK_DIST ?? fileURLToPath(new URL('../../dist', import.meta.url));
const DEPLOY_MD = fileURLToPath(new URL('../../docs/deploy.md', import.meta.url));
const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx', '/usr/local/sbin/nginx'].find((p) => existsSync(p));
const MIME_TYPES = ['/etc/nginx/mime.types', '/usr/local/nginx/conf/mime.types'].find((p) => existsSync(p));

test.skip(
  !NGINX || !MIME_TYPES,
  'nginx is not installed: `apt-get install nginx` (Debian) runs the deployment recipe test',
);

/** The one ```nginx block of docs/deploy.md. */
function recipe(): string {
  const blocks = [...readFileSync(DEPLOY_MD, 'utf8').matchAll(/```nginx\n([\s\S]*?)```/g)].map((m) => m[1]);
  expect(blocks).toHaveLength(1);
  return blocks[0] ?? '';
}

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
  const templated = recipe()
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
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  nginx = started;
  let stderr = '';
  started.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  origin = `https://127.0.0.1:${httpsPort}`;
  // Listening once plain HTTP answers (its redirect).
  await expect
    .poll(
      () => {
        if (started.exitCode !== null) throw new Error(`nginx exited: ${stderr}`);
        return new Promise<number>((resolve) => {
          request(`http://127.0.0.1:${httpPort}/`, (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          })
            .on('error', () => resolve(0))
            .end();
        });
      },
      { timeout: 15_000 },
    )
    .toBe(301);
});

test.afterAll(async () => {
  if (nginx && nginx.exitCode === null) {
    const exited = new Promise((resolve) => nginx?.once('exit', resolve));
    nginx.kill('SIGQUIT');
    await exited;
  }
  await sync?.stop();
  if (prefix) rmSync(prefix, { recursive: true, force: true });
});

test('through the nginx recipe: the app loads over HTTPS with its headers, a rep signs in at /couch/ and syncs', async ({
  browser,
}) => {
  const redirect = await new Promise<string | undefined>((resolve, reject) => {
    request(`http://127.0.0.1:${httpPort}/#/settings`, (res) => {
      res.resume();
      resolve(res.headers.location);
    })
      .on('error', reject)
      .end();
  });
  expect(redirect).toBe(`https://127.0.0.1/`);

  // The certificate is a throwaway one: the browser is told to accept it.
  const context = await browser.newContext({ baseURL: origin, ignoreHTTPSErrors: true });
  try {
    const page = await context.newPage();
    const response = await page.goto(`${origin}/#/settings`);
    expect(response?.status()).toBe(200);
    const headers = response?.headers() ?? {};
    expect(headers['content-security-policy']).toBe(`${contentSecurityPolicy()}; frame-ancestors 'none'`);
    expect(headers['cache-control']).toBe('no-cache');
    expect(headers['x-content-type-options']).toBe('nosniff');
    await waitReady(page);

    await expect(page.getByLabel('Server URL')).toHaveValue(`${origin}/couch/`);
    await page.getByLabel('Username').fill('rep');
    await page.getByLabel('Password', { exact: true }).fill('rep-pass');
    await page.getByRole('button', { name: 'Start sync' }).click();
    await expect(page.getByText('Signed in as rep')).toBeVisible();
    await expect(page.getByRole('link', { name: 'Sync status' })).toContainText('Up to date', { timeout: 20_000 });

    const cookie = (await context.cookies()).find((c) => c.name === 'AuthSession');
    expect(cookie).toMatchObject({ path: '/couch/', secure: true, httpOnly: true, sameSite: 'Strict' });

    await createCustomer(page, { givenName: 'Nina', familyName: 'Nginx', city: 'Linz' });
    const admin = `Basic ${Buffer.from(`${sync.admin.name}:${sync.admin.password}`).toString('base64')}`;
    await expect
      .poll(
        async () => {
          const res = await fetch(`${sync.url}fieldbook-customers/_all_docs?include_docs=true`, {
            headers: { Authorization: admin },
          });
          const body = (await res.json()) as { rows: { doc?: { familyName?: string; city?: string } }[] };
          return body.rows.filter((r) => r.doc?.familyName === 'Nginx').map((r) => r.doc?.city);
        },
        { timeout: 20_000 },
      )
      .toEqual(['Linz']);

    // A hashed asset is cached for good.
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(readFileSync(join(DIST, 'index.html'), 'utf8'))?.[1];
    expect(asset).toBeTruthy();
    const assetResponse = await page.request.get(`${origin}${asset ?? ''}`);
    expect(assetResponse.headers()['cache-control']).toContain('max-age=315360000');
  } finally {
    await context.close();
  }
});
