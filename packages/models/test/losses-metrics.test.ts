import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { tensor } from '@rectify/core';
import { getLoss, getMetric, losses, metrics } from '../src/index.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

const yTrue = [[0, 1, 0], [1, 0, 0]];
const yPred = [[0.1, 0.7, 0.2], [0.5, 0.3, 0.2]];
const reg = [[0.5, -1.5], [2.5, 0.1]];
const regPred = [[0.4, 0.5], [0.3, 0.2]];

describe('losses against TF.js', () => {
  const cases: Array<[string, number, number]> = [
    ['meanSquaredError', losses.meanSquaredError(tensor(reg), tensor(regPred)).item(), tf.losses.meanSquaredError(reg, regPred).dataSync()[0]],
    ['meanAbsoluteError', losses.meanAbsoluteError(tensor(reg), tensor(regPred)).item(), tf.metrics.meanAbsoluteError(tf.tensor(reg), tf.tensor(regPred)).mean().dataSync()[0]],
    ['huber', losses.huber(tensor(reg), tensor(regPred)).item(), tf.losses.huberLoss(reg, regPred).dataSync()[0]],
    ['categoricalCrossentropy', losses.categoricalCrossentropy(tensor(yTrue), tensor(yPred)).item(), tf.metrics.categoricalCrossentropy(tf.tensor(yTrue), tf.tensor(yPred)).mean().dataSync()[0]],
    ['binaryCrossentropy', losses.binaryCrossentropy(tensor([[1], [0], [1]]), tensor([[0.9], [0.2], [0.4]])).item(), tf.metrics.binaryCrossentropy(tf.tensor([[1], [0], [1]]), tf.tensor([[0.9], [0.2], [0.4]])).mean().dataSync()[0]],
  ];
  for (const [name, ours, theirs] of cases) it(name, () => expect(ours).toBeCloseTo(theirs, 5));

  it('fromLogits equals the probability form and stays finite for huge logits', () => {
    const logits = tensor([[2, -1, 0.5], [0.1, 3, -2]]);
    const a = losses.categoricalCrossentropy(tensor(yTrue), logits, { fromLogits: true }).item();
    const b = losses.categoricalCrossentropy(tensor(yTrue), logits.softmax()).item();
    expect(a).toBeCloseTo(b, 5);
    expect(losses.sparseCategoricalCrossentropy(tensor([1, 0]), logits, { fromLogits: true }).item()).toBeCloseTo(a, 6);
    const huge = losses.categoricalCrossentropy(tensor([[1, 0]]), tensor([[-1000, 1000]]), { fromLogits: true }).item();
    expect(huge).toBeCloseTo(2000, 2);
    expect(losses.binaryCrossentropy(tensor([[1]]), tensor([[-500]]), { fromLogits: true }).item()).toBeCloseTo(500, 3);
  });

  it('resolves names and rejects unknown ones, listing the valid names', () => {
    expect(getLoss('sparse_categorical_crossentropy')).toBe(losses.sparseCategoricalCrossentropy);
    expect(getLoss('mse')).toBe(losses.meanSquaredError);
    expect(() => getLoss('crossentropy')).toThrow(/unknown loss "crossentropy"; valid names are meanSquaredError/);
    expect(() => losses.sparseCategoricalCrossentropy(tensor([3]), tensor([[0.5, 0.5]]))).toThrow(/label 3 is not a class index in \[0, 1\]/);
    expect(() => losses.meanSquaredError(tensor([1, 2]), tensor([1, 2, 3]))).toThrow(/meanSquaredError: yTrue shape \[2\] does not match yPred shape \[3\]/);
  });
});

describe('metrics', () => {
  it('accuracy picks binary, categorical or sparse from the shapes', () => {
    expect(metrics.accuracy(tensor(yTrue), tensor(yPred))).toBe(1);
    expect(metrics.accuracy(tensor([1, 2]), tensor(yPred))).toBe(0.5);
    expect(metrics.accuracy(tensor([[1], [0], [1], [1]]), tensor([[0.9], [0.2], [0.4], [0.6]]))).toBe(0.75);
    expect(metrics.mse(tensor(reg), tensor(regPred))).toBeCloseTo(tf.metrics.meanSquaredError(tf.tensor(reg), tf.tensor(regPred)).mean().dataSync()[0], 5);
    expect(metrics.mae(tensor([1, 2]), tensor([2, 4]))).toBe(1.5);
    expect(() => getMetric('precision')).toThrow(/unknown metric "precision"; valid names are accuracy/);
  });
});
