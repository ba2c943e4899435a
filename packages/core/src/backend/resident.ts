import type { DataArray } from '../dtype.js';
import type { Tensor } from '../tensor.js';
import { kernels } from './registry.js';

/**
 * Moves a float32 tensor's values into the current backend's own memory when it keeps arrays there (the
 * wasm backend's resident arrays), where its kernels read them without copying them in and optimizers
 * update them in place. The values do not change, but `t.values` becomes a new array: read values with
 * `dataSync()`. Optimizers call it on each parameter's first step; elsewhere it does nothing.
 * @example makeResident(layer.kernel!) // the next matmul reads it where it lies
 */
export function makeResident(t: Tensor): void {
  const copy = kernels().residentCopy?.(t.values);
  if (copy) (t as { values: DataArray }).values = copy;
}
