import { Tensor, checkBoolean, div, max, mean, mul, reshape, sum, where, type Shape } from '@rectify/core';
import { Layer, checkOptions, type CallOptions, type LayerArgs } from '../layer.js';
import { checkDataFormat } from '../convolutional/conv-options.js';

/** Options of the global pooling layers. */
export interface GlobalPoolingArgs extends LayerArgs {
  /** Keep the pooled axes with size 1 ([n, 1, 1, c] instead of [n, c]). Default false. */
  keepDims?: boolean;
  dataFormat?: 'channelsLast' | 'channels_last';
}

abstract class GlobalPooling extends Layer {
  readonly keepDims: boolean;
  protected constructor(layer: string, private readonly spatial: number, args: GlobalPoolingArgs) {
    checkOptions(layer, args, ['keepDims', 'dataFormat']);
    args ??= {};
    checkDataFormat(layer, args.dataFormat);
    super(args);
    this.keepDims = checkBoolean(layer, 'keepDims', args.keepDims, false);
  }

  protected get axes(): number[] {
    return Array.from({ length: this.spatial }, (_, i) => i + 1);
  }

  override build(inputShape: Shape): void {
    if (inputShape.length !== this.spatial + 2) throw new Error(`${this.className} '${this.name}': expected input of rank ${this.spatial + 2}, got shape [${inputShape.join(', ')}]`);
    this.inputSpec = { ndim: this.spatial + 2 };
  }

  override computeOutputShape(s: readonly (number | null)[]): (number | null)[] {
    return this.keepDims ? s.map((d, i) => (i === 0 || i === s.length - 1 ? d : 1)) : [s[0], s[s.length - 1]];
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), keepDims: this.keepDims };
  }
}

// A [batch, steps] mask as [batch, steps, 1], to weigh or select the steps of [batch, steps, channels].
const stepMask = (mask: Tensor, x: Tensor) => reshape(mask, [x.shape[0], x.shape[1], 1]);

/**
 * Mean over the steps of [batch, steps, channels] -> [batch, channels]; with a mask (Embedding maskZero),
 * the mean of the real steps only. No weights. Keras `GlobalAveragePooling1D`.
 * @example new GlobalAveragePooling1D()
 */
export class GlobalAveragePooling1D extends GlobalPooling {
  static override className = 'GlobalAveragePooling1D';
  constructor(args: GlobalPoolingArgs = {}) {
    super('GlobalAveragePooling1D', 1, args);
    this.supportsMasking = true;
  }
  call(x: Tensor, options: CallOptions = {}): Tensor {
    if (!options.mask) return mean(x, 1, this.keepDims);
    const m = stepMask(options.mask, x);
    return div(sum(mul(x, m), 1, this.keepDims), sum(m, 1, this.keepDims));
  }
  override computeMask(): Tensor | null {
    return null;
  }
}

/**
 * Mean over height and width of NHWC -> [batch, channels] (the head of MobileNet and ResNet). No weights.
 * Keras `GlobalAveragePooling2D`.
 * @example new GlobalAveragePooling2D()
 */
export class GlobalAveragePooling2D extends GlobalPooling {
  static override className = 'GlobalAveragePooling2D';
  constructor(args: GlobalPoolingArgs = {}) {
    super('GlobalAveragePooling2D', 2, args);
  }
  call(x: Tensor): Tensor {
    return mean(x, this.axes, this.keepDims);
  }
}

/**
 * Max over the steps of [batch, steps, channels] -> [batch, channels]; with a mask, over the real steps
 * only. No weights. Keras `GlobalMaxPooling1D`.
 * @example new GlobalMaxPooling1D()
 */
export class GlobalMaxPooling1D extends GlobalPooling {
  static override className = 'GlobalMaxPooling1D';
  constructor(args: GlobalPoolingArgs = {}) {
    super('GlobalMaxPooling1D', 1, args);
    this.supportsMasking = true;
  }
  call(x: Tensor, options: CallOptions = {}): Tensor {
    const input = options.mask ? where(stepMask(options.mask, x).greater(0), x, -Infinity) : x;
    return max(input, 1, this.keepDims);
  }
  override computeMask(): Tensor | null {
    return null;
  }
}

/**
 * Max over height and width of NHWC -> [batch, channels]. No weights. Keras `GlobalMaxPooling2D`.
 * @example new GlobalMaxPooling2D({ keepDims: true })
 */
export class GlobalMaxPooling2D extends GlobalPooling {
  static override className = 'GlobalMaxPooling2D';
  constructor(args: GlobalPoolingArgs = {}) {
    super('GlobalMaxPooling2D', 2, args);
  }
  call(x: Tensor): Tensor {
    return max(x, this.axes, this.keepDims);
  }
}
