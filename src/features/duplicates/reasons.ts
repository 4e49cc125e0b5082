// A duplicate pair's explanation in words ("same phone", "name sounds alike: 张伟 ~ Zhang Wei"),
// built from the engine's per-field levels and the two records as typed.
import { displayName } from '../../domain/names';
import { isCjk } from '../../domain/text';
import { t, type MessageKey } from '../../i18n/i18n.svelte';
import type { FieldExplanation, FieldName } from '../../../workers/dedup/contract';

export interface Reason {
  text: string;
  /** true: evidence for the same person; false: evidence against. */
  agrees: boolean;
  weight: number;
}

interface Named {
  givenName?: string;
  familyName?: string;
}

const AGREE: Partial<Record<FieldName, Partial<Record<string, MessageKey>>>> = {
  email: {
    exact: 'dedup.reason.sameEmail',
    sameLocal: 'dedup.reason.sameMailbox',
    similar: 'dedup.reason.similarEmail',
  },
  phone: { exact: 'dedup.reason.samePhone', sameNumber: 'dedup.reason.samePhone', typo: 'dedup.reason.phoneTypo' },
  birthDate: {
    exact: 'dedup.reason.sameBirthDate',
    transposed: 'dedup.reason.nearBirthDate',
    typo: 'dedup.reason.nearBirthDate',
    sameYear: 'dedup.reason.sameBirthYear',
  },
  company: { exact: 'dedup.reason.sameCompany', similar: 'dedup.reason.similarCompany' },
  street: {
    exact: 'dedup.reason.sameAddress',
    similar: 'dedup.reason.similarAddress',
    fuzzy: 'dedup.reason.similarAddress',
  },
  place: {
    exact: 'dedup.reason.samePostcode',
    samePostcode: 'dedup.reason.samePostcode',
    sameCity: 'dedup.reason.sameCity',
    sameRegion: 'dedup.reason.sameRegion',
  },
};

const name = (r: Named): string => displayName({ givenName: r.givenName ?? '', familyName: r.familyName ?? '' });

export function reasonsFor(fields: readonly FieldExplanation[], swappedNames: boolean, a: Named, b: Named): Reason[] {
  const out: Reason[] = [];
  const given = fields.find((f) => f.field === 'given');
  const family = fields.find((f) => f.field === 'family');
  const na = name(a);
  const nb = name(b);
  const nameWeight = (given?.weight ?? 0) + (family?.weight ?? 0);
  if (given && family && given.weight > 0 && family.weight > 0) {
    const exact = (given.level === 'exact' || given.level === 'alias') && family.level === 'exact';
    let key: MessageKey;
    if (given.level === 'alias') key = 'dedup.reason.nickname';
    else if (exact && na === nb) key = 'dedup.reason.sameName';
    else if (exact || isCjk(na) !== isCjk(nb)) key = 'dedup.reason.nameSoundsAlike';
    else key = 'dedup.reason.similarName';
    out.push({ text: t(key, { a: na, b: nb }), agrees: true, weight: nameWeight });
    if (swappedNames && key !== 'dedup.reason.nameSoundsAlike')
      out.push({ text: t('dedup.reason.swapped'), agrees: true, weight: 0 });
  }
  for (const f of fields) {
    if ((f.field === 'given' || f.field === 'family') && given && family && given.weight > 0 && family.weight > 0)
      continue;
    if (f.field === 'streetNumber' && f.weight >= 0) continue; // folded into "address"
    if (f.weight > 0) {
      const key = AGREE[f.field]?.[f.level];
      if (key) out.push({ text: t(key), agrees: true, weight: f.weight });
      else if (f.field === 'given' || f.field === 'family')
        out.push({ text: t('dedup.reason.similarName', { a: na, b: nb }), agrees: true, weight: f.weight });
    } else if (f.weight < 0) {
      out.push({
        text: t('dedup.reason.different', { field: t(`dedup.field.${f.field}` as MessageKey) }),
        agrees: false,
        weight: f.weight,
      });
    }
  }
  return out.sort((x, y) => Number(y.agrees) - Number(x.agrees) || Math.abs(y.weight) - Math.abs(x.weight));
}

export const percent = (p: number): string => String(Math.min(99, Math.round(p * 100)));
