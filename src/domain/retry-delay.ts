// How long a wrong secret (the kiosk's PIN, the device passphrase) makes the next try wait: the one
// rule both use, so a typo costs a second and guessing costs years.

const MAX_DELAY_MS = 300_000;

/**
 * The wait before the next try after `failures` wrong tries in a row: none before the first
 * mistake, then 1 s, 2 s, 4 s … doubling (capped at 5 minutes), and Infinity (locked out) from
 * `lockoutAfter` on (never, by default).
 */
export function retryDelayMs(failures: number, lockoutAfter = Number.POSITIVE_INFINITY): number {
  if (failures <= 0) return 0;
  if (failures >= lockoutAfter) return Number.POSITIVE_INFINITY;
  return Math.min(1000 * 2 ** (failures - 1), MAX_DELAY_MS);
}
