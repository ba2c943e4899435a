import { allocate, dtypeOf, type DataArray } from '../../dtype.js';
import { sizeOf, type Shape } from '../../shape.js';
import type { ReduceOp } from '../backend.js';
import { transposeImpl } from './layout.js';

/**
 * Views the reduction as [outer, reduced, inner] when the reduced axes are contiguous (the common
 * cases: last axis, leading batch axis, all axes); otherwise returns null.
 */
function contiguousSplit(shape: Shape, axes: readonly number[]): [number, number, number] | null {
  for (let i = 1; i < axes.length; i++) if (axes[i] !== axes[i - 1] + 1) return null;
  const first = axes[0];
  const last = axes[axes.length - 1];
  return [sizeOf(shape.slice(0, first)), sizeOf(shape.slice(first, last + 1)), sizeOf(shape.slice(last + 1))];
}

export function reduce(op: ReduceOp, x: DataArray, shape: Shape, axes: readonly number[]): DataArray {
  if (axes.length === 0) return x.slice();
  const split = contiguousSplit(shape, axes);
  if (split) return reduceContiguous(op, x, ...split);
  // General case: move reduced axes last, then reduce the trailing block.
  const kept = shape.map((_, i) => i).filter((i) => !axes.includes(i));
  const perm = [...kept, ...axes];
  const moved = transposeImpl(x, shape, perm);
  return reduceContiguous(op, moved, sizeOf(kept.map((i) => shape[i])), sizeOf(axes.map((i) => shape[i])), 1);
}

function reduceContiguous(op: ReduceOp, x: DataArray, outer: number, red: number, inner: number): DataArray {
  const out = allocate(dtypeOf(x), outer * inner);
  if (red === 0) {
    if (op !== 'sum') throw new Error(`${op}: cannot reduce over an axis of size 0`);
    return out;
  }
  for (let o = 0; o < outer; o++) {
    const base = o * red * inner;
    const ob = o * inner;
    if (inner === 1) {
      let acc = x[base];
      if (op === 'sum') for (let r = 1; r < red; r++) acc += x[base + r];
      else if (op === 'max') for (let r = 1; r < red; r++) { const v = x[base + r]; if (v > acc || v !== v) acc = v; }
      else for (let r = 1; r < red; r++) { const v = x[base + r]; if (v < acc || v !== v) acc = v; }
      out[ob] = acc;
      continue;
    }
    for (let i = 0; i < inner; i++) out[ob + i] = x[base + i];
    for (let r = 1; r < red; r++) {
      const row = base + r * inner;
      if (op === 'sum') for (let i = 0; i < inner; i++) out[ob + i] += x[row + i];
      else if (op === 'max') for (let i = 0; i < inner; i++) { const v = x[row + i]; if (v > out[ob + i] || v !== v) out[ob + i] = v; }
      else for (let i = 0; i < inner; i++) { const v = x[row + i]; if (v < out[ob + i] || v !== v) out[ob + i] = v; }
    }
  }
  return out;
}

export function argReduce(op: 'argmax' | 'argmin', x: DataArray, shape: Shape, axis: number): DataArray {
  const outer = sizeOf(shape.slice(0, axis));
  const red = shape[axis];
  const inner = sizeOf(shape.slice(axis + 1));
  if (red === 0) throw new Error(`${op}: cannot reduce over an axis of size 0`);
  const out = allocate(dtypeOf(x), outer * inner);
  // the first NaN is the extreme (NumPy and PyTorch): a NaN input must not hide behind a finite index
  const better = op === 'argmax'
    ? (v: number, best: number) => v > best || (v !== v && best === best)
    : (v: number, best: number) => v < best || (v !== v && best === best);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * red * inner + i;
      let best = x[base];
      let bestIdx = 0;
      for (let r = 1; r < red; r++) {
        const v = x[base + r * inner];
        if (better(v, best)) { best = v; bestIdx = r; }
      }
      out[o * inner + i] = bestIdx;
    }
  }
  return out;
}
