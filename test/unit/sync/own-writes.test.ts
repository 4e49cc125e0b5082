// What the pull skips: this device's own writes.
import { describe, expect, it } from 'vitest';
import { OwnWrites } from '../../../src/data/sync/own-writes';

const row = (id: string, rev: string) => ({ id, changes: [{ rev }] });

describe('OwnWrites', () => {
  it('skips the revisions this device wrote and fetches the others', () => {
    const own = new OwnWrites();
    expect(own.any).toBe(false);
    own.record('a', '2-mine');
    own.record('b', '1-mine');
    expect(own.any).toBe(true);
    expect(own.others([row('a', '2-mine'), row('b', '2-theirs'), row('c', '1-c'), { id: 'd' }])).toEqual([
      { id: 'b', rev: '2-theirs' },
      { id: 'c', rev: '1-c' },
    ]);
    // Seen once, forgotten: a later change of the same document is fetched.
    expect(own.any).toBe(false);
    expect(own.others([row('a', '2-mine')])).toEqual([{ id: 'a', rev: '2-mine' }]);
  });

  it('waits for the push of a listed document to land, and only for that one', async () => {
    const own = new OwnWrites();
    const end = own.begin(['a']);
    let landed = false;
    const waiting = own.landed([row('a', '1-x')]).then(() => {
      landed = true;
    });
    await own.landed([row('b', '1-y')]);
    expect(landed).toBe(false);
    end();
    await waiting;
    expect(landed).toBe(true);
  });

  it('a newer push of the same document is not ended by the older one', async () => {
    const own = new OwnWrites();
    const endOld = own.begin(['a']);
    const endNew = own.begin(['a']);
    endOld();
    let landed = false;
    const waiting = own.landed([row('a', '1-x')]).then(() => {
      landed = true;
    });
    await Promise.resolve();
    expect(landed).toBe(false);
    endNew();
    await waiting;
    expect(landed).toBe(true);
  });

  it('fetches its own revision back when the pull delivered the document around the push', () => {
    const own = new OwnWrites();
    // Delivered, then our push of it landed: RxDB may apply the older delivered state after it.
    own.delivered([{ id: 'a' }, { id: 'b' }]);
    own.record('a', '3-mine');
    // Pushed and landed, then a pulled (older) state of it delivered.
    own.record('c', '2-mine');
    own.delivered([{ id: 'c' }]);
    // Pushed long after the last deliveries of it: skipped as before.
    own.delivered([{ id: 'x' }]);
    own.delivered([{ id: 'y' }]);
    own.delivered([{ id: 'z' }]);
    own.record('b', '2-mine');
    expect(own.others([row('a', '3-mine'), row('b', '2-mine'), row('c', '2-mine')])).toEqual([
      { id: 'a', rev: '3-mine' },
      { id: 'c', rev: '2-mine' },
    ]);
    // Once fetched back, the next own revision is skipped again.
    own.record('a', '4-mine');
    own.delivered([{ id: 'q' }]);
    own.delivered([{ id: 'r' }]);
    own.delivered([{ id: 's' }]);
    own.delivered([{ id: 't' }]);
    own.record('a', '5-mine');
    expect(own.others([row('a', '5-mine')])).toEqual([]);
  });
});
