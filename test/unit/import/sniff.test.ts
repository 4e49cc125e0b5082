import { describe, expect, it } from 'vitest';
import { detectDelimiter, detectHeaderRow, firstRows } from '../../../workers/import/sniff';

const table = (d: string): string =>
  [
    ['name', 'email', 'city'],
    ['Anna Berg', 'anna@example.com', 'Berlin, Mitte'],
    ['张伟', 'wei@example.cn', '上海'],
  ]
    .map((r) => r.map((c) => (c.includes(d) ? `"${c}"` : c)).join(d))
    .join('\n');

describe('detectDelimiter', () => {
  it.each([',', ';', '\t', '|'] as const)('finds %j', (d) => {
    expect(detectDelimiter(table(d))).toBe(d);
  });

  it('prefers ; when a comma only appears inside values (European Excel)', () => {
    expect(detectDelimiter('Name;Betrag;Ort\nMüller;12,50;Köln\nSchmidt;3,10;Bonn\n')).toBe(';');
  });

  it('a single column gives a comma', () => {
    expect(detectDelimiter('name\nAnna\nBob\n')).toBe(',');
  });
});

describe('detectHeaderRow', () => {
  it('the first row is the header when it names fields', () => {
    expect(detectHeaderRow(firstRows(table(','), ','))).toEqual({ headerRow: 0, hasHeader: true });
  });

  it('skips a title line above the header', () => {
    const rows = firstRows('客户名单 2024\n姓名,手机,城市\n张伟,13800138000,上海\n', ',');
    expect(detectHeaderRow(rows)).toEqual({ headerRow: 1, hasHeader: true });
  });

  it('a first row of data (emails, phone numbers) is not a header', () => {
    const rows = firstRows('Anna Berg,anna@example.com,+49 30 123456\nBob Li,bob@example.com,+1 416 908 2609\n', ',');
    expect(detectHeaderRow(rows)).toEqual({ headerRow: 0, hasHeader: false });
  });

  it('unknown but text-only headers still count as a header', () => {
    const rows = firstRows('Kundennummer,Bemerkung\n1001,gut\n', ',');
    expect(detectHeaderRow(rows).hasHeader).toBe(true);
  });
});
