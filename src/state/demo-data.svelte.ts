// Loading generated demo customers from Settings (progress while it runs, and Cancel), and removing them again.
import type { FieldbookDatabase } from '../data/db/database';
import type { DemoProgress } from '../data/repos/demo';
import type { DemoRemoval } from '../data/repos/demo-remove';
import { keysWorker } from '../../workers/client';

export type { DemoProgress, DemoRemoval };

export class DemoDataState {
  progress = $state<{ done: number; total: number } | null>(null);
  running = $state(false);
  /** Demo customers removed so far by `remove()`. */
  removed = $state(0);
  #abort: AbortController | null = null;

  /** `owner`: who loads the data (the signed-in rep, else the device); the demo customers are theirs. */
  constructor(
    private readonly db: FieldbookDatabase,
    private readonly owner: () => string = () => '',
  ) {}

  /** Loads `count` customers (clamped to 1…100 000); rejects when it fails or is cancelled. */
  async load(count: number): Promise<DemoProgress> {
    const n = Math.min(100_000, Math.max(1, count));
    const abort = new AbortController();
    this.#abort = abort;
    this.running = true;
    this.progress = { done: 0, total: n };
    try {
      // The demo generator and its name tables load only when asked for (not on a first visit).
      const { loadDemoData } = await import('../data/repos/demo');
      return await loadDemoData(this.db, {
        count: n,
        ownerId: this.owner(),
        signal: abort.signal,
        onProgress: (p) => (this.progress = p),
        // Chunks are generated and keyed (pinyin, phone parsing) in the search-key worker.
        makeChunk: (chunk) => keysWorker().demoChunk(chunk),
      });
    } finally {
      this.#abort = null;
      this.running = false;
    }
  }

  /** Removes what the demo loader created (data/repos/demo-remove.ts); rejects when it fails. */
  async remove(): Promise<DemoRemoval> {
    const abort = new AbortController();
    this.#abort = abort;
    this.running = true;
    this.progress = null;
    try {
      const { removeDemoData } = await import('../data/repos/demo-remove');
      return await removeDemoData(this.db, {
        signal: abort.signal,
        onProgress: (done) => (this.removed = done),
      });
    } finally {
      this.#abort = null;
      this.running = false;
    }
  }

  cancel(): void {
    this.#abort?.abort();
  }

  destroy(): void {
    this.cancel();
  }
}
