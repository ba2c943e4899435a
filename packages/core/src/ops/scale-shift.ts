import { record } from '../autograd/record.js';
import { formatShape } from '../shape.js';
import type { Tensor, TensorLike } from '../tensor.js';
import { mul } from './arithmetic.js';
import { asTensor, kernels } from './operands.js';

/**
 * x * scale + shift with a [features] scale and shift along the last axis, in one pass over x: a
 * BatchNormalization at inference with its statistics folded in. Gradients: dy * scale for x, and dy * x
 * and dy summed over the leading axes for scale and shift.
 * @example scaleShift(tensor([[1, 2], [3, 4]]), tensor([10, 100]), tensor([1, 0])) // [[11, 200], [31, 400]]
 */
export function scaleShift(x: TensorLike, scale: TensorLike, shift: TensorLike): Tensor {
  const xt = asTensor('scaleShift', x);
  const s = asTensor('scaleShift', scale, xt.dtype, 'scale');
  const b = asTensor('scaleShift', shift, xt.dtype, 'shift');
  const features = xt.shape[xt.rank - 1];
  if (xt.rank === 0 || s.rank !== 1 || b.rank !== 1 || s.shape[0] !== features || b.shape[0] !== features) {
    throw new Error(`scaleShift: expected scale and shift of shape [${features ?? 'features'}] for x ${formatShape(xt.shape)} (the last axis), got ${formatShape(s.shape)} and ${formatShape(b.shape)}`);
  }
  if (s.dtype !== xt.dtype || b.dtype !== xt.dtype) throw new Error(`scaleShift: scale (${s.dtype}) and shift (${b.dtype}) must have x's dtype ${xt.dtype}`);
  return record('scaleShift', kernels().scaleShift(xt.values, s.values, b.values), xt.shape, [xt, s, b], (dy) => [
    xt.requiresGrad ? mul(dy, s) : null,
    s.requiresGrad ? mul(dy, xt) : null,
    b.requiresGrad ? dy : null,
  ]);
}
