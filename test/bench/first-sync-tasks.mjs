// Where the first sync's long main-thread tasks come from: reads a Chrome CPU profile (the
// first-sync bench writes one with --profile S and FIRST_SYNC_CPUPROFILE=<file>; build the app
// with `npx vite build --minify false --outDir dist-prof` and run the bench with
// FIELDBOOK_DIST=dist-prof for readable names), cuts it into stretches of consecutive non-idle
// samples (a stretch ≈ one task), and for every stretch over 50 ms names the functions that were
// on the stack longest (inclusive time, each function once per sample), grouped by a few labels.
//   node test/bench/first-sync-tasks.mjs <file.cpuprofile> [minMs=50]
import { readFileSync } from 'node:fs';

const [file, minArg] = process.argv.slice(2);
if (!file) throw new Error('usage: first-sync-tasks.mjs <file.cpuprofile> [minMs]');
const MIN_MS = Number(minArg ?? 50);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

/** What a function is, for the grouping (the first label whose test matches a frame on the stack). */
const LABELS = [
  ['structured clone / postMessage', /postMessage|structuredClone|onmessage/i],
  ['JSON.parse of a response', /^(json|parse)$/],
  ['IndexedDB put (serialize)', /^(mutate|put|bulkPut|add)$/],
  ['IndexedDB get/getAll (deserialize)', /^(getMany|getAll|get|query|openCursor)$/],
  ['RxDB bulkWrite', /bulkWrite|categorizeBulkWriteRows/],
  ['RxDB change events / queries', /emit|eventReduce|_execOverDatabase|processChangeEvent|calculateNewResults/i],
  ['Svelte update', /flush|update_effect|reconcile|each|set_text|template/i],
  ['replication pull', /pullHandler|collectBatch|sortPulled|accept|downstream|upstream/i],
];

const frameName = (n) => {
  const f = n.callFrame;
  const src = (f.url.split('/').pop() ?? '').replace(/-[A-Za-z0-9_]{8}\.js$/, '.js');
  return `${f.functionName || '(anonymous)'} ${src}:${f.lineNumber + 1}`;
};
const stackOf = (id) => {
  const out = [];
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) out.push(byId.get(cur));
  return out;
};
const idle = (n) => ['(idle)', '(program)'].includes(n.callFrame.functionName);

const stretches = [];
let cur = null;
let t = profile.startTime;
profile.samples.forEach((id, i) => {
  const dt = (profile.timeDeltas[i] ?? 0) / 1000;
  t += dt * 1000;
  const node = byId.get(id);
  if (!node || idle(node)) {
    if (cur) stretches.push(cur);
    cur = null;
    return;
  }
  cur ??= { at: (t - profile.startTime) / 1000, ms: 0, samples: [] };
  cur.ms += dt;
  cur.samples.push([id, dt]);
});
if (cur) stretches.push(cur);

const long = stretches.filter((s) => s.ms > MIN_MS);
const labelTotals = new Map();
console.log(
  `${long.length} stretches over ${MIN_MS} ms (of ${stretches.length}); longest ${Math.round(Math.max(0, ...long.map((s) => s.ms)))} ms`,
);
for (const s of long) {
  const incl = new Map();
  const labels = new Map();
  for (const [id, dt] of s.samples) {
    const stack = stackOf(id);
    for (const name of new Set(stack.map(frameName))) incl.set(name, (incl.get(name) ?? 0) + dt);
    const names = stack.map((n) => n.callFrame.functionName);
    const label = LABELS.find(([, re]) => names.some((n) => re.test(n)))?.[0] ?? 'other';
    labels.set(label, (labels.get(label) ?? 0) + dt);
  }
  const top = [...labels.entries()].sort((a, b) => b[1] - a[1]);
  for (const [l, ms] of top) labelTotals.set(l, (labelTotals.get(l) ?? 0) + ms);
  const fns = [...incl.entries()]
    .filter(([n]) => !n.startsWith('(root)'))
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8)
    .map(([n, ms]) => `${Math.round(ms)} ${n}`);
  console.log(
    `\n@${Math.round(s.at)} ms: ${Math.round(s.ms)} ms — ${top.map(([l, ms]) => `${l} ${Math.round(ms)}`).join(', ')}`,
  );
  for (const f of fns) console.log(`    ${f}`);
}
console.log('\nby label over all long stretches (ms):');
for (const [l, ms] of [...labelTotals.entries()].sort((a, b) => b[1] - a[1])) console.log(`  ${Math.round(ms)}  ${l}`);
