import { noGrad, type Tensor } from '@rectify/core';

/**
 * Scales all gradients together so their global L2 norm is at most `maxNorm` (PyTorch's clip_grad_norm_).
 * Returns the norm before clipping.
 * @example const norm = clipGradNorm(model.trainableWeights, 1.0);
 */
export function clipGradNorm(params: readonly Tensor[], maxNorm: number): number {
  if (!(maxNorm > 0)) throw new Error(`clipGradNorm: maxNorm must be > 0, got ${maxNorm}`);
  let sq = 0;
  for (const p of params) if (p.grad) for (const g of p.grad.data) sq += g * g;
  const norm = Math.sqrt(sq);
  if (norm > maxNorm) {
    const scale = maxNorm / (norm + 1e-6);
    noGrad(() => {
      for (const p of params) if (p.grad) p.grad.data.forEach((g, i, a) => (a[i] = g * scale));
    });
  }
  return norm;
}
