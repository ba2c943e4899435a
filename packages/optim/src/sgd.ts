import { checkBoolean, checkOptionalNumber, type DataArray } from '@rectify/core';
import { Optimizer, checkOptimizerOptions, type OptimizerArgs, type OptimizerState } from './optimizer.js';

export interface SGDArgs extends OptimizerArgs {
  momentum?: number;
  nesterov?: boolean;
  weightDecay?: number;
}

/**
 * Stochastic gradient descent (Keras 3): v = momentum * v - lr * g; p += v
 * (Nesterov: p += momentum * v - lr * g); weightDecay shrinks p by lr * wd * p first.
 * @example new SGD({ learningRate: 0.1, momentum: 0.9 })
 */
export class SGD extends Optimizer {
  readonly className = 'SGD';
  readonly momentum: number;
  readonly nesterov: boolean;
  readonly weightDecay: number;

  constructor(args: SGDArgs = {}) {
    checkOptimizerOptions('SGD', args, ['momentum', 'nesterov', 'weightDecay']);
    super('SGD', args, 0.01);
    args ??= {};
    this.momentum = checkOptionalNumber('SGD', 'momentum', args.momentum, 0, { min: 0, max: 1 });
    this.nesterov = checkBoolean('SGD', 'nesterov', args.nesterov, false);
    this.weightDecay = checkOptionalNumber('SGD', 'weightDecay', args.weightDecay, 0, { min: 0 });
  }

  protected initState(size: number): OptimizerState {
    return this.momentum > 0 ? { velocity: new Float64Array(size) } : {};
  }

  protected update(p: DataArray, g: DataArray, state: OptimizerState, lr: number): void {
    const wd = lr * this.weightDecay;
    const m = this.momentum;
    const v = state.velocity;
    for (let i = 0; i < p.length; i++) {
      if (wd) p[i] -= wd * p[i];
      if (!v) p[i] -= lr * g[i];
      else {
        v[i] = m * v[i] - lr * g[i];
        p[i] += this.nesterov ? m * v[i] - lr * g[i] : v[i];
      }
    }
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), momentum: this.momentum, nesterov: this.nesterov, weightDecay: this.weightDecay };
  }
}
