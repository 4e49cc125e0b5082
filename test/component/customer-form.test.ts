import { describe, expect, test, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/svelte';
import CustomerForm from '../../src/features/customers/CustomerForm.svelte';
import { emptyCustomerInput } from '../../src/domain/customer';
import type { CustomerFields } from '../../src/domain/types';

function setup(
  overrides: {
    findDuplicates?: () => Promise<Array<{ id: string; name: string; sameEmail: boolean; samePhone: boolean }>>;
  } = {},
) {
  const saved: CustomerFields[] = [];
  const onSave = vi.fn((f: CustomerFields) => {
    saved.push(f);
    return Promise.resolve();
  });
  render(CustomerForm, {
    title: 'New customer',
    initial: emptyCustomerInput(),
    draftKey: 'test',
    defaultRegion: 'DE',
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
});
