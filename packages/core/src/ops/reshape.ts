import { record } from '../autograd/record.js';
import { assertShape, formatShape, normalizeAxes, normalizeAxis, shapesEqual, sizeOf, broadcastShapes, type Shape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { asTensor, kernels } from './operands.js';
import { sum } from './reduce.js';

/**
 * The same values in a new shape (one axis may be -1 and is inferred). Shares storage: no copy.
 * @example reshape(arange(6), [2, -1]) // shape [2, 3]
 */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  x = asTensor('reshape', x);
  const target = inferShape(x, shape);
  if (shapesEqual(target, x.shape)) return x;
  return record('reshape', x.values, target, [x], (dy) => [reshape(dy, x.shape)]);
}

function inferShape(x: Tensor, shape: readonly number[]): number[] {
  if (!Array.isArray(shape) || shape.some((d) => !Number.isInteger(d) || d < -1)) {
    throw new Error(`reshape: invalid target shape ${JSON.stringify(shape)}; expected integers >= 0 and at most one -1`);
  }
  const unknown = shape.filter((d) => d === -1).length;
  if (unknown > 1) throw new Error(`reshape: at most one -1 allowed in the target shape, got ${formatShape(shape)}`);
  const known = sizeOf(shape.filter((d) => d !== -1));
  if (unknown === 1) {
    if (known === 0 || x.size % known !== 0) {
      throw new Error(`reshape: cannot reshape ${formatShape(x.shape)} (${x.size} elements) to ${formatShape(shape)}`);
    }
    return shape.map((d) => (d === -1 ? x.size / known : d));
  }
  if (known !== x.size) throw new Error(`reshape: cannot reshape ${formatShape(x.shape)} (${x.size} elements) to ${formatShape(shape)} (${known} elements)`);
  return shape.slice();
}

/** Repeats `x` along broadcast axes to `shape`; the gradient sums back. @example broadcastTo(tensor([1, 2]), [3, 2]) */
export function broadcastTo(x: Tensor, shape: Shape): Tensor {
  x = asTensor('broadcastTo', x);
  shape = assertShape('broadcastTo', shape);
  const out = broadcastShapes('broadcastTo', x.shape, shape);
  if (!shapesEqual(out, shape)) {
    throw new Error(`broadcastTo: cannot broadcast ${formatShape(x.shape)} to ${formatShape(shape)}`);
  }
  if (shapesEqual(x.shape, shape)) return x;
  return record('broadcastTo', kernels().broadcastTo(x.values, x.shape, shape), shape, [x], (dy) => [sumToShape(dy, x.shape)]);
}

/** Sums a broadcast result back to `shape`: the adjoint of broadcasting, used by the autograd engine. */
export function sumToShape(x: Tensor, shape: Shape): Tensor {
  if (shapesEqual(x.shape, shape)) return x;
  const lead = x.rank - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < x.rank; i++) {
    if (i < lead || (shape[i - lead] === 1 && x.shape[i] !== 1)) axes.push(i);
  }
  return reshape(sum(x, axes), shape);
}

/** Inserts an axis of size 1 at `axis`. @example expandDims(tensor([1, 2]), 0) // shape [1, 2] */
export function expandDims(x: Tensor, axis = 0): Tensor {
  x = asTensor('expandDims', x);
  const a = normalizeAxis('expandDims', axis, x.rank + 1);
  const shape = x.shape.slice();
  shape.splice(a, 0, 1);
  return reshape(x, shape);
}

/** Removes axes of size 1 (all of them, or the ones named). @example squeeze(zeros([1, 3, 1])) // shape [3] */
export function squeeze(x: Tensor, axis?: number | readonly number[]): Tensor {
  x = asTensor('squeeze', x);
  const axes = normalizeAxes('squeeze', axis ?? x.shape.map((d, i) => (d === 1 ? i : -1)).filter((i) => i >= 0), x.rank);
  for (const a of axes) {
    if (x.shape[a] !== 1) throw new Error(`squeeze: cannot squeeze axis ${a} of size ${x.shape[a]} in shape ${formatShape(x.shape)}; expected size 1`);
  }
  return reshape(x, x.shape.filter((_, i) => !axes.includes(i)));
}

/** Collapses all axes after the first: [batch, ...] -> [batch, rest]. */
export function flatten(x: Tensor): Tensor {
  x = asTensor('flatten', x);
  return reshape(x, [x.shape[0] ?? 1, -1]);
}
