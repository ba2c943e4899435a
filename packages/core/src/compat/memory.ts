import type { Tensor } from '../tensor.js';
import { describeValue } from '../options.js';

// Tensors are plain typed arrays reclaimed by the garbage collector, so TF.js's manual memory management
// has nothing to do here; these exist so ported code runs unchanged.

/**
 * Runs `fn` and returns its result, as TF.js's `tf.tidy` (memory is reclaimed by the garbage collector).
 * @example const y = tidy(() => tensor([1, 2]).square()); // [1, 4]
 */
export function tidy<T>(fn: () => T): T;
export function tidy<T>(name: string, fn: () => T): T;
export function tidy<T>(nameOrFn: string | (() => T), maybeFn?: () => T): T {
  const fn = typeof nameOrFn === 'function' ? nameOrFn : maybeFn;
  if (typeof fn !== 'function') throw new Error(`tidy: expected a function, got ${describeValue(fn)}`);
  return fn();
}

/** Accepts tensors as TF.js's `tf.dispose` does; the garbage collector frees them. */
export function dispose(_tensors?: Tensor | Tensor[] | Record<string, Tensor>): void {}

/** Returns the tensor, as TF.js's `tf.keep` (nothing is freed at the end of a `tidy`). */
export function keep<T extends Tensor>(t: T): T {
  return t;
}

