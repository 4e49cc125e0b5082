// A query to a worker (or any async source) that follows its inputs: whenever what `inputs` reads
// changes, the query runs again. Answers arrive out of order (a slow query for old inputs can
// finish after a fast one for new inputs), so only the answer to the latest run is kept. The last
// answer stays shown while the next one is computed, so a screen does not flash empty on each change.
import { untrack } from 'svelte';

export class WorkerQuery<I, T> {
  /** The answer to the latest inputs, or the previous answer while that one is still running. */
  value = $state.raw<T | null>(null);
  /** A run for the current inputs is under way. */
  loading = $state(false);
  /** Why the latest run failed (cleared by the next answer). */
  error = $state.raw<unknown>(null);
  #run = 0;
  readonly #stop: () => void;

  /**
   * @param inputs reads the reactive values the query depends on; null means "not yet" (nothing runs).
   * @param query runs untracked: what it reads does not re-trigger it.
   */
  constructor(inputs: () => I | null, query: (input: I) => Promise<T>) {
    this.#stop = $effect.root(() => {
      $effect(() => {
        const input = inputs();
        if (input === null) return;
        const run = ++this.#run;
        untrack(() => {
          this.loading = true;
          query(input).then(
            (value) => {
              if (run !== this.#run) return;
              this.value = value;
              this.error = null;
              this.loading = false;
            },
            (err: unknown) => {
              // Logged even when a newer run superseded it: a failing query is a bug to see.
              console.error(err);
              if (run !== this.#run) return;
              this.error = err;
              this.loading = false;
            },
          );
        });
      });
    });
  }

  destroy(): void {
    // Answers still on their way are dropped.
    this.#run++;
    this.#stop();
  }
}
