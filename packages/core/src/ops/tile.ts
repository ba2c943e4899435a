import { formatShape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { asTensor } from './operands.js';
import { broadcastTo, reshape } from './reshape.js';

/**
 * Repeats x `reps[i]` times along axis i: out.shape[i] = x.shape[i] * reps[i] (TF.js tile, Keras
 * RepeatVector along a new axis). Built as a broadcast of [1, d0, 1, d1, ...] to [r0, d0, r1, d1, ...], so
 * the gradient sums the copies back: dx = sum of dy over the repeats.
 * @example tile(tensor([1, 2]), [3]) // [1, 2, 1, 2, 1, 2]
 */
export function tile(x: Tensor, reps: readonly number[]): Tensor {
  const xt = asTensor('tile', x);
  if (!Array.isArray(reps) || reps.length !== xt.rank || reps.some((r) => !Number.isInteger(r) || r < 0)) {
    throw new Error(`tile: reps must hold one non-negative integer per axis of ${formatShape(xt.shape)}, got ${JSON.stringify(reps)}`);
  }
  const spread = xt.shape.flatMap((d) => [1, d]);
  const repeated = xt.shape.flatMap((d, i) => [reps[i], d]);
  return reshape(broadcastTo(reshape(xt, spread), repeated), xt.shape.map((d, i) => d * reps[i]));
}
