// Frozen past schema versions, kept so the migration test can create a database exactly as an older
// app version left it. Never edit these; add a new one when a schema version changes.

const TEXT = { type: 'string' } as const;
const STRINGS = { type: 'array', items: { type: 'string' } } as const;
const TIME = { type: 'integer', minimum: 0, maximum: 9_999_999_999_999, multipleOf: 1 } as const;

/** customers v0: the customer fields without derived search/sort keys, indexed by updatedAt only. */
export const customerSchemaV0 = {
  title: 'customers',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  // Repeats schemas.ts's customer properties on purpose: frozen as v0 shipped, never shared or edited.
  properties: {
    id: { type: 'string', maxLength: 40 },
    createdAt: TIME,
    updatedAt: TIME,
    updatedBy: TEXT,
    givenName: TEXT,
    familyName: TEXT,
    email: TEXT,
    phone: TEXT,
    otherEmails: STRINGS,
    otherPhones: STRINGS,
    company: TEXT,
    jobTitle: TEXT,
    street: TEXT,
    city: TEXT,
    postcode: TEXT,
    region: TEXT,
    country: TEXT,
    birthDate: TEXT,
    tags: STRINGS,
    preferredLanguage: TEXT,
    notes: TEXT,
    ownerId: TEXT,
    source: TEXT,
    mergedInto: TEXT,
  },
  // Spelled out, not derived from the properties: the frozen v0 literal as it shipped.
  required: [
    'id',
    'createdAt',
    'updatedAt',
    'updatedBy',
    'givenName',
    'familyName',
    'email',
    'phone',
    'otherEmails',
    'otherPhones',
    'company',
    'jobTitle',
    'street',
    'city',
    'postcode',
    'region',
    'country',
    'birthDate',
    'tags',
    'preferredLanguage',
    'notes',
    'ownerId',
    'source',
    'mergedInto',
  ],
  indexes: ['updatedAt'],
  additionalProperties: false,
} as const;

/** surveys v0: indexed by customer and time only (v1 added the `at` index for Today). */
export const surveySchemaV0 = {
  title: 'surveys',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 40 },
    createdAt: TIME,
    updatedAt: TIME,
    updatedBy: TEXT,
    customerId: { type: 'string', maxLength: 40 },
    at: TIME,
    score: { type: 'integer', minimum: 0, maximum: 10 },
    comment: TEXT,
    channel: TEXT,
  },
  required: ['id', 'createdAt', 'updatedAt', 'updatedBy', 'customerId', 'at', 'score', 'comment', 'channel'],
  indexes: [['customerId', 'at']],
  additionalProperties: false,
} as const;

const KEY = { type: 'string', maxLength: 200 } as const;

/** customers v1: v0's fields plus the derived search and sort keys, each indexed. */
export const customerSchemaV1 = {
  title: 'customers',
  description: 'People and companies a rep sells to. Keys (…Key, …Sort) are derived on write.',
  version: 1,
  primaryKey: 'id',
  type: 'object',
  properties: {
    ...customerSchemaV0.properties,
    nameKey: KEY,
    nameRevKey: KEY,
    hanziKey: KEY,
    initialsKey: KEY,
    emailKey: KEY,
    phoneKey: KEY,
    nationalKey: KEY,
    phoneRevKey: KEY,
    companyKey: KEY,
    companySort: { type: 'string', maxLength: 402 },
    recentKey: TIME,
  },
  required: [
    ...customerSchemaV0.required,
    'nameKey',
    'nameRevKey',
    'hanziKey',
    'initialsKey',
    'emailKey',
    'phoneKey',
    'nationalKey',
    'phoneRevKey',
    'companyKey',
    'companySort',
    'recentKey',
  ],
  indexes: [
    'nameKey',
    'nameRevKey',
    'hanziKey',
    'initialsKey',
    'emailKey',
    'phoneKey',
    'nationalKey',
    'phoneRevKey',
    'companySort',
    'recentKey',
  ],
  additionalProperties: false,
} as const;
