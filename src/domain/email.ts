// Email normalization: a pragmatic syntax check, not full RFC 5322 (no quoted local parts,
// no IP-literal domains): those are never typed by the sales reps this app is for.
import { stripInvisible, toHalfWidth } from './text';

export const EMAIL_MAX = 254;

// Dot-atom local part; Unicode letters are allowed (EAI / internationalized addresses).
const LOCAL_RE = /^[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+(?:\.[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+)*$/u;
const LABEL_RE = /^[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?$/u;
const TLD_RE = /^(?:\p{L}{2,63}|xn--[a-z0-9-]{2,59})$/u;

/**
 * '' stays ''. Otherwise removes invisible characters (text.ts), trims, applies NFKC/half-width (＠ → @, 。 → .), lower-cases the
 * domain only (the local part is kept as typed) and returns null when the syntax is wrong.
 */
export function normalizeEmail(raw: string): string | null {
  const s = toHalfWidth(stripInvisible(raw).normalize('NFKC')).replace(/[。｡]/g, '.').trim();
  if (s === '') return '';
  if (s.length > EMAIL_MAX || /\s/u.test(s)) return null;
  const at = s.indexOf('@');
  if (at < 1 || at !== s.lastIndexOf('@')) return null;
  const local = s.slice(0, at);
  const domain = s.slice(at + 1).toLowerCase();
  if (local.length > 64 || !LOCAL_RE.test(local)) return null;
  const labels = domain.split('.');
  if (labels.length < 2 || !labels.every((l) => LABEL_RE.test(l))) return null;
  if (!TLD_RE.test(labels[labels.length - 1] ?? '')) return null;
  return `${local}@${domain}`;
}
