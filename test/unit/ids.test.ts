import { describe, expect, it } from 'vitest';
import { UUID_V7_RE, idFromParts, idTime, newId } from '../../src/domain/ids';
import { Rng } from '../../src/domain/random';

describe('newId', () => {
  it('is a lower-case UUID v7', () => {
    const id = newId();
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(id).toMatch(UUID_V7_RE);
    expect(id.charAt(14)).toBe('7');
    expect('89ab').toContain(id.charAt(19));
  });

  it('encodes the timestamp in the first 48 bits', () => {
    const ms = Date.UTC(2026, 0, 2, 3, 4, 5, 678);
    const id = newId(ms);
    expect(idTime(id)).toBe(ms);
    expect(id.slice(0, 13)).toBe(
      `${ms.toString(16).padStart(12, '0').slice(0, 8)}-${ms.toString(16).padStart(12, '0').slice(8)}`,
    );
    expect(idTime(newId(0))).toBe(0);
    expect(idTime(newId(2 ** 48 - 1))).toBe(2 ** 48 - 1);
  });

  it('sorts by time for different milliseconds', () => {
    const base = Date.UTC(2025, 5, 1);
    const ids = Array.from({ length: 200 }, (_, i) => newId(base + i * 7));
    expect([...ids].sort()).toEqual(ids);
    expect(newId(base) < newId(base + 1)).toBe(true);
  });

  it('is unique over 10k ids in the same millisecond', () => {
    const ms = Date.now();
    const set = new Set<string>();
    for (let i = 0; i < 10_000; i++) set.add(newId(ms));
    expect(set.size).toBe(10_000);
  });

  it('rejects timestamps outside 48 bits', () => {
    expect(() => newId(-1)).toThrow(RangeError);
    expect(() => newId(2 ** 48)).toThrow(RangeError);
    expect(() => newId(NaN)).toThrow(RangeError);
  });
});

describe('idFromParts', () => {
  it('is deterministic for a seeded generator and still a valid v7', () => {
    const a = idFromParts(1_700_000_000_000, new Rng(42));
    const b = idFromParts(1_700_000_000_000, new Rng(42));
    const c = idFromParts(1_700_000_000_000, new Rng(43));
    expect(a).toBe(b);
    expect(a).not.toBe(c);
    expect(a).toMatch(UUID_V7_RE);
    expect(idTime(a)).toBe(1_700_000_000_000);
  });

  it('is unique over 10k draws from one generator', () => {
    const rng = new Rng(1);
    const set = new Set<string>();
    for (let i = 0; i < 10_000; i++) set.add(idFromParts(1_700_000_000_000, rng));
    expect(set.size).toBe(10_000);
  });
});

describe('idTime', () => {
  it('is NaN for non-v7 strings', () => {
    expect(idTime('not-an-id')).toBeNaN();
    expect(idTime('123e4567-e89b-42d3-a456-426614174000')).toBeNaN();
  });
});
