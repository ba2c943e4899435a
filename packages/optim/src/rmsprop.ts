import { checkBoolean, checkOptionalNumber, type DataArray } from '@rectify/core';
import { Optimizer, checkOptimizerOptions, type OptimizerArgs, type OptimizerState } from './optimizer.js';

export interface RMSpropArgs extends OptimizerArgs {
  rho?: number;
  momentum?: number;
  epsilon?: number;
  centered?: boolean;
}

/**
 * RMSprop (Keras 3): s = rho s + (1 - rho) g^2; step = lr g / sqrt(s + epsilon)
 * (centered: s - mean(g)^2), with optional momentum on the step.
 * @example new RMSprop({ learningRate: 1e-3 })
 */
export class RMSprop extends Optimizer {
  readonly className = 'RMSprop';
  readonly rho: number;
  readonly momentum: number;
  readonly epsilon: number;
  readonly centered: boolean;

  constructor(args: RMSpropArgs = {}) {
    checkOptimizerOptions('RMSprop', args, ['rho', 'momentum', 'epsilon', 'centered']);
    super('RMSprop', args, 0.001);
    args ??= {};
    this.rho = checkOptionalNumber('RMSprop', 'rho', args.rho, 0.9, { min: 0, lessThan: 1 });
    this.momentum = checkOptionalNumber('RMSprop', 'momentum', args.momentum, 0, { min: 0, max: 1 });
    this.epsilon = checkOptionalNumber('RMSprop', 'epsilon', args.epsilon, 1e-7, { greaterThan: 0 });
    this.centered = checkBoolean('RMSprop', 'centered', args.centered, false);
  }

  protected initState(size: number): OptimizerState {
    const s: OptimizerState = { velocity: new Float64Array(size) };
    if (this.momentum > 0) s.momentum = new Float64Array(size);
    if (this.centered) s.averageGradient = new Float64Array(size);
    return s;
  }

  protected update(p: DataArray, g: DataArray, state: OptimizerState, lr: number): void {
    const { rho, epsilon } = this;
    const { velocity: s, momentum: mom, averageGradient: avg } = state;
    for (let i = 0; i < p.length; i++) {
      s[i] = rho * s[i] + (1 - rho) * g[i] * g[i];
      let denom = s[i];
      if (avg) {
        avg[i] = rho * avg[i] + (1 - rho) * g[i];
        denom -= avg[i] * avg[i];
      }
      const step = (lr * g[i]) / Math.sqrt(denom + epsilon);
      if (mom) {
        mom[i] = this.momentum * mom[i] + step;
        p[i] -= mom[i];
      } else p[i] -= step;
    }
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), rho: this.rho, momentum: this.momentum, epsilon: this.epsilon, centered: this.centered };
  }
}
