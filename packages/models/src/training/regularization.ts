import { Tensor, add, noGrad } from '@rectify/core';
import type { Parameter } from '@rectify/layers';

/**
 * The compiled loss plus every penalty (weight regularizers of trainable weights, activity regularizers of
 * this forward pass), as Keras 3 adds them: one total, reported as `loss`.
 */
export function addPenalties(loss: Tensor, penalties: readonly Tensor[]): Tensor {
  return penalties.reduce((total, p) => add(total, p), loss);
}

/** Projects every weight that has a constraint (maxNorm, nonNeg, ...) after an optimizer step, as Keras. */
export function applyConstraints(params: readonly Parameter[]): void {
  const constrained = params.filter((p) => p.constraint);
  if (constrained.length === 0) return;
  noGrad(() => {
    for (const p of constrained) p.assign(p.constraint!.apply(p));
  });
}
