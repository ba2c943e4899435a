import { Tensor, add, checkBoolean, checkNumber, checkOptionalNumber, div, mean, mul, reshape, sqrt, sub, variance, type Shape } from '@rectify/core';
import { Layer, checkOptions, type LayerArgs } from '../layer.js';
import type { Parameter } from '../parameter.js';
import type { InitializerLike } from '../initializers.js';
import type { RegularizerLike } from '../regularizers.js';
import type { ConstraintLike } from '../constraints.js';
import { readWeightSettings, weightOptionKeys, weightOptions, weightSettingsConfig, type WeightSettings } from '../weight-options.js';

/** Options of {@link GroupNormalization}. */
export interface GroupNormalizationArgs extends LayerArgs {
  /** Number of channel groups; must divide the channels. Default 32. */
  groups?: number;
  /** The channel axis: only -1 (channels last). */
  axis?: number;
  epsilon?: number;
  center?: boolean;
  scale?: boolean;
  gammaInitializer?: InitializerLike;
  betaInitializer?: InitializerLike;
  gammaRegularizer?: RegularizerLike | null;
  betaRegularizer?: RegularizerLike | null;
  gammaConstraint?: ConstraintLike | null;
  betaConstraint?: ConstraintLike | null;
}

/**
 * Group normalization (Wu and He 2018): the channels are split into `groups`; each sample's group is
 * normalized over its channels and all spatial positions, then y = gamma * xhat + beta per channel.
 * groups = channels is instance normalization, groups = 1 layer normalization over all axes.
 * Weights: [gamma, beta] of [channels]. Keras `GroupNormalization`.
 * @example new GroupNormalization({ groups: 8 })
 */
export class GroupNormalization extends Layer {
  static override className = 'GroupNormalization';
  readonly groups: number;
  readonly epsilon: number;
  readonly center: boolean;
  readonly scale: boolean;
  private readonly settings: Record<'gamma' | 'beta', WeightSettings>;
  gamma: Parameter | null = null;
  beta: Parameter | null = null;

  constructor(args: GroupNormalizationArgs = {}) {
    const owner = 'GroupNormalization';
    checkOptions(owner, args, ['groups', 'axis', 'epsilon', 'center', 'scale', ...weightOptionKeys('gamma', 'beta')]);
    args ??= {};
    if (args.axis !== undefined && args.axis !== -1) throw new Error(`${owner}: axis must be -1 (channels last), got ${JSON.stringify(args.axis)}`);
    super(args);
    this.groups = checkNumber(owner, 'groups', args.groups ?? 32, { integer: true, min: 1 });
    this.epsilon = checkOptionalNumber(owner, 'epsilon', args.epsilon, 1e-3, { greaterThan: 0 });
    this.center = checkBoolean(owner, 'center', args.center, true);
    this.scale = checkBoolean(owner, 'scale', args.scale, true);
    this.settings = { gamma: readWeightSettings(owner, args, 'gamma', 'ones'), beta: readWeightSettings(owner, args, 'beta', 'zeros') };
  }

  override build(inputShape: Shape): void {
    const channels = inputShape[inputShape.length - 1];
    if (inputShape.length < 2) throw new Error(`GroupNormalization '${this.name}': expected input of rank >= 2, got shape [${inputShape.join(', ')}]`);
    if (channels % this.groups !== 0) throw new Error(`GroupNormalization '${this.name}': groups (${this.groups}) must divide the ${channels} channels of input shape [${inputShape.join(', ')}]`);
    if (this.scale) this.gamma = this.addWeight('gamma', weightOptions([channels], this.settings.gamma));
    if (this.center) this.beta = this.addWeight('beta', weightOptions([channels], this.settings.beta));
    this.inputSpec = { minNdim: 2, axes: { [-1]: channels } };
  }

  call(x: Tensor): Tensor {
    const channels = x.shape[x.rank - 1];
    // [batch, ...spatial, groups, channels / groups]: statistics over everything but batch and group
    const grouped = reshape(x, [...x.shape.slice(0, -1), this.groups, channels / this.groups]);
    const axes = Array.from({ length: grouped.rank }, (_, i) => i).filter((i) => i !== 0 && i !== grouped.rank - 2);
    const xhat = div(sub(grouped, mean(grouped, axes, true)), sqrt(add(variance(grouped, axes, true), this.epsilon)));
    let y = reshape(xhat, x.shape);
    if (this.gamma) y = mul(y, this.gamma);
    if (this.beta) y = add(y, this.beta);
    return y;
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(), groups: this.groups, axis: -1, epsilon: this.epsilon, center: this.center, scale: this.scale,
      ...weightSettingsConfig('gamma', this.settings.gamma), ...weightSettingsConfig('beta', this.settings.beta),
    };
  }
}
