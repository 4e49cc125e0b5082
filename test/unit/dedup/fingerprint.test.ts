// The memory work on the scan (streamed candidates, packed pairs, typed edges, records read from
// their rows) must not change a single candidate, comparison level, final pair, score or
// explanation: the 20,000-record fingerprint (test/bench/dedup-fingerprint.ts) is pinned here.
// Values recorded before that work, after the umlaut rule (Müller = Mueller) changed the levels.
import { describe, expect, it } from 'vitest';
import { fingerprint } from '../../bench/dedup-fingerprint';

describe('dedup fingerprint at 20,000 records', () => {
  it('has the same candidate pairs, levels and final pairs as before the memory work', () => {
    expect(fingerprint(20_000)).toEqual({
      n: 20_000,
      candidates: 574_382,
      candidatesHash: 'df9afff639847e1d',
      levelsHash: '068bec389754373d',
      pairs: 5374,
      pairsHash: '424e05546aa399b9',
    });
  }, 600_000);
});
