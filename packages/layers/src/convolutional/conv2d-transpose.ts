import type { ActivationArgs, Conv2DWindowArgs, WeightArgs } from '../weight-args.js';
import { Tensor, checkBoolean, checkNumber, conv2dTranspose, describeValue, transposedLength, type Padding, type Shape } from '@rectify/core';
import { Layer, checkOptions, type LayerArgs } from '../layer.js';
import type { Parameter } from '../parameter.js';
import { readWeightSettings, weightOptionKeys, weightOptions, weightSettingsConfig, type WeightSettings } from '../weight-options.js';
import { activationOption, biasAndActivation, checkDataFormat, paddingOption, pairOption } from './conv-options.js';

/** Options of {@link Conv2DTranspose} (Keras names, camelCase). */
export interface Conv2DTransposeArgs extends LayerArgs, ActivationArgs, Conv2DWindowArgs, WeightArgs<'kernel' | 'bias'> {
  filters: number;
  /** Only null (the default output size) is supported. */
  outputPadding?: null;
}

/**
 * Transposed convolution (U-Net's learned upsampling): the input gradient of a convolution, so a stride of 2
 * doubles height and width. Output size: in * stride ('same'), in * stride + max(k - stride, 0) ('valid').
 * Weights: [kernel [kh, kw, filters, in], bias [filters]]. Keras `Conv2DTranspose`.
 * @example new Conv2DTranspose({ filters: 16, kernelSize: 2, strides: 2 })
 */
export class Conv2DTranspose extends Layer {
  static override className = 'Conv2DTranspose';
  readonly filters: number;
  readonly kernelSize: [number, number];
  readonly strides: [number, number];
  readonly padding: Padding;
  readonly dilationRate: [number, number];
  readonly activation: string;
  readonly useBias: boolean;
  private readonly act: ReturnType<typeof activationOption>;
  private readonly kernelSettings: WeightSettings;
  private readonly biasSettings: WeightSettings;
  kernel!: Parameter;
  bias: Parameter | null = null;

  constructor(args: Conv2DTransposeArgs) {
    const owner = 'Conv2DTranspose';
    checkOptions(owner, args, ['filters', 'kernelSize', 'strides', 'padding', 'dilationRate', 'outputPadding', 'activation', 'useBias', 'dataFormat', ...weightOptionKeys('kernel', 'bias')]);
    args ??= {} as Conv2DTransposeArgs;
    checkDataFormat(owner, args.dataFormat);
    if (args.outputPadding !== undefined && args.outputPadding !== null) {
      throw new Error(`${owner}: outputPadding ${describeValue(args.outputPadding)} is not supported; only null (the default output size)`);
    }
    super(args);
    this.filters = checkNumber(owner, 'filters', args.filters, { integer: true, min: 1 });
    this.kernelSize = pairOption(owner, 'kernelSize', args.kernelSize, NaN);
    this.strides = pairOption(owner, 'strides', args.strides, 1);
    this.dilationRate = pairOption(owner, 'dilationRate', args.dilationRate, 1);
    this.padding = paddingOption(owner, args.padding);
    this.act = activationOption(`${owner} '${this.name}'`, args.activation);
    this.activation = this.act.name;
    this.useBias = checkBoolean(owner, 'useBias', args.useBias, true);
    this.kernelSettings = readWeightSettings(owner, args, 'kernel', 'glorotUniform');
    this.biasSettings = readWeightSettings(owner, args, 'bias', 'zeros');
  }

  override build(inputShape: Shape): void {
    if (inputShape.length !== 4) throw new Error(`Conv2DTranspose '${this.name}': expected NHWC input of rank 4, got shape [${inputShape.join(', ')}]`);
    const channels = inputShape[3];
    this.kernel = this.addWeight('kernel', weightOptions([...this.kernelSize, this.filters, channels], this.kernelSettings));
    if (this.useBias) this.bias = this.addWeight('bias', weightOptions([this.filters], this.biasSettings));
    this.inputSpec = { ndim: 4, axes: { 3: channels } };
  }

  call(x: Tensor): Tensor {
    const z = conv2dTranspose(x, this.kernel, { strides: this.strides, padding: this.padding, dilations: this.dilationRate });
    return biasAndActivation(z, this.bias, this.act);
  }

  override computeOutputShape(inputShape: readonly (number | null)[]): (number | null)[] {
    const size = (d: number | null, i: 0 | 1) => (d === null ? null : transposedLength(d, this.kernelSize[i], this.strides[i], this.dilationRate[i], this.padding));
    return [inputShape[0], size(inputShape[1], 0), size(inputShape[2], 1), this.filters];
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(), filters: this.filters, kernelSize: this.kernelSize.slice(), strides: this.strides.slice(), padding: this.padding,
      dilationRate: this.dilationRate.slice(), outputPadding: null, activation: this.activation, useBias: this.useBias,
      ...weightSettingsConfig('kernel', this.kernelSettings), ...weightSettingsConfig('bias', this.biasSettings),
    };
  }
}
