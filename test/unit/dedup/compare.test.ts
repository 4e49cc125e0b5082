import { describe, expect, it } from 'vitest';
import {
  StringPool,
  compareDates,
  dateLevel,
  editDistance,
  jaro,
  jaroWinkler,
  jaroWinklerAtLeast,
  soundex,
  withinOneEdit,
} from '../../../workers/dedup/compare';
import { candidatePairs } from '../../../workers/dedup/blocking';
import { rankKeysSteps, sortByKeySteps, sortByRank, Slicer } from '../../../workers/dedup/sorting';

describe('Jaro-Winkler', () => {
  it('matches the published reference values', () => {
    expect(jaro('martha', 'marhta')).toBeCloseTo(0.9444, 4);
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.9611, 4);
    expect(jaroWinkler('dwayne', 'duane')).toBeCloseTo(0.84, 2);
    expect(jaroWinkler('dixon', 'dicksonx')).toBeCloseTo(0.8133, 4);
  });
  it('is 1 for equal strings, 0 with nothing in common or an empty side, and symmetric', () => {
    expect(jaroWinkler('zhang', 'zhang')).toBe(1);
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
    expect(jaroWinkler('', 'abc')).toBe(0);
    expect(jaroWinkler('zhangwei', 'zhangwie')).toBeCloseTo(jaroWinkler('zhangwie', 'zhangwei'), 10);
  });
  it('works on Han characters', () => {
    expect(jaroWinkler('张伟', '张伟')).toBe(1);
    expect(jaroWinkler('张伟', '张玮')).toBeGreaterThan(0.6);
  });
});

describe('edit distance (OSA)', () => {
  it('counts insertions, deletions, substitutions and adjacent swaps', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('4011', '4101')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });
  it('stops early beyond max', () => {
    expect(editDistance('abcdef', 'uvwxyz', 1)).toBe(2);
    expect(editDistance('a', 'abcd', 1)).toBe(2);
  });
});

// Plain full-table OSA distance, the reference for the banded / bounded versions.
function plainOsa(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = d[i] ?? [];
      const up = d[i - 1] ?? [];
      let v = Math.min((up[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (up[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, (d[i - 2]?.[j - 2] ?? 0) + 1);
      row[j] = v;
    }
  }
  return d[a.length]?.[b.length] ?? 0;
}

function randomWords(count: number): [string, string][] {
  let seed = 12345;
  const rnd = (k: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % k;
  };
  const word = (): string => Array.from({ length: rnd(9) }, () => 'abcd'.charAt(rnd(4))).join('');
  const out: [string, string][] = [];
  for (let k = 0; k < count; k++) {
    const a = word();
    // Half the pairs are small edits of each other.
    let b = word();
    if (k % 2 === 0) {
      const i = rnd(a.length + 1);
      b =
        [
          a.slice(0, i) + 'abcd'.charAt(rnd(4)) + a.slice(i),
          a.slice(0, i) + a.slice(i + 1),
          a.slice(0, i) + (a[i + 1] ?? '') + (a[i] ?? '') + a.slice(i + 2),
          a,
        ][rnd(4)] ?? a;
    }
    out.push([a, b]);
  }
  return out;
}

describe('bounded edit distance', () => {
  const pairs = randomWords(800);
  it('equals the plain OSA distance (unbounded, and capped at max + 1)', () => {
    for (const [a, b] of pairs) {
      const d = plainOsa(a, b);
      expect(editDistance(a, b)).toBe(d);
      for (const max of [0, 1, 2, 3]) expect(editDistance(a, b, max)).toBe(Math.min(d, max + 1));
    }
  });
  it('withinOneEdit is distance ≤ 1', () => {
    for (const [a, b] of pairs) expect(withinOneEdit(a, b)).toBe(plainOsa(a, b) <= 1);
  });
  it('jaroWinklerAtLeast equals Jaro-Winkler whenever that reaches the bound', () => {
    for (const [a, b] of pairs) {
      const jw = jaroWinkler(a, b);
      const v = jaroWinklerAtLeast(a, b, 0.8);
      if (jw >= 0.8) expect(v).toBe(jw);
      else expect(v).toBeLessThan(0.8);
    }
  });
});

describe('dates', () => {
  it('dateLevel is the index of compareDates', () => {
    const levels = ['exact', 'transposed', 'typo', 'sameYear', 'different'];
    for (const [a, b] of [
      ['19800304', '19800403'],
      ['19800304', '19800305'],
      ['1980', '19800304'],
      ['198034', '19800304'],
      ['', '1980'],
      ['19800304', '19751120'],
    ] as const) {
      expect(levels[dateLevel(a, b)]).toBe(compareDates(a, b));
    }
  });
  it('grades exact, day/month transposition, digit swaps, typos, same year', () => {
    expect(compareDates('19800304', '19800304')).toBe('exact');
    expect(compareDates('19800304', '19800403')).toBe('transposed');
    expect(compareDates('19800304', '19080304')).toBe('transposed');
    expect(compareDates('19800304', '19800305')).toBe('typo');
    expect(compareDates('19800304', '19801120')).toBe('sameYear');
    expect(compareDates('19800304', '19751120')).toBe('different');
  });
});

describe('soundex', () => {
  it('codes names the standard way', () => {
    expect(soundex('Robert')).toBe('R163');
    expect(soundex('Rupert')).toBe('R163');
    expect(soundex('Ashcraft')).toBe('A261');
    expect(soundex('Tymczak')).toBe('T522');
    expect(soundex('')).toBe('');
  });
});

describe('StringPool', () => {
  const words = randomWords(300)
    .flat()
    .concat(['张伟', '張偉', 'zhang.wei@gmail.com', 'zhangwei@gmail.com', 'martha', 'marhta', 'dixon', 'dicksonx']);
  const pool = new StringPool();
  const ids = words.map((w) => pool.id(w));
  it('interns: equal strings share an id, the empty string is 0', () => {
    expect(pool.id('')).toBe(0);
    expect(pool.id('martha')).toBe(pool.id('martha'));
    expect(pool.id('martha')).not.toBe(pool.id('marhta'));
  });
  it('its own hash table gives the ids a Map would, through growth, prefixes and code units past Latin-1', () => {
    // Ids in first-seen order, like a Map from string to its index; 50,000 values make the
    // table and the code arrays grow many times. Prefixes and one-character differences share
    // lengths or hashes' low bits, so the probe must compare the codes.
    const big = new StringPool();
    const reference = new Map<string, number>([['', 0]]);
    const values: string[] = [];
    for (let k = 0; k < 25_000; k++) values.push(`a${k}`, `a${k}\u4e00`);
    values.push('a1', 'a12', '张伟', '張偉', 'a1\u4e00', '\u0000', '\u0000\u0000');
    const wrong: string[] = [];
    for (const v of values) {
      if (!reference.has(v)) reference.set(v, reference.size);
      if (big.id(v) !== reference.get(v)) wrong.push(v);
    }
    for (const [v, id] of reference) if (big.strings[id] !== v) wrong.push(v);
    expect(wrong).toEqual([]);
    expect(big.size).toBe(reference.size);
    // After moving the codes (helper threads' shared memory) interning still finds and adds.
    big.moveTo((bytes) => new ArrayBuffer(bytes));
    expect(big.id('a777\u4e00')).toBe(reference.get('a777\u4e00'));
    expect(big.id('new value')).toBe(reference.size);
    expect(big.id('new value')).toBe(reference.size);
  });
  it('Jaro-Winkler on ids equals the string version; memo and shared-character bound agree at their threshold', () => {
    for (let k = 0; k + 1 < words.length; k++) {
      const [a, b] = [words[k] ?? '', words[k + 1] ?? ''];
      const [x, y] = [ids[k] ?? 0, ids[k + 1] ?? 0];
      const jw = jaroWinkler(a, b);
      expect(pool.jaroWinkler(x, y)).toBeCloseTo(jw, 12);
      for (const min of [0.8, 0.92]) {
        for (const v of [
          pool.jaroWinklerMemo(x, y, min),
          pool.jaroWinklerMemo(x, y, min),
          pool.jaroWinklerShared(x, y, min),
        ]) {
          if (jw >= min) expect(v).toBeCloseTo(jw, 12);
          else expect(v).toBeLessThan(min);
        }
      }
    }
  });
});

describe('sliced merge sort', () => {
  it('sorts ids by key stably, like Array.prototype.sort with an index tie-break', () => {
    const keys = randomWords(1000).map(([a]) => a);
    const ids = Int32Array.from(keys.keys());
    const steps = sortByKeySteps(ids, keys, new Slicer());
    let s = steps.next();
    while (s.done !== true) s = steps.next();
    const expected = [...keys.keys()].sort((a, b) =>
      (keys[a] ?? '') < (keys[b] ?? '') ? -1 : (keys[a] ?? '') > (keys[b] ?? '') ? 1 : a - b,
    );
    expect([...s.value]).toEqual(expected);
  });
  it('ranks keys densely in string order and sorts ids by rank stably', () => {
    const keys = randomWords(500).map(([a]) => a.slice(0, 2));
    const steps = rankKeysSteps(keys, new Slicer());
    let s = steps.next();
    while (s.done !== true) s = steps.next();
    const rank = s.value;
    let wrong = 0;
    for (let i = 0; i < keys.length; i++) {
      for (let j = 0; j < keys.length; j += 7) {
        const a = keys[i] ?? '';
        const b = keys[j] ?? '';
        if (Math.sign((rank[i] ?? 0) - (rank[j] ?? 0)) !== (a < b ? -1 : a > b ? 1 : 0)) wrong++;
      }
    }
    expect(wrong).toBe(0);
    expect(Math.max(...rank)).toBe(new Set(keys).size - 1);
    const ids = Int32Array.from(keys.keys());
    const expected = [...keys.keys()].sort((a, b) =>
      (keys[a] ?? '') < (keys[b] ?? '') ? -1 : (keys[a] ?? '') > (keys[b] ?? '') ? 1 : a - b,
    );
    expect([...sortByRank(ids, rank)]).toEqual(expected);
  });
  it('candidate pairs are unique, i < j, ascending', () => {
    expect(candidatePairs([])).toEqual(new Float64Array(0));
  });
});
