// Encryption at rest as a user meets it: protect the device with a passphrase in Settings →
// Security, find nothing readable of a known note, street and survey comment in the raw IndexedDB
// below RxDB, reload → lock screen, a wrong passphrase refused, the right one opens, change the
// passphrase and unlock with the new one, the idle timeout (set low in Settings) locks, locking
// one tab locks the other, and turning protection off brings the plain data back.
import { expect, test, type Page } from '@playwright/test';
import { createCustomer, detailHeading, openApp, waitReady } from './helpers';

const NOTE = 'Keeps the spare key under the blue flowerpot';
const STREET = '17 Quellenweg';
const COMMENT = 'Driver was rude at the loading dock';
const FIRST = 'tractor blue on tuesdays';
const SECOND = 'seven green herons at dawn';

const settings = async (page: Page): Promise<void> => {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Security', level: 3 })).toBeVisible();
};
const security = (page: Page) => page.getByRole('region', { name: 'Security' });
const lockScreen = (page: Page) => page.getByRole('heading', { name: 'Fieldbook is locked', level: 1 });

async function unlock(page: Page, passphrase: string): Promise<void> {
  await page.getByLabel('Passphrase', { exact: true }).fill(passphrase);
  await page.getByRole('button', { name: 'Unlock', exact: true }).click();
}

/** Every value in every object store of every IndexedDB database of the page, as text. */
function rawIndexedDb(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const req = <T>(r: IDBRequest<T>) =>
      new Promise<T>((resolve, reject) => {
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
      });
    const texts: string[] = [];
    for (const { name } of await indexedDB.databases()) {
      if (!name) continue;
      const db = await req(indexedDB.open(name));
      for (const store of Array.from(db.objectStoreNames))
        texts.push(JSON.stringify(await req(db.transaction(store, 'readonly').objectStore(store).getAll())));
      db.close();
    }
    return texts.join('\n');
  });
}

async function customerWithSecrets(page: Page): Promise<void> {
  await createCustomer(page, { givenName: 'Wilhelmina', familyName: 'Sturgeon', street: STREET, notes: NOTE });
  const surveys = page.locator('article.detail').getByRole('region', { name: 'Survey answers' });
  await surveys.getByRole('button', { name: 'Add survey', exact: true }).click();
  const form = surveys.getByRole('form', { name: 'Add survey' });
  await form.getByLabel('Score', { exact: true }).fill('3');
  await form.getByLabel('Comment', { exact: true }).fill(COMMENT);
  await form.getByRole('button', { name: 'Save survey', exact: true }).click();
  await expect(surveys.getByRole('listitem')).toContainText(COMMENT);
}

async function protect(page: Page, passphrase: string): Promise<void> {
  await settings(page);
  const form = security(page).getByRole('form', { name: 'Protect with a passphrase' });
  await form.getByLabel('Passphrase', { exact: true }).fill('short');
  await form.getByLabel('Repeat passphrase', { exact: true }).fill('short');
  await form.getByRole('button', { name: 'Protect with a passphrase' }).click();
  await expect(form.getByText('Use at least 10 characters.')).toBeVisible();
  await form.getByLabel('Passphrase', { exact: true }).fill(passphrase);
  await form.getByLabel('Repeat passphrase', { exact: true }).fill(passphrase);
  await form.getByRole('button', { name: 'Protect with a passphrase' }).click();
  // The rewrite runs, then the app comes back protected.
  await expect(security(page).getByText(/^Protected with a passphrase since/)).toBeVisible({ timeout: 30_000 });
}

test('protect, lock screen, wrong and right passphrase, change it, idle lock, raw IndexedDB sealed', async ({
  page,
}) => {
  // Derivations (~1 s each on this machine). The page's clock runs as usual until the idle wait at
  // the end, which it skips (the app's own timer and Date.now, not 30 s of the suite's time).
  test.setTimeout(180_000);
  await page.clock.install();
  await openApp(page);
  await customerWithSecrets(page);
  let raw = await rawIndexedDb(page);
  expect(raw).toContain(NOTE);

  await protect(page, FIRST);
  raw = await rawIndexedDb(page);
  for (const secret of [NOTE, STREET, COMMENT]) expect(raw).not.toContain(secret);
  expect(raw).toContain('fbSealed');

  // Reload → the lock screen; nothing opens before the passphrase.
  await page.reload();
  await expect(lockScreen(page)).toBeVisible();
  await expect(page.locator('body[data-ready="true"]')).toHaveCount(0);
  await unlock(page, 'tractor blue on wednesdays');
  await expect(page.getByText('Wrong passphrase. Nothing was changed; try again.')).toBeVisible();
  await expect(page.getByText(/you can try again in \d+ seconds?/)).toBeVisible();
  // After the wait the right passphrase opens the same data.
  await expect(page.getByRole('button', { name: 'Unlock', exact: true })).toBeEnabled();
  await unlock(page, FIRST);
  await waitReady(page);
  // The app opens where it was locked (Settings).
  await expect(page.getByRole('heading', { name: 'Security', level: 3 })).toBeVisible();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers', exact: true }).click();
  await page.getByRole('searchbox', { name: 'Search customers' }).fill('sturgeon');
  await page
    .getByRole('list', { name: 'Customer list' })
    .getByRole('link', { name: /Wilhelmina Sturgeon/ })
    .click();
  await expect(detailHeading(page)).toHaveText('Wilhelmina Sturgeon');
  await expect(page.locator('article.detail')).toContainText(NOTE);
  await expect(page.locator('article.detail')).toContainText(COMMENT);
  // No unencrypted draft of a form being typed (localStorage is not encrypted).
  await page.locator('article.detail').getByRole('link', { name: 'Edit', exact: true }).click();
  await page.locator('form.customer-form').getByLabel('Notes', { exact: true }).fill(`${NOTE} and more`);
  expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('fieldbook.draft.')))).toEqual(
    [],
  );
  await page.getByRole('button', { name: 'Cancel', exact: true }).click();

  // Change the passphrase; the old one no longer opens, the new one does.
  await settings(page);
  await security(page).locator('summary', { hasText: 'Change passphrase' }).click();
  const change = security(page).getByRole('form', { name: 'Change passphrase' });
  await change.getByLabel('Current passphrase', { exact: true }).fill(FIRST);
  await change.getByLabel('New passphrase', { exact: true }).fill(SECOND);
  await change.getByLabel('Repeat new passphrase', { exact: true }).fill(SECOND);
  await change.getByRole('button', { name: 'Change passphrase' }).click();
  await expect(change.getByText('Passphrase changed. Use the new one from now on.')).toBeVisible({ timeout: 20_000 });
  await security(page).getByRole('button', { name: 'Lock now' }).click();
  await expect(lockScreen(page)).toBeVisible();
  await unlock(page, FIRST);
  await expect(page.getByText('Wrong passphrase. Nothing was changed; try again.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Unlock', exact: true })).toBeEnabled();
  await unlock(page, SECOND);
  await waitReady(page);

  // The idle timeout, set to its lowest in Settings, locks the app without any input.
  await settings(page);
  await security(page).getByLabel('Lock after inactivity').selectOption({ label: '30 seconds' });
  await expect(lockScreen(page)).toHaveCount(0);
  await page.clock.fastForward('00:31');
  await expect(lockScreen(page)).toBeVisible();
});

test('protecting or locking one tab locks the other; turning protection off brings the plain data back', async ({
  page,
}) => {
  await openApp(page);
  await customerWithSecrets(page);
  // A second tab has the unprotected database open while the first turns protection on.
  const other = await page.context().newPage();
  await openApp(other);
  await protect(page, FIRST);
  await expect(lockScreen(other)).toBeVisible();
  await unlock(other, FIRST);
  await waitReady(other);

  await security(page).getByRole('button', { name: 'Lock now' }).click();
  await expect(lockScreen(page)).toBeVisible();
  await expect(lockScreen(other)).toBeVisible();

  await unlock(page, FIRST);
  await waitReady(page);
  await settings(page);
  await security(page).locator('summary', { hasText: 'Turn protection off' }).click();
  const off = security(page).getByRole('form', { name: 'Turn protection off' });
  await off.getByLabel('Passphrase', { exact: true }).fill('not the passphrase');
  await off.getByRole('button', { name: 'Turn protection off' }).click();
  await expect(off.getByText('That is not the current passphrase.')).toBeVisible();
  await off.getByLabel('Passphrase', { exact: true }).fill(FIRST);
  await off.getByRole('button', { name: 'Turn protection off' }).click();
  await expect(security(page).getByRole('form', { name: 'Protect with a passphrase' })).toBeVisible({
    timeout: 30_000,
  });
  const raw = await rawIndexedDb(page);
  for (const secret of [NOTE, STREET, COMMENT]) expect(raw).toContain(secret);
  // No lock screen any more: a reload opens the app directly.
  await openApp(page);
});

test('a locked-out kiosk on a protected device ends with the passphrase', async ({ page }) => {
  await openApp(page);
  await protect(page, FIRST);
  await page.goto('/#/kiosk');
  await page.getByLabel('Event name', { exact: true }).fill('Autumn fair');
  await page.getByLabel('Unlock PIN (4–8 digits)').fill('2468');
  await page.getByRole('button', { name: 'Start NPS kiosk' }).click();
  await expect(page.getByRole('button', { name: 'Score 9', exact: true })).toBeVisible();
  // Ten wrong PINs in a row (the doubling waits would take minutes here): the kiosk's stored state.
  await page.evaluate(() => {
    const key = 'fieldbook.kiosk';
    const stored = JSON.parse(localStorage.getItem(key) ?? '{}') as Record<string, unknown>;
    localStorage.setItem(key, JSON.stringify({ ...stored, failures: 10, retryAt: 0 }));
  });
  await page.reload();
  await expect(lockScreen(page)).toBeVisible();
  await unlock(page, FIRST);
  await expect(page.getByText('Locked after 10 wrong PINs. The PIN no longer opens the kiosk.')).toBeVisible();
  const restart = page.getByRole('form', { name: 'End the kiosk' });
  await restart.getByLabel('Passphrase').fill('not the passphrase');
  await restart.getByRole('button', { name: 'End the kiosk' }).click();
  await expect(restart.getByText('Wrong passphrase.')).toBeVisible();
  await restart.getByLabel('Passphrase').fill(FIRST);
  await restart.getByRole('button', { name: 'End the kiosk' }).click();
  await expect(page.getByRole('button', { name: 'Start NPS kiosk' })).toBeVisible();
});

test('forgot passphrase: the lock screen says the data cannot be recovered and wipes the device', async ({ page }) => {
  await openApp(page);
  await customerWithSecrets(page);
  await protect(page, FIRST);
  await page.reload();
  await expect(lockScreen(page)).toBeVisible();
  await page.getByRole('button', { name: 'Forgot passphrase?' }).click();
  await expect(page.getByText(/the data on this device cannot be recovered/)).toBeVisible();
  await page.getByRole('button', { name: 'Wipe this device' }).click();
  await page.getByRole('button', { name: 'Wipe everything' }).click();
  // The wipe lands on a page that says so (data/db/wipe.ts), then starts fresh.
  await expect(page.getByRole('heading', { name: 'This device was wiped', level: 1 })).toBeVisible();
  await page.getByRole('button', { name: 'Start Fieldbook' }).click();
  // A fresh start: no lock screen, no customers, nothing of the old data in IndexedDB.
  await waitReady(page);
  await expect(lockScreen(page)).toHaveCount(0);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers', exact: true }).click();
  await expect(page.getByText('No customers yet. Create one, or load demo data in Settings.')).toBeVisible();
  const raw = await rawIndexedDb(page);
  expect(raw).not.toContain('sturgeon');
  expect(raw).not.toContain('fbSealed');
});
