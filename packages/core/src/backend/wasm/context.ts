import { Arena } from './arena.js';
import { platform } from '#platform';
import { loadWasmModule, loadWasmModuleAsync, type KernelExports, type WasmModule } from './module.js';
import { ARENA_BASE, defaultThreads, ThreadPool } from './threads.js';

/** Kernels that workers may run (by name); the others run on the calling thread only. */
const THREADED = ['gemmRows', 'gemmRowsShared', 'spmmRowsShared', 'depthwiseForwardRows', 'adam'];

/** Everything a wasm kernel needs: the exports, the operand arena and the thread pool. */
export interface WasmContext {
  exports: KernelExports;
  arena: Arena;
  pool: ThreadPool;
}

let context: WasmContext | null | undefined;
let loading: Promise<WasmContext | null> | undefined;
/** Why the kernels did not load, for error messages. */
export let wasmLoadError = '';

/** RECTIFY_THREADS when it is a usable count, else (with a warning if it is set but unusable) the default. */
function threadsFromEnvironment(max: number): number {
  const value = platform.env('RECTIFY_THREADS');
  if (value === undefined || value === '') return defaultThreads();
  const n = Number(value);
  if (Number.isInteger(n) && n >= 1 && n <= max) return n;
  console.warn(`rectify: RECTIFY_THREADS=${value} is not a whole number from 1 to ${max}; using ${defaultThreads()} threads`);
  return defaultThreads();
}

/**
 * The wasm context, created on first use; null where the kernels cannot be loaded (no build, no SIMD) or
 * not yet: in a browser they load asynchronously, through `loadWasmContext`.
 */
export function wasmContext(): WasmContext | null {
  if (context !== undefined) return context;
  let wasm: WasmModule | null;
  try {
    wasm = loadWasmModule();
  } catch (e) {
    wasmLoadError = (e as Error).message;
    return (context = null);
  }
  if (!wasm) {
    wasmLoadError = 'the wasm kernels load asynchronously here: await ready() first';
    return null;
  }
  return (context = createContext(wasm));
}

/**
 * The wasm context, compiled asynchronously if it is not there yet (once, however often it is called).
 * Null where the platform cannot run the kernels (no WebAssembly SIMD: the module does not compile or
 * link; without shared memory it runs unshared, on one thread); a kernels file that cannot be fetched is an error, which a later call retries.
 */
export function loadWasmContext(): Promise<WasmContext | null> {
  if (context !== undefined) return Promise.resolve(context);
  loading ??= loadWasmModuleAsync().then(
    (wasm) => (context ??= createContext(wasm)),
    (e: unknown) => {
      wasmLoadError = (e as Error).message;
      const unsupported = e instanceof Error && (e.name === 'CompileError' || e.name === 'LinkError' || e.name === 'RangeError');
      if (unsupported) return (context = null);
      loading = undefined;
      throw new Error(`ready: could not load the wasm kernels (${wasmLoadError}); serve packages/core/wasm/kernels.wasm with the page and call setWasmUrl(url) with its URL, or setBackend('js')`);
    },
  );
  return loading;
}

function createContext(wasm: WasmModule): WasmContext {
  const pool = new ThreadPool(wasm, THREADED);
  const arena = new Arena(wasm.memory, ARENA_BASE, wasm.shared);
  pool.resize(wasm.shared ? threadsFromEnvironment(pool.maxSize) : 1);
  return { exports: wasm.exports, arena, pool };
}
