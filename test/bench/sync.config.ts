// Runs the sync benchmark (test/bench/sync.run.ts) with the app's data code as the production build
// has it (no dev-mode, no validating storage): `npx vitest run -c test/bench/sync.config.ts`.
// Sizes: SYNC_BENCH_SIZES=10000,100000 (default 10000).
import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['test/bench/sync.run.ts'],
    environment: 'node',
    testTimeout: 30 * 60_000,
    hookTimeout: 60_000,
    reporters: ['default'],
  },
});
