// Settings → Backup in the production build: back up with a passphrase, wipe the app's IndexedDB
// databases, reload, restore: the customers are back; a wrong passphrase is refused and writes
// nothing.
import { expect, test, type Page } from '@playwright/test';
import { createCustomer, listRows, openApp } from './helpers';

const PASS = 'harbour lights 2026';

async function openSettings(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Backup', exact: true })).toBeVisible();
}

async function showCustomers(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers', exact: true }).click();
}

/** Deletes every IndexedDB database of the origin from a page of the origin that holds none open. */
async function wipeDatabases(page: Page): Promise<void> {
  await page.goto('/manifest.webmanifest');
  const left = await page.evaluate(async () => {
    const dbs = await indexedDB.databases();
    await Promise.all(
      dbs.map(
        (d) =>
          new Promise<void>((resolve, reject) => {
            const req = indexedDB.deleteDatabase(d.name!);
            req.onsuccess = () => resolve();
            req.onerror = () => reject(new Error(`could not delete ${d.name}`));
            req.onblocked = () => reject(new Error(`${d.name} is still open`));
          }),
      ),
    );
    return (await indexedDB.databases()).length;
  });
  expect(left).toBe(0);
}

test('back up, wipe the databases, restore: the customers are back; a wrong passphrase is refused', async ({
  page,
}, testInfo) => {
  await openApp(page);
  await createCustomer(page, { givenName: 'Ines', familyName: 'Backup', notes: 'Prefers mornings' });
  await createCustomer(page, { givenName: '丽', familyName: '王', company: '上海瑞丰食品有限公司' }, '王丽');

  await openSettings(page);
  const backupCard = page.getByRole('region', { name: 'Backup', exact: true });
  await backupCard.getByLabel('Passphrase for the file').fill(PASS);
  await backupCard.getByLabel('Repeat the passphrase').fill('something else');
  await backupCard.getByRole('button', { name: 'Back up' }).click();
  await expect(backupCard.getByRole('alert')).toHaveText('The two passphrases differ.');
  await backupCard.getByLabel('Repeat the passphrase').fill(PASS);
  const downloading = page.waitForEvent('download');
  await backupCard.getByRole('button', { name: 'Back up' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^fieldbook-backup-\d{4}-\d{2}-\d{2}\.fbbackup$/);
  const file = testInfo.outputPath('customers.fbbackup');
  await download.saveAs(file);
  await expect(backupCard.getByRole('status')).toContainText('2 customers');

  await wipeDatabases(page);
  await openApp(page);
  await expect(listRows(page)).toHaveCount(0);

  await openSettings(page);
  const restoreCard = page.getByRole('region', { name: 'Restore from a backup' });
  await restoreCard.getByLabel('Backup file').setInputFiles(file);
  await restoreCard.getByLabel('The file’s passphrase').fill('harbour lights 2025');
  await restoreCard.getByRole('button', { name: 'Check file' }).click();
  await expect(restoreCard.getByRole('alert')).toContainText('Wrong passphrase');
  await expect(restoreCard.getByRole('button', { name: 'Restore', exact: true })).toHaveCount(0);

  await restoreCard.getByLabel('The file’s passphrase').fill(PASS);
  await restoreCard.getByRole('button', { name: 'Check file' }).click();
  const summary = restoreCard.getByRole('table', { name: 'What will change' });
  await expect(summary.getByRole('row', { name: /^Customers/ })).toHaveText(/Customers\s*2\s*0\s*0/);
  await restoreCard.getByRole('button', { name: 'Restore', exact: true }).click();
  // Two customers and the two audit entries that recorded their creation.
  await expect(restoreCard.getByRole('status')).toHaveText('Restored: 4 new, 0 updated, 0 removed.');

  await showCustomers(page);
  await expect(listRows(page)).toHaveCount(2);
  await expect(listRows(page).filter({ hasText: '王丽' })).toHaveCount(1);
  await expect(listRows(page).filter({ hasText: 'Ines Backup' })).toHaveCount(1);
});
