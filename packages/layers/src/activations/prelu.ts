import { Tensor, describeValue, prelu, type Shape } from '@rectify/core';
import { Layer, checkOptions, type LayerArgs } from '../layer.js';
import type { InitializerLike } from '../initializers.js';
import type { RegularizerLike } from '../regularizers.js';
import type { ConstraintLike } from '../constraints.js';
import { readWeightSettings, weightOptionKeys, weightOptions, weightSettingsConfig, type WeightSettings } from '../weight-options.js';
import type { Parameter } from '../parameter.js';

export interface PReLUArgs extends LayerArgs {
  /** Initial alpha. Default 'zeros' (starts as a plain ReLU, as Keras). */
  alphaInitializer?: InitializerLike;
  alphaRegularizer?: RegularizerLike | null;
  /** e.g. constraints.nonNeg() keeps the slopes non-negative. */
  alphaConstraint?: ConstraintLike | null;
  /** Axes (1-based, the batch axis is 0) along which alpha is shared, e.g. [1, 2] for one alpha per channel. */
  sharedAxes?: readonly number[] | null;
}

/**
 * Parametric ReLU: f(x) = x for x > 0, alpha * x otherwise, with alpha learned per unit
 * (or per channel with `sharedAxes`). Weights: [alpha].
 * @example new PReLU({ sharedAxes: [1, 2] }) // one alpha per channel of an NHWC feature map
 */
export class PReLU extends Layer {
  static override className = 'PReLU';
  readonly alphaInitializer: InitializerLike;
  readonly sharedAxes: number[];
  private readonly alphaSettings: WeightSettings;
  alpha!: Parameter;

  constructor(args: PReLUArgs = {}) {
    checkOptions('PReLU', args, [...weightOptionKeys('alpha'), 'sharedAxes']);
    args ??= {};
    super(args);
    this.alphaSettings = readWeightSettings('PReLU', args, 'alpha', 'zeros'); // an unknown name fails here, not at the first call
    this.alphaInitializer = this.alphaSettings.initializer;
    const shared: unknown = args.sharedAxes ?? [];
    const axes: unknown[] = Array.isArray(shared) ? [...shared] : [shared];
    if (axes.some((a) => typeof a !== 'number' || !Number.isInteger(a) || a < 1) || new Set(axes).size !== axes.length) {
      throw new Error(`PReLU: sharedAxes must be distinct integer axes >= 1 (axis 0 is the batch), got ${describeValue(args.sharedAxes)}`);
    }
    this.sharedAxes = axes as number[];
  }

  override build(inputShape: Shape): void {
    for (const a of this.sharedAxes) {
      if (a >= inputShape.length) throw new Error(`PReLU '${this.name}': shared axis ${a} is out of range for input shape [${inputShape.join(', ')}]`);
    }
    const shape = inputShape.slice(1).map((d, i) => (this.sharedAxes.includes(i + 1) ? 1 : d));
    this.alpha = this.addWeight('alpha', weightOptions(shape, this.alphaSettings));
    this.inputSpec = { ndim: inputShape.length, axes: Object.fromEntries(inputShape.slice(1).map((d, i) => [i + 1, d]).filter(([a]) => !this.sharedAxes.includes(a))) };
  }

  call(x: Tensor): Tensor {
    return prelu(x, this.alpha); // relu(x) - alpha * relu(-x)
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), ...weightSettingsConfig('alpha', this.alphaSettings), sharedAxes: this.sharedAxes.length ? this.sharedAxes.slice() : null };
  }
}
