import { describeValue } from './options.js';

/** A tensor shape: one non-negative integer per axis. */
export type Shape = readonly number[];

export function formatShape(shape: Shape): string {
  return `[${shape.join(',')}]`;
}

export function sizeOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Row-major strides (in elements). */
export function stridesOf(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i];
  }
  return strides;
}

export function shapesEqual(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The most elements one tensor may hold: 2^30 (4 GiB of float32). Larger requests are almost always a
 * mistake (a shape typo, an unbounded range) and would otherwise fail as a raw allocation error.
 */
export const MAX_TENSOR_ELEMENTS = 2 ** 30;

/**
 * Checks that `shape` is an array of non-negative integers (no holes) whose product is at most
 * MAX_TENSOR_ELEMENTS, naming the op, the offending axis and value. Returns a copy.
 */
export function assertShape(op: string, shape: unknown): number[] {
  if (!Array.isArray(shape)) {
    throw new Error(`${op}: invalid shape ${describeValue(shape)}; expected an array of non-negative integers`);
  }
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i];
    if (!(i in shape) || typeof d !== 'number' || !Number.isInteger(d) || d < 0) {
      throw new Error(`${op}: invalid shape ${describeValue(shape)}: axis ${i} is ${i in shape ? describeValue(d) : 'a hole'}; expected an array of non-negative integers`);
    }
  }
  assertSize(op, shape);
  return shape.slice();
}

/** Throws when a tensor of `shape` would exceed MAX_TENSOR_ELEMENTS. */
export function assertSize(op: string, shape: Shape): void {
  const size = sizeOf(shape);
  if (size > MAX_TENSOR_ELEMENTS) {
    throw new Error(`${op}: shape ${formatShape(shape)} holds ${size} elements, more than the ${MAX_TENSOR_ELEMENTS} (2^30) one tensor may hold`);
  }
}

/** NumPy broadcasting: align trailing axes; each pair must be equal or contain a 1. */
export function broadcastShapes(op: string, a: Shape, b: Shape): number[] {
  const rank = Math.max(a.length, b.length);
  const out = new Array<number>(rank);
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new Error(`${op}: shapes ${formatShape(a)} and ${formatShape(b)} cannot be broadcast together (axis ${i - rank}: ${da} vs ${db})`);
    }
    out[i] = da === 1 ? db : da;
  }
  assertSize(op, out);
  return out;
}

/** Resolves a possibly negative axis against `rank`, or throws naming the op. */
export function normalizeAxis(op: string, axis: number, rank: number): number {
  if (typeof axis !== 'number' || !Number.isInteger(axis) || axis < -rank || axis >= Math.max(rank, 1)) {
    throw new Error(`${op}: axis ${describeValue(axis)} is out of range for a tensor of rank ${rank}; expected an integer in [${-rank}, ${Math.max(rank - 1, 0)}]`);
  }
  return axis < 0 ? axis + rank : axis;
}

/** Sorted, unique, non-negative axes; `undefined` or `null` means every axis. */
export function normalizeAxes(op: string, axis: number | readonly number[] | undefined | null, rank: number): number[] {
  if (axis === undefined || axis === null) return Array.from({ length: rank }, (_, i) => i);
  if (typeof axis !== 'number' && !Array.isArray(axis)) {
    throw new Error(`${op}: axis must be an integer, an array of integers, or undefined for every axis; got ${describeValue(axis)}`);
  }
  const list: readonly number[] = typeof axis === 'number' ? [axis] : axis;
  const out = [...new Set(Array.from(list, (a) => normalizeAxis(op, a, rank)))].sort((x, y) => x - y);
  if (out.length !== list.length) throw new Error(`${op}: repeated axis in ${describeValue(list)}; each axis may appear once`);
  return out;
}

/** The shape after reducing `axes` (kept as 1s with keepDims). */
export function reducedShape(shape: Shape, axes: readonly number[], keepDims: boolean): number[] {
  const out: number[] = [];
  shape.forEach((d, i) => {
    if (!axes.includes(i)) out.push(d);
    else if (keepDims) out.push(1);
  });
  return out;
}
