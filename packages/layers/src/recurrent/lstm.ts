import { Tensor, add, allocate, checkBoolean, matmul, mul, split, type DType } from '@rectify/core';
import { getInitializer, type Initializer, type InitializerLike } from '../initializers.js';
import { Gated, type GatedArgs } from './rnn.js';
import { fusedLstmStep } from './fused-steps.js';
import { lstmCell } from './lstm-cell.js';

export interface LSTMArgs extends GatedArgs {
  /** Start the forget gate's bias at 1 (the rest from biasInitializer), so the cell remembers early in training. Default true. */
  unitForgetBias?: boolean;
}

/** Keras's unit_forget_bias: the bias initializer for the i and c, o blocks, ones for the forget block. */
function unitForgetBias(base: InitializerLike, units: number): Initializer {
  return {
    className: 'UnitForgetBias',
    getConfig: () => ({}),
    apply(_shape, dtype: DType = 'float32') {
      const init = getInitializer(base);
      const input = init.apply([units], dtype).values;
      const rest = init.apply([2 * units], dtype).values;
      const data = allocate(dtype, 4 * units);
      data.set(input, 0);
      data.fill(1, units, 2 * units);
      data.set(rest, 2 * units);
      return new Tensor(data, [4 * units]);
    },
  };
}

/**
 * Long short-term memory (Hochreiter & Schmidhuber 1997), Keras 3 semantics. With z = x_t · kernel +
 * h_{t-1} · recurrent_kernel + bias split into gates i, f, c, o (in that order):
 * c_t = ra(f) * c_{t-1} + ra(i) * act(c), h_t = ra(o) * act(c_t), ra the recurrentActivation.
 * States [h, c]. Weights: [kernel (features x 4 units), recurrent_kernel (units x 4 units), bias (4 units)].
 * Keras name: LSTM.
 * @example new LSTM({ units: 32, returnSequences: true })
 */
export class LSTM extends Gated {
  static override className = 'LSTM';
  protected readonly gates = 4;
  readonly stateCount = 2;
  readonly unitForgetBias: boolean;

  constructor(args: LSTMArgs) {
    super('LSTM', args, ['unitForgetBias']);
    // TF.js writes unit_forget_bias: null for "default"
    this.unitForgetBias = checkBoolean('LSTM', 'unitForgetBias', args.unitForgetBias ?? undefined, true);
  }

  protected override biasWeightInitializer(): InitializerLike {
    return this.unitForgetBias ? unitForgetBias(this.biasInitializer, this.units) : this.biasInitializer;
  }

  protected step(xp: Tensor, states: Tensor[], hRec: Tensor): Tensor[] {
    const rec = matmul(hRec, this.recurrentKernel);
    if (this.fused) return fusedLstmStep(xp, rec, states[1], this.fused.gate, this.fused.act);
    if (this.activation === 'tanh' && this.recurrentActivation === 'sigmoid') return split(lstmCell(add(xp, rec), states[1]), 2, 1);
    const [i, f, c, o] = split(add(xp, rec), 4, 1);
    const cell = add(mul(this.gateFn(f), states[1]), mul(this.gateFn(i), this.activationFn(c)));
    return [mul(this.gateFn(o), this.activationFn(cell)), cell];
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), unitForgetBias: this.unitForgetBias };
  }
}

