import { Tensor, checkOptionalNumber } from '@rectify/core';
import { Layer, checkOptions, type LayerArgs } from '../layer.js';
import { regularizers } from '../regularizers.js';

/**
 * The identity, adding l1 * sum(|x|) + l2 * sum(x^2) of its input (divided by the batch size) to the
 * training loss. No weights. Keras `ActivityRegularization`.
 * @example new ActivityRegularization({ l1: 1e-4 })
 */
export class ActivityRegularization extends Layer {
  static override className = 'ActivityRegularization';
  readonly l1: number;
  readonly l2: number;

  constructor(args: Omit<LayerArgs, 'activityRegularizer'> & { l1?: number; l2?: number } = {}) {
    checkOptions('ActivityRegularization', args, ['l1', 'l2']);
    args ??= {};
    const l1 = checkOptionalNumber('ActivityRegularization', 'l1', args.l1, 0, { min: 0 });
    const l2 = checkOptionalNumber('ActivityRegularization', 'l2', args.l2, 0, { min: 0 });
    if ('activityRegularizer' in args) throw new Error('ActivityRegularization: give l1 and l2, not activityRegularizer');
    super({ ...args, activityRegularizer: regularizers.l1l2({ l1, l2 }) });
    this.l1 = l1;
    this.l2 = l2;
  }

  call(x: Tensor): Tensor {
    return x;
  }

  override getConfig(): Record<string, unknown> {
    const { activityRegularizer: _, ...rest } = super.getConfig();
    return { ...rest, l1: this.l1, l2: this.l2 };
  }
}
