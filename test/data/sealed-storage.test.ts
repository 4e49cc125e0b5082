// Encryption at rest below RxDB: with a data key, the personal fields no index needs are sealed in
// IndexedDB (no plaintext of them in any object store), every read through the app comes back
// plain, search keeps working, another key cannot open the data, and 'unseal' writes plain again.
import { describe, expect, test } from 'vitest';
import { rawIndexedDbText } from './raw-idb';
import { openDatabase, type FieldbookDatabase } from '../../src/data/db/database';
import { createProtection, MIN_ITERATIONS } from '../../src/data/crypto/passphrase-key';
import { SEALED_PROPERTY } from '../../src/data/crypto/sealed-storage';
import { addInteraction, addSurvey } from '../../src/data/repos/activity';
import { createCustomer, customersByIds, searchCustomers } from '../../src/data/repos/customers';
import { customerFields, interactionFields, meta, surveyFields } from '../factories/customer';
import { testStorage, track, uniqueDbName } from './setup';

const SECRETS = {
  notes: 'Allergic to peanuts, ask about the Hamburg fair',
  street: '12 Rosenweg',
  postcode: '20095',
  birthDate: '1984-03-05',
  subject: 'Pricing talk with Mrs Okafor',
  outcome: 'Wants the blue model in March',
  comment: 'The delivery was late twice',
};

async function openSealed(name: string, key: CryptoKey, mode: 'seal' | 'unseal' = 'seal'): Promise<FieldbookDatabase> {
  return track(await openDatabase({ name, storage: testStorage, multiInstance: false, sealing: { key, mode } }));
}

async function writeSecrets(db: FieldbookDatabase): Promise<string> {
  const c = await createCustomer(
    db,
    customerFields({
      givenName: 'Ngozi',
      familyName: 'Okafor',
      notes: SECRETS.notes,
      street: SECRETS.street,
      postcode: SECRETS.postcode,
      birthDate: SECRETS.birthDate,
    }),
    meta(),
  );
  await addInteraction(db, interactionFields(c.id, { subject: SECRETS.subject, outcome: SECRETS.outcome }), meta(1));
  await addSurvey(db, surveyFields(c.id, { comment: SECRETS.comment }), meta(2));
  return c.id;
}

describe('sealed storage', () => {
  test('no plaintext of a sealed field in IndexedDB; the app reads everything back and search works', async () => {
    const { dataKey } = await createProtection('fair tablet', MIN_ITERATIONS, 0);
    const name = uniqueDbName('sealed');
    const db = await openSealed(name, dataKey);
    const id = await writeSecrets(db);

    const raw = await rawIndexedDbText(name);
    for (const secret of Object.values(SECRETS)) expect(raw).not.toContain(secret);
    expect(raw).toContain(SEALED_PROPERTY);
    // Indexed fields stay readable (the trade-off the README's table names).
    expect(raw).toContain('okafor');

    const [back] = await customersByIds(db, [id]);
    expect(back).toMatchObject({ notes: SECRETS.notes, street: SECRETS.street, birthDate: SECRETS.birthDate });
    const found = await searchCustomers(db, 'okafor', { sort: 'name' });
    expect(found.map((c) => c.id)).toEqual([id]);
    const interaction = await db.interactions.findOne({ selector: { customerId: id } }).exec();
    expect(interaction?.subject).toBe(SECRETS.subject);
    const survey = await db.surveys.findOne({ selector: { customerId: id } }).exec();
    expect(survey?.comment).toBe(SECRETS.comment);
  });

  test('without the right key nothing opens; "unseal" writes plain again and protection can be turned off', async () => {
    const { dataKey } = await createProtection('fair tablet', MIN_ITERATIONS, 0);
    const other = await createProtection('another', MIN_ITERATIONS, 0);
    const name = uniqueDbName('sealed');
    const db = await openSealed(name, dataKey);
    const id = await writeSecrets(db);
    await db.close();

    const wrong = await openSealed(name, other.dataKey);
    await expect(customersByIds(wrong, [id])).rejects.toThrow(/cannot be opened/);
    await wrong.close();

    // Turning protection off: open with 'unseal' and rewrite each document as it is.
    const off = await openSealed(name, dataKey, 'unseal');
    const doc = await off.customers.findOne(id).exec();
    await doc?.incrementalPatch({ notes: SECRETS.notes });
    const raw = await rawIndexedDbText(name);
    expect(raw).toContain(SECRETS.notes);
  });

  test('a database written before protection reads as it is once protection is on', async () => {
    const name = uniqueDbName('sealed');
    const plain = track(await openDatabase({ name, storage: testStorage, multiInstance: false }));
    const id = await writeSecrets(plain);
    await plain.close();
    const { dataKey } = await createProtection('late', MIN_ITERATIONS, 0);
    const db = await openSealed(name, dataKey);
    const [back] = await customersByIds(db, [id]);
    expect(back?.notes).toBe(SECRETS.notes);
  });
});
