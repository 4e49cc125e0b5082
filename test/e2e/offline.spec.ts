// Offline: after one visit the service worker serves the app shell, and the data lives on the device.
// Also the web app manifest that makes the app installable.
import { expect, test } from '@playwright/test';
import { createCustomer, listRows, openApp, waitForServiceWorkerControl, waitReady } from './helpers';

test('offline reload keeps the app shell and the data, and new customers can be added offline', async ({
  page,
  context,
}) => {
  await openApp(page);
  await waitForServiceWorkerControl(page);
  await expect(page.getByText('Fieldbook is ready to work offline.')).toBeVisible();

  await createCustomer(page, { givenName: 'Online', familyName: 'Olsen', city: 'Oslo', country: 'NO' });
  await expect(listRows(page)).toHaveCount(1);

  await context.setOffline(true);
  await page.reload();
  await waitReady(page);
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await expect(
    page.getByRole('status').filter({ hasText: 'Offline — everything keeps working on this device' }),
  ).toBeVisible();
  await expect(listRows(page).filter({ hasText: 'Online Olsen' })).toBeVisible();

  // The network really is off for the page: a request to its own server fails.
  const reachable = await page.evaluate(() =>
    fetch(`/does-not-exist-${Date.now()}.txt`, { cache: 'no-store' }).then(
      () => true,
      () => false,
    ),
  );
  expect(reachable).toBe(false);

  await createCustomer(page, { givenName: 'Offline', familyName: 'Ortega', city: 'Madrid', country: 'ES' });
  await expect(listRows(page)).toHaveCount(2);

  await page.reload();
  await waitReady(page);
  await expect(listRows(page)).toHaveCount(2);
  await expect(listRows(page).filter({ hasText: 'Online Olsen' })).toBeVisible();
  await expect(listRows(page).filter({ hasText: 'Offline Ortega' })).toBeVisible();

  // Deep links work offline too (hash routes, served from the cached shell).
  await page.goto('/#/settings');
  await waitReady(page);
  await expect(page.getByRole('heading', { name: 'Settings', level: 2 })).toBeVisible();

  await context.setOffline(false);
});

test('manifest makes the app installable', async ({ page, request }) => {
  await openApp(page);
  const manifestHref = await page.locator('link[rel="manifest"]').getAttribute('href');
  expect(manifestHref).toBeTruthy();
  const manifestUrl = new URL(manifestHref ?? '', page.url()).toString();
  expect(new URL(manifestUrl).pathname).toBe('/manifest.webmanifest');

  const res = await request.get(manifestUrl);
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toContain('application/manifest+json');
  const manifest = (await res.json()) as {
    name?: string;
    short_name?: string;
    display?: string;
    theme_color?: string;
    start_url?: string;
    icons?: Array<{ src: string; sizes: string; type?: string; purpose?: string }>;
  };
  expect(manifest.name).toMatch(/Fieldbook/);
  expect(manifest.short_name).toBe('Fieldbook');
  expect(manifest.display).toBe('standalone');
  expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
  expect(manifest.start_url).toBeTruthy();
  const icons = manifest.icons ?? [];
  const sizes = icons.flatMap((i) => i.sizes.split(/\s+/));
  expect(sizes).toContain('192x192');
  expect(sizes).toContain('512x512');
  expect(icons.some((i) => (i.purpose ?? '').split(/\s+/).includes('maskable'))).toBe(true);

  for (const icon of icons) {
    const url = new URL(icon.src, manifestUrl).toString();
    expect(new URL(url).origin).toBe(new URL(manifestUrl).origin);
    const r = await request.get(url);
    expect(r.status(), url).toBe(200);
    expect(r.headers()['content-type'], url).toBe('image/png');
    const body = await r.body();
    // A real PNG, and the size it claims.
    expect(body.subarray(1, 4).toString('latin1'), url).toBe('PNG');
    const width = body.readUInt32BE(16);
    const height = body.readUInt32BE(20);
    expect(`${width}x${height}`, url).toBe(icon.sizes);
  }

  // The page declares the theme colour too.
  await expect(page.locator('meta[name="theme-color"]')).toHaveAttribute('content', manifest.theme_color ?? '');
});
