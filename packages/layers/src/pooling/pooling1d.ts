import { Tensor, avgPool1d, axisGeometry, maxPool1d, type Padding, type Shape } from '@rectify/core';
import { Layer, checkOptions, type LayerArgs } from '../layer.js';
import { checkDataFormat, paddingOption, singleOption } from '../convolutional/conv-options.js';

/** Options of {@link MaxPooling1D} and {@link AveragePooling1D}. */
export interface Pooling1DArgs extends LayerArgs {
  /** Window length. Default 2. */
  poolSize?: number | readonly [number];
  /** Step between windows. Default poolSize. */
  strides?: number | readonly [number] | null;
  padding?: Padding;
  dataFormat?: 'channelsLast' | 'channels_last';
}

abstract class Pooling1D extends Layer {
  readonly poolSize: number;
  readonly strides: number;
  readonly padding: Padding;

  protected constructor(layer: string, args: Pooling1DArgs) {
    checkOptions(layer, args, ['poolSize', 'strides', 'padding', 'dataFormat']);
    args ??= {};
    checkDataFormat(layer, args.dataFormat);
    super(args);
    this.poolSize = singleOption(layer, 'poolSize', args.poolSize, 2);
    this.strides = singleOption(layer, 'strides', args.strides ?? undefined, this.poolSize);
    this.padding = paddingOption(layer, args.padding);
  }

  override build(inputShape: Shape): void {
    if (inputShape.length !== 3) throw new Error(`${this.className} '${this.name}': expected input of rank 3 [batch, steps, channels], got shape [${inputShape.join(', ')}]`);
    this.inputSpec = { ndim: 3 };
  }

  protected options() {
    return { poolSize: this.poolSize, strides: this.strides, padding: this.padding as 'valid' | 'same' };
  }

  override computeOutputShape(s: readonly (number | null)[]): (number | null)[] {
    return [s[0], s[1] === null ? null : axisGeometry(s[1], this.poolSize, this.strides, 1, this.padding)[0], s[2]];
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), poolSize: [this.poolSize], strides: [this.strides], padding: this.padding };
  }
}

/**
 * Max over windows of steps of [batch, steps, channels]. No weights. Keras `MaxPooling1D`.
 * @example new MaxPooling1D({ poolSize: 2 }) // [n, 10, c] -> [n, 5, c]
 */
export class MaxPooling1D extends Pooling1D {
  static override className = 'MaxPooling1D';
  constructor(args: Pooling1DArgs = {}) {
    super('MaxPooling1D', args);
  }
  call(x: Tensor): Tensor {
    return maxPool1d(x, this.options());
  }
}

/**
 * Mean over windows of steps of [batch, steps, channels] (padding not counted). No weights. Keras `AveragePooling1D`.
 * @example new AveragePooling1D({ poolSize: 3, strides: 1, padding: 'same' })
 */
export class AveragePooling1D extends Pooling1D {
  static override className = 'AveragePooling1D';
  constructor(args: Pooling1DArgs = {}) {
    super('AveragePooling1D', args);
  }
  call(x: Tensor): Tensor {
    return avgPool1d(x, this.options());
  }
}
