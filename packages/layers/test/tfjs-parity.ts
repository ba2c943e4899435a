import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';
import { setSeed, tensor } from '@rectify/core';
import type { Layer } from '../src/index.js';

/** Deterministic test values. */
export const data = (shape: number[], k = 0) => {
  const n = shape.reduce((a, d) => a * d, 1);
  return Array.from({ length: n }, (_, i) => 1.3 * Math.sin(0.9 * i + k) + 0.02);
};

/** Element-wise closeness, relative to the reference's magnitude. */
export function close(a: ArrayLike<number>, b: ArrayLike<number>, tol = 1e-4): void {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThan(tol * (1 + Math.abs(b[i])));
}

/**
 * Same input and weights in Rectify and TF.js; compares outputs and, with `gradients`, the gradients of
 * sum(y * proj) with respect to the input and every trainable weight.
 */
export function parity(ours: Layer, theirs: tf.layers.Layer, shape: number[], options: { training?: boolean; gradients?: boolean } = {}): void {
  const { training = false, gradients = true } = options;
  setSeed(1);
  const xData = data(shape);
  const x = tensor(xData, shape, { requiresGrad: true });
  const y = ours.apply(x, { training });
  const tx = tf.tensor(xData, shape);
  theirs.apply(tx);
  theirs.setWeights(ours.getWeights().map((w) => tf.tensor(Array.from(w.dataSync()), [...w.shape])));
  const proj = data([...y.shape], 5);
  const tProj = tf.tensor(proj, [...y.shape]);
  const ty = theirs.apply(tx, { training }) as tf.Tensor;
  expect([...y.shape]).toEqual(ty.shape);
  close(y.dataSync(), ty.dataSync());
  if (!gradients) return;
  y.mul(tensor(proj, [...y.shape])).sum().backward();
  const trainable = theirs.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
  const xv = tf.variable(tx);
  const { grads } = tf.variableGrads(() => tf.sum(tf.mul(theirs.apply(xv, { training }) as tf.Tensor, tProj)) as tf.Scalar, [xv, ...trainable]);
  close(x.grad!.dataSync(), grads[xv.name].dataSync());
  expect(ours.trainableWeights.length).toBe(trainable.length);
  ours.trainableWeights.forEach((w, i) => close(w.grad!.dataSync(), grads[trainable[i].name].dataSync()));
}
