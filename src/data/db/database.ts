// Opens the Fieldbook database: RxDB on the Dexie (IndexedDB) storage. In development and tests the
// storage is wrapped with JSON-schema validation and RxDB's dev-mode checks are on; the production
// build has neither (dev-mode would load a page from a third-party origin, and validation costs time
// on every write — the domain layer validates input before it gets here).
import { addRxPlugin, createRxDatabase, type RxCollection, type RxDatabase, type RxStorage } from 'rxdb';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { RxDBLocalDocumentsPlugin } from 'rxdb/plugins/local-documents';
import { getFieldbookStorage } from './storage';
import {
  customerSchema,
  customerTagSchema,
  decisionSchema,
  searchTermSchema,
  interactionSchema,
  orderSchema,
  productSchema,
  surveySchema,
  type CustomerDoc,
  type CustomerTagDoc,
  type DecisionDoc,
  type SearchTermDoc,
  type InteractionDoc,
  type OrderDoc,
  type ProductDoc,
  type SurveyDoc,
} from './schemas';
import { auditSchema, measureSchema, type AuditDoc, type MeasureDoc } from './schemas';
import { importChunkSchema, importSchema, type ImportChunkDoc, type ImportDoc } from './import-schemas';
import { customerMigrations, measureMigrations, orderMigrations, surveyMigrations } from './migrations';
import { addSyncCollections, attachSyncLog, ConflictSink } from '../sync/collections';
import type { SyncLogDoc } from '../sync/schemas';
import { afterQueuedTasks } from '../../lib/next-task';

export interface FieldbookCollections {
  customers: RxCollection<CustomerDoc>;
  orders: RxCollection<OrderDoc>;
  interactions: RxCollection<InteractionDoc>;
  surveys: RxCollection<SurveyDoc>;
  products: RxCollection<ProductDoc>;
  customertags: RxCollection<CustomerTagDoc>;
  /** Derived search terms (words inside names and companies, other phones …; search-term-index.ts). */
  searchterms: RxCollection<SearchTermDoc>;
  /** Merges, "not duplicates" and quality fixes (replicated; see schemas.ts). */
  decisions: RxCollection<DecisionDoc>;
  measures: RxCollection<MeasureDoc>;
  /** Team sync's local log: lost conflict values, rejected writes, quarantined docs (sync/schemas.ts). */
  synclog: RxCollection<SyncLogDoc>;
  /** The audit trail: who changed what, when, on which device (replicated, append-only; schemas.ts). */
  audit: RxCollection<AuditDoc>;
  /** Import history and each import's stored plan and journal (local; import-schemas.ts). */
  imports: RxCollection<ImportDoc>;
  importchunks: RxCollection<ImportChunkDoc>;
}
export type FieldbookDatabase = RxDatabase<FieldbookCollections>;

export interface OpenDatabaseOptions {
  name?: string;
  /** Defaults to Dexie on the global IndexedDB. Tests pass Dexie over fake-indexeddb. */
  storage?: RxStorage<unknown, unknown>;
  /** Several tabs share one database through BroadcastChannel; tests run single-instance. */
  multiInstance?: boolean;
  /**
   * Add the JSON-schema validator around the storage (default: on in dev and tests). Never in the
   * production build: the option alone is a run-time value, so it would keep RxDB's Ajv chunk
   * (~130 kB) in the graph and in the service worker's precache although the app never asks for it.
   */
  validate?: boolean;
  /**
   * Open only these collections. The free edition allows 13 open collections per JavaScript realm
   * (free RxDB edition: docs/ARCHITECTURE.md, "Storage rules"), so a node test that plays two devices opens the replicated ones only. The app
   * always opens all of them.
   */
  only?: ReadonlyArray<keyof FieldbookCollections>;
  /**
   * Encryption at rest (data/crypto): the unlocked data key, and whether writes seal personal
   * fields ('seal') or store them plain ('unseal', turning protection off). Reads open both.
   */
  sealing?: { key: CryptoKey; mode: 'seal' | 'unseal' };
}

let pluginsAdded = false;
async function addPlugins(): Promise<void> {
  if (pluginsAdded) return;
  pluginsAdded = true;
  addRxPlugin(RxDBMigrationSchemaPlugin);
  addRxPlugin(RxDBLocalDocumentsPlugin);
  // `import.meta.env.DEV` is a compile-time constant: in the production build this whole branch,
  // and the dev-mode chunk with it, is removed (test/e2e checks the built files).
  if (import.meta.env.DEV) {
    const { RxDBDevModePlugin, disableWarnings } = await import('rxdb/plugins/dev-mode');
    disableWarnings();
    addRxPlugin(RxDBDevModePlugin);
  }
}

export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<FieldbookDatabase> {
  await addPlugins();
  let storage: RxStorage<unknown, unknown> = options.storage ?? getFieldbookStorage();
  // Sealing sits below validation (which checks the plain documents) and above the Fieldbook
  // storage (whose IndexedDB reads hand their rows up through it).
  if (options.sealing) {
    const { wrappedSealedStorage } = await import('../crypto/sealed-storage');
    storage = wrappedSealedStorage({ storage, ...options.sealing });
  }
  // `import.meta.env.DEV` first: a compile-time false in the build removes the branch and its chunk.
  if (import.meta.env.DEV && (options.validate ?? true)) {
    const { wrappedValidateAjvStorage } = await import('rxdb/plugins/validate-ajv');
    storage = wrappedValidateAjvStorage({ storage });
  }
  const db = await createRxDatabase<FieldbookCollections>({
    name: options.name ?? 'fieldbook',
    storage,
    multiInstance: options.multiInstance ?? true,
    eventReduce: true,
    closeDuplicates: true,
  });
  const all = {
    customers: { schema: customerSchema, migrationStrategies: customerMigrations },
    orders: { schema: orderSchema, migrationStrategies: orderMigrations },
    interactions: { schema: interactionSchema },
    surveys: { schema: surveySchema, migrationStrategies: surveyMigrations },
    products: { schema: productSchema },
    // Local documents hold the derived index's bookkeeping (see tag-index.ts); they never replicate.
    customertags: { schema: customerTagSchema, localDocuments: true },
    searchterms: { schema: searchTermSchema, localDocuments: true },
    decisions: { schema: decisionSchema },
    // Derived per-customer measures for Insights (measures.ts); local only, like the tag index.
    measures: { schema: measureSchema, localDocuments: true, migrationStrategies: measureMigrations },
    // The audit trail (repos/audit.ts): inserted by the repositories beside each change; replicated.
    audit: { schema: auditSchema },
    // The import history, its plans and journals (repos/imports.ts); local only.
    imports: { schema: importSchema },
    importchunks: { schema: importChunkSchema },
  };
  // Team sync: the three-way merge conflict handler on replicated collections, plus the sync log.
  const sink = new ConflictSink();
  addSyncCollections(all, sink);
  const wanted = options.only
    ? Object.fromEntries(
        Object.entries(all).filter(([name]) => options.only?.includes(name as keyof FieldbookCollections)),
      )
    : all;
  // Two collections at a time, each group in a task of its own: all at once is one long task at
  // start-up (each collection's schema normalization and storage set-up run synchronously; the
  // customers schema alone is the largest part).
  const entries = Object.entries(wanted);
  for (let i = 0; i < entries.length; i += 2) {
    await afterQueuedTasks();
    await db.addCollections(Object.fromEntries(entries.slice(i, i + 2)) as typeof all);
  }
  await attachSyncLog(db.collections, sink);
  return db;
}
