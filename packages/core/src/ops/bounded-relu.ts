import { record } from '../autograd/record.js';
import { checkNumber } from '../options.js';
import type { Tensor, TensorLike } from '../tensor.js';
import { lessEqual, mul, reluGrad } from './arithmetic.js';
import { asTensor, kernels } from './operands.js';

/**
 * ReLU capped at `maxValue`: min(max(x, 0), maxValue) in one pass (Keras's ReLU(maxValue), ReLU6 at 6), the
 * same values and gradient as minimum(relu(x), maxValue): 1 for 0 < x <= maxValue, else 0.
 * @example boundedRelu(tensor([-1, 3, 8]), 6) // [0, 3, 6]
 */
export function boundedRelu(x: TensorLike, maxValue: number): Tensor {
  const xt = asTensor('boundedRelu', x);
  checkNumber('boundedRelu', 'maxValue', maxValue, { min: 0 });
  return record('boundedRelu', kernels().boundedRelu(xt.values, maxValue), xt.shape, [xt], (dy) => [reluGrad(mul(dy, lessEqual(xt, maxValue)), xt)]);
}
