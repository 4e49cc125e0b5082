// `it` for a test that needs a capability not every server has: on a server that lacks it, the
// test is skipped and its title says what is missing and why (servers.ts), never faked.
import { it, type TestFunction } from 'vitest';
import type { Capability, ServerUnderTest } from './servers';

export function itNeeds(
  target: ServerUnderTest,
  capability: Capability,
): (name: string, fn: TestFunction, timeout?: number) => void {
  const missing = target.lacks[capability];
  if (!missing) return (name, fn, timeout) => it(name, fn, timeout);
  return (name, fn, timeout) => it.skip(`${name} — skipped on ${target.name}: ${missing}`, fn, timeout);
}
