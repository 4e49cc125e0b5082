// First-visit JavaScript: what a browser with nothing cached downloads before the customer list shows
// its first rows (or the empty list), and by the time the network is idle. Headless Debian Chromium
// against the production build (scripts/serve.mjs), service workers blocked so every chunk comes from
// the network and the service worker's precache download is not counted.
// Usage (after `vite build`): node test/bench/first-visit.mjs [--port P] [--dist DIR] [--results FILE]
// Sizes are the gzip (level 9, as a static server would send them) of each JS response body; the
// server sends them uncompressed, so they are compressed here with zlib.
import { chromium } from '@playwright/test';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { startStaticServer } from '../../scripts/serve.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));

function parseArgs(argv) {
  const opts = {
    port: Number(process.env.PORT ?? 4191),
    dist: resolve(process.env.FIELDBOOK_DIST ?? here('../../dist')),
    results: here('./first-visit-results.json'),
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--port') opts.port = Number(argv[++i]);
    else if (arg === '--dist') opts.dist = resolve(String(argv[++i]));
    else if (arg === '--results') opts.results = resolve(String(argv[++i]));
    else if (arg === '--help' || arg === '-h') {
      console.log('node test/bench/first-visit.mjs [--port P] [--dist DIR] [--results FILE]');
      process.exit(0);
    } else throw new Error(`unknown argument ${arg} (try --help)`);
  }
  return opts;
}

// Same lookup and flags as test/e2e/chromium.ts (that file is TypeScript; this script is plain Node).
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
function chromiumPath() {
  const found = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
    (p) => p && existsSync(p),
  );
  if (!found) throw new Error('No Chromium found: install Debian\'s "chromium" or set CHROMIUM_PATH.');
  return found;
}

/** "assets/pinyin-pro-AbC123.js" → "pinyin-pro" (the hash changes with every build; the name does not). */
function chunkName(url) {
  const file = new URL(url).pathname.split('/').pop() ?? url;
  return file.replace(/-[\w-]{8}\.js$/, '').replace(/\.js$/, '');
}

// kB = 1000 bytes, as the build output prints them.
const ROWS_SELECTOR = '[aria-label="Customer list"] a, .list-pane .empty';

const kb = (bytes) => (bytes / 1000).toFixed(1);

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (!existsSync(resolve(opts.dist, 'index.html'))) throw new Error(`${opts.dist} has no build: run \`vite build\``);
  const server = await startStaticServer({ port: opts.port, root: opts.dist });
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({ serviceWorkers: 'block', locale: 'en-US' });
    const page = await context.newPage();
    // The moment the first rows (or the empty list's text, on a fresh profile) are in the page,
    // taken in the page itself so it compares exactly with the resource timings below.
    await page.addInitScript((selector) => {
      const observer = new MutationObserver(() => {
        if (document.querySelector(selector)) {
          globalThis.__firstRowsAt = performance.now();
          observer.disconnect();
        }
      });
      observer.observe(document, { childList: true, subtree: true });
      // Main-thread tasks over 50 ms until idle (start-up is staged to have none).
      globalThis.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) globalThis.__longTasks.push(Math.round(e.duration));
      }).observe({ type: 'longtask', buffered: true });
    }, ROWS_SELECTOR);
    const bodies = new Map();
    const pending = [];
    page.on('response', (response) => {
      const url = response.url();
      if (!new URL(url).pathname.endsWith('.js')) return;
      pending.push(response.body().then((body) => bodies.set(url, body)));
    });
    await page.goto(`http://127.0.0.1:${opts.port}/`);
    await page.locator(ROWS_SELECTOR).first().waitFor({ timeout: 30_000 });
    await page.waitForLoadState('networkidle');
    // A quiet period more: loads scheduled after the first rows start a task or an idle period later.
    await page.waitForTimeout(2000);
    await page.waitForLoadState('networkidle');
    await Promise.all(pending);
    const timing = await page.evaluate(() => ({
      firstRowsAt: globalThis.__firstRowsAt ?? Number.MAX_VALUE,
      longTasks: globalThis.__longTasks ?? [],
      resources: performance.getEntriesByType('resource').map((e) => ({ url: e.name, responseEnd: e.responseEnd })),
    }));
    await context.close();
    const rowsMs = Math.round(timing.firstRowsAt);
    const chunks = [...bodies].map(([url, body]) => {
      const entry = timing.resources.find((r) => r.url === url);
      return {
        url,
        name: chunkName(url),
        raw: body.length,
        gzip: gzipSync(body, { level: 9 }).length,
        // Downloaded completely before the first rows were in the page.
        beforeRows: entry !== undefined && entry.responseEnd <= timing.firstRowsAt,
      };
    });

    chunks.sort((a, b) => Number(b.beforeRows) - Number(a.beforeRows) || b.gzip - a.gzip);
    const sum = (list, k) => list.reduce((s, c) => s + c[k], 0);
    const before = chunks.filter((c) => c.beforeRows);
    const results = {
      measuredAt: new Date().toISOString(),
      note: 'gzip -9 of each JS response body; service workers blocked; fresh profile (empty database)',
      firstRowsMsAfterNavigation: rowsMs,
      longTasksMs: timing.longTasks,
      beforeFirstRows: { chunks: before.length, rawBytes: sum(before, 'raw'), gzipBytes: sum(before, 'gzip') },
      atIdle: { chunks: chunks.length, rawBytes: sum(chunks, 'raw'), gzipBytes: sum(chunks, 'gzip') },
      chunks: chunks.map(({ name, raw, gzip, beforeRows }) => ({ name, rawBytes: raw, gzipBytes: gzip, beforeRows })),
    };
    await writeFile(opts.results, `${JSON.stringify(results, null, 2)}\n`);

    const rows = [['chunk', 'gzip kB', 'raw kB', 'when']];
    for (const c of chunks) rows.push([c.name, kb(c.gzip), kb(c.raw), c.beforeRows ? 'before rows' : 'after rows']);
    rows.push([
      'total before first rows',
      kb(results.beforeFirstRows.gzipBytes),
      kb(results.beforeFirstRows.rawBytes),
      '',
    ]);
    rows.push(['total at idle', kb(results.atIdle.gzipBytes), kb(results.atIdle.rawBytes), '']);
    const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
    console.log('First visit (JS, gzip):');
    for (const r of rows)
      console.log(
        r.map((cell, i) => (i === 0 || i === 3 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  '),
      );
    console.log(`First rows ${rowsMs} ms after navigation start. Written to ${opts.results}`);
    console.log(
      `Main-thread tasks over 50 ms until idle: ${timing.longTasks.length ? timing.longTasks.join(', ') + ' ms' : 'none'}`,
    );
  } finally {
    await browser.close();
    server.close();
  }
}

await main();
