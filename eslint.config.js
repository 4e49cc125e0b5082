// Lint also guards the architecture (docs/ARCHITECTURE.md, "Layers"): screens read and write through
// src/state, only src/data imports rxdb, src/domain is pure, workers are reached through their contracts.
// test/lint/layers.test.ts proves each rule fires.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import prettier from 'eslint-config-prettier';
import svelteConfig from './svelte.config.js';

// Each message names its rule and where the rule is explained. The layer rules use the
// typescript-eslint variant of no-restricted-imports: it can let `import type` through (types cost
// nothing at run time and keep the layers' vocabularies shared).
const WHY = '(docs/ARCHITECTURE.md, "Layers")';
const rxdbOnlyInData = {
  group: ['rxdb', 'rxdb/*', 'dexie', 'dexie/*'],
  message: `Layer rule "rxdb only in data": only src/data may import rxdb or dexie ${WHY}.`,
};
const noFeatures = {
  group: ['**/features/*', '**/features'],
  message: `Layer rule "nothing imports features": only Root.svelte, App.svelte, other screens and tests import src/features ${WHY}.`,
};
/** Workers are reached through workers/client and their contract modules, never their internals. */
const WORKER_INTERNALS =
  '(^|/)workers/(?!(client|dedup/contract|stats/contract|import/contract|export/contract)(\\.[jt]s)?$)';
const featuresData = {
  regex: '(^|/)data(/|$)',
  allowTypeImports: true,
  message: `Layer rule "features -> data: types only": screens use \`import type\` from src/data; reads and writes go through a src/state class ${WHY}.`,
};
const featuresWorkers = {
  regex: WORKER_INTERNALS,
  message: `Layer rule "features -> workers: client and contracts only": import workers/client or workers/<name>/contract, never a worker's internals ${WHY}.`,
};
const stateWorkers = {
  regex: WORKER_INTERNALS,
  message: `Layer rule "state -> workers: client and contracts only": import workers/client or workers/<name>/contract, never a worker's internals ${WHY}.`,
};
const dataUp = {
  // (src/features is covered by noFeatures, which applies here too.)
  regex: '(^|/)(state|workers)(/|$)',
  message: `Layer rule "data imports nothing above it": src/data never imports src/state or workers/ ${WHY}.`,
};
const uiApp = {
  regex: '(^|/)(data|state|workers)(/|$)',
  message: `Layer rule "ui is presentational": src/ui never imports src/data, src/state or workers/; it gets data through props ${WHY}.`,
};
const domainPure = {
  regex: '^(?!\\./|libphonenumber-js(/|$)|pinyin-pro$)',
  message: `Layer rule "domain is pure": src/domain imports nothing outside itself (pure libraries libphonenumber-js and pinyin-pro excepted) ${WHY}.`,
};
const workersPlain = {
  group: ['**/src/data/*', '**/src/state/*', '**/src/ui/*', 'svelte', 'svelte/*'],
  message:
    'Layer rule "workers get plain data": workers never import rxdb, src/data, src/state or the UI (docs/ARCHITECTURE.md, "Worker contracts").',
};
const restrict = (...patterns) => ({
  'no-restricted-imports': 'off',
  '@typescript-eslint/no-restricted-imports': ['error', { patterns }],
});

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'dist-*/',
      'node_modules/',
      'test-results/',
      'playwright-report/',
      'dev-dist/',
      'test/lint/fixtures/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  ...svelte.configs.recommended,
  prettier,
  ...svelte.configs.prettier,
  {
    languageOptions: {
      globals: { ...globals.browser, ...globals.node, __APP_VERSION__: 'readonly' },
      parserOptions: {
        projectService: true,
        extraFileExtensions: ['.svelte'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      ...restrict(rxdbOnlyInData, noFeatures),
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      parserOptions: { parser: tseslint.parser, svelteConfig },
    },
  },
  {
    // typescript-eslint cannot see the types of Svelte components and template expressions (it
    // reports them as `any`); svelte-check type-checks .svelte files strictly instead (npm run check).
    files: ['**/*.svelte'],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-redundant-type-constituents': 'off',
    },
  },
  {
    // Root.svelte (lock screen or app) and App.svelte pick the screen; component/e2e tests render screens.
    files: ['src/Root.svelte', 'src/App.svelte', 'test/component/**', 'test/e2e/**'],
    rules: restrict(rxdbOnlyInData),
  },
  {
    // Screens compose each other; they read and write through src/state and never subscribe to
    // observables themselves (a state class turns a stream into runes and ends it in destroy()).
    files: ['src/features/**'],
    rules: {
      ...restrict(rxdbOnlyInData, featuresData, featuresWorkers),
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='subscribe']",
          message: `Layer rule "features never subscribe": a src/state class subscribes and exposes runes ${WHY}.`,
        },
      ],
    },
  },
  {
    // The data layer is the one place that talks to rxdb, and it knows nothing of the layers above it.
    files: ['src/data/**'],
    rules: restrict(noFeatures, dataUp),
  },
  {
    files: ['test/data/**', 'test/sync/**', 'test/bench/**'],
    rules: restrict(noFeatures),
  },
  {
    files: ['src/state/**'],
    rules: restrict(rxdbOnlyInData, noFeatures, stateWorkers),
  },
  {
    files: ['src/ui/**'],
    rules: restrict(rxdbOnlyInData, noFeatures, uiApp),
  },
  {
    // domain/ is pure: nothing from the rest of the app, no framework, no storage, no DOM state.
    // Only small pure libraries (phone metadata, pinyin dictionary) are allowed in.
    files: ['src/domain/**'],
    rules: restrict(domainPure),
  },
  {
    // Workers get plain data; they never touch rxdb, data/, state/ or the UI.
    files: ['workers/**'],
    rules: restrict(rxdbOnlyInData, noFeatures, workersPlain),
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
