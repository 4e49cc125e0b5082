// How a pull reads the feed: pages read on until a batch is collected, handed on in batches of any
// size with a checkpoint after each, and past what it skipped.
import { describe, expect, it } from 'vitest';
import { PageBuffer, SkippedRange, type PulledPage, type Sequence } from '../../../src/data/sync/pull-batch';

/** A feed of `rows` entries (sequence = row number); `keep` says which are delivered. */
function feed(rows: number, keep: (seq: number) => boolean, withSeq = true) {
  const reads: Sequence[] = [];
  let length = rows;
  const readPage = (since: Sequence, limit: number): Promise<PulledPage<number>> => {
    reads.push(since);
    const from = Number(since);
    const seqs = Array.from({ length: Math.max(0, Math.min(limit, length - from)) }, (_, i) => from + i + 1);
    return Promise.resolve({
      read: seqs.length,
      kept: seqs.filter(keep).map((seq) => (withSeq ? { doc: seq, seq } : { doc: seq })),
      next: from + seqs.length,
    });
  };
  return { reads, readPage, grow: (to: number) => (length = to) };
}

describe('PageBuffer', () => {
  it('stops after one full page when everything is delivered', async () => {
    const f = feed(10, () => true);
    expect(await new PageBuffer<number>().take(0, 4, 4, 4, f.readPage)).toEqual({
      documents: [1, 2, 3, 4],
      sequence: 4,
    });
    expect(f.reads).toEqual([0]);
  });

  it('reads on past dropped rows until a batch is collected', async () => {
    const f = feed(20, (s) => s % 2 === 0);
    expect(await new PageBuffer<number>().take(0, 4, 4, 4, f.readPage)).toEqual({
      documents: [2, 4, 6, 8],
      sequence: 8,
    });
    expect(f.reads).toEqual([0, 4]);
  });

  it('moves the checkpoint over a feed of only dropped rows, to its end', async () => {
    const f = feed(9, () => false);
    expect(await new PageBuffer<number>().take(0, 4, 4, 4, f.readPage)).toEqual({ documents: [], sequence: 9 });
    expect(f.reads).toEqual([0, 4, 8]);
  });

  it('hands one page on in small batches, each ending at its last row, with one request', async () => {
    const f = feed(10, () => true);
    const buffer = new PageBuffer<number>();
    const first = await buffer.take(0, 3, 3, 10, f.readPage);
    expect(first).toEqual({ documents: [1, 2, 3], sequence: 3 });
    const second = await buffer.take(first.sequence, 3, 3, 10, f.readPage);
    expect(second).toEqual({ documents: [4, 5, 6], sequence: 6 });
    expect(f.reads).toEqual([0]);
    // Fewer buffered than wanted: the next page is read (here: the feed's end) and appended.
    const rest = await buffer.take(second.sequence, 10, 10, 10, f.readPage);
    expect(rest).toEqual({ documents: [7, 8, 9, 10], sequence: 10 });
    expect(f.reads).toEqual([0, 10]);
  });

  it('a batch after dropped rows ends at its last delivered row; the last one at the page end', async () => {
    const f = feed(10, (s) => s <= 5);
    const buffer = new PageBuffer<number>();
    expect(await buffer.take(0, 3, 3, 10, f.readPage)).toEqual({ documents: [1, 2, 3], sequence: 3 });
    expect(await buffer.take(3, 3, 3, 10, f.readPage)).toEqual({ documents: [4, 5], sequence: 10 });
  });

  it('a pull from another checkpoint (a restart) drops what was buffered and reads from there', async () => {
    const f = feed(10, () => true);
    const buffer = new PageBuffer<number>();
    await buffer.take(0, 3, 3, 10, f.readPage);
    expect(buffer.buffered).toBe(7);
    expect(await buffer.take(0, 3, 3, 10, f.readPage)).toEqual({ documents: [1, 2, 3], sequence: 3 });
    expect(f.reads).toEqual([0, 0]);
  });

  it('once drained it reads the feed again: changes that arrived meanwhile are pulled', async () => {
    const f = feed(4, () => true);
    const buffer = new PageBuffer<number>();
    expect(await buffer.take(0, 10, 10, 10, f.readPage)).toEqual({ documents: [1, 2, 3, 4], sequence: 4 });
    f.grow(6);
    expect(await buffer.take(4, 10, 10, 10, f.readPage)).toEqual({ documents: [5, 6], sequence: 6 });
  });

  it('reads no further than the minimum: what is buffered is handed on, even if fewer than wanted', async () => {
    const f = feed(20, (s) => s !== 1);
    const buffer = new PageBuffer<number>();
    expect(await buffer.take(0, 8, 2, 5, f.readPage)).toEqual({ documents: [2, 3, 4, 5], sequence: 5 });
    expect(f.reads).toEqual([0]);
    expect(buffer.buffered).toBe(0);
  });

  it('rows without a sequence are handed on whole (no checkpoint inside a page)', async () => {
    const f = feed(10, () => true, false);
    expect(await new PageBuffer<number>().take(0, 3, 3, 10, f.readPage)).toEqual({
      documents: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
      sequence: 10,
    });
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
