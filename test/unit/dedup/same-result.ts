// The one assertion the threaded-engine tests share: a run split over helper threads gives exactly
// the one-thread result (candidate and final pair counts, EM's parameters bit for bit, pairs with
// their scores and explanations, groups).
import { expect } from 'vitest';
import type { DedupResult } from '../../../workers/dedup/engine';

export function expectSameResult(threaded: DedupResult, one: DedupResult): void {
  expect(threaded.stats.candidatePairs).toBe(one.stats.candidatePairs);
  expect(threaded.stats.pairsAboveThreshold).toBe(one.stats.pairsAboveThreshold);
  expect(threaded.params).toEqual(one.params);
  expect(threaded.pairs).toEqual(one.pairs);
  expect(threaded.groups).toEqual(one.groups);
}
