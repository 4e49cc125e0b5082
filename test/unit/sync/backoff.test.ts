import { describe, expect, it } from 'vitest';
import { backoffDelay, sleep } from '../../../src/data/sync/backoff';

describe('backoffDelay', () => {
  it('doubles from the first wait and stops at the longest', () => {
    const backoff = { first: 1000, max: 30_000 };
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => backoffDelay(n, backoff))).toEqual([
      1000, 2000, 4000, 8000, 16_000, 30_000, 30_000,
    ]);
  });
});

describe('sleep', () => {
  it('ends at once when sync stops', async () => {
    const stop = new AbortController();
    const started = Date.now();
    const slept = sleep(60_000, stop.signal);
    stop.abort();
    await slept;
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
