import { constant, record } from '../autograd/record.js';
import { normalizeAxes, normalizeAxis, reducedShape, sizeOf } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { add, div, equal, exp, log, mul, square, sub } from './arithmetic.js';
import { asTensor, kernels } from './operands.js';
import { checkBoolean } from '../options.js';
import { broadcastTo, reshape } from './reshape.js';

export type Axis = number | readonly number[];

function reduceOp(op: 'sum' | 'max' | 'min', input: Tensor, axis: Axis | undefined, keepDims: boolean): Tensor {
  const x = asTensor(op, input);
  const axes = normalizeAxes(op, axis, x.rank);
  checkBoolean(op, 'keepDims', keepDims, false);
  const kept = reducedShape(x.shape, axes, true);
  const shape = reducedShape(x.shape, axes, keepDims);
  const data = kernels().reduce(op, x.values, x.shape, axes);
  const out: Tensor = record(op, data, shape, [x], (dy) => {
    const g = broadcastTo(reshape(dy, kept), x.shape);
    if (op === 'sum') return [g];
    // max/min: the gradient goes to the extreme elements, shared equally between ties
    const hit = equal(x, broadcastTo(reshape(out.detach(), kept), x.shape));
    const count = sum(hit, axes, true);
    return [div(mul(g, hit), count)];
  });
  return out;
}

/** Sum over `axis` (all axes by default). @example sum(tensor([[1, 2], [3, 4]]), 0) // [4, 6] */
export function sum(x: Tensor, axis?: Axis, keepDims = false): Tensor {
  return reduceOp('sum', x, axis, keepDims);
}

/** Largest element over `axis`; ties share the gradient. @example max(tensor([1, 3, 2])) // 3 */
export function max(x: Tensor, axis?: Axis, keepDims = false): Tensor {
  return reduceOp('max', x, axis, keepDims);
}

/** Smallest element over `axis`; ties share the gradient. */
export function min(x: Tensor, axis?: Axis, keepDims = false): Tensor {
  return reduceOp('min', x, axis, keepDims);
}

/** Arithmetic mean over `axis`. @example mean(tensor([1, 2, 3])) // 2 */
export function mean(x: Tensor, axis?: Axis, keepDims = false): Tensor {
  x = asTensor('mean', x);
  const axes = normalizeAxes('mean', axis, x.rank);
  checkBoolean('mean', 'keepDims', keepDims, false);
  const count = sizeOf(axes.map((a) => x.shape[a]));
  return div(sum(x, axes, keepDims), count);
}

/** Population variance mean((x - mean(x))^2) over `axis`. @example variance(tensor([1, 3])) // 1 */
export function variance(x: Tensor, axis?: Axis, keepDims = false): Tensor {
  x = asTensor('variance', x);
  normalizeAxes('variance', axis, x.rank);
  checkBoolean('variance', 'keepDims', keepDims, false);
  const centered = sub(x, mean(x, axis, true));
  return mean(square(centered), axis, keepDims);
}

/** Index of the largest element along `axis` (default: last), as float values; no gradient. */
export function argmax(x: Tensor, axis = -1): Tensor {
  return argReduce('argmax', x, axis);
}

/** Index of the smallest element along `axis` (default: last); no gradient. */
export function argmin(x: Tensor, axis = -1): Tensor {
  return argReduce('argmin', x, axis);
}

function argReduce(op: 'argmax' | 'argmin', input: Tensor, axis: number): Tensor {
  const x = asTensor(op, input);
  if (x.rank === 0) throw new Error(`${op}: expected a tensor of rank >= 1, got a scalar`);
  const a = normalizeAxis(op, axis, x.rank);
  return constant(kernels().argReduce(op, x.values, x.shape, a), reducedShape(x.shape, [a], false));
}

/**
 * log(sum(exp(x))) over `axis` (every axis by default, as sum and mean, TF.js and Keras), computed stably
 * by shifting by the maximum. An infinite maximum gives that infinity (log(e^inf + ...) = inf), NaN gives NaN.
 * @example logSumExp(tensor([0, 0])) // log 2
 * @example logSumExp(tensor([[0, 0], [1, 1]]), -1) // per row: [log 2, 1 + log 2]
 */
export function logSumExp(x: Tensor, axis?: Axis, keepDims = false): Tensor {
  x = asTensor('logSumExp', x);
  const axes = normalizeAxes('logSumExp', axis, x.rank);
  checkBoolean('logSumExp', 'keepDims', keepDims, false);
  const kept = reducedShape(x.shape, axes, true);
  const shape = reducedShape(x.shape, axes, keepDims);
  if (axes.length === 0) return x;
  const trailing = axes.every((a, i) => a === x.rank - axes.length + i);
  if (!trailing) {
    // other axes: shift by the (constant) max, finite part only, then reduce with differentiable ops
    const m = max(x, axes, true).detach();
    const shift = constant(m.values.map((v) => (Number.isFinite(v) ? v : 0)), m.shape);
    return reshape(add(log(sum(exp(sub(x, shift)), axes, true)), shift), shape);
  }
  // the reduced axes are the trailing ones: a [rows, cols] view for the fused kernel
  const cols = sizeOf(axes.map((a) => x.shape[a]));
  const data = kernels().logSumExp(x.values, sizeOf(x.shape.slice(0, x.rank - axes.length)), cols);
  const out: Tensor = record('logSumExp', data, shape, [x], (dy) => {
    // d lse = softmax(x) dx
    const soft = exp(sub(x, reshape(out, kept)));
    return [mul(reshape(dy, kept), soft)];
  });
  return out;
}
