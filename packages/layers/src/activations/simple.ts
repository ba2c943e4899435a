import { Tensor, checkBoolean, checkOptionalNumber, gelu, sigmoid, softmax, tanh } from '@rectify/core';
import { Layer, checkOptions, type LayerArgs } from '../layer.js';
import { canonicalActivation, getActivation, type ActivationFn, type ActivationName } from './get-activation.js';

/** Logistic sigmoid 1 / (1 + exp(-x)); saturates, so gradients vanish through deep stacks. */
export class Sigmoid extends Layer {
  static override className = 'Sigmoid';
  constructor(args: LayerArgs = {}) {
    checkOptions('Sigmoid', args, []);
    super(args);
  }
  call(x: Tensor): Tensor {
    return sigmoid(x);
  }
}

/** Hyperbolic tangent; zero-centred but saturating. */
export class Tanh extends Layer {
  static override className = 'Tanh';
  constructor(args: LayerArgs = {}) {
    checkOptions('Tanh', args, []);
    super(args);
  }
  call(x: Tensor): Tensor {
    return tanh(x);
  }
}

/** Gaussian error linear unit x * Phi(x) (exact erf form, or the tanh approximation). */
export class GELU extends Layer {
  static override className = 'GELU';
  readonly approximate: boolean;
  constructor(args: LayerArgs & { approximate?: boolean } = {}) {
    checkOptions('GELU', args, ['approximate']);
    args ??= {};
    super(args);
    this.approximate = checkBoolean('GELU', 'approximate', args.approximate, false);
  }
  call(x: Tensor): Tensor {
    return gelu(x, this.approximate);
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), approximate: this.approximate };
  }
}

/** Softmax along `axis` (default -1): exp(x) / sum(exp(x)), computed stably. */
export class Softmax extends Layer {
  static override className = 'Softmax';
  readonly axis: number;
  constructor(args: LayerArgs & { axis?: number } = {}) {
    checkOptions('Softmax', args, ['axis']);
    args ??= {};
    super(args);
    this.axis = checkOptionalNumber('Softmax', 'axis', args.axis, -1, { integer: true });
  }
  call(x: Tensor): Tensor {
    return softmax(x, this.axis);
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), axis: this.axis };
  }
}

/**
 * Applies a named activation.
 * @example new Activation('relu') // or new Activation({ activation: 'relu' })
 */
export class Activation extends Layer {
  static override className = 'Activation';
  readonly activation: string;
  private readonly fn: ActivationFn;
  constructor(args: ActivationName | (LayerArgs & { activation: ActivationName })) {
    const options = typeof args === 'string' ? { activation: args } : args;
    checkOptions('Activation', options, ['activation']);
    super(options ?? undefined);
    if (typeof options?.activation !== 'string') throw new Error(`Activation: expected an activation name, got ${JSON.stringify(options?.activation)}`);
    this.activation = canonicalActivation('Activation', options.activation);
    this.fn = getActivation(this.activation);
  }
  call(x: Tensor): Tensor {
    return this.fn(x);
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), activation: this.activation };
  }
}
