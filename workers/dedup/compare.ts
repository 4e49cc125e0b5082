// String and date similarity used by the comparison levels. Pure, allocation-light: they run for
// every candidate pair of a scan.

let flagsA = new Uint8Array(64);
let flagsB = new Uint8Array(64);

/** Jaro similarity in [0, 1]; 1 for two equal strings (two empty strings included). */
export function jaro(a: string, b: string): number {
  if (a === b) return 1;
  const la = a.length;
  const lb = b.length;
  if (la === 0 || lb === 0) return 0;
  const range = Math.max(0, Math.floor(Math.max(la, lb) / 2) - 1);
  if (la > flagsA.length || lb > flagsB.length) {
    flagsA = new Uint8Array(Math.max(la, flagsA.length * 2));
    flagsB = new Uint8Array(Math.max(lb, flagsB.length * 2));
  }
  // Reused scratch buffers: this runs for every candidate pair.
  const aMatch = flagsA;
  const bMatch = flagsB;
  aMatch.fill(0, 0, la);
  bMatch.fill(0, 0, lb);
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const lo = Math.max(0, i - range);
    const hi = Math.min(lb - 1, i + range);
    const ch = a.charCodeAt(i);
    for (let j = lo; j <= hi; j++) {
      if (bMatch[j] === 0 && b.charCodeAt(j) === ch) {
        aMatch[i] = 1;
        bMatch[j] = 1;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  let k = 0;
  let transpositions = 0;
  for (let i = 0; i < la; i++) {
    if (aMatch[i] === 0) continue;
    while (bMatch[k] === 0) k++;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) transpositions++;
    k++;
  }
  const m = matches;
  return (m / la + m / lb + (m - transpositions / 2) / m) / 3;
}

/** Jaro-Winkler: Jaro boosted by a common prefix of up to 4 characters (scaling 0.1). */
export function jaroWinkler(a: string, b: string): number {
  const j = jaro(a, b);
  if (j <= 0.7) return j;
  let prefix = 0;
  const max = Math.min(4, a.length, b.length);
  while (prefix < max && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return j + prefix * 0.1 * (1 - j);
}

/**
 * Optimal-string-alignment distance (Levenshtein plus adjacent transpositions, each edit cost 1),
 * stopping early once it exceeds `max` (then returns max + 1).
 */
export function editDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (a === b) return 0;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > max) return max + 1;
  if (la === 0) return lb;
  if (lb === 0) return la;
  let prev2 = new Array<number>(lb + 1).fill(0);
  let prev = Array.from({ length: lb + 1 }, (_, j) => j);
  let cur = new Array<number>(lb + 1).fill(0);
  for (let i = 1; i <= la; i++) {
    cur[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= lb; j++) {
      const cb = b.charCodeAt(j - 1);
      let v = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (ca === cb ? 0 : 1));
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) {
        v = Math.min(v, (prev2[j - 2] ?? 0) + 1);
      }
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[lb] ?? 0;
}

export type DateLevel = 'exact' | 'transposed' | 'typo' | 'sameYear' | 'different';

/**
 * Compare two dates given as 8 digits YYYYMMDD (other strings compare by edit distance only).
 * 'transposed': day and month swapped, or two adjacent digits swapped; 'typo': one digit wrong;
 * 'sameYear': same year (month/day both off, or a date typed as a year only).
 */
export function compareDates(a: string, b: string): DateLevel {
  if (a === b) return 'exact';
  if (a.length === 8 && b.length === 8) {
    const [ya, ma, da] = [a.slice(0, 4), a.slice(4, 6), a.slice(6, 8)];
    const [yb, mb, db] = [b.slice(0, 4), b.slice(4, 6), b.slice(6, 8)];
    if (ya === yb && ma === db && da === mb) return 'transposed';
  }
  if (a.length === b.length) {
    let diff = 0;
    let first = -1;
    for (let i = 0; i < a.length; i++) {
      if (a.charCodeAt(i) !== b.charCodeAt(i)) {
        if (first < 0) first = i;
        diff++;
      }
    }
    if (diff === 1) return 'typo';
    if (diff === 2 && a[first] === b[first + 1] && a[first + 1] === b[first]) return 'transposed';
  } else if (editDistance(a, b, 1) <= 1) {
    return 'typo';
  }
  if (a.length >= 4 && b.length >= 4 && a.slice(0, 4) === b.slice(0, 4)) return 'sameYear';
  return 'different';
}

/** American Soundex (letters only; '' for no letters), used as a phonetic blocking key. */
export function soundex(s: string): string {
  const codes: Record<string, string> = {
    b: '1', f: '1', p: '1', v: '1',
    c: '2', g: '2', j: '2', k: '2', q: '2', s: '2', x: '2', z: '2',
    d: '3', t: '3', l: '4', m: '5', n: '5', r: '6',
  };
  const letters = s.toLowerCase().replace(/[^a-z]/g, '');
  const first = letters.charAt(0);
  if (first === '') return '';
  let out = first.toUpperCase();
  let last = codes[first] ?? '';
  for (let i = 1; i < letters.length && out.length < 4; i++) {
    const ch = letters.charAt(i);
    const code = codes[ch] ?? '';
    if (code !== '' && code !== last) out += code;
    // h and w do not separate equal codes; vowels do.
    if (ch !== 'h' && ch !== 'w') last = code;
  }
  return out.padEnd(4, '0');
}
