// The import history (docs/ARCHITECTURE.md, "Bulk writes"): local to the device, never replicated
// (what an import wrote does replicate, as typed records do). Kept apart from schemas.ts so the
// import work touches one file of its own.
//
// - `imports`: one document per import: file, who, when, counts, state.
// - `importchunks`: the import's plan, stored in pages before the first row is written (so a tab
//   closed mid-import can be resumed without the file), and one journal entry per written chunk
//   that updated existing customers, holding their values before the import (what Undo restores).
import type { ExtractDocumentTypeFromTypedRxJsonSchema, RxJsonSchema } from 'rxdb';
import type { Mutable } from './schemas';

const ID = { type: 'string', maxLength: 40 } as const;
const TIME = { type: 'integer', minimum: 0, maximum: 9_999_999_999_999, multipleOf: 1 } as const;
const COUNT = { type: 'integer', minimum: 0, maximum: 100_000_000, multipleOf: 1 } as const;
const TEXT = { type: 'string' } as const;

export const IMPORT_STATES = ['running', 'finished', 'unfinished', 'undone'] as const;
export type ImportState = (typeof IMPORT_STATES)[number];

export const importSchemaLiteral = {
  title: 'imports',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: ID,
    kind: { type: 'string', enum: ['customers', 'orders'], maxLength: 10 },
    fileName: TEXT,
    /** Who ran it (the writing user, as `updatedBy` on what it wrote). */
    by: TEXT,
    startedAt: TIME,
    /** Moved after every chunk while it runs: a 'running' import that stopped moving is unfinished. */
    updatedAt: TIME,
    /** 0 until finished. */
    finishedAt: TIME,
    state: { type: 'string', enum: IMPORT_STATES, maxLength: 12 },
    totalRows: COUNT,
    rejectedRows: COUNT,
    /** Rows in the plan, and how many of them are written so far (skipped rows count as done). */
    planned: COUNT,
    done: COUNT,
    created: COUNT,
    updated: COUNT,
    skipped: COUNT,
    /** Rows created anyway with a pair queued for review. */
    review: COUNT,
    undoneAt: TIME,
    /** Customers Undo left as they were because they were edited after the import. */
    kept: { type: 'array', items: { type: 'string' } },
  },
  required: [
    'id',
    'kind',
    'fileName',
    'by',
    'startedAt',
    'updatedAt',
    'finishedAt',
    'state',
    'totalRows',
    'rejectedRows',
    'planned',
    'done',
    'created',
    'updated',
    'skipped',
    'review',
    'undoneAt',
    'kept',
  ],
  indexes: ['startedAt'],
  additionalProperties: false,
} as const;
export type ImportDoc = Mutable<ExtractDocumentTypeFromTypedRxJsonSchema<typeof importSchemaLiteral>>;
export const importSchema: RxJsonSchema<ImportDoc> = importSchemaLiteral;

export const importChunkSchemaLiteral = {
  title: 'importchunks',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    /** `<importId>|<kind>|<from, 8 digits>` */
    id: { type: 'string', maxLength: 60 },
    importId: ID,
    /** 'plan': a page of the plan's rows; 'journal': one written chunk's updates. */
    kind: { type: 'string', enum: ['plan', 'journal'], maxLength: 10 },
    /** Index of the first plan row it covers, and how many. */
    from: COUNT,
    count: COUNT,
    /** journal: the write time stamped on the chunk's rows (`updatedAt`). */
    at: TIME,
    /** JSON: plan → rows with their assigned ids; journal → [{ id, before }]. */
    payload: TEXT,
  },
  required: ['id', 'importId', 'kind', 'from', 'count', 'at', 'payload'],
  indexes: [['importId', 'kind', 'from']],
  additionalProperties: false,
} as const;
export type ImportChunkDoc = Mutable<ExtractDocumentTypeFromTypedRxJsonSchema<typeof importChunkSchemaLiteral>>;
export const importChunkSchema: RxJsonSchema<ImportChunkDoc> = importChunkSchemaLiteral;
