import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Dense, SGD, Sequential, data, input, Model, randomNormal, setSeed, tensor, type Tensor } from '@rectify/rectify';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

const X = randomNormal([40, 3], { seed: 1 });
const Y = randomNormal([40, 2], { seed: 2 });

function twin(seed: number): Sequential {
  setSeed(seed);
  const m = new Sequential({ layers: [new Dense({ units: 4, activation: 'relu', inputShape: [3] }), new Dense({ units: 2 })] });
  m.compile({ optimizer: new SGD({ learningRate: 0.05 }), loss: 'mse', metrics: ['mae'] });
  return m;
}

/** Rows [start, end) of a tensor. */
const rows = (t: Tensor, start: number, end: number) => t.slice([start, 0], [end - start, t.shape[1]]);

/** The same data as a dataset of batches of 8, in order. */
const batches = () => data.array(Array.from({ length: 5 }, (_, i) => ({ xs: rows(X, 8 * i, 8 * i + 8), ys: rows(Y, 8 * i, 8 * i + 8) })));

describe('fit on datasets', () => {
  it('a dataset of batches gives the same loss history as the same tensors', async () => {
    const a = twin(5);
    const b = twin(5);
    const fromTensors = await a.fit(X, Y, { epochs: 3, batchSize: 8, shuffle: false, verbose: 0 });
    const fromData = await b.fit(batches(), { epochs: 3, verbose: 0 });
    expect(fromData.history).toEqual(fromTensors.history);
    expect(b.getWeights().map((w) => w.toArray())).toEqual(a.getWeights().map((w) => w.toArray()));
    expect(await b.evaluate(batches())).toEqual(a.evaluate(X, Y, { batchSize: 8 }));
    expect((await b.predictDataset(data.array([rows(X, 0, 8), rows(X, 8, 40)]))).toArray()).toEqual(b.predict(X).toArray());
  });

  it('matches TF.js fitDataset without shuffling', async () => {
    const m = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [3], kernelInitializer: 'ones', biasInitializer: 'zeros' })] });
    m.compile({ optimizer: tf.train.sgd(0.05), loss: 'meanSquaredError' });
    const xs = Array.from({ length: 5 }, (_, i) => tf.tensor(Array.from(rows(X, 8 * i, 8 * i + 8).dataSync()), [8, 3]));
    const ys = Array.from({ length: 5 }, (_, i) => tf.tensor(Array.from(rows(Y, 8 * i, 8 * i + 8).dataSync()), [8, 2]));
    const theirs = await m.fitDataset(tf.data.zip({ xs: tf.data.array(xs), ys: tf.data.array(ys) }), { epochs: 3, verbose: 0 });
    const ours = new Sequential({ layers: [new Dense({ units: 2, inputShape: [3], kernelInitializer: 'ones' })] });
    ours.compile({ optimizer: new SGD({ learningRate: 0.05 }), loss: 'meanSquaredError' });
    const mine = await ours.fitDataset(batches(), { epochs: 3, verbose: 0 });
    mine.history.loss.forEach((v, i) => expect(Math.abs(v - (theirs.history.loss[i] as number))).toBeLessThan(1e-5));
  });

  it('stepsPerEpoch continues one iterator across epochs, and an endless dataset needs it', async () => {
    const m = twin(1);
    let pulled = 0;
    const counted = batches().map((b) => { pulled++; return b; });
    const h = await m.fit(counted.repeat(), { epochs: 3, stepsPerEpoch: 2, verbose: 0 });
    expect(h.history.loss.length).toBe(3);
    expect(pulled).toBeGreaterThanOrEqual(6);
    expect(pulled).toBeLessThanOrEqual(8);
    await expect(m.fit(batches().repeat(), { epochs: 1, verbose: 0 })).rejects.toThrow(/the dataset is infinite .*stepsPerEpoch/);
  });

  it('an error from the data names the epoch and the step', async () => {
    const m = twin(1);
    const failing = data.generator(function* () {
      yield { xs: rows(X, 0, 8), ys: rows(Y, 0, 8) };
      throw new Error('the sensor went offline');
    });
    await expect(m.fit(failing, { epochs: 1, verbose: 0 })).rejects.toThrow(/fit: epoch 1, step 1: .*the sensor went offline/);
    const ragged = data.array([{ xs: rows(X, 0, 8), ys: rows(Y, 0, 4) }]);
    await expect(m.fit(ragged, { epochs: 1, verbose: 0 })).rejects.toThrow(/dataset element 0 has 8 samples in xs but 4 in ys/);
    await expect(m.fit(batches(), { epochs: 1, batchSize: 4, verbose: 0 })).rejects.toThrow(/option 'batchSize' applies to tensors only/);
    await expect(m.fit(data.array([]), { epochs: 1, verbose: 0 })).rejects.toThrow(/empty/);
  });

  it('a graph model with two inputs trains from record elements', async () => {
    const a = input({ shape: [3], name: 'a' });
    const b = input({ shape: [3], name: 'b' });
    const m = new Model({ inputs: [a, b], outputs: new Dense({ units: 1, name: 'out' }).apply(new Dense({ units: 2 }).apply(a)) });
    m.compile({ optimizer: 'sgd', loss: 'mse' });
    const ds = data.array([0, 1, 2, 3]).map((i) => ({ xs: { a: rows(X, 8 * i, 8 * i + 8), b: rows(X, 8 * i, 8 * i + 8) }, ys: { out: rows(Y, 8 * i, 8 * i + 8).slice([0, 0], [8, 1]) } }));
    const h = await m.fit(ds, { epochs: 2, verbose: 0 });
    expect(h.history.loss.length).toBe(2);
  });
});

describe('class and sample weights', () => {
  // Keras's sum_over_batch_size: loss = sum_i(w_i * l_i) / n. For a one-unit model predicting 0 with
  // targets [1, 2, 3, 4] under mse, l = [1, 4, 9, 16]; class weights {1: 2} on labels [0, 1, 0, 1] give
  // w = [1, 2, 1, 2] and a loss of (1 + 8 + 9 + 32) / 4 = 12.5 (11 / 4 = 7.5 unweighted).
  it('weight the loss as Keras does on a known example', async () => {
    const m = new Sequential({ layers: [new Dense({ units: 1, inputShape: [1], kernelInitializer: 'zeros' })] });
    m.compile({ optimizer: new SGD({ learningRate: 0 }), loss: 'mse' });
    const x = tensor([[1], [1], [1], [1]]);
    const y = tensor([[1], [2], [3], [4]]);
    expect(m.evaluate(x, y).loss).toBeCloseTo(7.5, 6);
    expect(m.evaluate(x, y, { sampleWeight: tensor([1, 2, 1, 2]) }).loss).toBeCloseTo(12.5, 6);
    const h = await m.fit(x, y, { epochs: 1, batchSize: 4, verbose: 0, sampleWeight: tensor([1, 2, 1, 2]) });
    expect(h.history.loss[0]).toBeCloseTo(12.5, 6);
    // class weights read the labels: a binary target [0, 1, 0, 1] with class 1 weighted 2
    const c = new Sequential({ layers: [new Dense({ units: 1, inputShape: [1], kernelInitializer: 'zeros', activation: 'sigmoid' })] });
    c.compile({ optimizer: new SGD({ learningRate: 0 }), loss: 'binaryCrossentropy' });
    const labels = tensor([[0], [1], [0], [1]]);
    const plain = (await c.fit(x, labels, { epochs: 1, batchSize: 4, verbose: 0 })).history.loss[0];
    const weighted = (await c.fit(x, labels, { epochs: 1, batchSize: 4, verbose: 0, classWeight: { 0: 1, 1: 2 } })).history.loss[0];
    // every sample's loss is log 2 at p = 0.5: (1 + 2 + 1 + 2) log 2 / 4 = 1.5 log 2
    expect(plain).toBeCloseTo(Math.log(2), 5);
    expect(weighted).toBeCloseTo(1.5 * Math.log(2), 5);
  });
});
