// Which collections a backup holds, the schemas a restore accepts per collection and version, and
// how a document of an older version reaches the current one (the app's own migration functions,
// the same ones RxDB runs when it opens an older database).
import type { MigrationStrategies } from 'rxdb';
import {
  customerSchemaLiteral,
  decisionSchemaLiteral,
  interactionSchemaLiteral,
  orderSchemaLiteral,
  productSchemaLiteral,
  surveySchemaLiteral,
} from '../db/schemas';
import { customerSchemaV0, customerSchemaV1, orderSchemaV0, surveySchemaV0 } from '../db/schemas-history';
import { importChunkSchemaLiteral, importSchemaLiteral } from '../db/import-schemas';
import { auditSchemaLiteral } from '../db/schemas';
import { syncLogSchemaLiteral } from '../sync/schemas';
import { customerMigrations, orderMigrations, surveyMigrations } from '../db/migrations';
import type { FieldbookCollections } from '../db/database';

/**
 * Every collection that holds user data, replicated or local, in restore order (customers before
 * what points at them). Not here, because they are rebuilt from these by the followers after a
 * restore (data/derived): `customertags` (tag index), `searchterms` (search term index),
 * `measures` (Insights). A collection added later (the audit trail) joins this list and
 * `ACCEPTED_SCHEMAS`.
 */
export const BACKED_UP = [
  'customers',
  'orders',
  'interactions',
  'surveys',
  'products',
  'decisions',
  'synclog',
  'imports',
  'importchunks',
  'audit',
] as const satisfies readonly (keyof FieldbookCollections)[];
export type BackedUpCollection = (typeof BACKED_UP)[number];

export const DERIVED_NOT_BACKED_UP = [
  'customertags',
  'searchterms',
  'measures',
] as const satisfies readonly (keyof FieldbookCollections)[];

/** A JSON-schema literal, as plain data the backup worker can check documents against. */
export type SchemaData = object;

/** collection → schema version → schema: the current version and every frozen older one. */
export const ACCEPTED_SCHEMAS: Record<BackedUpCollection, Record<number, SchemaData>> = {
  customers: {
    [customerSchemaV0.version]: customerSchemaV0,
    [customerSchemaV1.version]: customerSchemaV1,
    [customerSchemaLiteral.version]: customerSchemaLiteral,
  },
  orders: { [orderSchemaV0.version]: orderSchemaV0, [orderSchemaLiteral.version]: orderSchemaLiteral },
  interactions: { [interactionSchemaLiteral.version]: interactionSchemaLiteral },
  surveys: { [surveySchemaV0.version]: surveySchemaV0, [surveySchemaLiteral.version]: surveySchemaLiteral },
  products: { [productSchemaLiteral.version]: productSchemaLiteral },
  decisions: { [decisionSchemaLiteral.version]: decisionSchemaLiteral },
  synclog: { [syncLogSchemaLiteral.version]: syncLogSchemaLiteral },
  imports: { [importSchemaLiteral.version]: importSchemaLiteral },
  importchunks: { [importChunkSchemaLiteral.version]: importChunkSchemaLiteral },
  audit: { [auditSchemaLiteral.version]: auditSchemaLiteral },
};

/**
 * Collections a restore only adds to: the audit trail is append-only (the server refuses a changed or
 * deleted entry), so an entry already here is kept as it is and a replace removes none.
 */
export const APPEND_ONLY: readonly BackedUpCollection[] = ['audit'];

const MIGRATIONS: Partial<Record<BackedUpCollection, MigrationStrategies>> = {
  customers: customerMigrations,
  orders: orderMigrations,
  surveys: surveyMigrations,
};

export const isBackedUp = (name: string): name is BackedUpCollection => (BACKED_UP as readonly string[]).includes(name);

/** `doc` written at `fromVersion`, brought to `toVersion` by the collection's migration steps. */
export async function migrateDoc(
  collection: BackedUpCollection,
  fromVersion: number,
  toVersion: number,
  doc: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  let out = doc;
  for (let v = fromVersion + 1; v <= toVersion; v++) {
    const step = MIGRATIONS[collection]?.[v];
    if (!step) throw new Error(`no migration of ${collection} to v${v}`);
    // The app's strategies use the document only (RxDB passes the collection as a second argument).
    out = (await (step as (d: unknown) => unknown)(out)) as Record<string, unknown>;
  }
  return out;
}
