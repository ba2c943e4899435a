import { describe, expect, it, vi } from 'vitest';
import { kernels, randomNormal, randomUniform, setSeed, tensor, type Tensor } from '@rectify/core';
import { Activation, BatchNormalization, Conv2D, Dense, Flatten, MaxPooling2D, ReLU, input } from '@rectify/layers';
import { Model, Sequential } from '../../src/index.js';

// At inference a BatchNormalization whose only reader is a plain ReLU runs fused with it (scaleShiftRelu):
// the outputs must be those of the two layers run apart, and nothing else may be fused.

/** Random statistics and affine weights, so the normalization is not an identity. */
function randomizeNorm(norm: BatchNormalization): void {
  const [gamma, beta, mean, variance] = norm.getWeights();
  norm.setWeights([randomNormal(gamma.shape), randomNormal(beta.shape), randomNormal(mean.shape), randomUniform(variance.shape, { minval: 0.5, maxval: 2 })]);
}

/** Each layer of a chain applied by hand, at inference. */
function apart(x: Tensor, layers: Array<{ apply(x: Tensor, options?: object): unknown }>): Tensor {
  return layers.reduce((h, layer) => layer.apply(h, { training: false }) as Tensor, x);
}

function expectClose(got: Tensor, want: Tensor): void {
  expect(got.shape).toEqual(want.shape);
  const [g, w] = [got.dataSync(), want.dataSync()];
  for (let i = 0; i < w.length; i++) expect(Math.abs(g[i] - w[i])).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(w[i])));
}

describe('BatchNormalization + ReLU fusion at inference', () => {
  it('ReLU(maxValue 6), ReLU() and Activation("relu") after a normalization give the unfused outputs, and run one fused op', async () => {
    setSeed(3);
    for (const act of [new ReLU({ maxValue: 6 }), new ReLU(), new Activation('relu'), new Activation('relu6')]) {
      const conv = new Conv2D({ filters: 6, kernelSize: 3, padding: 'same' });
      const norm = new BatchNormalization();
      const x = input({ shape: [9, 9, 3] });
      const model = new Model({ inputs: x, outputs: act.apply(norm.apply(conv.apply(x))) });
      randomizeNorm(norm);
      const images = randomNormal([4, 9, 9, 3], { stddev: 3 });
      const core = await import('@rectify/core');
      const spy = vi.spyOn(norm, 'inferenceWithRelu');
      const fused = model.predict(images) as Tensor;
      expect(spy).toHaveBeenCalledTimes(1);
      expect(spy.mock.results[0].value).not.toBeNull();
      spy.mockRestore();
      expectClose(fused, apart(images, [conv, norm, act]));
      expect(core.max(fused).dataSync()[0]).toBeGreaterThan(0);
    }
  });

  it('is not fused when another layer also reads the normalization, in training, with an activity regularizer, or with features not last', () => {
    setSeed(4);
    const x = input({ shape: [6] });
    const norm = new BatchNormalization();
    const h = norm.apply(new Dense({ units: 5 }).apply(x));
    const both = new Model({ inputs: x, outputs: [new ReLU().apply(h), new Dense({ units: 2 }).apply(h)] });
    randomizeNorm(norm);
    const spy = vi.spyOn(norm, 'inferenceWithRelu');
    both.predict(randomNormal([3, 6]));
    expect(spy).not.toHaveBeenCalled();

    const chain = new Model({ inputs: x, outputs: new ReLU().apply(norm.apply(new Dense({ units: 5 }).apply(x))) });
    chain.apply(randomNormal([3, 6]), { training: true });
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();

    // an activity regularizer on either layer needs that layer's own output
    const penalizedNorm = new BatchNormalization({ activityRegularizer: 'l2' });
    const penalized = new Model({ inputs: x, outputs: new ReLU().apply(penalizedNorm.apply(new Dense({ units: 5 }).apply(x))) });
    const penalizedSpy = vi.spyOn(penalizedNorm, 'inferenceWithRelu');
    penalized.predict(randomNormal([3, 6]));
    expect(penalizedSpy).not.toHaveBeenCalled();

    // features on axis 1 of an image: the layer declines and the two run apart
    const img = input({ shape: [4, 5, 5] });
    const channelsFirst = new BatchNormalization({ axis: 1 });
    const relu6 = new ReLU({ maxValue: 6 });
    const m = new Model({ inputs: img, outputs: relu6.apply(channelsFirst.apply(img)) });
    randomizeNorm(channelsFirst);
    const data = randomNormal([2, 4, 5, 5], { stddev: 4 });
    expectClose(m.predict(data) as Tensor, apart(data, [channelsFirst, relu6]));
  });
});

describe('ReLU Conv2D + MaxPooling2D fusion (conv2dReluMaxPool), in training too', () => {
  // the same seeded CNN trained twice, fused and with the pair forced apart: the weights must agree
  async function train(fuse: boolean, graph: boolean): Promise<Float32Array[]> {
    setSeed(11);
    const conv = new Conv2D({ filters: 6, kernelSize: 3, activation: 'relu', biasInitializer: 'randomNormal', inputShape: [10, 10, 1] });
    const pool = new MaxPooling2D({ poolSize: 2 });
    const dense = new Dense({ units: 3, activation: 'softmax' });
    let model: Sequential | Model;
    if (graph) {
      const x = input({ shape: [10, 10, 1] });
      model = new Model({ inputs: x, outputs: dense.apply(new Flatten().apply(pool.apply(conv.apply(x)))) });
    } else model = new Sequential({ layers: [conv, pool, new Flatten(), dense] });
    model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy' });
    const images = randomUniform([24, 10, 10, 1], { minval: -1, maxval: 1 });
    const labels = tensor(Array.from({ length: 24 }, (_, i) => i % 3));
    const spy = vi.spyOn(conv, 'applyWithMaxPool');
    if (!fuse) spy.mockReturnValue(null);
    await model.fit(images, labels, { epochs: 3, batchSize: 8, verbose: 0, shuffle: false });
    expect(spy).toHaveBeenCalled();
    spy.mockRestore();
    return model.getWeights().map((w) => Float32Array.from(w.dataSync()));
  }

  for (const graph of [false, true]) {
    it(`${graph ? 'a graph Model' : 'a Sequential'} trains to the weights of the unfused pair`, async () => {
      const fusedRuns = vi.spyOn(kernels(), 'conv2dReluMaxPool');
      const fused = await train(true, graph);
      expect(fusedRuns).toHaveBeenCalled();
      fusedRuns.mockRestore();
      const apartWeights = await train(false, graph);
      expect(fused.length).toBe(apartWeights.length);
      fused.forEach((w, i) => {
        for (let j = 0; j < w.length; j++) expect(Math.abs(w[j] - apartWeights[i][j])).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(apartWeights[i][j])));
      });
    });
  }

  it('is not fused when another layer also reads the convolution, with an activity regularizer, for another activation, or for an observer', () => {
    setSeed(12);
    const fusedRuns = vi.spyOn(kernels(), 'conv2dReluMaxPool');
    const images = randomNormal([2, 8, 8, 2]);
    const x = input({ shape: [8, 8, 2] });
    const conv = new Conv2D({ filters: 4, kernelSize: 3, activation: 'relu' });
    const h = conv.apply(x);
    const shared = new Model({ inputs: x, outputs: [new MaxPooling2D().apply(h), new Flatten().apply(h)] });
    shared.predict(images);
    const penalized = new Conv2D({ filters: 4, kernelSize: 3, activation: 'relu', activityRegularizer: 'l2' });
    new Sequential({ layers: [penalized, new MaxPooling2D()] }).predict(images);
    new Sequential({ layers: [new Conv2D({ filters: 4, kernelSize: 3, activation: 'tanh' }), new MaxPooling2D()] }).predict(images);
    expect(fusedRuns).not.toHaveBeenCalled();
    // diagnostics read every layer's output through an observer: the pair runs apart for them
    const chain = new Model({ inputs: x, outputs: new MaxPooling2D().apply(new Conv2D({ filters: 4, kernelSize: 3, activation: 'relu' }).apply(x)) });
    const seen: string[] = [];
    chain.runGraph([images], { training: false }, (layer) => seen.push(layer.className));
    expect(seen).toEqual(['Conv2D', 'MaxPooling2D']);
    expect(fusedRuns).not.toHaveBeenCalled();
    chain.predict(images);
    expect(fusedRuns).toHaveBeenCalledTimes(1);
    fusedRuns.mockRestore();
  });
});
