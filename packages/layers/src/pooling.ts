import { Tensor, avgPool2d, checkChoice, convGeometry, maxPool2d, type Padding, type Shape } from '@rectify/core';
import { checkDataFormat, checkPair, pairOption } from './convolutional/conv-options.js';
import { Layer, checkOptions, type LayerArgs } from './layer.js';

export interface Pooling2DArgs extends LayerArgs {
  /** Window size. Default 2. */
  poolSize?: number | readonly [number, number];
  /** Step between windows. Default poolSize. */
  strides?: number | readonly [number, number] | null;
  padding?: Padding;
  /** Only 'channelsLast' (NHWC), accepted for Keras configs. */
  dataFormat?: 'channelsLast' | 'channels_last';
}

abstract class Pooling2D extends Layer {
  readonly poolSize: [number, number];
  readonly strides: [number, number];
  readonly padding: Padding;

  constructor(layer: string, args: Pooling2DArgs) {
    checkOptions(layer, args, ['poolSize', 'strides', 'padding', 'dataFormat']);
    args ??= {};
    checkPair(layer, 'poolSize', args.poolSize ?? 2);
    checkPair(layer, 'strides', args.strides ?? args.poolSize ?? 2);
    checkChoice(layer, 'padding', args.padding, ['valid', 'same'], 'valid');
    checkDataFormat(layer, args.dataFormat);
    super(args);
    this.poolSize = pairOption(layer, 'poolSize', args.poolSize, 2);
    this.strides = args.strides === undefined || args.strides === null ? this.poolSize : pairOption(layer, 'strides', args.strides, 1);
    this.padding = args.padding ?? 'valid';
  }

  override build(inputShape: Shape): void {
    if (inputShape.length !== 4) throw new Error(`${this.className} '${this.name}': expected NHWC input of rank 4, got shape [${inputShape.join(', ')}]`);
    this.inputSpec = { ndim: 4 };
  }

  override computeOutputShape(inputShape: readonly (number | null)[]): (number | null)[] {
    const g = convGeometry(`${this.className} '${this.name}'`, inputShape.map((d) => d ?? 1), this.poolSize[0], this.poolSize[1], inputShape[3] ?? 1, { strides: this.strides, padding: this.padding });
    return [inputShape[0], g.outHeight, g.outWidth, inputShape[3]];
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), poolSize: this.poolSize.slice(), strides: this.strides.slice(), padding: this.padding };
  }
}

/**
 * Max over each poolSize window of an NHWC input.
 * @example new MaxPooling2D({ poolSize: 2 }) // [n, 28, 28, c] -> [n, 14, 14, c]
 */
export class MaxPooling2D extends Pooling2D {
  static override className = 'MaxPooling2D';
  constructor(args: Pooling2DArgs = {}) {
    super('MaxPooling2D', args);
  }
  call(x: Tensor): Tensor {
    return maxPool2d(x, { poolSize: this.poolSize, strides: this.strides, padding: this.padding });
  }
}

/**
 * Mean over each poolSize window of an NHWC input (padding excluded from the mean).
 * @example new AveragePooling2D({ poolSize: 2 })
 */
export class AveragePooling2D extends Pooling2D {
  static override className = 'AveragePooling2D';
  constructor(args: Pooling2DArgs = {}) {
    super('AveragePooling2D', args);
  }
  call(x: Tensor): Tensor {
    return avgPool2d(x, { poolSize: this.poolSize, strides: this.strides, padding: this.padding });
  }
}
