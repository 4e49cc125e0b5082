// The kiosk's lock as stored (localStorage) and the guard that keeps a locked kiosk on its page.
// Its own small module: App.svelte loads it at start for that side effect, before any screen shows,
// while the kiosk's state and screen (kiosk.svelte.ts, KioskPage.svelte) load when it is opened.

const KEY = 'fieldbook.kiosk';
const KIOSK_HASH = '#/kiosk';

export interface Stored {
  salt: string;
  pinHash: string;
  customerId: string;
  event: string;
  answers: number;
  /** wrong PINs in a row */
  failures?: number;
  /** epoch ms before which no PIN is checked */
  retryAt?: number;
  /** the rep held the counter while locked out: the next start resets the wrong-PIN count */
  resetArmed?: boolean;
}

export function write(s: Stored): void {
  localStorage.setItem(KEY, JSON.stringify(s));
}

/** Ends the lock (the kiosk stops). */
export function clear(): void {
  localStorage.removeItem(KEY);
}

/** A locked-out kiosk whose restart the rep armed starts again with a clean wrong-PIN count. */
function restartIfArmed(): void {
  const s = read();
  if (s?.resetArmed) write({ ...s, failures: 0, retryAt: 0, resetArmed: false });
}

export function read(): Stored | null {
  try {
    const raw = globalThis.localStorage?.getItem(KEY);
    return raw ? (JSON.parse(raw) as Stored) : null;
  } catch {
    return null;
  }
}

/** Keeps a locked kiosk on its page whatever the navigation. */
function guard(): void {
  if (read() && globalThis.location && location.hash !== KIOSK_HASH) location.replace(KIOSK_HASH);
}
globalThis.addEventListener?.('hashchange', guard);
guard();
if (globalThis.localStorage) restartIfArmed();
