// End-to-end tests: Playwright driving Debian's Chromium against the production build served by
// scripts/serve.mjs on 127.0.0.1 (run `vite build` first; `npm run test:e2e` does).
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from './chromium';

const PORT = Number(process.env.E2E_PORT ?? 4179);

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    browserName: 'chromium',
    launchOptions: { executablePath: chromiumPath(), args: CHROMIUM_ARGS },
    serviceWorkers: 'allow',
    locale: 'en-US',
    trace: 'off',
  },
  webServer: {
    command: `node ../../scripts/serve.mjs`,
    env: { PORT: String(PORT), ...(process.env.FIELDBOOK_DIST ? { FIELDBOOK_DIST: process.env.FIELDBOOK_DIST } : {}) },
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: false,
    timeout: 30_000,
  },
});
