// The sync log: one LOCAL collection (never replicated) for everything sync must keep instead of
// dropping: values that lost a conflict, writes the server rejected, server documents that break
// the local schema. One collection for all three keeps the count of open collections low (the free
// edition allows 13 per realm; a node test plays two devices in one realm).
import type { ExtractDocumentTypeFromTypedRxJsonSchema, RxJsonSchema } from 'rxdb';
import type { Mutable } from '../db/schemas';

export const SYNC_LOG_KINDS = ['conflict', 'rejected', 'quarantine'] as const;
export type SyncLogKind = (typeof SYNC_LOG_KINDS)[number];
export const SYNC_LOG_STATES = ['open', 'done'] as const;

export const syncLogSchemaLiteral = {
  title: 'sync log (local)',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    /** Deterministic per event (see conflict-handler.ts), so recording twice writes one entry. */
    id: { type: 'string', maxLength: 400 },
    kind: { type: 'string', enum: SYNC_LOG_KINDS, maxLength: 12 },
    /** 'open' until the user restored, retried, discarded or dismissed it. */
    state: { type: 'string', enum: SYNC_LOG_STATES, maxLength: 6 },
    /** the replicated collection ('collection' is a reserved field name in RxDB) */
    coll: { type: 'string', maxLength: 40 },
    docId: { type: 'string', maxLength: 300 },
    at: { type: 'integer', minimum: 0, maximum: 9_999_999_999_999, multipleOf: 1 },
    /** conflict: the field; rejected/quarantine: '' */
    field: { type: 'string' },
    /** the server's reason (rejected) or what is wrong (quarantine) */
    reason: { type: 'string' },
    /** JSON: conflict → LostValue; rejected → { doc, base }; quarantine → { doc } */
    body: { type: 'string' },
  },
  required: ['id', 'kind', 'state', 'coll', 'docId', 'at', 'field', 'reason', 'body'],
  indexes: [
    ['kind', 'state', 'at'],
    ['docId', 'at'],
  ],
  additionalProperties: false,
} as const;

export type SyncLogDoc = Mutable<ExtractDocumentTypeFromTypedRxJsonSchema<typeof syncLogSchemaLiteral>>;
export const syncLogSchema: RxJsonSchema<SyncLogDoc> = syncLogSchemaLiteral;
