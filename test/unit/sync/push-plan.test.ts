// The push handler's decisions: what to send, what is already there, what conflicts.
import { describe, expect, it } from 'vitest';
import type { AnyDoc } from '../../../src/data/sync/mapping';
import {
  deletedState,
  planPush,
  pushItem,
  readBulkDocs,
  settleConflicted,
  toLookUp,
  type PushItem,
  type ServerState,
} from '../../../src/data/sync/push-plan';

type Doc = AnyDoc & { _deleted: boolean };
type Row = Parameters<typeof pushItem>[0];
const doc = (id: string, name: string, deleted = false): Doc => ({ id, name, _deleted: deleted });
/** Equal by value, as the conflict handler compares. */
const same = (a: object, b: object) => JSON.stringify(a) === JSON.stringify(b);
const neverBroken = () => false;
const notErasure = () => false;
/** In these tests an erasure is a tombstone named '' (the real test is domain/erasure.ts `isErasure`). */
const blankTombstone = (d: Doc) => d._deleted && d.name === '';
const row = (state: Doc, assumed?: Doc): Row =>
  assumed ? { newDocumentState: state, assumedMasterState: assumed } : { newDocumentState: state };

describe('pushItem', () => {
  it('after a rejection, pushes against what the server really had, not the rejected state', () => {
    const rejected = doc('a', 'refused');
    const base = doc('a', 'server');
    const item = pushItem(row(doc('a', 'retry'), rejected), { doc: rejected, base }, same);
    expect(item.assumed).toEqual(base);
    // The log entry is stale (RxDB's assumed state moved on): RxDB's assumption stands.
    const other = pushItem(row(doc('a', 'retry'), doc('a', 'pulled since')), { doc: rejected, base }, same);
    expect(other.assumed).toEqual(doc('a', 'pulled since'));
    // Rejected as a new record: the server had nothing.
    expect(pushItem(row(doc('a', 'retry'), rejected), { doc: rejected, base: null }, same).assumed).toBeUndefined();
  });
});

describe('planPush', () => {
  const items: PushItem[] = [
    { state: doc('new', 'fresh'), assumed: undefined },
    { state: doc('edit', 'mine'), assumed: doc('edit', 'before') },
    { state: doc('retry', 'sent'), assumed: doc('retry', 'before') },
    { state: doc('clash', 'mine'), assumed: doc('clash', 'before') },
    { state: doc('gone', 'x', true), assumed: undefined },
  ];
  const real = new Map<string, ServerState>([
    ['edit', { rev: '2-e', doc: doc('edit', 'before') }],
    ['retry', { rev: '3-r', doc: doc('retry', 'sent') }],
    ['clash', { rev: '4-c', doc: doc('clash', 'theirs') }],
  ]);

  it('looks up all but new records', () => {
    expect(toLookUp(items)).toEqual(['edit', 'retry', 'clash', 'gone']);
  });

  it('sends new records and clean edits (with the server revision), settles what is there, returns conflicts', () => {
    const plan = planPush(items, toLookUp(items), real, same, neverBroken, notErasure);
    expect(plan.send.map((s) => [s.doc._id, s.doc._rev, s.base?.name ?? null])).toEqual([
      ['new', undefined, null],
      ['edit', '2-e', 'before'],
    ]);
    expect(plan.send[1]?.doc).toEqual({ _id: 'edit', _rev: '2-e', name: 'mine' });
    // Already on the server (a retried push), and a delete of what the server never had.
    expect(plan.done).toEqual(['retry', 'gone']);
    expect(plan.conflicts).toEqual([doc('clash', 'theirs')]);
  });

  it('replaces a server version that breaks the schema instead of merging with it', () => {
    const plan = planPush(items.slice(3, 4), ['clash'], real, same, (d) => d.id === 'clash', notErasure);
    expect(plan.conflicts).toEqual([]);
    expect(plan.send.map((s) => [s.doc._id, s.doc._rev])).toEqual([['clash', '4-c']]);
  });

  it('sends a delete as a CouchDB tombstone', () => {
    const deleting = [{ state: doc('edit', 'mine', true), assumed: doc('edit', 'before') }];
    const plan = planPush(deleting, ['edit'], real, same, neverBroken, notErasure);
    expect(plan.send[0]?.doc).toEqual({ _id: 'edit', _rev: '2-e', name: 'mine', _deleted: true });
  });
});

describe('planPush with an erasure', () => {
  it('an erasure replaces the server version although it is not the one this device assumed', () => {
    // Offline erase: the device blanked its assumed copy; the server still has the personal value,
    // or another device edited it meanwhile. Either way the blank tombstone goes out over it.
    const server = new Map<string, ServerState>([['c', { rev: '5-x', doc: doc('c', 'Quistgaard, edited on B') }]]);
    const items = [{ state: doc('c', '', true), assumed: doc('c', '') }];
    const plan = planPush(items, ['c'], server, same, neverBroken, blankTombstone);
    expect(plan.conflicts).toEqual([]);
    expect(plan.send.map((s) => s.doc)).toEqual([{ _id: 'c', _rev: '5-x', name: '', _deleted: true }]);
  });

  it('the same differing write that is not an erasure is still a conflict', () => {
    const server = new Map<string, ServerState>([['c', { rev: '5-x', doc: doc('c', 'edited on B') }]]);
    const items = [{ state: doc('c', 'mine', true), assumed: doc('c', 'before') }];
    const plan = planPush(items, ['c'], server, same, neverBroken, blankTombstone);
    expect(plan.send).toEqual([]);
    expect(plan.conflicts).toEqual([doc('c', 'edited on B')]);
  });

  it('leaves two erasures of one document to the conflict handler, and settles an identical one', () => {
    const server = new Map<string, ServerState>([
      ['c', { rev: '6-y', doc: { ...doc('c', '', true), at: 1 } }],
      ['d', { rev: '2-d', doc: doc('d', '', true) }],
    ]);
    const items = [
      { state: { ...doc('c', '', true), at: 2 }, assumed: doc('c', 'old') },
      { state: doc('d', '', true), assumed: doc('d', '') },
    ];
    const plan = planPush(items, ['c', 'd'], server, same, neverBroken, blankTombstone);
    expect(plan.send).toEqual([]);
    expect(plan.done).toEqual(['d']);
    expect(plan.conflicts).toEqual([{ ...doc('c', '', true), at: 1 }]);
  });
});

describe('readBulkDocs', () => {
  it('matches results by id, not position', () => {
    const sent = planPush(
      [
        { state: doc('a', '1'), assumed: undefined },
        { state: doc('b', '2'), assumed: undefined },
        { state: doc('c', '3'), assumed: undefined },
      ],
      [],
      new Map(),
      same,
      neverBroken,
      notErasure,
    ).send;
    const out = readBulkDocs(sent, [
      { id: 'c', error: 'forbidden', reason: 'only admins' },
      { id: 'a', ok: true, rev: '1-a' },
      { id: 'b', error: 'conflict', reason: 'Document update conflict.' },
      { id: 'zz', ok: true, rev: '1-z' },
    ]);
    expect(out.written).toEqual([{ id: 'a', rev: '1-a' }]);
    expect(out.conflicted).toEqual(['b']);
    expect(out.refused.map((r) => [r.item.state.id, r.reason])).toEqual([['c', 'forbidden: only admins']]);
  });
});

describe('settleConflicted', () => {
  const items: PushItem[] = [
    { state: doc('a', 'mine'), assumed: undefined },
    { state: doc('b', 'mine'), assumed: undefined },
  ];

  it('a lost reply (the server holds exactly ours) counts as pushed; anything else is a conflict', () => {
    const again = new Map<string, ServerState>([
      ['a', { rev: '1-a', doc: doc('a', 'mine') }],
      ['b', { rev: '1-b', doc: doc('b', 'theirs') }],
    ]);
    expect(settleConflicted(['a', 'b'], items, again, same)).toEqual({
      done: ['a'],
      conflicts: [doc('b', 'theirs')],
    });
  });

  it('throws (RxDB retries) when the server no longer has the document', () => {
    expect(() => settleConflicted(['a'], items, new Map(), same)).toThrow(/retrying/);
  });
});

describe('deletedState', () => {
  it('keeps the fields of an RxDB tombstone', () => {
    expect(deletedState('a', { _id: 'a', _rev: '2-x', _deleted: true, name: 'kept' }, undefined)).toEqual(
      doc('a', 'kept', true),
    );
  });

  it('a bare tombstone (HTTP DELETE) is "deleted, otherwise as this device last saw it"', () => {
    const bare = { _id: 'a', _rev: '2-x', _deleted: true };
    expect(deletedState('a', bare, row(doc('a', 'mine'), doc('a', 'seen')))).toEqual(doc('a', 'seen', true));
    expect(deletedState('a', bare, row(doc('a', 'mine')))).toEqual(doc('a', 'mine', true));
    expect(deletedState('a', bare, undefined)).toEqual({ id: 'a', _deleted: true });
  });
});
