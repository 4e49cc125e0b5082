import { describe, expect, it } from 'vitest';
import { ScanFeed, drain, findDuplicates, scanSteps, type DedupInput } from '../../../workers/dedup/engine';
import { DedupIndex } from '../../../workers/dedup/live-index';
import { coherentGroups, connectedComponents } from '../../../workers/dedup/cluster';
import { candidatePairs } from '../../../workers/dedup/blocking';
import { standardize } from '../../../workers/dedup/standardize';
import { CsvReader, csvObjects, parseCsv, serializeCsv } from '../../../workers/dedup/csv';
import { generateSynthetic } from '../../factories/synthetic';

const people: DedupInput[] = [
  {
    givenName: '伟',
    familyName: '张',
    phone: '+86 138 1234 5678',
    email: 'zhang.wei@gmail.com',
    city: '上海',
    country: 'CN',
  },
  {
    givenName: 'Wei',
    familyName: 'Zhang',
    phone: '138-1234-5678',
    email: 'zhangwei+expo@gmail.com',
    city: 'Shanghai',
    country: 'CN',
  },
  {
    givenName: 'Robert',
    familyName: 'Miller',
    email: 'bob.miller@acme.com',
    phone: '+1 212 555 0100',
    company: 'Acme Inc.',
    street: '12 Main St',
    city: 'New York',
    country: 'US',
  },
  {
    givenName: 'Bob',
    familyName: 'Miller',
    email: 'bob.miller@acme.com',
    company: 'ACME LLC',
    street: '12 Main Street',
    city: 'New York',
    country: 'US',
  },
  {
    givenName: 'Susan',
    familyName: 'Miller',
    phone: '+1 212 555 0100',
    street: '12 Main St',
    city: 'New York',
    country: 'US',
  },
  {
    givenName: 'Anna',
    familyName: 'Schmidt',
    email: 'anna@web.de',
    city: 'Berlin',
    country: 'DE',
    birthDate: '1980-03-04',
  },
];

describe('findDuplicates', () => {
  const r = findDuplicates(people);
  it('finds 张伟 ~ Wei Zhang and Robert ~ Bob, not the relative at the same address', () => {
    const pairs = r.pairs.map((p) => [p.a, p.b]);
    expect(pairs).toContainEqual([0, 1]);
    expect(pairs).toContainEqual([2, 3]);
    expect(pairs).not.toContainEqual([2, 4]);
    expect(pairs).not.toContainEqual([3, 4]);
    expect(r.groups.map((g) => g.members)).toEqual(
      expect.arrayContaining([
        [0, 1],
        [2, 3],
      ]),
    );
  });
  it('explains every pair field by field', () => {
    const p = r.pairs.find((x) => x.a === 0 && x.b === 1);
    expect(p?.fields).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'phone', level: 'exact' }),
        expect.objectContaining({ field: 'email', level: 'exact' }),
        expect.objectContaining({ field: 'given', level: 'exact' }),
      ]),
    );
    const sum = (p?.fields ?? []).reduce((s, f) => s + f.weight, 0);
    expect(sum).toBeCloseTo(p?.weight ?? 0, 0);
    expect(p?.score).toBeGreaterThan(0.5);
  });
  it('a stricter threshold suggests fewer pairs', () => {
    expect(findDuplicates(people, { threshold: 0.999999 }).pairs.length).toBeLessThanOrEqual(r.pairs.length);
  });
  it('handles empty and single inputs', () => {
    expect(findDuplicates([]).pairs).toEqual([]);
    expect(findDuplicates([people[0] ?? {}]).groups).toEqual([]);
  });
  it('reaches high quality on a small synthetic bilingual set', () => {
    const s = generateSynthetic({ seed: 3, records: 600 });
    const res = findDuplicates(s.records);
    const tp = res.pairs.filter((p) => s.entity[p.a] === s.entity[p.b]).length;
    expect(tp / res.pairs.length).toBeGreaterThan(0.9);
  });
});

describe("scan fed in batches (the worker's scanBegin / scanAdd / scanRun)", () => {
  it('finds what a one-shot scan of the same records finds, with input indices', () => {
    const { records } = generateSynthetic({ seed: 3, records: 1500 });
    const feed = new ScanFeed();
    for (const r of records) feed.add(r);
    expect(feed.size).toBe(records.length);
    const fed = drain(feed.steps({ explain: false }));
    const once = findDuplicates(records, { explain: false });
    expect(fed.pairs.length).toBeGreaterThan(100);
    expect(fed.pairs.map((p) => [p.a, p.b, p.score])).toEqual(once.pairs.map((p) => [p.a, p.b, p.score]));
    expect(fed.groups).toEqual(once.groups);
  }, 60_000);
});

describe('blocking', () => {
  it('pairs swapped names, nicknames and shared contacts, not unrelated people', () => {
    const std = people.map((p) => standardize(p));
    const n = std.length;
    const pairs = [...candidatePairs(std, { window: 2 })].map((k) => [Math.floor(k / n), k % n]);
    expect(pairs).toContainEqual([0, 1]);
    expect(pairs).toContainEqual([2, 3]);
  });
});

describe('clustering', () => {
  it('connected components', () => {
    expect(
      connectedComponents(6, [
        [0, 1],
        [1, 2],
        [4, 5],
      ]),
    ).toEqual([
      [0, 1, 2],
      [4, 5],
    ]);
  });
  it('does not chain two people through one weak link', () => {
    const p: Record<string, number> = { '0,1': 0.99, '1,2': 0.6, '0,2': 0.01, '2,3': 0.99, '0,3': 0.01, '1,3': 0.05 };
    const prob = (a: number, b: number): number => p[`${Math.min(a, b)},${Math.max(a, b)}`] ?? 0;
    expect(coherentGroups([0, 1, 2, 3], prob, 0.5)).toEqual(
      expect.arrayContaining([
        [0, 1],
        [2, 3],
      ]),
    );
  });
});

describe('DedupIndex (live check)', () => {
  it('finds a record as it is typed, follows updates and removals', () => {
    const index = new DedupIndex();
    people.forEach((p, i) => index.add(`c${i}`, p));
    const hits = index.check({ givenName: 'Wei', familyName: 'Zhang', phone: '+8613812345678' });
    expect(hits.map((h) => h.id)).toEqual(expect.arrayContaining(['c0', 'c1']));
    expect(hits[0]?.fields.length).toBeGreaterThan(0);
    expect(index.check(people[0] ?? {}, { excludeId: 'c0' }).map((h) => h.id)).toEqual(['c1']);
    index.remove('c1');
    expect(index.check({ givenName: 'Wei', familyName: 'Zhang', phone: '+8613812345678' }).map((h) => h.id)).toEqual([
      'c0',
    ]);
    index.update('c0', { givenName: 'Li', familyName: 'Na' });
    expect(index.check({ givenName: 'Wei', familyName: 'Zhang', phone: '+8613812345678' })).toEqual([]);
    expect(index.size).toBe(5);
  });
  it('fit() estimates weights from the indexed records', () => {
    const index = new DedupIndex();
    generateSynthetic({ seed: 5, records: 300 }).records.forEach((r, i) => index.add(String(i), r));
    const { result } = index.fit();
    expect(index.getParams()).toBe(result.params);
  });
});

describe('csv', () => {
  it('parses quotes, embedded commas, line breaks, CRLF and a BOM', () => {
    expect(parseCsv('\uFEFFa,b\r\n"x, y","say ""hi""\nthere"\n')).toEqual([
      ['a', 'b'],
      ['x, y', 'say "hi"\nthere'],
    ]);
    expect(csvObjects('givenName,familyName\n伟,张\n')).toEqual([{ givenName: '伟', familyName: '张' }]);
  });
  it('serializes and round-trips', () => {
    const rows = [
      ['row_a', 'row_b', 'score'],
      ['1', 'a,b', 'q"q'],
    ];
    expect(parseCsv(serializeCsv(rows))).toEqual(rows);
  });
  it('CsvReader fed in pieces of any size gives parseCsv of the whole text', () => {
    const text = '\uFEFFa,b\r\n"x, y","say ""hi""\r\nthere"\r\n"",\n1,"2"\r\nlast,row';
    for (const size of [1, 2, 3, 5, 8, 1000]) {
      const reader = new CsvReader();
      const rows: string[][] = [];
      for (let at = 0; at < text.length; at += size) rows.push(...reader.push(text.slice(at, at + size)));
      rows.push(...reader.end());
      expect(rows).toEqual(parseCsv(text));
    }
  });
});

describe('scan progress', () => {
  it('blocking reports one share from 0 to 1 that never goes back (the rows, keys, blocks and orders)', () => {
    const { records } = generateSynthetic({ seed: 5, records: 4000 });
    const steps = scanSteps(records, { explain: false });
    const shares: number[] = [];
    for (let s = steps.next(); s.done !== true; s = steps.next())
      if (s.value.phase === 'blocking') shares.push(s.value.done / s.value.total);
    expect(shares[0]).toBe(0);
    for (let k = 1; k < shares.length; k++) expect(shares[k]).toBeGreaterThanOrEqual(shares[k - 1] ?? 0);
    // The sorted orders (always reported) come after the rows, keys and blocks: past half the phase.
    expect(Math.max(...shares)).toBeGreaterThanOrEqual(0.6);
    expect(Math.max(...shares)).toBeLessThanOrEqual(1);
  }, 60_000);
});
