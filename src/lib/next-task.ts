// Ending the current task so that input, rendering and other queued work run before the code
// after the await. Every layer uses these two (src/lib imports nothing, so data, state, features
// and workers may all import it).

interface Scheduler {
  yield(): Promise<void>;
}

/**
 * Ends the current task and continues as soon as the browser has handled input and rendering:
 * scheduler.yield where the browser has it (the continuation runs ahead of other queued tasks and
 * has no 4 ms timer clamping), a 0 ms timer elsewhere. For foreground work split into pieces
 * (start-up, the Insights feed, charts).
 */
export function nextTask(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: Scheduler }).scheduler;
  if (scheduler && typeof scheduler.yield === 'function') return scheduler.yield();
  return afterQueuedTasks();
}

/**
 * Ends the current task and continues only after every task already queued (a 0 ms timer). For
 * background work (derived-data followers, rebuilds, bulk loads, worker loops) that must let the
 * user's own writes and messages go first, and in workers, where a cancel message has to be
 * handled between two steps.
 */
export function afterQueuedTasks(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
