// The text encoding of an imported file, from its bytes: a byte-order mark, UTF-16 without one
// (told by its NUL bytes), valid UTF-8, else GB18030 (a superset of GBK, what Chinese Excel writes
// when it saves "CSV"). Decoding is the platform's TextDecoder; no charset tables here.

export type FileEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

export interface DetectedEncoding {
  encoding: FileEncoding;
  /** Length of the byte-order mark (0 when none). */
  bom: number;
}

/** How much of the file the checks read: enough to see past a header into the data. */
const SAMPLE = 1 << 20;

/** UTF-16 without a BOM: at least this share of the sampled code units have a zero byte on one side only. */
const NUL_SHARE = 0.3;

function utf16ByNuls(b: Uint8Array): FileEncoding | null {
  const n = Math.min(b.length, 8192) & ~1;
  if (n < 4) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (b[i] === 0 && b[i + 1] !== 0) evenZero++;
    if (b[i + 1] === 0 && b[i] !== 0) oddZero++;
  }
  const units = n / 2;
  if (oddZero / units >= NUL_SHARE && evenZero / units < NUL_SHARE / 10) return 'utf-16le';
  if (evenZero / units >= NUL_SHARE && oddZero / units < NUL_SHARE / 10) return 'utf-16be';
  return null;
}

/** True when the sample decodes as UTF-8 (a sequence cut by the end of the sample is allowed). */
function isUtf8(sample: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
    return true;
  } catch {
    return false;
  }
}

export function detectEncoding(bytes: Uint8Array): DetectedEncoding {
  const [a, b, c] = [bytes[0], bytes[1], bytes[2]];
  if (a === 0xef && b === 0xbb && c === 0xbf) return { encoding: 'utf-8', bom: 3 };
  if (a === 0xff && b === 0xfe) return { encoding: 'utf-16le', bom: 2 };
  if (a === 0xfe && b === 0xff) return { encoding: 'utf-16be', bom: 2 };
  const utf16 = utf16ByNuls(bytes);
  if (utf16) return { encoding: utf16, bom: 0 };
  if (isUtf8(bytes.subarray(0, SAMPLE))) return { encoding: 'utf-8', bom: 0 };
  return { encoding: 'gb18030', bom: 0 };
}

/** The file's text (without its BOM); `limit` decodes only the first bytes (a preview). */
export function decodeText(bytes: Uint8Array, enc: DetectedEncoding, limit = Infinity): string {
  const end = Math.min(bytes.length, limit);
  const decoder = new TextDecoder(enc.encoding, { ignoreBOM: true });
  return decoder.decode(bytes.subarray(enc.bom, end), { stream: end < bytes.length });
}

/** What the bytes are when they are not text at all. */
export type NotText = 'empty' | 'zip' | 'binary';

/**
 * A file that is not delimited text: empty, a ZIP (an .xlsx renamed .csv), or binary (NUL bytes
 * outside UTF-16, or mostly control characters). null for text.
 */
export function notText(bytes: Uint8Array, enc: DetectedEncoding): NotText | null {
  if (bytes.length - enc.bom === 0) return 'empty';
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return 'zip';
  const sample = decodeText(bytes, enc, 65536);
  if (sample.trim() === '') return 'empty';
  let bad = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c === 0) return 'binary';
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 0xfffd) bad++;
  }
  return bad / sample.length > 0.05 ? 'binary' : null;
}
