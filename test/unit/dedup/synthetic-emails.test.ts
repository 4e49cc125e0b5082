// The generator's address modes (issue 16): `provider` (default) gives a taken address a number,
// as a mail provider does, and shares a mailbox only within a household; `name-only` is the older
// generator (namesakes share addresses); `serial` shares none. Everything but the addresses is the
// same in all three.
import { describe, expect, it } from 'vitest';
import { generateSynthetic, type SyntheticSet } from '../../factories/synthetic';

/** For each mailbox (lower case, Gmail dots removed), the people whose records use it. */
function peoplePerMailbox(set: SyntheticSet): Map<string, Set<number>> {
  const by = new Map<string, Set<number>>();
  set.records.forEach((r, i) => {
    const [local = '', domain = ''] = (r.email ?? '').toLowerCase().split('@');
    if (local === '') return;
    // The duplicates' variants: +tags and Gmail's dots reach the same mailbox.
    const box = `${local.replace(/\+.*$/, '').replace(domain.includes('gmail') ? /\./g : /^$/, '')}@${domain}`;
    const s = by.get(box) ?? new Set<number>();
    s.add(set.entity[i] ?? -1);
    by.set(box, s);
  });
  return by;
}

describe('generateSynthetic e-mail modes', () => {
  const provider = generateSynthetic({ seed: 7, records: 3000 });
  const nameOnly = generateSynthetic({ seed: 7, records: 3000, emails: 'name-only' });
  const serial = generateSynthetic({ seed: 7, records: 3000, emails: 'serial' });

  it('changes only the email addresses', () => {
    const noEmail = (set: SyntheticSet): unknown[] => set.records.map((r) => ({ ...r, email: '' }));
    for (const other of [nameOnly, serial]) {
      expect(other.entity).toEqual(provider.entity);
      expect(noEmail(other)).toEqual(noEmail(provider));
      expect(other.records.filter((r) => r.email !== '').length).toBe(
        provider.records.filter((r) => r.email !== '').length,
      );
    }
  });

  it('serial shares no address; name-only shares many between namesakes', () => {
    expect(Math.max(...[...peoplePerMailbox(serial).values()].map((s) => s.size))).toBe(1);
    expect(Math.max(...[...peoplePerMailbox(nameOnly).values()].map((s) => s.size))).toBeGreaterThan(2);
  });

  it('provider numbers a taken address and shares a mailbox only within a household', () => {
    const sizes = [...peoplePerMailbox(provider).values()].map((s) => s.size);
    // Households: a relative uses the shared mailbox of the one they live with (2–4 people).
    expect(sizes.filter((k) => k > 1).length).toBeGreaterThan(0);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(4);
    // At a linear rate: about one pair of people sharing per 100 records (1,180 at 100,000).
    const pairs = sizes.reduce((sum, k) => sum + (k * (k - 1)) / 2, 0);
    expect(pairs).toBeLessThan(provider.records.length * 0.02);
    // The numbered ones: an address from the name with a number where the name-only set has none.
    const numbered = provider.records.filter(
      (r, i) => r.email !== nameOnly.records[i]?.email && /^[a-z.]+\d+@/i.test(r.email ?? ''),
    );
    expect(numbered.length).toBeGreaterThan(0);
  });

  it('starts afresh on every call (the same output twice, whatever ran in between)', () => {
    expect(generateSynthetic({ seed: 7, records: 3000 })).toEqual(provider);
  });
});
