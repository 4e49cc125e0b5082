// Every runtime dependency in package.json has a row in the README's "Runtime dependencies" table at
// the same version (why it is there, and its advisory status on the day it was checked), so adding
// or upgrading one without reviewing it fails here.
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';

const read = (path: string): string => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

/** package → { version, why, advisories } from the rows between the runtime-deps markers. */
function readmeRows(): Map<string, { version: string; why: string; advisories: string }> {
  const readme = read('README.md');
  const start = readme.indexOf('<!-- runtime-deps:start -->');
  const end = readme.indexOf('<!-- runtime-deps:end -->');
  expect(start, 'README runtime-deps markers').toBeGreaterThan(-1);
  expect(end).toBeGreaterThan(start);
  const rows = readme
    .slice(start, end)
    .split('\n')
    .filter((l) => l.startsWith('|'))
    .slice(2);
  return new Map(
    rows.map((line) => {
      const [name = '', version = '', why = '', advisories = ''] = line
        .slice(1, -1)
        .split('|')
        .map((c) => c.trim());
      return [name, { version, why, advisories }];
    }),
  );
}

test('every runtime dependency has a README row at its version, with a reason and an advisory status', () => {
  const pkg = JSON.parse(read('package.json')) as { dependencies?: Record<string, string> };
  const deps = pkg.dependencies ?? {};
  const rows = readmeRows();
  expect([...rows.keys()].sort()).toEqual(Object.keys(deps).sort());
  for (const [name, version] of Object.entries(deps)) {
    const row = rows.get(name);
    expect(row?.version, `${name}: README lists another version than package.json`).toBe(version);
    expect(row?.why.length, `${name}: why it is there`).toBeGreaterThan(5);
    expect(row?.advisories.length, `${name}: advisory status`).toBeGreaterThan(3);
  }
});
