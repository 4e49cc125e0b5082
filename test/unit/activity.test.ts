import { describe, expect, it } from 'vitest';
import {
  localDateToMs,
  msToLocalDate,
  netPromoterScore,
  npsCategory,
  validateInteraction,
  validateSurvey,
  type InteractionInput,
} from '../../src/domain/activity';

const opts = { customerId: 'c1', now: 1_750_000_000_000 };
const base: InteractionInput = {
  type: 'call',
  subject: ' Follow-up ',
  notes: 'Talked about beans.\n',
  outcome: 'Interested',
  followUpDate: '',
};

describe('validateInteraction', () => {
  it('normalizes and stamps at = now', () => {
    expect(validateInteraction(base, opts)).toEqual({
      ok: true,
      value: {
        customerId: 'c1',
        type: 'call',
        at: opts.now,
        subject: 'Follow-up',
        notes: 'Talked about beans.',
        outcome: 'Interested',
        followUpAt: 0,
      },
    });
  });

  it('accepts every interaction type, case-insensitively', () => {
    for (const type of ['visit', 'call', 'email', 'meeting', 'note', ' Visit ']) {
      expect(validateInteraction({ ...base, type }, opts).ok).toBe(true);
    }
    expect(validateInteraction({ ...base, type: 'fax' }, opts)).toEqual({
      ok: false,
      errors: { type: 'error.typeInvalid' },
    });
  });

  it('turns the follow-up date into local midnight', () => {
    const r = validateInteraction({ ...base, followUpDate: '2026-03-09' }, opts);
    expect(r.ok && r.value.followUpAt).toBe(new Date(2026, 2, 9).getTime());
    const fw = validateInteraction({ ...base, followUpDate: '２０２６-０３-０９' }, opts);
    expect(fw.ok && fw.value.followUpAt).toBe(new Date(2026, 2, 9).getTime());
  });

  it.each(['2026-02-30', '2026-13-01', '2026-1-5', '09/03/2026', 'tomorrow', '2025-02-29'])(
    'rejects follow-up date %s',
    (followUpDate) => {
      expect(validateInteraction({ ...base, followUpDate }, opts)).toEqual({
        ok: false,
        errors: { followUpDate: 'error.dateInvalid' },
      });
    },
  );

  it('limits the subject to 200 characters', () => {
    expect(validateInteraction({ ...base, subject: 'x'.repeat(200) }, opts).ok).toBe(true);
    expect(validateInteraction({ ...base, subject: 'x'.repeat(201) }, opts)).toEqual({
      ok: false,
      errors: { subject: 'error.tooLong' },
    });
  });
});

describe('dates', () => {
  it('round-trips local dates', () => {
    expect(localDateToMs('2024-02-29')).toBe(new Date(2024, 1, 29).getTime());
    expect(msToLocalDate(new Date(2024, 1, 29, 15).getTime())).toBe('2024-02-29');
    expect(msToLocalDate(0)).toBe('');
    expect(localDateToMs('0099-01-01')).not.toBeNull();
  });
});

describe('validateSurvey', () => {
  it('accepts integer scores 0..10', () => {
    for (const s of ['0', '7', '10', ' 9 ', '１０']) {
      const r = validateSurvey({ score: s, comment: ' ok ' }, opts);
      expect(r.ok).toBe(true);
      expect(r.ok && r.value).toEqual({
        customerId: 'c1',
        at: opts.now,
        score: Number(s.normalize('NFKC').trim()),
        comment: 'ok',
        channel: '',
      });
    }
  });
  it.each(['', '11', '-1', '7.5', 'ten', '010x'])('rejects score %j', (score) => {
    expect(validateSurvey({ score, comment: '' }, opts)).toEqual({
      ok: false,
      errors: { score: 'error.scoreInvalid' },
    });
  });
  it('limits the comment to 2000 characters and keeps the channel', () => {
    expect(validateSurvey({ score: '8', comment: 'x'.repeat(2001) }, opts)).toEqual({
      ok: false,
      errors: { comment: 'error.tooLong' },
    });
    const r = validateSurvey({ score: '8', comment: '', channel: 'wechat' }, opts);
    expect(r.ok && r.value.channel).toBe('wechat');
  });
});

describe('NPS', () => {
  it('buckets scores', () => {
    expect([0, 6, 7, 8, 9, 10].map(npsCategory)).toEqual([
      'detractor',
      'detractor',
      'passive',
      'passive',
      'promoter',
      'promoter',
    ]);
  });
  it('computes the net promoter score', () => {
    expect(netPromoterScore([])).toBeNull();
    expect(netPromoterScore([10, 9, 8, 3])).toBe(25);
    expect(netPromoterScore([0, 0])).toBe(-100);
  });
});
