import type { Backend } from './backend.js';
import { jsBackend } from './js/index.js';
import { createWasmBackend } from './wasm/index.js';
import { loadWasmContext } from './wasm/context.js';
import { describeValue } from '../options.js';
import { platform } from '#platform';

const backends = new Map<string, Backend>([['js', jsBackend]]);
const wasm = createWasmBackend();
if (wasm) backends.set('wasm', wasm);
// wasm wherever it loads; RECTIFY_BACKEND=js (or setBackend) picks the reference kernels instead
let active: Backend = wasm ?? jsBackend;
// set once a backend is chosen by name, so `ready()` does not switch away from it
let pinned = false;
const requested = platform.env('RECTIFY_BACKEND');
if (requested) {
  pinned = true;
  const chosen = backends.get(requested);
  if (chosen) active = chosen;
  else console.warn(`rectify: RECTIFY_BACKEND=${requested} is not a backend here (${[...backends.keys()].join(', ')}); using '${active.name}'`);
}

// Every kernel an op may call; the optional fused optimizer updates are not listed.
const REQUIRED_KERNELS = Object.keys(jsBackend).filter((k) => k !== 'name' && typeof (jsBackend as unknown as Record<string, unknown>)[k] === 'function');

/** Makes a backend available to `setBackend` by its name. */
export function registerBackend(backend: Backend): void {
  const missing = REQUIRED_KERNELS.filter((k) => typeof (backend as unknown as Record<string, unknown> | null)?.[k] !== 'function');
  if (!backend || typeof backend.name !== 'string' || backend.name === '' || missing.length > 0) {
    throw new Error(`registerBackend: expected a Backend with a non-empty name and every kernel; ${!backend || typeof backend.name !== 'string' || backend.name === '' ? `got name ${describeValue(backend?.name)}` : `missing ${missing.join(', ')}`}`);
  }
  backends.set(backend.name, backend);
}

/**
 * Chooses the kernels every op runs on: 'wasm' (the default where WebAssembly SIMD exists) or 'js' (the portable reference, and the fallback).
 * @example setBackend('js');
 */
export function setBackend(name: string): void {
  const backend = backends.get(name);
  if (!backend) {
    // the optional native backend registers itself when its package is imported
    const hint = name === 'native' ? " ('native' registers itself on import '@rectify/native', once built with pnpm build:native)" : '';
    throw new Error(`setBackend: unknown backend ${describeValue(name)}; registered backends are ${[...backends.keys()].map((k) => `'${k}'`).join(', ')}${hint}`);
  }
  active = backend;
  pinned = true;
}

/**
 * Resolves when the fastest backend available here is loaded and in use. In Node the wasm kernels load
 * synchronously at import, so it resolves at once; in a browser it fetches and compiles them (ops run
 * on the js backend until then), and stays on js where WebAssembly SIMD is missing. A backend chosen
 * with `setBackend` stays chosen. Where threads are available (a worker of a cross-origin isolated
 * page) it also waits for the thread pool's workers to start; after `setNumThreads`, await it again.
 * @example await ready(); // then train at full speed
 */
export async function ready(): Promise<void> {
  const context = await loadWasmContext();
  if (!backends.has('wasm')) {
    const loaded = createWasmBackend(context);
    if (loaded && !backends.has('wasm')) {
      backends.set('wasm', loaded);
      if (!pinned) active = loaded;
    }
  }
  await context?.pool.warmUp();
}

/** The name of the backend in use. */
export function getBackendName(): string {
  return active.name;
}

/**
 * The kernels of a registered backend, by name: a backend that replaces a few kernels spreads another's.
 * @example const wasm = getBackend('wasm');
 */
export function getBackend(name: string): Backend {
  const backend = backends.get(name);
  if (!backend) throw new Error(`getBackend: unknown backend ${describeValue(name)}; registered backends are ${[...backends.keys()].map((k) => `'${k}'`).join(', ')}`);
  return backend;
}

/** The kernels in use (for ops and fused optimizer updates). */
export function kernels(): Backend {
  return active;
}

export function listBackends(): string[] {
  return [...backends.keys()];
}
