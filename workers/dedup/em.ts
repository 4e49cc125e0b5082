// Estimating the model's m/u probabilities by EM over the candidate pairs' comparison patterns
// (model.ts holds the fields, levels, priors and scoring). Runs over the distinct patterns with
// their counts, so its cost does not grow with the number of pairs; `estimateSteps` yields after
// every iteration so a scan stays cancellable.
import { FIELDS, MISSING, defaultParams, type FieldName, type ModelParams } from './model';

const F = FIELDS.length;

export interface EmOptions {
  maxIterations?: number;
  /** Pseudo-pair count of the priors (per class). */
  priorStrength?: number;
  /** Keep u fixed (estimated from random pairs) and estimate only m and lambda. */
  fixedU?: boolean;
  /**
   * Number of records the candidate pairs come from. With it, lambda starts at no more than
   * START_MATCHES_PER_RECORD and stays at no more than MAX_MATCHES_PER_RECORD matching pairs per
   * record (see `lambdaBounds`).
   */
  records?: number;
}

/** Matching pairs per record that EM starts from (at most; the prior lambda when that is lower). */
export const START_MATCHES_PER_RECORD = 0.05;
/** Most matching pairs per record EM may settle on: every record with two duplicates (triplicates) is 1. */
export const MAX_MATCHES_PER_RECORD = 1;

/**
 * Start and upper bound of lambda for `pairs` candidate pairs of `records` records. Why: with
 * hundreds of thousands of records the namesakes (same given and family name, nothing else)
 * outnumber the true duplicates among candidates by far, and "same name" becomes the
 * likelier two-class split: from the prior lambda (0.05) EM settled on lambda 0.35-0.46 at
 * 200k-400k generated records (precision 0.03). Starting from few matches per record keeps EM
 * on the duplicates' solution, and the bound stops it from drifting to the namesakes' one
 * (generated sets, EM over the candidates' patterns: a start of 0.05 matches per record holds at
 * 200k, 500k and 1M; 0.1 still collapses at 1M, 0.3 at 500k).
 */
export function lambdaBounds(records: number, pairs: number, prior: number): { start: number; max: number } {
  if (!(records > 0) || !(pairs > 0)) return { start: prior, max: 0.999 };
  const max = Math.min(0.999, (MAX_MATCHES_PER_RECORD * records) / pairs);
  return { start: Math.min(prior, (START_MATCHES_PER_RECORD * records) / pairs, max), max };
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
export function estimate(
  patterns: Uint8Array,
  counts: Float64Array,
  opts: EmOptions = {},
  start: ModelParams = defaultParams(),
): ModelParams {
  const steps = estimateSteps(patterns, counts, opts, start);
  for (;;) {
    const s = steps.next();
    if (s.done === true) return s.value;
  }
}

/**
 * `estimate` as a generator that yields after every iteration (the scan stays cancellable).
 * With `opts.records`: when EM from `start` ends above the plausible share of matches
 * (`lambdaBounds`), it runs again from few matches per record with lambda bounded.
 */
export function* estimateSteps(
  patterns: Uint8Array,
  counts: Float64Array,
  opts: EmOptions = {},
  start: ModelParams = defaultParams(),
): Generator<number, ModelParams> {
  let total = 0;
  for (const c of counts) total += c;
  const first = yield* emRun(patterns, counts, opts, start, start.lambda, 0.999);
  const bounds = lambdaBounds(opts.records ?? 0, total, start.lambda);
  if (first.lambda <= bounds.max) return first;
  const second = yield* emRun(patterns, counts, opts, start, bounds.start, bounds.max);
  return { ...second, iterations: first.iterations + second.iterations };
}

function* emRun(
  patterns: Uint8Array,
  counts: Float64Array,
  opts: EmOptions,
  start: ModelParams,
  startLambda: number,
  maxLambda: number,
): Generator<number, ModelParams> {
  const maxIterations = opts.maxIterations ?? 50;
  const alpha = opts.priorStrength ?? 20;
  const nPat = counts.length;
  let total = 0;
  for (const c of counts) total += c;
  const prior = defaultParams();
  let { m, u, lambda } = { m: start.m.map((x) => [...x]), u: start.u.map((x) => [...x]), lambda: startLambda };
  if (total === 0) return { m, u, lambda, iterations: 0 };
  // log m and log u per (field, level) in one flat table: 8 slots per field (levels < 8).
  const logM = new Float64Array(F * 8);
  const logU = new Float64Array(F * 8);
  let it = 0;
  for (; it < maxIterations; it++) {
    for (let f = 0; f < F; f++) {
      const mf = m[f] ?? [];
      const uf = u[f] ?? [];
      for (let l = 0; l < 8; l++) {
        logM[f * 8 + l] = Math.log(mf[l] ?? 1e-9);
        logU[f * 8 + l] = Math.log(uf[l] ?? 1e-9);
      }
    }
    const mc = FIELDS.map((_f, i) => (prior.m[i] ?? []).map((x) => x * alpha));
    const uc = FIELDS.map((_f, i) => (prior.u[i] ?? []).map((x) => x * alpha));
    const mAcc = new Float64Array(F * 8);
    const uAcc = new Float64Array(F * 8);
    let matchMass = 0;
    const l0 = Math.log(lambda);
    const l1 = Math.log(1 - lambda);
    for (let p = 0; p < nPat; p++) {
      let lm = l0;
      let lu = l1;
      const base = p * F;
      for (let f = 0; f < F; f++) {
        const l = patterns[base + f] ?? MISSING;
        if (l === MISSING) continue;
        lm += logM[f * 8 + l] ?? 0;
        lu += logU[f * 8 + l] ?? 0;
      }
      const c = counts[p] ?? 0;
      const pm = c / (1 + Math.exp(lu - lm));
      const pu = c - pm;
      matchMass += pm;
      for (let f = 0; f < F; f++) {
        const l = patterns[base + f] ?? MISSING;
        if (l === MISSING) continue;
        mAcc[f * 8 + l] = (mAcc[f * 8 + l] ?? 0) + pm;
        uAcc[f * 8 + l] = (uAcc[f * 8 + l] ?? 0) + pu;
      }
    }
    for (let f = 0; f < F; f++) {
      const mf = mc[f] ?? [];
      const uf = uc[f] ?? [];
      for (let l = 0; l < mf.length; l++) {
        mf[l] = (mf[l] ?? 0) + (mAcc[f * 8 + l] ?? 0);
        uf[l] = (uf[l] ?? 0) + (uAcc[f * 8 + l] ?? 0);
      }
    }
    const norm = (rows: number[][]): number[][] =>
      rows.map((r) => {
        const s = r.reduce((x, y) => x + y, 0);
        return r.map((x) => Math.max(x / s, 1e-6));
      });
    const nextU = opts.fixedU === true ? u : norm(uc);
    const nextM = norm(mc).map((row, f) => capDifferent(monotone(row, nextU[f] ?? row), FIELDS[f]));
    const nextLambda = Math.min(maxLambda, Math.max(1e-4, (matchMass + alpha * prior.lambda) / (total + alpha)));
    let delta = Math.abs(nextLambda - lambda);
    nextM.forEach((r, f) =>
      r.forEach((x, l) => {
        delta = Math.max(delta, Math.abs(x - (m[f]?.[l] ?? 0)));
      }),
    );
    m = nextM;
    u = nextU;
    lambda = nextLambda;
    if (delta < 1e-5) {
      it++;
      break;
    }
    yield it;
  }
  return { m, u, lambda, iterations: it };
}
