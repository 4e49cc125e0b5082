// jsdom lacks a few browser APIs the components use; give them minimal working stand-ins.
import { afterEach } from 'vitest';
import { cleanup } from '@testing-library/svelte';
import { i18n, loadCatalogue } from '../../src/i18n/i18n.svelte';

// The app loads the active language's catalogue before it mounts anything (start.ts); so do the tests.
await loadCatalogue(i18n.locale);

class ResizeObserverStandIn {
  constructor(private cb: ResizeObserverCallback) {}
  observe(): void {
    this.cb([], this);
  }
  unobserve(): void {}
  disconnect(): void {}
}
globalThis.ResizeObserver ??= ResizeObserverStandIn as unknown as typeof ResizeObserver;

afterEach(() => {
  cleanup();
  localStorage.clear();
});
