// Ends the current main-thread task so input, rendering and other tasks run before the code after
// the await: how start-up, the Insights feed and the charts split work that would otherwise be one
// long task. scheduler.yield where the browser has it (continues ahead of other queued tasks, no
// 4 ms timer clamping), a 0 ms timer elsewhere.

interface Scheduler {
  yield(): Promise<void>;
}

export function nextTask(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: Scheduler }).scheduler;
  if (scheduler && typeof scheduler.yield === 'function') return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}
