import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { randomNormal, tensor } from '@rectify/core';
import { Add, BatchNormalization, Concatenate, Conv2D, Dense, Flatten, Multiply, ReLU, input } from '@rectify/layers';
import { Model, Sequential, loadModel, modelToArtifacts, type ModelArtifacts } from '../../src/index.js';
import { sameOutputs, tfArtifacts, tfFromRectify, toTf } from './tfjs-helpers.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

/** Graphs built in TF.js: each is loaded by Rectify and must predict the same. */
const tfGraphs: Array<{ name: string; build: () => tf.LayersModel; inputs: number[][] }> = [
  {
    name: 'a residual block (Conv2D + BatchNormalization + Add)',
    inputs: [[2, 6, 6, 3]],
    build: () => {
      const x = tf.input({ shape: [6, 6, 3] });
      const c = tf.layers.conv2d({ filters: 3, kernelSize: 3, padding: 'same' }).apply(x) as tf.SymbolicTensor;
      const b = tf.layers.batchNormalization({ movingMeanInitializer: 'randomNormal', movingVarianceInitializer: 'ones' }).apply(c) as tf.SymbolicTensor;
      const r = tf.layers.reLU().apply(tf.layers.add().apply([b, x]) as tf.SymbolicTensor) as tf.SymbolicTensor;
      const out = tf.layers.dense({ units: 4 }).apply(tf.layers.flatten().apply(r)) as tf.SymbolicTensor;
      return tf.model({ inputs: x, outputs: out });
    },
  },
  {
    name: 'a two-input model (Concatenate)',
    inputs: [[3, 4], [3, 2]],
    build: () => {
      const a = tf.input({ shape: [4], name: 'left' });
      const b = tf.input({ shape: [2], name: 'right' });
      const j = tf.layers.concatenate().apply([tf.layers.dense({ units: 5, activation: 'relu' }).apply(a) as tf.SymbolicTensor, b]) as tf.SymbolicTensor;
      return tf.model({ inputs: [a, b], outputs: tf.layers.dense({ units: 2, activation: 'softmax' }).apply(j) as tf.SymbolicTensor });
    },
  },
  {
    name: 'a two-output model',
    inputs: [[3, 4]],
    build: () => {
      const x = tf.input({ shape: [4] });
      const h = tf.layers.dense({ units: 6, activation: 'relu' }).apply(x) as tf.SymbolicTensor;
      return tf.model({ inputs: x, outputs: [tf.layers.dense({ units: 2, activation: 'softmax', name: 'cls' }).apply(h) as tf.SymbolicTensor, tf.layers.dense({ units: 1, name: 'reg' }).apply(h) as tf.SymbolicTensor] });
    },
  },
  {
    name: 'a shared-layer (siamese) model',
    inputs: [[3, 5], [3, 5]],
    build: () => {
      const a = tf.input({ shape: [5] });
      const b = tf.input({ shape: [5] });
      const shared = tf.layers.dense({ units: 3, activation: 'tanh' });
      const d = tf.layers.maximum().apply([shared.apply(a) as tf.SymbolicTensor, shared.apply(b) as tf.SymbolicTensor]) as tf.SymbolicTensor;
      return tf.model({ inputs: [a, b], outputs: tf.layers.dense({ units: 1, activation: 'sigmoid' }).apply(d) as tf.SymbolicTensor });
    },
  },
  {
    name: 'a nested Sequential inside a graph model',
    inputs: [[3, 4]],
    build: () => {
      const inner = tf.sequential({ layers: [tf.layers.dense({ units: 6, activation: 'relu', inputShape: [4] }), tf.layers.dense({ units: 3 })] });
      const x = tf.input({ shape: [4] });
      const y = tf.layers.multiply().apply([inner.apply(x) as tf.SymbolicTensor, tf.layers.dense({ units: 3 }).apply(x) as tf.SymbolicTensor]) as tf.SymbolicTensor;
      return tf.model({ inputs: x, outputs: y });
    },
  },
  {
    name: 'a truncated trunk with a new head',
    inputs: [[3, 4]],
    build: () => {
      const x = tf.input({ shape: [4] });
      const h1 = tf.layers.dense({ units: 8, activation: 'relu', name: 'trunk_1' }).apply(x) as tf.SymbolicTensor;
      const h2 = tf.layers.dense({ units: 6, activation: 'relu', name: 'trunk_2' }).apply(h1) as tf.SymbolicTensor;
      const base = tf.model({ inputs: x, outputs: tf.layers.dense({ units: 10, name: 'old_head' }).apply(h2) as tf.SymbolicTensor });
      const cut = base.getLayer('trunk_2').output as tf.SymbolicTensor;
      return tf.model({ inputs: base.inputs, outputs: tf.layers.dense({ units: 2, name: 'new_head' }).apply(cut) as tf.SymbolicTensor });
    },
  },
];

describe('graph models built in TF.js load in Rectify and predict the same', () => {
  for (const g of tfGraphs) {
    it(g.name, async () => {
      const m = g.build();
      const ours = await loadModel((await tfArtifacts(m)) as ModelArtifacts);
      const xs = g.inputs.map((s, i) => randomNormal(s, { seed: 10 + i }));
      sameOutputs(ours.predict<never>(xs.length === 1 ? xs[0] : xs), m.predict(xs.length === 1 ? toTf(xs[0]) : xs.map(toTf)) as tf.Tensor);
    });
  }
});

describe('graph models built in Rectify load in TF.js and predict the same', () => {
  const build: Array<[string, () => Model, number[][]]> = [
    ['residual block', () => {
      const x = input({ shape: [6, 6, 3] });
      const c = new BatchNormalization().apply(new Conv2D({ filters: 3, kernelSize: 3, padding: 'same' }).apply(x));
      const r = new ReLU().apply(new Add().apply([c, x]) as never);
      return new Model({ inputs: x, outputs: new Dense({ units: 4 }).apply(new Flatten().apply(r)) });
    }, [[2, 6, 6, 3]]],
    ['two inputs, two outputs, a shared layer', () => {
      const a = input({ shape: [4] });
      const b = input({ shape: [4] });
      const shared = new Dense({ units: 3, activation: 'relu' });
      const ha = shared.apply(a);
      const hb = shared.apply(b);
      const j = new Concatenate().apply([ha, hb]) as never;
      return new Model({ inputs: [a, b], outputs: [new Dense({ units: 2, activation: 'softmax' }).apply(j), new Multiply().apply([ha, hb]) as never] });
    }, [[3, 4], [3, 4]]],
    ['a nested Sequential', () => {
      const inner = new Sequential({ layers: [new Dense({ units: 5, activation: 'relu', inputShape: [4] }), new Dense({ units: 2 })] });
      const x = input({ shape: [4] });
      return new Model({ inputs: x, outputs: new Dense({ units: 1 }).apply(inner.apply(x)) });
    }, [[3, 4]]],
  ];
  for (const [name, make, shapes] of build) {
    it(name, async () => {
      const ours = make();
      const theirs = await tfFromRectify(modelToArtifacts(ours));
      const xs = shapes.map((s, i) => randomNormal(s, { seed: 20 + i }));
      sameOutputs(ours.predict<never>(xs.length === 1 ? xs[0] : xs), theirs.predict(xs.length === 1 ? toTf(xs[0]) : xs.map(toTf)) as tf.Tensor);
    });
  }
});

describe('training a graph model matches TF.js', () => {
  // TF.js 4.22 accepts lossWeights but leaves them out of the total loss (its total is the plain sum), so the
  // weight is written into TF.js's loss instead: 0.5 * mse there is lossWeights [1, 0.5] here, as in Keras.
  it('two outputs, a loss each, lossWeights: loss per epoch and final weights within 1e-4', async () => {
    const x = tf.input({ shape: [3] });
    // seeded initial weights, so the run (and its float32 rounding) is the same every time
    const init = (seed: number) => tf.initializers.glorotUniform({ seed });
    const h = tf.layers.dense({ units: 5, activation: 'relu', name: 'hidden', kernelInitializer: init(1) }).apply(x) as tf.SymbolicTensor;
    const m = tf.model({ inputs: x, outputs: [tf.layers.dense({ units: 3, activation: 'softmax', name: 'cls', kernelInitializer: init(2) }).apply(h) as tf.SymbolicTensor, tf.layers.dense({ units: 1, name: 'reg', kernelInitializer: init(3) }).apply(h) as tf.SymbolicTensor] });
    const ours = await loadModel((await tfArtifacts(m)) as ModelArtifacts);
    const X = randomNormal([16, 3], { seed: 3 });
    const labels = Array.from({ length: 16 }, (_, i) => i % 3);
    const Y1 = tensor(labels.map((l) => [0, 1, 2].map((k) => (k === l ? 1 : 0))));
    const Y2 = randomNormal([16, 1], { seed: 4 });
    const halfMse = (yt: tf.Tensor, yp: tf.Tensor) => tf.mul(0.5, tf.losses.meanSquaredError(yt, yp));
    m.compile({ optimizer: tf.train.adam(0.01), loss: ['categoricalCrossentropy', halfMse] });
    ours.compile({ optimizer: 'adam', loss: ['categoricalCrossentropy', 'meanSquaredError'], lossWeights: [1, 0.5] });
    ours.optimizer!.learningRate = 0.01;
    const theirs = await m.fit(toTf(X), [toTf(Y1), toTf(Y2)], { epochs: 3, batchSize: 8, shuffle: false, verbose: 0 });
    const mine = await ours.fit(X, { cls: Y1, reg: Y2 }, { epochs: 3, batchSize: 8, shuffle: false, verbose: 0 });
    expect(Object.keys(mine.history).sort()).toEqual(['cls_loss', 'loss', 'reg_loss']);
    const reference: Record<string, number[]> = { loss: theirs.history.loss as number[], cls_loss: theirs.history.cls_loss as number[], reg_loss: (theirs.history.reg_loss as number[]).map((v) => 2 * v) };
    for (const key of ['loss', 'cls_loss', 'reg_loss']) {
      mine.history[key].forEach((v, i) => expect(Math.abs(v - reference[key][i])).toBeLessThan(1e-4));
    }
    const w = m.getWeights();
    ours.getWeights().forEach((t, i) => sameOutputs(t, w[i], 1e-4));
  });
});
