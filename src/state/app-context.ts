// What every screen needs, handed down through Svelte context by App.svelte.
import { getContext, setContext } from 'svelte';
import type { FieldbookDatabase } from '../data/db/database';
import type { Router } from './router.svelte';
import type { Settings } from './settings.svelte';
import type { Toasts } from './toasts.svelte';
import type { PwaState } from './pwa.svelte';
import type { SyncState } from './sync.svelte';
import type { DeviceStorage } from './device-storage.svelte';
import type { Session } from './session.svelte';
import type { ImportState } from './import.svelte';

export interface AppContext {
  db: FieldbookDatabase;
  router: Router;
  settings: Settings;
  toasts: Toasts;
  pwa: PwaState;
  /** Who is writing: the signed-in sync user, else a device-local name. */
  userId: string;
  /** This device's own id ('device-…'): what `userId` is before signing in to sync. */
  deviceId: string;
  /** Team sync: status, signed-in user and role (a viewer's UI is read-only). */
  sync: SyncState;
  /** Persistent storage, space used and available (asks the browser to keep data once there is some). */
  storage: DeviceStorage;
  /** Encryption at rest: protection on/off, passphrase, lock (session.svelte.ts). */
  session: Session;
  /** Imports: the one that runs (it outlives the wizard: the header shows it), history, undo. */
  imports: ImportState;
}

const KEY = Symbol('fieldbook.app');
export const setAppContext = (ctx: AppContext): AppContext => setContext(KEY, ctx);
export const getAppContext = (): AppContext => getContext<AppContext>(KEY);
