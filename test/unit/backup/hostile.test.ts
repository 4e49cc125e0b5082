// Hostile backup files (someone hands over a file and its passphrase): documents with `__proto__`
// or `constructor` keys, wrong types, unknown fields or huge strings are refused with a reason
// before anything is handed out; hostile but valid text is kept exactly.
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { BACKUP_MIN_ITERATIONS, BackupError, BackupWriter, openBackup } from '../../../workers/backup/format';
import { shapeProblem, type JsonSchemaLike } from '../../../workers/backup/shape';
import { ACCEPTED_SCHEMAS } from '../../../src/data/backup/collections';
import { toCustomerDoc } from '../../../src/data/repos/customers';
import { customerFields, T0 } from '../../factories/customer';

const PASS = 'hostile file test';
const CUSTOMER_SCHEMA = ACCEPTED_SCHEMAS.customers[2] as JsonSchemaLike;
const base = (): Record<string, unknown> =>
  JSON.parse(
    JSON.stringify(toCustomerDoc('01900000-0000-7000-8000-000000000001', customerFields(), T0, { now: T0, by: 'rep' })),
  ) as Record<string, unknown>;

/** Ways to break a valid customer document, each as JSON text so prototype keys stay own keys. */
const mutations = fc.oneof(
  fc.constant((d: Record<string, unknown>) => JSON.stringify(d).replace(/^\{/, '{"__proto__":{"isAdmin":true},')),
  fc.constant((d: Record<string, unknown>) =>
    JSON.stringify(d).replace('"consent":{', '"consent":{"constructor":{"prototype":1},'),
  ),
  fc
    .constantFrom('givenName', 'createdAt', 'tags', 'consent', 'trashedAt', 'id')
    .chain((field) =>
      fc
        .oneof(fc.constant(null), fc.integer(), fc.string(), fc.boolean(), fc.constant({}), fc.constant([1]))
        .map((value) => ({ field, value })),
    )
    .filter(
      ({ field, value }) =>
        typeof value !== typeof base()[field] || Array.isArray(value) !== Array.isArray(base()[field]),
    )
    .map(
      ({ field, value }) =>
        (d: Record<string, unknown>) =>
          JSON.stringify({ ...d, [field]: value }),
    ),
  fc
    .string({ minLength: 1, maxLength: 12 })
    .filter((k) => !(k in base()))
    .map((k) => (d: Record<string, unknown>) => JSON.stringify({ ...d, [k]: 'x' })),
  fc.constant((d: Record<string, unknown>) => JSON.stringify({ ...d, notes: 'x'.repeat(5_000_000) })),
  fc.constant((d: Record<string, unknown>) => JSON.stringify({ ...d, id: 'x'.repeat(41) })),
);

describe('hostile backup documents', () => {
  test('the shape check refuses every mutation of a valid customer with a reason', { timeout: 60_000 }, () => {
    expect(shapeProblem(base(), CUSTOMER_SCHEMA)).toBeNull();
    fc.assert(
      fc.property(mutations, (mutate) => {
        const doc: unknown = JSON.parse(mutate(base()));
        expect(shapeProblem(doc, CUSTOMER_SCHEMA)).toMatch(/: /);
      }),
      { numRuns: 200 },
    );
  });

  test(
    'a whole file with a hostile document is refused as content, with the reason',
    { timeout: 120_000 },
    async () => {
      await fc.assert(
        fc.asyncProperty(mutations, async (mutate) => {
          const writer = await BackupWriter.create(PASS, BACKUP_MIN_ITERATIONS);
          await writer.add('customers', 2, [base(), JSON.parse(mutate(base())) as Record<string, unknown>]);
          const file = await writer.finish({ createdAt: T0, appVersion: 'x' });
          const refusal = await openBackup(file, PASS, ACCEPTED_SCHEMAS).then(
            () => null,
            (err: unknown) => err,
          );
          expect(refusal).toBeInstanceOf(BackupError);
          expect((refusal as BackupError).code).toBe('content');
          expect((refusal as BackupError).detail).not.toBe('');
        }),
        { numRuns: 8 },
      );
    },
  );

  test(
    'hostile but valid text (markup, bidi overrides, zero-width, lone surrogates) comes back exactly',
    { timeout: 60_000 },
    async () => {
      const texts = fc.oneof(
        fc.constantFrom(
          '<img src=x onerror=alert(1)>',
          '<script>alert(1)</script>',
          '\u202Egnp.exe',
          'a\u200Bb',
          '\uD800',
          'x\uDFFFy',
        ),
        fc.string({ unit: 'binary', maxLength: 40 }),
      );
      await fc.assert(
        fc.asyncProperty(texts, texts, async (notes, company) => {
          const doc = { ...base(), notes, company };
          expect(shapeProblem(doc, CUSTOMER_SCHEMA)).toBeNull();
          const writer = await BackupWriter.create(PASS, BACKUP_MIN_ITERATIONS);
          await writer.add('customers', 2, [doc]);
          const opened = await openBackup(
            await writer.finish({ createdAt: T0, appVersion: 'x' }),
            PASS,
            ACCEPTED_SCHEMAS,
          );
          expect((await opened.read(0)).docs).toEqual([doc]);
        }),
        { numRuns: 5 },
      );
    },
  );
});
