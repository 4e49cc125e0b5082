// Entry of a dedup helper thread (compare-threads.ts, standardize-threads.ts): registers tsx's
// loader so the thread can import the TypeScript engine, then runs the entry it is given
// (compare-thread.ts, standardize-thread.ts). A failure is posted to the scan (which is blocked in
// Atomics.wait, not in the event loop, so it would not see an 'error' event).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

try {
  register();
  await import(workerData.entry);
} catch (e) {
  workerData.port.postMessage({ error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  Atomics.add(workerData.data.claim, 1, 1);
  Atomics.notify(workerData.data.claim, 1);
}
