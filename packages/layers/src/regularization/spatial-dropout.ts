import { Tensor, dropout, mul, ones, type Shape } from '@rectify/core';
import { Layer, checkOptions, type CallOptions, type LayerArgs } from '../layer.js';
import { checkDataFormat } from '../convolutional/conv-options.js';
import { NoiseSeed, rateOption } from './noise-state.js';

abstract class SpatialDropout extends Layer {
  readonly rate: number;
  private readonly noise: NoiseSeed;
  protected constructor(layer: string, private readonly spatial: number, args: LayerArgs & { rate: number; seed?: number; dataFormat?: string }) {
    checkOptions(layer, args, ['rate', 'seed', 'noiseShape', 'dataFormat']);
    const rate = rateOption(layer, args);
    checkDataFormat(layer, args.dataFormat);
    super(args);
    this.rate = rate;
    this.noise = new NoiseSeed(layer, args.seed);
  }

  override build(inputShape: Shape): void {
    if (inputShape.length !== this.spatial + 2) throw new Error(`${this.className} '${this.name}': expected input of rank ${this.spatial + 2}, got shape [${inputShape.join(', ')}]`);
    this.inputSpec = { ndim: this.spatial + 2 };
  }

  call(x: Tensor, options: CallOptions): Tensor {
    if (!options.training || this.rate === 0) return x;
    // one keep/drop draw per sample and channel, shared by every position: neighbouring pixels are
    // correlated, so dropping single values would barely regularize
    const shape = x.shape.map((d, i) => (i === 0 || i === x.rank - 1 ? d : 1));
    return mul(x, dropout(ones(shape, { dtype: x.dtype }), this.rate, { seed: this.noise.next() }));
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), rate: this.rate, seed: this.noise.seed ?? null };
  }
}

/**
 * Dropout of whole channels of [batch, steps, channels] in training (scaled by 1 / (1 - rate)); the
 * identity at inference. No weights. Keras `SpatialDropout1D`.
 * @example new SpatialDropout1D({ rate: 0.2 })
 */
export class SpatialDropout1D extends SpatialDropout {
  static override className = 'SpatialDropout1D';
  constructor(args: LayerArgs & { rate: number; seed?: number }) {
    super('SpatialDropout1D', 1, args);
  }
}

/**
 * Dropout of whole feature maps of NHWC input in training; the identity at inference. No weights. Keras `SpatialDropout2D`.
 * @example new SpatialDropout2D({ rate: 0.1 })
 */
export class SpatialDropout2D extends SpatialDropout {
  static override className = 'SpatialDropout2D';
  constructor(args: LayerArgs & { rate: number; seed?: number; dataFormat?: string }) {
    super('SpatialDropout2D', 2, args);
  }
}
