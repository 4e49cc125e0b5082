// Pure rules behind correcting activities: who may delete what, which customers are in use, the
// currency a new order starts in, back-dated times.
import { describe, expect, it } from 'vitest';
import { mayDeleteActivity, mayDeleteCustomer, mayEdit } from '../../src/domain/write-rights';
import { isInUse, isTrashed } from '../../src/domain/trash';
import { currencyForRegion, orderCurrencyDefault } from '../../src/domain/currency-default';
import { localDateTimeToMs, msToLocalTime, validateInteraction } from '../../src/domain/activity';

describe('write rights (as the sync server rules them)', () => {
  it('a device never signed in and an admin may delete anything; a viewer nothing', () => {
    for (const role of [null, 'admin'] as const) {
      expect(mayDeleteActivity(role, 'me', { updatedBy: 'someone' })).toBe(true);
      expect(mayDeleteCustomer(role, 'me', { ownerId: 'someone', updatedBy: 'x' })).toBe(true);
    }
    expect(mayDeleteActivity('viewer', 'me', { updatedBy: 'me' })).toBe(false);
    expect(mayEdit('viewer')).toBe(false);
    expect(mayEdit('rep')).toBe(true);
    expect(mayEdit(null)).toBe(true);
  });

  it('a rep deletes only what is theirs: an entry they wrote last, a customer they own (else last wrote)', () => {
    expect(mayDeleteActivity('rep', 'ann', { updatedBy: 'ann' })).toBe(true);
    expect(mayDeleteActivity('rep', 'ann', { updatedBy: 'bob' })).toBe(false);
    expect(mayDeleteCustomer('rep', 'ann', { ownerId: 'ann', updatedBy: 'bob' })).toBe(true);
    expect(mayDeleteCustomer('rep', 'ann', { ownerId: 'bob', updatedBy: 'ann' })).toBe(false);
    expect(mayDeleteCustomer('rep', 'ann', { ownerId: '', updatedBy: 'ann' })).toBe(true);
    expect(mayDeleteCustomer('rep', '', { ownerId: '', updatedBy: '' })).toBe(false);
  });
});

describe('customers in use', () => {
  it('neither merged away nor in the Trash', () => {
    expect(isInUse({ mergedInto: '', trashedAt: 0 })).toBe(true);
    expect(isInUse({ mergedInto: '' })).toBe(true);
    expect(isInUse({ mergedInto: 'x', trashedAt: 0 })).toBe(false);
    expect(isInUse({ mergedInto: '', trashedAt: 5 })).toBe(false);
    expect(isTrashed({ mergedInto: '', trashedAt: 5 })).toBe(true);
  });
});

describe('the currency a new order starts in', () => {
  it("the customer's last order, then the device choice, then the catalogue, then the region", () => {
    expect(orderCurrencyDefault({ lastOrder: 'CNY', chosen: 'GBP', catalogue: 'EUR', region: 'US' })).toBe('CNY');
    expect(orderCurrencyDefault({ chosen: 'GBP', catalogue: 'EUR', region: 'US' })).toBe('GBP');
    expect(orderCurrencyDefault({ chosen: '', catalogue: 'EUR', region: 'US' })).toBe('EUR');
    expect(orderCurrencyDefault({ region: 'CN' })).toBe('CNY');
    expect(orderCurrencyDefault({ lastOrder: 'XYZ', region: 'DE' })).toBe('EUR');
  });

  it('a region maps to its currency (euro area included), EUR when unknown', () => {
    expect(currencyForRegion('de')).toBe('EUR');
    expect(currencyForRegion('US')).toBe('USD');
    expect(currencyForRegion('GB')).toBe('GBP');
    expect(currencyForRegion('ZZ')).toBe('EUR');
  });
});

describe('back-dated times', () => {
  it('a local date and time become epoch ms and back', () => {
    const ms = localDateTimeToMs('2026-03-04', '07:05');
    expect(ms).toBe(new Date(2026, 2, 4, 7, 5).getTime());
    expect(msToLocalTime(ms ?? 0)).toBe('07:05');
    expect(localDateTimeToMs('2026-03-04', '')).toBe(new Date(2026, 2, 4).getTime());
    expect(localDateTimeToMs('2026-02-30', '10:00')).toBeNull();
    expect(localDateTimeToMs('2026-03-04', '25:00')).toBeNull();
  });

  it('an interaction takes its typed date and time; none means now; a bad date is an error', () => {
    const base = { type: 'visit', subject: '', notes: '', outcome: '', followUpDate: '' };
    const opts = { customerId: 'c', now: 1_750_000_000_000 };
    const r = validateInteraction({ ...base, date: '2026-03-04', time: '07:05' }, opts);
    expect(r.ok && r.value.at).toBe(new Date(2026, 2, 4, 7, 5).getTime());
    expect(validateInteraction(base, opts)).toMatchObject({ ok: true, value: { at: opts.now } });
    expect(validateInteraction({ ...base, date: '2026-13-01', time: '' }, opts)).toEqual({
      ok: false,
      errors: { date: 'error.dateInvalid' },
    });
  });
});
