import { Tensor, noGrad } from '@rectify/core';
import type { Layer } from '@rectify/layers';
import type { Model } from '../model.js';

/** Statistics of one layer's output over a batch. */
export interface ActivationStats {
  layer: string;
  className: string;
  /** Fraction of outputs that are exactly zero. */
  sparsity: number;
  /** Fraction of units (last axis: features or channels) that are zero for every sample: dead ReLUs. */
  deadFraction: number;
  mean: number;
  std: number;
}

/** Gradient and weight norms of one weight after one forward/backward pass. */
export interface GradientStats {
  layer: string;
  weight: string;
  gradNorm: number;
  weightNorm: number;
}

/** Sparsity, dead fraction, mean and std of an activation tensor (units along the last axis). */
export function describeActivation(y: Tensor): Omit<ActivationStats, 'layer' | 'className'> {
  const d = y.values;
  const units = y.shape[y.rank - 1] ?? 1;
  const alive = new Uint8Array(units);
  let zeros = 0;
  let sum = 0;
  let sq = 0;
  for (let i = 0; i < d.length; i++) {
    const v = d[i];
    if (v === 0) zeros++;
    else alive[i % units] = 1;
    sum += v;
    sq += v * v;
  }
  const n = Math.max(d.length, 1);
  const mean = sum / n;
  const dead = units - alive.reduce((a, b) => a + b, 0);
  return { sparsity: zeros / n, deadFraction: dead / units, mean, std: Math.sqrt(Math.max(sq / n - mean * mean, 0)) };
}

/**
 * Runs `x` through the model (inference mode) and describes every layer's output: how sparse it is and how
 * many units never fire (dying ReLU).
 * @example console.table(activationStats(model, xTest))
 */
export function activationStats(model: Model, x: Tensor | Tensor[]): ActivationStats[] {
  model.prepareFor(x);
  const xs = model.inputList('activationStats', x);
  model.checkInputs('activationStats', xs);
  const outputs = new Map<Layer, Tensor>();
  noGrad(() => model.runGraph(xs, { training: false }, (layer, outs) => {
    if (!outputs.has(layer) && outs.length === 1) outputs.set(layer, outs[0]);
  }));
  return model.layers.filter((l) => outputs.has(l)).map((layer) => ({ layer: layer.name, className: layer.className, ...describeActivation(outputs.get(layer) as Tensor) }));
}

function norm(t: Tensor | null): number {
  if (!t) return 0;
  let sq = 0;
  for (const v of t.values) sq += v * v;
  return Math.sqrt(sq);
}

/**
 * One forward/backward pass of the compiled loss on (x, y), then the L2 norm of every weight's gradient and
 * of the weight itself: where gradients vanish (tiny norms in early layers) or explode. Weights and their
 * existing `.grad` are left as they were.
 * @example gradientStats(model, xBatch, yBatch).map((r) => `${r.layer}: ${r.gradNorm.toExponential(2)}`)
 */
export function gradientStats(model: Model, x: Tensor | Tensor[], y: Tensor | Tensor[]): GradientStats[] {
  if (!model.compiled) throw new Error(`gradientStats: model '${model.name}' must be compiled first (the loss is needed)`);
  const weights = model.layers.flatMap((layer) => layer.trainableWeights.map((w) => [layer.name, w] as const));
  const saved = weights.map(([, w]) => w.grad);
  for (const [, w] of weights) w.grad = null;
  try {
    model.computeLoss(x, y, { training: false }).loss.backward();
    return weights.map(([layer, w]) => ({ layer, weight: w.name.slice(w.name.lastIndexOf('/') + 1), gradNorm: norm(w.grad), weightNorm: norm(w) }));
  } finally {
    weights.forEach(([, w], i) => (w.grad = saved[i]));
  }
}
