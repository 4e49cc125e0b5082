// The pull's batch sizes: RxDB merges the batches handed over but not yet written into one write,
// so READ_AHEAD batches of the largest size must fit in a page.
import { describe, expect, it } from 'vitest';
import { pullSizing, READ_AHEAD } from '../../../src/data/sync/pull';
import { ChunkSizer } from '../../../src/data/repos/bulk';

describe('pullSizing', () => {
  it.each([200, 100, 50, 25, 10, 1])('pages of %i: one merged write never holds more than a page', (page) => {
    const sizing = pullSizing(page);
    expect(sizing.min).toBeLessThanOrEqual(sizing.initial);
    expect(sizing.initial).toBeLessThanOrEqual(sizing.max);
    // The smallest page a server may be asked for is one row: then one row per batch.
    if (page >= READ_AHEAD * sizing.min) expect(READ_AHEAD * sizing.max).toBeLessThanOrEqual(page);
    else expect(sizing.max).toBe(sizing.min);
  });

  it('after many clean batches a batch of the default 200-row pages holds 50 documents, so a merged write holds 100', () => {
    const sizer = new ChunkSizer(pullSizing(200));
    for (let i = 0; i < 100; i++) sizer.record(false);
    expect(sizer.size).toBe(50);
    expect(READ_AHEAD * sizer.size).toBe(100);
    sizer.record(true);
    expect(sizer.size).toBe(25);
  });
});
