// The personal fields sealed at rest, per collection (sealed-storage.ts seals them). Imports
// nothing: the audit trail reads it on every start, protected or not.

/**
 * Per collection, the personal fields no index needs. Every field listed here is unreadable in
 * IndexedDB without the passphrase; everything else (names, emails and phones in their search
 * keys, company, city, country, tags, amounts and dates) stays readable because indexes, sorting
 * or the statistics read it. docs/ARCHITECTURE.md, "Encryption at rest", has the full table.
 */
export const SEALED_FIELDS: Readonly<Record<string, readonly string[]>> = {
  // Consent per channel and its history (who, when, from where) are personal details no index needs;
  // exports and segments filter on them after reading, as the app reads everything, unsealed.
  customers: ['notes', 'birthDate', 'street', 'postcode', 'otherEmails', 'otherPhones', 'consent', 'consentHistory'],
  interactions: ['subject', 'notes', 'outcome'],
  surveys: ['comment'],
  // Undo snapshots of merges and fixes hold whole customers.
  decisions: ['payload'],
  // Lost conflict values and rejected writes hold whole documents.
  synclog: ['body', 'reason'],
  // An import's stored plan pages and Undo journal hold whole imported customers.
  importchunks: ['payload'],
  // The derived Insights row copies which channels a customer consented to (segments filter on it).
  measures: ['contactable'],
};
