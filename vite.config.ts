import { defineConfig, type Plugin } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { VitePWA } from 'vite-plugin-pwa';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CONTENT_SECURITY_POLICY } from './scripts/csp.mjs';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const pkg = JSON.parse(readFileSync(here('./package.json'), 'utf8')) as { version: string };

/**
 * The production page carries its CSP as a <meta> tag too, so it holds wherever dist/ is served
 * (scripts/serve.mjs also sends it as a header). Dev mode has none: Vite's HMR needs inline code.
 */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'fieldbook-csp',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY },
        injectTo: 'head-prepend',
      },
    ],
  };
}

export default defineConfig({
  // index.html lives in src/ so the top level holds only the project layout (docs/ARCHITECTURE.md).
  root: here('./src'),
  publicDir: here('./public'),
  define: { __APP_VERSION__: JSON.stringify(pkg.version) },
  plugins: [
    svelte({ configFile: here('./svelte.config.js') }),
    contentSecurityPolicy(),
    VitePWA({
      // 'prompt': a new version waits until the user chooses to reload (drafts survive the reload).
      registerType: 'prompt',
      injectRegister: null,
      includeAssets: ['icons/apple-touch-icon-180.png'],
      manifest: {
        id: '/',
        name: 'Fieldbook — customers offline',
        short_name: 'Fieldbook',
        description: 'Offline-first customer database for field sales reps.',
        lang: 'en',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'any',
        theme_color: '#0f766e',
        background_color: '#ffffff',
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: 'icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,png,svg,webmanifest,woff2}'],
        // The first visit is controlled at once (offline works after one load); later versions wait
        // for the user's "Reload" (no skipWaiting) so nothing typed is lost mid-form.
        clientsClaim: true,
        navigateFallback: 'index.html',
        maximumFileSizeToCacheInBytes: 6 * 1024 * 1024,
        cleanupOutdatedCaches: true,
      },
    }),
  ],
  // FIELDBOOK_DIST: a separate output folder for parallel test runs (scripts/serve.mjs reads it too).
  build: {
    outDir: process.env.FIELDBOOK_DIST ?? here('./dist'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 2000,
  },
  worker: { format: 'es' },
  test: {
    root: here('.'),
    projects: [
      {
        root: here('.'),
        test: { name: 'unit', include: ['test/unit/**/*.test.ts', 'test/lint/**/*.test.ts'], environment: 'node' },
      },
      {
        root: here('.'),
        define: { 'import.meta.env.DEV': 'true' },
        test: {
          name: 'data',
          include: ['test/data/**/*.test.ts'],
          environment: 'node',
          setupFiles: ['test/data/setup.ts'],
          testTimeout: 30_000,
        },
      },
      {
        root: here('.'),
        plugins: [svelte()],
        define: { __APP_VERSION__: JSON.stringify(pkg.version) },
        resolve: { conditions: ['browser'] },
        test: {
          name: 'component',
          include: ['test/component/**/*.test.ts'],
          environment: 'jsdom',
          setupFiles: ['test/component/setup.ts'],
        },
      },
      {
        // Against a real CouchDB-compatible server each test file starts on 127.0.0.1 (scripts/sync-server.mjs).
        root: here('.'),
        test: {
          name: 'sync',
          include: ['test/sync/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
