// Dedup speed in headless Chromium alone, for iterating on the engine: serves a bench
// build (test/bench/vite.config.ts; `--bench-dist DIR`, default dist-bench) at /bench/ and runs
// only the dedup phase of `run.mjs` (page/dedup-bench.ts: index load, full scan in the worker,
// live-check latency, quality report). Prints the figures as JSON; writes nothing.
//   npx vite build -c test/bench/vite.config.ts --outDir /work/main/dist-bench-dedup --emptyOutDir
//   node test/bench/dedup-chromium.mjs --bench-dist dist-bench-dedup --records 100000 --port 4312 [--runs 2]
import { chromium } from '@playwright/test';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startStaticServer } from '../../scripts/serve.mjs';
import { runDedupBench } from './dedup-run.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const opts = { benchDist: here('../../dist-bench'), records: 100_000, port: 4312, runs: 1 };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === '--bench-dist') opts.benchDist = resolve(String(argv[++i]));
  else if (a === '--records') opts.records = Number(argv[++i]);
  else if (a === '--port') opts.port = Number(argv[++i]);
  else if (a === '--runs') opts.runs = Number(argv[++i]);
  else throw new Error(`unknown argument ${a}`);
}
if (!existsSync(join(opts.benchDist, 'index.html'))) throw new Error(`no bench build in ${opts.benchDist}`);
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

const work = await mkdtemp(join(os.tmpdir(), 'fieldbook-dedup-bench-'));
await cp(opts.benchDist, join(work, 'bench'), { recursive: true });
const server = await startStaticServer({
  port: opts.port,
  root: join(work, 'bench'),
  mounts: { '/bench/': join(work, 'bench') },
});
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: CHROMIUM_ARGS,
  headless: true,
});
try {
  for (let run = 0; run < opts.runs; run++) {
    const page = await browser.newPage();
    page.on('pageerror', (e) => console.error('page exception:', e.message));
    await page.goto(`http://127.0.0.1:${opts.port}/bench/`);
    const load = os.loadavg()[0];
    const r = await runDedupBench(page, { records: opts.records });
    console.log(JSON.stringify({ run, loadAverage: Number(load.toFixed(2)), ...r }));
    await page.close();
  }
} finally {
  await browser.close();
  server.close();
  await rm(work, { recursive: true, force: true });
}
