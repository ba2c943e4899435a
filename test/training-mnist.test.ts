import { describe, expect, it } from 'vitest';
import { Dense, Sequential, setSeed } from '@rectify/rectify';
import { loadMnist } from '../examples/data/mnist.js';

describe('MNIST end to end', () => {
  it('a ReLU MLP reaches >= 0.90 test accuracy on 4,000 real training digits in 5 epochs', async () => {
    setSeed(42);
    const { train, test } = loadMnist({ limit: 4000 });
    expect(train.images.shape).toEqual([4000, 784]);
    const model = new Sequential({ layers: [new Dense({ units: 64, activation: 'relu', kernelInitializer: 'heNormal', inputShape: [784] }), new Dense({ units: 10, activation: 'softmax' })] });
    model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
    await model.fit(train.images, train.labels, { epochs: 5, batchSize: 32, verbose: 0, seed: 1 });
    const { accuracy } = model.evaluate(test.images, test.labels);
    expect(accuracy).toBeGreaterThanOrEqual(0.9);
  });
});
