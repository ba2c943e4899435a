import { orthogonal } from './orthogonal.js';
import { Registry } from './named-registry.js';
import { Tensor, allocate, assertShape, checkChoice, checkOptionalNumber, checkOptions, checkSeed, normalSample, rngFor, sizeOf, type DType, type SnakeCase } from '@rectify/core';

/** Makes initial weight values; seeded through `setSeed` (or its own `seed`). */
export interface Initializer {
  /** Registered name, e.g. 'heNormal'. */
  readonly className: string;
  apply(shape: readonly number[], dtype?: DType): Tensor;
  getConfig(): Record<string, unknown>;
}

export type InitializerLike = InitializerName | Initializer;

/** Fan-in and fan-out as Keras computes them: dense [in, out]; conv [kh, kw, in, out] times the receptive field. */
export function computeFans(shape: readonly number[]): [number, number] {
  if (shape.length === 0) return [1, 1];
  if (shape.length === 1) return [shape[0], shape[0]];
  if (shape.length === 2) return [shape[0], shape[1]];
  const receptive = sizeOf(shape.slice(0, -2));
  return [shape[shape.length - 2] * receptive, shape[shape.length - 1] * receptive];
}

function filled(className: string, shape: readonly number[], dtype: DType, sample: (i: number) => number): Tensor {
  const s = assertShape(`${className} initializer`, shape);
  const data = allocate(checkChoice(`${className} initializer`, 'dtype', dtype, ['float32', 'float64'], 'float32'), sizeOf(s));
  for (let i = 0; i < data.length; i++) data[i] = sample(i);
  return new Tensor(data, s);
}

function make(className: string, config: Record<string, unknown>, fill: (shape: readonly number[], rng: () => number) => (i: number) => number): Initializer {
  const seed = config.seed as number | undefined;
  return {
    className,
    apply: (shape, dtype = 'float32') => filled(className, shape, dtype, fill(shape, rngFor(seed))),
    getConfig: () => ({ ...config }),
  };
}

/** The checked config of an initializer factory: known keys only, a finite seed. */
function configOf<T extends object>(className: string, config: T | undefined, keys: readonly string[]): T {
  checkOptions(`${className} initializer`, config, keys);
  const c = { ...(config ?? {}) } as T & { seed?: unknown };
  if (c.seed === null) delete c.seed; // Keras and TF.js write `seed: null` for "unseeded"
  checkSeed(`${className} initializer`, c.seed);
  return c;
}

/** A normal sample redrawn until within two standard deviations (Keras `TruncatedNormal`). */
function truncated(rng: () => number): number {
  for (;;) {
    const v = normalSample(rng);
    if (Math.abs(v) <= 2) return v;
  }
}

type Mode = 'fanIn' | 'fanOut' | 'fanAvg';
type Distribution = 'truncatedNormal' | 'untruncatedNormal' | 'uniform';

// The spellings Keras and TF.js configs use (TF.js's 'normal' is its truncated normal).
const MODE_ALIASES: Record<string, Mode> = { fan_in: 'fanIn', fan_out: 'fanOut', fan_avg: 'fanAvg' };
const DISTRIBUTION_ALIASES: Record<string, Distribution> = { truncated_normal: 'truncatedNormal', untruncated_normal: 'untruncatedNormal', normal: 'truncatedNormal' };
const alias = (table: Record<string, string>, v: unknown): unknown => (typeof v === 'string' && Object.hasOwn(table, v) ? table[v] : v);

/**
 * A variance scaling whose settings the class fixes (Glorot, He, Lecun). TF.js writes those settings into
 * its configs: they are accepted when they are the class's own, and refused when they differ.
 */
function fixedScaling(className: string, config: SeedOption, fixed: { scale: number; mode: Mode; distribution: Distribution }): Initializer {
  const c = configOf(className, config, ['seed', 'scale', 'mode', 'distribution']) as Record<string, unknown>;
  const given = { scale: c.scale, mode: alias(MODE_ALIASES, c.mode), distribution: alias(DISTRIBUTION_ALIASES, c.distribution) };
  for (const key of ['scale', 'mode', 'distribution'] as const) {
    if (given[key] !== undefined && given[key] !== fixed[key]) {
      throw new Error(`${className} initializer: ${key} is ${JSON.stringify(c[key])} but ${className} always uses ${JSON.stringify(fixed[key])}; use varianceScaling for other settings`);
    }
  }
  return varianceScaling({ ...fixed, seed: c.seed as number | undefined }, className);
}

/**
 * Variance scaling (Keras): stddev = sqrt(scale / n) with n the fan by mode. The truncated normal is
 * divided by 0.8796 so that after truncation at 2 sigma its stddev is still sqrt(scale / n).
 */
export function varianceScaling(config: { scale?: number; mode?: Mode; distribution?: Distribution; seed?: number } = {}, className = 'VarianceScaling'): Initializer {
  const owner = `${className} initializer`;
  const c = configOf(className, config, ['scale', 'mode', 'distribution', 'seed']);
  const scale = checkOptionalNumber(owner, 'scale', c.scale, 1, { greaterThan: 0 });
  // a misspelt mode ('fan_in') must not silently fall through to fanAvg
  const mode = checkChoice<Mode>(owner, 'mode', alias(MODE_ALIASES, c.mode), ['fanIn', 'fanOut', 'fanAvg'], 'fanIn');
  const distribution = checkChoice<Distribution>(owner, 'distribution', alias(DISTRIBUTION_ALIASES, c.distribution), ['truncatedNormal', 'untruncatedNormal', 'uniform'], 'truncatedNormal');
  return make(className, { scale, mode, distribution, seed: c.seed }, (shape, rng) => {
    const [fanIn, fanOut] = computeFans(shape);
    const n = Math.max(1, mode === 'fanIn' ? fanIn : mode === 'fanOut' ? fanOut : (fanIn + fanOut) / 2);
    const variance = scale / n;
    if (distribution === 'uniform') {
      const limit = Math.sqrt(3 * variance);
      return () => (rng() * 2 - 1) * limit;
    }
    if (distribution === 'untruncatedNormal') {
      const std = Math.sqrt(variance);
      return () => normalSample(rng) * std;
    }
    const std = Math.sqrt(variance) / 0.87962566103423978;
    return () => truncated(rng) * std;
  });
}

export interface SeedOption {
  seed?: number;
}

/** Every initializer by its camelCase name, as a factory of options. */
export const initializers = {
  zeros: (): Initializer => make('Zeros', {}, () => () => 0),
  ones: (): Initializer => make('Ones', {}, () => () => 1),
  constant: (config: { value?: number } = {}): Initializer => {
    const value = checkOptionalNumber('Constant initializer', 'value', configOf('Constant', config, ['value']).value, 0);
    return make('Constant', { value }, () => () => value);
  },
  randomNormal: (config: { mean?: number; stddev?: number; seed?: number } = {}): Initializer => {
    const c = configOf('RandomNormal', config, ['mean', 'stddev', 'seed']);
    const mean = checkOptionalNumber('RandomNormal initializer', 'mean', c.mean, 0);
    const stddev = checkOptionalNumber('RandomNormal initializer', 'stddev', c.stddev, 0.05, { min: 0 });
    return make('RandomNormal', { mean, stddev, seed: c.seed }, (_s, rng) => () => mean + stddev * normalSample(rng));
  },
  randomUniform: (config: { minval?: number; maxval?: number; seed?: number } = {}): Initializer => {
    const c = configOf('RandomUniform', config, ['minval', 'maxval', 'seed']);
    const minval = checkOptionalNumber('RandomUniform initializer', 'minval', c.minval, -0.05);
    const maxval = checkOptionalNumber('RandomUniform initializer', 'maxval', c.maxval, 0.05, { min: minval });
    return make('RandomUniform', { minval, maxval, seed: c.seed }, (_s, rng) => () => minval + (maxval - minval) * rng());
  },
  truncatedNormal: (config: { mean?: number; stddev?: number; seed?: number } = {}): Initializer => {
    const c = configOf('TruncatedNormal', config, ['mean', 'stddev', 'seed']);
    const mean = checkOptionalNumber('TruncatedNormal initializer', 'mean', c.mean, 0);
    const stddev = checkOptionalNumber('TruncatedNormal initializer', 'stddev', c.stddev, 0.05, { min: 0 });
    return make('TruncatedNormal', { mean, stddev, seed: c.seed }, (_s, rng) => () => mean + stddev * truncated(rng));
  },
  /** U(-l, l), l = sqrt(6 / (fanIn + fanOut)): the Keras default for kernels. */
  glorotUniform: (config: SeedOption = {}) => fixedScaling('GlorotUniform', config, { scale: 1, mode: 'fanAvg', distribution: 'uniform' }),
  glorotNormal: (config: SeedOption = {}) => fixedScaling('GlorotNormal', config, { scale: 1, mode: 'fanAvg', distribution: 'truncatedNormal' }),
  /** stddev sqrt(2 / fanIn): keeps ReLU activations' variance constant through depth (He et al. 2015). */
  heNormal: (config: SeedOption = {}) => fixedScaling('HeNormal', config, { scale: 2, mode: 'fanIn', distribution: 'truncatedNormal' }),
  heUniform: (config: SeedOption = {}) => fixedScaling('HeUniform', config, { scale: 2, mode: 'fanIn', distribution: 'uniform' }),
  lecunNormal: (config: SeedOption = {}) => fixedScaling('LecunNormal', config, { scale: 1, mode: 'fanIn', distribution: 'truncatedNormal' }),
  lecunUniform: (config: SeedOption = {}) => fixedScaling('LecunUniform', config, { scale: 1, mode: 'fanIn', distribution: 'uniform' }),
  varianceScaling: (config: Parameters<typeof varianceScaling>[0] = {}) => varianceScaling(config),
  /** An orthogonal matrix times `gain`: the Keras default for recurrent kernels. */
  orthogonal: (config: { gain?: number; seed?: number | null } = {}) => orthogonal(config),
};

/** An initializer's name, camelCase or Keras snake_case ('heNormal', 'he_normal'). */
export type InitializerName = keyof typeof initializers | SnakeCase<keyof typeof initializers>;

/** Every initializer factory by name: camelCase ('heNormal'), Keras class ('HeNormal') or snake_case ('he_normal'). */
export const initializerRegistry = new Registry<(config?: object) => Initializer>('initializer');
for (const [name, factory] of Object.entries(initializers)) initializerRegistry.register(name, factory as (config?: object) => Initializer);

/** Resolves a name ('heNormal') or an initializer object. */
export function getInitializer(init: InitializerLike): Initializer {
  if (typeof init === 'string') return initializerRegistry.get(init, 'initializer')();
  if (init && typeof init === 'object' && typeof init.apply === 'function') return init;
  throw new Error(`initializer: expected a name or an initializer object, got ${JSON.stringify(init)}`);
}

/** A config-safe form of an initializer: its name, or `{ className, config }` for a configured one. */
export function serializeInitializer(init: InitializerLike): string | { className: string; config: Record<string, unknown> } {
  if (typeof init === 'string') return init;
  return { className: init.className, config: init.getConfig() };
}

/** Inverse of `serializeInitializer`: accepts a name, `{ className, config }` (Keras class names too) or an initializer. */
export function deserializeInitializer(value: unknown): InitializerLike {
  if (typeof value === 'string') return value as InitializerName; // checked by getInitializer when used
  if (value && typeof value === 'object' && 'apply' in value) return value as Initializer;
  if (value && typeof value === 'object' && typeof (value as { className?: unknown }).className === 'string') {
    const { className, config } = value as { className: string; config?: Record<string, unknown> };
    if (!initializerRegistry.has(className)) throw new Error(`initializer: unknown initializer class '${className}'`);
    return initializerRegistry.get(className)(config ?? {});
  }
  throw new Error(`initializer: cannot read initializer from ${JSON.stringify(value)}`);
}
