// Builds the protection benchmark page (test/bench/protect-page) in production mode into
// dist-bench-protect/ (served at /bench-protect/ by protect-run.mjs); FIELDBOOK_BENCH_DIST picks
// another folder (parallel runs must not share one).
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  root: here('./protect-page'),
  base: '/bench-protect/',
  publicDir: false,
  mode: 'production',
  build: {
    outDir: process.env.FIELDBOOK_BENCH_DIST ?? here('../../dist-bench-protect'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 4000,
  },
  worker: { format: 'es' },
  logLevel: 'warn',
});
