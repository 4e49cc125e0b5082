// RxDB schemas as `as const` literals; document types are derived from them and checked against
// the domain types at compile time (see the assertions at the bottom), so the two cannot drift.
// Dexie storage rules (docs/ARCHITECTURE.md, "Storage rules"): indexed fields are required, indexed
// strings have maxLength, indexed numbers have minimum/maximum/multipleOf. The order of `required`
// (here the order of the properties) is part of RxDB's schema hash, so it changes only with a
// version bump. Every schema change bumps `version` and ships a migration in migrations.ts with a
// test in test/data/migration.test.ts.
import type { ExtractDocumentTypeFromTypedRxJsonSchema, RxJsonSchema } from 'rxdb';
import type { Customer, Interaction, Order, Product, Survey } from '../../domain/types';
import type { MeasureRow } from '../../domain/measures';
import { CONSENT_CHANNELS, CONSENT_SOURCES, CONSENT_STATUSES } from '../../domain/consent';
import { AUDIT_ACTIONS, AUDIT_COLLECTIONS, type AuditEntry } from '../../domain/audit';

const ID = { type: 'string', maxLength: 40 } as const;
const TIME = { type: 'integer', minimum: 0, maximum: 9_999_999_999_999, multipleOf: 1 } as const;
const KEY = { type: 'string', maxLength: 200 } as const;
const TEXT = { type: 'string' } as const;
const STRINGS = { type: 'array', items: { type: 'string' } } as const;

/**
 * The `required` list of a schema whose every property is required (all of ours: the app writes
 * every field of every document, and the Dexie storage needs indexed fields required), typed as
 * the union of the property names, so the document types derived from the literals keep every
 * field required (the drift checks at the bottom fail otherwise).
 */
function everyProperty<const P extends Record<string, unknown>>(properties: P): Array<keyof P & string> {
  return Object.keys(properties);
}

/** One channel's consent (domain/consent.ts). Enums bounded so a later index (segments by consent) can use them. */
const CHANNEL_CONSENT_PROPERTIES = {
  status: { type: 'string', enum: CONSENT_STATUSES, maxLength: 10 },
  at: TIME,
  source: { type: 'string', enum: CONSENT_SOURCES, maxLength: 20 },
} as const;
const CHANNEL_CONSENT = {
  type: 'object',
  properties: CHANNEL_CONSENT_PROPERTIES,
  required: ['status', 'at', 'source'],
  additionalProperties: false,
} as const;
const CONSENT = {
  type: 'object',
  properties: { email: CHANNEL_CONSENT, sms: CHANNEL_CONSENT, phone: CHANNEL_CONSENT },
  required: ['email', 'sms', 'phone'],
  additionalProperties: false,
} as const;
const CONSENT_CHANGE = {
  type: 'object',
  properties: {
    channel: { type: 'string', enum: CONSENT_CHANNELS, maxLength: 10 },
    ...CHANNEL_CONSENT_PROPERTIES,
    changedAt: TIME,
    changedBy: TEXT,
  },
  required: ['channel', 'status', 'at', 'source', 'changedAt', 'changedBy'],
  additionalProperties: false,
} as const;

/** Largest epoch ms we store; `recentKey = RECENT_MAX - updatedAt` sorts newest first ascending. */
export const RECENT_MAX = 9_999_999_999_999;

const customerProperties = {
  id: ID,
  createdAt: TIME,
  updatedAt: TIME,
  updatedBy: TEXT,
  givenName: TEXT,
  familyName: TEXT,
  email: TEXT,
  phone: TEXT,
  otherEmails: STRINGS,
  otherPhones: STRINGS,
  aliases: STRINGS,
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
  consent: CONSENT,
  consentHistory: { type: 'array', items: CONSENT_CHANGE },
  nameKey: KEY,
  nameRevKey: KEY,
  hanziKey: KEY,
  initialsKey: KEY,
  emailKey: KEY,
  phoneKey: KEY,
  nationalKey: KEY,
  phoneRevKey: KEY,
  companyKey: KEY,
  // Sort keys. IndexedDB cursors only run ascending in RxDB's Dexie storage (a 'desc' sort makes
  // it read the whole range and sort in memory), so "newest first" is an ascending recentKey.
  companySort: { type: 'string', maxLength: 402 },
  recentKey: TIME,
  /** In the Trash since (epoch ms), 0 when in use; indexed so the Trash pages and counts by index. */
  trashedAt: TIME,
} as const;

export const customerSchemaLiteral = {
  title: 'customers',
  description: 'People and companies a rep sells to. Keys (…Key, …Sort) are derived on write.',
  version: 2,
  primaryKey: 'id',
  type: 'object',
  properties: customerProperties,
  required: everyProperty(customerProperties),
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
    'trashedAt',
  ],
  additionalProperties: false,
} as const;

const ITEM = {
  type: 'object',
  properties: {
    sku: TEXT,
    name: TEXT,
    qty: { type: 'integer', minimum: 1 },
    unitPriceMinor: { type: 'integer', minimum: 0 },
  },
  required: ['sku', 'name', 'qty', 'unitPriceMinor'],
  additionalProperties: false,
} as const;

const orderProperties = {
  id: ID,
  createdAt: TIME,
  updatedAt: TIME,
  updatedBy: TEXT,
  customerId: ID,
  orderedAt: TIME,
  status: { type: 'string', enum: ['draft', 'confirmed', 'delivered', 'paid', 'cancelled'] },
  currency: { type: 'string', minLength: 3, maxLength: 3 },
  items: { type: 'array', items: ITEM },
  totalMinor: { type: 'integer', minimum: 0 },
  // When each status step was reached (src/domain/order-status.ts); 0 = not reached.
  confirmedAt: TIME,
  deliveredAt: TIME,
  paidAt: TIME,
  cancelledAt: TIME,
} as const;

export const orderSchemaLiteral = {
  title: 'orders',
  version: 1,
  primaryKey: 'id',
  type: 'object',
  properties: orderProperties,
  required: everyProperty(orderProperties),
  indexes: [['customerId', 'orderedAt'], 'orderedAt'],
  additionalProperties: false,
} as const;

const interactionProperties = {
  id: ID,
  createdAt: TIME,
  updatedAt: TIME,
  updatedBy: TEXT,
  customerId: ID,
  type: { type: 'string', enum: ['visit', 'call', 'email', 'meeting', 'note'] },
  at: TIME,
  subject: TEXT,
  notes: TEXT,
  outcome: TEXT,
  followUpAt: TIME,
} as const;

export const interactionSchemaLiteral = {
  title: 'interactions',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: interactionProperties,
  required: everyProperty(interactionProperties),
  indexes: [['customerId', 'at'], 'followUpAt'],
  additionalProperties: false,
} as const;

const surveyProperties = {
  id: ID,
  createdAt: TIME,
  updatedAt: TIME,
  updatedBy: TEXT,
  customerId: ID,
  at: TIME,
  score: { type: 'integer', minimum: 0, maximum: 10 },
  comment: TEXT,
  channel: TEXT,
} as const;

export const surveySchemaLiteral = {
  title: 'surveys',
  // v1: the `at` index (Today reads the recent surveys for detractors without a follow-up).
  version: 1,
  primaryKey: 'id',
  type: 'object',
  properties: surveyProperties,
  required: everyProperty(surveyProperties),
  indexes: [['customerId', 'at'], 'at'],
  additionalProperties: false,
} as const;

const productProperties = {
  id: ID,
  createdAt: TIME,
  updatedAt: TIME,
  updatedBy: TEXT,
  sku: TEXT,
  name: { type: 'string', maxLength: 200 },
  category: TEXT,
  priceMinor: { type: 'integer', minimum: 0 },
  currency: { type: 'string', minLength: 3, maxLength: 3 },
  active: { type: 'boolean' },
} as const;

export const productSchemaLiteral = {
  title: 'products',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: productProperties,
  required: everyProperty(productProperties),
  indexes: ['name'],
  additionalProperties: false,
} as const;

/**
 * Derived, local-only index: one row per (customer, tag), so "filter by tag" pages through an
 * index instead of scanning customers. Rebuilt from the customers change stream (tag-index.ts).
 */
const customerTagProperties = {
  id: { type: 'string', maxLength: 300 },
  tagKey: KEY,
  /** The tag as first spelled, for display. */
  tag: TEXT,
  customerId: ID,
  nameKey: KEY,
  companySort: { type: 'string', maxLength: 402 },
  recentKey: TIME,
} as const;

export const customerTagSchemaLiteral = {
  title: 'customer tags (derived)',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: customerTagProperties,
  required: everyProperty(customerTagProperties),
  indexes: [['tagKey', 'nameKey'], ['tagKey', 'companySort'], ['tagKey', 'recentKey'], 'customerId'],
  additionalProperties: false,
} as const;

/**
 * Derived, local-only search term index: one row per (customer, extra search term), the terms of
 * `customerTerms` (domain/search-terms.ts): words inside company names, pinyin without spaces, other
 * phones and emails … Search looks a term up by prefix like a customer key (search-term-index.ts).
 * The id is "<customerId>|<term>", so one customer's rows are also one id range.
 */
const searchTermProperties = {
  id: { type: 'string', maxLength: 250 },
  term: { type: 'string', maxLength: 202 },
  customerId: ID,
} as const;

export const searchTermSchemaLiteral = {
  title: 'search terms (derived)',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: searchTermProperties,
  required: everyProperty(searchTermProperties),
  indexes: ['term'],
  additionalProperties: false,
} as const;

/** A schema literal's document type with its readonly arrays and objects made writable. */
export type Mutable<T> = {
  -readonly [K in keyof T]: T[K] extends readonly (infer U)[]
    ? Mutable<U>[]
    : T[K] extends object
      ? Mutable<T[K]>
      : T[K];
};
export type CustomerDoc = Mutable<ExtractDocumentTypeFromTypedRxJsonSchema<typeof customerSchemaLiteral>>;
export type OrderDoc = Mutable<ExtractDocumentTypeFromTypedRxJsonSchema<typeof orderSchemaLiteral>>;
export type InteractionDoc = Mutable<ExtractDocumentTypeFromTypedRxJsonSchema<typeof interactionSchemaLiteral>>;
export type SurveyDoc = Mutable<ExtractDocumentTypeFromTypedRxJsonSchema<typeof surveySchemaLiteral>>;
export type ProductDoc = Mutable<ExtractDocumentTypeFromTypedRxJsonSchema<typeof productSchemaLiteral>>;
export type CustomerTagDoc = Mutable<ExtractDocumentTypeFromTypedRxJsonSchema<typeof customerTagSchemaLiteral>>;
export type SearchTermDoc = Mutable<ExtractDocumentTypeFromTypedRxJsonSchema<typeof searchTermSchemaLiteral>>;

export const customerSchema: RxJsonSchema<CustomerDoc> = customerSchemaLiteral;
export const orderSchema: RxJsonSchema<OrderDoc> = orderSchemaLiteral;
export const interactionSchema: RxJsonSchema<InteractionDoc> = interactionSchemaLiteral;
export const surveySchema: RxJsonSchema<SurveyDoc> = surveySchemaLiteral;
export const productSchema: RxJsonSchema<ProductDoc> = productSchemaLiteral;
export const customerTagSchema: RxJsonSchema<CustomerTagDoc> = customerTagSchemaLiteral;
export const searchTermSchema: RxJsonSchema<SearchTermDoc> = searchTermSchemaLiteral;

// Compile-time drift checks: a schema field missing from the domain type (or vice versa) fails tsc.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
export type _CustomerMatches = Assert<Same<Omit<CustomerDoc, 'companySort' | 'recentKey'>, Customer>>;
export type _OrderMatches = Assert<Same<OrderDoc, Order>>;
export type _InteractionMatches = Assert<Same<InteractionDoc, Interaction>>;
export type _SurveyMatches = Assert<Same<SurveyDoc, Survey>>;
export type _ProductMatches = Assert<Same<ProductDoc, Product>>;

/**
 * Derived, local-only per-customer measures for Insights (src/data/derived/measures.ts): one row
 * per live customer (deleted and merged-away customers have none), recomputed from that customer's
 * own orders/surveys/interactions whenever one of them changes. Never replicated. Money per currency.
 */
export const measureSchemaLiteral = {
  title: 'customer measures (derived)',
  version: 1,
  primaryKey: 'id',
  type: 'object',
  properties: {
    /** the customer id */
    id: ID,
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
    /** consent granted per channel ('email', 'sms', 'phone'), v1; sealed at rest like the customer's consent */
    contactable: { type: 'array', items: { type: 'string', maxLength: 8 }, maxItems: 3 },
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
    'contactable',
  ],
  additionalProperties: false,
} as const;
export type MeasureDoc = Mutable<ExtractDocumentTypeFromTypedRxJsonSchema<typeof measureSchemaLiteral>>;
export const measureSchema: RxJsonSchema<MeasureDoc> = measureSchemaLiteral;
// The stored row is exactly the domain's measures row (the stats worker reads the same type).
export type _MeasureMatches = Assert<Same<MeasureDoc, MeasureRow>>;

/**
 * Decisions people made about duplicates, stored as data so they replicate: a merge
 * (one row per record merged away, `groupId` = the merge; `payload` holds what Undo needs), a
 * "not duplicates" pair (id `nd|<a>|<b>` with a < b, so two devices deciding the same pair write
 * one document), and a data-quality fix (one row per changed customer, `groupId` = the batch).
 */
export const decisionSchemaLiteral = {
  title: 'decisions',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 100 },
    createdAt: TIME,
    updatedAt: TIME,
    updatedBy: TEXT,
    kind: { type: 'string', enum: ['merge', 'notDuplicate', 'fix'], maxLength: 20 },
    state: { type: 'string', enum: ['active', 'undone'], maxLength: 10 },
    groupId: ID,
    /** merge: the record merged away; notDuplicate: the smaller id; fix: the changed customer. */
    customerId: ID,
    /** merge: the survivor; notDuplicate: the larger id; fix: the rule. */
    otherId: ID,
    /** JSON: merge → { survivorBefore, otherBefore, children }; fix → { before, after }. */
    payload: TEXT,
  },
  required: [
    'id',
    'createdAt',
    'updatedAt',
    'updatedBy',
    'kind',
    'state',
    'groupId',
    'customerId',
    'otherId',
    'payload',
  ],
  indexes: [['kind', 'state', 'createdAt'], ['kind', 'customerId'], 'groupId'],
  additionalProperties: false,
} as const;
export type DecisionDoc = Mutable<ExtractDocumentTypeFromTypedRxJsonSchema<typeof decisionSchemaLiteral>>;
export const decisionSchema: RxJsonSchema<DecisionDoc> = decisionSchemaLiteral;

/**
 * The audit trail (src/domain/audit.ts, src/data/repos/audit.ts): one entry per change a person made
 * (create, update with field-level before/after, trash, restore, delete, merge, import, erase,
 * export), by whom, when and on which device. Replicated and append-only: the app only inserts, and
 * the server refuses any change to a stored entry but erasure's blanking of its values.
 */
const AUDIT_CHANGE = {
  type: 'object',
  properties: { field: TEXT, before: TEXT, after: TEXT, sealed: { type: 'boolean' } },
  required: ['field', 'before', 'after', 'sealed'],
  additionalProperties: false,
} as const;

const auditProperties = {
  id: ID,
  createdAt: TIME,
  updatedAt: TIME,
  updatedBy: TEXT,
  action: { type: 'string', enum: AUDIT_ACTIONS, maxLength: 12 },
  /** the collection of the changed document ('' for a batch: an import) */
  coll: { type: 'string', enum: AUDIT_COLLECTIONS, maxLength: 20 },
  /** the customer the entry is about ('' for a batch) */
  customerId: ID,
  /** the changed document (the customer, or its order, interaction or survey; a batch's id) */
  docId: ID,
  /** who: the writer's id, the local profile name when it is this device's user, the device id */
  by: TEXT,
  byName: TEXT,
  device: TEXT,
  /** documents the entry covers (1, or a batch's row count) */
  count: { type: 'integer', minimum: 0, maximum: 1_000_000_000 },
  changes: { type: 'array', items: AUDIT_CHANGE },
  /** what else the action needs said: the other records of a merge, a batch's file name */
  note: TEXT,
  /** when the customer was erased and this entry's values blanked; 0 otherwise */
  erasedAt: TIME,
} as const;

export const auditSchemaLiteral = {
  title: 'audit',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: auditProperties,
  required: everyProperty(auditProperties),
  indexes: [['customerId', 'createdAt'], 'createdAt'],
  additionalProperties: false,
} as const;
export type AuditDoc = Mutable<ExtractDocumentTypeFromTypedRxJsonSchema<typeof auditSchemaLiteral>>;
export const auditSchema: RxJsonSchema<AuditDoc> = auditSchemaLiteral;
export type _AuditMatches = Assert<Same<AuditDoc, AuditEntry>>;
