import { MAX_TENSOR_ELEMENTS } from './shape.js';

/** Element type of a tensor. float32 is the default; float64 is for gradient checks and precise work. */
export type DType = 'float32' | 'float64';

/** The storage behind a tensor: a plain typed array owned by the garbage collector. */
export type DataArray = Float32Array | Float64Array;

export const DTYPES: readonly DType[] = ['float32', 'float64'];

/**
 * Zeroed storage for `size` elements. Ops check sizes against MAX_TENSOR_ELEMENTS with their own names
 * first; this is the last guard, so an allocation never fails as a raw RangeError.
 */
export function allocate(dtype: DType, size: number): DataArray {
  if (!Number.isInteger(size) || size < 0 || size > MAX_TENSOR_ELEMENTS) {
    throw new Error(`allocate: cannot allocate ${size} ${dtype} elements; expected an integer from 0 to ${MAX_TENSOR_ELEMENTS} (2^30, the most one tensor may hold)`);
  }
  return dtype === 'float64' ? new Float64Array(size) : new Float32Array(size);
}

/** Copies `data` into a new array of `dtype` (always a copy, so callers may mutate the result). */
export function castData(data: ArrayLike<number>, dtype: DType): DataArray {
  return dtype === 'float64' ? Float64Array.from(data) : Float32Array.from(data);
}

export function dtypeOf(data: DataArray): DType {
  return data instanceof Float64Array ? 'float64' : 'float32';
}

/** The wider of two dtypes: mixing float32 with float64 computes in float64, as NumPy and PyTorch do. */
export function promoteDTypes(a: DType, b: DType): DType {
  return a === 'float64' || b === 'float64' ? 'float64' : 'float32';
}

export function assertDType(op: string, dtype: unknown): DType {
  if (dtype === 'float32' || dtype === 'float64') return dtype;
  throw new Error(`${op}: unsupported dtype ${JSON.stringify(dtype)}; expected 'float32' or 'float64'`);
}
