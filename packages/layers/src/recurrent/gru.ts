import { Tensor, add, checkBoolean, matmul, mul, reshape, slice, split, sub } from '@rectify/core';
import { Gated, type GatedArgs } from './rnn.js';
import { fusedGruCandidate, fusedGruGates, fusedGruStep } from './fused-steps.js';
import { gruCell } from './gru-cell.js';

export interface GRUArgs extends GatedArgs {
  /**
   * Apply the reset gate after the recurrent product (Keras 3 default, and cuDNN's form): the bias then has
   * an input row and a recurrent row, [2, 3 units]. false is the original formulation (TF.js's only one).
   * Default true.
   */
  resetAfter?: boolean;
}

/**
 * Gated recurrent unit (Cho et al. 2014), Keras 3 semantics, gates z (update), r (reset), h (candidate) in
 * that order. With x_z, x_r, x_h the input projections and U the recurrent kernel's blocks:
 * z = ra(x_z + h U_z), r = ra(x_r + h U_r), and the candidate
 * hh = act(x_h + r * (h U_h + b_rh)) with resetAfter, or act(x_h + (r * h) U_h) without;
 * h_t = z * h_{t-1} + (1 - z) * hh.
 * Weights: [kernel (features x 3 units), recurrent_kernel (units x 3 units), bias (3 units, or [2, 3 units]
 * with resetAfter: input and recurrent biases)]. Keras name: GRU.
 * @example new GRU({ units: 32, resetAfter: true })
 */
export class GRU extends Gated {
  static override className = 'GRU';
  protected readonly gates = 3;
  readonly stateCount = 1;
  readonly resetAfter: boolean;
  // per-sequence slices of the weights
  private recurrentBias: Tensor | null = null;
  private recurrentZR: Tensor | null = null;
  private recurrentH: Tensor | null = null;

  constructor(args: GRUArgs) {
    super('GRU', args, ['resetAfter']);
    this.resetAfter = checkBoolean('GRU', 'resetAfter', args.resetAfter, true);
  }

  protected override biasShape(): number[] {
    return this.resetAfter ? [2, 3 * this.units] : [3 * this.units];
  }

  protected override inputBias(): Tensor | null {
    if (!this.bias || !this.resetAfter) return this.bias;
    return reshape(slice(this.bias, [0, 0], [1, 3 * this.units]), [3 * this.units]);
  }

  protected override beginSequence(): void {
    const u = this.units;
    if (this.resetAfter) {
      this.recurrentBias = this.bias ? reshape(slice(this.bias, [1, 0], [1, 3 * u]), [3 * u]) : null;
    } else {
      this.recurrentZR = slice(this.recurrentKernel, [0, 0], [u, 2 * u]);
      this.recurrentH = slice(this.recurrentKernel, [0, 2 * u], [u, u]);
    }
  }

  protected step(xp: Tensor, states: Tensor[], hRec: Tensor): Tensor[] {
    const h = states[0];
    let rec: Tensor | null = null;
    if (this.resetAfter) {
      rec = matmul(hRec, this.recurrentKernel);
      if (this.recurrentBias) rec = add(rec, this.recurrentBias);
      if (this.fused) return fusedGruStep(xp, rec, h, this.fused.gate, this.fused.act);
      if (this.activation === 'tanh' && this.recurrentActivation === 'sigmoid') return [gruCell(xp, rec, h)];
    } else if (this.fused) {
      const [z, resetH] = fusedGruGates(xp, matmul(hRec, this.recurrentZR!), h, this.fused.gate);
      return fusedGruCandidate(xp, matmul(resetH, this.recurrentH!), z, h, this.fused.act);
    }
    const [xz, xr, xh] = split(xp, 3, 1);
    let z: Tensor;
    let candidate: Tensor;
    if (rec) {
      const [rz, rr, rh] = split(rec, 3, 1);
      z = this.gateFn(add(xz, rz));
      const r = this.gateFn(add(xr, rr));
      candidate = this.activationFn(add(xh, mul(r, rh)));
    } else {
      const [rz, rr] = split(matmul(hRec, this.recurrentZR!), 2, 1);
      z = this.gateFn(add(xz, rz));
      const r = this.gateFn(add(xr, rr));
      candidate = this.activationFn(add(xh, matmul(mul(r, hRec), this.recurrentH!)));
    }
    // z h + (1 - z) hh, written as hh + z (h - hh): one op fewer
    return [add(candidate, mul(z, sub(h, candidate)))];
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), resetAfter: this.resetAfter };
  }
}
