import type { Tensor } from '../tensor.js';
import type { DType } from '../dtype.js';
import { formatShape } from '../shape.js';
import { tensor, type TensorOptions, type TensorValues } from '../ops/creation.js';

function ranked(op: string, rank: number, values: TensorValues, shape: readonly number[] | undefined, options: TensorOptions | DType | undefined): Tensor {
  const t = tensor(values, shape, options);
  if (t.rank !== rank) throw new Error(`${op}: expected values of rank ${rank}, got shape ${formatShape(t.shape)}; use tensor() for any rank`);
  return t;
}

/** A rank-1 tensor, as TF.js's `tf.tensor1d`. @example tensor1d([1, 2, 3]) */
export function tensor1d(values: TensorValues, options?: TensorOptions | DType): Tensor {
  return ranked('tensor1d', 1, values, undefined, options);
}

/** A rank-2 tensor, as TF.js's `tf.tensor2d`. @example tensor2d([[1, 2], [3, 4]]) */
export function tensor2d(values: TensorValues, shape?: readonly number[], options?: TensorOptions | DType): Tensor {
  return ranked('tensor2d', 2, values, shape, options);
}

/** A rank-3 tensor, as TF.js's `tf.tensor3d`. @example tensor3d([1, 2, 3, 4], [1, 2, 2]) */
export function tensor3d(values: TensorValues, shape?: readonly number[], options?: TensorOptions | DType): Tensor {
  return ranked('tensor3d', 3, values, shape, options);
}

/** A rank-4 tensor, as TF.js's `tf.tensor4d` (NHWC images). @example tensor4d(new Float32Array(784), [1, 28, 28, 1]) */
export function tensor4d(values: TensorValues, shape?: readonly number[], options?: TensorOptions | DType): Tensor {
  return ranked('tensor4d', 4, values, shape, options);
}
