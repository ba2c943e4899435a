import { record, constant } from '../autograd/record.js';
import type { BinaryOp, UnaryOp } from '../backend/backend.js';
import { broadcastShapes } from '../shape.js';
import type { Tensor, TensorLike } from '../tensor.js';
import { asPair, asTensor, kernels } from './operands.js';
import { broadcastTo } from './reshape.js';

// Binary ops broadcast NumPy-style; each backward returns dy-shaped gradients and the engine
// sums them back to each input's shape (the one central un-broadcast).

function binaryOp(op: BinaryOp, a: TensorLike, b: TensorLike, backward: ((dy: Tensor, x: Tensor, y: Tensor, out: Tensor) => [Tensor | null, Tensor | null]) | null): Tensor {
  const [x, y] = asPair(op, a, b);
  const shape = broadcastShapes(op, x.shape, y.shape);
  const data = kernels().binary(op, x.values, x.shape, y.values, y.shape, shape);
  if (!backward) return constant(data, shape);
  const out: Tensor = record(op, data, shape, [x, y], (dy) => backward(dy, x, y, out));
  return out;
}

export function unaryOp(op: UnaryOp, a: TensorLike, backward: ((dy: Tensor, x: Tensor, out: Tensor) => Tensor) | null): Tensor {
  const x = asTensor(op, a);
  const data = kernels().unary(op, x.values);
  if (!backward) return constant(data, x.shape);
  const out: Tensor = record(op, data, x.shape, [x], (dy) => [backward(dy, x, out)]);
  return out;
}

/** Elementwise a + b with broadcasting. @example add(tensor([1, 2]), 1) // [2, 3] */
export function add(a: TensorLike, b: TensorLike): Tensor {
  return binaryOp('add', a, b, (dy) => [dy, dy]);
}

/** Elementwise a - b with broadcasting. @example sub(tensor([3, 4]), tensor([1, 1])) // [2, 3] */
export function sub(a: TensorLike, b: TensorLike): Tensor {
  return binaryOp('sub', a, b, (dy) => [dy, neg(dy)]);
}

/** Elementwise a * b with broadcasting. @example mul(tensor([1, 2]), 3) // [3, 6] */
export function mul(a: TensorLike, b: TensorLike): Tensor {
  // d(ab) = b da + a db
  return binaryOp('mul', a, b, (dy, x, y) => [x.requiresGrad ? mul(dy, y) : null, y.requiresGrad ? mul(dy, x) : null]);
}

/**
 * ReLU's backward as one kernel: dy where x > 0, else 0 (relu'(0) = 0). Cheaper than dy * step(x),
 * which materializes the mask. Where x <= 0 the result is 0 even for a NaN or infinite dy (as PyTorch's
 * threshold backward; dy * step(x) would give NaN there). Its own gradient flows to dy only (the mask
 * is flat almost everywhere).
 * @example reluGrad(tensor([5, 5]), tensor([-1, 2])) // [0, 5]
 */
export function reluGrad(dy: TensorLike, x: TensorLike): Tensor {
  return binaryOp('reluGrad', dy, x, (g, _dy, xt) => [reluGrad(g, xt), null]);
}

/**
 * relu(x + bias) as one kernel: the forward of a Dense or Conv2D layer with a ReLU, without the
 * intermediate sum. Backward: dz = dy where the output is positive; the bias gets dz summed over the
 * broadcast axes.
 * @example addRelu(tensor([[-2, 1]]), tensor([1, 1])) // [[0, 2]]
 */
export function addRelu(x: TensorLike, bias: TensorLike): Tensor {
  return binaryOp('addRelu', x, bias, (dy, _x, b, out) => addReluBackprop(dy, out, b));
}

/**
 * The gradients of out = relu(x + bias): dz = dy where out > 0 for x and, when the bias is one row repeated
 * over the output's leading axes (a Dense or Conv2D bias), dz summed into the bias's shape in the same pass;
 * otherwise dz for both (the engine sums it into the bias's shape).
 */
export function addReluBackprop(dy: Tensor, out: Tensor, bias: Tensor): [Tensor, Tensor] {
  const channels = out.shape[out.rank - 1] ?? 1;
  const isRow = bias.size === channels && bias.shape.at(-1) === channels && bias.shape.every((d, i) => i === bias.rank - 1 || d === 1);
  if (!isRow || channels === 0 || dy.dtype !== out.dtype || dy.size !== out.size) {
    const dz = reluGrad(dy, out);
    return [dz, dz];
  }
  const { dz: dzValues, dbias } = kernels().reluGradBias(dy.values, out.values, channels);
  const dz = record('reluGrad', dzValues, out.shape, [dy, out], (g) => [reluGrad(g, out), null]);
  return [dz, record('sum', dbias, bias.shape, [dz], (g) => [broadcastTo(g, dz.shape)])];
}

/** Elementwise a / b with broadcasting. @example div(tensor([2, 4]), 2) // [1, 2] */
export function div(a: TensorLike, b: TensorLike): Tensor {
  // d(a/b) = da / b - a db / b^2
  return binaryOp('div', a, b, (dy, x, y) => [
    x.requiresGrad ? div(dy, y) : null,
    y.requiresGrad ? neg(div(mul(dy, x), square(y))) : null,
  ]);
}

/** Elementwise a ** b with broadcasting. @example pow(tensor([2, 3]), 2) // [4, 9] */
export function pow(a: TensorLike, b: TensorLike): Tensor {
  // d(a^b) = b a^(b-1) da + a^b ln(a) db
  return binaryOp('pow', a, b, (dy, x, y, out) => [
    x.requiresGrad ? mul(dy, mul(y, pow(x, sub(y, 1)))) : null,
    y.requiresGrad ? mul(dy, mul(out, log(x))) : null,
  ]);
}

/** Elementwise larger of a and b (NaN wins). Ties send the gradient to a. @example maximum(tensor([1, 5]), 3) // [3, 5] */
export function maximum(a: TensorLike, b: TensorLike): Tensor {
  return binaryOp('maximum', a, b, (dy, x, y) => {
    const pick = greaterEqual(x, y);
    return [mul(dy, pick), mul(dy, sub(1, pick))];
  });
}

/** Elementwise smaller of a and b (NaN wins). Ties send the gradient to a. @example minimum(tensor([1, 5]), 3) // [1, 3] */
export function minimum(a: TensorLike, b: TensorLike): Tensor {
  return binaryOp('minimum', a, b, (dy, x, y) => {
    const pick = lessEqual(x, y);
    return [mul(dy, pick), mul(dy, sub(1, pick))];
  });
}

/** 1 where a == b, else 0 (no gradient). */
export function equal(a: TensorLike, b: TensorLike): Tensor { return binaryOp('equal', a, b, null); }
/** 1 where a != b, else 0 (no gradient). */
export function notEqual(a: TensorLike, b: TensorLike): Tensor { return binaryOp('notEqual', a, b, null); }
/** 1 where a > b, else 0 (no gradient). */
export function greater(a: TensorLike, b: TensorLike): Tensor { return binaryOp('greater', a, b, null); }
/** 1 where a >= b, else 0 (no gradient). */
export function greaterEqual(a: TensorLike, b: TensorLike): Tensor { return binaryOp('greaterEqual', a, b, null); }
/** 1 where a < b, else 0 (no gradient). */
export function less(a: TensorLike, b: TensorLike): Tensor { return binaryOp('less', a, b, null); }
/** 1 where a <= b, else 0 (no gradient). */
export function lessEqual(a: TensorLike, b: TensorLike): Tensor { return binaryOp('lessEqual', a, b, null); }

/** -x. */
export function neg(x: TensorLike): Tensor {
  return unaryOp('neg', x, (dy) => neg(dy));
}

/** e^x. */
export function exp(x: TensorLike): Tensor {
  return unaryOp('exp', x, (dy, _x, out) => mul(dy, out)); // d e^x = e^x dx
}

/** Natural logarithm. */
export function log(x: TensorLike): Tensor {
  return unaryOp('log', x, (dy, xt) => div(dy, xt)); // d ln x = dx / x
}

/** log(1 + x), accurate for small x. */
export function log1p(x: TensorLike): Tensor {
  return unaryOp('log1p', x, (dy, xt) => div(dy, add(xt, 1)));
}

/** e^x - 1, accurate for small x. */
export function expm1(x: TensorLike): Tensor {
  return unaryOp('expm1', x, (dy, _x, out) => mul(dy, add(out, 1)));
}

/** Square root. */
export function sqrt(x: TensorLike): Tensor {
  return unaryOp('sqrt', x, (dy, _x, out) => div(dy, mul(out, 2))); // d sqrt x = dx / (2 sqrt x)
}

/** x^2. */
export function square(x: TensorLike): Tensor {
  return unaryOp('square', x, (dy, xt) => mul(dy, mul(xt, 2)));
}

/** 1 / x. */
export function reciprocal(x: TensorLike): Tensor {
  return unaryOp('reciprocal', x, (dy, _x, out) => neg(mul(dy, square(out))));
}

/** |x|; the gradient at 0 is 0 (sign(0) = 0). */
export function abs(x: TensorLike): Tensor {
  return unaryOp('abs', x, (dy, xt) => mul(dy, sign(xt)));
}

/** -1, 0 or 1 by the sign of x, NaN for NaN (no gradient). */
export function sign(x: TensorLike): Tensor {
  return unaryOp('sign', x, null);
}

/** 1 where x > 0, else 0 (no gradient): the derivative of relu. */
export function step(x: TensorLike): Tensor {
  return unaryOp('step', x, null);
}
