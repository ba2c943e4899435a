import { Tensor, add, checkChoice, checkOptionalNumber, clip, describeValue, mean, mul, randomUniform, reverse, sub, where, type Shape } from '@rectify/core';
import { transformImages, type FillMode } from './image-transform.js';
import { Layer, checkOptions, type CallOptions, type LayerArgs } from '../layer.js';
import { checkDataFormat } from '../convolutional/conv-options.js';
import { NoiseSeed } from '../regularization/noise-state.js';

// Image augmentation layers of exported Keras models. All are the identity at inference, so a model that
// contains them predicts as Keras does; in training each draws its random change per image.

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

/** Options shared by the geometric augmentations (Keras defaults). */
export interface WarpArgs extends LayerArgs {
  /** How points outside the image are filled. Default 'reflect'. */
  fillMode?: FillMode;
  /** Default 'bilinear'. */
  interpolation?: 'bilinear' | 'nearest';
  /** The value of 'constant' fill. Default 0. */
  fillValue?: number;
  seed?: number;
  dataFormat?: string;
}

/** A random projective warp per image in training (TF's ImageProjectiveTransform semantics); the identity at inference. */
abstract class RandomWarp extends ImageAugmentation {
  readonly fillMode: FillMode;
  readonly interpolation: 'bilinear' | 'nearest';
  readonly fillValue: number;
  protected constructor(owner: string, keys: readonly string[], args: WarpArgs & Record<string, unknown>) {
    checkOptions(owner, args, [...keys, 'fillMode', 'interpolation', 'fillValue', 'seed', 'dataFormat']);
    if (!args) throw new Error(`${owner}: options are required; got ${describeValue(args)}`);
    super(owner, args);
    this.fillMode = checkChoice(owner, 'fillMode', args.fillMode, ['reflect', 'wrap', 'constant', 'nearest'], 'reflect');
    this.interpolation = checkChoice(owner, 'interpolation', args.interpolation, ['bilinear', 'nearest'], 'bilinear');
    this.fillValue = checkOptionalNumber(owner, 'fillValue', args.fillValue, 0);
  }

  /** The transform of each image of a batch of `batch` images of height x width. */
  protected abstract transforms(batch: number, height: number, width: number, dtype: Tensor['dtype']): number[][];

  /** `batch` draws in [lo, hi). */
  protected draws(batch: number, [lo, hi]: [number, number], dtype: Tensor['dtype']): number[] {
    return lo === hi ? Array(batch).fill(lo) : Array.from(randomUniform([batch], { minval: lo, maxval: hi, seed: this.noise.next(), dtype }).dataSync());
  }

  call(x: Tensor, options: CallOptions): Tensor {
    if (!options.training) return x;
    return transformImages(x, this.transforms(x.shape[0], x.shape[1], x.shape[2], x.dtype), this.interpolation, this.fillMode, this.fillValue);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), fillMode: this.fillMode, interpolation: this.interpolation, fillValue: this.fillValue };
  }
}

/**
 * Rotates each image about its center by a random angle in [lower, upper] * 2pi in training (counter-clockwise
 * for positive angles; factor f means [-f, f]); the identity at inference. Keras `RandomRotation`.
 * @example new RandomRotation({ factor: 0.1, fillMode: 'constant' })
 */
export class RandomRotation extends RandomWarp {
  static override className = 'RandomRotation';
  readonly factor: RangeOption;
  readonly valueRange: [number, number];
  private readonly range: [number, number];
  constructor(args: WarpArgs & { factor: RangeOption; valueRange?: readonly [number, number] }) {
    super('RandomRotation', ['factor', 'valueRange'], args as never);
    this.range = factorRange('RandomRotation', 'factor', args.factor);
    this.factor = typeof args.factor === 'number' ? args.factor : [args.factor[0], args.factor[1]];
    this.valueRange = valueRangeOf('RandomRotation', args.valueRange);
  }
  protected transforms(batch: number, h: number, w: number, dtype: Tensor['dtype']): number[][] {
    return this.draws(batch, [this.range[0] * 2 * Math.PI, this.range[1] * 2 * Math.PI], dtype).map((angle) => {
      const cos = Math.cos(angle);
      const sin = Math.sin(angle);
      const xOffset = (w - 1 - (cos * (w - 1) - sin * (h - 1))) / 2;
      const yOffset = (h - 1 - (sin * (w - 1) + cos * (h - 1))) / 2;
      return [cos, -sin, xOffset, sin, cos, yOffset, 0, 0];
    });
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), factor: this.factor, valueRange: this.valueRange.slice() };
  }
}

/**
 * Zooms each image about its center in training: height scaled by 1 + a draw in heightFactor's range (negative
 * zooms in, positive out; f means [-f, f]), width by widthFactor's draw or, without one, by the same factor
 * (keeping the aspect ratio); the identity at inference. Keras `RandomZoom`.
 * @example new RandomZoom({ heightFactor: [-0.2, 0] })
 */
export class RandomZoom extends RandomWarp {
  static override className = 'RandomZoom';
  readonly heightFactor: RangeOption;
  readonly widthFactor: RangeOption | null;
  private readonly heightRange: [number, number];
  private readonly widthRange: [number, number] | null;
  constructor(args: WarpArgs & { heightFactor: RangeOption; widthFactor?: RangeOption | null }) {
    super('RandomZoom', ['heightFactor', 'widthFactor'], args as never);
    this.heightRange = factorRange('RandomZoom', 'heightFactor', args.heightFactor);
    this.widthRange = args.widthFactor === undefined || args.widthFactor === null ? null : factorRange('RandomZoom', 'widthFactor', args.widthFactor);
    for (const r of [this.heightRange, this.widthRange]) if (r && r[0] <= -1) throw new Error(`RandomZoom: a zoom factor must stay above -1 (a zoom of 1 + factor > 0), got ${describeValue(r)}`);
    this.heightFactor = typeof args.heightFactor === 'number' ? args.heightFactor : [args.heightFactor[0], args.heightFactor[1]];
    this.widthFactor = args.widthFactor === undefined || args.widthFactor === null ? null : typeof args.widthFactor === 'number' ? args.widthFactor : [args.widthFactor[0], args.widthFactor[1]];
  }
  protected transforms(batch: number, h: number, w: number, dtype: Tensor['dtype']): number[][] {
    const zy = this.draws(batch, [1 + this.heightRange[0], 1 + this.heightRange[1]], dtype);
    const zx = this.widthRange ? this.draws(batch, [1 + this.widthRange[0], 1 + this.widthRange[1]], dtype) : zy;
    return zy.map((y, b) => [zx[b], 0, ((w - 1) / 2) * (1 - zx[b]), 0, y, ((h - 1) / 2) * (1 - y), 0, 0]);
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), heightFactor: this.heightFactor, widthFactor: this.widthFactor };
  }
}

/**
 * Shifts each image in training by a random fraction of its height and width (heightFactor, widthFactor: f
 * means [-f, f]); the identity at inference. Keras `RandomTranslation`.
 * @example new RandomTranslation({ heightFactor: 0.1, widthFactor: 0.1, fillMode: 'constant' })
 */
export class RandomTranslation extends RandomWarp {
  static override className = 'RandomTranslation';
  readonly heightFactor: RangeOption;
  readonly widthFactor: RangeOption;
  private readonly heightRange: [number, number];
  private readonly widthRange: [number, number];
  constructor(args: WarpArgs & { heightFactor: RangeOption; widthFactor: RangeOption }) {
    super('RandomTranslation', ['heightFactor', 'widthFactor'], args as never);
    this.heightRange = factorRange('RandomTranslation', 'heightFactor', args.heightFactor);
    this.widthRange = factorRange('RandomTranslation', 'widthFactor', args.widthFactor);
    this.heightFactor = typeof args.heightFactor === 'number' ? args.heightFactor : [args.heightFactor[0], args.heightFactor[1]];
    this.widthFactor = typeof args.widthFactor === 'number' ? args.widthFactor : [args.widthFactor[0], args.widthFactor[1]];
  }
  protected transforms(batch: number, h: number, w: number, dtype: Tensor['dtype']): number[][] {
    const dy = this.draws(batch, [this.heightRange[0] * h, this.heightRange[1] * h], dtype);
    const dx = this.draws(batch, [this.widthRange[0] * w, this.widthRange[1] * w], dtype);
    return dy.map((y, b) => [1, 0, -dx[b], 0, 1, -y, 0, 0]);
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), heightFactor: this.heightFactor, widthFactor: this.widthFactor };
  }
}
