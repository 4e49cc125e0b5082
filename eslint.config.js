// Lint also guards the architecture: only src/data may import rxdb, src/domain is pure.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import prettier from 'eslint-config-prettier';
import svelteConfig from './svelte.config.js';

const rxdbOnlyInData = {
  group: ['rxdb', 'rxdb/*', 'dexie', 'dexie/*'],
  message: 'Only src/data may import rxdb or dexie (docs/ARCHITECTURE.md, "Layers").',
};
const noFeatures = {
  group: ['**/features/*', '**/features'],
  message: 'Nothing imports features/.',
};

export default tseslint.config(
  { ignores: ['dist/', 'dist-*/', 'node_modules/', 'test-results/', 'playwright-report/', 'dev-dist/'] },
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
      'no-restricted-imports': ['error', { patterns: [rxdbOnlyInData, noFeatures] }],
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
    // Screens compose each other and App.svelte picks the screen (component tests render screens);
    // nothing below features/ may import them.
    files: ['src/features/**', 'src/App.svelte', 'test/component/**', 'test/e2e/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [rxdbOnlyInData] }] },
  },
  {
    // The data layer is the one place that talks to rxdb.
    files: ['src/data/**', 'test/data/**', 'test/sync/**', 'test/bench/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noFeatures] }] },
  },
  {
    // domain/ is pure: nothing from the rest of the app, no framework, no storage, no DOM state.
    // Only small pure libraries (phone metadata, pinyin dictionary) are allowed in.
    files: ['src/domain/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!\\./|libphonenumber-js(/|$)|pinyin-pro$)',
              message:
                'src/domain imports nothing outside itself (pure libraries libphonenumber-js and pinyin-pro excepted).',
            },
          ],
        },
      ],
    },
  },
  {
    // Workers get plain data; they never touch rxdb, data/, state/ or the UI.
    files: ['workers/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            rxdbOnlyInData,
            noFeatures,
            {
              group: ['**/src/data/*', '**/src/state/*', '**/src/ui/*', 'svelte', 'svelte/*'],
              message:
                'Workers receive plain data, never rxdb, src/data, src/state or the UI (docs/ARCHITECTURE.md, "Worker contracts").',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
