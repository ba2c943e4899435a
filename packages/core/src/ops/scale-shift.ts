import { record } from '../autograd/record.js';
import { formatShape } from '../shape.js';
import type { Tensor, TensorLike } from '../tensor.js';
import { lessEqual, mul, reluGrad } from './arithmetic.js';
import { checkNumber } from '../options.js';
import { asTensor, kernels } from './operands.js';

/**
 * x * scale + shift with a [features] scale and shift along the last axis, in one pass over x: a
 * BatchNormalization at inference with its statistics folded in. Gradients: dy * scale for x, and dy * x
 * and dy summed over the leading axes for scale and shift.
 * @example scaleShift(tensor([[1, 2], [3, 4]]), tensor([10, 100]), tensor([1, 0])) // [[11, 200], [31, 400]]
 */
export function scaleShift(x: TensorLike, scale: TensorLike, shift: TensorLike): Tensor {
  const [xt, s, b] = checkOperands('scaleShift', x, scale, shift);
  return record('scaleShift', kernels().scaleShift(xt.values, s.values, b.values), xt.shape, [xt, s, b], (dy) => [
    xt.requiresGrad ? mul(dy, s) : null,
    s.requiresGrad ? mul(dy, xt) : null,
    b.requiresGrad ? dy : null,
  ]);
}

/**
 * relu(x * scale + shift), capped at `maxValue` when one is given, in one pass: a BatchNormalization at
 * inference and the ReLU (or ReLU6) after it, as a graph runs them when nothing else reads the
 * normalization's output. The gradient is the composition's (ReLU's is 1 for 0 < pre-activation <= cap).
 * @example scaleShiftRelu(tensor([[1, -2]]), tensor([10, 1]), tensor([0, 1]), 6) // [[6, 0]]
 */
export function scaleShiftRelu(x: TensorLike, scale: TensorLike, shift: TensorLike, maxValue: number | null = null): Tensor {
  const [xt, s, b] = checkOperands('scaleShiftRelu', x, scale, shift);
  const cap = maxValue === null ? Infinity : checkNumber('scaleShiftRelu', 'maxValue', maxValue, { min: 0 });
  return record('scaleShiftRelu', kernels().scaleShift(xt.values, s.values, b.values, 0, cap), xt.shape, [xt, s, b], (dy) => {
    const pre = scaleShift(xt, s, b);
    const dz = reluGrad(cap === Infinity ? dy : mul(dy, lessEqual(pre, cap)), pre);
    return [xt.requiresGrad ? mul(dz, s) : null, s.requiresGrad ? mul(dz, xt) : null, b.requiresGrad ? dz : null];
  });
}

function checkOperands(op: string, x: TensorLike, scale: TensorLike, shift: TensorLike): [Tensor, Tensor, Tensor] {
  const xt = asTensor(op, x);
  const s = asTensor(op, scale, xt.dtype, 'scale');
  const b = asTensor(op, shift, xt.dtype, 'shift');
  const features = xt.shape[xt.rank - 1];
  if (xt.rank === 0 || s.rank !== 1 || b.rank !== 1 || s.shape[0] !== features || b.shape[0] !== features) {
    throw new Error(`${op}: expected scale and shift of shape [${features ?? 'features'}] for x ${formatShape(xt.shape)} (the last axis), got ${formatShape(s.shape)} and ${formatShape(b.shape)}`);
  }
  if (s.dtype !== xt.dtype || b.dtype !== xt.dtype) throw new Error(`${op}: scale (${s.dtype}) and shift (${b.dtype}) must have x's dtype ${xt.dtype}`);
  return [xt, s, b];
}
