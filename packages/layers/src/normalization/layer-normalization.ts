import { Tensor, add, checkBoolean, checkOptionalNumber, describeValue, div, mean, mul, normalizeAxis, reshape, sqrt, sub, variance, type Shape } from '@rectify/core';
import { Layer, checkOptions, type LayerArgs } from '../layer.js';
import type { Parameter } from '../parameter.js';
import type { InitializerLike } from '../initializers.js';
import type { RegularizerLike } from '../regularizers.js';
import type { ConstraintLike } from '../constraints.js';
import { readWeightSettings, weightOptionKeys, weightOptions, weightSettingsConfig, type WeightSettings } from '../weight-options.js';

/** Options of {@link LayerNormalization}. */
export interface LayerNormalizationArgs extends LayerArgs {
  /** Axis or axes normalized over, per sample. Default -1. */
  axis?: number | readonly number[];
  /** Added to the variance. Default 1e-3. */
  epsilon?: number;
  center?: boolean;
  scale?: boolean;
  /** Not supported (Keras 3 RMS variant); only false. */
  rmsScaling?: boolean;
  gammaInitializer?: InitializerLike;
  betaInitializer?: InitializerLike;
  gammaRegularizer?: RegularizerLike | null;
  betaRegularizer?: RegularizerLike | null;
  gammaConstraint?: ConstraintLike | null;
  betaConstraint?: ConstraintLike | null;
}

/**
 * Layer normalization: each sample is normalized over `axis` with its own mean and variance (no batch
 * statistics, so training and inference agree), then y = gamma * xhat + beta. Weights: [gamma, beta], each
 * of the normalized axes' shape. Keras `LayerNormalization` (Transformers).
 * @example new LayerNormalization({ epsilon: 1e-6 })
 */
export class LayerNormalization extends Layer {
  static override className = 'LayerNormalization';
  readonly axis: number[];
  readonly epsilon: number;
  readonly center: boolean;
  readonly scale: boolean;
  private readonly settings: Record<'gamma' | 'beta', WeightSettings>;
  gamma: Parameter | null = null;
  beta: Parameter | null = null;
  private axes: number[] = [];
  private paramShape: number[] = [];

  constructor(args: LayerNormalizationArgs = {}) {
    const owner = 'LayerNormalization';
    checkOptions(owner, args, ['axis', 'epsilon', 'center', 'scale', 'rmsScaling', ...weightOptionKeys('gamma', 'beta')]);
    args ??= {};
    if (args.rmsScaling) throw new Error(`${owner}: rmsScaling true is not supported; only the mean-and-variance normalization`);
    const axis = args.axis ?? -1;
    const list = typeof axis === 'number' ? [axis] : Array.isArray(axis) ? [...axis] : null;
    if (!list || list.length === 0 || list.some((a) => !Number.isInteger(a))) throw new Error(`${owner}: axis must be an integer or a list of them, got ${describeValue(axis)}`);
    super(args);
    this.axis = list;
    this.epsilon = checkOptionalNumber(owner, 'epsilon', args.epsilon, 1e-3, { greaterThan: 0 });
    this.center = checkBoolean(owner, 'center', args.center, true);
    this.scale = checkBoolean(owner, 'scale', args.scale, true);
    this.settings = { gamma: readWeightSettings(owner, args, 'gamma', 'ones'), beta: readWeightSettings(owner, args, 'beta', 'zeros') };
  }

  override build(inputShape: Shape): void {
    this.axes = this.axis.map((a) => normalizeAxis(`LayerNormalization '${this.name}'`, a, inputShape.length)).sort();
    if (this.axes.includes(0)) throw new Error(`LayerNormalization '${this.name}': axis must not include the batch axis 0`);
    const sizes = this.axes.map((a) => inputShape[a]);
    this.paramShape = inputShape.map((d, i) => (this.axes.includes(i) ? d : 1));
    if (this.scale) this.gamma = this.addWeight('gamma', weightOptions(sizes, this.settings.gamma));
    if (this.center) this.beta = this.addWeight('beta', weightOptions(sizes, this.settings.beta));
    this.inputSpec = { ndim: inputShape.length, axes: Object.fromEntries(this.axes.map((a, i) => [a, sizes[i]])) };
  }

  call(x: Tensor): Tensor {
    const m = mean(x, this.axes, true);
    const v = variance(x, this.axes, true);
    let y = div(sub(x, m), sqrt(add(v, this.epsilon)));
    if (this.gamma) y = mul(y, reshape(this.gamma, this.paramShape));
    if (this.beta) y = add(y, reshape(this.beta, this.paramShape));
    return y;
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(), axis: this.axis.length === 1 ? this.axis[0] : this.axis.slice(), epsilon: this.epsilon, center: this.center, scale: this.scale,
      ...weightSettingsConfig('gamma', this.settings.gamma), ...weightSettingsConfig('beta', this.settings.beta),
    };
  }
}
