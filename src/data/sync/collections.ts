// Which collections replicate, and how sync plugs into openDatabase (database.ts calls these two).
import type { RxCollection } from 'rxdb';
import { ConflictSink, createConflictHandler } from './conflict-handler';
import { syncLogSchema, type SyncLogDoc } from './schemas';

/**
 * Replicated collections, one CouchDB database each (`<prefix>-<name>`). The derived local ones
 * (customertags, measures) and the sync log never replicate. `decisions` (dedup: merges, "not
 * duplicates") and `audit` (the append-only audit trail) replicate when the app opens them.
 */
export const REPLICATED = ['customers', 'orders', 'interactions', 'surveys', 'products', 'decisions', 'audit'] as const;
export type ReplicatedName = (typeof REPLICATED)[number];

/**
 * Gives every replicated collection the three-way merge conflict handler and adds the local sync
 * log collection. Mutates the collection creators `openDatabase` is about to add.
 */
export function addSyncCollections(all: Record<string, object>, sink: ConflictSink): void {
  for (const name of REPLICATED) {
    const creator = all[name];
    if (creator) all[name] = { ...creator, conflictHandler: createConflictHandler(name, 'id', sink) };
  }
  all.synclog = { schema: syncLogSchema };
}

/** After addCollections: conflict entries go to the sync log (when the database has one). */
export async function attachSyncLog(collections: object, sink: ConflictSink): Promise<void> {
  const log = (collections as { synclog?: RxCollection<SyncLogDoc> }).synclog;
  if (log) await sink.attach(log);
}

export { ConflictSink };
