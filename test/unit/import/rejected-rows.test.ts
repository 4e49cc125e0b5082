import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { rejectedRowsCsv } from '../../../src/domain/rejected-rows';

describe('rejectedRowsCsv', () => {
  it("writes the file's columns, each row's cells (short rows padded) and the reasons joined; formula cells neutralized", () => {
    const csv = rejectedRowsCsv(
      ['姓名', '电话'],
      [
        { cells: ['张伟', '=1+1'], reasons: ['电话: 不是电话号码', '邮箱: 无效'] },
        { cells: ['李娜'], reasons: ['电话: 必填'] },
      ],
      '原因',
    );
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.split('\r\n')).toHaveLength(4);
    expect(Papa.parse<string[]>(csv.slice(1), { skipEmptyLines: true }).data).toEqual([
      ['姓名', '电话', '原因'],
      ['张伟', "'=1+1", '电话: 不是电话号码; 邮箱: 无效'],
      ['李娜', '', '电话: 必填'],
    ]);
  });
});
