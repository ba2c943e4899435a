import type { ActivationArgs, WeightArgs } from '../weight-args.js';
import { Tensor, axisGeometry, checkBoolean, checkNumber, conv1d, type Padding, type Shape } from '@rectify/core';
import { Layer, checkOptions, type LayerArgs } from '../layer.js';
import type { Parameter } from '../parameter.js';
import { readWeightSettings, weightOptionKeys, weightOptions, weightSettingsConfig, type WeightSettings } from '../weight-options.js';
import { activationOption, biasAndActivation, checkDataFormat, paddingOption, singleOption } from './conv-options.js';

/** Options of {@link Conv1D} (Keras names, camelCase). */
export interface Conv1DArgs extends LayerArgs, ActivationArgs, WeightArgs<'kernel' | 'bias'> {
  filters: number;
  kernelSize: number | readonly [number];
  strides?: number | readonly [number];
  /** 'valid' (default), 'same', or 'causal' (output t sees inputs up to t only: WaveNet, text CNNs). */
  padding?: Padding;
  dilationRate?: number | readonly [number];
  dataFormat?: 'channelsLast' | 'channels_last';
}

/**
 * 1-D convolution over [batch, steps, channels]: y = activation(conv1d(x, kernel) + bias).
 * Weights: [kernel [k, in, filters], bias [filters]]. Keras `Conv1D`.
 * @example new Conv1D({ filters: 64, kernelSize: 5, padding: 'causal', dilationRate: 2 })
 */
export class Conv1D extends Layer {
  static override className = 'Conv1D';
  readonly filters: number;
  readonly kernelSize: number;
  readonly strides: number;
  readonly padding: Padding;
  readonly dilationRate: number;
  readonly activation: string;
  readonly useBias: boolean;
  private readonly act: ReturnType<typeof activationOption>;
  private readonly kernelSettings: WeightSettings;
  private readonly biasSettings: WeightSettings;
  kernel!: Parameter;
  bias: Parameter | null = null;

  constructor(args: Conv1DArgs) {
    const owner = 'Conv1D';
    checkOptions(owner, args, ['filters', 'kernelSize', 'strides', 'padding', 'dilationRate', 'activation', 'useBias', 'dataFormat', ...weightOptionKeys('kernel', 'bias')]);
    args ??= {} as Conv1DArgs;
    checkDataFormat(owner, args.dataFormat);
    super(args);
    this.filters = checkNumber(owner, 'filters', args.filters, { integer: true, min: 1 });
    this.kernelSize = singleOption(owner, 'kernelSize', args.kernelSize);
    this.strides = singleOption(owner, 'strides', args.strides, 1);
    this.dilationRate = singleOption(owner, 'dilationRate', args.dilationRate, 1);
    this.padding = paddingOption(owner, args.padding, ['valid', 'same', 'causal']);
    this.act = activationOption(`${owner} '${this.name}'`, args.activation);
    this.activation = this.act.name;
    this.useBias = checkBoolean(owner, 'useBias', args.useBias, true);
    this.kernelSettings = readWeightSettings(owner, args, 'kernel', 'glorotUniform');
    this.biasSettings = readWeightSettings(owner, args, 'bias', 'zeros');
  }

  override build(inputShape: Shape): void {
    if (inputShape.length !== 3) throw new Error(`Conv1D '${this.name}': expected input of rank 3 [batch, steps, channels], got shape [${inputShape.join(', ')}]`);
    const channels = inputShape[2];
    this.kernel = this.addWeight('kernel', weightOptions([this.kernelSize, channels, this.filters], this.kernelSettings));
    if (this.useBias) this.bias = this.addWeight('bias', weightOptions([this.filters], this.biasSettings));
    this.inputSpec = { ndim: 3, axes: { 2: channels } };
  }

  call(x: Tensor): Tensor {
    const z = conv1d(x, this.kernel, { stride: this.strides, padding: this.padding, dilation: this.dilationRate });
    return biasAndActivation(z, this.bias, this.act);
  }

  override computeOutputShape(inputShape: readonly (number | null)[]): (number | null)[] {
    const steps = inputShape[1] === null ? null : axisGeometry(inputShape[1], this.kernelSize, this.strides, this.dilationRate, this.padding)[0];
    return [inputShape[0], steps, this.filters];
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(), filters: this.filters, kernelSize: [this.kernelSize], strides: [this.strides], padding: this.padding,
      dilationRate: [this.dilationRate], activation: this.activation, useBias: this.useBias,
      ...weightSettingsConfig('kernel', this.kernelSettings), ...weightSettingsConfig('bias', this.biasSettings),
    };
  }
}
