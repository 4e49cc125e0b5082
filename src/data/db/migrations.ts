// Schema migrations, one function per version step. Tested by test/data/migration.test.ts, which
// opens a database with the frozen v0 schema (schemas-history.ts) and migrates it.
import type { MigrationStrategies } from 'rxdb';
import type { CustomerDoc, SurveyDoc } from './schemas';
import { storedKeys } from './keys';
import { ensureSearchKeyDataFor } from '../../domain/customer';

type CustomerV0 = Omit<CustomerDoc, keyof ReturnType<typeof storedKeys>>;

export const customerMigrations: MigrationStrategies = {
  // v1 added the derived search and sort keys; computed from the stored fields.
  // Async: a Chinese name's keys wait for the pinyin dictionaries (loaded by the first such doc).
  1: async (doc: CustomerV0): Promise<CustomerDoc> => {
    await ensureSearchKeyDataFor([doc]);
    return { ...doc, ...storedKeys(doc, doc.updatedAt) };
  },
};

/** surveys v1 only adds the `at` index (Today's recent detractors): every document stays as it is. */
export function addSurveyAtIndex(doc: SurveyDoc): SurveyDoc {
  return doc;
}

export const surveyMigrations: MigrationStrategies = {
  1: addSurveyAtIndex,
};
