import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { getBackendName, randomNormal, setSeed, tensor } from '@rectify/core';
import { wasmContext } from '../../core/src/backend/wasm/context.js';
import { Dense } from '@rectify/layers';
import { Adam } from '@rectify/optim';
import { Sequential } from '../src/index.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

const N = 32;
const X = Array.from({ length: N }, (_, i) => [Math.sin(i), Math.cos(1.3 * i), ((i % 7) - 3) / 3]);
const Y = X.map(([a, b, c]) => [a * b > 0 ? 1 : 0, c > 0 ? 1 : 0, a + c > 0 ? 1 : 0].indexOf(Math.max(a * b > 0 ? 1 : 0)) % 3);

function twoLayer(): Sequential {
  return new Sequential({ layers: [new Dense({ units: 8, activation: 'relu', inputShape: [3] }), new Dense({ units: 3, activation: 'softmax' })] });
}

describe('training', () => {
  it('matches TF.js end to end: same weights, data and Adam give the same loss per epoch and final weights', async () => {
    setSeed(5);
    const ours = twoLayer();
    ours.compile({ optimizer: new Adam({ learningRate: 0.01 }), loss: 'sparseCategoricalCrossentropy' });
    const theirs = tf.sequential({ layers: [tf.layers.dense({ units: 8, activation: 'relu', inputShape: [3] }), tf.layers.dense({ units: 3, activation: 'softmax' })] });
    theirs.setWeights(ours.getWeights().map((w) => tf.tensor(Array.from(w.dataSync()), [...w.shape])));
    theirs.compile({ optimizer: tf.train.adam(0.01, 0.9, 0.999, 1e-7), loss: 'sparseCategoricalCrossentropy' });
    const history = await ours.fit(tensor(X), tensor(Y), { epochs: 5, batchSize: 8, shuffle: false, verbose: 0 });
    const ref = await theirs.fit(tf.tensor(X), tf.tensor(Y), { epochs: 5, batchSize: 8, shuffle: false, verbose: 0 });
    history.history.loss.forEach((l, i) => expect(l).toBeCloseTo(ref.history.loss[i] as number, 4));
    const final = theirs.getWeights();
    ours.getWeights().forEach((w, i) => Array.from(w.dataSync()).forEach((v, j) => expect(v).toBeCloseTo(final[i].dataSync()[j], 4)));
  });

  it('solves XOR', async () => {
    setSeed(1);
    const model = new Sequential({ layers: [new Dense({ units: 8, activation: 'relu', inputShape: [2] }), new Dense({ units: 1, activation: 'sigmoid' })] });
    model.compile({ optimizer: new Adam({ learningRate: 0.05 }), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
    await model.fit(tensor([[0, 0], [0, 1], [1, 0], [1, 1]]), tensor([[0], [1], [1], [0]]), { epochs: 300, batchSize: 4, verbose: 0 });
    const p = Array.from(model.predict(tensor([[0, 0], [0, 1], [1, 0], [1, 1]])).dataSync());
    expect(p.map((v) => Math.round(v))).toEqual([0, 1, 1, 0]);
  });

  it('gives a bit-identical loss history for the same seed', async () => {
    const once = async () => {
      setSeed(11);
      const model = twoLayer();
      model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
      return (await model.fit(tensor(X), tensor(Y), { epochs: 3, batchSize: 5, seed: 3, verbose: 0 })).history;
    };
    const [a, b] = [await once(), await once()];
    expect(a.loss).toEqual(b.loss);
    expect(a.accuracy).toEqual(b.accuracy);
  });

  it('reports validation metrics and evaluates like Keras', async () => {
    setSeed(2);
    const model = twoLayer();
    model.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
    const h = await model.fit(tensor(X), tensor(Y), { epochs: 2, validationSplit: 0.25, verbose: 0 });
    expect(Object.keys(h.history).sort()).toEqual(['accuracy', 'loss', 'val_accuracy', 'val_loss']);
    const result = model.evaluate(tensor(X.slice(24)), tensor(Y.slice(24)));
    expect(result.loss).toBeCloseTo(h.history.val_loss[1], 5);
    expect(model.predict(tensor(X), { batchSize: 5 }).shape).toEqual([N, 3]);
  });

  it('refuses bad input before training', async () => {
    const model = twoLayer();
    await expect(model.fit(tensor(X), tensor(Y))).rejects.toThrow(/must be compiled first/);
    expect(() => model.compile({ optimizer: 'adamx', loss: 'mse' })).toThrow(/unknown optimizer "adamx"; valid names are/);
    expect(() => model.compile({ optimizer: 'adam', loss: 'msee' })).toThrow(/unknown loss "msee"/);
    expect(() => model.compile({ optimizer: 'adam', loss: 'mse', metrics: ['acc2'] })).toThrow(/unknown metric "acc2"/);
    model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy' });
    await expect(model.fit(tensor(X), tensor(Y.slice(1)))).rejects.toThrow(/same number of samples, got x \[32,3\] and y \[31\]/);
    await expect(model.fit(tensor([[1, 2]]), tensor([0]))).rejects.toThrow(/expects samples of shape \[3\], got input \[1,2\]/);
    await expect(model.fit(tensor(X), tensor(Y), { epochs: 0 })).rejects.toThrow(/epochs must be a positive integer/);
    await expect(model.fit(tensor(X), tensor(Y), { epoch: 2 } as never)).rejects.toThrow(/unknown option 'epoch'/);
  });

  it('catches a NaN loss instead of training on it', async () => {
    const model = new Sequential({ layers: [new Dense({ units: 1, inputShape: [1] })] });
    model.compile({ optimizer: 'sgd', loss: 'mse' });
    await expect(model.fit(tensor([[1], [Number.NaN]]), tensor([[1], [2]]), { verbose: 0, shuffle: false, batchSize: 2 })).rejects.toThrow(/loss became NaN at epoch 1, batch 0/);
  });

  it('keeps memory flat over 3,000 training steps without any dispose', async () => {
    setSeed(4);
    const model = twoLayer();
    model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy' });
    const x = tensor(X);
    const y = tensor(Y);
    const heap = async (epochs: number) => {
      await model.fit(x, y, { epochs, batchSize: 8, verbose: 0 }); // 4 steps per epoch
      const gc = (globalThis as { gc?: () => void }).gc;
      expect(gc, 'the test runner starts workers with --expose-gc').toBeTypeOf('function');
      gc!();
      return process.memoryUsage().heapUsed;
    };
    await heap(50);
    const first = await heap(350);
    const second = await heap(350);
    // if graphs or tensors leaked, 1,400 more steps would add megabytes
    expect(second - first).toBeLessThan(8 * 1024 * 1024);
  });

  it('keeps wasm memory flat over 2,000 steps of a model whose parameters and moments live there', async () => {
    expect(getBackendName()).toBe('wasm');
    setSeed(5);
    const model = new Sequential({ layers: [new Dense({ units: 64, activation: 'relu', inputShape: [100] }), new Dense({ units: 3, activation: 'softmax' })] });
    model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy' });
    const x = randomNormal([64, 100]);
    const y = tensor(Array.from({ length: 64 }, (_, i) => i % 3));
    const memory = () => (wasmContext()!.arena as unknown as { memory: WebAssembly.Memory }).memory.buffer.byteLength;
    await model.fit(x, y, { epochs: 100, batchSize: 16, verbose: 0 }); // 400 steps
    const kernel = model.getLayer(0).getWeights()[0];
    expect(model.layers[0].weights[0].values.buffer).toBeInstanceOf(SharedArrayBuffer); // resident since the first step
    expect(kernel.size).toBe(6400);
    const before = memory();
    await model.fit(x, y, { epochs: 400, batchSize: 16, verbose: 0 }); // 1,600 more
    expect(memory()).toBe(before);
  });
});
