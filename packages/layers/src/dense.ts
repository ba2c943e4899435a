import { Tensor, add, addRelu, checkBoolean, checkNumber, describeValue, matmul, type Shape } from '@rectify/core';
import { Layer, checkOptions, type LayerArgs } from './layer.js';
import { canonicalActivation, getActivation, type ActivationFn, type ActivationName } from './activations/get-activation.js';
import { getInitializer, serializeInitializer, type InitializerLike } from './initializers.js';
import type { Parameter } from './parameter.js';

export interface DenseArgs extends LayerArgs {
  /** Output width (> 0). */
  units: number;
  /** Activation name applied to the output. Default 'linear'. */
  activation?: ActivationName;
  /** Add a bias. Default true. */
  useBias?: boolean;
  /** Default 'glorotUniform'. */
  kernelInitializer?: InitializerLike;
  /** Default 'zeros'. */
  biasInitializer?: InitializerLike;
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
  private readonly activationFn: ActivationFn;
  kernel!: Parameter;
  bias: Parameter | null = null;

  constructor(args: DenseArgs) {
    checkOptions('Dense', args, ['units', 'activation', 'useBias', 'kernelInitializer', 'biasInitializer']);
    if (!args) throw new Error(`Dense: options are required, e.g. new Dense({ units: 10 }); got ${describeValue(args)}`);
    checkNumber('Dense', 'units', args.units, { integer: true, min: 1 });
    super(args);
    this.units = args.units;
    this.activation = canonicalActivation(`Dense '${this.name}'`, args.activation ?? 'linear');
    this.activationFn = getActivation(this.activation);
    this.useBias = checkBoolean('Dense', 'useBias', args.useBias, true);
    this.kernelInitializer = args.kernelInitializer ?? 'glorotUniform';
    this.biasInitializer = args.biasInitializer ?? 'zeros';
    // unknown initializer names fail at construction, not at the first call
    getInitializer(this.kernelInitializer);
    getInitializer(this.biasInitializer);
  }

  override build(inputShape: Shape): void {
    if (inputShape.length < 2) throw new Error(`Dense '${this.name}': expected input of rank >= 2 (batch, features), got shape [${inputShape.join(', ')}]`);
    const inFeatures = inputShape[inputShape.length - 1];
    this.kernel = this.addWeight('kernel', { shape: [inFeatures, this.units], initializer: this.kernelInitializer });
    if (this.useBias) this.bias = this.addWeight('bias', { shape: [this.units], initializer: this.biasInitializer });
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
      kernelInitializer: serializeInitializer(this.kernelInitializer),
      biasInitializer: serializeInitializer(this.biasInitializer),
    };
  }
}
