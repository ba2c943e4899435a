import { Tensor, checkOptionalNumber, swish } from '@rectify/core';
import { Layer, checkOptions, type LayerArgs } from '../layer.js';
import { initializers } from '../initializers.js';
import type { Parameter } from '../parameter.js';

export interface SwishArgs extends LayerArgs {
  /** Initial beta. Default 1 (x * sigmoid(x), also called SiLU). */
  beta?: number;
}

/**
 * Swish with a learnable beta: f(x) = x * sigmoid(beta * x). Beta -> 0 gives x / 2, beta -> infinity
 * gives ReLU; training finds the shape in between. Weights: [beta] (trainable unless `trainable: false`).
 * @example new Swish({ beta: 1.5 }).apply(tensor([-1, 2]))
 */
export class Swish extends Layer {
  static override className = 'Swish';
  readonly initialBeta: number;
  beta!: Parameter;

  constructor(args: SwishArgs = {}) {
    checkOptions('Swish', args, ['beta']);
    args ??= {};
    super(args);
    this.initialBeta = checkOptionalNumber('Swish', 'beta', args.beta, 1);
  }

  override build(): void {
    this.beta = this.addWeight('beta', { shape: [], initializer: initializers.constant({ value: this.initialBeta }) });
  }

  call(x: Tensor): Tensor {
    return swish(x, this.beta);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), beta: this.built ? this.beta.item() : this.initialBeta };
  }
}
