// The NPS kiosk: a rep hands the tablet to customers at an event.
//
// Decisions (documented in README "Insights"):
// - Lock: the rep sets a 4–8 digit PIN when starting the kiosk. Until it is entered again the app
//   shows only the kiosk: any navigation (back button, typed URL, reload) is sent back to #/kiosk.
//   Only a salted SHA-256 of the PIN is kept (localStorage, so a reload stays locked).
// - Whose answers: event answers are anonymous. They are stored as ordinary surveys (channel
//   'kiosk') of one "event customer" created per event name (family name = event, tag 'nps-kiosk',
//   source 'kiosk'), so they count in NPS, can be filtered by that tag in Insights, and sync like
//   any survey. A known customer's score is entered on their own screen instead.
import { addSurvey } from '../data/repos/activity';
import { createCustomer } from '../data/repos/customers';
import type { FieldbookDatabase } from '../data/db/database';
import { emptyCustomerFields } from '../domain/customer-fields';

const KEY = 'fieldbook.kiosk';
const EVENT_KEY = 'fieldbook.kioskEvent';
export const KIOSK_TAG = 'nps-kiosk';
const KIOSK_HASH = '#/kiosk';

interface Stored {
  salt: string;
  pinHash: string;
  customerId: string;
  event: string;
  answers: number;
}

function read(): Stored | null {
  try {
    const raw = globalThis.localStorage?.getItem(KEY);
    return raw ? (JSON.parse(raw) as Stored) : null;
  } catch {
    return null;
  }
}

async function hashPin(pin: string, salt: string): Promise<string> {
  const bytes = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${salt}:${pin}`));
  return [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export const isValidPin = (pin: string): boolean => /^\d{4,8}$/.test(pin);

/** Keeps a locked kiosk on its page whatever the navigation. */
function guard(): void {
  if (read() && globalThis.location && location.hash !== KIOSK_HASH) location.replace(KIOSK_HASH);
}
globalThis.addEventListener?.('hashchange', guard);
guard();

export class KioskState {
  locked = $state(read() !== null);
  event = $state(read()?.event ?? '');
  answers = $state(read()?.answers ?? 0);

  constructor(
    private readonly db: FieldbookDatabase,
    private readonly userId: string,
  ) {}

  async start(pin: string, event: string): Promise<void> {
    if (!isValidPin(pin)) throw new Error('invalid PIN');
    const name = event.trim() || 'Event';
    const saltBytes = crypto.getRandomValues(new Uint8Array(16));
    const salt = [...saltBytes].map((b) => b.toString(16).padStart(2, '0')).join('');
    const customerId = await this.eventCustomer(name);
    const stored: Stored = { salt, pinHash: await hashPin(pin, salt), customerId, event: name, answers: 0 };
    localStorage.setItem(KEY, JSON.stringify(stored));
    this.event = name;
    this.answers = 0;
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
    localStorage.setItem(KEY, JSON.stringify(s));
    this.answers = s.answers;
  }

  /** true when the PIN matches (the kiosk is then unlocked). */
  async unlock(pin: string): Promise<boolean> {
    const s = read();
    if (!s) {
      this.locked = false;
      return true;
    }
    if ((await hashPin(pin, s.salt)) !== s.pinHash) return false;
    localStorage.removeItem(KEY);
    this.locked = false;
    return true;
  }
}
