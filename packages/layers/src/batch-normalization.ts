import { Tensor, add, checkBoolean, checkOptionalNumber, div, mean, mul, noGrad, normalizeAxis, reshape, scaleShift, scaleShiftRelu, sqrt, sub, variance, type Shape } from '@rectify/core';
import { Layer, checkOptions, type CallOptions, type LayerArgs } from './layer.js';
import type { Parameter } from './parameter.js';
import type { InitializerLike } from './initializers.js';
import type { RegularizerLike } from './regularizers.js';
import type { ConstraintLike } from './constraints.js';
import { readWeightSettings, weightOptionKeys, weightOptions, weightSettingsConfig, type WeightSettings } from './weight-options.js';

export interface BatchNormalizationArgs extends LayerArgs {
  /** The feature axis (normalized per feature). Default -1. */
  axis?: number;
  /** Moving-average momentum. Default 0.99. */
  momentum?: number;
  /** Added to the variance before the square root. Default 1e-3. */
  epsilon?: number;
  /** Learn an offset beta. Default true. */
  center?: boolean;
  /** Learn a scale gamma. Default true. */
  scale?: boolean;
  gammaInitializer?: InitializerLike;
  betaInitializer?: InitializerLike;
  movingMeanInitializer?: InitializerLike;
  movingVarianceInitializer?: InitializerLike;
  gammaRegularizer?: RegularizerLike | null;
  betaRegularizer?: RegularizerLike | null;
  gammaConstraint?: ConstraintLike | null;
  betaConstraint?: ConstraintLike | null;
}

const WEIGHT_DEFAULTS = { gamma: 'ones', beta: 'zeros', movingMean: 'zeros', movingVariance: 'ones' } as const;

/**
 * Batch normalization: y = gamma * (x - mean) / sqrt(var + epsilon) + beta, with the batch's statistics in
 * training and the moving statistics at inference (moving = moving * momentum + batch * (1 - momentum)).
 * Weights: [gamma, beta, movingMean, movingVariance]; the moving statistics are not trainable.
 * @example new BatchNormalization({ momentum: 0.9 })
 */
export class BatchNormalization extends Layer {
  static override className = 'BatchNormalization';
  readonly axis: number;
  readonly momentum: number;
  readonly epsilon: number;
  readonly center: boolean;
  readonly scale: boolean;
  gamma: Parameter | null = null;
  beta: Parameter | null = null;
  movingMean!: Parameter;
  movingVariance!: Parameter;
  private readonly settings: Record<keyof typeof WEIGHT_DEFAULTS, WeightSettings>;
  private reduceAxes: number[] = [];
  private broadcastShape: number[] = [];

  constructor(args: BatchNormalizationArgs = {}) {
    checkOptions('BatchNormalization', args, ['axis', 'momentum', 'epsilon', 'center', 'scale', ...weightOptionKeys('gamma', 'beta', 'movingMean', 'movingVariance')]);
    args ??= {};
    super(args);
    const owner = 'BatchNormalization';
    this.axis = checkOptionalNumber(owner, 'axis', args.axis, -1, { integer: true });
    this.momentum = checkOptionalNumber(owner, 'momentum', args.momentum, 0.99, { min: 0, max: 1 });
    this.epsilon = checkOptionalNumber(owner, 'epsilon', args.epsilon, 1e-3, { greaterThan: 0 });
    this.center = checkBoolean(owner, 'center', args.center, true);
    this.scale = checkBoolean(owner, 'scale', args.scale, true);
    const read = (k: keyof typeof WEIGHT_DEFAULTS) => readWeightSettings(owner, args, k, WEIGHT_DEFAULTS[k]);
    this.settings = { gamma: read('gamma'), beta: read('beta'), movingMean: read('movingMean'), movingVariance: read('movingVariance') };
    for (const k of ['movingMean', 'movingVariance'] as const) {
      if (this.settings[k].regularizer || this.settings[k].constraint) throw new Error(`${owner}: ${k} is not trained, so it takes no regularizer or constraint`);
    }
  }

  override build(inputShape: Shape): void {
    const axis = normalizeAxis(`BatchNormalization '${this.name}'`, this.axis, inputShape.length);
    if (axis === 0) throw new Error(`BatchNormalization '${this.name}': axis must not be the batch axis 0`);
    const size = inputShape[axis];
    this.reduceAxes = inputShape.map((_, i) => i).filter((i) => i !== axis);
    this.broadcastShape = inputShape.map((d, i) => (i === axis ? d : 1));
    if (this.scale) this.gamma = this.addWeight('gamma', weightOptions([size], this.settings.gamma));
    if (this.center) this.beta = this.addWeight('beta', weightOptions([size], this.settings.beta));
    this.movingMean = this.addWeight('moving_mean', { shape: [size], initializer: this.settings.movingMean.initializer, trainable: false });
    this.movingVariance = this.addWeight('moving_variance', { shape: [size], initializer: this.settings.movingVariance.initializer, trainable: false });
    this.inputSpec = { ndim: inputShape.length, axes: { [axis]: size } };
  }

  call(x: Tensor, options: CallOptions): Tensor {
    const shape = this.broadcastShape.map((d, i) => (d === 1 ? 1 : x.shape[i]));
    if (!options.training) return this.applyMovingStatistics(x, shape);
    const m = mean(x, this.reduceAxes);
    const v = variance(x, this.reduceAxes); // biased batch variance, as Keras 3
    noGrad(() => {
      this.movingMean.assign(add(mul(this.movingMean, this.momentum), mul(m, 1 - this.momentum)));
      this.movingVariance.assign(add(mul(this.movingVariance, this.momentum), mul(v, 1 - this.momentum)));
    });
    let y = mul(sub(x, reshape(m, shape)), reshape(div(1, sqrt(add(v, this.epsilon))), shape));
    if (this.gamma) y = mul(y, reshape(this.gamma, shape));
    if (this.beta) y = add(y, reshape(this.beta, shape));
    return y;
  }

  // Inference folds the statistics, gamma and beta into one scale and one shift per feature: two passes over
  // x instead of four (MobileNets run a BatchNormalization after every convolution).
  private applyMovingStatistics(x: Tensor, shape: number[]): Tensor {
    const { scale, shift } = this.foldedStatistics();
    // features on the last axis (NHWC, Dense outputs): one pass
    if (this.featuresLast(x, shape, scale)) return scaleShift(x, scale, shift);
    return add(mul(x, reshape(scale, shape)), reshape(shift, shape));
  }

  private foldedStatistics(): { scale: Tensor; shift: Tensor } {
    let scale = div(1, sqrt(add(this.movingVariance, this.epsilon)));
    if (this.gamma) scale = mul(scale, this.gamma);
    const shift = this.beta ? sub(this.beta, mul(this.movingMean, scale)) : mul(this.movingMean, scale).neg();
    return { scale, shift };
  }

  private featuresLast(x: Tensor, shape: readonly number[], scale: Tensor): boolean {
    return shape.every((d, i) => d === 1 || i === shape.length - 1) && x.shape[x.rank - 1] === scale.size && scale.dtype === x.dtype;
  }

  /**
   * This layer at inference followed by a ReLU capped at `maxValue` (null: no cap), in one pass over x; null
   * when its features are not the last axis (then the two run apart). A graph calls it for a
   * BatchNormalization whose output only a ReLU reads.
   */
  inferenceWithRelu(x: Tensor, maxValue: number | null): Tensor | null {
    if (!this.built) this.build(x.shape);
    this.checkInput(x.shape);
    const shape = this.broadcastShape.map((d, i) => (d === 1 ? 1 : x.shape[i]));
    const { scale, shift } = this.foldedStatistics();
    return this.featuresLast(x, shape, scale) ? scaleShiftRelu(x, scale, shift, maxValue) : null;
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(), axis: this.axis, momentum: this.momentum, epsilon: this.epsilon, center: this.center, scale: this.scale,
      ...weightSettingsConfig('gamma', this.settings.gamma), ...weightSettingsConfig('beta', this.settings.beta),
      ...weightSettingsConfig('movingMean', this.settings.movingMean), ...weightSettingsConfig('movingVariance', this.settings.movingVariance),
    };
  }
}
