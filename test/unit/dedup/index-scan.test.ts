// The live index's full scan as a generator (what the worker's scanIndex runs), pair explanations
// on demand, and the data-quality scan over the worker's records.
import { describe, expect, test } from 'vitest';
import { findDuplicates, type DedupInput } from '../../../workers/dedup/engine';
import { DedupIndex } from '../../../workers/dedup/live-index';
import { qualitySteps } from '../../../workers/dedup/quality';
import type { QualityInput } from '../../../src/domain/quality';
import { groupPairs } from '../../../src/state/duplicate-groups';
import { generateSynthetic } from '../../factories/synthetic';

const people: [string, DedupInput][] = [
  ['a', { givenName: 'Wei', familyName: 'Zhang', phone: '+8613800138000', email: 'wei.zhang@example.com' }],
  ['b', { givenName: '伟', familyName: '张', phone: '+8613800138000', country: 'CN' }],
  ['c', { givenName: 'Anna', familyName: 'Schmidt', email: 'anna@schmidt.de', city: 'Berlin' }],
  ['d', { givenName: 'Anna', familyName: 'Schmidt', email: 'anna@schmidt.de', phone: '+49301234567' }],
  ['e', { givenName: 'John', familyName: 'Smith', email: 'john@acme.com' }],
];

describe('DedupIndex.fitSteps / explain', () => {
  test('yields progress and returns the same pairs as a one-shot scan of the same records', () => {
    const ix = new DedupIndex();
    for (const [id, r] of people) ix.add(id, r);
    const steps = ix.fitSteps();
    let yields = 0;
    let res;
    for (;;) {
      const s = steps.next();
      if (s.done === true) {
        res = s.value;
        break;
      }
      yields++;
    }
    expect(yields).toBeGreaterThan(0);
    const pairs = res.result.pairs.map((p) => [res.ids[p.a], res.ids[p.b]].sort().join('|')).sort();
    expect(pairs).toEqual(['a|b', 'c|d']);
    const oneShot = findDuplicates(people.map(([, r]) => r))
      .pairs.map((p) => `${p.a}|${p.b}`)
      .sort();
    expect(oneShot).toEqual(['0|1', '2|3']);

    const ex = ix.explain('a', 'b');
    expect(ex?.score).toBeGreaterThan(0.5);
    expect(ex?.fields.find((f) => f.field === 'phone')?.level).toBe('exact');
    expect(ix.explain('a', 'zzz')).toBeNull();
  });
});

describe('DedupIndex full scan from its kept rows and keys', () => {
  test('equals a one-shot scan of the same records after adds, updates and removals', () => {
    const { records } = generateSynthetic({ seed: 21, records: 900 });
    const ix = new DedupIndex();
    records.forEach((r, i) => ix.add(`r${i}`, r));
    // Updates (slot contents replaced) and removals (slots freed, then reused by new records).
    for (let i = 0; i < 900; i += 15) ix.update(`r${i}`, records[(i * 7) % 900] ?? {});
    for (let i = 3; i < 900; i += 40) ix.remove(`r${i}`);
    for (let k = 0; k < 20; k++) ix.add(`new${k}`, { ...records[k * 11], email: `other${k}@example.com` });
    const { ids, result } = ix.fit();
    const byId = new Map<string, DedupInput>();
    records.forEach((r, i) => byId.set(`r${i}`, r));
    for (let i = 0; i < 900; i += 15) byId.set(`r${i}`, records[(i * 7) % 900] ?? {});
    for (let k = 0; k < 20; k++) byId.set(`new${k}`, { ...records[k * 11], email: `other${k}@example.com` });
    const oneShot = findDuplicates(ids.map((id) => byId.get(id) ?? {}));
    expect(result.stats.candidatePairs).toBe(oneShot.stats.candidatePairs);
    expect(result.pairs.length).toBeGreaterThan(60);
    expect(result.pairs.map((p) => [p.a, p.b, p.score, p.fields])).toEqual(
      oneShot.pairs.map((p) => [p.a, p.b, p.score, p.fields]),
    );
    // A second scan (warm pool and memo) gives the same again.
    expect(ix.fit().result.pairs.map((p) => [p.a, p.b, p.score])).toEqual(
      oneShot.pairs.map((p) => [p.a, p.b, p.score]),
    );
  }, 30_000);
});

test('changes applied between the steps of a running scan do not leak into it', () => {
  const { records } = generateSynthetic({ seed: 22, records: 400 });
  const ix = new DedupIndex();
  records.forEach((r, i) => ix.add(`r${i}`, r));
  const expected = ix.fit().result.pairs.map((p) => [p.a, p.b, p.score]);
  const steps = ix.fitSteps();
  let s = steps.next();
  // What the worker may do while the scan is paused: remove records (freeing slots) and add
  // others (reusing them), update some in place.
  for (let i = 0; i < 400; i += 7) ix.remove(`r${i}`);
  for (let k = 0; k < 60; k++) ix.add(`x${k}`, records[(k * 13) % 400] ?? {});
  for (let i = 1; i < 400; i += 9) ix.update(`r${i}`, { givenName: 'Zed', familyName: 'Changed' });
  while (s.done !== true) s = steps.next();
  expect(s.value.result.pairs.map((p) => [p.a, p.b, p.score])).toEqual(expected);
}, 30_000);

describe('qualitySteps', () => {
  test('completeness, issues with fixes, scores', () => {
    const blank: QualityInput = {
      givenName: '',
      familyName: '',
      email: '',
      phone: '',
      company: '',
      street: '',
      city: '',
      postcode: '',
      region: '',
      country: '',
      birthDate: '',
    };
    const rows: [string, QualityInput][] = [
      ['x', { ...blank, givenName: 'Anna', familyName: 'Schmidt', email: 'anna@gmial.com', country: 'DE' }],
      ['y', { ...blank, givenName: 'LI', familyName: 'NA', phone: '+8613800138000' }],
      // Stored before normalization removed them: a zero-width space and a right-to-left override.
      ['z', { ...blank, givenName: 'Ja\u200Bne', familyName: '\u202Eeod', email: 'jane@example.com', country: 'US' }],
    ];
    const steps = qualitySteps(rows, rows.length, 'DE');
    let s = steps.next();
    while (s.done !== true) s = steps.next();
    const r = s.value;
    expect(r.records).toBe(3);
    expect(r.completeness.givenName).toBe(1);
    expect(r.completeness.email).toBe(2 / 3);
    expect(r.issues.invisibleChars).toMatchObject({
      count: 2,
      fixable: 2,
      fixes: [
        { id: 'z', field: 'givenName', fix: 'Jane' },
        { id: 'z', field: 'familyName', fix: 'eod' },
      ],
    });
    expect(r.issues.emailDomainTypo).toMatchObject({
      count: 1,
      fixable: 1,
      fixes: [{ id: 'x', fix: 'anna@gmail.com' }],
    });
    expect(r.issues.nameCaps.fixes.map((f) => f.fix)).toEqual(['Li', 'Na']);
    expect(r.issues.countryMissing.fixes).toEqual([{ id: 'y', field: 'country', value: '', fix: 'CN' }]);
    expect(r.worst[0]?.id).toBe('y');
    expect(r.score).toBeGreaterThan(0);
    expect(r.score).toBeLessThan(100);
  });
});

describe('groupPairs (Duplicates screen threshold)', () => {
  const pairs = [
    { a: 'a', b: 'b', score: 0.99 },
    { a: 'b', b: 'c', score: 0.6 },
    { a: 'x', b: 'y', score: 0.8 },
  ];
  test('groups by connected pairs at the threshold, strongest first', () => {
    expect(groupPairs(pairs, 0.5, () => false).map((g) => g.ids)).toEqual([
      ['x', 'y'],
      ['a', 'b', 'c'],
    ]);
    expect(groupPairs(pairs, 0.7, () => false).map((g) => g.ids)).toEqual([
      ['a', 'b'],
      ['x', 'y'],
    ]);
    expect(groupPairs(pairs, 0.5, (p) => p.a === 'x').map((g) => g.ids)).toEqual([['a', 'b', 'c']]);
  });
});
