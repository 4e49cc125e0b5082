// The NPS kiosk's pure rules: which record is an event's pseudo-customer, and how long a wrong
// PIN makes the next try wait.
import { retryDelayMs } from './retry-delay';

/** The tag that marks an event's pseudo-customer (reserved: the kiosk writes it, people do not). */
export const KIOSK_TAG = 'nps-kiosk';

/**
 * An event's pseudo-customer holds the anonymous kiosk answers so they count in NPS; it is not a
 * customer in lists, counts, search, duplicates or the quality screen.
 */
export function isEventCustomer(c: { tags: readonly string[] }): boolean {
  return c.tags.includes(KIOSK_TAG);
}

/** After this many wrong PINs in a row the kiosk locks until the rep restarts it. */
export const PIN_LOCKOUT_AFTER = 10;

/**
 * How long the next try waits after `failures` wrong PINs in a row: the shared rule
 * (`retryDelayMs`: 1 s, 2 s, 4 s … doubling, capped at 5 minutes), and Infinity (locked out) from
 * the tenth. A typo costs a second; guessing 4 digits would take years.
 */
export function pinDelayMs(failures: number): number {
  return retryDelayMs(failures, PIN_LOCKOUT_AFTER);
}
