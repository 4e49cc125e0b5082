// Client-generated, time-sortable ids: UUID version 7 (RFC 9562).

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const MAX_MS = 2 ** 48 - 1;

/** Anything that yields unsigned 32-bit integers (e.g. the seeded Rng in random.ts). */
export interface RandomSource {
  uint32(): number;
}

function hex(b: number): string {
  return HEX[b & 0xff] as string;
}

function timeHex(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0 || ms > MAX_MS) throw new RangeError(`Timestamp out of range: ${ms}`);
  const t = Math.floor(ms);
  const hi = Math.floor(t / 4294967296); // upper 16 bits
  const lo = t >>> 0; // lower 32 bits
  return hex(hi >>> 8) + hex(hi) + hex(lo >>> 24) + hex(lo >>> 16) + '-' + hex(lo >>> 8) + hex(lo);
}

/** Builds the UUID from a 48-bit ms timestamp and three 32-bit random words (74 of their bits are used). */
function assemble(ms: number, a: number, b: number, c: number): string {
  return (
    timeHex(ms) +
    '-' +
    hex(0x70 | ((a >>> 8) & 0x0f)) +
    hex(a) +
    '-' +
    hex(0x80 | ((a >>> 16) & 0x3f)) +
    hex(a >>> 24) +
    '-' +
    hex(b >>> 24) +
    hex(b >>> 16) +
    hex(b >>> 8) +
    hex(b) +
    hex(c >>> 8) +
    hex(c)
  );
}

const buf = new Uint32Array(3);

/** A new UUID v7: lower-case hex with dashes, sorting by creation time across milliseconds. */
export function newId(now: number = Date.now()): string {
  globalThis.crypto.getRandomValues(buf);
  return assemble(now, buf[0] as number, buf[1] as number, buf[2] as number);
}

/**
 * A UUID v7 from explicit words: `a` gives 20 bits, `b` all 32, `c` its low 16. Callers that need
 * ids unique by construction (the demo generator) put a record index in `b` and a serial in `c`.
 */
export function idFromWords(ms: number, a: number, b: number, c: number): string {
  return assemble(ms, a >>> 0, b >>> 0, c >>> 0);
}

/** A UUID v7 whose random bits come from `rng`: deterministic for a seeded generator (demo data, tests). */
export function idFromParts(ms: number, rng: RandomSource): string {
  return assemble(ms, rng.uint32(), rng.uint32(), rng.uint32());
}

export const UUID_V7_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Creation time encoded in a UUID v7 (epoch ms), or NaN when it is not one. */
export function idTime(id: string): number {
  if (!UUID_V7_RE.test(id)) return NaN;
  return parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
}
