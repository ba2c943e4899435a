import type { ActivationArgs, Conv2DWindowArgs, WeightArgs } from '../weight-args.js';
import { Tensor, checkBoolean, checkNumber, convGeometry, depthwiseConv2d, type Padding, type Shape } from '@rectify/core';
import { Layer, checkOptions, type LayerArgs } from '../layer.js';
import type { Parameter } from '../parameter.js';
import { readWeightSettings, weightOptionKeys, weightOptions, weightSettingsConfig, type WeightSettings } from '../weight-options.js';
import { activationOption, biasAndActivation, checkDataFormat, paddingOption, pairOption } from './conv-options.js';

/** Options of {@link DepthwiseConv2D} (Keras names, camelCase). */
export interface DepthwiseConv2DArgs extends LayerArgs, ActivationArgs, Conv2DWindowArgs, WeightArgs<'depthwise' | 'bias'> {
  /** Filters per input channel. Default 1. */
  depthMultiplier?: number;
}

/**
 * Depthwise 2-D convolution (MobileNet's spatial filter): each input channel is convolved with its own
 * `depthMultiplier` filters, giving in * depthMultiplier channels. Weights: [depthwise_kernel
 * [kh, kw, in, depthMultiplier], bias [in * depthMultiplier]]. Keras `DepthwiseConv2D`.
 * @example new DepthwiseConv2D({ kernelSize: 3, padding: 'same' })
 */
export class DepthwiseConv2D extends Layer {
  static override className = 'DepthwiseConv2D';
  readonly kernelSize: [number, number];
  readonly strides: [number, number];
  readonly padding: Padding;
  readonly depthMultiplier: number;
  readonly dilationRate: [number, number];
  readonly activation: string;
  readonly useBias: boolean;
  private readonly act: ReturnType<typeof activationOption>;
  private readonly depthwiseSettings: WeightSettings;
  private readonly biasSettings: WeightSettings;
  depthwiseKernel!: Parameter;
  bias: Parameter | null = null;

  constructor(args: DepthwiseConv2DArgs) {
    const owner = 'DepthwiseConv2D';
    checkOptions(owner, args, ['kernelSize', 'strides', 'padding', 'depthMultiplier', 'dilationRate', 'activation', 'useBias', 'dataFormat', ...weightOptionKeys('depthwise', 'bias')]);
    args ??= {} as DepthwiseConv2DArgs;
    checkDataFormat(owner, args.dataFormat);
    super(args);
    this.kernelSize = pairOption(owner, 'kernelSize', args.kernelSize, NaN);
    this.strides = pairOption(owner, 'strides', args.strides, 1);
    this.dilationRate = pairOption(owner, 'dilationRate', args.dilationRate, 1);
    this.padding = paddingOption(owner, args.padding);
    this.depthMultiplier = checkNumber(owner, 'depthMultiplier', args.depthMultiplier ?? 1, { integer: true, min: 1 });
    this.act = activationOption(`${owner} '${this.name}'`, args.activation);
    this.activation = this.act.name;
    this.useBias = checkBoolean(owner, 'useBias', args.useBias, true);
    this.depthwiseSettings = readWeightSettings(owner, args, 'depthwise', 'glorotUniform');
    this.biasSettings = readWeightSettings(owner, args, 'bias', 'zeros');
  }

  override build(inputShape: Shape): void {
    if (inputShape.length !== 4) throw new Error(`DepthwiseConv2D '${this.name}': expected NHWC input of rank 4, got shape [${inputShape.join(', ')}]`);
    const channels = inputShape[3];
    this.depthwiseKernel = this.addWeight('depthwise_kernel', weightOptions([...this.kernelSize, channels, this.depthMultiplier], this.depthwiseSettings));
    if (this.useBias) this.bias = this.addWeight('bias', weightOptions([channels * this.depthMultiplier], this.biasSettings));
    this.inputSpec = { ndim: 4, axes: { 3: channels } };
  }

  call(x: Tensor): Tensor {
    const z = depthwiseConv2d(x, this.depthwiseKernel, { strides: this.strides, padding: this.padding, dilations: this.dilationRate });
    return biasAndActivation(z, this.bias, this.act);
  }

  override computeOutputShape(inputShape: readonly (number | null)[]): (number | null)[] {
    const out = (inputShape[3] ?? 1) * this.depthMultiplier;
    const g = convGeometry(`DepthwiseConv2D '${this.name}'`, inputShape.map((d) => d ?? 1), this.kernelSize[0], this.kernelSize[1], out, { strides: this.strides, padding: this.padding, dilations: this.dilationRate });
    return [inputShape[0], inputShape[1] === null ? null : g.outHeight, inputShape[2] === null ? null : g.outWidth, inputShape[3] === null ? null : out];
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(), kernelSize: this.kernelSize.slice(), strides: this.strides.slice(), padding: this.padding, depthMultiplier: this.depthMultiplier,
      dilationRate: this.dilationRate.slice(), activation: this.activation, useBias: this.useBias,
      ...weightSettingsConfig('depthwise', this.depthwiseSettings), ...weightSettingsConfig('bias', this.biasSettings),
    };
  }
}
