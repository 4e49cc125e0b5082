// The generator's `distinctEmails` option (the scale experiments of issue 16): the same records
// but for the addresses, and no address shared by two people.
import { describe, expect, it } from 'vitest';
import { generateSynthetic } from '../../factories/synthetic';

describe('generateSynthetic distinctEmails', () => {
  const plain = generateSynthetic({ seed: 7, records: 3000 });
  const distinct = generateSynthetic({ seed: 7, records: 3000, distinctEmails: true });

  it('changes only the email addresses', () => {
    expect(distinct.entity).toEqual(plain.entity);
    expect(distinct.records.map((r) => ({ ...r, email: '' }))).toEqual(plain.records.map((r) => ({ ...r, email: '' })));
    expect(distinct.records.filter((r) => r.email !== '').length).toBe(
      plain.records.filter((r) => r.email !== '').length,
    );
  });

  it('gives no two people the same address, where the default shares many', () => {
    const peoplePerAddress = (set: typeof plain): number[] => {
      const by = new Map<string, Set<number>>();
      set.records.forEach((r, i) => {
        const e = (r.email ?? '').toLowerCase();
        if (e === '') return;
        const s = by.get(e) ?? new Set<number>();
        s.add(set.entity[i] ?? -1);
        by.set(e, s);
      });
      return [...by.values()].map((s) => s.size);
    };
    expect(Math.max(...peoplePerAddress(distinct))).toBe(1);
    expect(Math.max(...peoplePerAddress(plain))).toBeGreaterThan(1);
  });

  it('is off again for the next call (a plain run after a distinct one is the plain output)', () => {
    expect(generateSynthetic({ seed: 7, records: 3000 })).toEqual(plain);
  });
});
