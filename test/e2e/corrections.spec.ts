// A rep corrects the day's records: an order edited and back-dated, its status moved along, an
// entry deleted and brought back with Undo, a customer moved to the Trash and restored. At tablet
// and phone width, and once in 简体中文.
import { expect, test } from '@playwright/test';
import { zhCN } from '../../src/i18n/zh-CN';
import {
  addOrder,
  createCustomer,
  detailHeading,
  listRows,
  listStatus,
  openApp,
  ordersOf,
  search,
  waitReady,
} from './helpers';

const SIZES = [
  { name: 'tablet', viewport: { width: 1024, height: 768 } },
  { name: 'phone', viewport: { width: 360, height: 740 } },
] as const;

for (const size of SIZES) {
  test.describe(`at ${size.name} size`, () => {
    test.use({ viewport: size.viewport });

    test('edit and back-date an order, move its status along, delete it and Undo', async ({ page }) => {
      await openApp(page);
      await createCustomer(page, { givenName: 'Olga', familyName: 'Order' });
      const orders = ordersOf(page);
      await addOrder(page, 'Grinder burr set', '2', '10.00', '2026-11-20', '09:30');

      const order = orders.getByRole('listitem');
      await expect(order).toHaveCount(1);
      await expect(order.getByText('$20.00', { exact: true })).toBeVisible();
      await expect(order).toContainText('Nov 20, 2026');
      // A new order is confirmed when it is taken, on its (back-dated) order date.
      await expect(order.getByText('Confirmed', { exact: true })).toBeVisible();
      await expect(order).toContainText('Confirmed Nov 20, 2026, 9:30 AM');
      await expect(orders.getByText('Totals count confirmed, delivered and paid orders')).toBeVisible();

      // Edit: a wrong quantity, an earlier date, and "delivered" yesterday afternoon.
      await order.getByRole('button', { name: /^Edit order of Nov 20, 2026/ }).click();
      const form = orders.getByRole('form', { name: 'Edit order' });
      await expect(form.getByRole('group', { name: 'Item 1' }).getByLabel('Product', { exact: true })).toHaveValue(
        'Grinder burr set',
      );
      await form.getByRole('group', { name: 'Item 1' }).getByLabel('Quantity', { exact: true }).fill('3');
      await form.getByRole('group', { name: 'Order date' }).getByLabel('Date', { exact: true }).fill('2026-11-18');
      await form.getByLabel('Status', { exact: true }).selectOption({ label: 'Delivered' });
      const deliveredOn = form.getByRole('group', { name: 'Delivered on' });
      await deliveredOn.getByLabel('Date', { exact: true }).fill('2026-11-19');
      await deliveredOn.getByLabel('Time', { exact: true }).fill('14:00');
      await form.getByRole('button', { name: 'Save order', exact: true }).click();
      await expect(form).toHaveCount(0);

      await expect(order.getByText('$30.00', { exact: true })).toBeVisible();
      await expect(order.getByText('Delivered', { exact: true })).toBeVisible();
      await expect(order).toContainText('Confirmed Nov 18, 2026, 9:30 AM');
      await expect(order).toContainText('Delivered Nov 19, 2026, 2:00 PM');

      // The next step is one tap.
      await order.getByRole('button', { name: 'Mark paid', exact: true }).click();
      await expect(order.getByText('Paid', { exact: true })).toBeVisible();
      await expect(order.getByRole('button', { name: /^Mark / })).toHaveCount(0);

      // Delete, then Undo from the toast: the same order comes back.
      await order.getByRole('button', { name: /^Delete order of Nov 18, 2026/ }).click();
      await expect(page.getByText('Order deleted.')).toBeVisible();
      await expect(orders.getByText('No orders yet.')).toBeVisible();
      await page.getByRole('button', { name: 'Undo', exact: true }).click();
      await expect(order).toHaveCount(1);
      await expect(order.getByText('$30.00', { exact: true })).toBeVisible();
      await expect(order.getByText('Paid', { exact: true })).toBeVisible();

      // It all survives a reload.
      await page.reload();
      await waitReady(page);
      await expect(ordersOf(page).getByRole('listitem')).toContainText('Delivered Nov 19, 2026, 2:00 PM');
    });

    test('back-date a visit and correct it; delete a survey answer and Undo', async ({ page }) => {
      await openApp(page);
      await createCustomer(page, { givenName: 'Victor', familyName: 'Visit' });
      const interactions = page.locator('article.detail').getByRole('region', { name: 'Visits and interactions' });
      await interactions.getByRole('button', { name: 'Log interaction', exact: true }).click();
      const form = interactions.getByRole('form', { name: 'Log interaction' });
      await form.getByLabel('Subject', { exact: true }).fill('Shop visit');
      const when = form.getByRole('group', { name: 'When' });
      await when.getByLabel('Date', { exact: true }).fill('2026-10-02');
      await when.getByLabel('Time', { exact: true }).fill('11:15');
      await form.getByRole('button', { name: 'Save interaction', exact: true }).click();
      const visit = interactions.getByRole('listitem');
      await expect(visit).toContainText('Visit: Shop visit');
      await expect(visit).toContainText('Oct 2, 2026, 11:15 AM');

      await visit.getByRole('button', { name: /^Edit Visit of Oct 2, 2026/ }).click();
      const edit = interactions.getByRole('form', { name: 'Edit interaction' });
      await expect(edit.getByLabel('Subject', { exact: true })).toHaveValue('Shop visit');
      await edit.getByLabel('Subject', { exact: true }).fill('Shop visit with the owner');
      await edit.getByRole('group', { name: 'When' }).getByLabel('Date', { exact: true }).fill('2026-10-01');
      await edit.getByRole('button', { name: 'Save interaction', exact: true }).click();
      await expect(visit).toContainText('Visit: Shop visit with the owner');
      await expect(visit).toContainText('Oct 1, 2026, 11:15 AM');

      const surveys = page.locator('article.detail').getByRole('region', { name: 'Survey answers' });
      await surveys.getByRole('button', { name: 'Add survey', exact: true }).click();
      const surveyForm = surveys.getByRole('form', { name: 'Add survey' });
      await surveyForm.getByLabel('Score', { exact: true }).fill('4');
      await surveyForm.getByRole('button', { name: 'Save survey', exact: true }).click();
      const answer = surveys.getByRole('listitem');
      await expect(answer).toContainText('Detractor');
      await answer.getByRole('button', { name: /^Edit survey answer of/ }).click();
      const surveyEdit = surveys.getByRole('form', { name: 'Edit survey answer' });
      await surveyEdit.getByLabel('Score', { exact: true }).fill('9');
      await surveyEdit.getByRole('button', { name: 'Save survey', exact: true }).click();
      await expect(answer).toContainText('Promoter');
      await answer.getByRole('button', { name: /^Delete survey answer of/ }).click();
      await expect(surveys.getByText('No survey answers yet.')).toBeVisible();
      await page.getByRole('button', { name: 'Undo', exact: true }).click();
      await expect(answer).toContainText('9 / 10');
    });

    test('Delete asks first, the customer goes to the Trash (out of list, count and search) and is restored', async ({
      page,
    }) => {
      await openApp(page);
      await createCustomer(page, { givenName: 'Tina', familyName: 'Trash', company: 'Bin Supplies' });
      await createCustomer(page, { givenName: 'Kurt', familyName: 'Keep' });
      await page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'Customers', exact: true })
        .click();
      await expect(page).toHaveURL(/#\/$/);
      await expect(listStatus(page)).toHaveText('2 customers');
      await listRows(page).filter({ hasText: 'Tina Trash' }).click();
      await expect(detailHeading(page)).toHaveText('Tina Trash');

      await page.locator('article.detail').getByRole('button', { name: 'Delete', exact: true }).click();
      const confirm = page.getByRole('alertdialog');
      await expect(confirm).toContainText('Move Tina Trash to the Trash?');
      await confirm.getByRole('button', { name: 'Cancel', exact: true }).click();
      await expect(confirm).toHaveCount(0);
      await expect(detailHeading(page)).toHaveText('Tina Trash');

      await page.locator('article.detail').getByRole('button', { name: 'Delete', exact: true }).click();
      await page.getByRole('alertdialog').getByRole('button', { name: 'Move to Trash', exact: true }).click();
      await expect(page.getByText('Moved Tina Trash to the Trash.')).toBeVisible();
      await expect(page).toHaveURL(/#\/$/);
      await expect(listStatus(page)).toHaveText('1 customer');
      await expect(listRows(page).filter({ hasText: 'Tina Trash' })).toHaveCount(0);
      await search(page, 'tina');
      await expect(listRows(page)).toHaveCount(0);
      await search(page, '');

      // In the Trash, after a reload too (it is stored, not a pending Undo).
      await page.reload();
      await waitReady(page);
      await page.getByRole('link', { name: 'Trash', exact: true }).click();
      await expect(page).toHaveURL(/#\/trash$/);
      await expect(page.getByRole('status').filter({ hasText: '1 customer in the Trash' })).toBeVisible();
      const trash = page.getByRole('list', { name: 'Trash' });
      await expect(trash.getByRole('listitem')).toHaveCount(1);
      await expect(trash.getByRole('listitem')).toContainText('Tina Trash');
      await expect(trash.getByRole('listitem')).toContainText('Bin Supplies');
      await trash.getByRole('button', { name: 'Restore Tina Trash', exact: true }).click();
      await expect(page.getByText('Restored Tina Trash.')).toBeVisible();
      await expect(page.getByRole('status').filter({ hasText: 'The Trash is empty.' })).toBeVisible();

      await page.getByRole('link', { name: '← Customers' }).click();
      await expect(listStatus(page)).toHaveText('2 customers');
      await search(page, 'tina');
      await expect(listRows(page)).toHaveCount(1);
    });
  });
}

test("a new order starts in the device's default currency, then in the customer's last one", async ({ page }) => {
  await openApp(page);
  // en-US: the first default follows the device's region.
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  const setting = page.getByLabel('Default currency', { exact: true });
  await expect(setting).toHaveValue('USD');
  await setting.selectOption('GBP');
  await createCustomer(page, { givenName: 'Cora', familyName: 'Currency' });
  const orders = ordersOf(page);
  await orders.getByRole('button', { name: 'Add order', exact: true }).click();
  const form = orders.getByRole('form', { name: 'Add order' });
  await expect(form.getByLabel('Currency', { exact: true })).toHaveValue('GBP');
  await form.getByLabel('Currency', { exact: true }).selectOption('EUR');
  const item = form.getByRole('group', { name: 'Item 1' });
  await item.getByLabel('Product', { exact: true }).fill('Tamper');
  await item.getByLabel('Unit price', { exact: true }).fill('19.90');
  await form.getByRole('button', { name: 'Save order', exact: true }).click();
  await expect(orders.getByRole('listitem').getByText('€19.90', { exact: true })).toBeVisible();
  await orders.getByRole('button', { name: 'Add order', exact: true }).click();
  await expect(orders.getByRole('form', { name: 'Add order' }).getByLabel('Currency', { exact: true })).toHaveValue(
    'EUR',
  );
  // The device default stays what was chosen (kept across reloads).
  await page.reload();
  await waitReady(page);
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  await expect(page.getByLabel('Default currency', { exact: true })).toHaveValue('GBP');
});

test('delete for good from the Trash, after a confirmation', async ({ page }) => {
  await openApp(page);
  await createCustomer(page, { givenName: 'Gone', familyName: 'Forever' });
  await page.locator('article.detail').getByRole('button', { name: 'Delete', exact: true }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Move to Trash', exact: true }).click();
  // Trashed: the app goes back to the list (wait for it, or that navigation lands after ours).
  await expect(page).toHaveURL(/#\/$/);
  await page.goto('/#/trash');
  const row = page.getByRole('list', { name: 'Trash' }).getByRole('listitem');
  await expect(row).toContainText('Gone Forever');
  await row.getByRole('button', { name: 'Delete Gone Forever for good', exact: true }).click();
  await expect(row.getByRole('alertdialog')).toContainText('This cannot be undone.');
  await row.getByRole('button', { name: 'Yes, delete for good', exact: true }).click();
  await expect(page.getByText('Deleted Gone Forever for good.')).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'The Trash is empty.' })).toBeVisible();
});

test.describe('in 简体中文 on a phone', () => {
  test.use({ locale: 'zh-CN', viewport: { width: 360, height: 740 } });

  test('change an order status and trash and restore the customer', async ({ page }) => {
    await openApp(page);
    const nav = page.getByRole('navigation', { name: zhCN['nav.main'] });
    await nav.getByRole('link', { name: zhCN['nav.customers'], exact: true }).click();
    await page.getByRole('link', { name: zhCN['customer.new'], exact: true }).click();
    await page.getByLabel(zhCN['field.familyName'], { exact: true }).fill('王');
    await page.getByLabel(zhCN['field.givenName'], { exact: true }).fill('芳');
    await page.getByRole('button', { name: zhCN['customer.save'], exact: true }).click();
    await expect(detailHeading(page)).toHaveText('王芳');

    const orders = page.locator('article.detail').getByRole('region', { name: zhCN['orders.title'] });
    await orders.getByRole('button', { name: zhCN['orders.add'], exact: true }).click();
    const form = orders.getByRole('form', { name: zhCN['orders.add'] });
    const item = form.getByRole('group', { name: '第 1 项' });
    await item.getByLabel(zhCN['orders.product'], { exact: true }).fill('咖啡豆');
    await item.getByLabel(zhCN['orders.quantity'], { exact: true }).fill('1');
    await item.getByLabel(zhCN['orders.unitPrice'], { exact: true }).fill('88');
    await form
      .getByLabel(zhCN['orders.statusLabel'], { exact: true })
      .selectOption({ label: zhCN['orders.status.draft'] });
    await form.getByRole('button', { name: zhCN['orders.save'], exact: true }).click();
    const order = orders.getByRole('listitem');
    await expect(order.getByText(zhCN['orders.status.draft'], { exact: true })).toBeVisible();
    await order.getByRole('button', { name: zhCN['orders.markAs.confirmed'], exact: true }).click();
    await expect(order.getByText(zhCN['orders.status.confirmed'], { exact: true })).toBeVisible();
    await order.getByRole('button', { name: zhCN['orders.markAs.delivered'], exact: true }).click();
    await expect(order.getByText(zhCN['orders.status.delivered'], { exact: true })).toBeVisible();

    await page.locator('article.detail').getByRole('button', { name: zhCN['customer.delete'], exact: true }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: zhCN['trash.move'], exact: true }).click();
    await expect(page.getByText('已将王芳移到回收站。')).toBeVisible();
    await page.getByRole('link', { name: zhCN['trash.title'], exact: true }).click();
    await expect(page.getByRole('status').filter({ hasText: '回收站中有 1 位客户' })).toBeVisible();
    await page.getByRole('button', { name: '恢复王芳', exact: true }).click();
    await expect(page.getByRole('status').filter({ hasText: zhCN['trash.empty'] })).toBeVisible();
  });
});
