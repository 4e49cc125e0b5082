// Where a V8 CPU profile's long main-thread tasks spend their time. A "busy stretch" is a run of
// consecutive samples none of which is idle (`(idle)`, `(program)` between tasks is counted as
// busy: it is the engine's own work); stretches longer than `overMs` stand in for the tasks over
// 50 ms. Within them, self time is summed per function (name, file, line), heaviest first.
//   node test/bench/profile-long-tasks.mjs <file.cpuprofile> [overMs]
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/** @param {{ nodes: any[], samples: number[], timeDeltas: number[] }} profile */
export function longStretches(profile, overMs = 50) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const label = (n) => {
    const f = n.callFrame;
    const file = f.url ? f.url.split('/').pop() : '';
    return `${f.functionName || '(anonymous)'}${file ? ` ${file}:${f.lineNumber + 1}` : ''}`;
  };
  const stretches = [];
  let current = null;
  for (let i = 0; i < profile.samples.length; i++) {
    const node = byId.get(profile.samples[i]);
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const idle = node.callFrame.functionName === '(idle)';
    if (idle) {
      if (current) stretches.push(current);
      current = null;
      continue;
    }
    current ??= { ms: 0, self: new Map() };
    current.ms += dt;
    const key = label(node);
    current.self.set(key, (current.self.get(key) ?? 0) + dt);
  }
  if (current) stretches.push(current);
  const long = stretches.filter((s) => s.ms > overMs);
  const total = new Map();
  for (const s of long) for (const [k, v] of s.self) total.set(k, (total.get(k) ?? 0) + v);
  return {
    stretches: long.map((s) => Math.round(s.ms)),
    longestMs: Math.round(Math.max(0, ...long.map((s) => s.ms))),
    top: [...total].sort((a, b) => b[1] - a[1]).map(([name, ms]) => ({ name, ms: Math.round(ms) })),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const profile = JSON.parse(await readFile(process.argv[2], 'utf8'));
  const found = longStretches(profile, Number(process.argv[3] ?? 50));
  console.log(`${found.stretches.length} busy stretches > ${process.argv[3] ?? 50} ms: ${found.stretches.join(', ')}`);
  for (const f of found.top.slice(0, 40)) console.log(`${String(f.ms).padStart(7)} ms  ${f.name}`);
}
