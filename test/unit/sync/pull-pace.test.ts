// The pull reads at most one batch ahead of what is stored, and never stalls for good.
import { describe, expect, it } from 'vitest';
import { PullPacer } from '../../../src/data/sync/pull-pace';

/** A fake clock and a store that "writes" a batch when told to. */
function setup(maxWaitMs = 1000) {
  let now = 0;
  const stored = new Set<number>();
  const checks: number[] = [];
  const pacer = new PullPacer<number>({
    ahead: 2,
    isStored: (batch) => {
      checks.push(batch);
      return Promise.resolve(stored.has(batch));
    },
    maxWaitMs,
    pollMs: 10,
    now: () => now,
    sleep: (ms) => {
      now += ms;
      // The store catches up with batch 1 after 50 ms.
      if (now >= 50) stored.add(1);
      return Promise.resolve();
    },
  });
  return { pacer, stored, checks, time: () => now };
}

describe('PullPacer', () => {
  it('lets the first two reads go at once, then waits for the older batch to be stored', async () => {
    const { pacer, checks, time } = setup();
    await pacer.beforeRead();
    pacer.handed(1);
    await pacer.beforeRead();
    expect(checks).toEqual([]);
    pacer.handed(2);
    await pacer.beforeRead();
    expect(time()).toBe(50);
    expect(checks.at(-1)).toBe(1);
    expect(pacer.outstanding).toBe(1);
  });

  it('does not wait for a batch already stored', async () => {
    const { pacer, stored, time } = setup();
    stored.add(1);
    pacer.handed(1);
    pacer.handed(2);
    await pacer.beforeRead();
    expect(time()).toBe(0);
  });

  it('gives up waiting after maxWaitMs (a write that never shows does not stop the pull)', async () => {
    const { pacer, time } = setup(30);
    pacer.handed(7);
    pacer.handed(8);
    await pacer.beforeRead();
    expect(time()).toBe(30);
    expect(pacer.outstanding).toBe(1);
  });

  it('ignores empty batches', async () => {
    const { pacer, checks } = setup();
    pacer.handed(undefined);
    pacer.handed(undefined);
    await pacer.beforeRead();
    expect(checks).toEqual([]);
  });
});
