// "N changes waiting": a count from the stored data corrected by what happened while it read.
import { describe, expect, it } from 'vitest';
import { PendingIds } from '../../../src/data/sync/pending';

describe('PendingIds', () => {
  it('local writes add, settled pushes remove', () => {
    const p = new PendingIds();
    p.add('a');
    p.add('b');
    p.add('a');
    p.settle('b');
    expect(p.size).toBe(1);
    expect(p.has('a')).toBe(true);
  });

  it('a count replaces the set, keeping writes made while it read and dropping what was settled meanwhile', () => {
    const p = new PendingIds();
    p.add('old');
    const count = p.beginCount();
    p.add('written-during');
    p.settle('pushed-during');
    count.finish(['stored-1', 'pushed-during']);
    expect(['stored-1', 'written-during', 'pushed-during', 'old'].map((id) => p.has(id))).toEqual([
      true,
      true,
      false,
      false,
    ]);
    expect(p.size).toBe(2);
  });

  it('a write pushed before the count ends is not counted', () => {
    const p = new PendingIds();
    const count = p.beginCount();
    p.add('x');
    p.settle('x');
    count.finish([]);
    expect(p.size).toBe(0);
  });

  it('a later count supersedes an earlier one; a failed count leaves the set as it was', () => {
    const p = new PendingIds();
    const first = p.beginCount();
    const second = p.beginCount();
    second.finish(['b']);
    first.finish(['a', 'c']);
    expect([p.has('a'), p.has('b')]).toEqual([false, true]);
    const failed = p.beginCount();
    failed.abandon();
    expect(p.size).toBe(1);
  });
});
