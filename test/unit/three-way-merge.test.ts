// The sync conflict handler's pure core: hand-written three-way cases.
import { describe, expect, it } from 'vitest';
import { jsonEqual, newerSide, threeWayMerge } from '../../src/domain/three-way-merge';

const base = {
  id: 'c1',
  givenName: 'Anna',
  familyName: 'Li',
  email: 'anna@example.com',
  notes: '',
  tags: ['vip', 'fair'],
  items: [{ sku: 'A', qty: 1 }],
  updatedAt: 1000,
  updatedBy: 'rep',
  _deleted: false,
};

describe('threeWayMerge', () => {
  it('keeps both edits when the two sides changed different fields', () => {
    const local = { ...base, givenName: 'Annie', updatedAt: 2000, updatedBy: 'alice' };
    const server = { ...base, email: 'anna@new.example', updatedAt: 1500, updatedBy: 'bob' };
    const { doc, lost } = threeWayMerge(local, server, base);
    expect(doc).toMatchObject({
      givenName: 'Annie',
      email: 'anna@new.example',
      familyName: 'Li',
      updatedAt: 2000,
      updatedBy: 'alice',
      _deleted: false,
    });
    expect(lost).toEqual([]);
  });

  it('gives a field changed on both sides to the newer edit and reports the loser with who and when', () => {
    const local = { ...base, notes: 'from the tablet', updatedAt: 2000, updatedBy: 'alice' };
    const server = { ...base, notes: 'from the phone', updatedAt: 3000, updatedBy: 'bob' };
    const { doc, lost } = threeWayMerge(local, server, base);
    expect(doc.notes).toBe('from the phone');
    expect(doc.updatedBy).toBe('bob');
    expect(lost).toEqual([
      {
        field: 'notes',
        kept: 'from the phone',
        lost: 'from the tablet',
        keptSide: 'server',
        lostSide: 'local',
        keptBy: 'bob',
        keptAt: 3000,
        lostBy: 'alice',
        lostAt: 2000,
      },
    ]);
  });

  it('lets the local edit win when it is newer', () => {
    const local = { ...base, notes: 'newer', updatedAt: 5000, updatedBy: 'alice' };
    const server = { ...base, notes: 'older', updatedAt: 4000, updatedBy: 'bob' };
    const { doc, lost } = threeWayMerge(local, server, base);
    expect(doc.notes).toBe('newer');
    expect(lost.map((l) => [l.field, l.lost, l.lostSide])).toEqual([['notes', 'older', 'server']]);
  });

  it('breaks a tie of updatedAt by updatedBy, then in favour of the server, the same way on every device', () => {
    const a = { ...base, notes: 'a', updatedAt: 2000, updatedBy: 'alice' };
    const b = { ...base, notes: 'b', updatedAt: 2000, updatedBy: 'bob' };
    expect(threeWayMerge(a, b, base).doc.notes).toBe('b');
    expect(threeWayMerge(b, a, base).doc.notes).toBe('b');
    const same = { ...b, notes: 'c' };
    expect(newerSide(b, same)).toBe('server');
    expect(threeWayMerge(b, same, base).doc.notes).toBe('c');
  });

  it('merges string arrays as sets: additions and removals of both sides apply, nothing reported', () => {
    const local = { ...base, tags: ['vip', 'fair', 'berlin'], updatedAt: 2000 };
    const server = { ...base, tags: ['fair', 'follow-up'], updatedAt: 3000 };
    const { doc, lost } = threeWayMerge(local, server, base);
    expect(doc.tags).toEqual(['fair', 'berlin', 'follow-up']);
    expect(lost).toEqual([]);
  });

  it('treats arrays of objects (order items) as one value: newer wins, the other is reported', () => {
    const local = { ...base, items: [{ sku: 'A', qty: 2 }], updatedAt: 2000, updatedBy: 'alice' };
    const server = { ...base, items: [{ sku: 'B', qty: 1 }], updatedAt: 1900, updatedBy: 'bob' };
    const { doc, lost } = threeWayMerge(local, server, base);
    expect(doc.items).toEqual([{ sku: 'A', qty: 2 }]);
    expect(lost).toMatchObject([{ field: 'items', lost: [{ sku: 'B', qty: 1 }], lostBy: 'bob' }]);
  });

  it('edit versus delete: the edit survives, the delete is reported so it can be applied again', () => {
    const deleted = { ...base, _deleted: true, updatedAt: 3000, updatedBy: 'bob' };
    const edited = { ...base, notes: 'called back', updatedAt: 2000, updatedBy: 'alice' };
    for (const [local, server] of [
      [edited, deleted],
      [deleted, edited],
    ] as const) {
      const { doc, lost } = threeWayMerge(local, server, base);
      expect(doc._deleted).toBe(false);
      expect(doc.notes).toBe('called back');
      expect(lost).toHaveLength(1);
      expect(lost[0]).toMatchObject({ field: '_deleted', kept: false, lost: true, lostBy: 'bob', keptBy: 'alice' });
    }
  });

  it('a delete against an untouched document wins; two deletes stay deleted', () => {
    const deleted = { ...base, _deleted: true, updatedAt: 3000 };
    expect(threeWayMerge(deleted, base, base)).toMatchObject({ doc: { _deleted: true }, lost: [] });
    expect(threeWayMerge(base, deleted, base)).toMatchObject({ doc: { _deleted: true }, lost: [] });
    expect(threeWayMerge(deleted, { ...deleted, updatedAt: 4000 }, base).doc._deleted).toBe(true);
  });

  it('a restore of a deleted document (undo) beats the tombstone it restores', () => {
    const tomb = { ...base, _deleted: true, updatedAt: 3000 };
    const restored = { ...base, _deleted: false, updatedAt: 2500 };
    expect(threeWayMerge(restored, tomb, tomb).doc._deleted).toBe(false);
  });

  it('without a common base every differing field counts as changed on both sides', () => {
    const local = { ...base, notes: 'mine', updatedAt: 2000, updatedBy: 'alice' };
    const server = { ...base, notes: 'theirs', tags: ['x'], updatedAt: 1000, updatedBy: 'bob' };
    const { doc, lost } = threeWayMerge(local, server, undefined);
    expect(doc.notes).toBe('mine');
    expect(doc.tags).toEqual(['vip', 'fair', 'x']);
    expect(lost.map((l) => l.field)).toEqual(['notes']);
  });

  it('does not merge or report derived fields (the caller recomputes them)', () => {
    const local = { ...base, givenName: 'Annie', nameKey: 'annie li', updatedAt: 2000 };
    const server = { ...base, givenName: 'Anne', nameKey: 'anne li', updatedAt: 3000 };
    const { doc, lost } = threeWayMerge(local, server, { ...base, nameKey: 'anna li' }, { derived: ['nameKey'] });
    expect(doc.nameKey).toBeUndefined();
    expect(lost.map((l) => l.field)).toEqual(['givenName']);
  });

  it('an append-only list (consent history) keeps the entries both sides added, reporting nothing', () => {
    const e = (n: number) => ({
      channel: 'email',
      status: 'granted',
      at: n,
      source: 'inPerson',
      changedAt: n,
      changedBy: 'x',
    });
    const withHistory = { ...base, consentHistory: [e(1)] };
    const local = { ...withHistory, consentHistory: [e(1), e(2)], updatedAt: 2000, updatedBy: 'alice' };
    const server = { ...withHistory, consentHistory: [e(1), e(3)], updatedAt: 2100, updatedBy: 'bob' };
    const { doc, lost } = threeWayMerge(local, server, withHistory, { appendOnly: ['consentHistory'] });
    expect(doc.consentHistory).toEqual([e(1), e(2), e(3)]);
    expect(lost).toEqual([]);
    // Without the option the list is one value: the newer side wins and the other is reported.
    expect(threeWayMerge(local, server, withHistory).lost.map((l) => l.field)).toEqual(['consentHistory']);
  });

  it('is deterministic and converges: merging again with the result as the new server state changes nothing', () => {
    const local = { ...base, notes: 'x', tags: ['vip'], updatedAt: 2000, updatedBy: 'alice' };
    const server = { ...base, notes: 'y', email: 'a@b.c', updatedAt: 2100, updatedBy: 'bob' };
    const first = threeWayMerge(local, server, base);
    expect(threeWayMerge(local, server, base)).toEqual(first);
    const again = threeWayMerge(first.doc, first.doc, server);
    expect(again.doc).toEqual(first.doc);
    expect(again.lost).toEqual([]);
  });
});

describe('jsonEqual', () => {
  it('compares structurally, ignoring key order', () => {
    expect(jsonEqual({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true);
    expect(jsonEqual({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(jsonEqual([1, 2], [2, 1])).toBe(false);
    expect(jsonEqual(null, {})).toBe(false);
  });
});
