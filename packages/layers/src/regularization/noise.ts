import { Tensor, add, checkNumber, describeValue, mul, randomNormal, randomUniform, where } from '@rectify/core';
import { Layer, checkOptions, type CallOptions, type LayerArgs } from '../layer.js';
import { NoiseSeed, rateOption } from './noise-state.js';

/**
 * Adds zero-mean Gaussian noise of `stddev` in training (a regularizer and a data augmentation); the
 * identity at inference. No weights. Keras `GaussianNoise`.
 * @example new GaussianNoise({ stddev: 0.1 })
 */
export class GaussianNoise extends Layer {
  static override className = 'GaussianNoise';
  readonly stddev: number;
  private readonly noise: NoiseSeed;

  constructor(args: LayerArgs & { stddev: number; seed?: number }) {
    checkOptions('GaussianNoise', args, ['stddev', 'seed']);
    if (!args) throw new Error(`GaussianNoise: options are required, e.g. new GaussianNoise({ stddev: 0.1 }); got ${describeValue(args)}`);
    const stddev = checkNumber('GaussianNoise', 'stddev', args.stddev, { min: 0 });
    super(args);
    this.stddev = stddev;
    this.noise = new NoiseSeed('GaussianNoise', args.seed);
  }

  call(x: Tensor, options: CallOptions): Tensor {
    if (!options.training || this.stddev === 0) return x;
    return add(x, randomNormal(x.shape, { stddev: this.stddev, seed: this.noise.next(), dtype: x.dtype }));
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), stddev: this.stddev, seed: this.noise.seed ?? null };
  }
}

/**
 * Multiplies by Gaussian noise of mean 1 and stddev sqrt(rate / (1 - rate)) in training; the identity at
 * inference. No weights. Keras `GaussianDropout`.
 * @example new GaussianDropout({ rate: 0.2 })
 */
export class GaussianDropout extends Layer {
  static override className = 'GaussianDropout';
  readonly rate: number;
  private readonly noise: NoiseSeed;

  constructor(args: LayerArgs & { rate: number; seed?: number }) {
    checkOptions('GaussianDropout', args, ['rate', 'seed']);
    const rate = rateOption('GaussianDropout', args);
    super(args);
    this.rate = rate;
    this.noise = new NoiseSeed('GaussianDropout', args.seed);
  }

  call(x: Tensor, options: CallOptions): Tensor {
    if (!options.training || this.rate === 0) return x;
    return mul(x, randomNormal(x.shape, { mean: 1, stddev: Math.sqrt(this.rate / (1 - this.rate)), seed: this.noise.next(), dtype: x.dtype }));
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), rate: this.rate, seed: this.noise.seed ?? null };
  }
}

// SELU's constants: dropped values go to SELU's negative saturation, not to 0
const ALPHA_P = -1.6732632423543772 * 1.0507009873554805;

/**
 * Dropout for SELU networks: in training, dropped values are set to SELU's negative saturation and the
 * result is affinely rescaled so mean and variance are kept (self-normalization survives); the identity at
 * inference. No weights. Keras `AlphaDropout`.
 * @example new AlphaDropout({ rate: 0.1 })
 */
export class AlphaDropout extends Layer {
  static override className = 'AlphaDropout';
  readonly rate: number;
  private readonly noise: NoiseSeed;

  constructor(args: LayerArgs & { rate: number; seed?: number }) {
    checkOptions('AlphaDropout', args, ['rate', 'seed', 'noiseShape']);
    const rate = rateOption('AlphaDropout', args);
    super(args);
    this.rate = rate;
    this.noise = new NoiseSeed('AlphaDropout', args.seed);
  }

  call(x: Tensor, options: CallOptions): Tensor {
    if (!options.training || this.rate === 0) return x;
    const r = this.rate;
    const a = ((1 - r) * (1 + r * ALPHA_P ** 2)) ** -0.5;
    const b = -a * ALPHA_P * r;
    const keep = randomUniform(x.shape, { seed: this.noise.next(), dtype: x.dtype }).greaterEqual(r);
    return add(mul(where(keep, x, ALPHA_P), a), b);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), rate: this.rate, seed: this.noise.seed ?? null };
  }
}
