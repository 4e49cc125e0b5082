// The comparison phase split over a helper thread (node worker_threads over shared memory) must
// give exactly the one-thread result: the same candidate pairs, pattern counts (EM's parameters,
// bit for bit), final pairs, scores and explanations. The helper must really have compared chunks.
import { describe, expect, it } from 'vitest';
import { generateSynthetic } from '../../factories/synthetic';
import { expectSameResult } from './same-result';
import { findDuplicates } from '../../../workers/dedup/engine';
import { nodeCompareThreads } from '../../../workers/dedup/compare-threads';
import type { CompareHelpers } from '../../../workers/dedup/compare-shard';

describe('dedup comparison on helper threads', () => {
  it('gives the same pairs, scores and parameters as one thread', () => {
    const { records } = generateSynthetic({ seed: 11, records: 12_000 });
    const one = findDuplicates(records);
    let fromHelpers = 0;
    const threaded = findDuplicates(records, {
      compareThreads: () => {
        const h = nodeCompareThreads(1)();
        return {
          alloc: (bytes) => h.alloc(bytes),
          start: (data) => {
            h.start(data);
            // Let the helper claim the first chunk before the scan does (it starts slower than
            // the scan's own loop), so the merge really takes chunks from it.
            const pause = new Int32Array(new SharedArrayBuffer(4));
            while (Atomics.load(data.claim, 0) === 0) Atomics.wait(pause, 0, 0, 5);
          },
          next: (wait) => {
            const r = h.next(wait);
            if (r !== undefined) fromHelpers++;
            return r;
          },
          close: () => h.close(),
        } satisfies CompareHelpers;
      },
    });
    expect(fromHelpers).toBeGreaterThan(0);
    expectSameResult(threaded, one);
  }, 300_000);
});
