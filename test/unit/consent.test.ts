// Consent rules (src/domain/consent.ts): history on change, merge of states and histories.
import { describe, expect, test } from 'vitest';
import {
  appendConsentChanges,
  emptyConsent,
  lastChange,
  mayContact,
  mergeConsent,
  unionConsentHistory,
  type Consent,
  type ConsentChange,
} from '../../src/domain/consent';

const granted = (at: number, source: 'inPerson' | 'webForm' = 'inPerson') => ({
  status: 'granted' as const,
  at,
  source,
});
const refused = (at: number) => ({ status: 'refused' as const, at, source: 'phoneCall' as const });
const with_ = (patch: Partial<Consent>): Consent => ({ ...emptyConsent(), ...patch });

describe('appendConsentChanges', () => {
  test('one entry per changed channel, with who and when', () => {
    const h = appendConsentChanges(emptyConsent(), with_({ email: granted(10), sms: refused(11) }), [], {
      now: 100,
      by: 'alice',
    });
    expect(h).toEqual([
      { channel: 'email', status: 'granted', at: 10, source: 'inPerson', changedAt: 100, changedBy: 'alice' },
      { channel: 'sms', status: 'refused', at: 11, source: 'phoneCall', changedAt: 100, changedBy: 'alice' },
    ]);
  });
  test('an unchanged consent adds nothing; a withdrawal is recorded', () => {
    const before = with_({ email: granted(10) });
    const first = appendConsentChanges(emptyConsent(), before, [], { now: 100, by: 'a' });
    expect(appendConsentChanges(before, before, first, { now: 200, by: 'b' })).toEqual(first);
    const after = appendConsentChanges(before, with_({ email: refused(150) }), first, { now: 200, by: 'b' });
    expect(after).toHaveLength(2);
    expect(lastChange(after, 'email')).toMatchObject({ status: 'refused', changedBy: 'b' });
  });
  test('a state the history already ends with (adopted from a merged record) is not recorded twice', () => {
    const hist: ConsentChange[] = [{ channel: 'sms', ...granted(10), changedAt: 50, changedBy: 'bob' }];
    expect(appendConsentChanges(emptyConsent(), with_({ sms: granted(10) }), hist, { now: 100, by: 'a' })).toEqual(
      hist,
    );
  });
});

describe('mergeConsent', () => {
  test('the most recently expressed answer wins per channel; unknown never overrides', () => {
    const a = with_({ email: granted(10), sms: granted(30) });
    const b = with_({ email: refused(20) });
    expect(mergeConsent([a, b])).toEqual(with_({ email: refused(20), sms: granted(30) }));
  });
  test('on a tie a refusal wins (contacting someone who said no is the worse mistake)', () => {
    expect(mergeConsent([with_({ phone: granted(5) }), with_({ phone: refused(5) })]).phone.status).toBe('refused');
    expect(mergeConsent([with_({ phone: refused(5) }), with_({ phone: granted(5) })]).phone.status).toBe('refused');
  });
  test('only a grant allows contact', () => {
    const c = with_({ email: granted(1), sms: refused(1) });
    expect([mayContact(c, 'email'), mayContact(c, 'sms'), mayContact(c, 'phone')]).toEqual([true, false, false]);
  });
});

test('unionConsentHistory keeps every distinct entry, oldest first, and is deterministic', () => {
  const e1: ConsentChange = { channel: 'email', ...granted(1), changedAt: 10, changedBy: 'a' };
  const e2: ConsentChange = { channel: 'sms', ...refused(2), changedAt: 5, changedBy: 'b' };
  expect(unionConsentHistory([[e1], [e2, { ...e1 }]])).toEqual([e2, e1]);
  expect(unionConsentHistory([[e2], [e1]])).toEqual(unionConsentHistory([[e1], [e2]]));
});
