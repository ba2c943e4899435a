import { Tensor, checkBoolean, checkNumber, conv2d, conv2dAddRelu, conv2dReluMaxPool, convGeometry, describeValue, type Padding, type Shape } from '@rectify/core';
import type { MaxPooling2D } from './pooling.js';
import type { ActivationArgs, Conv2DWindowArgs, WeightArgs } from './weight-args.js';
import { Layer, checkOptions, type LayerArgs } from './layer.js';
import type { InitializerLike } from './initializers.js';
import type { Parameter } from './parameter.js';
import { readWeightSettings, weightOptionKeys, weightOptions, weightSettingsConfig, type WeightSettings } from './weight-options.js';
import { activationOption, biasAndActivation, checkDataFormat, checkPair, paddingOption, pairOption } from './convolutional/conv-options.js';

export { checkDataFormat, checkPair } from './convolutional/conv-options.js';

/** Options of {@link Conv2D} (Keras names, camelCase). */
export interface Conv2DArgs extends LayerArgs, ActivationArgs, Conv2DWindowArgs, WeightArgs<'kernel' | 'bias'> {
  filters: number;
  /** Independent convolutions over `groups` blocks of channels (Keras `groups`). Default 1. */
  groups?: number;
}

/**
 * 2-D convolution over NHWC input: y = activation(conv(x, kernel) + bias), kernel [kh, kw, in / groups, filters].
 * Weights: [kernel, bias].
 * @example new Conv2D({ filters: 16, kernelSize: 3, padding: 'same', activation: 'relu' })
 */
export class Conv2D extends Layer {
  static override className = 'Conv2D';
  readonly filters: number;
  readonly kernelSize: [number, number];
  readonly strides: [number, number];
  readonly padding: Padding;
  readonly dilationRate: [number, number];
  readonly groups: number;
  readonly activation: string;
  readonly useBias: boolean;
  readonly kernelInitializer: InitializerLike;
  readonly biasInitializer: InitializerLike;
  private readonly kernelSettings: WeightSettings;
  private readonly biasSettings: WeightSettings;
  private readonly act: ReturnType<typeof activationOption>;
  kernel!: Parameter;
  bias: Parameter | null = null;

  constructor(args: Conv2DArgs) {
    checkOptions('Conv2D', args, ['filters', 'kernelSize', 'strides', 'padding', 'dilationRate', 'groups', 'activation', 'useBias', 'dataFormat', ...weightOptionKeys('kernel', 'bias')]);
    if (!args) throw new Error(`Conv2D: options are required, e.g. new Conv2D({ filters: 8, kernelSize: 3 }); got ${describeValue(args)}`);
    checkNumber('Conv2D', 'filters', args.filters, { integer: true, min: 1 });
    checkPair('Conv2D', 'kernelSize', args.kernelSize);
    const groups = checkNumber('Conv2D', 'groups', args.groups ?? 1, { integer: true, min: 1 });
    if (args.filters % groups !== 0) throw new Error(`Conv2D: filters (${args.filters}) must be divisible by groups (${groups})`);
    checkDataFormat('Conv2D', args.dataFormat);
    super(args);
    this.filters = args.filters;
    this.groups = groups;
    this.kernelSize = pairOption('Conv2D', 'kernelSize', args.kernelSize, 1);
    this.strides = pairOption('Conv2D', 'strides', args.strides, 1);
    this.dilationRate = pairOption('Conv2D', 'dilationRate', args.dilationRate, 1);
    this.padding = paddingOption('Conv2D', args.padding);
    this.act = activationOption(`Conv2D '${this.name}'`, args.activation);
    this.activation = this.act.name;
    this.useBias = checkBoolean('Conv2D', 'useBias', args.useBias, true);
    this.kernelSettings = readWeightSettings('Conv2D', args, 'kernel', 'glorotUniform');
    this.biasSettings = readWeightSettings('Conv2D', args, 'bias', 'zeros');
    this.kernelInitializer = this.kernelSettings.initializer;
    this.biasInitializer = this.biasSettings.initializer;
  }

  override build(inputShape: Shape): void {
    if (inputShape.length !== 4) throw new Error(`Conv2D '${this.name}': expected NHWC input of rank 4, got shape [${inputShape.join(', ')}]`);
    const channels = inputShape[3];
    if (channels % this.groups !== 0) throw new Error(`Conv2D '${this.name}': the input's ${channels} channels do not split into ${this.groups} groups`);
    this.kernel = this.addWeight('kernel', weightOptions([...this.kernelSize, channels / this.groups, this.filters], this.kernelSettings));
    if (this.useBias) this.bias = this.addWeight('bias', weightOptions([this.filters], this.biasSettings));
    this.inputSpec = { ndim: 4, axes: { 3: channels } };
  }

  private get geometry(): { strides: [number, number]; padding: Padding; dilations: [number, number] } {
    return { strides: this.strides, padding: this.padding, dilations: this.dilationRate };
  }

  call(x: Tensor): Tensor {
    const geometry = this.geometry;
    // bias and ReLU applied by the convolution kernel as it writes its output
    if (this.act.name === 'relu' && this.bias && this.groups === 1) return conv2dAddRelu(x, this.kernel, this.bias, geometry);
    return biasAndActivation(conv2d(x, this.kernel, { ...geometry, groups: this.groups }), this.bias, this.act);
  }

  /**
   * This layer and then `pool` as one op (conv2dReluMaxPool: the convolution's output is never handed
   * back), for a ReLU convolution with a bias and no groups where neither layer has an activity
   * regularizer (which reads a layer's own output); null otherwise. Models run it for a Conv2D whose
   * output only a MaxPooling2D reads.
   */
  applyWithMaxPool(x: Tensor, pool: MaxPooling2D): Tensor | null {
    if (this.act.name !== 'relu' || !this.bias || this.groups !== 1 || !this.built || this.activityRegularizer || pool.activityRegularizer) return null;
    this.checkInput(x.shape);
    return conv2dReluMaxPool(x, this.kernel, this.bias, this.geometry, { poolSize: pool.poolSize, strides: pool.strides, padding: pool.padding });
  }

  override computeOutputShape(inputShape: readonly (number | null)[]): (number | null)[] {
    const g = convGeometry(`Conv2D '${this.name}'`, inputShape.map((d) => d ?? 1), this.kernelSize[0], this.kernelSize[1], this.filters, this.geometry);
    return [inputShape[0], inputShape[1] === null ? null : g.outHeight, inputShape[2] === null ? null : g.outWidth, this.filters];
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(), filters: this.filters, kernelSize: this.kernelSize.slice(), strides: this.strides.slice(), padding: this.padding,
      dilationRate: this.dilationRate.slice(), ...(this.groups !== 1 ? { groups: this.groups } : {}), activation: this.activation, useBias: this.useBias,
      ...weightSettingsConfig('kernel', this.kernelSettings), ...weightSettingsConfig('bias', this.biasSettings),
    };
  }
}
