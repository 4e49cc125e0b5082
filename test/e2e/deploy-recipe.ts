// What the deployment recipe tests of docs/deploy.md share (deploy-nginx.spec.ts,
// deploy-caddy.spec.ts): reading one fenced configuration block from the document, waiting for
// the proxy to answer, and the walk a rep makes through the proxy (the app loads over HTTPS with
// the recipe's headers, a rep signs in at the default address /couch/ and a new customer reaches
// the server; CouchDB's session cookie is scoped to /couch/, Secure and SameSite=Strict).
import { expect, type Browser } from '@playwright/test';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { contentSecurityPolicy } from '../../scripts/csp.mjs';
import type { SyncServer } from '../../scripts/sync-server.mjs';
import { createCustomer, waitReady } from './helpers';

export const DIST = process.env.FIELDBOOK_DIST ?? fileURLToPath(new URL('../../dist', import.meta.url));
const DEPLOY_MD = fileURLToPath(new URL('../../docs/deploy.md', import.meta.url));

/** The one fenced block of docs/deploy.md in this language (```nginx, ```caddy). */
export function recipeBlock(language: string): string {
  const fence = new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g');
  const blocks = [...readFileSync(DEPLOY_MD, 'utf8').matchAll(fence)].map((m) => m[1]);
  expect(blocks).toHaveLength(1);
  return blocks[0] ?? '';
}

/** A plain-HTTP GET: its status and Location (0 while nothing listens). */
export function plainGet(url: string): Promise<{ status: number; location?: string }> {
  return new Promise((resolve) => {
    request(url, (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, location: res.headers.location });
    })
      .on('error', () => resolve({ status: 0 }))
      .end();
  });
}

/** Waits until the proxy's plain-HTTP port answers with `status` (its redirect to HTTPS). */
export async function waitForProxy(proxy: ChildProcess, stderr: () => string, url: string, status: number) {
  await expect
    .poll(
      async () => {
        if (proxy.exitCode !== null) throw new Error(`the proxy exited: ${stderr()}`);
        return (await plainGet(url)).status;
      },
      { timeout: 15_000 },
    )
    .toBe(status);
}

/** Stops a proxy started by a test with `signal` and waits for it to exit. */
export async function stopProxy(proxy: ChildProcess | undefined, signal: NodeJS.Signals): Promise<void> {
  if (!proxy || proxy.exitCode !== null) return;
  const exited = new Promise((resolve) => proxy.once('exit', resolve));
  proxy.kill(signal);
  await exited;
}

/**
 * A rep's walk through the proxy at `origin`: the app loads with the recipe's headers, signs in at
 * the default server address and a new customer (family name `familyName`) reaches `sync`.
 */
export async function signInAndSyncThrough(
  browser: Browser,
  origin: string,
  sync: SyncServer,
  familyName: string,
): Promise<void> {
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

    await createCustomer(page, { givenName: 'Nina', familyName, city: 'Linz' });
    const admin = `Basic ${Buffer.from(`${sync.admin.name}:${sync.admin.password}`).toString('base64')}`;
    await expect
      .poll(
        async () => {
          const res = await fetch(`${sync.url}fieldbook-customers/_all_docs?include_docs=true`, {
            headers: { Authorization: admin },
          });
          const body = (await res.json()) as { rows: { doc?: { familyName?: string; city?: string } }[] };
          return body.rows.filter((r) => r.doc?.familyName === familyName).map((r) => r.doc?.city);
        },
        { timeout: 20_000 },
      )
      .toEqual(['Linz']);

    // A hashed asset is cached for good (a year or more).
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(readFileSync(`${DIST}/index.html`, 'utf8'))?.[1];
    expect(asset).toBeTruthy();
    const assetResponse = await page.request.get(`${origin}${asset ?? ''}`);
    const maxAge = Number(/max-age=(\d+)/.exec(assetResponse.headers()['cache-control'] ?? '')?.[1] ?? 0);
    expect(maxAge).toBeGreaterThanOrEqual(31_536_000);
  } finally {
    await context.close();
  }
}
