import { describeValue } from '../options.js';
import { Tensor } from '../tensor.js';

/** Integer indices in [0, bound) from a tensor or a (nested) array, with their shape; an Error names `op` otherwise. */
export function checkIndices(op: string, indices: Tensor | readonly number[], bound: number): { values: number[]; shape: number[] } {
  if (!(indices instanceof Tensor) && !Array.isArray(indices)) throw new Error(`${op}: indices must be a Tensor or an array of integers, got ${describeValue(indices)}`);
  const values = indices instanceof Tensor ? Array.from(indices.values) : (indices as number[]).flat(Infinity as 1) as number[];
  const shape = indices instanceof Tensor ? indices.shape.slice() : [values.length];
  values.forEach((v, i) => {
    if (!Number.isInteger(v) || v < 0 || v >= bound) {
      throw new Error(`${op}: index ${v} at position ${i} is out of range; expected integers in [0, ${bound - 1}]`);
    }
  });
  return { values, shape };
}
