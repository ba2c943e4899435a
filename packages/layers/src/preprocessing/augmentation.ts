import { Tensor, add, checkChoice, clip, describeValue, mean, mul, randomUniform, reverse, sub, where, type Shape } from '@rectify/core';
import { Layer, checkOptions, type CallOptions, type LayerArgs } from '../layer.js';
import { checkDataFormat } from '../convolutional/conv-options.js';
import { NoiseSeed } from '../regularization/noise-state.js';

// Image augmentation layers of exported Keras models. All are the identity at inference, so a model that
// contains them predicts as Keras does. In training, RandomFlip, RandomContrast and RandomBrightness
// augment; the geometric warps (rotation, zoom, translation) refuse, since silently skipping them would
// train a different model than the user asked for.

type RangeOption = number | readonly [number, number];

/** [lower, upper] of a Keras factor: f -> [-f, f], [a, b] as given. */
function factorRange(owner: string, name: string, v: unknown): [number, number] {
  if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return [-v, v];
  if (Array.isArray(v) && v.length === 2 && v.every((d) => typeof d === 'number' && Number.isFinite(d)) && v[0] <= v[1]) return [v[0], v[1]];
  throw new Error(`${owner}: ${name} must be a non-negative number or [lower, upper], got ${describeValue(v)}`);
}

function valueRangeOf(owner: string, v: unknown): [number, number] {
  if (v === undefined || v === null) return [0, 255];
  if (Array.isArray(v) && v.length === 2 && v.every((d) => typeof d === 'number' && Number.isFinite(d)) && v[0] < v[1]) return [v[0], v[1]];
  throw new Error(`${owner}: valueRange must be [low, high] with low < high, got ${describeValue(v)}`);
}

abstract class ImageAugmentation extends Layer {
  protected readonly noise: NoiseSeed;
  protected constructor(owner: string, args: LayerArgs & { seed?: number; dataFormat?: string }) {
    checkDataFormat(owner, args.dataFormat);
    super(args);
    this.noise = new NoiseSeed(owner, args.seed);
  }

  override build(inputShape: Shape): void {
    if (inputShape.length !== 4) throw new Error(`${this.className} '${this.name}': expected NHWC images of rank 4, got shape [${inputShape.join(', ')}]`);
  }

  /** One uniform draw in [lo, hi) per image, shaped [batch, 1, 1, 1]. */
  protected perImage(x: Tensor, lo: number, hi: number): Tensor {
    return randomUniform([x.shape[0], 1, 1, 1], { minval: lo, maxval: hi, seed: this.noise.next(), dtype: x.dtype });
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), seed: this.noise.seed ?? null };
  }
}

/**
 * Flips each image horizontally and/or vertically with probability 1/2 in training. Keras `RandomFlip`.
 * @example new RandomFlip({ mode: 'horizontal' })
 */
export class RandomFlip extends ImageAugmentation {
  static override className = 'RandomFlip';
  readonly mode: 'horizontal' | 'vertical' | 'horizontal_and_vertical';

  constructor(args: LayerArgs & { mode?: 'horizontal' | 'vertical' | 'horizontal_and_vertical'; seed?: number; dataFormat?: string } = {}) {
    checkOptions('RandomFlip', args, ['mode', 'seed', 'dataFormat']);
    args ??= {};
    super('RandomFlip', args);
    this.mode = checkChoice('RandomFlip', 'mode', args.mode, ['horizontal', 'vertical', 'horizontal_and_vertical'], 'horizontal_and_vertical');
  }

  call(x: Tensor, options: CallOptions): Tensor {
    if (!options.training) return x;
    let y = x;
    if (this.mode !== 'vertical') y = where(this.perImage(x, 0, 1).less(0.5), reverse(y, 2), y);
    if (this.mode !== 'horizontal') y = where(this.perImage(x, 0, 1).less(0.5), reverse(y, 1), y);
    return y;
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), mode: this.mode };
  }
}

/**
 * Scales each image's deviation from its per-channel mean by a random factor in [1 - lower, 1 + upper]
 * in training, then clips to valueRange (default [0, 255]). Keras `RandomContrast`.
 * @example new RandomContrast({ factor: 0.2 })
 */
export class RandomContrast extends ImageAugmentation {
  static override className = 'RandomContrast';
  readonly factor: RangeOption;
  readonly valueRange: [number, number];
  private readonly range: [number, number];

  constructor(args: LayerArgs & { factor: RangeOption; valueRange?: readonly [number, number]; seed?: number; dataFormat?: string }) {
    checkOptions('RandomContrast', args, ['factor', 'valueRange', 'seed', 'dataFormat']);
    const range = factorRange('RandomContrast', 'factor', args?.factor);
    if (range[0] < -1) throw new Error(`RandomContrast: the lower factor must be at most 1 (contrast cannot go below zero), got ${describeValue(args.factor)}`);
    super('RandomContrast', args);
    this.factor = typeof args.factor === 'number' ? args.factor : [args.factor[0], args.factor[1]];
    this.range = [1 + range[0], 1 + range[1]];
    this.valueRange = valueRangeOf('RandomContrast', args.valueRange);
  }

  call(x: Tensor, options: CallOptions): Tensor {
    if (!options.training) return x;
    const m = mean(x, [1, 2], true);
    return clip(add(mul(sub(x, m), this.perImage(x, this.range[0], this.range[1])), m), this.valueRange[0], this.valueRange[1]);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), factor: this.factor, valueRange: this.valueRange.slice() };
  }
}

/**
 * Adds a random offset of factor * (valueRange span) to each image in training, then clips to valueRange.
 * Keras `RandomBrightness`.
 * @example new RandomBrightness({ factor: 0.1, valueRange: [0, 1] })
 */
export class RandomBrightness extends ImageAugmentation {
  static override className = 'RandomBrightness';
  readonly factor: RangeOption;
  readonly valueRange: [number, number];
  private readonly range: [number, number];

  constructor(args: LayerArgs & { factor: RangeOption; valueRange?: readonly [number, number]; seed?: number; dataFormat?: string }) {
    checkOptions('RandomBrightness', args, ['factor', 'valueRange', 'seed', 'dataFormat']);
    const range = factorRange('RandomBrightness', 'factor', args?.factor);
    if (range[0] < -1 || range[1] > 1) throw new Error(`RandomBrightness: factor must lie in [-1, 1], got ${describeValue(args.factor)}`);
    super('RandomBrightness', args);
    this.factor = typeof args.factor === 'number' ? args.factor : [args.factor[0], args.factor[1]];
    this.range = range;
    this.valueRange = valueRangeOf('RandomBrightness', args.valueRange);
  }

  call(x: Tensor, options: CallOptions): Tensor {
    if (!options.training) return x;
    const span = this.valueRange[1] - this.valueRange[0];
    return clip(add(x, this.perImage(x, this.range[0] * span, this.range[1] * span)), this.valueRange[0], this.valueRange[1]);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), factor: this.factor, valueRange: this.valueRange.slice() };
  }
}

/** A geometric augmentation kept for inference (the identity) whose training transform is not implemented. */
abstract class InferenceOnlyWarp extends ImageAugmentation {
  private readonly settings: Record<string, unknown>;
  protected constructor(owner: string, required: string, keys: readonly string[], args: LayerArgs & Record<string, unknown>) {
    checkOptions(owner, args, [...keys, 'seed', 'dataFormat']);
    if (!args || args[required] === undefined) throw new Error(`${owner}: ${required} is required, e.g. new ${owner}({ ${required}: 0.1 }); got ${describeValue(args?.[required])}`);
    for (const key of keys.filter((k) => k.endsWith('Factor') || k === 'factor')) if (args[key] !== undefined && args[key] !== null) factorRange(owner, key, args[key]);
    super(owner, args);
    this.settings = Object.fromEntries(keys.filter((k) => args[k] !== undefined).map((k) => [k, args[k]]));
  }

  call(x: Tensor, options: CallOptions): Tensor {
    if (!options.training) return x;
    throw new Error(`${this.className} '${this.name}': the random transform is not implemented for training in Rectify (the layer is the identity at inference); augment the data before fit, or remove the layer for training`);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), ...this.settings };
  }
}

const WARP_KEYS = ['fillMode', 'interpolation', 'fillValue'];

/** Random rotation by factor * 2pi: the identity at inference; training refuses (not implemented). Keras `RandomRotation`. */
export class RandomRotation extends InferenceOnlyWarp {
  static override className = 'RandomRotation';
  constructor(args: LayerArgs & { factor: RangeOption; fillMode?: string; interpolation?: string; fillValue?: number; valueRange?: readonly number[]; seed?: number; dataFormat?: string }) {
    super('RandomRotation', 'factor', ['factor', 'valueRange', ...WARP_KEYS], args as never);
  }
}

/** Random zoom: the identity at inference; training refuses (not implemented). Keras `RandomZoom`. */
export class RandomZoom extends InferenceOnlyWarp {
  static override className = 'RandomZoom';
  constructor(args: LayerArgs & { heightFactor: RangeOption; widthFactor?: RangeOption | null; fillMode?: string; interpolation?: string; fillValue?: number; seed?: number; dataFormat?: string }) {
    super('RandomZoom', 'heightFactor', ['heightFactor', 'widthFactor', ...WARP_KEYS], args as never);
  }
}

/** Random translation: the identity at inference; training refuses (not implemented). Keras `RandomTranslation`. */
export class RandomTranslation extends InferenceOnlyWarp {
  static override className = 'RandomTranslation';
  constructor(args: LayerArgs & { heightFactor: RangeOption; widthFactor: RangeOption; fillMode?: string; interpolation?: string; fillValue?: number; seed?: number; dataFormat?: string }) {
    super('RandomTranslation', 'heightFactor', ['heightFactor', 'widthFactor', ...WARP_KEYS], args as never);
  }
}
