// A test page (and the same script as a Web Worker) that runs the op table on a chosen backend and
// reports what it ran on. Bundled from the core's sources by the browser test.
import * as r from '../../../packages/core/src/index.js';
import { wasmLimits } from '../../../packages/core/src/backend/wasm/limits.js';
import { wasmContext } from '../../../packages/core/src/backend/wasm/context.js';
import { opResults, type OpResult } from '../op-results.js';

/** What a run reports besides the results. */
export interface OpsRun {
  isolated: boolean;
  inWorker: boolean;
  backendBeforeReady: string;
  backend: string;
  threads: number;
  /** Shares of split kernels that workers (not the calling thread) ran. */
  workerShares: number;
  results: OpResult[];
}

const scope = globalThis as unknown as {
  crossOriginIsolated?: boolean;
  WorkerGlobalScope?: unknown;
  onmessage: ((event: { data: { backend: string; threads: number } }) => void) | null;
  postMessage(data: unknown): void;
  rectifyOps?: unknown;
  Worker: new (url: URL, options: { type: 'module' }) => { onmessage: ((event: { data: unknown }) => void) | null; onerror: ((event: { message: string }) => void) | null; postMessage(data: unknown): void };
};

// `?noshared` stands in for a browser that gives WebAssembly no shared memory outside cross-origin isolation.
const location = (globalThis as unknown as { location: { search: string } }).location;
if (new URLSearchParams(location.search).has('noshared')) {
  const Memory = WebAssembly.Memory;
  (WebAssembly as unknown as { Memory: unknown }).Memory = function (descriptor: { initial: number; maximum?: number; shared?: boolean }) {
    if (descriptor.shared) throw new TypeError('WebAssembly.Memory: shared memory is disabled here');
    return new Memory(descriptor);
  };
}

async function run(backend: string, threads: number): Promise<OpsRun> {
  const backendBeforeReady = r.getBackendName();
  r.setWasmUrl('./kernels.wasm');
  await r.ready();
  r.setBackend(backend);
  if (backend === 'wasm') {
    // every kernel in wasm and split over threads, whatever its size
    Object.assign(wasmLimits, { matmulWork: 0, matmulRows: 0, elements: 0, threadWork: 0, sparseThreadWork: 0 });
    if (threads > 1) r.setNumThreads(threads);
    await r.ready(); // the workers start while this thread waits here
  }
  const results = opResults();
  const slots = ((wasmContext()?.pool as unknown as { slots?: Int32Array[] }) ?? {}).slots ?? [];
  const workerShares = slots.reduce((n, slot) => n + Atomics.load(slot, 2), 0); // DONE counts the jobs a worker finished
  return { isolated: scope.crossOriginIsolated === true, inWorker: scope.WorkerGlobalScope !== undefined, backendBeforeReady, backend: r.getBackendName(), threads: r.getNumThreads(), workerShares, results };
}

if (scope.WorkerGlobalScope !== undefined) {
  scope.onmessage = (event) => {
    run(event.data.backend, event.data.threads).then(scope.postMessage, (e: Error) => scope.postMessage({ error: e.message }));
  };
} else {
  scope.rectifyOps = {
    run,
    /** The same run inside a module Worker started from this script. */
    inWorker: (backend: string, threads: number) =>
      new Promise((resolve, reject) => {
        const worker = new scope.Worker(new URL('./ops.js', import.meta.url), { type: 'module' });
        worker.onmessage = (event) => resolve(event.data);
        worker.onerror = (event) => reject(new Error(event.message));
        worker.postMessage({ backend, threads });
      }),
    /** What ready() says when the kernels are not where it is told they are. */
    missingKernels: async () => {
      r.setWasmUrl('./no-such-kernels.wasm');
      const message = await r.ready().then(() => 'resolved', (e: Error) => e.message);
      return { message, backend: r.getBackendName() };
    },
    /** What setNumThreads says on this (main) thread. */
    threadsOnMainThread: async () => {
      r.setWasmUrl('./kernels.wasm');
      await r.ready();
      try {
        r.setNumThreads(2);
        return 'accepted';
      } catch (e) {
        return (e as Error).message;
      }
    },
  };
}
