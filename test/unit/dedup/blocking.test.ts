// The scan's numeric blocking keys must group records exactly as the string keys of the live
// index (blockingKeys) do: same keys in the same order, one number per distinct string.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_BLOCKING,
  KeyParts,
  KeyTable,
  blockingKeys,
  candidatePairs,
  candidateStreamSteps,
  numericKeys,
  windowPairCount,
  type CandidateStream,
} from '../../../workers/dedup/blocking';
import { Slicer, rankKeysSteps, sortByRank, tupleOrder, valueRanksSteps } from '../../../workers/dedup/sorting';
import { RecordRows, SLOT } from '../../../workers/dedup/model';
import { StringPool } from '../../../workers/dedup/compare';
import { standardize, type DedupInput, type StdRecord } from '../../../workers/dedup/standardize';
import { generateSynthetic } from '../../factories/synthetic';

const edge: DedupInput[] = [
  {
    givenName: 'Bob',
    familyName: 'Miller',
    otherPhones: ['+12125550100', '5550100'],
    phone: '+1 212 555 0101',
    email: 'b@x.com',
    otherEmails: ['c@x.com', 'd@x.com'],
  },
  {
    givenName: 'Robert',
    familyName: 'Miller',
    birthDate: '1980',
    postcode: '10001',
    street: '12 Main St',
    city: 'New York',
    company: 'Acme Inc',
  },
  { givenName: '', familyName: 'Miller', birthDate: '19800304', street: '12 Main St' },
  { givenName: '伟', familyName: '张', phone: '138 1234 5678', birthDate: '1980-03-04', city: '上海' },
  { givenName: '偉', familyName: '張', postcode: '200000', street: '1 南京路' },
  { givenName: 'Mary Ann', familyName: "O'Neil", street: 'Main Street', company: 'Acme' },
  { givenName: '123', familyName: '456', street: '7 8', city: '9' },
  {},
];

describe('numeric blocking keys', () => {
  it('follow blockingKeys one to one (same order, same equality)', () => {
    const records = [...generateSynthetic({ seed: 5, records: 1500 }).records, ...edge];
    const std = records.map((r) => standardize(r));
    const rows = new RecordRows(std, new StringPool());
    std.forEach((_s, i) => rows.fill(i));
    const parts = new KeyParts(rows.pool);
    const table = new KeyTable();
    const numOf = new Map<string, number>();
    const strOf = new Map<number, string>();
    const mismatches: string[] = [];
    std.forEach((s, i) => {
      const strings = blockingKeys(s);
      const numbers: number[] = [];
      numericKeys(s, rows, i, parts, (k, a, b, c) => numbers.push(table.id(k, a, b, c)));
      if (numbers.length !== strings.length)
        mismatches.push(`${i}: ${strings.length} string keys, ${numbers.length} numeric`);
      strings.forEach((k, x) => {
        const id = numbers[x] ?? -1;
        if ((numOf.get(k) ?? id) !== id || (strOf.get(id) ?? k) !== k) mismatches.push(`${i}: ${k} ~ ${id}`);
        numOf.set(k, id);
        strOf.set(id, k);
      });
    });
    expect(mismatches).toEqual([]);
    expect(numOf.size).toBeGreaterThan(1000);
  }, 60_000);

  it('candidate pairs come out unique and sorted per row', () => {
    const std = generateSynthetic({ seed: 9, records: 800 }).records.map((r) => standardize(r));
    const pairs = [...candidatePairs(std)];
    expect(pairs.length).toBeGreaterThan(800);
    for (let x = 1; x < pairs.length; x++) expect((pairs[x] ?? 0) > (pairs[x - 1] ?? 0)).toBe(true);
    const n = std.length;
    for (const k of pairs) expect(Math.floor(k / n)).toBeLessThan(k % n);
  }, 60_000);

  it('orders records by value-rank tuples exactly as by the joined key strings (ties in record order)', () => {
    const extra: DedupInput[] = [
      { givenName: 'Ann', familyName: 'Lee' },
      { givenName: 'Ann', familyName: 'Leeds' },
      { givenName: 'Anne', familyName: 'Lee' },
      { givenName: '', familyName: 'Lee' },
      { givenName: 'Ann', familyName: '' },
      {},
      { givenName: 'Ann', familyName: 'Lee', birthDate: '1980' },
      { givenName: 'Ann', familyName: 'Lee', postcode: '2000' },
      { givenName: 'Ann', familyName: 'Lee', birthDate: '19800304', postcode: '200' },
    ];
    const records = [...generateSynthetic({ seed: 8, records: 600 }).records, ...extra, ...extra];
    const std = records.map((r) => standardize(r));
    const n = std.length;
    const rows = new RecordRows(std, new StringPool());
    std.forEach((_s, i) => rows.fill(i));
    const drain = <T>(g: Generator<unknown, T>): T => {
      for (;;) {
        const s = g.next();
        if (s.done === true) return s.value;
      }
    };
    const slots = [SLOT.family, SLOT.given, SLOT.birth, SLOT.postcode];
    const { idRank, values, clean } = drain(valueRanksSteps(rows, n, slots, new Slicer()));
    expect(clean).toEqual([true, true, true, true]);
    const cases: [number[], (s: (typeof std)[number]) => string][] = [
      [[SLOT.family, SLOT.given], (s) => `${s.family} ${s.given}`],
      [[SLOT.given, SLOT.family], (s) => `${s.given} ${s.family}`],
      [slots, (s) => `${s.family} ${s.given} ${s.birth} ${s.postcode}`],
    ];
    const all = Int32Array.from({ length: n }, (_, i) => i);
    for (const [sl, key] of cases) {
      const byStrings = drain(rankKeysSteps(std.map(key), new Slicer()));
      const { order, rank } = tupleOrder(rows, n, sl, idRank, values);
      expect([...order]).toEqual([...sortByRank(all, byStrings)]);
      expect([...rank]).toEqual([...byStrings]);
    }
  });
});

describe('block cap', () => {
  const streamOf = (records: DedupInput[], maxBlockSize: number): CandidateStream => {
    const steps = candidateStreamSteps(
      records.map((r) => standardize(r)),
      { maxBlockSize },
    );
    let s = steps.next();
    while (s.done !== true) s = steps.next();
    return s.value;
  };
  const pairCount = (records: DedupInput[], maxBlockSize: number): number =>
    candidatePairs(
      records.map((r) => standardize(r)),
      { maxBlockSize },
    ).length;
  // 60 records sharing one landline and nothing else: one block of 60.
  const shared: DedupInput[] = Array.from({ length: 60 }, () => ({ phone: '+1 212 555 0100' }));
  const w = DEFAULT_BLOCKING.window;

  it('pairs a block over the cap only within the sorted window, and reports it', () => {
    const s = streamOf(shared, DEFAULT_BLOCKING.maxBlockSize);
    expect(s.capped).toEqual({
      blocks: 1,
      records: 60,
      largest: 60,
      pairsKept: windowPairCount(60, w),
      pairsSkipped: (60 * 59) / 2 - windowPairCount(60, w),
    });
    // The window pairs (and the sorted-neighbourhood passes' equal ones): 5 × 60 − 15, not 1770.
    expect(pairCount(shared, DEFAULT_BLOCKING.maxBlockSize)).toBe(windowPairCount(60, w));
    expect(windowPairCount(60, 6)).toBe(285);
  });

  it('pairs a block in full when it is within the cap', () => {
    expect(streamOf(shared, 100).capped.blocks).toBe(0);
    expect(pairCount(shared, 100)).toBe((60 * 59) / 2);
  });

  it('caps the weak keys (a birth date alone) at maxWeakBlockSize, the strong ones at maxBlockSize', () => {
    // 30 records sharing only a birth date: over the weak cap (10), within the cap (40).
    const born: DedupInput[] = Array.from({ length: 30 }, () => ({ birthDate: '1980-05-17' }));
    const weak = streamOf(born, DEFAULT_BLOCKING.maxBlockSize);
    expect(DEFAULT_BLOCKING.maxWeakBlockSize).toBe(10);
    expect(weak.capped).toMatchObject({ blocks: 1, records: 30, largest: 30 });
    expect(pairCount(born, DEFAULT_BLOCKING.maxBlockSize)).toBe(windowPairCount(30, w));
    const pairsWith = (maxWeakBlockSize: number): number =>
      candidatePairs(
        born.map((r) => standardize(r)),
        { maxWeakBlockSize },
      ).length;
    expect(pairsWith(40)).toBe((30 * 29) / 2);
    // 30 records sharing a phone (a strong key) are paired in full.
    const phone: DedupInput[] = Array.from({ length: 30 }, () => ({ phone: '+1 212 555 0100' }));
    expect(streamOf(phone, DEFAULT_BLOCKING.maxBlockSize).capped.blocks).toBe(0);
    expect(pairCount(phone, DEFAULT_BLOCKING.maxBlockSize)).toBe((30 * 29) / 2);
  });

  it('gives empty fields no block at all (100 records with only a country: window pairs only)', () => {
    const bare: DedupInput[] = Array.from({ length: 100 }, () => ({ country: 'DE' }));
    expect(streamOf(bare, DEFAULT_BLOCKING.maxBlockSize).capped.blocks).toBe(0);
    expect(pairCount(bare, DEFAULT_BLOCKING.maxBlockSize)).toBe(windowPairCount(100, w));
  });

  it('pairs a name typed the other way round by its birth date when every name block is over the cap', () => {
    // 60 namesakes "Zhang Wei", all born in 1980 (so the name, the year-with-name and the sorted
    // orders are crowded), 20 others born on 1980-05-17 (so the date alone is over the weak cap),
    // and one person twice: "Zhang Wei" and "Wei Zhang", both born on 1980-05-17, nothing else shared.
    const day = (k: number): string => `1980-0${1 + (k % 4)}-${String(1 + (k % 28)).padStart(2, '0')}`;
    const namesakes: DedupInput[] = Array.from({ length: 60 }, (_v, k) => ({
      givenName: 'Wei',
      familyName: 'Zhang',
      birthDate: day(k),
    }));
    const sameDay: DedupInput[] = ['Xu', 'Yang', 'Xie', 'Yan', 'Xiao', 'Yao', 'Xia', 'Yin', 'Xiang', 'Yuan'].flatMap(
      (family) => ['Li', 'Ming'].map((givenName) => ({ givenName, familyName: family, birthDate: '1980-05-17' })),
    );
    const a: DedupInput = { givenName: 'Wei', familyName: 'Zhang', birthDate: '1980-05-17' };
    const b: DedupInput = { givenName: 'Zhang', familyName: 'Wei', birthDate: '1980-05-17' };
    const records = [a, ...namesakes, ...sameDay, b];
    const std = records.map((r) => standardize(r));
    const n = std.length;
    const pairs = candidatePairs(std);
    expect(pairs.includes(0 * n + (n - 1))).toBe(true);
    expect(blockingKeys(std[0] as StdRecord).filter((k) => k.startsWith('bd:'))).toEqual([
      'bd:19800517|Z520',
      'bd:19800517|W000',
    ]);
    // Everything else about them is windowed: without the date-with-name key they would not meet.
    const s = streamOf(records, DEFAULT_BLOCKING.maxBlockSize);
    expect(s.capped.largest).toBeGreaterThan(DEFAULT_BLOCKING.maxBlockSize);
  });

  it("streams each record's partners ascending, each once, all greater than the record", () => {
    const records = generateSynthetic({ seed: 9, records: 800 }).records;
    const s = streamOf(records, 10);
    expect(s.capped.blocks).toBeGreaterThan(0);
    for (let i = 0; i < records.length; i++) {
      const c = s.partners(i);
      const got = [...s.out.subarray(0, c)];
      expect(got).toEqual([...new Set(got)].sort((a, b) => a - b));
      expect(got.every((j) => j > i)).toBe(true);
    }
  });
});
