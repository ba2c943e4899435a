import { Tensor, boundedRelu, checkNumber, checkOptionalNumber, elu, leakyRelu, minimum, relu, where, greaterEqual, mul, sub } from '@rectify/core';
import { Layer, checkOptions, type LayerArgs } from '../layer.js';

export interface ReLUArgs extends LayerArgs {
  /** Upper cap of the output (none by default). */
  maxValue?: number | null;
  /** Slope below the threshold. Default 0. */
  negativeSlope?: number;
  /** Inputs below it are scaled by negativeSlope. Default 0. */
  threshold?: number;
}

/**
 * Rectified linear unit (Keras `ReLU`): f(x) = min(maxValue, x) for x >= threshold,
 * negativeSlope * (x - threshold) otherwise.
 * @example new ReLU().apply(tensor([-1, 2])) // [0, 2]
 */
export class ReLU extends Layer {
  static override className = 'ReLU';
  readonly maxValue: number | null;
  readonly negativeSlope: number;
  readonly threshold: number;

  constructor(args: ReLUArgs = {}) {
    checkOptions('ReLU', args, ['maxValue', 'negativeSlope', 'threshold']);
    args ??= {};
    super(args);
    // no cap is null (not Infinity): a config must stay JSON
    this.maxValue = args.maxValue === null || args.maxValue === undefined ? null : checkNumber('ReLU', 'maxValue', args.maxValue, { min: 0 });
    this.negativeSlope = checkOptionalNumber('ReLU', 'negativeSlope', args.negativeSlope, 0, { min: 0 });
    this.threshold = checkOptionalNumber('ReLU', 'threshold', args.threshold, 0);
  }

  call(x: Tensor): Tensor {
    // the plain case (ReLU6 in MobileNets) is one kernel pass
    if (this.negativeSlope === 0 && this.threshold === 0) return this.maxValue === null ? relu(x) : boundedRelu(x, this.maxValue);
    const y = where(greaterEqual(x, this.threshold), x, mul(sub(x, this.threshold), this.negativeSlope));
    return this.maxValue === null ? y : minimum(y, this.maxValue);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), maxValue: this.maxValue, negativeSlope: this.negativeSlope, threshold: this.threshold };
  }
}

/**
 * Leaky ReLU: f(x) = x for x > 0, alpha * x otherwise (alpha = 0.3 as Keras): dead units still get gradient.
 * @example new LeakyReLU({ alpha: 0.1 }).apply(tensor([-1, 2])) // [-0.1, 2]
 */
export class LeakyReLU extends Layer {
  static override className = 'LeakyReLU';
  readonly alpha: number;

  constructor(args: LayerArgs & { alpha?: number } = {}) {
    checkOptions('LeakyReLU', args, ['alpha']);
    args ??= {};
    super(args);
    this.alpha = checkOptionalNumber('LeakyReLU', 'alpha', args.alpha, 0.3);
  }

  call(x: Tensor): Tensor {
    return leakyRelu(x, this.alpha);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), alpha: this.alpha };
  }
}

/**
 * Exponential linear unit: f(x) = x for x > 0, alpha * (exp(x) - 1) otherwise.
 * @example new ELU().apply(tensor([-1, 2])) // [-0.632, 2]
 */
export class ELU extends Layer {
  static override className = 'ELU';
  readonly alpha: number;

  constructor(args: LayerArgs & { alpha?: number } = {}) {
    checkOptions('ELU', args, ['alpha']);
    args ??= {};
    super(args);
    this.alpha = checkOptionalNumber('ELU', 'alpha', args.alpha, 1);
  }

  call(x: Tensor): Tensor {
    return elu(x, this.alpha);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), alpha: this.alpha };
  }
}
