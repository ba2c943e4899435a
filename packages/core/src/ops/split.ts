import { formatShape, normalizeAxis } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { gather, slice } from './layout.js';
import { asTensor } from './operands.js';
import { squeeze } from './reshape.js';

/**
 * Splits x along `axis` into `numOrSizeSplits` equal parts, or into parts of the given sizes (one of them
 * may be -1: the rest). Each part is a slice, so its gradient lands in its own block of x (zeros elsewhere).
 * @example split(tensor([[1, 2, 3, 4]]), 2, 1) // [[[1, 2]], [[3, 4]]]
 */
export function split(x: Tensor, numOrSizeSplits: number | readonly number[], axis = 0): Tensor[] {
  const xt = asTensor('split', x);
  const a = normalizeAxis('split', axis, xt.rank);
  const length = xt.shape[a];
  const sizes = splitSizes(numOrSizeSplits, length, xt.shape, a);
  let offset = 0;
  return sizes.map((s) => {
    const begin = xt.shape.map((_, i) => (i === a ? offset : 0));
    const size = xt.shape.map((d, i) => (i === a ? s : d));
    offset += s;
    return slice(xt, begin, size);
  });
}

function splitSizes(spec: number | readonly number[], length: number, shape: readonly number[], axis: number): number[] {
  if (typeof spec === 'number') {
    if (!Number.isInteger(spec) || spec < 1 || length % spec !== 0) {
      throw new Error(`split: ${JSON.stringify(spec)} equal parts do not divide axis ${axis} of size ${length} (shape ${formatShape(shape)})`);
    }
    return new Array<number>(spec).fill(length / spec);
  }
  const unknown = Array.isArray(spec) ? spec.filter((s) => s === -1).length : 0;
  if (!Array.isArray(spec) || spec.length === 0 || unknown > 1 || spec.some((s) => !Number.isInteger(s) || s < -1)) {
    throw new Error(`split: sizes must be a non-empty array of non-negative integers with at most one -1, got ${JSON.stringify(spec)}`);
  }
  const known = spec.reduce((n, s) => (s === -1 ? n : n + s), 0);
  if (unknown ? known > length : known !== length) {
    throw new Error(`split: sizes ${JSON.stringify(spec)} do not add up to axis ${axis} of size ${length} (shape ${formatShape(shape)})`);
  }
  return spec.map((s) => (s === -1 ? length - known : s));
}

/**
 * The slices of x along `axis` with that axis removed: the inverse of stack (an RNN's steps from
 * [batch, time, features]). Gradients flow back into each slice's position.
 * @example unstack(tensor([[1, 2], [3, 4]])) // [[1, 2], [3, 4]] as two tensors of shape [2]
 */
export function unstack(x: Tensor, axis = 0): Tensor[] {
  const xt = asTensor('unstack', x);
  if (xt.rank === 0) throw new Error('unstack: expected a tensor of rank >= 1, got a scalar');
  const a = normalizeAxis('unstack', axis, xt.rank);
  if (xt.shape[a] === 0) return [];
  return split(xt, xt.shape[a], a).map((t) => squeeze(t, a));
}

/**
 * Reverses the order of elements along the given axes (all of them by default), as a Keras RNN with
 * goBackwards reads time. A gather, so the gradient is reversed back.
 * @example reverse(tensor([1, 2, 3])) // [3, 2, 1]
 */
export function reverse(x: Tensor, axis?: number | readonly number[]): Tensor {
  let out = asTensor('reverse', x);
  const axes = axis === undefined ? out.shape.map((_, i) => i) : typeof axis === 'number' ? [axis] : axis;
  if (!Array.isArray(axes) && typeof axis !== 'number') throw new Error(`reverse: axis must be a number or an array of numbers, got ${JSON.stringify(axis)}`);
  const seen = new Set<number>();
  for (const raw of axes) {
    const a = normalizeAxis('reverse', raw, out.rank);
    if (seen.has(a)) throw new Error(`reverse: axis ${raw} is listed twice in ${JSON.stringify(axis)}`);
    seen.add(a);
    if (out.shape[a] > 1) out = gather(out, Array.from({ length: out.shape[a] }, (_, i) => out.shape[a] - 1 - i), a);
  }
  return out;
}
