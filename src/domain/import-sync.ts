// What the import history says about an import's records and sync: when sync is configured (a
// user signed in to a server), an import's records travel like typed ones; they are on the server
// once nothing is waiting and the last sync came after the import's last write.

export type ImportSyncState = 'synced' | 'waiting';

export interface SyncFactsForImport {
  /** A user is signed in to a sync server (sync on, or stopped with changes waiting). */
  configured: boolean;
  /** Local changes not yet pushed. */
  pending: number;
  lastSyncAt: number | null;
}

/** null when sync is not configured or the import wrote nothing that syncs (undone imports: see the undo's own writes). */
export function importSyncState(
  entry: { state: string; updatedAt: number; created: number; updated: number },
  sync: SyncFactsForImport,
): ImportSyncState | null {
  if (!sync.configured || entry.created + entry.updated === 0) return null;
  if (entry.state === 'running') return 'waiting';
  return sync.pending === 0 && sync.lastSyncAt !== null && sync.lastSyncAt >= entry.updatedAt ? 'synced' : 'waiting';
}
