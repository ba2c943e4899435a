import { Arena } from './arena.js';
import { loadWasmModule, type KernelExports, type WasmModule } from './module.js';
import { StateSpace } from './state-space.js';
import { ARENA_BASE, defaultThreads, ThreadPool } from './threads.js';

/** Kernels that workers may run (by name); the others run on the calling thread only. */
const THREADED = ['gemmRows', 'gemmRowsShared'];

/** Everything a wasm kernel needs: the exports, the operand arena and the thread pool. */
export interface WasmContext {
  exports: KernelExports;
  arena: Arena;
  pool: ThreadPool;
  /** Where optimizer state lives (created on first use). */
  stateSpace(): StateSpace;
}

let context: WasmContext | null | undefined;
/** Why the kernels did not load, for error messages. */
export let wasmLoadError = '';

/** RECTIFY_THREADS when it is a usable count, else (with a warning if it is set but unusable) the default. */
function threadsFromEnvironment(max: number): number {
  const value = globalThis.process?.env?.RECTIFY_THREADS;
  if (value === undefined || value === '') return defaultThreads();
  const n = Number(value);
  if (Number.isInteger(n) && n >= 1 && n <= max) return n;
  console.warn(`rectify: RECTIFY_THREADS=${value} is not a whole number from 1 to ${max}; using ${defaultThreads()} threads`);
  return defaultThreads();
}

/** The wasm context, created on first use; null where the kernels cannot be loaded (no build, no SIMD, no shared memory). */
export function wasmContext(): WasmContext | null {
  if (context !== undefined) return context;
  let wasm: WasmModule;
  try {
    wasm = loadWasmModule();
  } catch (e) {
    wasmLoadError = (e as Error).message;
    return (context = null);
  }
  const pool = new ThreadPool(wasm, THREADED);
  const arena = new Arena(wasm.memory, ARENA_BASE);
  pool.resize(threadsFromEnvironment(pool.maxSize));
  let space: StateSpace | undefined;
  return (context = { exports: wasm.exports, arena, pool, stateSpace: () => (space ??= new StateSpace(wasm.module)) });
}
