// An erasure against a concurrent edit: the conflict handler keeps the erasure (never a merge that
// brings personal values back) and logs nothing of the losing side; what counts as an erasure.
import { describe, expect, it } from 'vitest';
import { blankedState, isErasure } from '../../../src/domain/erasure';
import { ConflictSink, createConflictHandler } from '../../../src/data/sync/conflict-handler';
import type { SyncLogDoc } from '../../../src/data/sync/schemas';
import { storedKeys } from '../../../src/data/db/keys';
import { customerFields, T0 } from '../../factories/customer';
import { ensurePhoneMetadata } from '../../../src/domain/phone';

await ensurePhoneMetadata();

type Doc = Record<string, unknown> & { _deleted: boolean };
type Input = Parameters<ReturnType<typeof createConflictHandler<Doc>>['resolve']>[0];
type Log = Parameters<ConflictSink['attach']>[0];

const fields = customerFields({ familyName: 'Quistgaard', phone: '+4930555017788', notes: 'allergic to hazelnuts' });
const customer = (at: number, over: object = {}): Doc => ({
  id: 'c1',
  ...fields,
  ...storedKeys(fields, at),
  createdAt: T0,
  updatedAt: at,
  updatedBy: 'rep',
  ...over,
  _deleted: false,
});
const erased = (at: number): Doc => ({ ...blankedState('customers', customer(at)), _deleted: true });

/** A sink whose log is a plain array (the handler records conflict entries into it). */
async function recordingSink(): Promise<{ sink: ConflictSink; logged: SyncLogDoc[] }> {
  const logged: SyncLogDoc[] = [];
  const sink = new ConflictSink();
  const log = {
    bulkUpsert: (docs: SyncLogDoc[]) => Promise.resolve(void logged.push(...docs)),
    findByIds: () => ({ exec: () => Promise.resolve(new Map()) }),
  } as unknown as Log;
  await sink.attach(log);
  return { sink, logged };
}

describe('isErasure', () => {
  it('is a deleted document whose personal fields are blank, or an audit entry marked erased', () => {
    expect(isErasure('customers', erased(T0 + 5))).toBe(true);
    // A plain delete keeps the fields: not an erasure.
    expect(isErasure('customers', { ...customer(T0 + 5), _deleted: true })).toBe(false);
    // Blank but alive: not an erasure (erasure always deletes).
    expect(isErasure('customers', { ...erased(T0 + 5), _deleted: false })).toBe(false);
    expect(isErasure('orders', { id: 'o', items: [], totalMinor: 0, _deleted: true })).toBe(true);
    expect(isErasure('orders', { id: 'o', items: [{ sku: 'x' }], totalMinor: 0, _deleted: true })).toBe(false);
    expect(isErasure('interactions', { id: 'i', subject: '', notes: '', outcome: '', _deleted: true })).toBe(true);
    expect(isErasure('surveys', { id: 's', comment: 'rude', _deleted: true })).toBe(false);
    expect(isErasure('audit', { id: 'a', erasedAt: T0, changes: [], _deleted: false })).toBe(true);
    expect(isErasure('audit', { id: 'a', erasedAt: 0, changes: [], _deleted: false })).toBe(false);
    // Collections erasure does not rewrite have no erasure state.
    expect(isErasure('products', { id: 'p', _deleted: true })).toBe(false);
  });

  it('blankedState keeps bookkeeping (deleted flag, times, erasedAt) and blanks the values', () => {
    const entry = {
      id: 'a',
      erasedAt: 0,
      updatedAt: T0,
      changes: [{ field: 'notes', before: '"x"', after: '"allergic"', sealed: false }],
    };
    expect(blankedState('audit', entry)).toEqual({
      ...entry,
      changes: [{ field: 'notes', before: '', after: '', sealed: false }],
    });
    const blank = blankedState('customers', customer(T0 + 1));
    expect(blank).toMatchObject({
      updatedAt: T0 + 1,
      _deleted: false,
      familyName: '',
      phone: '',
      notes: '',
      phoneKey: '',
    });
    expect(JSON.stringify(blank)).not.toContain('Quistgaard');
  });
});

describe('conflict handler with an erasure', () => {
  const input = (local: Doc, server: Doc, base: Doc | undefined): Input => ({
    newDocumentState: local,
    realMasterState: server,
    assumedMasterState: base,
  });

  it('the erasure wins over an edit made meanwhile on another device, and nothing of the edit is logged', async () => {
    const { sink, logged } = await recordingSink();
    const handler = createConflictHandler<Doc>('customers', 'id', sink);
    const edit = customer(T0 + 9, { notes: 'allergic to hazelnuts and walnuts' });
    // Device B pushes its edit and finds the erasure on the server.
    expect(await handler.resolve(input(edit, erased(T0 + 5), customer(T0)), 'test')).toEqual(erased(T0 + 5));
    // Device A pushes its erasure (its assumed copy blanked) and finds B's edit.
    expect(await handler.resolve(input(erased(T0 + 5), edit, blankedState('customers', customer(T0))), 'test')).toEqual(
      erased(T0 + 5),
    );
    expect(logged).toEqual([]);
  });

  it('without an erasure the same conflict is merged and the lost value logged, as before', async () => {
    const { sink, logged } = await recordingSink();
    const handler = createConflictHandler<Doc>('customers', 'id', sink);
    const deleted = { ...customer(T0 + 5), _deleted: true };
    const edit = customer(T0 + 9, { notes: 'walnuts too' });
    const merged = await handler.resolve(input(edit, deleted, customer(T0)), 'test');
    expect(merged).toMatchObject({ _deleted: false, notes: 'walnuts too' });
    expect(logged.map((e) => e.field)).toEqual(['_deleted']);
  });
});
