// Where the main thread's time goes during a bulk write: serves a bench-page build (built with
// `--minify false` so function names survive), runs one bench-page phase under Chromium's sampling
// profiler and prints self time by function (and by bundle module, from the line's nearest
// `// <path>` banner Vite writes into unminified output), plus the phase's long tasks.
//   npx vite build -c test/bench/vite.config.ts --outDir /tmp/bench-nomin --minify false
//   node test/bench/bulk-profile.mjs --dist /tmp/bench-nomin --phase appInsert --count 20000
// Other hooks of the page: --api fieldbookImport --phase importFile --opts '{"rows":5000,...}';
// --out FILE keeps the .cpuprofile (open it in Chromium's DevTools).
import { chromium } from '@playwright/test';
import { readFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { startStaticServer } from '../../scripts/serve.mjs';

const args = Object.fromEntries(
  process.argv
    .slice(2)
    .join(' ')
    .split('--')
    .filter(Boolean)
    .map((a) => a.trim().split(/\s+/)),
);
const dist = args.dist ?? '/tmp/bench-nomin';
const phase = args.phase ?? 'appInsert';
const count = Number(args.count ?? 20000);
const port = Number(args.port ?? 4304);
const extra = args.opts ? JSON.parse(args.opts) : {};
const hook = args.api ?? 'fieldbookBench';

const server = await startStaticServer({ port, root: dist, mounts: { '/bench/': dist } });
const profile = await mkdtemp(join(os.tmpdir(), 'fb-profile-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  headless: true,
});
try {
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (m) => m.text().startsWith('[bench]') && console.error(m.text()));
  await page.goto(`http://127.0.0.1:${port}/bench/`);
  await page.waitForFunction((h) => !!window[h], hook);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  await cdp.send('Profiler.start');
  const result = await page.evaluate(
    ([h, p, o]) => window[h][p](o),
    [hook, phase, { count, seed: 20240601, now: Date.now(), chunkSize: 500, name: 'profile', ...extra }],
  );
  const { profile: prof } = await cdp.send('Profiler.stop');
  if (args.out) await writeFile(args.out, JSON.stringify(prof));
  const nodes = new Map(prof.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const dt = prof.timeDeltas;
  for (let i = 0; i < prof.samples.length; i++)
    self.set(prof.samples[i], (self.get(prof.samples[i]) ?? 0) + (dt[i] ?? 0));
  // module banners in the unminified bundle
  const banners = new Map();
  async function moduleOf(url, line) {
    if (!url.includes('/assets/')) return url.split('/').pop() || '(native)';
    const file = join(dist, 'assets', url.split('/assets/')[1]);
    if (!banners.has(file)) {
      const text = await readFile(file, 'utf8').catch(() => '');
      const marks = [];
      text.split('\n').forEach((l, i) => {
        const m = /^\/\/ (\S+)$/.exec(l) ?? /^\/\/#region (\S+)$/.exec(l);
        if (m) marks.push([i, m[1]]);
      });
      banners.set(file, marks);
    }
    let name = '?';
    for (const [i, m] of banners.get(file)) if (i <= line) name = m;
    return name;
  }
  const byFn = new Map();
  const byModule = new Map();
  let total = 0;
  for (const [id, us] of self) {
    const n = nodes.get(id);
    const cf = n.callFrame;
    const mod = await moduleOf(cf.url, cf.lineNumber);
    const fn = `${cf.functionName || '(anon)'} ${mod}:${cf.lineNumber}`;
    byFn.set(fn, (byFn.get(fn) ?? 0) + us);
    const key = cf.url
      ? mod
          .replace(/^.*node_modules\//, '')
          .replace(/^(\w+)\/.*\/([^/]+)$/, '$1 $2')
          .replace(/^(\.\.\/)+/, '')
      : cf.functionName || '(native)';
    byModule.set(key, (byModule.get(key) ?? 0) + us);
    total += us;
  }
  const top = (m, k) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, k)
      .map(
        ([f, us]) => `${(us / 1000).toFixed(0).padStart(7)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%  ${f}`,
      )
      .join('\n');
  console.log(
    `phase ${phase} ${count}: ${JSON.stringify({ ms: result.ms, longTasks: result.longTasks, idle: result.tagIndexIdleMs })}`,
  );
  console.log(
    `profile total ${(total / 1000).toFixed(0)} ms\n-- by module --\n${top(byModule, 30)}\n-- by function --\n${top(byFn, 40)}`,
  );
} finally {
  await context.close();
  server.close();
  await rm(profile, { recursive: true, force: true });
}
