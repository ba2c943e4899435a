import { Tensor, add, addRelu, checkBoolean, checkChoice, checkNumber, conv2d, convGeometry, describeValue, type Padding, type Shape } from '@rectify/core';
import { Layer, checkOptions, type LayerArgs } from './layer.js';
import { canonicalActivation, getActivation, type ActivationFn, type ActivationName } from './activations/get-activation.js';
import { getInitializer, serializeInitializer, type InitializerLike } from './initializers.js';
import type { Parameter } from './parameter.js';

export interface Conv2DArgs extends LayerArgs {
  filters: number;
  /** Kernel height and width (one number for square). */
  kernelSize: number | readonly [number, number];
  strides?: number | readonly [number, number];
  padding?: Padding;
  dilationRate?: number | readonly [number, number];
  activation?: ActivationName;
  useBias?: boolean;
  kernelInitializer?: InitializerLike;
  biasInitializer?: InitializerLike;
  /** Only 'channelsLast' (NHWC), accepted for Keras configs. */
  dataFormat?: 'channelsLast' | 'channels_last';
}

const pairOf = (v: number | readonly number[]): [number, number] => (typeof v === 'number' ? [v, v] : [v[0], v[1]]);

/** Rectify computes NHWC only: a config asking for channels-first must fail, not be silently misread. */
export function checkDataFormat(layer: string, v: unknown): void {
  if (v !== undefined && v !== 'channelsLast' && v !== 'channels_last') {
    throw new Error(`${layer}: dataFormat must be 'channelsLast' (NHWC, the only layout supported), got ${describeValue(v)}`);
  }
}

/** A positive integer or a pair of them (window sizes, strides, dilations), else an error naming the layer. */
export function checkPair(layer: string, name: string, v: unknown): void {
  const entries: unknown[] = typeof v === 'number' ? [v] : Array.isArray(v) && v.length === 2 ? v : [];
  if (entries.length === 0 || entries.some((d) => typeof d !== 'number' || !Number.isInteger(d) || d < 1)) {
    throw new Error(`${layer}: ${name} must be a positive integer or a pair of them, got ${describeValue(v)}`);
  }
}

/**
 * 2-D convolution over NHWC input: y = activation(conv(x, kernel) + bias), kernel [kh, kw, in, filters].
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
  readonly activation: string;
  readonly useBias: boolean;
  readonly kernelInitializer: InitializerLike;
  readonly biasInitializer: InitializerLike;
  private readonly activationFn: ActivationFn;
  kernel!: Parameter;
  bias: Parameter | null = null;

  constructor(args: Conv2DArgs) {
    checkOptions('Conv2D', args, ['filters', 'kernelSize', 'strides', 'padding', 'dilationRate', 'activation', 'useBias', 'kernelInitializer', 'biasInitializer', 'dataFormat']);
    if (!args) throw new Error(`Conv2D: options are required, e.g. new Conv2D({ filters: 8, kernelSize: 3 }); got ${describeValue(args)}`);
    checkNumber('Conv2D', 'filters', args.filters, { integer: true, min: 1 });
    checkPair('Conv2D', 'kernelSize', args.kernelSize);
    checkPair('Conv2D', 'strides', args.strides ?? 1);
    checkPair('Conv2D', 'dilationRate', args.dilationRate ?? 1);
    checkChoice('Conv2D', 'padding', args.padding, ['valid', 'same'], 'valid');
    checkDataFormat('Conv2D', args.dataFormat);
    super(args);
    this.filters = args.filters;
    this.kernelSize = pairOf(args.kernelSize);
    this.strides = pairOf(args.strides ?? 1);
    this.dilationRate = pairOf(args.dilationRate ?? 1);
    this.padding = args.padding ?? 'valid';
    this.activation = canonicalActivation(`Conv2D '${this.name}'`, args.activation ?? 'linear');
    this.activationFn = getActivation(this.activation);
    this.useBias = checkBoolean('Conv2D', 'useBias', args.useBias, true);
    this.kernelInitializer = args.kernelInitializer ?? 'glorotUniform';
    this.biasInitializer = args.biasInitializer ?? 'zeros';
    getInitializer(this.kernelInitializer);
    getInitializer(this.biasInitializer);
  }

  override build(inputShape: Shape): void {
    if (inputShape.length !== 4) throw new Error(`Conv2D '${this.name}': expected NHWC input of rank 4, got shape [${inputShape.join(', ')}]`);
    const channels = inputShape[3];
    this.kernel = this.addWeight('kernel', { shape: [...this.kernelSize, channels, this.filters], initializer: this.kernelInitializer });
    if (this.useBias) this.bias = this.addWeight('bias', { shape: [this.filters], initializer: this.biasInitializer });
    this.inputSpec = { ndim: 4, axes: { 3: channels } };
  }

  call(x: Tensor): Tensor {
    const z = conv2d(x, this.kernel, { strides: this.strides, padding: this.padding, dilations: this.dilationRate });
    if (this.activation === 'relu' && this.bias) return addRelu(z, this.bias); // fused, as in Dense
    return this.activationFn(this.bias ? add(z, this.bias) : z);
  }

  override computeOutputShape(inputShape: readonly (number | null)[]): (number | null)[] {
    const g = convGeometry(`Conv2D '${this.name}'`, inputShape.map((d) => d ?? 1), this.kernelSize[0], this.kernelSize[1], this.filters, { strides: this.strides, padding: this.padding, dilations: this.dilationRate });
    return [inputShape[0], g.outHeight, g.outWidth, this.filters];
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(), filters: this.filters, kernelSize: this.kernelSize.slice(), strides: this.strides.slice(), padding: this.padding,
      dilationRate: this.dilationRate.slice(), activation: this.activation, useBias: this.useBias,
      kernelInitializer: serializeInitializer(this.kernelInitializer), biasInitializer: serializeInitializer(this.biasInitializer),
    };
  }
}
