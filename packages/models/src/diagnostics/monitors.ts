import type { Tensor } from '@rectify/core';
import { Callback, type Logs } from '../callbacks/callback.js';
import type { Sequential } from '../sequential.js';
import { activationStats, gradientStats } from './stats.js';

/**
 * Watches for dying ReLUs: after each epoch, measures each layer's dead fraction on the probe batch `data`,
 * adds `deadFraction` (the largest over layers) and
 * `deadFraction/<layer>` to the logs and history, and warns naming the layers above `warnAbove`.
 * @example new DeadUnitMonitor({ data: xTrain.slice([0, 0], [512, 784]), warnAbove: 0.5 })
 */
export class DeadUnitMonitor extends Callback {
  readonly data: Tensor;
  readonly warnAbove: number;
  private readonly log: (message: string) => void;

  constructor(options: { data: Tensor; warnAbove?: number; logger?: (message: string) => void }) {
    super();
    if (!options?.data) throw new Error('DeadUnitMonitor: options.data (a batch of inputs to probe) is required');
    this.data = options.data;
    this.warnAbove = options.warnAbove ?? 0.5;
    if (!(this.warnAbove >= 0 && this.warnAbove <= 1)) throw new Error(`DeadUnitMonitor: warnAbove must be in [0, 1], got ${options.warnAbove}`);
    this.log = options.logger ?? ((m) => console.warn(m));
  }

  override async onEpochEnd(epoch: number, logs: Logs = {}): Promise<void> {
    // only layers that rectify can die; a linear or softmax output is never "dead"
    const rows = activationStats(this.model as unknown as Sequential, this.data).filter((r) => r.sparsity > 0 || /ReLU|Dense|Conv2D/.test(r.className));
    let worst = 0;
    const dying: string[] = [];
    for (const r of rows) {
      logs[`deadFraction/${r.layer}`] = r.deadFraction;
      worst = Math.max(worst, r.deadFraction);
      if (r.deadFraction > this.warnAbove) dying.push(`${r.layer} (${(100 * r.deadFraction).toFixed(0)}% dead)`);
    }
    logs.deadFraction = worst;
    if (dying.length) this.log(`DeadUnitMonitor: epoch ${epoch + 1}: units are dying in ${dying.join(', ')}`);
  }
}

/**
 * Records per-layer gradient norms each epoch (`gradNorm/<layer>` in the logs and history), computed on a probe
 * batch with the compiled loss: vanishing gradients show up as early layers' norms shrinking.
 * @example new GradientFlow({ x: xBatch, y: yBatch })
 */
export class GradientFlow extends Callback {
  constructor(private readonly probe: { x: Tensor; y: Tensor }) {
    super();
    if (!probe?.x || !probe?.y) throw new Error('GradientFlow: options { x, y } (a probe batch) are required');
  }

  override async onEpochEnd(_epoch: number, logs: Logs = {}): Promise<void> {
    const perLayer = new Map<string, number>();
    for (const r of gradientStats(this.model as unknown as Sequential, this.probe.x, this.probe.y)) {
      perLayer.set(r.layer, Math.hypot(perLayer.get(r.layer) ?? 0, r.gradNorm));
    }
    for (const [layer, n] of perLayer) logs[`gradNorm/${layer}`] = n;
  }
}
