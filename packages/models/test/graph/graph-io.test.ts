import * as tf from '@tensorflow/tfjs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Tensor, randomNormal, setSeed, tensor } from '@rectify/core';
import { Add, Concatenate, Dense, input } from '@rectify/layers';
import { Adam } from '@rectify/optim';
import { Model, Sequential, loadModel, type ModelArtifacts } from '../../src/index.js';
import { close, sameOutputs, tfArtifacts, toTf } from './tfjs-helpers.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

const temp = () => mkdtempSync(join(tmpdir(), 'rectify-graph-io-'));

function graph(): Model {
  const a = input({ shape: [4], name: 'a' });
  const b = input({ shape: [4], name: 'b' });
  const shared = new Dense({ units: 3, activation: 'relu', name: 'shared' });
  const inner = new Sequential({ name: 'inner', layers: [new Dense({ units: 3, inputShape: [3], name: 'inner_dense' })] });
  const j = new Concatenate({ name: 'join' }).apply([inner.apply(shared.apply(a)), shared.apply(b)]) as never;
  return new Model({ name: 'g', inputs: [a, b], outputs: [new Dense({ units: 2, activation: 'softmax', name: 'cls' }).apply(j), new Add({ name: 'sum' }).apply([shared.apply(a), shared.apply(b)]) as never] });
}

describe('saving and loading graph models', () => {
  it('a graph with shared layers and a nested model round-trips exactly', async () => {
    const m = graph();
    const dir = temp();
    await m.save(dir);
    const back = await loadModel(dir);
    expect(back.layers.map((l) => l.name)).toEqual(m.layers.map((l) => l.name));
    const xs = [randomNormal([3, 4], { seed: 1 }), randomNormal([3, 4], { seed: 2 })];
    const ours = m.predict<Tensor[]>(xs);
    back.predict<Tensor[]>(xs).forEach((t, i) => expect(t.toArray()).toEqual(ours[i].toArray()));
    expect(back.getLayer('shared').inboundNodes.length).toBe(4);
  });

  it('includeOptimizer: fit resumes exactly where it stopped', async () => {
    const make = () => {
      setSeed(7);
      const x = input({ shape: [3] });
      const m = new Model({ inputs: x, outputs: new Dense({ units: 2, activation: 'softmax' }).apply(new Dense({ units: 4, activation: 'relu' }).apply(x)) });
      m.compile({ optimizer: new Adam({ learningRate: 0.05 }), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
      return m;
    };
    const X = randomNormal([12, 3], { seed: 3 });
    const Y = tensor(Array.from({ length: 12 }, (_, i) => i % 2));
    const straight = make();
    const all = await straight.fit(X, Y, { epochs: 4, batchSize: 4, shuffle: false, verbose: 0 });
    const first = make();
    await first.fit(X, Y, { epochs: 2, batchSize: 4, shuffle: false, verbose: 0 });
    const dir = temp();
    await first.save(dir, { includeOptimizer: true });
    const resumed = await loadModel(dir);
    expect(resumed.optimizer?.className).toBe('Adam');
    expect(resumed.optimizer?.iterations).toBe(6);
    const rest = await resumed.fit(X, Y, { epochs: 4, initialEpoch: 2, batchSize: 4, shuffle: false, verbose: 0 });
    expect(rest.history.loss).toEqual(all.history.loss.slice(2));
    expect(resumed.evaluate(X, Y).loss).toBe(straight.evaluate(X, Y).loss);
  });

  it('a TF.js model saved with its optimizer loads compiled, with the optimizer state', async () => {
    const m = tf.sequential({ layers: [tf.layers.dense({ units: 3, activation: 'softmax', inputShape: [2] })] });
    m.compile({ optimizer: tf.train.adam(0.02), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    const X = randomNormal([8, 2], { seed: 4 });
    const Y = tensor(Array.from({ length: 8 }, (_, i) => [0, 1, 2].map((k) => (k === i % 3 ? 1 : 0))));
    await m.fit(toTf(X), toTf(Y), { epochs: 2, batchSize: 4, shuffle: false, verbose: 0 });
    const ours = await loadModel((await tfArtifacts(m, true)) as ModelArtifacts);
    expect(ours.optimizer?.iterations).toBe(4);
    expect(ours.optimizer?.currentLearningRate).toBeCloseTo(0.02, 7);
    // one more epoch each: the same loss and weights, so the moments were restored
    const theirs = await m.fit(toTf(X), toTf(Y), { epochs: 1, batchSize: 4, shuffle: false, verbose: 0 });
    const mine = await ours.fit(X, Y, { epochs: 1, batchSize: 4, shuffle: false, verbose: 0 });
    expect(Math.abs(mine.history.loss[0] - (theirs.history.loss[0] as number))).toBeLessThan(1e-5);
    ours.getWeights().forEach((t, i) => sameOutputs(t, m.getWeights()[i], 1e-5));
  });
});

describe('Keras 3 graph files', () => {
  // The Keras 3 form (models/functional.py, saving/serialization_lib.py): inbound nodes as { args, kwargs }
  // holding __keras_tensor__ objects, batch_shape, DTypePolicy dtypes, `module` keys, a single input unnested.
  const tensorRef = (layer: string, shape: (number | null)[]) => ({ class_name: '__keras_tensor__', config: { shape, dtype: 'float32', keras_history: [layer, 0, 0] } });
  const policy = { module: 'keras', class_name: 'DTypePolicy', config: { name: 'float32' }, registered_name: null };
  const dense = (name: string, units: number, from: string, inShape: (number | null)[]) => ({
    module: 'keras.layers', class_name: 'Dense', name, registered_name: null, build_config: { input_shape: inShape },
    config: { name, trainable: true, dtype: policy, units, activation: 'relu', use_bias: true, kernel_initializer: { module: 'keras.initializers', class_name: 'GlorotUniform', config: { seed: null }, registered_name: null }, bias_initializer: { module: 'keras.initializers', class_name: 'Zeros', config: {}, registered_name: null }, kernel_regularizer: null, bias_regularizer: null, kernel_constraint: null, bias_constraint: null },
    inbound_nodes: [{ args: [tensorRef(from, inShape)], kwargs: {} }],
  });
  const topology = {
    module: 'keras', class_name: 'Functional', registered_name: 'Functional',
    config: {
      name: 'functional', trainable: true,
      layers: [
        { module: 'keras.layers', class_name: 'InputLayer', name: 'input_layer', registered_name: null, config: { batch_shape: [null, 4], dtype: 'float32', sparse: false, ragged: false, name: 'input_layer', optional: false }, inbound_nodes: [] },
        dense('dense', 5, 'input_layer', [null, 4]),
        dense('dense_1', 5, 'dense', [null, 5]),
        { module: 'keras.layers', class_name: 'Add', name: 'add', registered_name: null, config: { name: 'add', trainable: true, dtype: policy }, inbound_nodes: [{ args: [[tensorRef('dense', [null, 5]), tensorRef('dense_1', [null, 5])]], kwargs: {} }] },
      ],
      input_layers: ['input_layer', 0, 0],
      output_layers: ['add', 0, 0],
    },
  };
  it('loads and predicts what the same graph computes', async () => {
    const specs = [['dense/kernel', [4, 5]], ['dense/bias', [5]], ['dense_1/kernel', [5, 5]], ['dense_1/bias', [5]]] as const;
    const values = specs.map(([, shape], i) => randomNormal([...shape], { seed: 30 + i }));
    const bytes = new Float32Array(values.reduce((n, v) => n + v.size, 0));
    let at = 0;
    for (const v of values) { bytes.set(v.dataSync(), at); at += v.size; }
    const m = await loadModel({ modelTopology: topology, weightSpecs: specs.map(([name, shape]) => ({ name, shape: [...shape], dtype: 'float32' })), weightData: bytes.buffer } as ModelArtifacts);
    const x = randomNormal([2, 4], { seed: 9 });
    const h1 = x.matmul(values[0]).add(values[1]).relu();
    const h2 = h1.matmul(values[2]).add(values[3]).relu();
    close(m.predict(x).dataSync(), h1.add(h2).dataSync());
  });
});
