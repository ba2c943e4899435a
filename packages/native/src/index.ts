/**
 * The optional native backend: importing this package registers 'native' with Rectify when the add-on
 * was built (OpenBLAS present at build time), and reports why not otherwise.
 * @packageDocumentation
 * @module @rectify/native
 */
import { getBackend, listBackends, registerBackend } from '@rectify/core';
import { addon, status, type NativeStatus } from './addon.js';
import { createNativeBackend } from './backend.js';

export type { NativeAddon, NativeStatus } from './addon.js';
export { createNativeBackend } from './backend.js';

if (addon) registerBackend(createNativeBackend(addon, getBackend(listBackends().includes('wasm') ? 'wasm' : 'js')));

/**
 * Whether the native backend is available (then `setBackend('native')` selects it) and, if not, why:
 * `not built: <reason>` or `not loadable: <reason>`.
 * @example
 * import { nativeStatus } from '@rectify/native';
 * if (nativeStatus().available) setBackend('native');
 */
export function nativeStatus(): NativeStatus {
  return status;
}

/**
 * Threads OpenBLAS uses for the native backend's products (its default: one per core); from two, the
 * add-on's sparse kernel also splits a big product between the calling thread and one helper thread.
 * @example
 * import { setNativeThreads } from '@rectify/native';
 * setNativeThreads(1);
 */
export function setNativeThreads(n: number): void {
  if (!addon) throw new Error(`setNativeThreads: the native backend is ${status.available ? 'available' : status.reason}`);
  if (!Number.isInteger(n) || n < 1) throw new Error(`setNativeThreads: expected a whole number of at least 1, got ${n}`);
  addon.setThreads(n);
}

/** Threads OpenBLAS uses for the native backend's products, and (from two) its sparse kernel (0 when the add-on is not available). */
export function getNativeThreads(): number {
  return addon ? addon.getThreads() : 0;
}
