import { describe, expect, test } from 'vitest';
import { isEventCustomer, KIOSK_TAG, PIN_LOCKOUT_AFTER, pinDelayMs } from '../../src/domain/kiosk';

describe('kiosk PIN delay', () => {
  test('no wait before a mistake, then a doubling wait, locked out at the tenth', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map(pinDelayMs)).toEqual([
      0, 1000, 2000, 4000, 8000, 16_000, 32_000, 64_000, 128_000, 256_000,
    ]);
    expect(pinDelayMs(PIN_LOCKOUT_AFTER)).toBe(Number.POSITIVE_INFINITY);
    expect(pinDelayMs(25)).toBe(Number.POSITIVE_INFINITY);
    expect(PIN_LOCKOUT_AFTER).toBe(10);
  });

  test('every step waits at least as long as the one before', () => {
    for (let n = 1; n <= PIN_LOCKOUT_AFTER; n++) expect(pinDelayMs(n)).toBeGreaterThanOrEqual(pinDelayMs(n - 1));
  });
});

describe('event pseudo-customer', () => {
  test('is the record with the kiosk tag', () => {
    expect(isEventCustomer({ tags: [KIOSK_TAG] })).toBe(true);
    expect(isEventCustomer({ tags: ['vip', 'nps'] })).toBe(false);
  });
});
