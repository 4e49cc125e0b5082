// Proves each layer rule in eslint.config.js fires: a fixture tree shaped like src/ holds one
// forbidden import per rule and allowed imports as controls, linted with the real config.
import { ESLint, type Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fixtures = fileURLToPath(new URL('./fixtures', import.meta.url));
const LAYER_RULES = new Set(['@typescript-eslint/no-restricted-imports', 'no-restricted-syntax']);

let results: Map<string, Linter.LintMessage[]>;

beforeAll(async () => {
  const eslint = new ESLint({
    // With an explicit config file the config's globs (src/features/** …) are matched against cwd,
    // so the fixture tree is linted as if it were src/.
    cwd: fixtures,
    overrideConfigFile: `${root}eslint.config.js`,
    // The fixtures import modules that do not exist and are outside tsconfig: no type information.
    overrideConfig: tseslint.configs.disableTypeChecked,
  });
  const linted = await eslint.lintFiles(['src/**/*.ts', 'src/**/*.svelte']);
  results = new Map(
    linted.map((r) => [
      r.filePath.slice(fixtures.length + 1),
      r.messages.filter((m) => m.fatal === true || LAYER_RULES.has(m.ruleId ?? '')),
    ]),
  );
}, 120_000);

const messagesOf = (file: string): string[] => {
  const messages = results.get(file);
  if (!messages) throw new Error(`${file} was not linted`);
  return messages.map((m) => m.message);
};

const WHY = '(docs/ARCHITECTURE.md, "Layers")';

describe('layer rules', () => {
  it.each([
    ['src/features/data-value.ts', 'features -> data: types only'],
    ['src/features/DataValue.svelte', 'features -> data: types only'],
    ['src/features/worker-internal.ts', 'features -> workers: client and contracts only'],
    ['src/features/rxdb.ts', 'rxdb only in data'],
    ['src/features/Subscribe.svelte', 'features never subscribe'],
    ['src/data/up-state.ts', 'data imports nothing above it'],
    ['src/data/up-workers.ts', 'data imports nothing above it'],
    ['src/data/up-features.ts', 'nothing imports features'],
    ['src/state/worker-internal.ts', 'state -> workers: client and contracts only'],
    ['src/ui/data.ts', 'ui is presentational'],
    ['src/ui/state.ts', 'ui is presentational'],
    ['src/ui/workers.ts', 'ui is presentational'],
    ['src/domain/lib.ts', 'domain is pure'],
  ])('%s is reported by "%s"', (file, rule) => {
    const messages = messagesOf(file);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain(`Layer rule "${rule}"`);
    expect(messages[0]).toContain(WHY);
  });

  it.each([
    'src/features/data-type.ts',
    'src/features/DataType.svelte',
    'src/features/worker-contract.ts',
    'src/features/worker-client.ts',
    'src/features/state.ts',
    'src/data/rxdb.ts',
    'src/data/lib.ts',
    'src/state/worker-client.ts',
    'src/state/data.ts',
    'src/ui/allowed.ts',
    'src/domain/allowed.ts',
  ])('%s is allowed', (file) => {
    expect(messagesOf(file)).toEqual([]);
  });
});
