// A comparison helper thread (node): claims chunks of the scan's records from the shared counter,
// compares them over the shared rows and candidate stream, and posts each chunk's result to the
// scan (buffers transferred, not copied). Started by compare-threads.ts through compare-thread-boot.mjs.
import { workerData, type MessagePort } from 'node:worker_threads';
import { compareChunk, shardViews, type ShardData } from './compare-shard';
import { FIELDS } from './model';

const { data, port } = workerData as { data: ShardData; port: MessagePort };
const { rows, stream, nChunks } = shardViews(data);
const levels = new Uint8Array(FIELDS.length);
for (;;) {
  const c = Atomics.add(data.claim, 0, 1);
  if (c >= nChunks) break;
  const r = compareChunk(c, rows, stream, data.order, data.n, levels);
  port.postMessage(r, [r.ends.buffer, r.partners.buffer, r.codes.buffer]);
  Atomics.add(data.claim, 1, 1);
  Atomics.notify(data.claim, 1);
}
port.close();
