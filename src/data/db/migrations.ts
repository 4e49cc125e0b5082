// Schema migrations, one function per version step. Tested by test/data/migration.test.ts, which
// opens a database with the frozen v0 schema (schemas-history.ts) and migrates it.
import type { MigrationStrategies } from 'rxdb';
import type { CustomerDoc, MeasureDoc, OrderDoc, SurveyDoc } from './schemas';
import { storedKeys } from './keys';
import { ensureSearchKeyDataFor } from '../../domain/customer';
import { emptyConsent } from '../../domain/consent';
import { fromLegacyStatus } from '../../domain/order-status';

type CustomerV0 = Omit<CustomerV1, keyof ReturnType<typeof storedKeys>>;
type CustomerV1 = Omit<CustomerDoc, keyof ConsentAndAliases | 'trashedAt'>;
type ConsentAndAliases = Pick<CustomerDoc, 'aliases' | 'consent' | 'consentHistory'>;
type OrderV0 = Omit<OrderDoc, 'status' | 'confirmedAt' | 'deliveredAt' | 'paidAt' | 'cancelledAt'> & { status: string };

/**
 * Consent and aliases: every existing record has no recorded consent on any channel ('unknown':
 * never asked, so nobody is contacted on the strength of a default) and no history, and no aliases.
 * Self-contained so it can be combined with other changes of the same version.
 */
export function addConsentAndAliases<D extends object>(doc: D): D & ConsentAndAliases {
  return { ...doc, aliases: [], consent: emptyConsent(), consentHistory: [] };
}

export const customerMigrations: MigrationStrategies = {
  // v1 added the derived search and sort keys; computed from the stored fields.
  // Async: a Chinese name's keys wait for the pinyin dictionaries (loaded by the first such doc).
  1: async (doc: CustomerV0): Promise<CustomerV1> => {
    await ensureSearchKeyDataFor([doc]);
    return { ...doc, ...storedKeys(doc, doc.updatedAt) };
  },
  // v2 added consent and aliases (the customer record) and the Trash marker, in one version.
  2: (doc: CustomerV1): CustomerDoc => addTrashMarker(addConsentAndAliases(doc)),
};

/** customers v2: the Trash marker; every existing customer is in use (not in the Trash). */
export function addTrashMarker<D extends object>(doc: D): D & Pick<CustomerDoc, 'trashedAt'> {
  return { ...doc, trashedAt: 0 };
}

/** orders v1: the status steps (draft → confirmed → delivered → paid, or cancelled) with their dates. */
export function migrateOrderStatus(doc: OrderV0): OrderDoc {
  return { ...doc, ...fromLegacyStatus(doc.status, doc.orderedAt, doc.updatedAt) };
}

export const orderMigrations: MigrationStrategies = {
  1: migrateOrderStatus,
};

/** surveys v1 only adds the `at` index (Today's recent detractors): every document stays as it is. */
export function addSurveyAtIndex(doc: SurveyDoc): SurveyDoc {
  return doc;
}

export const surveyMigrations: MigrationStrategies = {
  1: addSurveyAtIndex,
};

/**
 * measures v1: `contactable` (the channels consented to, for segments). Derived data: an old row
 * gets none (nobody is contacted on a default) and the rebuild that follows a MEASURES_VERSION
 * change (measures-rebuild.ts) fills it from each customer's consent.
 */
export function addContactable(doc: Omit<MeasureDoc, 'contactable'>): MeasureDoc {
  return { ...doc, contactable: [] };
}

export const measureMigrations: MigrationStrategies = {
  1: addContactable,
};
