// Privacy: the app talks to nobody but its own origin, and the production bundle has no RxDB dev-mode
// (whose tracking iframe would load a third-party page).
import { expect, test, type Request } from '@playwright/test';
import { createCustomer, listRows, listStatus, openApp, search, waitForServiceWorkerControl } from './helpers';

test('every request made during a session goes to the app’s own origin', async ({ page, context, baseURL }) => {
  const origin = new URL(baseURL ?? '').origin;
  const seen: string[] = [];
  const record = (req: Request) => seen.push(req.url());
  // Page requests, plus everything in the context (service worker fetches, workers, popups).
  page.on('request', record);
  context.on('request', record);
  context.on('serviceworker', (sw) => seen.push(sw.url()));
  // Nothing may be opened or embedded from elsewhere either.
  const frames: string[] = [];
  page.on('frameattached', (f) => frames.push(f.url()));
  page.on('framenavigated', (f) => frames.push(f.url()));

  await openApp(page);
  await waitForServiceWorkerControl(page);
  await createCustomer(page, {
    givenName: 'Priya',
    familyName: 'Patel',
    email: 'priya@example.in',
    phone: '+91 98765 43210',
  });

  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  await page.getByLabel('Number of customers', { exact: true }).fill('200');
  await page.getByRole('button', { name: 'Load demo data', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: /^Added 200 customers/ })).toBeVisible({ timeout: 60_000 });

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Customers' }).getByRole('status')).toHaveText('201 customers');
  await search(page, 'patel');
  await expect(listRows(page).filter({ hasText: 'Priya Patel' })).toBeVisible();
  await search(page, 'wang');
  await expect(listRows(page).first()).toBeVisible();
  await listRows(page).first().click();
  await expect(page.locator('article.detail').getByRole('heading', { level: 2 })).toBeVisible();
  // Scroll the list a little (virtualized rows load as they come into view). The emptied search
  // brings the whole list back (and scrolls it to the top) in a task of its own, so the wheel waits
  // for that; then the rows further down are what has to show before moving on.
  await search(page, '');
  await expect(listStatus(page)).toHaveText('201 customers');
  const list = page.getByRole('list', { name: 'Customer list' });
  await list.hover();
  await page.mouse.wheel(0, 4000);
  await expect(list.getByRole('listitem').first()).not.toHaveAttribute('aria-posinset', '1');

  // The same again after a reload (now served by the service worker).
  await page.reload();
  await page.locator('body[data-ready="true"]').waitFor();
  await expect(listRows(page).first()).toBeVisible();

  expect(seen.length).toBeGreaterThan(0);
  const foreign = [...new Set(seen)].filter((u) => {
    const url = new URL(u);
    // data:/blob: URLs are in-memory, not network requests.
    if (url.protocol === 'data:' || url.protocol === 'blob:') return false;
    return url.origin !== origin;
  });
  expect(foreign, 'requests to other origins').toEqual([]);
  const foreignFrames = frames.filter((u) => u !== 'about:blank' && !u.startsWith(origin));
  expect(foreignFrames, 'frames from other origins').toEqual([]);
  await expect(page.locator('iframe')).toHaveCount(0);
});

test('the production bundle contains no RxDB dev-mode', async ({ page, request, baseURL }) => {
  const scripts = new Set<string>();
  page.on('response', (res) => {
    if (res.request().resourceType() === 'script' || /\.m?js(\?|$)/.test(res.url())) scripts.add(res.url());
  });
  await openApp(page);

  // Lazily loaded chunks are listed in the service worker's precache manifest: check those too.
  const sw = await (await request.get('/sw.js')).text();
  for (const m of sw.matchAll(/url:\s*"([^"]+\.js)"/g)) scripts.add(new URL(m[1] ?? '', baseURL).toString());
  scripts.add(new URL('/sw.js', baseURL).toString());
  for (const m of sw.matchAll(/"\.\/(workbox-[\w-]+)"/g)) scripts.add(new URL(`/${m[1] ?? ''}.js`, baseURL).toString());
  const appChunks = [...scripts].filter((u) => new URL(u).pathname.startsWith('/assets/'));
  expect(appChunks.length, 'JS chunks found').toBeGreaterThan(0);

  // Strings only RxDB's dev-mode plugin carries (they survive minification).
  const DEV_MODE_MARKERS = [
    'RxDBDevModePlugin',
    'dev-mode-iframe', // the tracking iframe's URL: https://rxdb.info/html/dev-mode-iframe.html
    'RxDB dev-mode warning',
    'This is the iframe which is shown when the RxDB Dev-Mode is enabled',
    'you are seeing this because you use the RxDB dev-mode plugin',
  ];
  // RxDB's JSON-schema validator wraps the storage in dev and tests only; the build must not carry it.
  expect(
    appChunks.filter((u) => /validate-ajv|ajv/i.test(new URL(u).pathname)),
    'Ajv validator chunks',
  ).toEqual([]);
  for (const url of scripts) {
    const res = await request.get(url);
    expect(res.status(), url).toBe(200);
    const body = await res.text();
    for (const marker of DEV_MODE_MARKERS) expect(body.includes(marker), `${url} contains "${marker}"`).toBe(false);
  }

  // And at run time: the RxDB dev-mode console warning never appears.
  const warnings: string[] = [];
  page.on('console', (msg) => warnings.push(msg.text()));
  await page.reload();
  await page.locator('body[data-ready="true"]').waitFor();
  await createCustomer(page, { givenName: 'Dev', familyName: 'Check' });
  expect(warnings.filter((w) => /dev-mode/i.test(w))).toEqual([]);
});
