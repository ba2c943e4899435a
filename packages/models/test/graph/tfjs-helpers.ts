import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';
import type { Tensor } from '@rectify/core';
import type { ModelArtifacts } from '../../src/index.js';

/** A TF.js model's artifacts, as its save() hands them to an IO handler. */
export async function tfArtifacts(model: tf.LayersModel, includeOptimizer = false): Promise<tf.io.ModelArtifacts> {
  let saved: tf.io.ModelArtifacts | null = null;
  await model.save(tf.io.withSaveHandler(async (a) => {
    saved = a;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }), { includeOptimizer });
  return saved!;
}

/** Rectify artifacts as TF.js reads them from memory. */
export function tfFromRectify(a: ModelArtifacts): Promise<tf.LayersModel> {
  return tf.loadLayersModel(tf.io.fromMemory({ modelTopology: a.modelTopology, weightSpecs: a.weightSpecs as tf.io.WeightsManifestEntry[], weightData: a.weightData, trainingConfig: a.trainingConfig as never }));
}

/** The same values as a TF.js tensor. */
export const toTf = (t: Tensor) => tf.tensor(Array.from(t.dataSync()), [...t.shape]);

/** Element-wise closeness of flat arrays. */
export function close(a: ArrayLike<number>, b: ArrayLike<number>, tol = 1e-5): void {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  expect(worst).toBeLessThan(tol);
}

/** Compares Rectify's and TF.js's predictions output by output. */
export function sameOutputs(ours: Tensor | Tensor[], theirs: tf.Tensor | tf.Tensor[], tol = 1e-5): void {
  const a = Array.isArray(ours) ? ours : [ours];
  const b = Array.isArray(theirs) ? theirs : [theirs];
  expect(a.length).toBe(b.length);
  a.forEach((t, i) => {
    expect([...t.shape]).toEqual(b[i].shape);
    close(t.dataSync(), b[i].dataSync(), tol);
  });
}
