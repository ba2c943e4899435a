import { dtypeOf, type DataArray, type DType } from './dtype.js';
import type { GradNode } from './autograd/node.js';
import { formatShape, sizeOf, type Shape } from './shape.js';

/** Anything an op accepts as an operand: a tensor or a plain number. */
export type TensorLike = Tensor | number;

/** Values as nested arrays: a number for a scalar, number[] for a vector, number[][] for a matrix, ... */
export type NestedNumbers = number | NestedNumbers[];

/**
 * An n-dimensional array of float32 or float64 numbers with reverse-mode autograd.
 * Storage is a plain typed array freed by the garbage collector: there is nothing to dispose.
 * Chainable op methods (`x.matmul(w).add(b).relu()`) are attached in `methods.ts`.
 */
export class Tensor {
  /** The size of each axis. */
  readonly shape: Shape;
  /**
   * The row-major storage itself (shared with reshapes of this tensor: treat it as read-only). Kernels and
   * in-place updates use it; programs read values with `dataSync()`, `await data()` or `toArray()`. An
   * optimizer's first step moves a parameter's storage into the backend's memory (`makeResident`), so
   * an array taken from `values` before training no longer follows the parameter.
   */
  readonly values: DataArray;
  /** Whether gradients flow to this tensor; leaves with it set receive `.grad` from `backward()`. */
  requiresGrad: boolean;
  /** Accumulated gradient (same shape), filled by `backward()`; assignable, as in PyTorch. */
  grad: Tensor | null = null;
  /**
   * The op that made this tensor (null for leaves). Once a backward() frees the graph it is a marker that
   * makes a second backward through this tensor throw (see BackwardOptions.retainGraph).
   */
  node: GradNode | null;

  constructor(data: DataArray, shape: Shape, requiresGrad = false, node: GradNode | null = null) {
    if (sizeOf(shape) !== data.length) {
      throw new Error(`Tensor: shape ${formatShape(shape)} holds ${sizeOf(shape)} elements but the data has ${data.length}`);
    }
    this.values = data;
    this.shape = Object.freeze(shape.slice());
    this.requiresGrad = requiresGrad;
    this.node = node;
  }

  get dtype(): DType {
    return dtypeOf(this.values);
  }

  /** Number of elements. */
  get size(): number {
    return this.values.length;
  }

  /** Number of axes. */
  get rank(): number {
    return this.shape.length;
  }

  /** True for tensors not produced by a recorded op. */
  get isLeaf(): boolean {
    return this.node === null;
  }

  /** A copy of the values as a flat row-major typed array. */
  dataSync(): DataArray {
    return this.values.slice();
  }

  /**
   * The values as a flat row-major typed array, asynchronously (TF.js's `await t.data()`); a copy, as
   * `dataSync()` gives.
   * @example const [first] = await tensor([1, 2]).data(); // 1
   */
  async data(): Promise<DataArray> {
    return this.dataSync();
  }

  /**
   * The values as nested arrays (a number for a scalar). Name the shape you expect to index into it.
   * @example const rows = tensor([[1, 2], [3, 4]]).toArray<number[][]>(); // rows[1][0] === 3
   */
  toArray<T extends NestedNumbers = NestedNumbers>(): T {
    const { values, shape } = this;
    if (shape.length === 0) return values[0] as T;
    const build = (axis: number, offset: number, stride: number): any[] => {
      const n = shape[axis];
      const inner = stride / n;
      const out = new Array(n);
      for (let i = 0; i < n; i++) {
        out[i] = axis === shape.length - 1 ? values[offset + i] : build(axis + 1, offset + i * inner, inner);
      }
      return out;
    };
    return build(0, 0, values.length) as T;
  }

  /** The values as nested arrays (a number for a scalar), as TF.js's `arraySync()`. */
  arraySync<T extends NestedNumbers = NestedNumbers>(): T {
    return this.toArray<T>();
  }

  /** The values as nested arrays, resolved as a promise, as TF.js's `await t.array()`. */
  async array<T extends NestedNumbers = NestedNumbers>(): Promise<T> {
    return this.toArray<T>();
  }

  /** Accepted for code written for TF.js: storage is freed by the garbage collector once unreferenced. */
  dispose(): void {}

  /** The single value of a one-element tensor. */
  item(): number {
    if (this.size !== 1) throw new Error(`item: expected a tensor with one element, got shape ${formatShape(this.shape)} (${this.size} elements)`);
    return this.values[0];
  }

  /** A tensor sharing this one's values with no graph history and no gradient tracking. */
  detach(): Tensor {
    return new Tensor(this.values, this.shape);
  }

  /** Nested values with float32 numbers at their shortest round-tripping decimal (3.6, not 3.5999999). */
  toString(): string {
    const short = this.dtype === 'float32' ? shortestFloat32 : (v: number) => String(v);
    const fmt = (v: any): string => (Array.isArray(v) ? `[${v.map(fmt).join(', ')}]` : short(v));
    const body = fmt(this.toArray());
    return body.length > 2000 ? `${body.slice(0, 2000)}... shape=${formatShape(this.shape)}` : body;
  }

  /** Prints the values to the console (TF.js's `print()`). */
  print(): void {
    console.log(this.toString());
  }
}

/** The shortest decimal that reads back as the same float32 value. */
export function shortestFloat32(v: number): string {
  if (!Number.isFinite(v) || Number.isInteger(v)) return String(v);
  for (let p = 1; p < 10; p++) {
    const s = Number(v.toPrecision(p));
    if (Math.fround(s) === v) return String(s);
  }
  return String(v);
}
