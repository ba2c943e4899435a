import { Tensor, describeValue, formatShape, reshape, type Shape } from '@rectify/core';
import { Layer, checkOptions, type CallOptions, type LayerArgs, type ShapeOrShapes } from '../layer.js';
import { asLayer, matchDtype, scopeWeights, type LayerOrConfig } from './nested.js';

export interface TimeDistributedArgs extends LayerArgs {
  /** The layer applied to every time step (with the same weights). */
  layer: LayerOrConfig;
}

/**
 * Applies a layer to every time step of a [batch, time, ...] input with the same weights: the steps are
 * folded into the batch, the layer runs once, and the result is unfolded. A mask passes through unchanged
 * (each step's output depends on that step alone). Weights: the wrapped layer's, saved as
 * `<name>/kernel` (TF.js's naming). Keras name: TimeDistributed.
 * @example new TimeDistributed({ layer: new Dense({ units: 4 }) })
 */
export class TimeDistributed extends Layer {
  static override className = 'TimeDistributed';
  readonly layer: Layer;

  constructor(args: TimeDistributedArgs) {
    checkOptions('TimeDistributed', args, ['layer']);
    if (!args) throw new Error(`TimeDistributed: options are required, e.g. new TimeDistributed({ layer: new Dense({ units: 4 }) }); got ${describeValue(args)}`);
    const layer = asLayer('TimeDistributed', 'layer', args.layer);
    if (layer.built) throw new Error(`TimeDistributed: layer '${layer.name}' is already built; give a fresh layer`);
    super(args);
    this.layer = this.trackLayer(layer);
    this.supportsMasking = true;
  }

  private checkRank(shape: readonly (number | null)[]): void {
    if (shape.length < 3) throw new Error(`TimeDistributed '${this.name}': expected input of rank >= 3 (batch, time, ...), got shape ${formatShape(shape as number[])}`);
  }

  override build(inputShape: Shape): void {
    this.checkRank(inputShape);
    matchDtype(this.layer, this.dtype);
    this.layer.build([inputShape[0] * inputShape[1], ...inputShape.slice(2)]);
    scopeWeights(this.layer, this.name, true);
  }

  call(x: Tensor, options: CallOptions = {}): Tensor {
    this.checkRank(x.shape);
    const [batch, steps] = x.shape;
    const y = this.layer.apply(reshape(x, [batch * steps, ...x.shape.slice(2)]), { training: options.training });
    if (Array.isArray(y)) throw new Error(`TimeDistributed '${this.name}': the wrapped layer '${this.layer.name}' returned ${y.length} outputs; it must return one`);
    return reshape(y, [batch, steps, ...y.shape.slice(1)]);
  }

  override computeOutputShape(inputShape: ShapeOrShapes): (number | null)[] {
    const shape = inputShape as (number | null)[];
    this.checkRank(shape);
    const inner = this.layer.computeOutputShape([null, ...shape.slice(2)]);
    if (Array.isArray(inner[0])) throw new Error(`TimeDistributed '${this.name}': the wrapped layer '${this.layer.name}' has several outputs; it must have one`);
    return [shape[0], shape[1], ...(inner as (number | null)[]).slice(1)];
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), layer: { className: this.layer.className, config: this.layer.getConfig() } };
  }
}
