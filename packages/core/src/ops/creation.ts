import { allocate, assertDType, castData, type DType } from '../dtype.js';
import { normalSample, rngFor } from '../random.js';
import { checkBoolean, checkNumber, checkOptionalNumber, checkOptions, checkSeed, describeValue } from '../options.js';
import { MAX_TENSOR_ELEMENTS, assertShape, assertSize, formatShape, sizeOf } from '../shape.js';
import { Tensor } from '../tensor.js';

export interface TensorOptions {
  /** 'float32' (default) or 'float64'. */
  dtype?: DType;
  /** Track gradients for this tensor (a leaf of the graph). */
  requiresGrad?: boolean;
}

type Nested = number | readonly Nested[];
export type TensorValues = Nested | ArrayLike<number>;

const TENSOR_OPTION_KEYS = ['dtype', 'requiresGrad'] as const;

/** The dtype and requiresGrad of a creation op's options, checked (unknown keys, wrong types). */
function creationOptions(op: string, options: unknown, extraKeys: readonly string[] = []): { dtype: DType; requiresGrad: boolean } {
  // TF.js passes the dtype itself as the last argument: tensor(values, shape, 'float32')
  if (typeof options === 'string') options = { dtype: options };
  checkOptions(op, options, [...TENSOR_OPTION_KEYS, ...extraKeys]);
  const o = (options ?? {}) as TensorOptions;
  return { dtype: assertDType(op, o.dtype ?? 'float32'), requiresGrad: checkBoolean(op, 'requiresGrad', o.requiresGrad, false) };
}

function inferShapeAndFlatten(values: readonly unknown[]): { shape: number[]; flat: number[] } {
  const shape: number[] = [];
  let probe: unknown = values;
  while (Array.isArray(probe)) {
    shape.push(probe.length);
    probe = probe[0];
  }
  assertSize('tensor', shape);
  const flat: number[] = [];
  const walk = (v: unknown, depth: number, path: string): void => {
    if (depth === shape.length) {
      if (typeof v !== 'number') {
        const what = Array.isArray(v) ? `an array where a number was expected (ragged nesting: ${shape.length} levels deep elsewhere)` : `non-numeric value ${describeValue(v)}`;
        throw new Error(`tensor: ${what} at ${path || 'the top level'}; expected numbers nested ${shape.length} deep to fill shape ${formatShape(shape)}`);
      }
      flat.push(v);
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[depth]) {
      throw new Error(`tensor: ragged nested array at ${path || 'the top level'}: expected an array of ${shape[depth]} elements, got ${Array.isArray(v) ? `${v.length} elements` : describeValue(v)}`);
    }
    // an index loop, not forEach: forEach skips holes ([1, , 3]), which must be reported
    for (let i = 0; i < v.length; i++) {
      if (!(i in v)) throw new Error(`tensor: a hole (missing element) at ${path}[${i}]; expected a number there`);
      walk(v[i], depth + 1, `${path}[${i}]`);
    }
  };
  walk(values, 0, '');
  return { shape, flat };
}

/** The values of a typed array as numbers; bigint arrays and DataViews are refused rather than converted. */
function typedValues(values: ArrayBufferView): ArrayLike<number> {
  if (values instanceof BigInt64Array || values instanceof BigUint64Array) {
    throw new Error(`tensor: got a ${values.constructor.name}; bigint values are not supported, expected a Float32Array, Float64Array or another numeric typed array (convert with Float64Array.from(values, Number))`);
  }
  if (values instanceof DataView) throw new Error('tensor: got a DataView; expected a numeric typed array such as a Float32Array');
  return values as unknown as ArrayLike<number>;
}

/**
 * Creates a tensor from a number, nested arrays or a typed array (copied).
 * @example tensor([[1, 2], [3, 4]]) // shape [2, 2], float32
 * @example tensor([1, 2, 3, 4], [2, 2], { dtype: 'float64', requiresGrad: true })
 * @example tensor([1, 2], [2], 'float64') // the dtype alone, as TF.js takes it
 */
export function tensor(values: TensorValues, shape?: readonly number[], options: TensorOptions | DType = {}): Tensor {
  const { dtype, requiresGrad } = creationOptions('tensor', options);
  let flat: ArrayLike<number>;
  let inferred: number[];
  if (typeof values === 'number') {
    flat = [values];
    inferred = [];
  } else if (ArrayBuffer.isView(values)) {
    flat = typedValues(values);
    inferred = [flat.length];
  } else if (Array.isArray(values)) {
    ({ flat, shape: inferred } = inferShapeAndFlatten(values));
  } else {
    throw new Error(`tensor: expected a number, nested arrays or a typed array, got ${describeValue(values)}`);
  }
  const target = shape === undefined || shape === null ? inferred : assertShape('tensor', shape);
  if (sizeOf(target) !== flat.length) {
    throw new Error(`tensor: ${flat.length} values do not fill shape ${formatShape(target)} (${sizeOf(target)} elements)`);
  }
  return new Tensor(castData(flat, dtype), target, requiresGrad);
}

/** A scalar (rank-0) tensor. */
export function scalar(value: number, options: TensorOptions | DType = {}): Tensor {
  return tensor(value, [], options);
}

/** A tensor of `shape` filled with `value`. @example full([2, 2], 7) */
export function full(shape: readonly number[], value: number, options: TensorOptions = {}): Tensor {
  const s = assertShape('full', shape);
  const { dtype, requiresGrad } = creationOptions('full', options);
  if (typeof value !== 'number') throw new Error(`full: value must be a number, got ${describeValue(value)}`);
  const data = allocate(dtype, sizeOf(s));
  if (value !== 0) data.fill(value);
  return new Tensor(data, s, requiresGrad);
}

/** Zeros of `shape`. @example zeros([2, 3]) */
export function zeros(shape: readonly number[], options: TensorOptions = {}): Tensor {
  return filled('zeros', shape, 0, options);
}

/** Ones of `shape`. @example ones([3]) */
export function ones(shape: readonly number[], options: TensorOptions = {}): Tensor {
  return filled('ones', shape, 1, options);
}

function filled(op: string, shape: readonly number[], value: number, options: TensorOptions): Tensor {
  const s = assertShape(op, shape);
  const { dtype, requiresGrad } = creationOptions(op, options);
  const data = allocate(dtype, sizeOf(s));
  if (value !== 0) data.fill(value);
  return new Tensor(data, s, requiresGrad);
}

/** Zeros of `x`'s shape and dtype. */
export function zerosLike(x: Tensor): Tensor {
  return zeros(tensorArg('zerosLike', x).shape, { dtype: x.dtype });
}

/** Ones of `x`'s shape and dtype. */
export function onesLike(x: Tensor): Tensor {
  return ones(tensorArg('onesLike', x).shape, { dtype: x.dtype });
}

function tensorArg(op: string, x: unknown): Tensor {
  if (!(x instanceof Tensor)) throw new Error(`${op}: expected a Tensor, got ${describeValue(x)}`);
  return x;
}

/**
 * Evenly spaced values in [start, stop) (one argument: [0, stop)).
 * @example arange(5) // [0, 1, 2, 3, 4]
 * @example arange(1, 2, 0.25) // [1, 1.25, 1.5, 1.75]
 */
export function arange(start: number, stop?: number, step = 1, options: TensorOptions = {}): Tensor {
  if (stop === undefined) [start, stop] = [0, start];
  checkNumber('arange', 'start', start);
  checkNumber('arange', 'stop', stop);
  checkNumber('arange', 'step', step);
  if (step === 0) throw new Error('arange: step must be a finite non-zero number, got 0');
  const { dtype, requiresGrad } = creationOptions('arange', options);
  const n = Math.max(Math.ceil((stop - start) / step), 0);
  assertSize(`arange(${start}, ${stop}, ${step})`, [n]);
  const data = allocate(dtype, n);
  for (let i = 0; i < n; i++) data[i] = start + i * step;
  return new Tensor(data, [n], requiresGrad);
}

/** `num` evenly spaced values from start to stop inclusive. @example linspace(0, 1, 3) // [0, 0.5, 1] */
export function linspace(start: number, stop: number, num: number, options: TensorOptions = {}): Tensor {
  checkNumber('linspace', 'start', start);
  checkNumber('linspace', 'stop', stop);
  checkNumber('linspace', 'num', num, { integer: true, min: 0, max: MAX_TENSOR_ELEMENTS });
  const { dtype, requiresGrad } = creationOptions('linspace', options);
  const data = allocate(dtype, num);
  const step = num > 1 ? (stop - start) / (num - 1) : 0;
  for (let i = 0; i < num; i++) data[i] = i === num - 1 && num > 1 ? stop : start + i * step;
  return new Tensor(data, [num], requiresGrad);
}

/** The n x m identity matrix (m defaults to n). @example eye(2) // [[1, 0], [0, 1]] */
export function eye(n: number, m = n, options: TensorOptions = {}): Tensor {
  checkNumber('eye', 'n', n, { integer: true, min: 0 });
  checkNumber('eye', 'm', m, { integer: true, min: 0 });
  assertSize('eye', [n, m]);
  const { dtype, requiresGrad } = creationOptions('eye', options);
  const data = allocate(dtype, n * m);
  for (let i = 0; i < Math.min(n, m); i++) data[i * m + i] = 1;
  return new Tensor(data, [n, m], requiresGrad);
}

export interface RandomNormalOptions extends TensorOptions {
  mean?: number;
  stddev?: number;
  /** A seed for this call alone; otherwise the global generator (see setSeed). */
  seed?: number;
}

/** Samples from N(mean, stddev^2). @example randomNormal([2, 2], { stddev: 0.1, seed: 1 }) */
export function randomNormal(shape: readonly number[], options: RandomNormalOptions = {}): Tensor {
  const s = assertShape('randomNormal', shape);
  options ??= {};
  const { dtype, requiresGrad } = creationOptions('randomNormal', options, ['mean', 'stddev', 'seed']);
  const mean = checkOptionalNumber('randomNormal', 'mean', options.mean, 0);
  const stddev = checkOptionalNumber('randomNormal', 'stddev', options.stddev, 1, { min: 0 });
  const rng = rngFor(checkSeed('randomNormal', options.seed));
  const data = allocate(dtype, sizeOf(s));
  for (let i = 0; i < data.length; i++) data[i] = mean + stddev * normalSample(rng);
  return new Tensor(data, s, requiresGrad);
}

export interface RandomUniformOptions extends TensorOptions {
  minval?: number;
  maxval?: number;
  /** A seed for this call alone; otherwise the global generator (see setSeed). */
  seed?: number;
}

/** Samples uniformly from [minval, maxval) (default [0, 1)). */
export function randomUniform(shape: readonly number[], options: RandomUniformOptions = {}): Tensor {
  const s = assertShape('randomUniform', shape);
  options ??= {};
  const { dtype, requiresGrad } = creationOptions('randomUniform', options, ['minval', 'maxval', 'seed']);
  const minval = checkOptionalNumber('randomUniform', 'minval', options.minval, 0);
  const maxval = checkOptionalNumber('randomUniform', 'maxval', options.maxval, 1, { min: minval });
  const rng = rngFor(checkSeed('randomUniform', options.seed));
  const data = allocate(dtype, sizeOf(s));
  for (let i = 0; i < data.length; i++) data[i] = minval + (maxval - minval) * rng();
  return new Tensor(data, s, requiresGrad);
}
