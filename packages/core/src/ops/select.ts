import { record } from '../autograd/record.js';
import { broadcastShapes } from '../shape.js';
import type { Tensor, TensorLike } from '../tensor.js';
import { maximum, minimum } from './arithmetic.js';
import { asPair, asTensor, kernels } from './operands.js';
import { checkNumber } from '../options.js';

/**
 * Elementwise choice: a where `condition` is non-zero, else b (all three broadcast).
 * The gradient flows only to the chosen side.
 * @example where(greater(x, 0), x, 0)
 */
export function where(condition: Tensor, a: TensorLike, b: TensorLike): Tensor {
  const cond = asTensor('where', condition, 'float32', 'condition');
  const [x, y] = asPair('where', a, b);
  const shape = broadcastShapes('where', broadcastShapes('where', cond.shape, x.shape), y.shape);
  const data = kernels().where(cond.values, cond.shape, x.values, x.shape, y.values, y.shape, shape);
  return record('where', data, shape, [x, y], (dy) => [where(cond, dy, 0), where(cond, 0, dy)]);
}

/**
 * Limits values to [lo, hi]; the gradient passes where lo <= x <= hi.
 * @example clip(tensor([-2, 0.5, 3]), 0, 1) // [0, 0.5, 1]
 */
export function clip(x: Tensor, lo: number, hi: number): Tensor {
  checkNumber('clip', 'lower bound', lo, { allowInfinity: true });
  checkNumber('clip', 'upper bound', hi, { allowInfinity: true });
  if (!(lo <= hi)) throw new Error(`clip: lower bound ${lo} must not exceed upper bound ${hi}`);
  return minimum(maximum(asTensor('clip', x), lo), hi);
}
