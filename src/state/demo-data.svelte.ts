// Loading generated demo customers from Settings: progress while it runs, and Cancel.
import type { FieldbookDatabase } from '../data/db/database';
import type { DemoProgress } from '../data/repos/demo';
import { keysWorker } from '../../workers/client';

export type { DemoProgress };

export class DemoDataState {
  progress = $state<{ done: number; total: number } | null>(null);
  running = $state(false);
  #abort: AbortController | null = null;

  constructor(private readonly db: FieldbookDatabase) {}

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
        signal: abort.signal,
        onProgress: (p) => (this.progress = p),
        // Search keys (pinyin, phone parsing) are derived in the search-key worker.
        deriveKeys: (rows) => keysWorker().searchKeys(rows),
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
