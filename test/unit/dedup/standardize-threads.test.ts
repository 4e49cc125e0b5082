// The standardize phase on a helper thread (node worker_threads) must give exactly the one-thread
// scan: the same candidate pairs, EM parameters (bit for bit), final pairs, scores and groups. The
// helper must really have standardized batches. A scan that does not know its record count (the
// CLI) grows its record rows as records arrive and must give the same result too. Records dropped as
// soon as their rows are filled (blocking rebuilds them from the rows) must give what a scan that
// keeps them through blocking (the browser worker's ScanFeed) gives, Chinese names and records with
// more than two emails or phones included.
import { describe, expect, it } from 'vitest';
import { generateSynthetic } from '../../factories/synthetic';
import { expectSameResult } from './same-result';
import {
  ScanFeed,
  drain,
  findDuplicates,
  scanInputSteps,
  type DedupInput,
  type StandardizeHelpers,
} from '../../../workers/dedup/engine';
import { nodeStandardizeThreads } from '../../../workers/dedup/standardize-threads';

describe('dedup standardize on helper threads', () => {
  const { records } = generateSynthetic({ seed: 11, records: 12_000 });
  const one = findDuplicates(records);

  it('gives the same pairs, scores and parameters as one thread', () => {
    let fromHelpers = 0;
    const threaded = drain(
      scanInputSteps(records, records.length, {
        standardizeThreads: (region) => {
          const h = nodeStandardizeThreads(1)(region);
          return {
            post: (batch) => h.post(batch),
            get pending() {
              return h.pending;
            },
            next: (wait) => {
              const r = h.next(wait);
              if (r !== undefined) fromHelpers += r.length;
              return r;
            },
            close: () => h.close(),
          } satisfies StandardizeHelpers;
        },
      }),
    );
    expect(fromHelpers).toBeGreaterThan(0);
    expect(threaded.stats.records).toBe(records.length);
    expectSameResult(threaded, one);
  }, 300_000);

  it('gives the same result when the record count is not known up front', () => {
    const unknown = drain(scanInputSteps(records, 0));
    expect(unknown.stats.records).toBe(records.length);
    expect(unknown.stats.candidatePairs).toBe(one.stats.candidatePairs);
    expect(unknown.params).toEqual(one.params);
    expect(unknown.pairs).toEqual(one.pairs);
  }, 300_000);

  it('gives the same result with records dropped at their rows as with records kept through blocking', () => {
    const { records: base } = generateSynthetic({ seed: 5, records: 6_000 });
    // Every 97th record gets a third email and phone (its row cannot hold them: it is kept).
    const input: DedupInput[] = base.map((r, i) =>
      i % 97 === 0
        ? {
            ...r,
            otherEmails: [`x${i}@example.com`, `y${i}@example.org`],
            otherPhones: ['+8613800138000', '+14155550100'],
          }
        : r,
    );
    expect(input.some((r) => /\p{Script=Han}/u.test(`${r.familyName ?? ''}${r.givenName ?? ''}`))).toBe(true);
    const feed = new ScanFeed();
    for (const r of input) feed.add(r);
    const kept = drain(feed.steps());
    const dropped = drain(scanInputSteps(input, input.length));
    expect(dropped.stats.candidatePairs).toBe(kept.stats.candidatePairs);
    expect(dropped.params).toEqual(kept.params);
    expect(dropped.pairs).toEqual(kept.pairs);
    expect(dropped.groups).toEqual(kept.groups);
  }, 300_000);
});
