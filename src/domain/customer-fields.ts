// The stored fields of a customer, once: an empty record to start from and the list of names,
// so code that copies or builds a whole record (merge, kiosk event customers) never lists them again;
// and the canonical CSV columns every import and export speaks.
import type { CustomerFields } from './types';
import { emptyConsent } from './consent';

/** A customer with every field empty (fresh arrays each call). */
export function emptyCustomerFields(): CustomerFields {
  return {
    givenName: '',
    familyName: '',
    email: '',
    phone: '',
    otherEmails: [],
    otherPhones: [],
    aliases: [],
    company: '',
    jobTitle: '',
    street: '',
    city: '',
    postcode: '',
    region: '',
    country: '',
    birthDate: '',
    tags: [],
    preferredLanguage: '',
    notes: '',
    ownerId: '',
    source: '',
    mergedInto: '',
    consent: emptyConsent(),
    consentHistory: [],
  };
}

/** Every stored field name of a customer (not the derived search keys), in declaration order. */
export const CUSTOMER_FIELD_NAMES = Object.keys(emptyCustomerFields()) as ReadonlyArray<keyof CustomerFields>;

/**
 * The canonical CSV columns for customers (export, import, `npm run dedup`): a header contract of
 * its own that campaign tools read, so it is not derived from the stored fields. `tags` is written
 * separated by `;`.
 */
export const CANONICAL_COLUMNS = [
  'givenName',
  'familyName',
  'email',
  'phone',
  'company',
  'street',
  'city',
  'postcode',
  'region',
  'country',
  'birthDate',
  'tags',
  'notes',
] as const;
export type CanonicalColumn = (typeof CANONICAL_COLUMNS)[number];
