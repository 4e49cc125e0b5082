// Calendar dates as 'YYYY-MM-DD' strings (local time): they sort and compare as plain strings.
import { collapseSpaces } from './text';

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** Today's date in local time as 'YYYY-MM-DD'. */
export function todayIso(now: Date = new Date()): string {
  return `${pad(now.getFullYear(), 4)}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

const PATTERNS = [
  /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})$/, // 2001-02-03, 2001/2/3, 2001.02.03
  /^(\d{4})()(\d{2})(\d{2})$/, // 20010203
  /^(\d{4})\s*年()\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$/, // 2001年2月3日
];

export type BirthDateResult =
  { ok: true; value: string } | { ok: false; error: 'error.birthDateInvalid' | 'error.birthDateFuture' };

/** '' → ok ''. A real calendar date from 1900 up to `today` (YYYY-MM-DD) → ok 'YYYY-MM-DD'. */
export function normalizeBirthDate(raw: string, today: string): BirthDateResult {
  const s = collapseSpaces(raw);
  if (s === '') return { ok: true, value: '' };
  for (const re of PATTERNS) {
    const m = re.exec(s);
    if (!m) continue;
    const [y, mo, d] = [Number(m[1]), Number(m[3]), Number(m[4])];
    // Date.UTC round-trip rejects 2023-02-30 and month 13 (they would roll over).
    const t = new Date(Date.UTC(y, mo - 1, d));
    if (y < 1900 || t.getUTCFullYear() !== y || t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d) break;
    const value = `${pad(y, 4)}-${pad(mo)}-${pad(d)}`;
    return value > today ? { ok: false, error: 'error.birthDateFuture' } : { ok: true, value };
  }
  return { ok: false, error: 'error.birthDateInvalid' };
}

/** One day in milliseconds: epoch-ms times (orderedAt, at, followUpAt …) to whole days. */
export const DAY_MS = 86_400_000;
