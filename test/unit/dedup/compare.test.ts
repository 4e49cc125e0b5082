import { describe, expect, it } from 'vitest';
import { compareDates, editDistance, jaro, jaroWinkler, soundex } from '../../../workers/dedup/compare';

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

describe('dates', () => {
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
