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

/** orders v0: status 'open' | 'paid' | 'shipped' | 'cancelled', no step dates. */
export const orderSchemaV0 = {
  title: 'orders',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 40 },
    createdAt: TIME,
    updatedAt: TIME,
    updatedBy: TEXT,
    customerId: { type: 'string', maxLength: 40 },
    orderedAt: TIME,
    status: { type: 'string', enum: ['open', 'paid', 'shipped', 'cancelled'] },
    currency: { type: 'string', minLength: 3, maxLength: 3 },
    items: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          sku: TEXT,
          name: TEXT,
          qty: { type: 'integer', minimum: 1 },
          unitPriceMinor: { type: 'integer', minimum: 0 },
        },
        required: ['sku', 'name', 'qty', 'unitPriceMinor'],
        additionalProperties: false,
      },
    },
    totalMinor: { type: 'integer', minimum: 0 },
  },
  required: [
    'id',
    'createdAt',
    'updatedAt',
    'updatedBy',
    'customerId',
    'orderedAt',
    'status',
    'currency',
    'items',
    'totalMinor',
  ],
  indexes: [['customerId', 'orderedAt'], 'orderedAt'],
  additionalProperties: false,
} as const;

/** measures v0: the derived Insights row before it held the channels consented to (`contactable`, v1). */
export const measureSchemaV0 = {
  title: 'customer measures (derived)',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    /** the customer id */
    id: { type: 'string', maxLength: 40 },
    /** MEASURES_VERSION of the code that wrote the row */
    v: { type: 'integer' },
    updatedAt: TIME,
    tags: STRINGS,
    ownerId: TEXT,
    region: TEXT,
    /** counted orders (confirmed, delivered, paid) in every currency */
    orderCount: { type: 'integer' },
    /** epoch ms; 0 without orders */
    firstOrderAt: { type: 'number' },
    lastOrderAt: { type: 'number' },
    /** days between consecutive orders; −1 with fewer than 2 orders */
    meanIntervalDays: { type: 'number' },
    medianIntervalDays: { type: 'number' },
    /** spend and order count per currency, largest spend first */
    spend: {
      type: 'array',
      items: {
        type: 'object',
        properties: { currency: TEXT, totalMinor: { type: 'integer' }, orders: { type: 'integer' } },
        required: ['currency', 'totalMinor', 'orders'],
        additionalProperties: false,
      },
    },
    /** revenue per local calendar month ('YYYY-MM') and currency */
    months: {
      type: 'array',
      items: {
        type: 'object',
        properties: { month: TEXT, currency: TEXT, revenueMinor: { type: 'integer' }, orders: { type: 'integer' } },
        required: ['month', 'currency', 'revenueMinor', 'orders'],
        additionalProperties: false,
      },
    },
    surveyCount: { type: 'integer' },
    scoreSum: { type: 'number' },
    /** −1 / 0 without surveys */
    lastScore: { type: 'integer' },
    lastSurveyAt: { type: 'number' },
    /** every survey (at, score) for NPS over a date range; oldest first */
    surveys: {
      type: 'array',
      items: {
        type: 'object',
        properties: { at: { type: 'number' }, score: { type: 'integer' } },
        required: ['at', 'score'],
        additionalProperties: false,
      },
    },
    /** times of the most recent visits (newest last, at most MAX_VISITS) */
    visits: { type: 'array', items: { type: 'number' } },
    interactionCount: { type: 'integer' },
    /** 0 without interactions */
    lastInteractionAt: { type: 'number' },
    /** follow-up asked by the latest interaction; 0 for none */
    openFollowUpAt: { type: 'number' },
    /** distinct SKUs ever bought (counted orders), sorted */
    skus: STRINGS,
    /** data-quality score 0–100 of the customer record (src/domain/quality.ts recordScore) */
    quality: { type: 'number' },
  },
  required: [
    'id',
    'v',
    'updatedAt',
    'tags',
    'ownerId',
    'region',
    'orderCount',
    'firstOrderAt',
    'lastOrderAt',
    'meanIntervalDays',
    'medianIntervalDays',
    'spend',
    'months',
    'surveyCount',
    'scoreSum',
    'lastScore',
    'lastSurveyAt',
    'surveys',
    'visits',
    'interactionCount',
    'lastInteractionAt',
    'openFollowUpAt',
    'skus',
    'quality',
  ],
  additionalProperties: false,
} as const;
