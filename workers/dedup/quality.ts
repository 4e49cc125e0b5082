// The data-quality scan over the records the dedup worker already holds: completeness per
// field, issues with proposed fixes (rules in src/domain/quality.ts), scores per record and for
// the whole database. Runs in the worker in slices (a generator), like the duplicate scan.
import {
  ISSUE_KINDS,
  QUALITY_FIELDS,
  recordIssues,
  recordScore,
  type IssueKind,
  type QualityField,
  type QualityInput,
} from '../../src/domain/quality';
import { emailDomainTypo } from './standardize';
import { displayName } from '../../src/domain/names';

export interface QualityFix {
  id: string;
  field: QualityField;
  value: string;
  fix: string;
}

export interface QualityReport {
  records: number;
  /** Share of records (0..1) with a value, per field. */
  completeness: Record<QualityField, number>;
  /** Per issue kind: how many records have it, how many have a proposed fix, and the fixes. */
  issues: Record<
    IssueKind,
    {
      count: number;
      fixable: number;
      fixes: QualityFix[];
      unfixable: { id: string; field: QualityField; value: string }[];
    }
  >;
  /** Mean record score, 0–100. */
  score: number;
  /** Records with the lowest scores (for review), worst first. */
  worst: { id: string; name: string; score: number }[];
}

const MAX_UNFIXABLE_LISTED = 200;

export function* qualitySteps(
  records: Iterable<[string, QualityInput]>,
  total: number,
  defaultRegion: string,
): Generator<number, QualityReport> {
  const filled = Object.fromEntries(QUALITY_FIELDS.map((f) => [f, 0])) as Record<QualityField, number>;
  const issues = {} as QualityReport['issues'];
  for (const k of ISSUE_KINDS) issues[k] = { count: 0, fixable: 0, fixes: [], unfixable: [] };
  let scoreSum = 0;
  let n = 0;
  const worst: { id: string; name: string; score: number }[] = [];
  let t = performance.now();
  for (const [id, r] of records) {
    n++;
    for (const f of QUALITY_FIELDS) if (r[f].trim()) filled[f]++;
    const found = recordIssues(r, { defaultRegion, domainTypo: emailDomainTypo });
    for (const i of found) {
      const bucket = issues[i.kind];
      bucket.count++;
      if (i.fix !== null && i.fix !== i.value) {
        bucket.fixes.push({ id, field: i.field, value: i.value, fix: i.fix });
        bucket.fixable++;
      } else if (bucket.unfixable.length < MAX_UNFIXABLE_LISTED)
        bucket.unfixable.push({ id, field: i.field, value: i.value });
    }
    const score = recordScore(r, found);
    scoreSum += score;
    if (worst.length < 50 || score < (worst[worst.length - 1]?.score ?? 101)) {
      worst.push({ id, name: displayName(r) || r.email || r.phone, score });
      worst.sort((a, b) => a.score - b.score);
      if (worst.length > 50) worst.pop();
    }
    if ((n & 255) === 0 && performance.now() - t > 12) {
      yield n;
      t = performance.now();
    }
  }
  const completeness = Object.fromEntries(QUALITY_FIELDS.map((f) => [f, n === 0 ? 0 : filled[f] / n])) as Record<
    QualityField,
    number
  >;
  void total;
  return { records: n, completeness, issues, score: n === 0 ? 100 : Math.round((scoreSum / n) * 10) / 10, worst };
}
