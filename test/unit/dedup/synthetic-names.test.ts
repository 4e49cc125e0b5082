// The generator's name modes (issue 16, session 11): `lists` (the fixed lists, default) and
// `long-tail` (real-shaped frequencies). Only the names, and the addresses built from them, differ;
// long-tail names leave most people without a namesake, the lists give everyone dozens.
import { describe, expect, it } from 'vitest';
import { generateSynthetic, type SyntheticSet } from '../../factories/synthetic';
import { chineseNameTables } from '../../factories/synthetic-names';
import { nameDensity } from '../../bench/dedup-names';
import { standardizeName, toSimplified } from '../../../workers/dedup/standardize';

const density = (set: SyntheticSet): ReturnType<typeof nameDensity> => {
  const people = set.people ?? [];
  return nameDensity(people, (i) => people[i]?.cn === true);
};

describe('generateSynthetic name modes', () => {
  const lists = generateSynthetic({ seed: 7, records: 20000, people: true });
  const longTail = generateSynthetic({ seed: 7, records: 20000, names: 'long-tail', people: true });

  it('changes only the names and the addresses built from them', () => {
    const rest = (set: SyntheticSet): unknown[] =>
      set.records.map((r) => ({ ...r, givenName: '', familyName: '', email: r.email === '' ? '' : '@' }));
    expect(longTail.entity).toEqual(lists.entity);
    expect(rest(longTail)).toEqual(rest(lists));
    const changed = longTail.records.filter((r, i) => r.familyName !== lists.records[i]?.familyName).length;
    expect(changed).toBeGreaterThan(longTail.records.length * 0.8);
  });

  it('long-tail names: few namesakes; the fixed lists: dozens per person', () => {
    const l = density(lists);
    const t = density(longTail);
    // Measured at 20,000 records: lists 18.8 namesakes a person, 1.6 % unique names; long-tail 0.09, 93 %.
    expect(l.namesakesPerPerson).toBeGreaterThan(10);
    expect(l.uniqueShare).toBeLessThan(0.05);
    expect(t.namesakesPerPerson).toBeLessThan(0.3);
    expect(t.uniqueShare).toBeGreaterThan(0.85);
    // The most common name is still shared (张伟-type names exist), but by a handful, not a hundred.
    expect(t.topChinese.people).toBeGreaterThan(1);
    expect(t.topChinese.people).toBeLessThan(l.topChinese.people / 5);
    expect(t.topWestern.people).toBeLessThan(l.topWestern.people / 2);
  });

  it('writes Chinese names the way the engine reads them (pinyin, traditional forms)', () => {
    const { surnames, givenChars } = chineseNameTables();
    for (const [han, py, trad] of surnames) {
      expect(standardizeName('', `${han}子涵`)).toMatchObject({ family: py, given: 'zihan' });
      expect(toSimplified(trad)).toBe(han);
    }
    // Two-character given names are read character by character (all 139 × 139 pairs were checked
    // once with a script; here every character after 思 and before 远).
    for (const [han, py, trad] of givenChars) {
      expect(standardizeName(`思${han}`, '王').given).toBe(`si${py}`);
      expect(standardizeName(`${han}远`, '王').given).toBe(`${py}yuan`);
      expect(toSimplified(trad)).toBe(han);
    }
  });
});
