import { allocate, assertDType, castData, type DType } from '../dtype.js';
import { normalSample, rngFor } from '../random.js';
import { assertShape, formatShape, sizeOf } from '../shape.js';
import { Tensor } from '../tensor.js';

export interface TensorOptions {
  /** 'float32' (default) or 'float64'. */
  dtype?: DType;
  /** Track gradients for this tensor (a leaf of the graph). */
  requiresGrad?: boolean;
}

type Nested = number | readonly Nested[];
export type TensorValues = Nested | ArrayLike<number>;

function inferShapeAndFlatten(values: unknown): { shape: number[]; flat: number[] } {
  const shape: number[] = [];
  let probe: unknown = values;
  while (Array.isArray(probe)) {
    shape.push(probe.length);
    probe = probe[0];
  }
  const flat: number[] = [];
  const walk = (v: unknown, depth: number, path: string): void => {
    if (depth === shape.length) {
      if (typeof v !== 'number') {
        throw new Error(`tensor: non-numeric value ${JSON.stringify(v) ?? String(v)} at ${path || 'the top level'}; expected numbers`);
      }
      flat.push(v);
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[depth]) {
      throw new Error(`tensor: ragged nested array at ${path || 'the top level'}: expected ${shape[depth]} elements, got ${Array.isArray(v) ? v.length : JSON.stringify(v)}`);
    }
    v.forEach((e, i) => walk(e, depth + 1, `${path}[${i}]`));
  };
  walk(values, 0, '');
  return { shape, flat };
}

/**
 * Creates a tensor from a number, nested arrays or a typed array (copied).
 * @example tensor([[1, 2], [3, 4]]) // shape [2, 2], float32
 * @example tensor([1, 2, 3, 4], [2, 2], { dtype: 'float64', requiresGrad: true })
 */
export function tensor(values: TensorValues, shape?: readonly number[], options: TensorOptions = {}): Tensor {
  const dtype = assertDType('tensor', options.dtype ?? 'float32');
  let flat: ArrayLike<number>;
  let inferred: number[];
  if (typeof values === 'number') {
    flat = [values];
    inferred = [];
  } else if (ArrayBuffer.isView(values)) {
    flat = values as unknown as ArrayLike<number>;
    inferred = [flat.length];
  } else if (Array.isArray(values)) {
    ({ flat, shape: inferred } = inferShapeAndFlatten(values));
  } else {
    throw new Error(`tensor: expected a number, nested arrays or a typed array, got ${values === null ? 'null' : typeof values}`);
  }
  const target = shape === undefined ? inferred : assertShape('tensor', shape);
  if (sizeOf(target) !== flat.length) {
    throw new Error(`tensor: ${flat.length} values do not fill shape ${formatShape(target)} (${sizeOf(target)} elements)`);
  }
  return new Tensor(castData(flat, dtype), target, options.requiresGrad ?? false);
}

/** A scalar (rank-0) tensor. */
export function scalar(value: number, options: TensorOptions = {}): Tensor {
  return tensor(value, [], options);
}

/** A tensor of `shape` filled with `value`. @example full([2, 2], 7) */
export function full(shape: readonly number[], value: number, options: TensorOptions = {}): Tensor {
  const s = assertShape('full', shape);
  const data = allocate(assertDType('full', options.dtype ?? 'float32'), sizeOf(s));
  if (value !== 0) data.fill(value);
  return new Tensor(data, s, options.requiresGrad ?? false);
}

/** Zeros of `shape`. @example zeros([2, 3]) */
export function zeros(shape: readonly number[], options: TensorOptions = {}): Tensor {
  return full(shape, 0, options);
}

/** Ones of `shape`. @example ones([3]) */
export function ones(shape: readonly number[], options: TensorOptions = {}): Tensor {
  return full(shape, 1, options);
}

export function zerosLike(x: Tensor): Tensor {
  return zeros(x.shape, { dtype: x.dtype });
}

export function onesLike(x: Tensor): Tensor {
  return ones(x.shape, { dtype: x.dtype });
}

/**
 * Evenly spaced values in [start, stop) (one argument: [0, stop)).
 * @example arange(5) // [0, 1, 2, 3, 4]
 * @example arange(1, 2, 0.25) // [1, 1.25, 1.5, 1.75]
 */
export function arange(start: number, stop?: number, step = 1, options: TensorOptions = {}): Tensor {
  if (stop === undefined) [start, stop] = [0, start];
  if (step === 0 || !Number.isFinite(step)) throw new Error(`arange: step must be a finite non-zero number, got ${step}`);
  const n = Math.max(Math.ceil((stop - start) / step), 0);
  const data = allocate(options.dtype ?? 'float32', n);
  for (let i = 0; i < n; i++) data[i] = start + i * step;
  return new Tensor(data, [n], options.requiresGrad ?? false);
}

/** `num` evenly spaced values from start to stop inclusive. @example linspace(0, 1, 3) // [0, 0.5, 1] */
export function linspace(start: number, stop: number, num: number, options: TensorOptions = {}): Tensor {
  if (!Number.isInteger(num) || num < 0) throw new Error(`linspace: num must be a non-negative integer, got ${num}`);
  const data = allocate(options.dtype ?? 'float32', num);
  const step = num > 1 ? (stop - start) / (num - 1) : 0;
  for (let i = 0; i < num; i++) data[i] = i === num - 1 && num > 1 ? stop : start + i * step;
  return new Tensor(data, [num], options.requiresGrad ?? false);
}

/** The n x m identity matrix (m defaults to n). @example eye(2) // [[1, 0], [0, 1]] */
export function eye(n: number, m = n, options: TensorOptions = {}): Tensor {
  if (!Number.isInteger(n) || n < 0 || !Number.isInteger(m) || m < 0) throw new Error(`eye: sizes must be non-negative integers, got ${n} x ${m}`);
  const data = allocate(options.dtype ?? 'float32', n * m);
  for (let i = 0; i < Math.min(n, m); i++) data[i * m + i] = 1;
  return new Tensor(data, [n, m], options.requiresGrad ?? false);
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
  const { mean = 0, stddev = 1 } = options;
  if (!(stddev >= 0)) throw new Error(`randomNormal: stddev must be >= 0, got ${stddev}`);
  const rng = rngFor(options.seed);
  const data = allocate(options.dtype ?? 'float32', sizeOf(s));
  for (let i = 0; i < data.length; i++) data[i] = mean + stddev * normalSample(rng);
  return new Tensor(data, s, options.requiresGrad ?? false);
}

export interface RandomUniformOptions extends TensorOptions {
  minval?: number;
  maxval?: number;
  seed?: number;
}

/** Samples uniformly from [minval, maxval) (default [0, 1)). */
export function randomUniform(shape: readonly number[], options: RandomUniformOptions = {}): Tensor {
  const s = assertShape('randomUniform', shape);
  const { minval = 0, maxval = 1 } = options;
  if (!(maxval >= minval)) throw new Error(`randomUniform: maxval ${maxval} must be >= minval ${minval}`);
  const rng = rngFor(options.seed);
  const data = allocate(options.dtype ?? 'float32', sizeOf(s));
  for (let i = 0; i < data.length; i++) data[i] = minval + (maxval - minval) * rng();
  return new Tensor(data, s, options.requiresGrad ?? false);
}
