import { Tensor, checkOptionalNumber, hardSigmoid, hardSwish, mish, softplus, thresholdedRelu } from '@rectify/core';
import { Layer, checkOptions, type LayerArgs } from '../layer.js';

/**
 * Thresholded ReLU: x where x > theta (default 1), else 0. No weights. Keras 2 / TF.js `ThresholdedReLU`.
 * @example new ThresholdedReLU({ theta: 0.5 })
 */
export class ThresholdedReLU extends Layer {
  static override className = 'ThresholdedReLU';
  readonly theta: number;
  constructor(args: LayerArgs & { theta?: number } = {}) {
    checkOptions('ThresholdedReLU', args, ['theta']);
    args ??= {};
    super(args);
    this.theta = checkOptionalNumber('ThresholdedReLU', 'theta', args.theta, 1, { min: 0 });
  }
  call(x: Tensor): Tensor {
    return thresholdedRelu(x, this.theta);
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), theta: this.theta };
  }
}

/** A parameter-free activation layer: saved for Keras as `Activation` with its activation string. */
abstract class NamedActivation extends Layer {
  /** The Keras activation string this layer is saved as. */
  abstract readonly kerasActivation: string;
  constructor(args: LayerArgs = {}) {
    checkOptions(new.target.className, args, []);
    super(args);
  }
}

/** Softplus log(1 + exp(x)), a smooth ReLU. Saved as Keras `Activation('softplus')`. */
export class Softplus extends NamedActivation {
  static override className = 'Softplus';
  readonly kerasActivation = 'softplus';
  call(x: Tensor): Tensor {
    return softplus(x);
  }
}

/** Mish x * tanh(softplus(x)). Saved as Keras `Activation('mish')`. */
export class Mish extends NamedActivation {
  static override className = 'Mish';
  readonly kerasActivation = 'mish';
  call(x: Tensor): Tensor {
    return mish(x);
  }
}

/** Hard sigmoid relu6(x + 3) / 6 (Keras 3; Keras 2 and TF.js used 0.2 x + 0.5). Saved as `Activation('hard_sigmoid')`. */
export class HardSigmoid extends NamedActivation {
  static override className = 'HardSigmoid';
  readonly kerasActivation = 'hard_sigmoid';
  call(x: Tensor): Tensor {
    return hardSigmoid(x);
  }
}

/** Hard swish x * relu6(x + 3) / 6 (MobileNetV3). Saved as `Activation('hard_swish')`. */
export class HardSwish extends NamedActivation {
  static override className = 'HardSwish';
  readonly kerasActivation = 'hard_swish';
  call(x: Tensor): Tensor {
    return hardSwish(x);
  }
}
