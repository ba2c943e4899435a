import { Tensor, checkNumber, formatShape, max, mul, notEqual, expandDims } from '@rectify/core';
import { Layer, checkOptions, type LayerArgs } from '../layer.js';

export interface MaskingArgs extends LayerArgs {
  /** A time step whose features all equal this value is padding. Default 0. */
  maskValue?: number;
}

/**
 * Marks padded time steps of a [batch, time, features] sequence: a step is padding when every feature
 * equals `maskValue`. The output is the input with padded steps zeroed, and a mask that the RNN layers after
 * it honour (padded steps leave the state and output unchanged). No weights. Keras name: Masking.
 * @example new Masking({ maskValue: 0, inputShape: [20, 8] })
 */
export class Masking extends Layer {
  static override className = 'Masking';
  readonly maskValue: number;

  constructor(args: MaskingArgs = {}) {
    checkOptions('Masking', args, ['maskValue']);
    const maskValue = args?.maskValue === undefined ? 0 : checkNumber('Masking', 'maskValue', args.maskValue, { allowInfinity: true });
    super(args ?? {});
    this.maskValue = maskValue;
    this.supportsMasking = true;
  }

  private stepMask(x: Tensor): Tensor {
    if (x.rank < 3) throw new Error(`Masking '${this.name}': expected input of rank >= 3 (batch, time, features), got shape ${formatShape(x.shape)}`);
    return max(notEqual(x, this.maskValue), -1);
  }

  call(x: Tensor): Tensor {
    return mul(x, expandDims(this.stepMask(x), -1));
  }

  /** 1 for real steps, 0 for padding; an incoming mask is combined (a step is real only if both say so). */
  override computeMask(x: Tensor | Tensor[], mask: Tensor | null): Tensor {
    if (Array.isArray(x)) throw new Error(`Masking '${this.name}': expected one input tensor, got an array of ${x.length}`);
    const own = this.stepMask(x);
    return mask ? mul(own, mask) : own;
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), maskValue: this.maskValue };
  }
}

