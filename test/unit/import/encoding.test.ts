import { describe, expect, it } from 'vitest';
import { decodeText, detectEncoding, notText } from '../../../workers/import/encoding';

// "姓名,手机,城市\r\n张伟,13800138000,上海\r\n欧阳娜娜,13912345678,北京\r\n" as Chinese Excel saves it (GBK).
const GBK = new Uint8Array([
  0xd0, 0xd5, 0xc3, 0xfb, 0x2c, 0xca, 0xd6, 0xbb, 0xfa, 0x2c, 0xb3, 0xc7, 0xca, 0xd0, 0x0d, 0x0a, 0xd5, 0xc5, 0xce,
  0xb0, 0x2c, 0x31, 0x33, 0x38, 0x30, 0x30, 0x31, 0x33, 0x38, 0x30, 0x30, 0x30, 0x2c, 0xc9, 0xcf, 0xba, 0xa3, 0x0d,
  0x0a, 0xc5, 0xb7, 0xd1, 0xf4, 0xc4, 0xc8, 0xc4, 0xc8, 0x2c, 0x31, 0x33, 0x39, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36,
  0x37, 0x38, 0x2c, 0xb1, 0xb1, 0xbe, 0xa9, 0x0d, 0x0a,
]);
const GBK_TEXT = '姓名,手机,城市\r\n张伟,13800138000,上海\r\n欧阳娜娜,13912345678,北京\r\n';

// "Name;Phone\nJürgen Groß;+4930123456\n张伟;13800138000\n" in UTF-16 LE, no BOM.
const UTF16LE = new Uint8Array([
  0x4e, 0x00, 0x61, 0x00, 0x6d, 0x00, 0x65, 0x00, 0x3b, 0x00, 0x50, 0x00, 0x68, 0x00, 0x6f, 0x00, 0x6e, 0x00, 0x65,
  0x00, 0x0a, 0x00, 0x4a, 0x00, 0xfc, 0x00, 0x72, 0x00, 0x67, 0x00, 0x65, 0x00, 0x6e, 0x00, 0x20, 0x00, 0x47, 0x00,
  0x72, 0x00, 0x6f, 0x00, 0xdf, 0x00, 0x3b, 0x00, 0x2b, 0x00, 0x34, 0x00, 0x39, 0x00, 0x33, 0x00, 0x30, 0x00, 0x31,
  0x00, 0x32, 0x00, 0x33, 0x00, 0x34, 0x00, 0x35, 0x00, 0x36, 0x00, 0x0a, 0x00, 0x20, 0x5f, 0x1f, 0x4f, 0x3b, 0x00,
  0x31, 0x00, 0x33, 0x00, 0x38, 0x00, 0x30, 0x00, 0x30, 0x00, 0x31, 0x00, 0x33, 0x00, 0x38, 0x00, 0x30, 0x00, 0x30,
  0x00, 0x30, 0x00, 0x0a, 0x00,
]);
const UTF16_TEXT = 'Name;Phone\nJürgen Groß;+4930123456\n张伟;13800138000\n';

/** The same code units with the bytes of each swapped (UTF-16 BE). */
const swapPairs = (b: Uint8Array): Uint8Array => b.map((_, i) => b[i ^ 1] ?? 0);
const withPrefix = (prefix: number[], b: Uint8Array): Uint8Array => new Uint8Array([...prefix, ...b]);
// "Zoë,München" in UTF-8 (ë = C3 AB, ü = C3 BC).
const UTF8 = new Uint8Array([0x5a, 0x6f, 0xc3, 0xab, 0x2c, 0x4d, 0xc3, 0xbc, 0x6e, 0x63, 0x68, 0x65, 0x6e, 0x0a]);

describe('detectEncoding', () => {
  it('reads GBK bytes (not valid UTF-8) as GB18030', () => {
    const enc = detectEncoding(GBK);
    expect(enc).toEqual({ encoding: 'gb18030', bom: 0 });
    expect(decodeText(GBK, enc)).toBe(GBK_TEXT);
  });

  it('tells UTF-16 LE and BE without a BOM by their NUL bytes', () => {
    expect(detectEncoding(UTF16LE)).toEqual({ encoding: 'utf-16le', bom: 0 });
    expect(decodeText(UTF16LE, detectEncoding(UTF16LE))).toBe(UTF16_TEXT);
    const be = swapPairs(UTF16LE);
    expect(detectEncoding(be)).toEqual({ encoding: 'utf-16be', bom: 0 });
    expect(decodeText(be, detectEncoding(be))).toBe(UTF16_TEXT);
  });

  it('follows a byte-order mark and drops it from the text', () => {
    const le = withPrefix([0xff, 0xfe], UTF16LE);
    expect(detectEncoding(le)).toEqual({ encoding: 'utf-16le', bom: 2 });
    expect(decodeText(le, detectEncoding(le))).toBe(UTF16_TEXT);
    const be = withPrefix([0xfe, 0xff], swapPairs(UTF16LE));
    expect(decodeText(be, detectEncoding(be))).toBe(UTF16_TEXT);
    const u8 = withPrefix([0xef, 0xbb, 0xbf], UTF8);
    expect(detectEncoding(u8)).toEqual({ encoding: 'utf-8', bom: 3 });
    expect(decodeText(u8, detectEncoding(u8))).toBe('Zoë,München\n');
  });

  it('keeps valid UTF-8 without a BOM as UTF-8', () => {
    expect(detectEncoding(UTF8)).toEqual({ encoding: 'utf-8', bom: 0 });
  });

  it('a preview cut in the middle of a character still counts as UTF-8', () => {
    expect(detectEncoding(UTF8.subarray(0, 3))).toEqual({ encoding: 'utf-8', bom: 0 });
  });
});

describe('notText', () => {
  it('names empty, ZIP (an .xlsx renamed .csv) and binary files', () => {
    const empty = new Uint8Array([]);
    expect(notText(empty, detectEncoding(empty))).toBe('empty');
    const bomOnly = new Uint8Array([0xef, 0xbb, 0xbf]);
    expect(notText(bomOnly, detectEncoding(bomOnly))).toBe('empty');
    const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00]);
    expect(notText(zip, detectEncoding(zip))).toBe('zip');
    // A PNG header and random-looking bytes with NULs.
    const png = new Uint8Array([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x01,
      0x00,
    ]);
    expect(notText(png, detectEncoding(png))).toBe('binary');
    expect(notText(GBK, detectEncoding(GBK))).toBeNull();
    expect(notText(UTF16LE, detectEncoding(UTF16LE))).toBeNull();
  });
});
