// Settings → Wipe this device, as the UI sees it: what would be lost (changes not yet on the sync
// server), and the wipe itself (data/db/wipe.ts: close, delete every store of the origin, reload).
import { onWipe, wipeDevice } from '../data/db/wipe';
import { terminateAll } from '../../workers/client';
import type { SyncState } from './sync.svelte';

/** How long a wipe waits for the server to end the session (offline it fails at once). */
const SIGN_OUT_WAIT_MS = 3000;

/**
 * Registers what the app runs above the database to be closed before a wipe: live sync (it would
 * write pulled documents back) and the workers; and, when signed in, ends the server session
 * (best effort: the cookie is HttpOnly, so only the server can end it, and only when reachable).
 * Returns the unregister function (App.svelte).
 */
export function closeOnWipe(sync: SyncState): () => void {
  return onWipe(async () => {
    const serverUrl = sync.username ? sync.serverUrl : '';
    sync.destroy();
    terminateAll();
    if (serverUrl) {
      await Promise.race([
        // session.ts loads with sync, not at start (a device that never synced does not need it).
        import('../data/sync/session').then(({ signOut }) => signOut(serverUrl, { kind: 'browser-cookie' })),
        new Promise((resolve) => setTimeout(resolve, SIGN_OUT_WAIT_MS)),
      ]);
    }
  });
}

export class DeviceWipe {
  wiping = $state(false);
  error = $state('');
  readonly #sync: SyncState;

  constructor(sync: SyncState) {
    this.#sync = sync;
  }

  /** Sync was set up on this device: its data comes back by signing in again. */
  get syncConfigured(): boolean {
    return this.#sync.username !== '';
  }

  /** Changes made here that the server does not have: waiting to be sent, or refused by it. */
  get unsynced(): { pending: number; refused: number } {
    return { pending: this.#sync.status.pending, refused: this.#sync.refused };
  }

  /** Wipes the device; on success the page reloads, so this only returns on a failure. */
  async wipe(): Promise<void> {
    this.wiping = true;
    this.error = '';
    try {
      await wipeDevice();
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err);
      this.wiping = false;
    }
  }
}
