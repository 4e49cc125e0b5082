// Draws the app icons (a white notebook on teal) as PNGs without any image tooling, so the icons
// are reproducible from source: `node scripts/make-icons.mjs` writes public/icons/*.png.
import { deflateSync } from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';

const TEAL = [15, 118, 110];
const WHITE = [255, 255, 255];
const LINE = [153, 204, 199];

function crc32(buf) {
  let c,
    crc = 0xffffffff;
  for (let n = 0; n < buf.length; n++) {
    c = (crc ^ buf[n]) & 0xff;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crc = (crc >>> 8) ^ c;
  }
  return (crc ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
function png(size, pixel) {
  const raw = Buffer.alloc((size * 3 + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (size * 3 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const [r, g, b] = pixel(x / size, y / size);
      const o = y * (size * 3 + 1) + 1 + x * 3;
      raw[o] = r;
      raw[o + 1] = g;
      raw[o + 2] = b;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  ihdr[10] = 0;
  ihdr[11] = 0;
  ihdr[12] = 0;
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
/** scale < 1 keeps the drawing inside the maskable safe zone (inner 80 % circle). */
function notebook(scale) {
  const lo = 0.5 - 0.3 * scale,
    hi = 0.5 + 0.3 * scale;
  return (x, y) => {
    if (x < lo || x > hi || y < lo - 0.05 * scale || y > hi + 0.05 * scale) return TEAL;
    if (x < lo + 0.06 * scale) return LINE; // spine
    const rel = (y - lo) / (hi - lo);
    for (const l of [0.25, 0.45, 0.65])
      if (Math.abs(rel - l) < 0.025 && x > lo + 0.12 * scale && x < hi - 0.08 * scale) return LINE;
    return WHITE;
  };
}
mkdirSync('public/icons', { recursive: true });
writeFileSync('public/icons/icon-192.png', png(192, notebook(1)));
writeFileSync('public/icons/icon-512.png', png(512, notebook(1)));
writeFileSync('public/icons/maskable-512.png', png(512, notebook(0.75)));
writeFileSync('public/icons/apple-touch-icon-180.png', png(180, notebook(0.9)));
console.log('icons written to public/icons');
