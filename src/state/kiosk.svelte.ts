// The NPS kiosk: a rep hands the tablet to customers at an event.
//
// Decisions (documented in README "Insights"):
// - Lock: the rep sets a 4–8 digit PIN when starting the kiosk. Until it is entered again the app
//   shows only the kiosk: any navigation (back button, typed URL, reload) is sent back to #/kiosk.
//   Only a salted SHA-256 of the PIN is kept (localStorage, so a reload stays locked).
// - Wrong PINs: each makes the next try wait longer (src/domain/kiosk.ts `pinDelayMs`: 1 s, 2 s,
//   4 s … doubling); the wait is stored with the lock, so a reload does not skip it. After 10 in a
//   row the kiosk is locked out: no PIN opens it any more. The rep restarts it by signing in to
//   sync again when this device syncs (that also ends the kiosk), otherwise by pressing and holding
//   the answer counter for 5 seconds and then reloading the app (the PIN works again); on a device
//   protected with a passphrase (Settings → Security) the passphrase ends it too. The setup screen
//   explains the first two to the rep before the device is handed over.
// - A viewer (sync role) cannot start the kiosk: its answers would be writes the server refuses.
// - Whose answers: event answers are anonymous. They are stored as ordinary surveys (channel
//   'kiosk') of one "event customer" created per event name (family name = event, tag 'nps-kiosk',
//   source 'kiosk'), so they count in NPS, can be filtered by that tag in Insights, and sync like
//   any survey. The event customer is not a customer: lists, counts, search, duplicates and the
//   quality screen leave it out (src/domain/kiosk.ts `isEventCustomer`). A known customer's score
//   is entered on their own screen instead.
import { addSurvey } from '../data/repos/activity';
import { createCustomer } from '../data/repos/customers';
import type { FieldbookDatabase } from '../data/db/database';
import { emptyCustomerFields } from '../domain/customer-fields';
import { KIOSK_TAG, PIN_LOCKOUT_AFTER, pinDelayMs } from '../domain/kiosk';
// The stored lock and the navigation guard (loaded at start by App.svelte, before any screen).
import { clear, read, write, type Stored } from './kiosk-guard';

const EVENT_KEY = 'fieldbook.kioskEvent';
export { KIOSK_TAG, PIN_LOCKOUT_AFTER };
/** How long the rep holds the answer counter to arm the restart of a locked-out kiosk. */
export const RESET_HOLD_MS = 5000;

async function hashPin(pin: string, salt: string): Promise<string> {
  const bytes = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${salt}:${pin}`));
  return [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export const isValidPin = (pin: string): boolean => /^\d{4,8}$/.test(pin);

export type UnlockResult = 'unlocked' | 'wrong' | 'wait' | 'lockedOut';

export class KioskState {
  locked = $state(read() !== null);
  event = $state(read()?.event ?? '');
  answers = $state(read()?.answers ?? 0);
  /** wrong PINs in a row */
  failures = $state(read()?.failures ?? 0);
  /** no PIN is checked before this time (epoch ms) */
  retryAt = $state(read()?.retryAt ?? 0);
  readonly lockedOut = $derived(this.failures >= PIN_LOCKOUT_AFTER);
  /** the restart of a locked-out kiosk is armed (takes effect on the next start of the app) */
  resetArmed = $state(read()?.resetArmed ?? false);

  constructor(
    private readonly db: FieldbookDatabase,
    private readonly userId: string,
    private readonly canWrite: () => boolean = () => true,
  ) {}

  async start(pin: string, event: string): Promise<void> {
    if (!this.canWrite()) throw new Error('a viewer cannot start the kiosk');
    if (!isValidPin(pin)) throw new Error('invalid PIN');
    const name = event.trim() || 'Event';
    const saltBytes = crypto.getRandomValues(new Uint8Array(16));
    const salt = [...saltBytes].map((b) => b.toString(16).padStart(2, '0')).join('');
    const customerId = await this.eventCustomer(name);
    const stored: Stored = { salt, pinHash: await hashPin(pin, salt), customerId, event: name, answers: 0 };
    write(stored);
    this.event = name;
    this.answers = 0;
    this.failures = 0;
    this.retryAt = 0;
    this.resetArmed = false;
    this.locked = true;
  }

  /** One event customer per event name on this device (reused when the kiosk restarts). */
  private async eventCustomer(event: string): Promise<string> {
    try {
      const prev = JSON.parse(localStorage.getItem(EVENT_KEY) ?? 'null') as {
        event: string;
        customerId: string;
      } | null;
      if (prev && prev.event === event && (await this.db.customers.findOne(prev.customerId).exec()))
        return prev.customerId;
    } catch {
      // a broken entry: make a new event customer
    }
    const now = Date.now();
    const c = await createCustomer(
      this.db,
      { ...emptyCustomerFields(), familyName: event, tags: [KIOSK_TAG], ownerId: this.userId, source: 'kiosk' },
      { now, by: this.userId },
    );
    localStorage.setItem(EVENT_KEY, JSON.stringify({ event, customerId: c.id }));
    return c.id;
  }

  /** Stores one answer (only with consent: the page does not allow sending without it). */
  async submit(score: number, comment: string): Promise<void> {
    const s = read();
    if (!s) throw new Error('kiosk not started');
    const now = Date.now();
    await addSurvey(
      this.db,
      { customerId: s.customerId, at: now, score, comment: comment.trim().slice(0, 2000), channel: 'kiosk' },
      { now, by: this.userId },
    );
    s.answers += 1;
    write(s);
    this.answers = s.answers;
  }

  /**
   * Checks a PIN: 'unlocked' ends the kiosk; 'wrong' counts a failure and sets the wait before the
   * next try; 'wait' means the wait is not over (the PIN was not checked); 'lockedOut' after 10.
   */
  async unlock(pin: string, now = Date.now()): Promise<UnlockResult> {
    const s = read();
    if (!s) {
      this.locked = false;
      return 'unlocked';
    }
    const failures = s.failures ?? 0;
    if (failures >= PIN_LOCKOUT_AFTER) return 'lockedOut';
    if (now < (s.retryAt ?? 0)) return 'wait';
    if ((await hashPin(pin, s.salt)) === s.pinHash) {
      this.#end();
      return 'unlocked';
    }
    const next = failures + 1;
    const delay = pinDelayMs(next);
    const retryAt = Number.isFinite(delay) ? now + delay : 0;
    write({ ...s, failures: next, retryAt });
    this.failures = next;
    this.retryAt = retryAt;
    return next >= PIN_LOCKOUT_AFTER ? 'lockedOut' : 'wrong';
  }

  /** The rep signed in to sync again (a role that may write): the locked-out kiosk ends. */
  endAfterSignIn(): void {
    if (!this.canWrite()) return;
    this.#end();
  }

  /** The rep entered the device's passphrase (a protected device, state/session.svelte.ts): the kiosk ends. */
  endWithPassphrase(): void {
    this.#end();
  }

  /** The rep held the counter while locked out: the next start of the app restarts the PIN count. */
  armReset(): void {
    const s = read();
    if (!s || (s.failures ?? 0) < PIN_LOCKOUT_AFTER) return;
    write({ ...s, resetArmed: true });
    this.resetArmed = true;
  }

  #end(): void {
    clear();
    this.locked = false;
    this.failures = 0;
    this.retryAt = 0;
    this.resetArmed = false;
  }
}
