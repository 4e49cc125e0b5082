// Numbers and dates as spreadsheets and CSV exports write them, for the importer. Pure.
import { toHalfWidth } from './text';

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/**
 * A number as people and spreadsheets write it: '1234', '1,234.5', '1 234,5', '12,5', '-3',
 * full-width digits. A lone ',' followed by 1–2 digits (and no '.') is a decimal comma; ',' or '.'
 * between groups of three is a thousands separator. null when it is not a number.
 */
export function parseNumber(raw: string): number | null {
  let s = toHalfWidth(raw.normalize('NFKC'))
    .trim()
    .replace(/[\s\u00a0\u202f']/g, '');
  if (s === '') return null;
  const neg = /^-/.test(s) || /^\(.*\)$/.test(s);
  s = s.replace(/^[-+]|^\(|\)$/g, '');
  if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) s = s.replace(/,/g, '');
  else if (/^\d{1,3}(\.\d{3})+(,\d+)?$/.test(s)) s = s.replace(/\./g, '').replace(',', '.');
  else if (/^\d+,\d+$/.test(s)) s = s.replace(',', '.');
  if (!/^(\d+(\.\d*)?|\.\d+)$/.test(s)) return null;
  const n = Number(s);
  return Number.isFinite(n) ? (neg ? -n : n) : null;
}

/** Excel's day 0 is 1899-12-30 (its serials count the non-existent 1900-02-29, so 60 and earlier are off by one; they are not accepted). */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;
/** Serials from 1900-03-01 (61) to 9999-12-31 (2958465). */
const SERIAL_MIN = 61;
const SERIAL_MAX = 2_958_465;

/** An Excel serial date (days since 1899-12-30, fraction = time of day) → 'YYYY-MM-DD'; null when out of range. */
export function excelSerialToIso(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < SERIAL_MIN || serial > SERIAL_MAX) return null;
  const d = new Date(EXCEL_EPOCH_MS + Math.floor(serial) * DAY_MS);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

function isoOf(y: number, m: number, d: number): string | null {
  const t = new Date(Date.UTC(y, m - 1, d));
  if (y < 1000 || t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) return null;
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
}

const YMD_RE =
  /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const COMPACT_RE = /^(\d{4})(\d{2})(\d{2})$/;
// Day first: 05.03.2024 (German, Russian …) and 05/03/2024 (most of the world outside the US).
const DMY_RE = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/;
const SERIAL_RE = /^\d{2,7}(\.\d+)?$/;

/**
 * A calendar date from an import cell → 'YYYY-MM-DD', or null when it is not one.
 * Year first ('2024-03-05', '2024/3/5', '2024.03.05', '2024年3月5日', an ISO timestamp), compact
 * ('20240305'), day first ('05.03.2024', '05/03/2024'; 'US' order reads the slash form month
 * first), or an Excel serial number (45356 → '2024-03-05') as a spreadsheet saved to CSV writes it.
 */
export function parseImportDate(raw: string, order: 'DMY' | 'MDY' = 'DMY'): string | null {
  const s = toHalfWidth(raw.normalize('NFKC')).trim();
  if (s === '') return null;
  let m = YMD_RE.exec(s) ?? COMPACT_RE.exec(s);
  if (m) return isoOf(Number(m[1]), Number(m[2]), Number(m[3]));
  m = DMY_RE.exec(s);
  if (m) {
    const [a, b, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const monthFirst = order === 'MDY' && s.includes('/');
    return monthFirst ? isoOf(y, a, b) : isoOf(y, b, a);
  }
  if (SERIAL_RE.test(s)) return excelSerialToIso(Number(s));
  return null;
}
