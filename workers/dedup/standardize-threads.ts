// Node helper threads for the scan's standardize phase (the CLI and the benchmarks pass
// `standardizeThreads: nodeStandardizeThreads()`): the scan hands batches of input records to
// them and takes the standardized records back in hand-over order, so its own thread reads the
// input, fills the record rows and standardizes only the batches it cannot hand over. Standardizing
// is pure, so the records are the same whoever made them. The scan stays synchronous: it takes
// results with receiveMessageOnPort and blocks in Atomics.wait only when the oldest batch is not back.
import { availableParallelism } from 'node:os';
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type { DedupInput, StdRecord } from './standardize';
import type { StandardizeHelpers } from './engine';

/** Helpers next to the scan's own thread: one per further core (at least one). */
export function nodeStandardizeThreads(
  threads = Math.max(1, availableParallelism() - 1),
): (defaultRegion: string) => StandardizeHelpers {
  return (defaultRegion) => new NodeStandardizeHelpers(threads, defaultRegion);
}

const STALL_MS = 60_000;

class NodeStandardizeHelpers implements StandardizeHelpers {
  private readonly workers: Worker[] = [];
  private readonly ports: MessagePort[] = [];
  /** [1]: batches finished by any helper (the boot file bumps it on a failed start too). */
  private readonly done = new Int32Array(new SharedArrayBuffer(8));
  private posted = 0;
  private taken = 0;

  constructor(threads: number, defaultRegion: string) {
    for (let t = 0; t < threads; t++) {
      const { port1, port2 } = new MessageChannel();
      const worker = new Worker(new URL('./compare-thread-boot.mjs', import.meta.url), {
        workerData: {
          data: { claim: this.done },
          port: port2,
          defaultRegion,
          entry: new URL('./standardize-thread.ts', import.meta.url).href,
        },
        transferList: [port2],
      });
      worker.unref();
      this.workers.push(worker);
      this.ports.push(port1);
    }
  }

  get pending(): number {
    return this.posted - this.taken;
  }

  post(batch: DedupInput[]): void {
    // Batch t goes to helper t mod threads: each answers in order, so the oldest batch is always
    // the next message on one known port.
    (this.ports[this.posted % this.ports.length] as MessagePort).postMessage(batch);
    this.posted++;
  }

  next(wait: boolean): StdRecord[] | undefined {
    if (this.taken === this.posted) return undefined;
    const port = this.ports[this.taken % this.ports.length] as MessagePort;
    for (;;) {
      const seen = Atomics.load(this.done, 1);
      const m = receiveMessageOnPort(port)?.message as StdRecord[] | { error: string } | undefined;
      if (m !== undefined) {
        if (!Array.isArray(m)) throw new Error(`dedup standardize thread failed: ${m.error}`);
        this.taken++;
        return m;
      }
      if (!wait) return undefined;
      // A batch is a few hundred records (milliseconds): a minute without one means a helper died.
      if (Atomics.wait(this.done, 1, seen, STALL_MS) === 'timed-out')
        throw new Error(`dedup standardize thread stopped: no batch finished in ${STALL_MS / 1000} s`);
    }
  }

  close(): void {
    for (const port of this.ports) port.close();
    for (const worker of this.workers) void worker.terminate();
  }
}
