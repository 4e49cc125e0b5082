// Builds the benchmark page (test/bench/page) in production mode into dist-bench/. scripts/serve.mjs
// serves it at /bench/ next to the app (same origin, so the app later opens the database the page
// filled). Production mode: `import.meta.env.DEV` is false, so RxDB dev-mode and validation stay out.
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  root: here('./page'),
  base: '/bench/',
  publicDir: false,
  mode: 'production',
  build: {
    outDir: here('../../dist-bench'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 4000,
  },
  // The dedup speed hook (page/dedup-bench.ts) starts the app's dedup worker, an ES module worker.
  worker: { format: 'es' },
  logLevel: 'warn',
});
