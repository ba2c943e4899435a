import type { ActivationArgs, Conv2DWindowArgs, WeightArgs } from '../weight-args.js';
import { Tensor, checkBoolean, checkNumber, convGeometry, separableConv2d, type Padding, type Shape } from '@rectify/core';
import { Layer, checkOptions, type LayerArgs } from '../layer.js';
import type { Parameter } from '../parameter.js';
import { readWeightSettings, weightOptionKeys, weightOptions, weightSettingsConfig, type WeightSettings } from '../weight-options.js';
import { activationOption, biasAndActivation, checkDataFormat, paddingOption, pairOption } from './conv-options.js';

/** Options of {@link SeparableConv2D} (Keras names, camelCase). */
export interface SeparableConv2DArgs extends LayerArgs, ActivationArgs, Conv2DWindowArgs, WeightArgs<'depthwise' | 'pointwise' | 'bias'> {
  filters: number;
  depthMultiplier?: number;
}

/**
 * Depthwise-separable convolution (Xception): a depthwise convolution per channel, then a 1x1 convolution
 * mixing channels into `filters`. Weights: [depthwise_kernel [kh, kw, in, depthMultiplier],
 * pointwise_kernel [1, 1, in * depthMultiplier, filters], bias [filters]]. Keras `SeparableConv2D`.
 * @example new SeparableConv2D({ filters: 32, kernelSize: 3, padding: 'same' })
 */
export class SeparableConv2D extends Layer {
  static override className = 'SeparableConv2D';
  readonly filters: number;
  readonly kernelSize: [number, number];
  readonly strides: [number, number];
  readonly padding: Padding;
  readonly depthMultiplier: number;
  readonly dilationRate: [number, number];
  readonly activation: string;
  readonly useBias: boolean;
  private readonly act: ReturnType<typeof activationOption>;
  private readonly settings: Record<'depthwise' | 'pointwise' | 'bias', WeightSettings>;
  depthwiseKernel!: Parameter;
  pointwiseKernel!: Parameter;
  bias: Parameter | null = null;

  constructor(args: SeparableConv2DArgs) {
    const owner = 'SeparableConv2D';
    checkOptions(owner, args, ['filters', 'kernelSize', 'strides', 'padding', 'depthMultiplier', 'dilationRate', 'activation', 'useBias', 'dataFormat', ...weightOptionKeys('depthwise', 'pointwise', 'bias')]);
    args ??= {} as SeparableConv2DArgs;
    checkDataFormat(owner, args.dataFormat);
    super(args);
    this.filters = checkNumber(owner, 'filters', args.filters, { integer: true, min: 1 });
    this.kernelSize = pairOption(owner, 'kernelSize', args.kernelSize, NaN);
    this.strides = pairOption(owner, 'strides', args.strides, 1);
    this.dilationRate = pairOption(owner, 'dilationRate', args.dilationRate, 1);
    this.padding = paddingOption(owner, args.padding);
    this.depthMultiplier = checkNumber(owner, 'depthMultiplier', args.depthMultiplier ?? 1, { integer: true, min: 1 });
    this.act = activationOption(`${owner} '${this.name}'`, args.activation);
    this.activation = this.act.name;
    this.useBias = checkBoolean(owner, 'useBias', args.useBias, true);
    this.settings = {
      depthwise: readWeightSettings(owner, args, 'depthwise', 'glorotUniform'),
      pointwise: readWeightSettings(owner, args, 'pointwise', 'glorotUniform'),
      bias: readWeightSettings(owner, args, 'bias', 'zeros'),
    };
  }

  override build(inputShape: Shape): void {
    if (inputShape.length !== 4) throw new Error(`SeparableConv2D '${this.name}': expected NHWC input of rank 4, got shape [${inputShape.join(', ')}]`);
    const channels = inputShape[3];
    this.depthwiseKernel = this.addWeight('depthwise_kernel', weightOptions([...this.kernelSize, channels, this.depthMultiplier], this.settings.depthwise));
    this.pointwiseKernel = this.addWeight('pointwise_kernel', weightOptions([1, 1, channels * this.depthMultiplier, this.filters], this.settings.pointwise));
    if (this.useBias) this.bias = this.addWeight('bias', weightOptions([this.filters], this.settings.bias));
    this.inputSpec = { ndim: 4, axes: { 3: channels } };
  }

  call(x: Tensor): Tensor {
    const z = separableConv2d(x, this.depthwiseKernel, this.pointwiseKernel, { strides: this.strides, padding: this.padding, dilations: this.dilationRate });
    return biasAndActivation(z, this.bias, this.act);
  }

  override computeOutputShape(inputShape: readonly (number | null)[]): (number | null)[] {
    const g = convGeometry(`SeparableConv2D '${this.name}'`, inputShape.map((d) => d ?? 1), this.kernelSize[0], this.kernelSize[1], this.filters, { strides: this.strides, padding: this.padding, dilations: this.dilationRate });
    return [inputShape[0], inputShape[1] === null ? null : g.outHeight, inputShape[2] === null ? null : g.outWidth, this.filters];
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(), filters: this.filters, kernelSize: this.kernelSize.slice(), strides: this.strides.slice(), padding: this.padding,
      depthMultiplier: this.depthMultiplier, dilationRate: this.dilationRate.slice(), activation: this.activation, useBias: this.useBias,
      ...weightSettingsConfig('depthwise', this.settings.depthwise), ...weightSettingsConfig('pointwise', this.settings.pointwise), ...weightSettingsConfig('bias', this.settings.bias),
    };
  }
}
