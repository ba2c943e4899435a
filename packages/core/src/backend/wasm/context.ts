import { Arena } from './arena.js';
import { loadWasmModule, type KernelExports, type WasmModule } from './module.js';
import { StateSpace } from './state-space.js';
import { ARENA_BASE, defaultThreads, ThreadPool } from './threads.js';

/** Kernels that workers may run (by name); the others run on the calling thread only. */
const THREADED = ['gemmRows'];

/** Everything a wasm kernel needs: the exports, the operand arena and the thread pool. */
export interface WasmContext {
  exports: KernelExports;
  arena: Arena;
  pool: ThreadPool;
  /** Where optimizer state lives (created on first use). */
  stateSpace(): StateSpace;
}

let context: WasmContext | null | undefined;

/** The wasm context, created on first use; null where the kernels cannot be loaded (no build, no SIMD, no shared memory). */
export function wasmContext(): WasmContext | null {
  if (context !== undefined) return context;
  let wasm: WasmModule;
  try {
    wasm = loadWasmModule();
  } catch {
    return (context = null);
  }
  const pool = new ThreadPool(wasm, THREADED);
  const arena = new Arena(wasm.memory, ARENA_BASE);
  pool.resize(Number(globalThis.process?.env?.RECTIFY_THREADS) || defaultThreads());
  let space: StateSpace | undefined;
  return (context = { exports: wasm.exports, arena, pool, stateSpace: () => (space ??= new StateSpace(wasm.module)) });
}
