// Plain data shapes shared by every layer. Times are epoch ms; money is integer minor units.
import type { Consent, ConsentChange, ConsentChannel, ConsentSource, ConsentStatus } from './consent';

/** One channel's consent as the form holds it: the date as typed ('YYYY-MM-DD' or ''), `at` the stored time it came from. */
export interface ConsentInput {
  status: ConsentStatus;
  date: string;
  source: ConsentSource;
  /** The stored time this state was read from (0 for none): an unchanged date keeps it exactly. */
  at: number;
}

/** The single-valued text fields of the customer form as typed (what quality and dedup read of a form). */
export interface CustomerInput {
  givenName: string;
  familyName: string;
  email: string;
  phone: string;
  company: string;
  street: string;
  city: string;
  postcode: string;
  region: string;
  country: string;
  birthDate: string;
  /** Free text, tags separated by comma, semicolon or 、/，/； */
  tags: string;
  notes: string;
}

export type CustomerField = keyof CustomerInput;

/** Everything the customer form edits, unvalidated: the text fields plus lists, owner and consent. */
export interface CustomerFormInput extends CustomerInput {
  /** Further emails and phones, one per entry as typed (empty entries are dropped on save). */
  otherEmails: string[];
  otherPhones: string[];
  /** Other spellings of the name (e.g. the romanised twin of a Chinese name), one per entry. */
  aliases: string[];
  jobTitle: string;
  /** '' (not set), 'en' or 'zh'. */
  preferredLanguage: string;
  /** The user the customer belongs to ('' unassigned). */
  ownerId: string;
  consent: Record<ConsentChannel, ConsentInput>;
}

export type CustomerFormField = keyof CustomerFormInput;
/** Where a validation error is shown: a field, one entry of a list field, or one consent channel. */
export type CustomerErrorField =
  | CustomerFormField
  | `otherEmails.${number}`
  | `otherPhones.${number}`
  | `aliases.${number}`
  | `consent.${ConsentChannel}`;

/**
 * The normalized, storable fields of a customer (what validation returns). The same names as
 * CustomerInput where both have them, on purpose: the form's shape (every value a string as typed)
 * and the record's (normalized, lists as arrays) differ field by field.
 */
export interface CustomerFields {
  givenName: string;
  familyName: string;
  /** Normalized: trimmed, domain lower-cased. '' when none. */
  email: string;
  /** E.164 ('+4930123456') or '' when none. */
  phone: string;
  otherEmails: string[];
  otherPhones: string[];
  /** Other spellings of the name kept by a merge or typed by a rep (searchable like the name). */
  aliases: string[];
  company: string;
  jobTitle: string;
  street: string;
  city: string;
  postcode: string;
  region: string;
  /** ISO 3166-1 alpha-2, upper case, or ''. */
  country: string;
  /** YYYY-MM-DD or ''. */
  birthDate: string;
  tags: string[];
  preferredLanguage: string;
  notes: string;
  ownerId: string;
  source: string;
  mergedInto: string;
  /** Current consent per channel (domain/consent.ts). */
  consent: Consent;
  /** Every consent change, oldest first: who recorded it, when, and how it was given. */
  consentHistory: ConsentChange[];
}

/** Normalized keys stored next to the fields so every search is an indexed prefix query. */
export interface CustomerSearchKeys {
  /** Folded "family given" (pinyin for CJK names); also the name sort key. */
  nameKey: string;
  /** Folded "given family" (pinyin for CJK names). */
  nameRevKey: string;
  /** CJK characters of the full name, family first ('' for non-CJK names). */
  hanziKey: string;
  /** Pinyin initials for CJK names ('zw' for 张伟), '' otherwise. */
  initialsKey: string;
  /** Lower-cased email ('' when none). */
  emailKey: string;
  /** E.164 digits without '+' ('' when none). */
  phoneKey: string;
  /** National significant number digits ('' when none). */
  nationalKey: string;
  /** E.164 digits reversed, for "ends with" search ('' when none). */
  phoneRevKey: string;
  /** Folded company name ('' when none). */
  companyKey: string;
}

export interface Audit {
  id: string;
  createdAt: number;
  updatedAt: number;
  updatedBy: string;
}

/**
 * A customer in the Trash: `trashedAt` is when it was put there (epoch ms), 0 for a customer in use.
 * A trashed customer is an ordinary update (it syncs); deleting it for good is the real delete.
 */
export interface CustomerTrash {
  trashedAt: number;
}

export type Customer = Audit & CustomerFields & CustomerSearchKeys & CustomerTrash;

export interface OrderItem {
  sku: string;
  name: string;
  qty: number;
  unitPriceMinor: number;
}

/** draft → confirmed → delivered → paid, or cancelled (rules: order-status.ts). */
export type OrderStatus = 'draft' | 'confirmed' | 'delivered' | 'paid' | 'cancelled';

export interface OrderFields {
  customerId: string;
  orderedAt: number;
  status: OrderStatus;
  /** ISO 4217 */
  currency: string;
  items: OrderItem[];
  totalMinor: number;
  /** When each step was reached (epoch ms), 0 when it was not; a draft's date is `orderedAt`. */
  confirmedAt: number;
  deliveredAt: number;
  paidAt: number;
  cancelledAt: number;
}
export type Order = Audit & OrderFields;

export const INTERACTION_TYPES = ['visit', 'call', 'email', 'meeting', 'note'] as const;
export type InteractionType = (typeof INTERACTION_TYPES)[number];

export interface InteractionFields {
  customerId: string;
  type: InteractionType;
  at: number;
  subject: string;
  notes: string;
  outcome: string;
  /** epoch ms, or 0 for none */
  followUpAt: number;
}
export type Interaction = Audit & InteractionFields;

export interface SurveyFields {
  customerId: string;
  at: number;
  /** 0..10 */
  score: number;
  comment: string;
  channel: string;
}
export type Survey = Audit & SurveyFields;

export interface ProductFields {
  sku: string;
  name: string;
  category: string;
  priceMinor: number;
  currency: string;
  active: boolean;
}
export type Product = Audit & ProductFields;

/**
 * Validation failures are message keys (looked up by i18n), one per field at most.
 * Keys: 'error.nameRequired', 'error.emailInvalid', 'error.phoneInvalid',
 * 'error.birthDateInvalid', 'error.birthDateFuture', 'error.countryUnknown', 'error.tooLong'.
 */
export type FieldErrors<F extends string> = Partial<Record<F, string>>;

export type Validated<T, F extends string> = { ok: true; value: T } | { ok: false; errors: FieldErrors<F> };
