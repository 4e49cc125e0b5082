// Customer form ↔ stored fields: validation with normalization, tags, and the search keys.
import type {
  ConsentInput,
  CustomerErrorField,
  CustomerFields,
  CustomerFormField,
  CustomerFormInput,
  CustomerSearchKeys,
  FieldErrors,
  Validated,
} from './types';
import { clip, collapseSpaces, fold } from './text';
import { nameKeys, normalizeNames, KEY_MAX } from './names';
import { normalizeEmail } from './email';
import { ensurePhoneFor, formatPhone, nationalNumberOf, normalizePhone } from './phone';
import { ensurePinyinFor } from './pinyin';
import { normalizeCountry } from './country';
import { normalizeBirthDate, todayIso } from './dates';
import { CONSENT_CHANNELS, emptyConsent, type ChannelConsent, type Consent, type ConsentChannel } from './consent';
import { emptyCustomerFields } from './customer-fields';

/** Length limits (UTF-16 units) of free-text fields; longer input is an 'error.tooLong'. */
export const FIELD_LIMITS = {
  givenName: 100,
  familyName: 100,
  company: 200,
  jobTitle: 200,
  street: 200,
  city: 100,
  region: 100,
  postcode: 20,
  notes: 5000,
} as const satisfies Partial<Record<CustomerFormField, number>>;

export const TAG_MAX = 40;

export const ALIAS_MAX = 200;

/** The form's view of stored consent: the date in local time, the stored time kept alongside. */
function consentToInput(consent: Consent): Record<ConsentChannel, ConsentInput> {
  const out = {} as Record<ConsentChannel, ConsentInput>;
  for (const ch of CONSENT_CHANNELS) {
    const c = consent[ch];
    out[ch] = { status: c.status, date: c.at ? todayIso(new Date(c.at)) : '', source: c.source, at: c.at };
  }
  return out;
}

/** An empty form (every value a string as typed; the stored record's empty is customer-fields.ts). */
export function emptyCustomerInput(): CustomerFormInput {
  return customerToInput(emptyCustomerFields());
}

/** Stored fields → form values (tags joined with ', ', phones formatted internationally). */
export function customerToInput(c: CustomerFields): CustomerFormInput {
  return {
    givenName: c.givenName,
    familyName: c.familyName,
    email: c.email,
    phone: formatPhone(c.phone, 'international'),
    otherEmails: [...c.otherEmails],
    otherPhones: c.otherPhones.map((p) => formatPhone(p, 'international')),
    aliases: [...c.aliases],
    company: c.company,
    jobTitle: c.jobTitle,
    street: c.street,
    city: c.city,
    postcode: c.postcode,
    region: c.region,
    country: c.country,
    birthDate: c.birthDate,
    tags: c.tags.join(', '),
    preferredLanguage: c.preferredLanguage,
    notes: c.notes,
    ownerId: c.ownerId,
    consent: consentToInput(c.consent),
  };
}

/**
 * One channel's consent from the form. 'unknown' clears date and source. A given or refused
 * consent needs a real date up to today ('' means today); an unchanged date keeps the stored time
 * exactly, today's date is "now", an earlier one noon of that day (local time).
 */
function consentFromInput(c: ConsentInput, today: string, now: number): ChannelConsent | null {
  if (c.status === 'unknown') return { status: 'unknown', at: 0, source: '' };
  const date = collapseSpaces(c.date);
  if (date === '' || date === today) {
    const at = c.at && todayIso(new Date(c.at)) === today ? c.at : now;
    return { status: c.status, at, source: c.source || 'inPerson' };
  }
  const parsed = normalizeBirthDate(date, today);
  if (!parsed.ok || parsed.value === '') return null;
  const at = c.at && todayIso(new Date(c.at)) === parsed.value ? c.at : new Date(`${parsed.value}T12:00:00`).getTime();
  return { status: c.status, at, source: c.source || 'inPerson' };
}

/** The non-empty entries of a list field, each normalized by `one` (null: invalid → an error on that entry). */
function listField<F extends 'otherEmails' | 'otherPhones' | 'aliases'>(
  field: F,
  entries: readonly string[],
  one: (s: string) => string | null,
  errors: FieldErrors<CustomerErrorField>,
  message: string,
): string[] {
  const out: string[] = [];
  entries.forEach((raw, i) => {
    if (raw.trim() === '') return;
    const v = one(raw);
    if (v === null) errors[`${field}.${i}`] = message;
    else if (v !== '' && !out.includes(v)) out.push(v);
  });
  return out;
}

const TAG_SPLIT_RE = /[,;，；、\r\n]+/u;

function splitTags(s: string): string[] {
  // NFKC before splitting: a compatibility character can expand to a separator ("🄁" is "0,"), and a
  // tag holding a comma would become two tags the next time the form is saved.
  return s.normalize('NFKC').split(TAG_SPLIT_RE).map(collapseSpaces).filter(Boolean);
}

/** Split on , ; ， ； 、 and newlines; trim, drop empties, dedupe case-insensitively (first spelling wins), ≤ 40 chars each. */
export function parseTags(s: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const tag of splitTags(s).map((t) => clip(t, TAG_MAX))) {
    const k = tag.toLowerCase();
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(tag);
  }
  return out;
}

/** Notes keep their line breaks; only line endings are unified and outer blank space trimmed. */
const normalizeNotes = (s: string): string => s.replace(/\r\n?/g, '\n').trim();

/** What a new record carries over when there is no stored one (read only; built once, not per call). */
const NO_BASE: Readonly<Pick<CustomerFields, 'source' | 'mergedInto' | 'consentHistory'>> = Object.freeze({
  ...emptyCustomerFields(),
  consentHistory: Object.freeze([]) as unknown as CustomerFields['consentHistory'],
});

/**
 * Validate and normalize a form. Phone numbers are read in the customer's country when it is valid,
 * else `defaultRegion`. `base` is the stored record being edited: what the form does not edit
 * (source, merge link, consent history) is carried over from it; the consent history itself is
 * appended by the write path (appendConsentChanges), which knows who writes.
 */
export function validateCustomer(
  input: CustomerFormInput,
  opts: { defaultRegion: string; today: string; now?: number; base?: CustomerFields },
): Validated<CustomerFields, CustomerErrorField> {
  const errors: FieldErrors<CustomerErrorField> = {};
  const names = normalizeNames(input.givenName, input.familyName);
  const text = {
    givenName: names.givenName,
    familyName: names.familyName,
    company: collapseSpaces(input.company),
    jobTitle: collapseSpaces(input.jobTitle),
    street: collapseSpaces(input.street),
    city: collapseSpaces(input.city),
    region: collapseSpaces(input.region),
    // NFC again after upper-casing: some letters upper-case to decomposed forms (ῢ → Ϋ̀), which the
    // next save would recompose, so an unchanged form would store a different postcode.
    postcode: collapseSpaces(input.postcode).toUpperCase().normalize('NFC'),
    notes: normalizeNotes(input.notes),
  };
  for (const field of Object.keys(FIELD_LIMITS) as (keyof typeof FIELD_LIMITS)[]) {
    if (text[field].length > FIELD_LIMITS[field]) errors[field] = 'error.tooLong';
  }
  if (text.givenName === '' && text.familyName === '') errors.givenName = 'error.nameRequired';

  const email = normalizeEmail(input.email);
  if (email === null) errors.email = 'error.emailInvalid';

  const country = normalizeCountry(input.country);
  if (country === null) errors.country = 'error.countryUnknown';

  const phoneRegion = country || opts.defaultRegion;
  const phone = normalizePhone(input.phone, phoneRegion);
  if (phone === null) errors.phone = 'error.phoneInvalid';

  const otherEmails = listField('otherEmails', input.otherEmails, normalizeEmail, errors, 'error.emailInvalid');
  const otherPhones = listField(
    'otherPhones',
    input.otherPhones,
    (p) => normalizePhone(p, phoneRegion)?.e164 ?? null,
    errors,
    'error.phoneInvalid',
  );
  const aliases = listField(
    'aliases',
    input.aliases,
    (a) => (collapseSpaces(a).length > ALIAS_MAX ? null : collapseSpaces(a)),
    errors,
    'error.tooLong',
  );

  const birth = normalizeBirthDate(input.birthDate, opts.today);
  if (!birth.ok) errors.birthDate = birth.error;

  const now = opts.now ?? Date.now();
  const consent = emptyConsent();
  for (const ch of CONSENT_CHANNELS) {
    const c = consentFromInput(input.consent[ch], opts.today, now);
    if (c === null) errors[`consent.${ch}`] = 'error.consentDate';
    else consent[ch] = c;
  }

  // Tags are never cut silently: an over-long tag is reported, parseTags only clips as a last resort.
  if (splitTags(input.tags).some((t) => t.length > TAG_MAX)) errors.tags = 'error.tooLong';

  if (Object.keys(errors).length > 0 || email === null || country === null || phone === null || !birth.ok) {
    return { ok: false, errors };
  }
  const base = opts.base ?? NO_BASE;
  return {
    ok: true,
    // Every field written out (no spread of `text`): V8 builds this literal in one shape, where the
    // spread made each later field a slow property add (a profile of a 100,000-row import).
    value: {
      givenName: text.givenName,
      familyName: text.familyName,
      company: text.company,
      jobTitle: text.jobTitle,
      street: text.street,
      city: text.city,
      region: text.region,
      postcode: text.postcode,
      notes: text.notes,
      email,
      phone: phone.e164,
      // The primary ones are not repeated among the others.
      otherEmails: otherEmails.filter((e) => e.toLowerCase() !== email.toLowerCase()),
      otherPhones: otherPhones.filter((p) => p !== phone.e164),
      aliases,
      country,
      birthDate: birth.value,
      tags: parseTags(input.tags),
      preferredLanguage: input.preferredLanguage.trim(),
      ownerId: input.ownerId.trim(),
      source: base.source || 'manual',
      mergedInto: base.mergedInto,
      consent,
      consentHistory: base.consentHistory.map((c) => ({ ...c })),
    },
  };
}

/**
 * Before `customerSearchKeys` of these customers (or customer-like documents): loads what their keys
 * need and is not loaded at start-up, the pinyin dictionaries for a Chinese name and the phone
 * metadata for a number. Resolves at once when neither is needed or both are loaded.
 */
export async function ensureSearchKeyDataFor(docs: readonly object[]): Promise<void> {
  await Promise.all([ensurePinyinFor(docs), ensurePhoneFor(docs)]);
}

/**
 * Indexed search keys of a customer; every key ≤ 200 chars. Synchronous: `ensureSearchKeyDataFor`
 * first (a Chinese name or a phone number throws otherwise).
 */
export function customerSearchKeys(
  f: Pick<CustomerFields, 'givenName' | 'familyName' | 'email' | 'phone' | 'company'>,
): CustomerSearchKeys {
  const phoneKey = f.phone.replace(/[^0-9]/g, '');
  return {
    ...nameKeys(f.givenName, f.familyName),
    emailKey: clip(f.email.trim().toLowerCase(), KEY_MAX),
    phoneKey: clip(phoneKey, KEY_MAX),
    nationalKey: clip(nationalNumberOf(f.phone), KEY_MAX),
    phoneRevKey: clip([...phoneKey].reverse().join(''), KEY_MAX),
    companyKey: clip(fold(f.company), KEY_MAX),
  };
}
