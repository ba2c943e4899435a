import { Tensor, checkChoice, reshape, resizeBilinear, resizeNearestNeighbor, type Shape } from '@rectify/core';
import { Layer, checkOptions, type LayerArgs } from '../layer.js';
import { checkDataFormat, pairOption, singleOption } from '../convolutional/conv-options.js';

/** Options of {@link UpSampling2D}. */
export interface UpSampling2DArgs extends LayerArgs {
  /** Factor for height and width (one number for both). Default 2. */
  size?: number | readonly [number, number];
  /** 'nearest' (repeat pixels, default) or 'bilinear' (Keras: half-pixel centers, as tf.image.resize). */
  interpolation?: 'nearest' | 'bilinear';
  dataFormat?: 'channelsLast' | 'channels_last';
}

/**
 * Enlarges NHWC images by integer factors, repeating pixels ('nearest') or interpolating ('bilinear', Keras
 * semantics: pixel centers at half-integers, as tf.image.resize; TF.js's layer uses corner-aligned
 * sampling instead and gives different values). No weights. Keras `UpSampling2D`.
 * @example new UpSampling2D({ size: 2 }) // [n, 8, 8, c] -> [n, 16, 16, c]
 */
export class UpSampling2D extends Layer {
  static override className = 'UpSampling2D';
  readonly size: [number, number];
  readonly interpolation: 'nearest' | 'bilinear';

  constructor(args: UpSampling2DArgs = {}) {
    checkOptions('UpSampling2D', args, ['size', 'interpolation', 'dataFormat']);
    args ??= {};
    checkDataFormat('UpSampling2D', args.dataFormat);
    super(args);
    this.size = pairOption('UpSampling2D', 'size', args.size, 2);
    this.interpolation = checkChoice('UpSampling2D', 'interpolation', args.interpolation, ['nearest', 'bilinear'], 'nearest');
  }

  override build(inputShape: Shape): void {
    if (inputShape.length !== 4) throw new Error(`UpSampling2D '${this.name}': expected NHWC input of rank 4, got shape [${inputShape.join(', ')}]`);
    this.inputSpec = { ndim: 4 };
  }

  call(x: Tensor): Tensor {
    const out: [number, number] = [x.shape[1] * this.size[0], x.shape[2] * this.size[1]];
    // for integer factors, nearest sampling picks floor(i / size) with or without half-pixel centers
    return this.interpolation === 'nearest' ? resizeNearestNeighbor(x, out) : resizeBilinear(x, out, { halfPixelCenters: true });
  }

  override computeOutputShape(s: readonly (number | null)[]): (number | null)[] {
    return [s[0], s[1] === null ? null : s[1] * this.size[0], s[2] === null ? null : s[2] * this.size[1], s[3]];
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), size: this.size.slice(), interpolation: this.interpolation };
  }
}

/**
 * Repeats every step of [batch, steps, channels] `size` times (default 2). No weights. Keras `UpSampling1D`.
 * @example new UpSampling1D({ size: 3 }) // [n, 4, c] -> [n, 12, c]
 */
export class UpSampling1D extends Layer {
  static override className = 'UpSampling1D';
  readonly size: number;

  constructor(args: LayerArgs & { size?: number } = {}) {
    checkOptions('UpSampling1D', args, ['size']);
    args ??= {};
    super(args);
    this.size = singleOption('UpSampling1D', 'size', args.size, 2);
  }

  override build(inputShape: Shape): void {
    if (inputShape.length !== 3) throw new Error(`UpSampling1D '${this.name}': expected input of rank 3 [batch, steps, channels], got shape [${inputShape.join(', ')}]`);
    this.inputSpec = { ndim: 3 };
  }

  call(x: Tensor): Tensor {
    const [b, t, c] = x.shape;
    const y = resizeNearestNeighbor(reshape(x, [b, 1, t, c]), [1, t * this.size]);
    return reshape(y, [b, t * this.size, c]);
  }

  override computeOutputShape(s: readonly (number | null)[]): (number | null)[] {
    return [s[0], s[1] === null ? null : s[1] * this.size, s[2]];
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), size: this.size };
  }
}
