import { Tensor, add, matmul } from '@rectify/core';
import { Recurrent, type RecurrentArgs } from './rnn.js';
import { fusedSimpleStep } from './fused-steps.js';

/**
 * Fully connected RNN: h_t = activation(x_t · kernel + h_{t-1} · recurrent_kernel + bias).
 * Weights: [kernel (features x units), recurrent_kernel (units x units), bias (units)]. Keras name: SimpleRNN.
 * @example new SimpleRNN({ units: 16, returnSequences: true })
 */
export class SimpleRNN extends Recurrent {
  static override className = 'SimpleRNN';
  protected readonly gates = 1;
  readonly stateCount = 1;

  constructor(args: RecurrentArgs) {
    super('SimpleRNN', args, []);
  }

  protected step(xp: Tensor, _states: Tensor[], hRec: Tensor): Tensor[] {
    const rec = matmul(hRec, this.recurrentKernel);
    if (this.fused) return fusedSimpleStep(xp, rec, this.fused.act);
    return [this.activationFn(add(xp, rec))];
  }
}
