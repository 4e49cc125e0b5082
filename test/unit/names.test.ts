import { describe, expect, test } from 'vitest';
import {
  CHINESE_COMPOUND_SURNAMES,
  displayName,
  nameKeys,
  normalizeNames,
  splitChineseName,
} from '../../src/domain/names';
import { ensurePinyin } from '../../src/domain/pinyin';

// Name keys are synchronous and need the dictionaries loaded (the app's write paths await this).
await ensurePinyin();

describe('splitChineseName', () => {
  test.each([
    ['张伟', '张', '伟'],
    ['王小明', '王', '小明'],
    ['欧阳娜娜', '欧阳', '娜娜'],
    ['歐陽娜娜', '歐陽', '娜娜'],
    ['司马相如', '司马', '相如'],
    ['诸葛亮', '诸葛', '亮'],
    ['上官婉儿', '上官', '婉儿'],
    ['爱新觉罗溥仪', '爱新觉罗', '溥仪'],
    ['张 伟', '张', '伟'],
    ['张　三丰', '张', '三丰'],
    ['张', '张', ''],
  ])('%s → %s / %s', (full, familyName, givenName) => {
    expect(splitChineseName(full)).toEqual({ familyName, givenName });
  });
  test('a name with a middle dot is kept whole as the family name', () => {
    expect(splitChineseName('约翰・史密斯')).toEqual({ familyName: '约翰·史密斯', givenName: '' });
  });
  test('the compound surname list includes simplified and traditional forms', () => {
    for (const s of ['欧阳', '歐陽', '司马', '司馬', '诸葛', '万俟', '长孙', '長孫', '澹台', '拓跋']) {
      expect(CHINESE_COMPOUND_SURNAMES).toContain(s);
    }
  });
});

describe('normalizeNames', () => {
  test('splits a whole Chinese name typed into either single field', () => {
    expect(normalizeNames('张伟', '')).toEqual({ familyName: '张', givenName: '伟' });
    expect(normalizeNames('', '欧阳娜娜')).toEqual({ familyName: '欧阳', givenName: '娜娜' });
    expect(normalizeNames(' 司马 相如 ', '')).toEqual({ familyName: '司马', givenName: '相如' });
  });
  test('keeps both fields as typed when both are filled', () => {
    expect(normalizeNames('娜娜', '欧阳')).toEqual({ givenName: '娜娜', familyName: '欧阳' });
    expect(normalizeNames('小明', '王张')).toEqual({ givenName: '小明', familyName: '王张' });
  });
  test('does not split a single Han character or a long run', () => {
    expect(normalizeNames('伟', '')).toEqual({ givenName: '伟', familyName: '' });
    expect(normalizeNames('', '张三李四王五')).toEqual({ givenName: '', familyName: '张三李四王五' });
  });
  test('keeps a Western one-field name as typed', () => {
    expect(normalizeNames('Madonna', '')).toEqual({ givenName: 'Madonna', familyName: '' });
  });
  test('re-cases Latin names typed all caps, incl. full-width input', () => {
    expect(normalizeNames('ＪＯＨＮ', 'ＳＭＩＴＨ')).toEqual({ givenName: 'John', familyName: 'Smith' });
    expect(normalizeNames('ÉLODIE', "O'BRIEN")).toEqual({ givenName: 'Élodie', familyName: "O'Brien" });
    expect(normalizeNames('LUDWIG', 'VAN BEETHOVEN')).toEqual({ givenName: 'Ludwig', familyName: 'Van Beethoven' });
    expect(normalizeNames('', 'LUDWIG VAN BEETHOVEN')).toEqual({ givenName: '', familyName: 'Ludwig van Beethoven' });
  });
  test('keeps names typed in lower case exactly as typed', () => {
    expect(normalizeNames('jean-luc', "o'brien")).toEqual({ givenName: 'jean-luc', familyName: "o'brien" });
    expect(normalizeNames('bell', 'hooks')).toEqual({ givenName: 'bell', familyName: 'hooks' });
    expect(normalizeNames('ludwig', 'mcdonald')).toEqual({ givenName: 'ludwig', familyName: 'mcdonald' });
    expect(normalizeNames('', 'ludwig van beethoven')).toEqual({ givenName: '', familyName: 'ludwig van beethoven' });
  });
  test('keeps mixed case and single letters as typed', () => {
    expect(normalizeNames('DeShawn', 'McDonald')).toEqual({ givenName: 'DeShawn', familyName: 'McDonald' });
    expect(normalizeNames('j', 'van der Berg')).toEqual({ givenName: 'j', familyName: 'van der Berg' });
  });
  test('collapses spaces', () => {
    expect(normalizeNames('  Mary\u3000 Ann ', ' Smith ')).toEqual({ givenName: 'Mary Ann', familyName: 'Smith' });
  });
});

describe('displayName', () => {
  test('CJK names are family first without a space', () => {
    expect(displayName({ givenName: '伟', familyName: '张' })).toBe('张伟');
    expect(displayName({ givenName: '娜娜', familyName: '欧阳' })).toBe('欧阳娜娜');
  });
  test('Western names are given then family', () => {
    expect(displayName({ givenName: 'John', familyName: 'Smith' })).toBe('John Smith');
    expect(displayName({ givenName: 'Wei', familyName: '张' })).toBe('Wei 张');
  });
  test('falls back to whichever part exists', () => {
    expect(displayName({ givenName: '', familyName: 'Smith' })).toBe('Smith');
    expect(displayName({ givenName: ' Madonna ', familyName: '' })).toBe('Madonna');
    expect(displayName({ givenName: '', familyName: '张' })).toBe('张');
    expect(displayName({ givenName: '', familyName: '' })).toBe('');
  });
});

describe('nameKeys', () => {
  test('Chinese names get pinyin keys, family part first', () => {
    expect(nameKeys('伟', '张')).toEqual({
      nameKey: 'zhang wei',
      nameRevKey: 'wei zhang',
      hanziKey: '张伟',
      initialsKey: 'zw',
    });
    expect(nameKeys('娜娜', '欧阳')).toEqual({
      nameKey: 'ouyang nana',
      nameRevKey: 'nana ouyang',
      hanziKey: '欧阳娜娜',
      initialsKey: 'oynn',
    });
  });
  test('family names are read as surnames', () => {
    expect(nameKeys('雄信', '单').nameKey).toBe('shan xiongxin');
    expect(nameKeys('国藩', '曾').nameKey).toBe('zeng guofan');
    expect(nameKeys('布', '吕').nameKey).toBe('lv bu');
  });
  test('Western names are folded', () => {
    expect(nameKeys('Jürgen', 'Müller')).toEqual({
      nameKey: 'muller jurgen',
      nameRevKey: 'jurgen muller',
      hanziKey: '',
      initialsKey: '',
    });
    expect(nameKeys('', "O'Brien")).toMatchObject({ nameKey: 'obrien', nameRevKey: 'obrien' });
  });
  test('keys are at most 200 chars', () => {
    const k = nameKeys('a'.repeat(150), 'b'.repeat(150));
    expect(k.nameKey.length).toBe(200);
    const c = nameKeys('伟'.repeat(100), '张'.repeat(100));
    for (const v of Object.values(c)) expect(v.length).toBeLessThanOrEqual(200);
  });
});
