// Documents to and from CouchDB, and how a pulled page is sorted.
import { describe, expect, it } from 'vitest';
import { productSchemaLiteral } from '../../../src/data/db/schemas';
import {
  deletionOf,
  fromCouch,
  localState,
  quarantineEntry,
  rejectedEntry,
  rejectedLogId,
  serverSchema,
  sortPulled,
  toCouch,
  type CouchDoc,
} from '../../../src/data/sync/mapping';

const product = {
  id: 'p1',
  createdAt: 1000,
  updatedAt: 2000,
  updatedBy: 'alice',
  sku: 'A-1',
  name: 'Anvil',
  category: 'tools',
  priceMinor: 4200,
  currency: 'EUR',
  active: true,
};

/** The schema as RxDB fills it in at runtime: its own `_` fields added and required. */
const filled = {
  ...productSchemaLiteral,
  properties: {
    ...productSchemaLiteral.properties,
    _deleted: { type: 'boolean' },
    _rev: { type: 'string' },
    _meta: { type: 'object' },
    _attachments: { type: 'object' },
  },
  required: [...productSchemaLiteral.required, '_deleted', '_rev', '_meta'],
};
const schema = serverSchema(filled);

describe('toCouch / fromCouch', () => {
  it('maps id to _id, sets the revision, and drops RxDB bookkeeping', () => {
    const stored = { ...product, _deleted: false, _rev: '3-local', _meta: { lwt: 1 }, _attachments: {} };
    expect(toCouch(stored, '7-abc')).toEqual({ _id: 'p1', _rev: '7-abc', ...omitId(product) });
    expect(toCouch(stored)).not.toHaveProperty('_rev');
    expect(toCouch(stored)).not.toHaveProperty('_deleted');
  });

  it('round-trips a live document and a tombstone', () => {
    const live = { ...product, _deleted: false };
    expect(fromCouch(toCouch(live, '1-a'))).toEqual(live);
    const dead = { ...product, _deleted: true };
    const couch = toCouch(dead, '2-b');
    expect(couch._deleted).toBe(true);
    expect(couch._rev).toBe('2-b');
    expect(fromCouch(couch)).toEqual(dead);
  });

  it("drops CouchDB's own fields on the way in", () => {
    const couch: CouchDoc = {
      _id: 'p1',
      _rev: '4-x',
      _revisions: { start: 4, ids: ['x'] },
      _conflicts: ['3-y'],
      _attachments: {},
      ...omitId(product),
    };
    expect(fromCouch(couch)).toEqual({ ...product, _deleted: false });
  });

  it('localState keeps the fields and the deleted flag of a stored document', () => {
    expect(localState({ ...product, _deleted: true, _rev: '1-a', _meta: { lwt: 1 }, _attachments: {} })).toEqual({
      ...product,
      _deleted: true,
    });
    expect(deletionOf({ ...product, _deleted: false, _rev: '1-a', _meta: { lwt: 1 } })).toEqual({
      ...product,
      _deleted: true,
    });
  });
});

describe('serverSchema', () => {
  it("leaves out RxDB's `_` fields, so a server document need not carry them", () => {
    expect(Object.keys(schema.properties ?? {})).not.toContain('_rev');
    expect(schema.required).not.toContain('_deleted');
    expect(schema.required).toContain('sku');
  });
});

describe('sortPulled', () => {
  it('accepts valid documents, skips design docs, quarantines broken ones, keeps bare tombstones apart', () => {
    const raw: CouchDoc[] = [
      { _id: 'p1', _rev: '1-a', ...omitId(product) },
      { _id: '_design/auth', _rev: '1-d', validate_doc_update: 'function () {}' },
      { _id: 'p2', _rev: '1-b', ...omitId(product), priceMinor: -5 },
      { _id: 'p3', _rev: '2-c', _deleted: true },
      { _id: 'p4', _rev: '3-e', _deleted: true, ...omitId(product) },
    ];
    const sorted = sortPulled(schema, raw);
    expect(sorted.accepted.map((d) => [d.id, d._deleted])).toEqual([
      ['p1', false],
      ['p4', true],
    ]);
    expect(sorted.bareTombstones).toEqual(['p3']);
    expect(sorted.broken).toEqual([{ doc: raw[2], problem: 'priceMinor: below 0' }]);
  });
});

describe('sync-log entries', () => {
  it('a quarantine entry is one per revision and keeps the server document', () => {
    const doc: CouchDoc = { _id: 'p2', _rev: '1-b', name: 7 };
    const entry = quarantineEntry('products', doc, 'name: expected string, got number', 5);
    expect(entry).toMatchObject({ id: 'quarantine|products|p2|1-b', kind: 'quarantine', docId: 'p2', at: 5 });
    expect(JSON.parse(entry.body)).toEqual({ doc });
    expect(quarantineEntry('products', { _id: 'x'.repeat(500) }, 'p', 0).id).toHaveLength(400);
  });

  it('a rejected entry has one id per document and keeps the refused state and its base', () => {
    const doc = { ...product, _deleted: false };
    const entry = rejectedEntry('products', doc, null, 'forbidden: no', 9);
    expect(entry.id).toBe(rejectedLogId('products', 'p1'));
    expect(entry).toMatchObject({ kind: 'rejected', state: 'open', coll: 'products', reason: 'forbidden: no' });
    expect(JSON.parse(entry.body)).toEqual({ doc, base: null });
  });
});

function omitId(doc: { id: string } & Record<string, unknown>): Record<string, unknown> {
  const { id, ...rest } = doc;
  void id;
  return rest;
}
