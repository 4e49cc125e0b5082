// jsdom lacks a few browser APIs the components use; give them minimal working stand-ins.
import { afterEach } from 'vitest';
import { cleanup } from '@testing-library/svelte';

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
