// What a restore does with one backed-up document, given the device's copy (src/domain/restore.ts).
import { describe, expect, test } from 'vitest';
import { restoreAction, sameContent, withoutMeta } from '../../src/domain/restore';

const doc = (updatedAt: number, notes = '') => ({
  id: 'a',
  updatedAt,
  notes,
  tags: ['x'],
  consent: { email: 'granted' },
});

describe('restoreAction', () => {
  test('a document the device lacks is added, in both modes', () => {
    expect(restoreAction('merge', doc(1), undefined)).toBe('add');
    expect(restoreAction('replace', doc(1), undefined)).toBe('add');
  });

  test('the same content is unchanged, whatever the storage bookkeeping and key order say', () => {
    const stored = {
      _rev: '3-abc',
      _meta: { lwt: 5 },
      _deleted: false,
      consent: { email: 'granted' },
      tags: ['x'],
      notes: '',
      updatedAt: 1,
      id: 'a',
    };
    expect(sameContent(doc(1), stored)).toBe(true);
    expect(restoreAction('merge', doc(1), stored)).toBe('unchanged');
    expect(restoreAction('replace', doc(1), stored)).toBe('unchanged');
  });

  test('merge: only a newer backup copy overwrites; a tie or an older one keeps the device copy', () => {
    expect(restoreAction('merge', doc(5, 'backup'), doc(3, 'device'))).toBe('update');
    expect(restoreAction('merge', doc(3, 'backup'), doc(3, 'device'))).toBe('unchanged');
    expect(restoreAction('merge', doc(2, 'backup'), doc(3, 'device'))).toBe('unchanged');
  });

  test('merge keeps the device copy of a document without updatedAt (local logs)', () => {
    expect(restoreAction('merge', { id: 'l', at: 9, body: 'b' }, { id: 'l', at: 1, body: 'a' })).toBe('unchanged');
  });

  test('replace: any difference overwrites, also with an older backup copy', () => {
    expect(restoreAction('replace', doc(2, 'backup'), doc(3, 'device'))).toBe('update');
    expect(restoreAction('replace', { ...doc(3), tags: ['y'] }, doc(3))).toBe('update');
  });

  test('withoutMeta drops the storage fields only', () => {
    expect(withoutMeta({ id: 'a', _rev: '1-x', _meta: {}, _attachments: {}, _deleted: false, n: 1 })).toEqual({
      id: 'a',
      n: 1,
    });
  });
});
