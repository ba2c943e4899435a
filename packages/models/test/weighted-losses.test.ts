import { describe, expect, it } from 'vitest';
import { mean, square, sub, tensor, type Tensor } from '@rectify/core';
import { applyLoss, losses, reduceWeighted } from '../src/index.js';

const close = (t: Tensor, want: number[] | number, digits = 3) => {
  const got = t.rank === 0 ? [t.item()] : Array.from(t.dataSync());
  const w = typeof want === 'number' ? [want] : want;
  expect(got.length).toBe(w.length);
  got.forEach((v, i) => expect(v).toBeCloseTo(w[i], digits));
};

// The examples of the Keras loss documentation (tf.keras.losses.*): default, sample_weight, 'sum', 'none'.
describe('weighted losses: the Keras documentation examples', () => {
  const t = tensor([[0, 1], [0, 0]]);
  it('meanSquaredError and meanAbsoluteError', () => {
    const p = tensor([[1, 1], [1, 0]]);
    for (const loss of [losses.meanSquaredError, losses.meanAbsoluteError]) {
      close(loss(t, p), 0.5);
      close(loss(t, p, { sampleWeight: [0.7, 0.3] }), 0.25);
      close(loss(t, p, { reduction: 'sum' }), 1.0);
      close(loss(t, p, { reduction: 'none' }), [0.5, 0.5]);
    }
  });

  it('binaryCrossentropy', () => {
    const p = tensor([[0.6, 0.4], [0.4, 0.6]]);
    close(losses.binaryCrossentropy(t, p), 0.815);
    close(losses.binaryCrossentropy(t, p, { sampleWeight: [1, 0] }), 0.458);
    close(losses.binaryCrossentropy(t, p, { reduction: 'sum' }), 1.630);
    close(losses.binaryCrossentropy(t, p, { reduction: 'none' }), [0.916, 0.714]);
  });

  it('huber', () => {
    const p = tensor([[0.6, 0.4], [0.4, 0.6]]);
    close(losses.huber(t, p), 0.155);
    close(losses.huber(t, p, { sampleWeight: [1, 0] }), 0.09);
    close(losses.huber(t, p, { reduction: 'sum' }), 0.31);
    close(losses.huber(t, p, { reduction: 'none' }), [0.18, 0.13]);
  });

  it('categoricalCrossentropy and its sparse form', () => {
    const p = tensor([[0.05, 0.95, 0], [0.1, 0.8, 0.1]]);
    const oneHot = tensor([[0, 1, 0], [0, 0, 1]]);
    const labels = tensor([1, 2]);
    close(losses.categoricalCrossentropy(oneHot, p), 1.177);
    close(losses.categoricalCrossentropy(oneHot, p, { sampleWeight: tensor([0.3, 0.7]) }), 0.814);
    close(losses.categoricalCrossentropy(oneHot, p, { reduction: 'sum' }), 2.354);
    close(losses.categoricalCrossentropy(oneHot, p, { reduction: 'none' }), [0.0513, 2.303]);
    close(losses.sparseCategoricalCrossentropy(labels, p, { sampleWeight: [0.3, 0.7] }), 0.814);
    close(losses.sparseCategoricalCrossentropy(tensor([[1], [2]]), p.clip(1e-7, 1).log(), { fromLogits: true, sampleWeight: tensor([[0.3], [0.7]]) }), 0.814);
  });
});

describe('weighted losses: reductions by hand', () => {
  const values = tensor([1, 2, 3, 4]);
  it('sum_over_batch_size divides by the batch, mean_with_sample_weight by the weights', () => {
    // (1*1 + 2*0 + 3*2 + 4*1) / 4
    close(reduceWeighted('t', values, { sampleWeight: [1, 0, 2, 1] }), 11 / 4, 6);
    close(reduceWeighted('t', values, { sampleWeight: [1, 0, 2, 1], reduction: 'mean' }), 11 / 4, 6);
    close(reduceWeighted('t', values, { sampleWeight: [1, 0, 2, 1], reduction: 'mean_with_sample_weight' }), 11 / 4, 6);
    close(reduceWeighted('t', values, { sampleWeight: [1, 0, 3, 1], reduction: 'mean_with_sample_weight' }), 14 / 5, 6);
    close(reduceWeighted('t', values, { sampleWeight: [0, 0, 0, 0], reduction: 'mean_with_sample_weight' }), 0, 6);
    close(reduceWeighted('t', values, { sampleWeight: 2, reduction: 'sum' }), 20, 6);
  });

  it('a mask averages over the valid values only (Keras apply_mask)', () => {
    close(reduceWeighted('t', values, { mask: tensor([1, 1, 0, 1]) }), (1 + 2 + 4) / 3, 5);
    close(reduceWeighted('t', values, { mask: tensor([1, 1, 0, 1]), sampleWeight: [2, 1, 1, 1] }), (2 + 2 + 4) / 3, 5);
    close(reduceWeighted('t', values, { mask: tensor([0, 0, 0, 0]) }), 0, 6);
    close(reduceWeighted('t', values, { mask: tensor([1, 1, 0, 1]), reduction: 'sum' }), 7, 6);
  });

  it('per-sample weights broadcast over the time axis of rank-3 targets', () => {
    const yTrue = tensor([[[0], [0]], [[0], [0]]]);
    const yPred = tensor([[[1], [2]], [[3], [4]]]);
    // per-sample losses [[1, 4], [9, 16]]; weights [1, 0] keep the first sample: (1 + 4) / 4
    close(losses.meanSquaredError(yTrue, yPred, { sampleWeight: [1, 0] }), 5 / 4, 6);
    close(losses.meanSquaredError(yTrue, yPred, { sampleWeight: [1, 0], reduction: 'none' }), [1, 4, 0, 0], 6);
  });

  it('a zero weight stops the gradient of that sample', () => {
    const yPred = tensor([[1, 2], [3, 4]], undefined, { requiresGrad: true });
    losses.meanSquaredError(tensor([[0, 0], [0, 0]]), yPred, { sampleWeight: [1, 0] }).backward();
    // d/dp of sum(w * mean(p^2, -1)) / 2 = w * p / 2
    expect(Array.from(yPred.grad!.dataSync())).toEqual([0.5, 1, 0, 0]);
  });

  it('unweighted values equal the previous batch means', () => {
    const a = tensor([[0.5, -1.5, 2], [2.5, 0.1, -1]]);
    const b = tensor([[0.4, 0.5, 1], [0.3, 0.2, 0]]);
    close(losses.meanSquaredError(a, b), mean(square(sub(a, b))).item(), 6);
  });

  it('rejects weights that do not fit and unknown reductions', () => {
    expect(() => losses.meanSquaredError(tensor([[1], [2]]), tensor([[1], [2]]), { sampleWeight: [1, 2, 3] })).toThrow(
      'meanSquaredError: sampleWeight of shape [3] does not fit the per-sample losses of shape [2]; expected [2], [2, 1], [2] or a single number',
    );
    expect(() => losses.huber(tensor([1]), tensor([1]), { reduction: 'avg' as never })).toThrow(/huber: unknown reduction "avg"; expected one of sum_over_batch_size/);
    expect(() => losses.meanAbsoluteError(tensor([1]), tensor([1]), { sampleWeight: 'x' as never })).toThrow(/sampleWeight must be a Tensor, an array of numbers or a number, got string/);
  });
});

describe('applyLoss', () => {
  it('weights built-in losses and custom per-sample losses; refuses a weighted scalar', () => {
    const t = tensor([[0, 1], [0, 0]]);
    const p = tensor([[1, 1], [1, 0]]);
    close(applyLoss(losses.meanSquaredError, t, p, { sampleWeight: [0.7, 0.3] }), 0.25);
    const perSample = (yt: Tensor, yp: Tensor) => mean(square(sub(yp, yt)), -1);
    close(applyLoss(perSample, t, p, { sampleWeight: [0.7, 0.3] }), 0.25);
    close(applyLoss(perSample, t, p), 0.5);
    const scalar = (yt: Tensor, yp: Tensor) => mean(square(sub(yp, yt)));
    close(applyLoss(scalar, t, p), 0.5);
    expect(() => applyLoss(scalar, t, p, { sampleWeight: [1, 1] })).toThrow('loss: the custom loss function returned a scalar, so sample or class weights cannot be applied; return one loss per sample (shape [2])');
  });
});
