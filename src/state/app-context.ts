// What every screen needs, handed down through Svelte context by App.svelte.
import { getContext, setContext } from 'svelte';
import type { FieldbookDatabase } from '../data/database';
import type { Router } from './router.svelte';
import type { Settings } from './settings.svelte';
import type { Toasts } from './toasts.svelte';
import type { PwaState } from './pwa.svelte';

export interface AppContext {
  db: FieldbookDatabase;
  router: Router;
  settings: Settings;
  toasts: Toasts;
  pwa: PwaState;
  /** Who is writing (a device-local name until sign-in exists). */
  userId: string;
}

const KEY = Symbol('fieldbook.app');
export const setAppContext = (ctx: AppContext): AppContext => setContext(KEY, ctx);
export const getAppContext = (): AppContext => getContext<AppContext>(KEY);
