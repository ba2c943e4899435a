import { platform } from '#platform';
import { unsharedKernels } from './unshared.js';

/** The exports of the kernels compiled from packages/core/assembly (pointers are byte offsets). */
export interface KernelExports {
  heapBase(): number;
  gemmPackB(b: number, transB: number, k: number, n: number, out: number): void;
  gemv(a: number, transA: number, b: number, transB: number, c: number, m: number, n: number, k: number): void;
  gemmRows(a: number, transA: number, packedB: number, c: number, m: number, n: number, k: number, i0: number, i1: number, scratch: number, skipZeros: number): void;
  allFinite(p: number, n: number): number;
  sparseRows(a: number, transA: number, m: number, k: number, stride: number, starts: number, offsets: number, vals: number, scratch: number): number;
  sparseScratchBytes(m: number, k: number): number;
  spmmRows(starts: number, offsets: number, vals: number, b: number, c: number, n: number, r0: number, r1: number, panel: number): void;
  gemmScratchBytes(): number;
  im2col(x: number, info: number, cols: number, adjoint: number): void;
  pool2d(x: number, info: number, out: number, mode: number): void;
  scatterAdd(dst: number, length: number, src: number, indices: number, n: number): void;
  maxPool2d(x: number, info: number, values: number, indices: number, bias: number): void;
  depthwiseConv2d(a: number, b: number, out: number, info: number, mode: number): void;
  depthwiseForwardRows(x: number, w: number, y: number, info: number, r0: number, r1: number): void;
  unary(op: number, x: number, out: number, n: number): void;
  binary(op: number, a: number, aLen: number, b: number, bLen: number, out: number, n: number): void;
  reluGradBias(dy: number, y: number, rows: number, channels: number, dz: number, dbias: number, sums: number): void;
  reduce(op: number, x: number, outer: number, red: number, inner: number, out: number, sums: number): void;
  softmax(x: number, rows: number, cols: number, log: number, out: number): void;
  boundedRelu(x: number, n: number, cap: number, out: number): void;
  scaleShift(x: number, n: number, scale: number, shift: number, channels: number, lo: number, hi: number, out: number): void;
  adam(p: number, g: number, m: number, v: number, n: number, alpha: number, beta1: number, beta2: number, epsilon: number): void;
  /** Any export by name (the thread pool dispatches by name). */
  [name: string]: unknown;
}

/** The compiled kernels and the one memory every thread runs them on. */
export interface WasmModule {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  exports: KernelExports;
  /** Whether the memory is shared (else the kernels run on the calling thread only). */
  shared: boolean;
}

// The declared maximum of the memory import (pages of 64 KiB: 4 GiB); shared memory must declare one.
export const MAX_PAGES = 65536;

// src/backend/wasm and dist/backend/wasm are both three levels below the package root. A literal
// `new URL(…, import.meta.url)`, so bundlers such as Vite copy the file along.
let kernelsUrl = new URL('../../../wasm/kernels.wasm', import.meta.url);

/**
 * Where the browser fetches the wasm kernels from (`kernels.wasm` in the package's `wasm` folder), for
 * bundlers that do not copy it next to the bundle by themselves. Call it before `ready()`.
 * @example setWasmUrl('/assets/kernels.wasm'); await ready();
 */
export function setWasmUrl(url: string | URL): void {
  const base = (globalThis as { location?: { href: string } }).location?.href ?? import.meta.url;
  try {
    kernelsUrl = new URL(url, base);
  } catch {
    throw new Error(`setWasmUrl: expected a URL (absolute, or relative to the page), got ${JSON.stringify(String(url))}`);
  }
}

/** Whether WebAssembly memory can be shared here (some browsers allow it only in cross-origin isolated pages). */
function sharedMemoryAvailable(): boolean {
  try {
    new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
    return true;
  } catch {
    return false;
  }
}

/** Compiles the kernels (built by `pnpm build`) now; null where the platform only loads them asynchronously. Throws if unavailable. */
export function loadWasmModule(): WasmModule | null {
  const bytes = platform.readKernelsSync(kernelsUrl);
  if (!bytes) return null;
  const shared = sharedMemoryAvailable();
  return instantiate(new WebAssembly.Module(shared ? bytes : unsharedKernels(bytes)), shared);
}

/** Compiles the kernels asynchronously (fetched in a browser). Throws if unavailable. */
export async function loadWasmModuleAsync(): Promise<WasmModule> {
  const bytes = await platform.readKernels(kernelsUrl);
  const shared = sharedMemoryAvailable();
  return instantiate(await WebAssembly.compile(shared ? bytes : unsharedKernels(bytes)), shared);
}

/** An instance of the kernels with a memory of its own (shared, unless the module was compiled unshared). */
export function instantiate(module: WebAssembly.Module, shared = true): WasmModule {
  const memory = new WebAssembly.Memory({ initial: 64, maximum: MAX_PAGES, shared });
  const exports = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as KernelExports;
  return { module, memory, exports, shared };
}
