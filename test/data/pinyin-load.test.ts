// The write path loads the pinyin dictionaries itself: in this file nothing loads them beforehand
// (each test file has its own module graph), so the first Chinese name written is written right
// after a "cold start" and must get the same keys as with the dictionaries already loaded.
import { describe, expect, test } from 'vitest';
import { createCustomer, updateCustomer } from '../../src/data/repos/customers';
import { pinyinReady } from '../../src/domain/pinyin';
import { customerFields, meta } from '../factories/customer';
import { openTestDb } from './setup';

describe('Chinese names written before the dictionaries are loaded', () => {
  test('createCustomer awaits the load and stores the usual pinyin keys', async () => {
    const db = await openTestDb();
    // A Latin name does not need (or load) them.
    await createCustomer(db, customerFields({ givenName: 'John', familyName: 'Smith' }), meta());
    expect(pinyinReady()).toBe(false);

    const created = await createCustomer(db, customerFields({ givenName: '娜娜', familyName: '欧阳' }), meta());
    expect(pinyinReady()).toBe(true);
    expect(created).toMatchObject({
      nameKey: 'ouyang nana',
      nameRevKey: 'nana ouyang',
      hanziKey: '欧阳娜娜',
      initialsKey: 'oynn',
    });
    const stored = (await db.customers.findOne(created.id).exec())?.toMutableJSON();
    expect(stored).toMatchObject({ nameKey: 'ouyang nana', initialsKey: 'oynn' });

    const updated = await updateCustomer(
      db,
      created.id,
      customerFields({ givenName: '伟', familyName: '单' }),
      meta(1),
    );
    expect(updated).toMatchObject({ nameKey: 'shan wei', initialsKey: 'sw' });
  });
});
