// Node helper threads for the dedup scan's comparison phase (the CLI and the benchmarks pass
// `compareThreads: nodeCompareThreads()`): worker_threads over SharedArrayBuffer, so the record
// rows, the string pool and the candidate stream exist once whatever the thread count. The scan
// stays synchronous: it takes results with receiveMessageOnPort and blocks in Atomics.wait when the
// chunk it must merge next is still being compared by a helper.
import { availableParallelism } from 'node:os';
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type { ChunkResult, CompareHelpers, ShardData } from './compare-shard';

/** Helpers next to the scan's own thread: one per further core (at least one). */
export function nodeCompareThreads(threads = Math.max(1, availableParallelism() - 1)): () => CompareHelpers {
  return () => new NodeCompareHelpers(threads);
}

const STALL_MS = 60_000;

class NodeCompareHelpers implements CompareHelpers {
  private readonly workers: Worker[] = [];
  private readonly ports: MessagePort[] = [];
  private claim: Int32Array = new Int32Array(2);

  constructor(private readonly threads: number) {}

  alloc(bytes: number): SharedArrayBuffer {
    return new SharedArrayBuffer(bytes);
  }

  start(data: ShardData): void {
    this.claim = data.claim;
    for (let t = 0; t < this.threads; t++) {
      const { port1, port2 } = new MessageChannel();
      const worker = new Worker(new URL('./compare-thread-boot.mjs', import.meta.url), {
        workerData: { data, port: port2, entry: new URL('./compare-thread.ts', import.meta.url).href },
        transferList: [port2],
      });
      worker.unref();
      this.workers.push(worker);
      this.ports.push(port1);
    }
  }

  next(wait: boolean): ChunkResult | undefined {
    for (;;) {
      const seen = Atomics.load(this.claim, 1);
      for (const port of this.ports) {
        const m = receiveMessageOnPort(port)?.message as ChunkResult | { error: string } | undefined;
        if (m === undefined) continue;
        if ('error' in m) throw new Error(`dedup comparison thread failed: ${m.error}`);
        return m;
      }
      if (!wait) return undefined;
      // A chunk is ~2,000 records (well under a second even on a loaded machine): a minute with no
      // result posted means a helper died without a word (killed, out of memory). Fail, not hang.
      if (Atomics.wait(this.claim, 1, seen, STALL_MS) === 'timed-out')
        throw new Error(`dedup comparison thread stopped: no chunk finished in ${STALL_MS / 1000} s`);
    }
  }

  close(): void {
    for (const port of this.ports) port.close();
    for (const worker of this.workers) void worker.terminate();
  }
}
