import type { Backend } from '../backend.js';
import { jsBackend } from '../js/index.js';
import { wasmContext } from './context.js';
import { wasmMatmul } from './matmul.js';

/**
 * The WebAssembly SIMD backend: float32 kernels compiled from packages/core/assembly, large ones split
 * across worker threads over one shared memory. float64 and tiny operands run the JS reference kernels,
 * which are faster there than a copy into wasm memory. Null where WebAssembly SIMD or shared memory is unavailable.
 */
export function createWasmBackend(): Backend | null {
  const ctx = wasmContext();
  if (!ctx) return null;
  return {
    ...jsBackend,
    name: 'wasm',
    matmul: (a, b, info) => wasmMatmul(ctx, a, b, info),
  };
}

/** Threads the wasm kernels use (the calling thread included). */
export function setNumThreads(n: number): void {
  const ctx = wasmContext();
  if (!ctx) throw new Error(`setNumThreads: the wasm backend is not available here, so kernels run on one thread`);
  ctx.pool.resize(n);
}

/** Threads the wasm kernels use (1 when the wasm backend is unavailable). */
export function getNumThreads(): number {
  return wasmContext()?.pool.size ?? 1;
}
