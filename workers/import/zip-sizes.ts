// What a zip archive (an .xlsx) says its files will take once unpacked, read from its central
// directory before anything is inflated. The workbook reader's unzip (fflate) allocates each
// file's declared uncompressed size up front, so a few-kB archive claiming gigabytes would take
// the worker's memory before a byte is inflated. Pure: bytes in, numbers out.

export interface ZipSizes {
  entries: number;
  /** Sum of the declared uncompressed sizes (bytes). */
  uncompressed: number;
}

const EOCD_SIG = 0x06054b50;
const ZIP64_LOCATOR_SIG = 0x07064b50;
const ZIP64_EOCD_SIG = 0x06064b50;
const CENTRAL_SIG = 0x02014b50;
const EOCD_MIN = 22;
/** The end record sits in the last 22 bytes plus a comment of at most 65,535 bytes. */
const EOCD_SEARCH = EOCD_MIN + 0xffff;

const u64 = (v: DataView, at: number): number => Number(v.getBigUint64(at, true));

/** The archive's declared sizes; null when it has no readable central directory (not a zip, or cut off). */
export function zipSizes(bytes: Uint8Array): ZipSizes | null {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const len = bytes.byteLength;
  let eocd = -1;
  for (let at = len - EOCD_MIN; at >= Math.max(0, len - EOCD_SEARCH); at--) {
    if (v.getUint32(at, true) === EOCD_SIG) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) return null;
  let entries = v.getUint16(eocd + 10, true);
  let cdOffset = v.getUint32(eocd + 16, true);
  // Zip64: the end record's fields are saturated and the real ones are in the zip64 end record.
  if (entries === 0xffff || cdOffset === 0xffffffff) {
    const loc = eocd - 20;
    if (loc < 0 || v.getUint32(loc, true) !== ZIP64_LOCATOR_SIG) return null;
    const z = u64(v, loc + 8);
    if (z + 56 > len || v.getUint32(z, true) !== ZIP64_EOCD_SIG) return null;
    entries = u64(v, z + 32);
    cdOffset = u64(v, z + 48);
  }
  let at = cdOffset;
  let uncompressed = 0;
  for (let i = 0; i < entries; i++) {
    if (at + 46 > len || v.getUint32(at, true) !== CENTRAL_SIG) return null;
    let size = v.getUint32(at + 24, true);
    const nameLen = v.getUint16(at + 28, true);
    const extraLen = v.getUint16(at + 30, true);
    const commentLen = v.getUint16(at + 32, true);
    if (size === 0xffffffff) {
      // The zip64 extra field (id 1) holds the real size first.
      let x = at + 46 + nameLen;
      const end = x + extraLen;
      while (x + 4 <= end && x + 4 <= len) {
        const id = v.getUint16(x, true);
        const n = v.getUint16(x + 2, true);
        if (id === 1 && n >= 8 && x + 12 <= len) {
          size = u64(v, x + 4);
          break;
        }
        x += 4 + n;
      }
    }
    uncompressed += size;
    at += 46 + nameLen + extraLen + commentLen;
  }
  return { entries, uncompressed };
}
