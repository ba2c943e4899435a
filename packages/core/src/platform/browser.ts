import type { Platform } from './platform.js';

// The few browser globals used here (the package compiles without the DOM lib).
interface BrowserWorker {
  postMessage(data: unknown): void;
  onerror: (() => void) | null;
  terminate(): void;
}
interface BrowserGlobals {
  crossOriginIsolated?: boolean;
  navigator?: { hardwareConcurrency?: number };
  WorkerGlobalScope?: unknown;
  Worker?: new (url: string) => BrowserWorker;
  Blob: new (parts: string[], options: { type: string }) => unknown;
  URL: { createObjectURL(blob: unknown): string };
  fetch(url: string): Promise<{ ok: boolean; status: number; statusText: string; arrayBuffer(): Promise<ArrayBuffer> }>;
}
const web = globalThis as unknown as BrowserGlobals;

/** Browsers: the kernels fetched asynchronously, threads from Web Workers over shared memory. */
export const platform: Platform = {
  name: 'browser',
  // Fetching is asynchronous (and browsers refuse to compile modules of more than a few KiB synchronously
  // on the main thread anyway).
  readKernelsSync: () => null,
  async readKernels(url) {
    const response = await web.fetch(url.href);
    if (!response.ok) throw new Error(`fetching the wasm kernels from ${url.href} failed: ${response.status} ${response.statusText}`);
    return new Uint8Array(await response.arrayBuffer());
  },
  hardwareThreads: () => web.navigator?.hardwareConcurrency ?? 1,
  threadsUnavailable() {
    if (!web.crossOriginIsolated) return 'the page is not cross-origin isolated (COOP/COEP headers), so wasm memory cannot be shared with workers';
    if (typeof web.Worker !== 'function') return 'Web Workers are not available here';
    // the calling thread waits for its workers with Atomics.wait, which a page's main thread may not do
    if (web.WorkerGlobalScope === undefined) return "the page's main thread may not block in Atomics.wait; run Rectify in a Web Worker to use threads";
    return null;
  },
  startWorker(body, data, onError) {
    const source = `onmessage = (event) => {\n  onmessage = null;\n  (function (data) {\n${body}\n  })(event.data);\n};`;
    const url = web.URL.createObjectURL(new web.Blob([source], { type: 'text/javascript' }));
    const worker = new web.Worker!(url);
    worker.onerror = onError;
    worker.postMessage(data);
    return worker;
  },
  env: () => undefined,
};
