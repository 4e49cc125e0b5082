// The device keeps its data: once there are customers the app asks the browser for persistent
// storage and Settings says what the browser answered, with the space used and available; and
// "Remove demo data" takes away exactly what the demo loader added.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from './chromium';
import { createCustomer, listRows, listStatus, openApp } from './helpers';

const persisted = (page: Page): Promise<boolean> => page.evaluate(() => navigator.storage.persisted());

/** Counts the app's calls of navigator.storage.persist() (and still makes them). */
const countPersistCalls = (): void => {
  const storage = navigator.storage;
  const persist = storage.persist.bind(storage);
  const w = window as unknown as { persistCalls: number };
  w.persistCalls = 0;
  storage.persist = () => {
    w.persistCalls += 1;
    return persist();
  };
};
const persistCalls = (page: Page): Promise<number> =>
  page.evaluate(() => (window as unknown as { persistCalls: number }).persistCalls);

test.describe('tablet', () => {
  test('persistent storage is requested once there is data; Remove demo data keeps the rep’s own customers', async ({
    playwright,
    baseURL,
  }) => {
    // A browser profile on disk: incognito contexts never get persistent storage, even when granted.
    const profile = mkdtempSync(join(tmpdir(), 'fieldbook-profile-'));
    const context = await playwright.chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath(),
      args: CHROMIUM_ARGS,
      baseURL,
      viewport: { width: 1024, height: 768 },
      locale: 'en-US',
    });
    try {
      await context.addInitScript(countPersistCalls);
      const page = context.pages()[0] ?? (await context.newPage());
      await openApp(page);

      await page.getByRole('link', { name: 'Settings', exact: true }).click();
      const storage = page.getByRole('region', { name: 'Storage' });
      await expect(storage.getByText(/ used of .* available to Fieldbook on this device$/)).toBeVisible();
      // An empty app asks for nothing yet.
      await expect(storage.getByText(/^Fieldbook asks the browser to keep its data/)).toBeVisible();
      expect(await persistCalls(page)).toBe(0);
      await page.getByLabel('Number of customers', { exact: true }).fill('25');
      await page.getByRole('button', { name: 'Load demo data', exact: true }).click();
      await expect(page.getByRole('status').filter({ hasText: /^Added 25 customers/ })).toBeVisible({
        timeout: 30_000,
      });
      // The app asked once; this browser (no install, no engagement) declined, and Settings says so.
      await expect.poll(() => persistCalls(page)).toBe(1);
      await expect(storage.getByTestId('storage-persistence')).toHaveText(/^Not protected from clean-up: /);
      await expect(storage.getByText(/^Fieldbook asks the browser to keep its data/)).toHaveCount(0);
      // Granted as a browser grants an installed app: Settings, opened again, says the data is kept.
      const cdp = await context.newCDPSession(page);
      await cdp.send('Browser.grantPermissions', {
        origin: new URL(page.url()).origin,
        permissions: ['durableStorage'],
      });
      await page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'Customers', exact: true })
        .click();
      await page.getByRole('link', { name: 'Settings', exact: true }).click();
      await expect(storage.getByTestId('storage-persistence')).toHaveText(
        'Kept on this device: the browser will not clear Fieldbook’s data to free space.',
      );
      expect(await persisted(page)).toBe(true);

      await page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'Customers', exact: true })
        .click();
      await createCustomer(page, { givenName: 'Priya', familyName: 'Patel', email: 'priya@example.in' });
      await expect(listStatus(page)).toHaveText('26 customers');

      await page.getByRole('link', { name: 'Settings', exact: true }).click();
      await page.getByRole('button', { name: 'Remove demo data', exact: true }).click();
      const confirm = page.getByRole('group', { name: /^Remove every demo customer/ });
      await confirm.getByRole('button', { name: 'Remove demo data', exact: true }).click();
      await expect(
        page.getByRole('status').filter({ hasText: /^Removed 25 demo customers and \d+ related records\.$/ }),
      ).toBeVisible({ timeout: 30_000 });

      await page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'Customers', exact: true })
        .click();
      await expect(listStatus(page)).toHaveText('1 customer');
      await expect(listRows(page)).toHaveText([/Priya Patel/]);
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
  });
});

test.describe('phone, 简体中文', () => {
  test.use({ viewport: { width: 360, height: 740 }, locale: 'zh-CN' });

  test('Settings says when the browser did not promise to keep the data', async ({ page }) => {
    await openApp(page);
    await page.getByRole('link', { name: '设置', exact: true }).click();
    await page.getByLabel('客户数量', { exact: true }).fill('3');
    await page.getByRole('button', { name: '加载演示数据', exact: true }).click();
    await expect(page.getByRole('status').filter({ hasText: /^已添加 3 位客户/ })).toBeVisible({ timeout: 30_000 });
    // In a fresh (incognito) context Chromium answers persist() with false.
    await expect(page.getByTestId('storage-persistence')).toHaveText(/^未受保护：设备空间不足时/);
    expect(await persisted(page)).toBe(false);
    await expect(page.getByRole('region', { name: '存储' }).getByText(/^本设备上 Fieldbook 已使用 /)).toBeVisible();
  });
});
