// Which true pairs blocking never pairs, and which key would pair them (not a test):
// npx tsx test/bench/dedup-keys.ts [N] [--names lists|long-tail]. Generated bilingual records (seed 7, as the scale series).
// Prints the scan's candidates per record, the true pairs that are never candidates grouped by the
// fields they agree on exactly ("(swapped)": family and given name typed the other way round), and
// for candidate keys (exact name in either order with a place detail, a date with a name's sound …)
// the pairs per record their blocks would add under the cap of 40 and how many of those missed
// pairs they would pair. No string-keyed block maps of the scan's own keys, so it runs at 1M.
import { loadavg } from 'node:os';
import { generateSynthetic, nameModeArg, truePairsOf } from '../factories/synthetic';
import { standardize, type StdRecord } from '../../workers/dedup/standardize';
import { candidatePairs } from '../../workers/dedup/blocking';
import { soundex } from '../../workers/dedup/compare';

const n = Number(process.argv[2] ?? 200_000);
const { records, entity } = generateSynthetic({ seed: 7, records: n, names: nameModeArg(process.argv) });
const N = records.length;
process.stdout.write(`n=${N} load ${loadavg()[0]?.toFixed(2)}\n`);
const std: StdRecord[] = records.map((r) => standardize(r, ''));
const truePairs = truePairsOf(entity);
const t0 = performance.now();
const cand = candidatePairs(std);
process.stdout.write(
  `candidates ${(cand.length / N).toFixed(2)}/record in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`,
);
const has = (a: number, b: number): boolean => {
  const key = a < b ? a * N + b : b * N + a;
  let lo = 0;
  let hi = cand.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((cand[mid] ?? 0) < key) lo = mid + 1;
    else hi = mid;
  }
  return cand[lo] === key;
};
const missed = truePairs.filter(([a, b]) => !has(a, b));
process.stdout.write(`true pairs ${truePairs.length}, never candidates ${missed.length}\n`);
const F: [string, (r: StdRecord) => string][] = [
  ['family', (r) => r.family],
  ['given', (r) => r.given],
  ['birth', (r) => r.birth],
  ['year', (r) => r.birth.slice(0, 4)],
  ['postcode', (r) => r.postcode],
  ['city', (r) => r.city],
  ['street', (r) => r.streetName + '|' + r.streetNumber],
  ['company', (r) => r.company],
  ['email', (r) => r.emails.join(',')],
  ['phone', (r) => r.phones.join(',')],
];
const agreeCount = new Map<string, number>();
for (const [a, b] of missed) {
  const ra = std[a] as StdRecord;
  const rb = std[b] as StdRecord;
  const agree = F.filter(([, f]) => f(ra) !== '' && f(ra) === f(rb)).map(([k]) => k);
  const nameSwap = ra.family !== '' && ra.family === rb.given && ra.given === rb.family;
  const k = agree.join(' ') + (nameSwap ? ' (swapped)' : '');
  agreeCount.set(k, (agreeCount.get(k) ?? 0) + 1);
}
for (const [k, c] of [...agreeCount].sort((x, y) => y[1] - x[1]).slice(0, 25)) process.stdout.write(`${c}\t${k}\n`);
// Candidate keys: block sizes and the never-candidate pairs they would pair (under cap 40).
const nameKey = (r: StdRecord): string => (r.family < r.given ? `${r.family}|${r.given}` : `${r.given}|${r.family}`);
const KEYS: [string, (r: StdRecord) => string][] = [
  ['name+year', (r) => (r.family !== '' && r.birth !== '' ? `${nameKey(r)}|${r.birth.slice(0, 4)}` : '')],
  ['name+city', (r) => (r.family !== '' && r.city !== '' ? `${nameKey(r)}|${r.city}` : '')],
  ['name+postcode', (r) => (r.family !== '' && r.postcode !== '' ? `${nameKey(r)}|${r.postcode}` : '')],
  ['name+pc3', (r) => (r.family !== '' && r.postcode !== '' ? `${nameKey(r)}|${r.postcode.slice(0, 3)}` : '')],
  ['birth+sdxfam', (r) => (r.family !== '' && r.birth.length >= 6 ? `${r.birth}|${soundex(r.family)}` : '')],
  [
    'birth+sdxany',
    (r) => (r.birth.length >= 6 ? `${r.birth}|${[soundex(r.family), soundex(r.given)].sort().join()}` : ''),
  ],
  ['name+street', (r) => (r.family !== '' && r.streetName !== '' ? `${nameKey(r)}|${soundex(r.streetName)}` : '')],
  [
    'year+sdx2',
    (r) =>
      r.family !== '' && r.birth !== ''
        ? `${r.birth.slice(0, 4)}|${[soundex(r.family), soundex(r.given)].sort().join()}`
        : '',
  ],
  [
    'company+sdx2',
    (r) =>
      r.family !== '' && r.company !== '' ? `${r.company}|${[soundex(r.family), soundex(r.given)].sort().join()}` : '',
  ],
  [
    'city+sdx2',
    (r) => (r.family !== '' && r.city !== '' ? `${r.city}|${[soundex(r.family), soundex(r.given)].sort().join()}` : ''),
  ],
  ['name+company', (r) => (r.family !== '' && r.company !== '' ? `${nameKey(r)}|${r.company}` : '')],
];
for (const [label, f] of KEYS) {
  const sizes = new Map<string, number>();
  for (const r of std) {
    const k = f(r);
    if (k !== '') sizes.set(k, (sizes.get(k) ?? 0) + 1);
  }
  let pairs = 0;
  let capped = 0;
  let largest = 0;
  for (const s of sizes.values()) {
    largest = Math.max(largest, s);
    if (s <= 40) pairs += (s * (s - 1)) / 2;
    else capped++;
  }
  let covers = 0;
  for (const [a, b] of missed) {
    const ka = f(std[a] as StdRecord);
    if (ka !== '' && ka === f(std[b] as StdRecord) && (sizes.get(ka) ?? 0) <= 40) covers++;
  }
  process.stdout.write(
    `${label.padEnd(14)} pairs/record ${(pairs / N).toFixed(2)} capped ${capped} largest ${largest} covers ${covers} of ${missed.length}\n`,
  );
}
