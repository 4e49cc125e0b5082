// Merge rules (src/domain/merge.ts): default choices with reasons, unions, CJK names, chains, late edits.
import { describe, expect, test } from 'vitest';
import {
  applyLateEdit,
  completeness,
  defaultChoice,
  followChain,
  mergeFields,
  pairKey,
  resolveChoices,
  type MergeRecord,
} from '../../src/domain/merge';
import { customerFields } from '../factories/customer';
import { emptyConsent } from '../../src/domain/consent';

const rec = (id: string, updatedAt: number, o: Parameters<typeof customerFields>[0]): MergeRecord => ({
  ...customerFields(o),
  id,
  updatedAt,
});

const latin = rec('a', 100, {
  givenName: 'Wei',
  familyName: 'Zhang',
  email: 'wei.zhang@example.com',
  phone: '+8613800138000',
  tags: ['lead', 'VIP'],
  city: 'Shanghai',
});
const han = rec('b', 200, {
  givenName: '伟',
  familyName: '张',
  phone: '+8613800138000',
  otherPhones: ['+862161234567'],
  email: 'zw@qq.com',
  company: '上海咖啡贸易有限公司',
  tags: ['vip', '展会'],
  notes: '展会认识',
});

describe('defaultChoice', () => {
  test('the only value, agreeing values, the newer of conflicting values', () => {
    expect(defaultChoice('company', [latin, han])).toMatchObject({
      from: 'b',
      value: '上海咖啡贸易有限公司',
      reason: 'only',
      conflict: false,
    });
    expect(defaultChoice('phone', [latin, han])).toMatchObject({
      value: '+8613800138000',
      reason: 'same',
      conflict: false,
    });
    // 张伟 is the name in the customer's own script: it wins by default (the other becomes an alias).
    expect(defaultChoice('givenName', [latin, han])).toMatchObject({
      from: 'b',
      value: '伟',
      reason: 'ownScript',
      conflict: true,
    });
    expect(defaultChoice('birthDate', [latin, han])).toMatchObject({ from: '', value: '', reason: 'empty' });
  });

  test('a value containing the others is the more complete one, even when older', () => {
    const a = rec('a', 100, { street: 'Hauptstraße 5, Hinterhaus' });
    const b = rec('b', 200, { street: 'Hauptstrasse 5' });
    expect(defaultChoice('street', [a, b])).toMatchObject({ from: 'a', reason: 'moreComplete' });
  });

  test('the user choice overrides the default and says so', () => {
    const c = resolveChoices([latin, han], { givenName: 'a', familyName: 'a' });
    expect(c.find((x) => x.field === 'givenName')).toMatchObject({ from: 'a', value: 'Wei', reason: 'chosen' });
    expect(c.find((x) => x.field === 'familyName')).toMatchObject({ from: 'a', value: 'Zhang', reason: 'chosen' });
    // An unknown record id falls back to the default.
    expect(resolveChoices([latin, han], { city: 'zzz' }).find((x) => x.field === 'city')).toMatchObject({
      from: 'a',
      reason: 'only',
    });
  });
});

describe('mergeFields', () => {
  test('unions emails, phones and tags instead of dropping them, keeps distinct notes', () => {
    const m = mergeFields('a', [latin, han], { givenName: 'a', familyName: 'a' });
    expect(m).toMatchObject({
      givenName: 'Wei',
      familyName: 'Zhang',
      company: '上海咖啡贸易有限公司',
      city: 'Shanghai',
      mergedInto: '',
    });
    // Primary email: the newer record's; the other one is kept.
    expect(m.email).toBe('zw@qq.com');
    expect(m.otherEmails).toEqual(['wei.zhang@example.com']);
    expect(m.phone).toBe('+8613800138000');
    expect(m.otherPhones).toEqual(['+862161234567']);
    // Tags folded (VIP = vip), survivor's spelling first; CJK tags kept.
    expect(m.tags).toEqual(['lead', 'VIP', '展会']);
    expect(m.notes).toBe('展会认识');
  });

  test("choosing the other email makes the survivor's the extra one", () => {
    const m = mergeFields('a', [latin, han], { email: 'a' });
    expect(m.email).toBe('wei.zhang@example.com');
    expect(m.otherEmails).toEqual(['zw@qq.com']);
  });

  test('the hanzi name wins over its romanised twin, even when older, and the twin is kept as an alias', () => {
    const olderHan = { ...han, updatedAt: 50 };
    const m = mergeFields('a', [latin, olderHan]);
    expect([m.familyName, m.givenName]).toEqual(['张', '伟']);
    expect(m.aliases).toEqual(['Wei Zhang']);
    expect(defaultChoice('familyName', [latin, olderHan])).toMatchObject({ from: 'b', reason: 'ownScript' });
  });

  test('choosing the romanised name still keeps the hanzi as an alias', () => {
    const m = mergeFields('a', [latin, han], { givenName: 'a', familyName: 'a' });
    expect([m.givenName, m.familyName]).toEqual(['Wei', 'Zhang']);
    expect(m.aliases).toEqual(['张伟']);
  });

  test('given and family name come from one record; a contained name adds no alias; aliases are unioned', () => {
    const a = rec('a', 300, { givenName: 'Wei', familyName: '', aliases: ['W. Zhang'] });
    const b = rec('b', 100, { givenName: 'Wei', familyName: 'Zhang', aliases: ['w. zhang', 'Vivi'] });
    const m = mergeFields('a', [a, b]);
    expect([m.givenName, m.familyName]).toEqual(['Wei', 'Zhang']);
    expect(m.aliases).toEqual(['W. Zhang', 'Vivi']);
  });

  test('names in the same script: the usual rules, the other name kept as an alias', () => {
    const a = rec('a', 300, { givenName: 'Jon', familyName: 'Smith' });
    const b = rec('b', 100, { givenName: 'John', familyName: 'Smith' });
    const m = mergeFields('b', [a, b]);
    expect(`${m.givenName} ${m.familyName}`).toBe('Jon Smith');
    expect(m.aliases).toEqual(['John Smith']);
  });

  test('consent: the newest answer per channel, every history entry kept', () => {
    const e = (channel: 'email' | 'sms', status: 'granted' | 'refused', at: number, by: string) => ({
      channel,
      status,
      at,
      source: 'inPerson' as const,
      changedAt: at + 1,
      changedBy: by,
    });
    const a = rec('a', 300, {
      consent: { ...emptyConsent(), email: { status: 'granted', at: 10, source: 'inPerson' } },
      consentHistory: [e('email', 'granted', 10, 'x')],
    });
    const b = rec('b', 100, {
      consent: {
        ...emptyConsent(),
        email: { status: 'refused', at: 20, source: 'inPerson' },
        sms: { status: 'granted', at: 5, source: 'inPerson' },
      },
      consentHistory: [e('sms', 'granted', 5, 'y'), e('email', 'refused', 20, 'y')],
    });
    const m = mergeFields('a', [a, b]);
    expect([m.consent.email.status, m.consent.sms.status, m.consent.phone.status]).toEqual([
      'refused',
      'granted',
      'unknown',
    ]);
    expect(m.consentHistory.map((h) => `${h.channel}:${h.status}`)).toEqual([
      'sms:granted',
      'email:granted',
      'email:refused',
    ]);
  });

  test('needs the survivor among the records', () => {
    expect(() => mergeFields('x', [latin, han])).toThrow(/survivor/);
  });

  test('completeness counts filled fields', () => {
    expect(completeness(han)).toBeGreaterThan(completeness(rec('c', 0, {})));
  });
});

describe('followChain and pairKey', () => {
  test('follows mergedInto links to the end, safe against cycles', () => {
    const links: Record<string, string> = { c: 'b', b: 'a' };
    expect(followChain('c', (id) => links[id])).toBe('a');
    expect(followChain('a', (id) => links[id])).toBe('a');
    const cycle: Record<string, string> = { x: 'y', y: 'x' };
    expect(['x', 'y']).toContain(followChain('x', (id) => cycle[id]));
  });

  test('pairKey is order-free', () => {
    expect(pairKey('b', 'a')).toEqual(pairKey('a', 'b'));
    expect(pairKey('b', 'a')).toEqual({ id: 'nd|a|b', lo: 'a', hi: 'b' });
  });
});

describe('applyLateEdit', () => {
  test("changed values replace the survivor's, the old primary phone is kept, added tags unioned", () => {
    const survivor = customerFields({ givenName: 'Wei', familyName: 'Zhang', phone: '+8613800138000', tags: ['lead'] });
    const before = customerFields({ givenName: '伟', familyName: '张', phone: '+8613800138000', tags: [] });
    const after = { ...before, phone: '+8613911112222', tags: ['roaster'], company: '华夏' };
    const out = applyLateEdit(survivor, before, after);
    expect(out).toMatchObject({
      givenName: 'Wei',
      phone: '+8613911112222',
      company: '华夏',
      otherPhones: ['+8613800138000'],
      tags: ['lead', 'roaster'],
    });
  });

  test('nothing changed → null', () => {
    const s = customerFields({});
    expect(applyLateEdit(s, s, { ...s })).toBeNull();
  });
});
