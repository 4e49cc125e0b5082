// How a pull reads the feed: on until a batch is collected, and past what it skipped.
import { describe, expect, it } from 'vitest';
import { collectBatch, SkippedRange, type PulledPage, type Sequence } from '../../../src/data/sync/pull-batch';

/** A feed of `rows` entries; `keep` says which are delivered. */
function feed(rows: number, keep: (seq: number) => boolean) {
  const reads: Sequence[] = [];
  const readPage =
    (batchSize: number) =>
    (since: Sequence): Promise<PulledPage<number>> => {
      reads.push(since);
      const from = Number(since);
      const seqs = Array.from({ length: Math.max(0, Math.min(batchSize, rows - from)) }, (_, i) => from + i + 1);
      return Promise.resolve({ read: seqs.length, kept: seqs.filter(keep), next: from + seqs.length });
    };
  return { reads, readPage };
}

describe('collectBatch', () => {
  it('stops after one full page when everything is delivered', async () => {
    const f = feed(10, () => true);
    expect(await collectBatch(0, 4, f.readPage(4))).toEqual({ documents: [1, 2, 3, 4], sequence: 4 });
    expect(f.reads).toEqual([0]);
  });

  it('reads on past dropped rows until a batch is collected', async () => {
    const f = feed(20, (s) => s % 2 === 0);
    const got = await collectBatch(0, 4, f.readPage(4));
    expect(got).toEqual({ documents: [2, 4, 6, 8], sequence: 8 });
    expect(f.reads).toEqual([0, 4]);
  });

  it('moves the checkpoint over a feed of only dropped rows, to its end', async () => {
    const f = feed(9, () => false);
    expect(await collectBatch(0, 4, f.readPage(4))).toEqual({ documents: [], sequence: 9 });
    expect(f.reads).toEqual([0, 4, 8]);
  });
});

describe('SkippedRange', () => {
  it('a pull from the same checkpoint after an empty one starts where that one ended', () => {
    const range = new SkippedRange();
    expect(range.start(undefined)).toBe(0);
    range.end(undefined, '12-abc', 0);
    expect(range.start(undefined)).toBe('12-abc');
    expect(range.start('5-x')).toBe('5-x');
  });

  it('forgets the range once a pull delivers documents', () => {
    const range = new SkippedRange();
    range.end('3-a', '9-b', 0);
    expect(range.start('3-a')).toBe('9-b');
    range.end('3-a', '12-c', 2);
    expect(range.start('3-a')).toBe('3-a');
  });
});
