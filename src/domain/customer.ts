// Customer form ↔ stored fields: validation with normalization, tags, and the search keys.
import type { CustomerField, CustomerFields, CustomerInput, CustomerSearchKeys, FieldErrors, Validated } from './types';
import { clip, collapseSpaces, fold } from './text';
import { nameKeys, normalizeNames, KEY_MAX } from './names';
import { normalizeEmail } from './email';
import { ensurePhoneFor, formatPhone, nationalNumberOf, normalizePhone } from './phone';
import { ensurePinyinFor } from './pinyin';
import { normalizeCountry } from './country';
import { normalizeBirthDate } from './dates';

/** Length limits (UTF-16 units) of free-text fields; longer input is an 'error.tooLong'. */
export const FIELD_LIMITS = {
  givenName: 100,
  familyName: 100,
  company: 200,
  street: 200,
  city: 100,
  region: 100,
  postcode: 20,
  notes: 5000,
} as const satisfies Partial<Record<CustomerField, number>>;

export const TAG_MAX = 40;

/** An empty form (every value a string as typed; the stored record's empty is customer-fields.ts). */
export function emptyCustomerInput(): CustomerInput {
  return {
    givenName: '',
    familyName: '',
    email: '',
    phone: '',
    company: '',
    street: '',
    city: '',
    postcode: '',
    region: '',
    country: '',
    birthDate: '',
    tags: '',
    notes: '',
  };
}

/** Stored fields → form values (tags joined with ', ', phone formatted internationally). */
export function customerToInput(c: CustomerFields): CustomerInput {
  return {
    givenName: c.givenName,
    familyName: c.familyName,
    email: c.email,
    phone: formatPhone(c.phone, 'international'),
    company: c.company,
    street: c.street,
    city: c.city,
    postcode: c.postcode,
    region: c.region,
    country: c.country,
    birthDate: c.birthDate,
    tags: c.tags.join(', '),
    notes: c.notes,
  };
}

const TAG_SPLIT_RE = /[,;，；、\r\n]+/u;

function splitTags(s: string): string[] {
  return s.split(TAG_SPLIT_RE).map(collapseSpaces).filter(Boolean);
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

/** Validate and normalize a form. Phone numbers are read in the customer's country when it is valid, else `defaultRegion`. */
export function validateCustomer(
  input: CustomerInput,
  opts: { defaultRegion: string; today: string },
): Validated<CustomerFields, CustomerField> {
  const errors: FieldErrors<CustomerField> = {};
  const names = normalizeNames(input.givenName, input.familyName);
  const text = {
    givenName: names.givenName,
    familyName: names.familyName,
    company: collapseSpaces(input.company),
    street: collapseSpaces(input.street),
    city: collapseSpaces(input.city),
    region: collapseSpaces(input.region),
    postcode: collapseSpaces(input.postcode).toUpperCase(),
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

  const phone = normalizePhone(input.phone, country || opts.defaultRegion);
  if (phone === null) errors.phone = 'error.phoneInvalid';

  const birth = normalizeBirthDate(input.birthDate, opts.today);
  if (!birth.ok) errors.birthDate = birth.error;

  // Tags are never cut silently: an over-long tag is reported, parseTags only clips as a last resort.
  if (splitTags(input.tags).some((t) => t.length > TAG_MAX)) errors.tags = 'error.tooLong';

  if (Object.keys(errors).length > 0 || email === null || country === null || phone === null || !birth.ok) {
    return { ok: false, errors };
  }
  return {
    ok: true,
    value: {
      ...text,
      email,
      phone: phone.e164,
      otherEmails: [],
      otherPhones: [],
      jobTitle: '',
      country,
      birthDate: birth.value,
      tags: parseTags(input.tags),
      preferredLanguage: '',
      ownerId: '',
      source: 'manual',
      mergedInto: '',
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
