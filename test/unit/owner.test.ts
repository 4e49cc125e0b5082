// Owner ids in words (src/domain/owner.ts): people, never a bare device id.
import { expect, test } from 'vitest';
import { ownerLabel } from '../../src/domain/owner';

const ctx = { selfIds: ['alice', 'device-1a2b3c4d'], profileName: ' Alice Wang ' };

test('unassigned, this device (with or without a profile name), another device, a sync user', () => {
  expect(ownerLabel('', ctx)).toEqual({ kind: 'none' });
  expect(ownerLabel('device-1a2b3c4d', ctx)).toEqual({ kind: 'self', name: 'Alice Wang' });
  expect(ownerLabel('alice', { ...ctx, profileName: '' })).toEqual({ kind: 'self', name: '' });
  expect(ownerLabel('device-9f8e7d6c', ctx)).toEqual({ kind: 'device', short: '9f8e' });
  expect(ownerLabel('bob', ctx)).toEqual({ kind: 'user', name: 'bob' });
});
