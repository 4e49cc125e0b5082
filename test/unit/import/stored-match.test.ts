// The import's stored-customer match (workers/import/stored-match.ts) must find what the dedup
// engine's live check finds: the same customer, score and explanation for every row.
import { describe, expect, it } from 'vitest';
import { DedupIndex } from '../../../workers/dedup/live-index';
import { standardize, type DedupInput } from '../../../workers/dedup/standardize';
import { StoredMatcher } from '../../../workers/import/stored-match';
import { generateSynthetic } from '../../factories/synthetic';
import { ensurePinyin } from '../../../src/domain/pinyin';
import { ensurePhoneMetadata } from '../../../src/domain/phone';

await Promise.all([ensurePinyin(), ensurePhoneMetadata()]);

const REGION = 'CN';

function both(stored: { id: string; record: DedupInput }[]) {
  const index = new DedupIndex({ defaultRegion: REGION });
  const matcher = new StoredMatcher({ defaultRegion: REGION });
  for (const e of stored) {
    index.add(e.id, e.record);
    matcher.add(e.id, e.record);
  }
  return { index, matcher };
}

describe('StoredMatcher', () => {
  it('gives the live check’s best match, score and explanation for every probe', () => {
    // Stored: the first half of a generated set with many duplicates; probes: the second half (its
    // duplicates of stored people are typed variants: typos, swapped names, other formats).
    const set = generateSynthetic({ seed: 7, records: 1200, duplicateRate: 0.3 });
    const records = set.records as DedupInput[];
    const stored = records.slice(0, 600).map((record, i) => ({ id: `c${String(i).padStart(5, '0')}`, record }));
    // Records with more than two emails or phones take the comparison's other path.
    stored.push({
      id: 'many',
      record: { ...records[700], otherEmails: ['a@x.cn', 'b@x.cn'], otherPhones: ['13800000001', '13800000002'] },
    });
    const probes = records.slice(600);
    probes.push({ ...records[10], otherPhones: ['13800000003', '13800000004'], otherEmails: ['c@x.cn', 'd@x.cn'] });
    const { index, matcher } = both(stored);
    let matches = 0;
    for (const p of probes) {
      const expected = index.check(p, { limit: 1 })[0] ?? null;
      const got = matcher.best(standardize(p, REGION));
      expect(got).toEqual(
        expected
          ? { id: expected.id, score: expected.score, swappedNames: expected.swappedNames, fields: expected.fields }
          : null,
      );
      if (got) matches++;
    }
    // The comparison is not vacuous: a good share of the probes match someone.
    expect(matches).toBeGreaterThan(60);
  }, 60_000);

  it('finds nothing without stored customers, and a stored customer matches itself', () => {
    const empty = new StoredMatcher({ defaultRegion: REGION });
    const r: DedupInput = { givenName: '伟', familyName: '张', phone: '13800138000', email: 'zw@example.cn' };
    expect(empty.best(standardize(r, REGION))).toBeNull();
    const { matcher } = both([{ id: 'a', record: r }]);
    expect(matcher.best(standardize(r, REGION))).toMatchObject({ id: 'a' });
  });
});
