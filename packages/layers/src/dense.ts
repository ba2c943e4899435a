import { Tensor, add, addRelu, checkBoolean, checkNumber, describeValue, matmul, type Shape } from '@rectify/core';
import type { ActivationArgs, WeightArgs } from './weight-args.js';
import { Layer, checkOptions, type LayerArgs } from './layer.js';
import { canonicalActivation, getActivation, type ActivationFn } from './activations/get-activation.js';
import type { InitializerLike } from './initializers.js';
import { readWeightSettings, weightOptionKeys, weightOptions, weightSettingsConfig, type WeightSettings } from './weight-options.js';
import type { Parameter } from './parameter.js';

export interface DenseArgs extends LayerArgs, ActivationArgs, WeightArgs<'kernel' | 'bias'> {
  /** Output width (> 0). */
  units: number;
}

/**
 * Fully connected layer: y = activation(x · kernel + bias), applied to the last axis of any-rank input.
 * Weights: [kernel (in x units), bias (units)].
 * @example new Dense({ units: 10, activation: 'relu', inputShape: [784] })
 */
export class Dense extends Layer {
  static override className = 'Dense';
  readonly units: number;
  readonly activation: string;
  readonly useBias: boolean;
  readonly kernelInitializer: InitializerLike;
  readonly biasInitializer: InitializerLike;
  private readonly kernelSettings: WeightSettings;
  private readonly biasSettings: WeightSettings;
  private readonly activationFn: ActivationFn;
  kernel!: Parameter;
  bias: Parameter | null = null;

  constructor(args: DenseArgs) {
    checkOptions('Dense', args, ['units', 'activation', 'useBias', ...weightOptionKeys('kernel', 'bias')]);
    if (!args) throw new Error(`Dense: options are required, e.g. new Dense({ units: 10 }); got ${describeValue(args)}`);
    checkNumber('Dense', 'units', args.units, { integer: true, min: 1 });
    super(args);
    // works on each position alone, so a sequence mask passes through unchanged (as in Keras)
    this.supportsMasking = true;
    this.units = args.units;
    this.activation = canonicalActivation(`Dense '${this.name}'`, args.activation ?? 'linear');
    this.activationFn = getActivation(this.activation);
    this.useBias = checkBoolean('Dense', 'useBias', args.useBias, true);
    // unknown initializer names fail at construction, not at the first call
    this.kernelSettings = readWeightSettings('Dense', args, 'kernel', 'glorotUniform');
    this.biasSettings = readWeightSettings('Dense', args, 'bias', 'zeros');
    this.kernelInitializer = this.kernelSettings.initializer;
    this.biasInitializer = this.biasSettings.initializer;
  }

  override build(inputShape: Shape): void {
    if (inputShape.length < 2) throw new Error(`Dense '${this.name}': expected input of rank >= 2 (batch, features), got shape [${inputShape.join(', ')}]`);
    const inFeatures = inputShape[inputShape.length - 1];
    this.kernel = this.addWeight('kernel', weightOptions([inFeatures, this.units], this.kernelSettings));
    if (this.useBias) this.bias = this.addWeight('bias', weightOptions([this.units], this.biasSettings));
    this.inputSpec = { minNdim: 2, axes: { [-1]: inFeatures } };
  }

  call(x: Tensor): Tensor {
    // bias + ReLU as one fused op: no intermediate sum, and a one-kernel backward
    if (this.activation === 'relu' && this.bias) return addRelu(matmul(x, this.kernel), this.bias);
    return this.activationFn(this.applyLinear(x));
  }

  /** x · kernel + bias without the activation (the logits when the activation is softmax). */
  applyLinear(x: Tensor): Tensor {
    const z = matmul(x, this.kernel);
    return this.bias ? add(z, this.bias) : z;
  }

  override computeOutputShape(inputShape: readonly (number | null)[]): (number | null)[] {
    return [...inputShape.slice(0, -1), this.units];
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      units: this.units,
      activation: this.activation,
      useBias: this.useBias,
      ...weightSettingsConfig('kernel', this.kernelSettings),
      ...weightSettingsConfig('bias', this.biasSettings),
    };
  }
}
