import { record } from '../autograd/record.js';
import { normalizeAxis, reducedShape } from '../shape.js';
import type { Tensor, TensorLike } from '../tensor.js';
import { abs, add, div, exp, expm1, greater, minimum, mul, neg, reluGrad, square, step, sub, unaryOp } from './arithmetic.js';
import { asTensor, kernels } from './operands.js';
import { sum } from './reduce.js';
import { transpose } from './layout.js';
import { reshape } from './reshape.js';
import { where } from './select.js';
import { boundedRelu } from './bounded-relu.js';
import { checkBoolean, checkNumber } from '../options.js';

// The ReLU family and its contrasts. Each is a primitive with a hand-written backward where that buys
// speed or stability (relu, sigmoid, tanh, softplus, softmax) and a composition of primitives otherwise.

/**
 * Rectified linear unit: max(x, 0). We choose relu'(0) = 0 (as TF, PyTorch and JAX do), so a unit
 * whose pre-activation sits exactly at 0 receives no gradient.
 * @example relu(tensor([-1, 0, 2])) // [0, 0, 2]
 */
export function relu(x: TensorLike): Tensor {
  return unaryOp('relu', x, (dy, xt) => reluGrad(dy, xt)); // d relu = [x > 0] dx
}

/**
 * min(max(x, 0), 6), the mobile-friendly capped ReLU (MobileNet), in one kernel pass. The gradient is 1 for
 * 0 < x <= 6, else 0 (that of minimum(relu(x), 6)).
 * @example relu6(tensor([-1, 3, 8])) // [0, 3, 6]
 */
export function relu6(x: TensorLike): Tensor {
  return boundedRelu(x, 6);
}

/**
 * Leaky ReLU: x for x > 0, alpha * x otherwise (Keras default alpha = 0.3; the gradient at 0 is alpha).
 * @example leakyRelu(tensor([-1, 2]), 0.1) // [-0.1, 2]
 */
export function leakyRelu(x: TensorLike, alpha = 0.3): Tensor {
  const t = asTensor('leakyRelu', x);
  checkNumber('leakyRelu', 'alpha', alpha);
  return where(step(t), t, mul(t, alpha));
}

/**
 * Parametric ReLU with a (learnable) slope tensor broadcast against x: relu(x) - alpha * relu(-x).
 * @example prelu(tensor([-2, 3]), tensor([0.25, 0.25])) // [-0.5, 3]
 */
export function prelu(x: TensorLike, alpha: TensorLike): Tensor {
  const t = asTensor('prelu', x);
  return sub(relu(t), mul(alpha, relu(neg(t))));
}

/**
 * Exponential linear unit: x for x > 0, alpha * (e^x - 1) otherwise.
 * @example elu(tensor([-1, 1])) // [-0.632, 1]
 */
export function elu(x: TensorLike, alpha = 1): Tensor {
  const t = asTensor('elu', x);
  checkNumber('elu', 'alpha', alpha);
  // exp of min(x, 0): the unused branch must stay finite, or its gradient (0 * inf) would be NaN
  return where(step(t), t, mul(expm1(minimum(t, 0)), alpha));
}

const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;

/** Scaled ELU, self-normalizing: scale * elu(x, alpha) with the constants of Klambauer et al. */
export function selu(x: TensorLike): Tensor {
  return mul(elu(x, SELU_ALPHA), SELU_SCALE);
}

/**
 * Logistic sigmoid 1 / (1 + e^-x), computed without overflow for large |x|.
 * Its derivative is at most 0.25, the root of vanishing gradients in deep sigmoid nets.
 */
export function sigmoid(x: TensorLike): Tensor {
  return unaryOp('sigmoid', x, (dy, _x, y) => mul(dy, mul(y, sub(1, y)))); // d s = s (1 - s) dx
}

/** Hyperbolic tangent. */
export function tanh(x: TensorLike): Tensor {
  return unaryOp('tanh', x, (dy, _x, y) => mul(dy, sub(1, square(y)))); // d tanh = (1 - tanh^2) dx
}

/**
 * log(1 + e^x), a smooth ReLU, computed stably as max(x, 0) + log1p(e^-|x|): no overflow for large x, no
 * loss of the tiny values for very negative x.
 * @example softplus(tensor([0, 100])) // [0.693, 100]
 */
export function softplus(x: TensorLike): Tensor {
  return unaryOp('softplus', x, (dy, xt) => mul(dy, sigmoid(xt))); // d softplus = sigmoid(x) dx
}

/**
 * Swish / SiLU: x * sigmoid(beta * x). `beta` may be a learnable tensor.
 * @example swish(tensor([1]), 1) // [0.731]
 */
export function swish(x: TensorLike, beta: TensorLike = 1): Tensor {
  const t = asTensor('swish', x);
  return mul(t, sigmoid(mul(t, beta)));
}

/**
 * Hard sigmoid, Keras 3's piecewise-linear sigmoid: relu6(x + 3) / 6, i.e. 0 below -3, 1 above 3 and
 * x / 6 + 1/2 between (Keras 2 and TF.js layers used 0.2 x + 0.5 instead).
 * @example hardSigmoid(tensor([-4, 0, 1.5])) // [0, 0.5, 0.75]
 */
export function hardSigmoid(x: TensorLike): Tensor {
  return div(relu6(add(asTensor('hardSigmoid', x), 3)), 6);
}

/**
 * Hard swish (MobileNetV3): x * hardSigmoid(x) = x * relu6(x + 3) / 6.
 * @example hardSwish(tensor([-4, 1, 4])) // [0, 0.667, 4]
 */
export function hardSwish(x: TensorLike): Tensor {
  const t = asTensor('hardSwish', x);
  return mul(t, hardSigmoid(t));
}

/**
 * Mish: x * tanh(softplus(x)), a smooth, non-monotonic ReLU relative (Misra 2019).
 * @example mish(tensor([0, 1])) // [0, 0.865]
 */
export function mish(x: TensorLike): Tensor {
  const t = asTensor('mish', x);
  return mul(t, tanh(softplus(t)));
}

/**
 * Thresholded ReLU (Keras ThresholdedReLU): x where x > theta, else 0. The gradient is 1 above theta and
 * 0 at and below it, the choice relu makes at its own kink.
 * @example thresholdedRelu(tensor([0.5, 1, 2]), 1) // [0, 0, 2]
 */
export function thresholdedRelu(x: TensorLike, theta = 1): Tensor {
  const t = asTensor('thresholdedRelu', x);
  if (typeof theta !== 'number' || Number.isNaN(theta)) throw new Error(`thresholdedRelu: theta must be a number, got ${JSON.stringify(theta)}`);
  return mul(t, greater(t, theta)); // the mask is a constant: d = [x > theta] dx
}

/**
 * Softsign: x / (1 + |x|), a sigmoid-shaped curve in (-1, 1) with polynomial tails.
 * @example softsign(tensor([-1, 3])) // [-0.5, 0.75]
 */
export function softsign(x: TensorLike): Tensor {
  const t = asTensor('softsign', x);
  return div(t, add(abs(t), 1));
}

/**
 * SiLU, the name PyTorch and Keras 3 give swish: x * sigmoid(beta * x), beta = 1 by default.
 * @example silu(tensor([1])) // [0.731]
 */
export function silu(x: TensorLike, beta: TensorLike = 1): Tensor {
  return swish(x, beta);
}

/** The Gauss error function. */
export function erf(x: TensorLike): Tensor {
  // d erf = 2/sqrt(pi) e^{-x^2} dx
  return unaryOp('erf', x, (dy, xt) => mul(dy, mul(exp(neg(square(xt))), 2 / Math.sqrt(Math.PI))));
}

/**
 * Gaussian error linear unit. Exact form x * Phi(x) = 0.5 x (1 + erf(x / sqrt 2)) by default (Keras),
 * or the tanh approximation with `approximate: true`.
 */
export function gelu(x: TensorLike, approximate = false): Tensor {
  const t = asTensor('gelu', x);
  checkBoolean('gelu', 'approximate', approximate, false);
  if (approximate) {
    const inner = mul(add(t, mul(mul(square(t), t), 0.044715)), Math.sqrt(2 / Math.PI));
    return mul(mul(t, 0.5), add(tanh(inner), 1));
  }
  return mul(mul(t, 0.5), add(erf(mul(t, Math.SQRT1_2)), 1));
}

function lastAxisOp(op: 'softmax' | 'logSoftmax', input: TensorLike, axis: number): Tensor {
  const x = asTensor(op, input);
  if (x.rank === 0) throw new Error(`${op}: expected a tensor of rank >= 1, got a scalar`);
  const a = normalizeAxis(op, axis, x.rank);
  if (a !== x.rank - 1) {
    // move the axis last, apply, move it back
    const perm = x.shape.map((_, i) => i).filter((i) => i !== a).concat(a);
    const inverse = new Array<number>(perm.length);
    perm.forEach((p, i) => (inverse[p] = i));
    return transpose(lastAxisOp(op, transpose(x, perm), -1), inverse);
  }
  const cols = x.shape[a];
  const kept = reducedShape(x.shape, [a], true);
  const data = kernels().softmax(x.values, x.size / Math.max(cols, 1), cols, op === 'logSoftmax');
  const out: Tensor = record(op, data, x.shape, [x], (dy) => {
    if (op === 'softmax') {
      // d softmax: y * (dy - sum(dy * y))
      return [mul(out, sub(dy, reshape(sum(mul(dy, out), -1), kept)))];
    }
    // d logSoftmax: dy - softmax(x) * sum(dy)
    return [sub(dy, mul(exp(out), reshape(sum(dy, -1), kept)))];
  });
  return out;
}

/**
 * Softmax along `axis` (default last): e^x / sum(e^x), shifted by the max for stability.
 * @example softmax(tensor([0, 0])) // [0.5, 0.5]
 */
export function softmax(x: TensorLike, axis = -1): Tensor {
  const out = lastAxisOp('softmax', x, axis);
  const t = x as Tensor;
  if (typeof x !== 'number' && normalizeAxis('softmax', axis, t.rank) === t.rank - 1) {
    softmaxInputs.set(out, t);
    softmaxOutputs.set(t, out);
  }
  return out;
}

// Each softmax output remembers its logits, so a crossentropy loss can start from them: log(softmax(z))
// computed from z never takes log(0) (Keras keeps `_keras_logits` for the same reason). And logits remember
// their softmax, which that loss then need not compute again.
const softmaxInputs = new WeakMap<Tensor, Tensor>();
const softmaxOutputs = new WeakMap<Tensor, Tensor>();

/** The softmax over the last axis already computed from `logits`, if any. */
export function softmaxOf(logits: Tensor): Tensor | undefined {
  return softmaxOutputs.get(logits);
}

/**
 * The logits a tensor was computed from, when it is the output of `softmax` over its last axis.
 * @example const z = tensor([[1, 2, 3]]); softmaxLogits(softmax(z)) === z; // true
 */
export function softmaxLogits(probabilities: Tensor): Tensor | undefined {
  return softmaxInputs.get(probabilities);
}

/** log(softmax(x)) computed directly (x - logSumExp(x)), stable for large logits. */
export function logSoftmax(x: TensorLike, axis = -1): Tensor {
  return lastAxisOp('logSoftmax', x, axis);
}
