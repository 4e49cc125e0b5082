// The street order ranks records by their key `street number city` (values with spaces) without
// building the key strings: the ranks must be exactly those of the built keys in string order
// (rankKeysSteps), through prefixes, empty values, double spaces and non-Latin text; a value with a
// character below ' ' must make it decline (the caller then builds the keys).
import { describe, expect, it } from 'vitest';
import { RecordRows, SLOT } from '../../../workers/dedup/model';
import { StringPool } from '../../../workers/dedup/compare';
import { Slicer, rankKeysSteps, spacedKeyRanksSteps } from '../../../workers/dedup/sorting';
import type { StdRecord } from '../../../workers/dedup/standardize';
import { Rng } from '../../../src/domain/random';

function run<T>(g: Generator<unknown, T>): T {
  for (;;) {
    const s = g.next();
    if (s.done === true) return s.value;
  }
}

function record(streetName: string, streetNumber: string, city: string): StdRecord {
  return {
    given: '',
    family: '',
    givenFirst: '',
    hanzi: '',
    hanGiven: '',
    hanFamily: '',
    cjk: false,
    emails: [],
    phones: [],
    company: '',
    streetNumber,
    streetName,
    city,
    postcode: '',
    region: '',
    country: '',
    birth: '',
  };
}

const SLOTS = [SLOT.street, SLOT.streetNumber, SLOT.city];

function ranks(records: StdRecord[]): { spaced: Int32Array | undefined; built: Int32Array } {
  const rows = new RecordRows(records, new StringPool());
  for (let i = 0; i < records.length; i++) rows.fill(i);
  const spaced = run(spacedKeyRanksSteps(rows, records.length, SLOTS, new Slicer()));
  const built = run(
    rankKeysSteps(
      records.map((r) => `${r.streetName} ${r.streetNumber} ${r.city}`),
      new Slicer(),
    ),
  );
  return { spaced, built };
}

describe('street order by tokens', () => {
  it('ranks exactly as the built key strings do', () => {
    const rng = new Rng(3);
    const words = [
      'a',
      'ab',
      'abc',
      'b',
      'main',
      'main st',
      'st',
      'zhong shan lu',
      'zhongshan',
      '中山路',
      'é',
      'Z',
      '!',
      '12',
      '1',
      '2b',
      '',
    ];
    const pick = (): string => words[rng.int(0, words.length - 1)] ?? '';
    const value = (): string => {
      const parts = rng.int(0, 3);
      const out: string[] = [];
      for (let p = 0; p < parts; p++) out.push(pick());
      return out.join(rng.int(0, 9) === 0 ? '  ' : ' ');
    };
    const records = Array.from({ length: 3000 }, () => record(value(), value(), value()));
    const { spaced, built } = ranks(records);
    expect(spaced).toBeDefined();
    expect(Array.from(spaced ?? [])).toEqual(Array.from(built));
  });

  it('declines values with a character below a space', () => {
    const { spaced } = ranks([record('main\tstreet', '1', 'x'), record('main', '2', 'y')]);
    expect(spaced).toBeUndefined();
  });
});
