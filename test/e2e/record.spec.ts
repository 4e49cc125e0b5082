// The customer record as reps use it, in Chromium at tablet and phone size: the form edits other
// phones and emails, consent and owner; after a merge the second phone is on the record as a tel:
// link and the Chinese name is kept with its romanised twin as an alias; in 简体中文 the form
// asks for 姓 before 名.
import { expect, test, type Page } from '@playwright/test';
import { customerForm, detailFact, detailHeading, fillCustomer, openApp, openNewForm } from './helpers';

const SIZES = [
  { name: 'tablet', width: 1024, height: 768 },
  { name: 'phone', width: 360, height: 740 },
] as const;

const detail = (page: Page) => page.locator('article.detail');

/** Nothing scrolls sideways (polled: the layout settles after the screen renders). */
async function expectNoSidewaysScroll(page: Page): Promise<void> {
  await expect
    .poll(() => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth))
    .toBeLessThanOrEqual(0);
}

for (const size of SIZES) {
  test.describe(`at ${size.name} size (${size.width} px)`, () => {
    test.use({ viewport: { width: size.width, height: size.height } });

    test('the form edits other phones and emails, job title, consent and owner; the record shows them', async ({
      page,
    }) => {
      await openApp(page);
      await openNewForm(page);
      const form = customerForm(page);
      await fillCustomer(page, { givenName: 'Ana', familyName: 'Lima', phone: '+1 212 555 0100', country: 'US' });
      await form.getByLabel('Job title', { exact: true }).fill('Head buyer');
      await form.getByRole('button', { name: '+ Add phone' }).click();
      await form.getByLabel('Other phone 1', { exact: true }).fill('212 555 0111');
      await form.getByRole('button', { name: '+ Add email' }).click();
      await form.getByLabel('Other email 1', { exact: true }).fill('ana.lima@example.org');
      await form.getByLabel('Email: consent', { exact: true }).selectOption({ label: 'Given' });
      await form.getByLabel('Email: when', { exact: true }).fill('2026-03-02');
      await form.getByLabel('Email: how', { exact: true }).selectOption({ label: 'Signed form' });
      await form.getByLabel('SMS: consent', { exact: true }).selectOption({ label: 'Refused' });
      // A new customer belongs to whoever creates it: "You" until a profile name is set.
      await expect(form.getByLabel('Owner', { exact: true })).toHaveValue(/^device-/);
      await expect(form.getByLabel('Owner', { exact: true }).locator('option:checked')).toHaveText('You');
      await expectNoSidewaysScroll(page);
      await page.getByRole('button', { name: 'Save', exact: true }).click();

      await expect(detailHeading(page)).toHaveText('Ana Lima');
      await expect(detail(page).getByText('Head buyer', { exact: true })).toBeVisible();
      const phones = detailFact(page, 'Phone').getByRole('link');
      await expect(phones).toHaveText(['+1 212 555 0100', '+1 212 555 0111']);
      await expect(phones.nth(1)).toHaveAttribute('href', 'tel:+12125550111');
      await expect(detailFact(page, 'Email').getByRole('link', { name: 'ana.lima@example.org' })).toHaveAttribute(
        'href',
        'mailto:ana.lima@example.org',
      );
      const consent = detailFact(page, 'Consent to be contacted');
      await expect(consent).toContainText('Email: Given on Mar 2, 2026 (Signed form)');
      await expect(consent).toContainText('SMS: Refused on');
      await expect(consent).toContainText('Phone calls: Not asked');
      // Who recorded each change, by name (this device's user is "You"), never a device id.
      await consent.getByText('Consent history (2 changes)').click();
      await expect(consent.getByRole('listitem').filter({ hasText: 'recorded by You' })).toHaveCount(2);
      await expect(consent).not.toContainText('device-');
      await expect(detailFact(page, 'Owner')).toHaveText('You');
      await expectNoSidewaysScroll(page);

      // Edit: the second email goes, the owner becomes a colleague typed by user name.
      await detail(page).getByRole('link', { name: 'Edit', exact: true }).click();
      await expect(form.getByLabel('Other phone 1', { exact: true })).toHaveValue('+1 212 555 0111');
      await form.getByRole('button', { name: 'Remove Other email 1' }).click();
      await expect(form.getByLabel('Other email 1', { exact: true })).toHaveCount(0);
      await form.getByLabel('Owner', { exact: true }).selectOption({ label: 'Someone else…' });
      await form.getByLabel('Their user name', { exact: true }).fill('carol');
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await expect(detailFact(page, 'Owner')).toHaveText('carol');
      await expect(detailFact(page, 'Email')).toHaveCount(0);

      // Everything is still there after a reload (stored, not just shown).
      await page.reload();
      await expect(detailHeading(page)).toHaveText('Ana Lima');
      await expect(detailFact(page, 'Phone').getByRole('link')).toHaveText(['+1 212 555 0100', '+1 212 555 0111']);
      await expect(detailFact(page, 'Owner')).toHaveText('carol');
      await expect(detailFact(page, 'Consent to be contacted')).toContainText('Email: Given on Mar 2, 2026');
    });

    test('after a merge the second phone is on the record with a tel: link, and the hanzi name with its alias', async ({
      page,
    }) => {
      await openApp(page);
      await openNewForm(page);
      await fillCustomer(page, {
        givenName: 'Wei',
        familyName: 'Zhang',
        phone: '+1 212 555 0111',
        email: 'wei@example.com',
      });
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await expect(detailHeading(page)).toHaveText('Wei Zhang');

      await openNewForm(page);
      await fillCustomer(page, {
        givenName: '伟',
        familyName: '张',
        phone: '138 0013 8000',
        country: 'China',
        email: 'wei@example.com',
      });
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.getByRole('button', { name: 'Save anyway', exact: true }).click();
      await expect(detailHeading(page)).toHaveText('张伟');

      // Merge 张伟 into Wei Zhang with the default choices.
      await page
        .getByRole('region', { name: 'Possible duplicates' })
        .getByRole('listitem')
        .filter({ hasText: 'Wei Zhang' })
        .getByRole('button', { name: 'Merge into this one' })
        .click();
      const dialog = page.getByRole('dialog', { name: 'Merge customers' });
      await expect(dialog).toBeVisible();
      await expect(dialog.getByRole('group', { name: /Given name/ })).toContainText('own script');
      await dialog.getByRole('button', { name: 'Merge', exact: true }).click();
      await expect(dialog).toHaveCount(0);

      // The name in the customer's own script stays; the romanised twin is an alias.
      await expect(detailHeading(page)).toHaveText('张伟');
      await expect(detail(page).getByText('Wei Zhang')).toBeVisible();
      const phones = detailFact(page, 'Phone').getByRole('link');
      await expect(phones).toHaveCount(2);
      await expect(phones.filter({ hasText: '+86 138 0013 8000' })).toHaveAttribute('href', 'tel:+8613800138000');
      await expect(phones.filter({ hasText: '+1 212 555 0111' })).toHaveAttribute('href', 'tel:+12125550111');
      await expectNoSidewaysScroll(page);

      // The kept second phone is editable.
      await detail(page).getByRole('link', { name: 'Edit', exact: true }).click();
      await expect(customerForm(page).getByLabel('Other phone 1', { exact: true })).toHaveValue(
        /212 555 0111|138 0013 8000/,
      );
      await expect(customerForm(page).getByLabel('Other name 1', { exact: true })).toHaveValue('Wei Zhang');
    });

    test('in 简体中文 the form asks for 姓 before 名, and a lower-case name is kept as typed', async ({ page }) => {
      await openApp(page);
      await page.getByRole('navigation').getByRole('link', { name: 'Settings', exact: true }).click();
      await page.getByLabel('Language', { exact: true }).selectOption({ label: '简体中文' });
      await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '客户', exact: true }).click();
      await expect(page).toHaveURL(/#\/$/);
      await page.getByRole('region', { name: '客户' }).getByRole('link', { name: '新建客户', exact: true }).click();
      const form = customerForm(page);
      await expect(form.getByRole('heading', { name: '新建客户' })).toBeVisible();
      // The first name field of the form is 姓, then 名.
      const names = form.locator('.names input');
      await expect(names.first()).toHaveAccessibleName('姓');
      await expect(names.nth(1)).toHaveAccessibleName('名');
      await expect(form.getByRole('group', { name: '联系许可' })).toBeVisible();
      await expectNoSidewaysScroll(page);
      await form.getByLabel('姓', { exact: true }).fill('hooks');
      await form.getByLabel('名', { exact: true }).fill('bell');
      await page.getByRole('button', { name: '保存', exact: true }).click();
      await expect(detailHeading(page)).toHaveText('bell hooks');
    });
  });
}
