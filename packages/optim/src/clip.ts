import { Tensor, checkNumber, describeValue, noGrad } from '@rectify/core';

/**
 * Scales all gradients together so their global L2 norm is at most `maxNorm` (PyTorch's clip_grad_norm_).
 * Returns the norm before clipping.
 * @example const norm = clipGradNorm(model.trainableWeights, 1.0);
 */
export function clipGradNorm(params: readonly Tensor[], maxNorm: number): number {
  checkNumber('clipGradNorm', 'maxNorm', maxNorm, { greaterThan: 0 });
  if (!Array.isArray(params) || params.some((p) => !(p instanceof Tensor))) {
    throw new Error(`clipGradNorm: expected an array of parameter tensors, got ${describeValue(params)}`);
  }
  let sq = 0;
  for (const p of params) if (p.grad) for (const g of p.grad.values) sq += g * g;
  const norm = Math.sqrt(sq);
  if (norm > maxNorm) {
    const scale = maxNorm / (norm + 1e-6);
    noGrad(() => {
      for (const p of params) {
        const g = p.grad?.values;
        if (g) for (let i = 0; i < g.length; i++) g[i] *= scale;
      }
    });
  }
  return norm;
}
