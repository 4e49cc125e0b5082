// Dedup speed in headless Chromium alone, for iterating on the engine: serves a bench
// build (test/bench/vite.config.ts; `--bench-dist DIR`, default dist-bench) at /bench/ and runs
// only the dedup phase of `run.mjs` (page/dedup-bench.ts: index load, full scan in the worker,
// live-check latency, quality report). Prints the figures as JSON; writes nothing.
// `--scale`: the issue-16 scale run instead (page/dedup-scale-bench.ts: seed 7 records handed to
// the worker in batches and scanned once — time, peak worker/page JS heap, long tasks, progress,
// a cancel, P/R/F1); `--results FILE` appends its JSON line to FILE; `--feed objects` posts the
// generated objects in batches instead of the default JSON text batches (page/dedup-scale-bench.ts).
//   npx vite build -c test/bench/vite.config.ts --outDir /work/main/dist-bench-dedup --emptyOutDir
//   node test/bench/dedup-chromium.mjs --bench-dist dist-bench-dedup --records 100000 --port 4312 [--runs 2]
//   node test/bench/dedup-chromium.mjs --bench-dist dist-bench-dedup --scale --records 1000000 --port 4312
import { chromium } from '@playwright/test';
import { appendFileSync, existsSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startStaticServer } from '../../scripts/serve.mjs';
import { runDedupBench } from './dedup-run.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const opts = {
  benchDist: here('../../dist-bench'),
  records: 100_000,
  port: 4312,
  runs: 1,
  scale: false,
  results: '',
  feed: 'json',
};
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === '--bench-dist') opts.benchDist = resolve(String(argv[++i]));
  else if (a === '--records') opts.records = Number(argv[++i]);
  else if (a === '--port') opts.port = Number(argv[++i]);
  else if (a === '--runs') opts.runs = Number(argv[++i]);
  else if (a === '--scale') opts.scale = true;
  else if (a === '--results') opts.results = resolve(String(argv[++i]));
  else if (a === '--feed') opts.feed = String(argv[++i]);
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
  '--enable-precise-memory-info',
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
/**
 * Peak JS heap of every dedicated worker while `fn` runs, through the DevTools protocol
 * (performance.memory does not exist in workers): the browser target lists the workers, each is
 * attached (non-flat session) and asked Runtime.getHeapUsage about every 250 ms.
 */
async function withWorkerHeap(fn) {
  const cdp = await browser.newBrowserCDPSession();
  const sessions = new Map(); // targetId → sessionId
  const pending = new Map(); // message id → resolve
  let nextId = 1;
  let peak = 0;
  cdp.on('Target.receivedMessageFromTarget', ({ message }) => {
    const m = JSON.parse(message);
    pending.get(m.id)?.(m.result);
    pending.delete(m.id);
  });
  const ask = (sessionId, method) =>
    new Promise((res) => {
      const id = nextId++;
      pending.set(id, res);
      void cdp
        .send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method }) })
        .catch(() => res(undefined));
    });
  let running = true;
  const poll = (async () => {
    while (running) {
      try {
        const { targetInfos } = await cdp.send('Target.getTargets');
        for (const t of targetInfos) {
          if (t.type !== 'worker' || sessions.has(t.targetId)) continue;
          const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: t.targetId, flatten: false });
          sessions.set(t.targetId, sessionId);
        }
        for (const [targetId, sessionId] of sessions) {
          if (!targetInfos.some((t) => t.targetId === targetId)) {
            sessions.delete(targetId);
            continue;
          }
          const r = await Promise.race([
            ask(sessionId, 'Runtime.getHeapUsage'),
            new Promise((res) => setTimeout(res, 2000)),
          ]);
          if (r?.usedSize !== undefined) peak = Math.max(peak, r.usedSize);
        }
      } catch {
        // a worker ended between the calls
      }
      await new Promise((res) => setTimeout(res, 250));
    }
  })();
  try {
    const result = await fn();
    return { ...result, peakWorkerHeapMB: peak > 0 ? Math.round(peak / 1e6) : null };
  } finally {
    running = false;
    await poll;
    await cdp.detach();
  }
}

try {
  for (let run = 0; run < opts.runs; run++) {
    const page = await browser.newPage();
    page.on('pageerror', (e) => console.error('page exception:', e.message));
    await page.goto(`http://127.0.0.1:${opts.port}/bench/`);
    const load = os.loadavg()[0];
    if (opts.scale) await page.waitForFunction(() => !!window.fieldbookDedupScaleBench);
    const r = opts.scale
      ? await withWorkerHeap(() =>
          page.evaluate(({ records, feed }) => window.fieldbookDedupScaleBench.run({ records, feed }), {
            records: opts.records,
            feed: opts.feed,
          }),
        )
      : await runDedupBench(page, { records: opts.records });
    const line = JSON.stringify({
      run,
      at: new Date().toISOString(),
      loadAverage: [Number(load.toFixed(2)), Number(os.loadavg()[0].toFixed(2))],
      ...r,
    });
    console.log(line);
    if (opts.results) appendFileSync(opts.results, `${line}\n`);
    await page.close();
  }
} finally {
  await browser.close();
  server.close();
  await rm(work, { recursive: true, force: true });
}
