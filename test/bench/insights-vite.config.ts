// Builds the Insights benchmark page (test/bench/insights-page) in production mode into
// dist-bench-insights/ (served at /bench-insights/ next to the app by insights-run.mjs);
// FIELDBOOK_BENCH_DIST picks another folder (parallel runs must not share one).
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  root: here('./insights-page'),
  base: '/bench-insights/',
  publicDir: false,
  mode: 'production',
  build: {
    outDir: process.env.FIELDBOOK_BENCH_DIST ?? here('../../dist-bench-insights'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 4000,
  },
  worker: { format: 'es' },
  logLevel: 'warn',
});
