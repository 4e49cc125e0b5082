// Schema migrations, one function per version step. Tested by test/data/migration.test.ts, which
// opens a database with the frozen v0 schema (schemas-history.ts) and migrates it.
import type { MigrationStrategies } from 'rxdb';
import type { CustomerDoc, OrderDoc } from './schemas';
import { storedKeys } from './keys';
import { ensureSearchKeyDataFor } from '../../domain/customer';
import { fromLegacyStatus } from '../../domain/order-status';

type CustomerV0 = Omit<CustomerDoc, keyof ReturnType<typeof storedKeys> | 'trashedAt'>;
type CustomerV1 = Omit<CustomerDoc, 'trashedAt'>;
type OrderV0 = Omit<OrderDoc, 'status' | 'confirmedAt' | 'deliveredAt' | 'paidAt' | 'cancelledAt'> & { status: string };

/** customers v2: the Trash marker; every existing customer is in use (not in the Trash). */
export function addTrashMarker(doc: CustomerV1): CustomerDoc {
  return { ...doc, trashedAt: 0 };
}

/** orders v1: the status steps (draft → confirmed → delivered → paid, or cancelled) with their dates. */
export function migrateOrderStatus(doc: OrderV0): OrderDoc {
  return { ...doc, ...fromLegacyStatus(doc.status, doc.orderedAt, doc.updatedAt) };
}

export const customerMigrations: MigrationStrategies = {
  // v1 added the derived search and sort keys; computed from the stored fields.
  // Async: a Chinese name's keys wait for the pinyin dictionaries (loaded by the first such doc).
  1: async (doc: CustomerV0): Promise<CustomerV1> => {
    await ensureSearchKeyDataFor([doc]);
    return { ...doc, ...storedKeys(doc, doc.updatedAt) };
  },
  2: addTrashMarker,
};

export const orderMigrations: MigrationStrategies = {
  1: migrateOrderStatus,
};
