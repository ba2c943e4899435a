import { allocate, assertDType, promoteDTypes, type DType } from '../dtype.js';
import { record } from '../autograd/record.js';
import { formatShape } from '../shape.js';
import { Tensor, type TensorLike } from '../tensor.js';
import { kernels } from '../backend/registry.js';

/** A scalar tensor of `dtype` holding `value`. */
export function scalarOf(value: number, dtype: DType): Tensor {
  const data = allocate(dtype, 1);
  data[0] = value;
  return new Tensor(data, []);
}

/** Checks that `x` is a tensor (or a number, made a scalar of `dtype`). */
export function asTensor(op: string, x: TensorLike, dtype: DType = 'float32', what = 'input'): Tensor {
  if (x instanceof Tensor) return x;
  if (typeof x === 'number') return scalarOf(x, dtype);
  throw new Error(`${op}: ${what} must be a Tensor or a number, got ${describe(x)}`);
}

/** Two operands as tensors of one dtype (numbers take the other operand's dtype; float32 with float64 widens). */
export function asPair(op: string, a: TensorLike, b: TensorLike): [Tensor, Tensor] {
  const dtA = a instanceof Tensor ? a.dtype : undefined;
  const dtB = b instanceof Tensor ? b.dtype : undefined;
  const dtype = dtA && dtB ? promoteDTypes(dtA, dtB) : (dtA ?? dtB ?? 'float32');
  return [cast(asTensor(op, a, dtype, 'first operand'), dtype), cast(asTensor(op, b, dtype, 'second operand'), dtype)];
}

/**
 * Converts a tensor to another dtype (gradients convert back).
 * @example cast(x, 'float64')
 */
export function cast(x: Tensor, dtype: DType): Tensor {
  x = asTensor('cast', x);
  assertDType('cast', dtype);
  if (x.dtype === dtype) return x;
  const data = allocate(dtype, x.size);
  data.set(x.values);
  return record('cast', data, x.shape, [x], (dy) => [cast(dy, x.dtype)]);
}

export function describe(x: unknown): string {
  if (x instanceof Tensor) return `a tensor of shape ${formatShape(x.shape)}`;
  if (Array.isArray(x)) return 'an array';
  if (x === null) return 'null';
  return typeof x === 'object' ? (x as object).constructor?.name ?? 'an object' : `${typeof x} ${String(x)}`;
}

export { kernels };
