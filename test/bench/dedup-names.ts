// How dense are the generator's names? People per full name and per name + city at each size, for
// both name modes (issue 16: is the namesake rate at 1M realistic?).
//   npx tsx test/bench/dedup-names.ts 100000,1000000
import { generateSynthetic, type NameMode } from '../factories/synthetic';

export interface NameDensity {
  people: number;
  distinctNames: number;
  /** The most common full name, its people, and 1 in how many people of its script carry it. */
  topChinese: { name: string; people: number; oneIn: number };
  topWestern: { name: string; people: number; oneIn: number };
  /** Mean number of OTHER people with a person's exact full name (Σ c(c−1) / people). */
  namesakesPerPerson: number;
  /** The same for exact full name + city. */
  namesakesSameCity: number;
  /** Share of people whose full name nobody else in the set has. */
  uniqueShare: number;
}

/** Name-density figures of a list of people (name keys as `SyntheticSet.people`). */
export function nameDensity(
  people: readonly { name: string; city: string }[],
  chinese: (i: number) => boolean,
): NameDensity {
  const byName = new Map<string, number>();
  const byNameCity = new Map<string, number>();
  for (const p of people) {
    byName.set(p.name, (byName.get(p.name) ?? 0) + 1);
    const k = `${p.name}|${p.city}`;
    byNameCity.set(k, (byNameCity.get(k) ?? 0) + 1);
  }
  const pairs = (m: Map<string, number>): number => {
    let s = 0;
    for (const c of m.values()) s += c * (c - 1);
    return s;
  };
  let cn = 0;
  const cnNames = new Set<string>();
  people.forEach((p, i) => {
    if (chinese(i)) {
      cn++;
      cnNames.add(p.name);
    }
  });
  const top = (isCn: boolean, total: number): { name: string; people: number; oneIn: number } => {
    let best = '';
    let n = 0;
    for (const [name, c] of byName) if (cnNames.has(name) === isCn && c > n) [best, n] = [name, c];
    return { name: best, people: n, oneIn: Math.round(total / Math.max(1, n)) };
  };
  let unique = 0;
  for (const c of byName.values()) if (c === 1) unique++;
  return {
    people: people.length,
    distinctNames: byName.size,
    topChinese: top(true, cn),
    topWestern: top(false, people.length - cn),
    namesakesPerPerson: pairs(byName) / people.length,
    namesakesSameCity: pairs(byNameCity) / people.length,
    uniqueShare: unique / people.length,
  };
}

function report(n: number, names: NameMode): void {
  const set = generateSynthetic({ seed: 7, records: n, names, people: true });
  const people = set.people ?? [];
  const d = nameDensity(people, (i) => people[i]?.cn === true);
  const f = (x: number, digits = 2): string => x.toFixed(digits);
  console.log(
    [
      `${names} ${String(set.records.length)} records, ${String(d.people)} people, ${String(d.distinctNames)} full names`,
      `  most common Chinese: ${d.topChinese.name} ${String(d.topChinese.people)} (1 in ${String(d.topChinese.oneIn)} Chinese people)`,
      `  most common Western: ${d.topWestern.name} ${String(d.topWestern.people)} (1 in ${String(d.topWestern.oneIn)} Western people)`,
      `  namesakes per person: ${f(d.namesakesPerPerson)}; with the same city too: ${f(d.namesakesSameCity)}; unique names: ${f(d.uniqueShare * 100, 1)} % of people`,
    ].join('\n'),
  );
}

if (process.argv[1] !== undefined && new URL(import.meta.url).pathname === process.argv[1]) {
  const sizes = (process.argv[2] ?? '100000,1000000').split(',').map(Number);
  for (const names of ['lists', 'long-tail'] as const) for (const n of sizes) report(n, names);
}
