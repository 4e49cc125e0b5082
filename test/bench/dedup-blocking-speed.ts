// Blocking phase breakdown in node (not a test): npx tsx test/bench/dedup-blocking-speed.ts [N]
// CPU time of filling the scan's record rows and of each blocking step (between yields,
// attributed to the step the yield reports: 0 keys, 1 block pairs, 2 sorted neighbourhood, 3 unique pairs).
import { generateSynthetic } from '../factories/synthetic';
import { standardize } from '../../workers/dedup/standardize';
import { RecordRows } from '../../workers/dedup/model';
import { StringPool } from '../../workers/dedup/compare';
import { candidatePairSteps } from '../../workers/dedup/blocking';

const n = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 100_000);
const { records } = generateSynthetic({ seed: 11, records: n });
const std = records.map((r) => standardize(r));
const cpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
let c = cpu();
const rows = new RecordRows(std, new StringPool());
for (let i = 0; i < std.length; i++) rows.fill(i); // every record (the generator may add one)
const fill = cpu() - c;
c = cpu();
const byStep: Record<string, number> = {};
const steps = candidatePairSteps(std, {}, undefined, rows);
let last = c;
for (;;) {
  const s = steps.next();
  const t = cpu();
  const k = s.done === true ? 'end' : String(s.value.done);
  byStep[k] = Math.round((byStep[k] ?? 0) + t - last);
  last = t;
  if (s.done === true) {
    process.stdout.write(`pairs ${s.value.cols.length}\n`);
    break;
  }
}
process.stdout.write(
  `fill rows ${fill.toFixed(0)} ms; blocking ${(cpu() - c).toFixed(0)} ms ${JSON.stringify(byStep)}\n`,
);
