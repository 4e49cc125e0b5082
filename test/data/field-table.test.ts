// The README's table of every field of every collection (sealed at rest or readable, and why) is
// checked against the schemas of every collection the app opens and against SEALED_FIELDS, so the
// table cannot drift: a new field, a new collection or a change to the sealed list fails here until
// the table says what happens to it.
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import type { RxCollection } from 'rxdb';
import { SEALED_FIELDS } from '../../src/data/crypto/sealed-storage';
import { openTestDb } from './setup';

interface Row {
  collection: string;
  field: string;
  sealed: boolean;
  why: string;
}

/** The rows between the field-table markers of README.md. */
function readmeTable(): Row[] {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const start = readme.indexOf('<!-- field-table:start -->');
  const end = readme.indexOf('<!-- field-table:end -->');
  expect(start, 'README field-table markers').toBeGreaterThan(-1);
  expect(end).toBeGreaterThan(start);
  const lines = readme
    .slice(start, end)
    .split('\n')
    .filter((l) => l.startsWith('|'))
    .slice(2); // header and separator
  return lines.map((line) => {
    const cells = line
      .slice(1, -1)
      .split('|')
      .map((c) => c.trim());
    const [collection = '', field = '', atRest = '', why = ''] = cells;
    expect(['sealed', 'readable'], `at rest column of ${collection}.${field}`).toContain(atRest);
    return { collection, field, sealed: atRest === 'sealed', why };
  });
}

test('every field of every collection the app opens has exactly one row, with a reason', async () => {
  const db = await openTestDb();
  const rows = readmeTable();
  const inTable = rows.map((r) => `${r.collection}.${r.field}`);
  expect(new Set(inTable).size, 'a field listed twice').toBe(inTable.length);
  const collections = Object.entries(db.collections as unknown as Record<string, RxCollection>);
  const inSchemas = collections.flatMap(([name, collection]) =>
    // RxDB's own bookkeeping (_deleted, _rev, _meta, _attachments) is not the app's data.
    Object.keys(collection.schema.jsonSchema.properties)
      .filter((f) => !f.startsWith('_'))
      .map((f) => `${name}.${f}`),
  );
  expect([...inTable].sort()).toEqual([...inSchemas].sort());
  for (const r of rows) expect(r.why.length, `reason for ${r.collection}.${r.field}`).toBeGreaterThan(5);
});

test('the fields the table calls sealed are exactly SEALED_FIELDS', () => {
  const sealedInTable = readmeTable()
    .filter((r) => r.sealed)
    .map((r) => `${r.collection}.${r.field}`)
    .sort();
  const sealedInCode = Object.entries(SEALED_FIELDS)
    .flatMap(([collection, fields]) => fields.map((f) => `${collection}.${f}`))
    .sort();
  expect(sealedInTable).toEqual(sealedInCode);
});
