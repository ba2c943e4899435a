import { Tensor, checkBoolean, describeValue, div, maximum, mean, mul, add, noGrad, normalizeAxis, reshape, scalar, sqrt, sub, tensor, variance, type Shape } from '@rectify/core';
import { Layer, checkOptions, type LayerArgs } from '../layer.js';
import type { Parameter } from '../parameter.js';

/** Options of {@link Normalization}. */
export interface NormalizationArgs extends LayerArgs {
  /** The axis (or axes) that keep their own statistics, e.g. -1 for one mean per channel. Default -1. */
  axis?: number | readonly number[] | null;
  /** Fixed means (then no weights and no adapt). */
  mean?: number | readonly number[] | null;
  /** Fixed variances, given together with mean. */
  variance?: number | readonly number[] | null;
  /** Undo the normalization instead: x * sqrt(variance) + mean. Default false. */
  invert?: boolean;
}

const KERAS_EPSILON = 1e-7;

/**
 * Feature standardization: y = (x - mean) / max(sqrt(variance), 1e-7), with statistics per entry of `axis`
 * either given or learned from data by `adapt(data)` (then stored as the non-trainable weights
 * [mean, variance] and saved with the model). Keras `Normalization`.
 * @example const norm = new Normalization(); norm.adapt(xTrain); // then use it as the first layer
 */
export class Normalization extends Layer {
  static override className = 'Normalization';
  readonly axis: number[];
  readonly invert: boolean;
  private readonly fixedMean: number[] | null;
  private readonly fixedVariance: number[] | null;
  meanWeight: Parameter | null = null;
  varianceWeight: Parameter | null = null;
  private axes: number[] = [];
  private statShape: number[] = [];

  constructor(args: NormalizationArgs = {}) {
    const owner = 'Normalization';
    checkOptions(owner, args, ['axis', 'mean', 'variance', 'invert']);
    args ??= {};
    const axis = args.axis === undefined ? -1 : args.axis;
    const list = axis === null ? [] : typeof axis === 'number' ? [axis] : Array.isArray(axis) ? [...axis] : null;
    if (!list || list.some((a) => !Number.isInteger(a))) throw new Error(`${owner}: axis must be an integer, a list of them or null, got ${describeValue(axis)}`);
    const given = (v: unknown, name: string): number[] | null => {
      if (v === undefined || v === null) return null;
      const values = typeof v === 'number' ? [v] : Array.isArray(v) ? v : null;
      if (!values || values.some((d) => typeof d !== 'number' || !Number.isFinite(d))) throw new Error(`${owner}: ${name} must be a number or a list of finite numbers, got ${describeValue(v)}`);
      return values.slice() as number[];
    };
    const m = given(args.mean, 'mean');
    const v = given(args.variance, 'variance');
    if ((m === null) !== (v === null)) throw new Error(`${owner}: give both mean and variance, or neither (and call adapt)`);
    if (v && v.some((d) => d < 0)) throw new Error(`${owner}: variance must be non-negative, got ${describeValue(args.variance)}`);
    super(args);
    this.axis = list;
    this.fixedMean = m;
    this.fixedVariance = v;
    this.invert = checkBoolean(owner, 'invert', args.invert, false);
  }

  override build(inputShape: Shape): void {
    this.axes = this.axis.map((a) => normalizeAxis(`Normalization '${this.name}'`, a, inputShape.length));
    if (this.axes.includes(0)) throw new Error(`Normalization '${this.name}': axis must not include the batch axis 0`);
    this.statShape = inputShape.map((d, i) => (this.axes.includes(i) ? d : 1));
    const size = this.axes.map((a) => inputShape[a]);
    if (this.fixedMean) {
      const n = size.reduce((a, d) => a * d, 1);
      for (const [name, values] of [['mean', this.fixedMean], ['variance', this.fixedVariance!]] as const) {
        if (values.length !== 1 && values.length !== n) throw new Error(`Normalization '${this.name}': ${name} has ${values.length} values but axis ${JSON.stringify(this.axis)} of input shape [${inputShape.join(', ')}] needs ${n} (or one)`);
      }
      return;
    }
    this.meanWeight = this.addWeight('mean', { shape: size, initializer: 'zeros', trainable: false });
    this.varianceWeight = this.addWeight('variance', { shape: size, initializer: 'ones', trainable: false });
  }

  /**
   * Computes the mean and variance of `data` ([samples, ...], batch axis first) over every axis but
   * `axis`, and stores them. Call before training.
   */
  adapt(data: Tensor): void {
    if (!(data instanceof Tensor)) throw new Error(`Normalization '${this.name}': adapt expects a Tensor of samples, got ${describeValue(data)}`);
    if (this.fixedMean) throw new Error(`Normalization '${this.name}': mean and variance were given, so there is nothing to adapt`);
    if (!this.built) this.build(data.shape);
    if (data.rank !== this.statShape.length || this.axes.some((a) => data.shape[a] !== this.statShape[a])) {
      throw new Error(`Normalization '${this.name}': adapt data of shape [${data.shape.join(', ')}] does not match the layer's input (axis sizes [${this.axes.map((a) => this.statShape[a]).join(', ')}])`);
    }
    const reduce = data.shape.map((_, i) => i).filter((i) => !this.axes.includes(i));
    noGrad(() => {
      this.meanWeight!.assign(reshape(mean(data, reduce), this.meanWeight!.shape));
      this.varianceWeight!.assign(reshape(variance(data, reduce), this.varianceWeight!.shape));
    });
  }

  private stats(x: Tensor): [Tensor, Tensor] {
    const shape = this.statShape.map((d, i) => (this.axes.includes(i) ? x.shape[i] : 1));
    if (this.fixedMean) {
      const expand = (v: number[]) => (v.length === 1 ? scalar(v[0], { dtype: x.dtype }) : reshape(tensor(v, undefined, { dtype: x.dtype }), shape));
      return [expand(this.fixedMean), expand(this.fixedVariance!)];
    }
    return [reshape(this.meanWeight!, shape), reshape(this.varianceWeight!, shape)];
  }

  call(x: Tensor): Tensor {
    const [m, v] = this.stats(x);
    const std = maximum(sqrt(v), KERAS_EPSILON);
    return this.invert ? add(mul(x, std), m) : div(sub(x, m), std);
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(), axis: this.axis.length === 1 ? this.axis[0] : this.axis.slice(), invert: this.invert,
      mean: this.fixedMean ? this.fixedMean.slice() : null, variance: this.fixedVariance ? this.fixedVariance.slice() : null,
    };
  }
}
