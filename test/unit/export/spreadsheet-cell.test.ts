import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import Papa from 'papaparse';
import {
  couldRunAsFormula,
  csvCell,
  csvLine,
  neutralizeCell,
  unneutralizeCell,
} from '../../../src/domain/spreadsheet-cell';

describe('formula neutralization', () => {
  it.each([
    '=1+1',
    '=HYPERLINK("http://evil","x")',
    '+A1',
    "-2+3+cmd|' /C calc'!A0",
    '@SUM(A1:A2)',
    '\t=1',
    '\r=1',
    '+1 416 908 2609',
  ])('%j could run and gets an apostrophe', (s) => {
    expect(couldRunAsFormula(s)).toBe(true);
    expect(neutralizeCell(s)).toBe(`'${s}`);
  });

  it.each(['+14169082609', '-12.5', '+8613800138000', 'Anna', '', "O'Brien", '1-2-3'])('%j is kept as it is', (s) => {
    expect(neutralizeCell(s)).toBe(s);
  });

  it('an E.164 phone number stays usable in the CSV (no apostrophe, no quotes)', () => {
    expect(csvLine(['Anna', '+14169082609', '=1+1'])).toBe("Anna,+14169082609,'=1+1");
  });

  it('quotes cells with commas, quotes and line breaks (RFC 4180)', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line1\nline2')).toBe('"line1\nline2"');
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(null)).toBe('');
  });

  it('every string survives write → papaparse → unneutralize exactly', () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { minLength: 1, maxLength: 5 }), (cells) => {
        // A first fixed cell: papaparse reads an empty line as no row at all.
        const line = csvLine(['x', ...cells]);
        const parsed = (Papa.parse<string[]>(line, { delimiter: ',' }).data[0] ?? []).slice(1);
        expect(parsed.map(unneutralizeCell)).toEqual(cells);
        // And nothing a spreadsheet would run is left.
        expect(parsed.some((c) => couldRunAsFormula(c))).toBe(false);
      }),
    );
  });
});
