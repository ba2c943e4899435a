import { constant, record } from '../autograd/record.js';
import { allocate } from '../dtype.js';
import { formatShape, normalizeAxis, shapesEqual, sizeOf, stridesOf, assertSize } from '../shape.js';
import { Tensor } from '../tensor.js';
import { asTensor, cast, describe, kernels } from './operands.js';
import { expandDims } from './reshape.js';
import { checkIndices } from './indices.js';
import { describeValue } from '../options.js';

/**
 * Permutes axes (default: reverses them). @example transpose(zeros([2, 3])).shape // [3, 2]
 */
export function transpose(x: Tensor, perm?: readonly number[]): Tensor {
  x = asTensor('transpose', x);
  if (perm !== undefined && !Array.isArray(perm)) throw new Error(`transpose: perm must be an array of axes, got ${describeValue(perm)}`);
  const p = perm ?? x.shape.map((_, i) => x.rank - 1 - i);
  const sorted = p.map((a) => normalizeAxis('transpose', a, x.rank)).sort((a, b) => a - b);
  if (p.length !== x.rank || sorted.some((a, i) => a !== i)) {
    throw new Error(`transpose: perm ${JSON.stringify(p)} is not a permutation of the ${x.rank} axes of ${formatShape(x.shape)}`);
  }
  const axes = p.map((a) => normalizeAxis('transpose', a, x.rank));
  const inverse = new Array<number>(axes.length);
  axes.forEach((a, i) => (inverse[a] = i));
  const shape = axes.map((a) => x.shape[a]);
  return record('transpose', kernels().transpose(x.values, x.shape, axes), shape, [x], (dy) => [transpose(dy, inverse)]);
}

/**
 * The box starting at `begin` of extent `size` (-1 means "to the end").
 * @example slice(tensor([1, 2, 3, 4]), [1], [2]) // [2, 3]
 */
export function slice(x: Tensor, begin: readonly number[], size?: readonly number[]): Tensor {
  x = asTensor('slice', x);
  if (!Array.isArray(begin) || (size !== undefined && !Array.isArray(size)) || begin.length !== x.rank || (size && size.length !== x.rank)) {
    throw new Error(`slice: begin ${JSON.stringify(begin)} and size ${JSON.stringify(size)} must each have one entry per axis of ${formatShape(x.shape)}`);
  }
  const b = begin.map((v, i) => (v < 0 ? v + x.shape[i] : v));
  const s = b.map((v, i) => (size === undefined || size[i] === -1 ? x.shape[i] - v : size[i]));
  b.forEach((v, i) => {
    if (!Number.isInteger(v) || !Number.isInteger(s[i]) || v < 0 || s[i] < 0 || v + s[i] > x.shape[i]) {
      throw new Error(`slice: begin ${JSON.stringify(begin)} with size ${JSON.stringify(size)} is out of bounds for shape ${formatShape(x.shape)} (axis ${i})`);
    }
  });
  if (shapesEqual(s, x.shape)) return x;
  return record('slice', kernels().slice(x.values, x.shape, b, s), s, [x], (dy) => [unslice(dy, b, x.shape)]);
}

/** The adjoint of slice: `x` placed at `begin` in zeros of `shape`. */
export function unslice(x: Tensor, begin: readonly number[], shape: readonly number[]): Tensor {
  return record('unslice', kernels().unslice(x.values, x.shape, begin, shape), shape, [x], (dy) => [slice(dy, begin, x.shape)]);
}

/** Joins tensors along an existing axis. @example concat([ones([2, 1]), zeros([2, 2])], 1).shape // [2, 3] */
export function concat(xs: readonly Tensor[], axis = 0): Tensor {
  if (!Array.isArray(xs) || xs.length === 0) throw new Error('concat: expected a non-empty array of tensors');
  const ts = xs.map((t, i) => asTensor('concat', t, 'float32', `tensor ${i}`));
  const a = normalizeAxis('concat', axis, ts[0].rank);
  const dtype = ts.some((t) => t.dtype === 'float64') ? 'float64' : 'float32';
  const inputs = ts.map((t) => cast(t, dtype));
  inputs.forEach((t, i) => {
    if (t.rank !== inputs[0].rank || t.shape.some((d, j) => j !== a && d !== inputs[0].shape[j])) {
      throw new Error(`concat: tensor ${i} has shape ${formatShape(t.shape)}, incompatible with ${formatShape(inputs[0].shape)} along axis ${a}; all axes but the concat axis must match`);
    }
  });
  const shape = inputs[0].shape.slice();
  shape[a] = inputs.reduce((n, t) => n + t.shape[a], 0);
  assertSize('concat', shape);
  const data = kernels().concat(inputs.map((t) => t.values), inputs.map((t) => t.shape), a);
  return record('concat', data, shape, inputs, (dy) => {
    let offset = 0;
    return inputs.map((t) => {
      const begin = shape.map((_, j) => (j === a ? offset : 0));
      offset += t.shape[a];
      return slice(dy, begin, t.shape);
    });
  });
}

/** Joins tensors of one shape along a new axis. @example stack([ones([2]), zeros([2])]).shape // [2, 2] */
export function stack(xs: readonly Tensor[], axis = 0): Tensor {
  if (!Array.isArray(xs) || xs.length === 0) throw new Error('stack: expected a non-empty array of tensors');
  xs.forEach((t, i) => {
    if (!(t instanceof Tensor) || !shapesEqual(t.shape, xs[0].shape)) {
      throw new Error(`stack: tensor ${i} is ${describe(t)}; every tensor must have shape ${formatShape(xs[0].shape)}`);
    }
  });
  const a = normalizeAxis('stack', axis, xs[0].rank + 1);
  return concat(xs.map((t) => expandDims(t, a)), a);
}

/** out[i] = x[indices[i]] over flat storage; the gradient scatters back. */
export function gatherFlat(x: Tensor, indices: Int32Array, shape: readonly number[]): Tensor {
  return record('gather', kernels().gatherFlat(x.values, indices), shape, [x], (dy) => [scatterAddFlat(dy, indices, x.shape)]);
}

/** The adjoint of gatherFlat: sums `x` into zeros of `shape` at `indices`. */
export function scatterAddFlat(x: Tensor, indices: Int32Array, shape: readonly number[]): Tensor {
  const data = kernels().scatterAddFlat(x.values, indices, sizeOf(shape), x.dtype);
  return record('scatterAdd', data, shape, [x], (dy) => [gatherFlat(dy, indices, x.shape)]);
}

/**
 * Picks slices along `axis` by integer indices: out.shape = x.shape[:axis] + indices.shape + x.shape[axis+1:].
 * @example gather(tensor([[1, 2], [3, 4]]), [1, 0]) // [[3, 4], [1, 2]]
 */
export function gather(x: Tensor, indices: Tensor | readonly number[], axis = 0): Tensor {
  x = asTensor('gather', x);
  const a = normalizeAxis('gather', axis, x.rank);
  const { values, shape: idxShape } = checkIndices('gather', indices, x.shape[a]);
  assertSize('gather', [...x.shape.slice(0, a), ...idxShape, ...x.shape.slice(a + 1)]);
  const outer = sizeOf(x.shape.slice(0, a));
  const inner = sizeOf(x.shape.slice(a + 1));
  const stride = stridesOf(x.shape)[a];
  const flat = new Int32Array(outer * values.length * inner);
  let k = 0;
  for (let o = 0; o < outer; o++)
    for (const v of values)
      for (let i = 0; i < inner; i++) flat[k++] = o * x.shape[a] * inner + v * stride + i;
  return gatherFlat(x, flat, [...x.shape.slice(0, a), ...idxShape, ...x.shape.slice(a + 1)]);
}

/**
 * One-hot vectors: out[..., i] = 1 where i equals the index. No gradient.
 * @example oneHot(tensor([0, 2]), 3) // [[1, 0, 0], [0, 0, 1]]
 */
export function oneHot(indices: Tensor | readonly number[], depth: number): Tensor {
  if (!Number.isInteger(depth) || depth <= 0) throw new Error(`oneHot: depth must be a positive integer, got ${depth}`);
  const { values, shape } = checkIndices('oneHot', indices, depth);
  assertSize('oneHot', [...shape, depth]);
  const data = allocate('float32', values.length * depth);
  values.forEach((v, i) => (data[i * depth + v] = 1));
  return constant(data, [...shape, depth]);
}
