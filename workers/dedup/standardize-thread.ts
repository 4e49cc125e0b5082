// A standardize helper thread (node): standardizes each batch of input records the scan posts and
// posts the records back in the same order. Started by standardize-threads.ts through
// compare-thread-boot.mjs (which registers tsx's loader).
import { workerData, type MessagePort } from 'node:worker_threads';
import { standardize, type DedupInput } from './standardize';

const { data, port, defaultRegion } = workerData as {
  data: { claim: Int32Array };
  port: MessagePort;
  defaultRegion: string;
};
port.on('message', (batch: DedupInput[]) => {
  try {
    port.postMessage(batch.map((r) => standardize(r, defaultRegion)));
  } catch (e) {
    port.postMessage({ error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
  Atomics.add(data.claim, 1, 1);
  Atomics.notify(data.claim, 1);
});
