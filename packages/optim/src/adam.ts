import { checkBoolean, checkOptionalNumber, kernels, type DataArray, type DType } from '@rectify/core';
import { Optimizer, checkOptimizerOptions, type OptimizerArgs, type OptimizerState } from './optimizer.js';

export interface AdamArgs extends OptimizerArgs {
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  amsgrad?: boolean;
}

/**
 * Adam (Keras 3): m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2;
 * p -= lr * sqrt(1 - b2^t) / (1 - b1^t) * m / (sqrt(v) + epsilon).
 * @example new Adam({ learningRate: 1e-3 })
 */
export class Adam extends Optimizer {
  readonly className: string = 'Adam';
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly amsgrad: boolean;

  constructor(args: AdamArgs = {}, name = 'Adam', extraKeys: readonly string[] = []) {
    checkOptimizerOptions(name, args, ['beta1', 'beta2', 'epsilon', 'amsgrad', ...extraKeys]);
    super(name, args, 0.001);
    args ??= {};
    this.beta1 = checkOptionalNumber(name, 'beta1', args.beta1, 0.9, { min: 0, lessThan: 1 });
    this.beta2 = checkOptionalNumber(name, 'beta2', args.beta2, 0.999, { min: 0, lessThan: 1 });
    this.epsilon = checkOptionalNumber(name, 'epsilon', args.epsilon, 1e-7, { greaterThan: 0 });
    this.amsgrad = checkBoolean(name, 'amsgrad', args.amsgrad, false);
  }

  protected initState(size: number, dtype: DType): OptimizerState {
    // float32 parameters keep float32 moments (as Keras and TF.js do), where the backend can update them in place
    const slot = (n: number) => (dtype === 'float32' ? kernels().optimizerSlot?.(n) : undefined) ?? new Float64Array(n);
    const s: OptimizerState = { m: slot(size), v: slot(size) };
    if (this.amsgrad) s.vHat = new Float64Array(size);
    return s;
  }

  protected update(p: DataArray, g: DataArray, state: OptimizerState, lr: number, t: number): void {
    const { beta1: b1, beta2: b2, epsilon: eps } = this;
    const { m, v, vHat } = state;
    const hyper = { lr, beta1: b1, beta2: b2, epsilon: eps, biasCorrection1: 1 - b1 ** t, biasCorrection2: 1 - b2 ** t };
    if (!vHat && kernels().adamUpdate?.(p, g, m, v, hyper)) return;
    const alpha = (lr * Math.sqrt(hyper.biasCorrection2)) / hyper.biasCorrection1;
    for (let i = 0; i < p.length; i++) {
      const gi = g[i];
      m[i] += (1 - b1) * (gi - m[i]);
      v[i] += (1 - b2) * (gi * gi - v[i]);
      let vi = v[i];
      if (vHat) vi = vHat[i] = Math.max(vHat[i], vi);
      p[i] -= (alpha * m[i]) / (Math.sqrt(vi) + eps);
    }
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon, amsgrad: this.amsgrad };
  }
}

/**
 * AdamW: Adam with decoupled weight decay, p -= lr * weightDecay * p before the Adam step (default 0.004, as Keras 3).
 * @example new AdamW({ learningRate: 1e-3, weightDecay: 0.01 })
 */
export class AdamW extends Adam {
  override readonly className: string = 'AdamW';
  readonly weightDecay: number;

  constructor(args: AdamArgs & { weightDecay?: number } = {}) {
    super(args, 'AdamW', ['weightDecay']);
    this.weightDecay = checkOptionalNumber('AdamW', 'weightDecay', args?.weightDecay, 0.004, { min: 0 });
  }

  protected override update(p: DataArray, g: DataArray, state: OptimizerState, lr: number, t: number): void {
    const decay = lr * this.weightDecay;
    for (let i = 0; i < p.length; i++) p[i] -= decay * p[i];
    super.update(p, g, state, lr, t);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), weightDecay: this.weightDecay };
  }
}
