import { describe, expect, test, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/svelte';
import CustomerForm from '../../src/features/customers/CustomerForm.svelte';
import { customerToInput, emptyCustomerInput } from '../../src/domain/customer';
import type { CustomerFields, CustomerFormInput } from '../../src/domain/types';
import { customerFields } from '../factories/customer';
import { ensurePhoneMetadata } from '../../src/domain/phone';
import { i18n } from '../../src/i18n/i18n.svelte';

function setup(
  overrides: {
    findDuplicates?: () => Promise<Array<{ id: string; name: string; sameEmail: boolean; samePhone: boolean }>>;
    initial?: CustomerFormInput;
    base?: CustomerFields;
  } = {},
) {
  const saved: CustomerFields[] = [];
  const onSave = vi.fn((f: CustomerFields) => {
    saved.push(f);
    return Promise.resolve();
  });
  render(CustomerForm, {
    title: 'New customer',
    initial: overrides.initial ?? emptyCustomerInput(),
    base: overrides.base,
    draftKey: 'test',
    defaultRegion: 'DE',
    ownerOptions: [
      { id: 'device-1234abcd', label: 'Anna (you)' },
      { id: 'bob', label: 'bob' },
    ],
    findDuplicates: overrides.findDuplicates ?? (() => Promise.resolve([])),
    duplicateHref: (id: string) => `#/customers/${id}`,
    onSave,
    onCancel: () => {},
  });
  return { onSave, saved };
}

const field = (label: string) => screen.getByLabelText<HTMLInputElement>(label, { exact: true });
async function type(label: string, value: string) {
  await fireEvent.input(field(label), { target: { value } });
}
const save = () => fireEvent.click(screen.getByRole('button', { name: /^Save/ }));

describe('CustomerForm', () => {
  test('every field has a visible label', () => {
    setup();
    for (const label of [
      'Given name',
      'Family name',
      'Email',
      'Phone',
      'Company',
      'Street',
      'City',
      'Postcode',
      'Region',
      'Country',
      'Birth date',
      'Tags',
      'Notes',
    ]) {
      expect(field(label)).toBeTruthy();
    }
  });

  test('invalid input shows messages next to the fields and saves nothing', async () => {
    const { onSave } = setup();
    await type('Email', 'not-an-email');
    await type('Phone', '12');
    await type('Birth date', '2999-01-01');
    await save();
    // The first Save may wait for the phone metadata (loaded on first need).
    await vi.waitFor(() => expect(field('Email').getAttribute('aria-invalid')).toBe('true'));
    expect(onSave).not.toHaveBeenCalled();
    expect(document.getElementById('f-email-error')?.textContent).toMatch(/not a valid email/);
    expect(document.getElementById('f-phone-error')?.textContent).toMatch(/not a valid phone number for Germany/);
    expect(document.getElementById('f-birth-error')?.textContent).toMatch(/future/);
    expect(document.getElementById('f-given-error')?.textContent).toMatch(/given name or a family name/);
  });

  test('valid input is normalized before it is handed to onSave', async () => {
    const { saved } = setup();
    await type('Given name', '  欧阳娜娜 ');
    await type('Email', 'Nana@Example.COM');
    await type('Phone', '030 1234567');
    await type('Country', 'germany');
    await save();
    await vi.waitFor(() => expect(saved).toHaveLength(1));
    expect(saved[0]).toMatchObject({
      familyName: '欧阳',
      givenName: '娜娜',
      email: 'Nana@example.com',
      phone: '+49301234567',
      country: 'DE',
    });
  });

  test('an exact duplicate is flagged with a link and needs "Save anyway"', async () => {
    const { onSave } = setup({
      findDuplicates: () => Promise.resolve([{ id: 'c1', name: 'Anna Schmidt', sameEmail: true, samePhone: false }]),
    });
    await type('Given name', 'Anna');
    await type('Email', 'anna@example.com');
    await save();
    const link = await screen.findByRole('link', { name: 'Anna Schmidt' });
    expect(link.getAttribute('href')).toBe('#/customers/c1');
    expect(onSave).not.toHaveBeenCalled();
    await fireEvent.click(screen.getByRole('button', { name: 'Save anyway' }));
    await vi.waitFor(() => expect(onSave).toHaveBeenCalledTimes(1));
  });

  test('what was typed is kept as a draft and restored', async () => {
    setup();
    await type('Company', 'Acme GmbH');
    expect(JSON.parse(localStorage.getItem('fieldbook.draft.test') ?? '{}')).toMatchObject({ company: 'Acme GmbH' });
  });

  // Many steps (each a render in jsdom): more than the default 5 s on a busy machine.
  test(
    'edits job title, other phones and emails (add and remove), consent and owner',
    { timeout: 30_000 },
    async () => {
      await ensurePhoneMetadata();
      const stored = customerFields({
        givenName: 'Wei',
        familyName: 'Zhang',
        phone: '+8613800138000',
        otherPhones: ['+12125550111'],
        otherEmails: ['old@example.com'],
        country: 'CN',
        ownerId: 'bob',
        source: 'import',
      });
      const { saved } = setup({ initial: customerToInput(stored), base: stored });
      expect(field('Other phone 1').value).toBe('+1 212 555 0111');
      await type('Job title', 'Buyer');
      // Remove the old email, add two phones and fill one (the empty one is dropped on save).
      await fireEvent.click(screen.getByRole('button', { name: 'Remove Other email 1' }));
      expect(screen.queryByLabelText('Other email 1')).toBeNull();
      await fireEvent.click(screen.getByRole('button', { name: '+ Add email' }));
      await type('Other email 1', 'wei@example.com');
      await fireEvent.click(screen.getByRole('button', { name: '+ Add phone' }));
      await fireEvent.click(screen.getByRole('button', { name: '+ Add phone' }));
      await type('Other phone 2', '021 6123 4567');
      // Consent by email given on a date, by a web form; SMS refused (today, in person by default).
      await fireEvent.change(field('Email: consent'), { target: { value: 'granted' } });
      await type('Email: when', '2024-05-01');
      await fireEvent.change(field('Email: how'), { target: { value: 'webForm' } });
      await fireEvent.change(field('SMS: consent'), { target: { value: 'refused' } });
      await fireEvent.change(field('Owner'), { target: { value: 'device-1234abcd' } });
      await save();
      await vi.waitFor(() => expect(saved).toHaveLength(1));
      const f = saved[0];
      expect(f).toMatchObject({
        jobTitle: 'Buyer',
        otherEmails: ['wei@example.com'],
        otherPhones: ['+12125550111', '+862161234567'],
        ownerId: 'device-1234abcd',
        source: 'import',
      });
      expect(f?.consent.email).toEqual({
        status: 'granted',
        at: new Date('2024-05-01T12:00:00').getTime(),
        source: 'webForm',
      });
      expect(f?.consent.sms).toMatchObject({ status: 'refused', source: 'inPerson' });
      expect(f?.consent.phone.status).toBe('unknown');
    },
  );

  test('an owner who is not offered is typed by user name', async () => {
    const { saved } = setup();
    await type('Given name', 'Anna');
    await fireEvent.change(field('Owner'), { target: { value: '\u0000other' } });
    await type('Their user name', ' carol ');
    await save();
    await vi.waitFor(() => expect(saved).toHaveLength(1));
    expect(saved[0]?.ownerId).toBe('carol');
  });

  test('an invalid other phone is flagged on that entry', async () => {
    const { onSave } = setup();
    await type('Given name', 'Anna');
    await fireEvent.click(screen.getByRole('button', { name: '+ Add phone' }));
    await type('Other phone 1', '12');
    await save();
    await vi.waitFor(() => expect(field('Other phone 1').getAttribute('aria-invalid')).toBe('true'));
    expect(onSave).not.toHaveBeenCalled();
  });

  test('family name first for a Chinese name, given name first otherwise', () => {
    const order = () =>
      [...document.querySelectorAll('input')].map((i) => i.id).filter((id) => id === 'f-given' || id === 'f-family');
    setup({ initial: customerToInput(customerFields({ givenName: '伟', familyName: '张' })) });
    expect(order()).toEqual(['f-family', 'f-given']);
    document.body.innerHTML = '';
    setup();
    expect(i18n.locale).toBe('en');
    expect(order()).toEqual(['f-given', 'f-family']);
  });
});
