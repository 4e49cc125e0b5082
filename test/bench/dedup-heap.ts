// What the scan's heap holds at its peak (not a test): npx tsx test/bench/dedup-heap.ts [N] [--phase compare|estimate]
// Scans N generated records (seed 7) as the scale series does, writes a V8 heap snapshot when the
// scan enters the given phase (default: estimate, i.e. the end of the comparison, when the rows,
// pool, blocks, candidate stream and packed pairs are all alive), then prints the self size per
// node type / constructor (typed arrays' buffers are "system / JSArrayBufferData" or counted by
// process.memoryUsage().arrayBuffers, printed as well).
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeHeapSnapshot } from 'node:v8';
import { generateSynthetic } from '../factories/synthetic';
import { scanInputSteps, type DedupInput } from '../../workers/dedup/engine';

const args = process.argv.slice(2);
const n = Number(args.find((a) => /^\d+$/.test(a)) ?? 100_000);
const at = args.indexOf('--phase');
const phase = at >= 0 ? (args[at + 1] ?? 'estimate') : 'estimate';
const { records } = generateSynthetic({ seed: 7, records: n });
const total = records.length;
const inputs = (function* (): Generator<DedupInput> {
  for (let i = 0; i < total; i++) {
    const r = records[i] as DedupInput;
    (records as (DedupInput | undefined)[])[i] = undefined;
    yield r;
  }
})();
const steps = scanInputSteps(inputs, total, { explain: false });
let file = '';
let mem = process.memoryUsage();
for (;;) {
  const s = steps.next();
  if (s.done === true) break;
  if (s.value.phase === phase && file === '') {
    mem = process.memoryUsage();
    file = writeHeapSnapshot(join(tmpdir(), `dedup-heap-${process.pid}.heapsnapshot`));
    break;
  }
}
const MB = (x: number): string => `${(x / 1e6).toFixed(1)} MB`;
process.stdout.write(
  `n=${total} at ${phase}: rss ${MB(mem.rss)} heapUsed ${MB(mem.heapUsed)} arrayBuffers ${MB(mem.arrayBuffers)}\n`,
);
interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: (string | string[])[] } };
  nodes: number[];
  strings: string[];
}
const snap = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
rmSync(file);
const fields = snap.snapshot.meta.node_fields;
const types = snap.snapshot.meta.node_types[0] as string[];
const W = fields.length;
const iType = fields.indexOf('type');
const iName = fields.indexOf('name');
const iSize = fields.indexOf('self_size');
const by = new Map<string, { size: number; count: number }>();
let all = 0;
for (let x = 0; x < snap.nodes.length; x += W) {
  const type = types[snap.nodes[x + iType] ?? 0] ?? '?';
  const name = snap.strings[snap.nodes[x + iName] ?? 0] ?? '';
  const key = type === 'object' || type === 'native' || type === 'hidden' ? `${type} ${name.slice(0, 60)}` : type;
  const size = snap.nodes[x + iSize] ?? 0;
  all += size;
  const e = by.get(key) ?? { size: 0, count: 0 };
  e.size += size;
  e.count++;
  by.set(key, e);
}
process.stdout.write(`snapshot self sizes: ${MB(all)}\n`);
for (const [k, e] of [...by].sort((a, b) => b[1].size - a[1].size).slice(0, 30))
  process.stdout.write(`${MB(e.size).padStart(10)}  ${String(e.count).padStart(9)}  ${k}\n`);
