// Hostile input through the customer form's own validation and normalization (validateCustomer, as
// CustomerForm.svelte calls it): every field, fed markup, bidi overrides, zero-width characters,
// lone surrogates and 1 MB strings. Nothing throws; a value is either accepted, and then saving it
// again from the form shows and stores the same value (nothing drifts or gets mangled), with markup
// kept as the text it is, or it is rejected with a message the user can read in both languages.
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { customerToInput, emptyCustomerInput, validateCustomer } from '../../../src/domain/customer';
import type { CustomerFormInput } from '../../../src/domain/types';
import { ensurePinyin } from '../../../src/domain/pinyin';
import { ensurePhoneMetadata } from '../../../src/domain/phone';
import { en } from '../../../src/i18n/en';
import { zhCN } from '../../../src/i18n/zh-CN';
import { loadDraft } from '../../../src/state/drafts';
import { assertNoPrototypePollution, hostileString, pollutingJson, SCRIPT_PAYLOADS } from './arbitraries';

await Promise.all([ensurePinyin(), ensurePhoneMetadata()]);

const opts = { defaultRegion: 'DE', today: '2026-06-15', now: Date.UTC(2026, 5, 15, 10) };
const TEXT_FIELDS = [
  'givenName',
  'familyName',
  'email',
  'phone',
  'company',
  'jobTitle',
  'street',
  'city',
  'postcode',
  'region',
  'country',
  'birthDate',
  'tags',
  'notes',
  'preferredLanguage',
  'ownerId',
] as const satisfies readonly (keyof CustomerFormInput)[];
const LIST_FIELDS = ['otherEmails', 'otherPhones', 'aliases'] as const satisfies readonly (keyof CustomerFormInput)[];

/** A form with a name (so "name required" does not hide what the field itself does). */
const form = (patch: Partial<CustomerFormInput>): CustomerFormInput => ({
  ...emptyCustomerInput(),
  givenName: 'Ada',
  ...patch,
});

/** The form shows domain errors through the catalogue ('error.consentDate' lives under record.*). */
function expectReadableMessages(errors: Record<string, string | undefined>): void {
  expect(Object.keys(errors).length).toBeGreaterThan(0);
  for (const key of Object.values(errors)) {
    const k = key === 'error.consentDate' ? 'record.error.consentDate' : String(key);
    expect(Object.hasOwn(en, k), `no English message for ${k}`).toBe(true);
    expect(Object.hasOwn(zhCN, k), `no Chinese message for ${k}`).toBe(true);
  }
}

/** Accepted: shown again in the form and saved again, the value is the same (what is stored is what is shown). */
function expectStable(input: CustomerFormInput): void {
  const first = validateCustomer(input, opts);
  if (!first.ok) {
    expectReadableMessages(first.errors);
    return;
  }
  const again = validateCustomer(customerToInput(first.value), opts);
  expect(again.ok).toBe(true);
  if (again.ok) expect(again.value).toEqual(first.value);
}

// Property runs take a second or two; on a loaded machine more than the default 5 s.
describe('every customer form field', { timeout: 60_000 }, () => {
  test.each(TEXT_FIELDS)('%s: hostile text is accepted stably or rejected with a message', (name) => {
    fc.assert(
      fc.property(hostileString(), (value) => {
        expectStable(form({ [name]: value }));
        assertNoPrototypePollution();
      }),
      { numRuns: 60 },
    );
  });

  test.each(LIST_FIELDS)('%s: hostile entries are accepted stably or rejected with a message', (name) => {
    fc.assert(
      fc.property(fc.array(hostileString(), { maxLength: 3 }), (entries) => {
        expectStable(form({ [name]: entries }));
      }),
      { numRuns: 40 },
    );
  });

  test('consent dates: hostile text is accepted stably or rejected with a message', () => {
    fc.assert(
      fc.property(hostileString(), fc.constantFrom<'granted' | 'refused'>('granted', 'refused'), (date, status) => {
        const input = form({});
        input.consent.email = { ...input.consent.email, status, date };
        expectStable(input);
      }),
      { numRuns: 40 },
    );
  });

  test('every field hostile at once', () => {
    const textFields = Object.fromEntries(TEXT_FIELDS.map((f) => [f, hostileString({ huge: false })]));
    fc.assert(
      fc.property(fc.record(textFields), (patch) => expectStable(form(patch))),
      { numRuns: 60 },
    );
  });
});

describe('markup is kept as text, never stripped or escaped', { timeout: 60_000 }, () => {
  const FREE_TEXT = ['givenName', 'familyName', 'company', 'jobTitle', 'street', 'city', 'region', 'notes'] as const;
  test.each(FREE_TEXT)('%s', (name) => {
    for (const payload of SCRIPT_PAYLOADS) {
      const result = validateCustomer(form({ [name]: payload }), opts);
      // Some payloads are longer than a short field allows; then they are rejected, not cut.
      if (!result.ok) {
        expect(result.errors[name]).toBe('error.tooLong');
        continue;
      }
      expect(result.value[name]).toBe(payload);
    }
  });

  test('notes keep every hostile character exactly (only line endings are unified and the ends trimmed)', () => {
    fc.assert(
      fc.property(hostileString({ huge: false }), (notes) => {
        const result = validateCustomer(form({ notes }), opts);
        const expected = notes.replace(/\r\n?/g, '\n').trim();
        if (expected.length > 5000) expect(result.ok).toBe(false);
        else {
          expect(result.ok).toBe(true);
          if (result.ok) expect(result.value.notes).toBe(expected);
        }
      }),
    );
  });

  test('a 1 MB value is rejected as too long in every limited field, not cut or crashed on', () => {
    const huge = '<img src=x onerror=alert(1)>'.repeat(40_000);
    for (const name of [
      'givenName',
      'company',
      'jobTitle',
      'street',
      'city',
      'region',
      'postcode',
      'notes',
      'tags',
    ] as const) {
      const result = validateCustomer(form({ [name]: huge }), opts);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.errors[name]).toBe('error.tooLong');
    }
    for (const name of ['email', 'phone', 'country', 'birthDate'] as const) {
      const result = validateCustomer(form({ [name]: huge }), opts);
      expect(result.ok, name).toBe(false);
      if (!result.ok) expectReadableMessages(result.errors);
    }
  });
});

describe('a restored draft with prototype keys (drafts are JSON in localStorage)', () => {
  test('the form’s merge of the draft pollutes nothing and validates like any input', () => {
    const memory = new Map<string, string>();
    const storage = {
      getItem: (k: string) => memory.get(k) ?? null,
      setItem: (k: string, v: string) => void memory.set(k, v),
      removeItem: (k: string) => void memory.delete(k),
    };
    const g = globalThis as { localStorage?: unknown };
    const had = g.localStorage;
    g.localStorage = storage;
    try {
      fc.assert(
        fc.property(pollutingJson, (json) => {
          memory.set('fieldbook.draft.new', json);
          const draft = loadDraft<CustomerFormInput>('new');
          // CustomerForm.svelte: `{ ...initial, ...(draft ?? {}) }`
          const input: CustomerFormInput = { ...form({}), ...(draft ?? {}) };
          expectStable(input);
          assertNoPrototypePollution();
          expect(Object.getPrototypeOf(input)).toBe(Object.prototype);
        }),
      );
    } finally {
      g.localStorage = had;
    }
  });
});
