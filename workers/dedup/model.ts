// Fellegi–Sunter scoring. Each field is compared into a graded level; a level's match weight is
// log2(m / u) with m = P(level | same person) and u = P(level | different people among the
// candidate pairs). m and u are estimated by EM over the candidate pairs with Dirichlet priors
// (the defaults below), so a tiny database falls back to sensible weights. Exact agreement on a
// name, company, street or city is adjusted by the value's frequency: sharing "Zhang" says less
// than sharing "Sondergeld".
import type { StdRecord } from './standardize';
import { compareDates, editDistance, jaroWinkler } from './compare';
import { sameGivenName } from './nicknames';

// City, postcode, region and country are one field: they are strongly dependent (a postcode
// implies its city and region), and EM's independence assumption would otherwise mistake
// "lives in the same town" for a class of its own.
export const FIELDS = ['given', 'family', 'birthDate', 'email', 'phone', 'company', 'streetNumber', 'street', 'place'] as const;
export type FieldName = (typeof FIELDS)[number];

/** Level labels per field, best first. */
export const LEVELS: Record<FieldName, readonly string[]> = {
  given: ['exact', 'alias', 'similar', 'fuzzy', 'initial', 'different'],
  family: ['exact', 'similar', 'fuzzy', 'different'],
  birthDate: ['exact', 'transposed', 'typo', 'sameYear', 'different'],
  email: ['exact', 'sameLocal', 'similar', 'different'],
  phone: ['exact', 'sameNumber', 'typo', 'different'],
  company: ['exact', 'similar', 'different'],
  streetNumber: ['exact', 'typo', 'different'],
  street: ['exact', 'similar', 'fuzzy', 'different'],
  place: ['exact', 'samePostcode', 'sameCity', 'sameRegion', 'different'],
};

/** Level value of a field that is empty on either side: no evidence, weight 0. */
export const MISSING = 255;
const F = FIELDS.length;

// Prior m/u per level (candidate pairs, not random pairs: blocking makes agreement common).
const PRIOR_M: Record<FieldName, readonly number[]> = {
  given: [0.84, 0.04, 0.06, 0.03, 0.02, 0.01],
  family: [0.86, 0.06, 0.04, 0.04],
  birthDate: [0.82, 0.04, 0.08, 0.02, 0.04],
  email: [0.8, 0.05, 0.05, 0.1],
  phone: [0.78, 0.06, 0.04, 0.12],
  company: [0.8, 0.1, 0.1],
  streetNumber: [0.88, 0.04, 0.08],
  street: [0.85, 0.07, 0.04, 0.04],
  place: [0.8, 0.1, 0.05, 0.02, 0.03],
};
const PRIOR_U: Record<FieldName, readonly number[]> = {
  given: [0.08, 0.01, 0.03, 0.08, 0.02, 0.78],
  family: [0.15, 0.04, 0.08, 0.73],
  birthDate: [0.01, 0.002, 0.02, 0.05, 0.918],
  email: [0.005, 0.01, 0.01, 0.975],
  phone: [0.01, 0.002, 0.005, 0.983],
  company: [0.08, 0.03, 0.89],
  streetNumber: [0.08, 0.06, 0.86],
  street: [0.08, 0.03, 0.06, 0.83],
  place: [0.05, 0.05, 0.1, 0.2, 0.6],
};

export const TF_FIELDS: readonly FieldName[] = ['given', 'family', 'company', 'street'];

export interface ModelParams {
  /** m[f][level], u[f][level] in FIELDS order. */
  m: number[][];
  u: number[][];
  /** Share of true matches among candidate pairs. */
  lambda: number;
  /** EM iterations run (0 = priors only). */
  iterations: number;
}

export function defaultParams(): ModelParams {
  return {
    m: FIELDS.map((f) => [...PRIOR_M[f]]),
    u: FIELDS.map((f) => [...PRIOR_U[f]]),
    lambda: 0.05,
    iterations: 0,
  };
}

function stringLevel(a: string, b: string, hi: number, lo: number): number {
  if (a === b) return 0;
  const jw = jaroWinkler(a, b);
  return jw >= hi ? 1 : jw >= lo ? 2 : 3;
}

function givenLevel(aGiven: string, aFirst: string, bGiven: string, bFirst: string): number {
  if (aGiven === '' || bGiven === '') return MISSING;
  if (aGiven === bGiven) return 0;
  if (sameGivenName(aFirst, bFirst) || sameGivenName(aGiven, bGiven)) return 1;
  const jw = jaroWinkler(aGiven, bGiven);
  if (jw >= 0.92) return 2;
  if (jw >= 0.8) return 3;
  if ((aGiven.length === 1 || bGiven.length === 1) && aGiven.charAt(0) === bGiven.charAt(0)) return 4;
  return 5;
}

function familyLevel(a: string, b: string): number {
  if (a === '' || b === '') return MISSING;
  return stringLevel(a, b, 0.92, 0.8);
}

function bestOf(as: readonly string[], bs: readonly string[], level: (x: string, y: string) => number): number {
  if (as.length === 0 || bs.length === 0) return MISSING;
  let best = MISSING;
  for (const x of as) for (const y of bs) best = Math.min(best, level(x, y));
  return best;
}

const emailLevel = (x: string, y: string): number => {
  if (x === y) return 0;
  if (x.slice(0, x.indexOf('@')) === y.slice(0, y.indexOf('@'))) return 1;
  return jaroWinkler(x, y) >= 0.92 ? 2 : 3;
};

const phoneLevel = (x: string, y: string): number => {
  if (x === y) return 0;
  const dx = x.replace(/\D/g, '');
  const dy = y.replace(/\D/g, '');
  if (dx.length >= 7 && dy.length >= 7 && dx.slice(-8) === dy.slice(-8)) return 1;
  return dx.length === dy.length && editDistance(dx, dy, 1) <= 1 ? 2 : 3;
};

const DATE_LEVEL = { exact: 0, transposed: 1, typo: 2, sameYear: 3, different: 4 } as const;

const opt = (a: string, b: string, level: (x: string, y: string) => number): number => (a === '' || b === '' ? MISSING : level(a, b));
const editLevel = (x: string, y: string): number => (x === y ? 0 : editDistance(x, y, 1) <= 1 ? 1 : 2);

/**
 * Comparison vector of a pair into `out` (FIELDS order). Names are compared in both orders
 * (given/family swapped) and the better one is kept; returns true when the swapped order won.
 */
export function compareRecords(a: StdRecord, b: StdRecord, out: Uint8Array): boolean {
  const gStraight = givenLevel(a.given, a.givenFirst, b.given, b.givenFirst);
  const fStraight = familyLevel(a.family, b.family);
  let g = gStraight;
  let f = fStraight;
  let swapped = false;
  // Swapped order: a's given vs b's family and vice versa (Febrl-style swaps, "Wei Zhang").
  if (gStraight !== 0 || fStraight !== 0) {
    const gSwap = givenLevel(a.given, a.givenFirst, b.family, b.family);
    const fSwap = familyLevel(a.family, b.given);
    const rank = (x: number, max: number): number => (x === MISSING ? max : x);
    if (rank(gSwap, 5) + rank(fSwap, 3) * 1.5 < rank(gStraight, 5) + rank(fStraight, 3) * 1.5) {
      g = gSwap;
      f = fSwap;
      swapped = true;
    }
  }
  // Same pinyin, different characters (张伟 vs 章伟): homophones, not the same written name.
  const [bHanGiven, bHanFamily] = swapped ? [b.hanFamily, b.hanGiven] : [b.hanGiven, b.hanFamily];
  if (g === 0 && a.hanGiven !== '' && bHanGiven !== '' && a.hanGiven !== bHanGiven) g = 2;
  if (f === 0 && a.hanFamily !== '' && bHanFamily !== '' && a.hanFamily !== bHanFamily) f = 1;
  out[0] = g;
  out[1] = f;
  out[2] = opt(a.birth, b.birth, (x, y) => DATE_LEVEL[compareDates(x, y)]);
  out[3] = bestOf(a.emails, b.emails, emailLevel);
  out[4] = bestOf(a.phones, b.phones, phoneLevel);
  out[5] = opt(a.company, b.company, (x, y) => (x === y ? 0 : jaroWinkler(x, y) >= 0.9 ? 1 : 2));
  out[6] = opt(a.streetNumber, b.streetNumber, editLevel);
  out[7] = opt(a.streetName, b.streetName, (x, y) => stringLevel(x, y, 0.92, 0.8));
  out[8] = placeLevel(a, b);
  return swapped;
}

/** exact: postcode and city agree (one may be missing); samePostcode: one agrees, the other is a typo. */
function placeLevel(a: StdRecord, b: StdRecord): number {
  if (a.country !== '' && b.country !== '' && a.country !== b.country) return 4;
  const pc = opt(a.postcode, b.postcode, editLevel); // 0 exact, 1 typo, 2 different
  const city = opt(a.city, b.city, (x, y) => stringLevel(x, y, 0.92, 0.8)); // 0, 1, 2, 3
  if (pc === MISSING && city === MISSING) return opt(a.region, b.region, (x, y) => (x === y ? 3 : 4));
  const pcOk = pc === MISSING || pc === 0;
  const cityOk = city === MISSING || city === 0;
  if (pcOk && cityOk) return 0;
  if ((pc === 0 && city <= 2) || (city === 0 && pc === 1) || (city === 1 && pc === 1)) return 1;
  if (city <= 1) return 2;
  if (pc === 0 || (a.region !== '' && a.region === b.region)) return 3;
  return 4;
}

/** Value frequencies of the TF fields (counts over records with the field filled). */
export class TermFrequencies {
  readonly counts: Map<string, number>[] = TF_FIELDS.map(() => new Map<string, number>());
  readonly totals: number[] = TF_FIELDS.map(() => 0);
  /** Σ count² per field, so the random-pair agreement rate Σ p² is O(1) to read. */
  private readonly squares: number[] = TF_FIELDS.map(() => 0);

  static valuesOf(r: StdRecord): string[] {
    return [r.given, r.family, r.company, r.streetName];
  }

  add(r: StdRecord, sign: 1 | -1 = 1): void {
    TermFrequencies.valuesOf(r).forEach((v, k) => {
      if (v === '') return;
      const map = this.counts[k];
      if (map === undefined) return;
      const c = map.get(v) ?? 0;
      const next = c + sign;
      if (next <= 0) map.delete(v);
      else map.set(v, next);
      this.squares[k] = (this.squares[k] ?? 0) + next * next - c * c;
      this.totals[k] = (this.totals[k] ?? 0) + sign;
    });
  }

  /**
   * log2(Σp² / p_v): how much more (or less) telling agreement on value v is than agreement on
   * an average value, clipped to ±4 bits. 0 when there is too little data to say.
   */
  adjustment(k: number, v: string): number {
    const total = this.totals[k] ?? 0;
    if (total < 20) return 0;
    const c = this.counts[k]?.get(v) ?? 1;
    const p = c / total;
    const sumSq = (this.squares[k] ?? 0) / (total * total);
    return Math.max(-4, Math.min(4, Math.log2(sumSq / p)));
  }
}

const TF_INDEX: Partial<Record<FieldName, number>> = Object.fromEntries(TF_FIELDS.map((f, k) => [f, k]));

/** Match weights log2(m/u) per field and level. */
export function weightTable(p: ModelParams): number[][] {
  return p.m.map((mf, f) => mf.map((m, l) => Math.log2(Math.max(m, 1e-6) / Math.max(p.u[f]?.[l] ?? 1, 1e-6))));
}

export interface FieldExplanation {
  field: FieldName;
  level: string;
  /** Contribution to the match weight, in bits (log2 Bayes factor), TF adjustment included. */
  weight: number;
}

// Fields a household or a company shares (address, landline, switchboard, employer): they are
// strongly dependent, so when the given names clearly differ their agreement is capped instead of
// summed — two relatives at one address with one landline are not one person.
const SHARED_FIELDS = new Set<FieldName>(['family', 'phone', 'company', 'streetNumber', 'street', 'place']);
/** Most bits the shared fields may add when the given names differ. */
export const SHARED_CAP = 6;
const GIVEN_DIFFERENT = LEVELS.given.length - 1;

/** Total weight of a comparison vector; fills `explain` when given. */
export function scoreVector(
  levels: Uint8Array,
  weights: number[][],
  a: StdRecord,
  tf: TermFrequencies | null,
  explain?: FieldExplanation[],
): number {
  let total = 0;
  const capShared = levels[0] === GIVEN_DIFFERENT;
  let shared = 0;
  for (let f = 0; f < F; f++) {
    const l = levels[f] ?? MISSING;
    if (l === MISSING) continue;
    let w = weights[f]?.[l] ?? 0;
    const field = FIELDS[f] ?? 'given';
    const k = TF_INDEX[field];
    // Swapped names agree on a's values too, so a's value is the agreed one either way.
    if (tf !== null && l === 0 && k !== undefined && w > 0) {
      w = Math.max(0.5, w + tf.adjustment(k, TermFrequencies.valuesOf(a)[k] ?? ''));
    }
    if (capShared && w > 0 && SHARED_FIELDS.has(field)) {
      const allowed = Math.max(0, SHARED_CAP - shared);
      shared += w;
      w = Math.min(w, allowed);
    }
    total += w;
    explain?.push({ field, level: LEVELS[field][l] ?? String(l), weight: Math.round(w * 100) / 100 });
  }
  return total;
}

/** Match probability of a total weight given the prior share of matches among candidates. */
export function probability(weight: number, lambda: number): number {
  const logit = weight + Math.log2(lambda / (1 - lambda));
  return 1 / (1 + Math.pow(2, -logit));
}

export interface EmOptions {
  maxIterations?: number;
  /** Pseudo-pair count of the priors (per class). */
  priorStrength?: number;
  /** Keep u fixed (estimated from random pairs) and estimate only m and lambda. */
  fixedU?: boolean;
}

/**
 * u-probabilities from comparison vectors of random record pairs (almost all non-matches),
 * smoothed towards the priors with `priorStrength` pseudo-pairs.
 */
export function estimateU(patterns: Uint8Array, counts: Float64Array, priorStrength = 20): number[][] {
  const prior = defaultParams().u;
  // Random-pair priors: agreement is much rarer than among candidates, so shrink towards "different".
  const uc = prior.map((row) => row.map((x, l) => (l === row.length - 1 ? x + 0.5 : x * 0.2) * priorStrength));
  for (let p = 0; p < counts.length; p++) {
    for (let f = 0; f < F; f++) {
      const l = patterns[p * F + f] ?? MISSING;
      if (l === MISSING) continue;
      const row = uc[f];
      if (row !== undefined) row[l] = (row[l] ?? 0) + (counts[p] ?? 0);
    }
  }
  return uc.map((r) => {
    const s = r.reduce((x, y) => x + y, 0);
    return r.map((x) => Math.max(x / s, 1e-7));
  });
}

/**
 * Upper bound of m("different") for names: the same person with an unrelated given or family
 * name (not a nickname, typo or swap) is rare. Without the bound, EM happily explains households
 * (same family name, address and landline, different given names) as duplicates.
 */
const MAX_M_DIFFERENT: Partial<Record<FieldName, number>> = { given: 0.05, family: 0.05 };

function capDifferent(row: number[], field: FieldName | undefined): number[] {
  const max = field === undefined ? undefined : MAX_M_DIFFERENT[field];
  const last = row.length - 1;
  const v = row[last] ?? 0;
  if (max === undefined || v <= max) return row;
  const scale = (1 - max) / (1 - v);
  return row.map((x, l) => (l === last ? max : x * scale));
}

/**
 * Match weights must not grow as agreement gets worse (exact ≥ similar ≥ … ≥ different): EM
 * may otherwise reward e.g. "fuzzy" over "similar" on a few pairs. Pools adjacent violators of
 * log(m/u) by merging their m mass in proportion to u.
 */
function monotone(m: number[], u: readonly number[]): number[] {
  const out = [...m];
  for (let changed = true, guard = 0; changed && guard < 20; guard++) {
    changed = false;
    for (let l = 0; l + 1 < out.length; l++) {
      const r0 = (out[l] ?? 0) / (u[l] ?? 1);
      const r1 = (out[l + 1] ?? 0) / (u[l + 1] ?? 1);
      if (r1 > r0 * 1.000001) {
        const mass = (out[l] ?? 0) + (out[l + 1] ?? 0);
        const us = (u[l] ?? 0) + (u[l + 1] ?? 0);
        out[l] = (mass * (u[l] ?? 0)) / us;
        out[l + 1] = (mass * (u[l + 1] ?? 0)) / us;
        changed = true;
      }
    }
  }
  return out;
}

/**
 * EM over comparison vectors (conditional independence of fields). `patterns` holds distinct
 * vectors (F bytes each) with their counts, so the cost does not grow with the pair count.
 */
export function estimate(patterns: Uint8Array, counts: Float64Array, opts: EmOptions = {}, start: ModelParams = defaultParams()): ModelParams {
  const maxIterations = opts.maxIterations ?? 50;
  const alpha = opts.priorStrength ?? 20;
  const nPat = counts.length;
  let total = 0;
  for (const c of counts) total += c;
  const prior = defaultParams();
  let { m, u, lambda } = { m: start.m.map((x) => [...x]), u: start.u.map((x) => [...x]), lambda: start.lambda };
  if (total === 0) return { m, u, lambda, iterations: 0 };
  const post = new Float64Array(nPat);
  let it = 0;
  for (; it < maxIterations; it++) {
    let matchMass = 0;
    for (let p = 0; p < nPat; p++) {
      let lm = Math.log(lambda);
      let lu = Math.log(1 - lambda);
      for (let f = 0; f < F; f++) {
        const l = patterns[p * F + f] ?? MISSING;
        if (l === MISSING) continue;
        lm += Math.log(m[f]?.[l] ?? 1e-9);
        lu += Math.log(u[f]?.[l] ?? 1e-9);
      }
      const pm = 1 / (1 + Math.exp(lu - lm));
      post[p] = pm;
      matchMass += pm * (counts[p] ?? 0);
    }
    const mc = FIELDS.map((_f, i) => (prior.m[i] ?? []).map((x) => x * alpha));
    const uc = FIELDS.map((_f, i) => (prior.u[i] ?? []).map((x) => x * alpha));
    for (let p = 0; p < nPat; p++) {
      const c = counts[p] ?? 0;
      const pm = (post[p] ?? 0) * c;
      const pu = c - pm;
      for (let f = 0; f < F; f++) {
        const l = patterns[p * F + f] ?? MISSING;
        if (l === MISSING) continue;
        const mf = mc[f];
        const uf = uc[f];
        if (mf !== undefined) mf[l] = (mf[l] ?? 0) + pm;
        if (uf !== undefined) uf[l] = (uf[l] ?? 0) + pu;
      }
    }
    const norm = (rows: number[][]): number[][] => rows.map((r) => {
      const s = r.reduce((x, y) => x + y, 0);
      return r.map((x) => Math.max(x / s, 1e-6));
    });
    const nextU = opts.fixedU === true ? u : norm(uc);
    const nextM = norm(mc).map((row, f) => capDifferent(monotone(row, nextU[f] ?? row), FIELDS[f]));
    const nextLambda = Math.min(0.999, Math.max(1e-4, (matchMass + alpha * prior.lambda) / (total + alpha)));
    let delta = Math.abs(nextLambda - lambda);
    nextM.forEach((r, f) => r.forEach((x, l) => { delta = Math.max(delta, Math.abs(x - (m[f]?.[l] ?? 0))); }));
    m = nextM;
    u = nextU;
    lambda = nextLambda;
    if (delta < 1e-5) {
      it++;
      break;
    }
  }
  return { m, u, lambda, iterations: it };
}
