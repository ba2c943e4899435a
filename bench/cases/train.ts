// Training throughput on real MNIST digits: the MLP (784-128-10, ReLU, Adam, batch 128) or the CNN
// (Conv2D 3x3x16 + MaxPooling2D + Flatten + Dense 10). A warm-up epoch over the first 512 digits lets
// both JITs compile, then samples/s over one epoch of all of them, test accuracy after it, and batch-1
// inference latency.
import { argImpl, loadTf, quick, report } from '../lib/impl.js';
import { loadMnist } from '../../examples/data/mnist.js';

const impl = argImpl();
const cnn = process.argv.includes('--cnn');
const { train, test } = loadMnist({ limit: quick ? 1024 : cnn ? 2048 : 8000 });
const n = train.count;
const shape = cnn ? [28, 28, 1] : [784];
const result: Record<string, number> = {};
const name = cnn ? 'cnn' : 'mlp';
const warmup = 512;

if (impl === 'rectify') {
  const r = await import('rectify');
  r.setSeed(1);
  const layers = cnn
    ? [new r.Conv2D({ filters: 16, kernelSize: 3, activation: 'relu', inputShape: shape }), new r.MaxPooling2D({ poolSize: 2 }), new r.Flatten(), new r.Dense({ units: 10, activation: 'softmax' })]
    : [new r.Dense({ units: 128, activation: 'relu', inputShape: shape }), new r.Dense({ units: 10, activation: 'softmax' })];
  const model = new r.Sequential({ layers });
  model.compile({ optimizer: new r.Adam({ learningRate: 0.001 }), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  const x = train.images.reshape([n, ...shape]);
  const xt = test.images.reshape([test.count, ...shape]);
  await model.fit(x.slice([0, ...shape.map(() => 0)], [warmup, ...shape]), train.labels.slice([0], [warmup]), { epochs: 1, batchSize: 128, verbose: 0, seed: 1 });
  const t0 = performance.now();
  await model.fit(x, train.labels, { epochs: 1, batchSize: 128, verbose: 0, seed: 1 });
  result[`${name} train samples/s`] = n / ((performance.now() - t0) / 1000);
  result[`${name} test accuracy`] = model.evaluate(xt, test.labels).accuracy;
  const one = xt.slice([0, ...shape.map(() => 0)], [1, ...shape]);
  for (let i = 0; i < 20; i++) model.predict(one);
  const t1 = performance.now();
  for (let i = 0; i < 200; i++) model.predict(one);
  result[`${name} batch-1 inference us`] = ((performance.now() - t1) * 1000) / 200;
} else {
  const tf = await loadTf(impl);
  const layers = cnn
    ? [tf.layers.conv2d({ filters: 16, kernelSize: 3, activation: 'relu', inputShape: shape }), tf.layers.maxPooling2d({ poolSize: 2 }), tf.layers.flatten(), tf.layers.dense({ units: 10, activation: 'softmax' })]
    : [tf.layers.dense({ units: 128, activation: 'relu', inputShape: shape }), tf.layers.dense({ units: 10, activation: 'softmax' })];
  const model = tf.sequential({ layers });
  model.compile({ optimizer: tf.train.adam(0.001), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  const x = tf.tensor(train.images.dataSync(), [n, ...shape]);
  const y = tf.tensor(train.labels.dataSync(), [n]);
  const xt = tf.tensor(test.images.dataSync(), [test.count, ...shape]);
  const yt = tf.tensor(test.labels.dataSync(), [test.count]);
  try {
    await model.fit(x.slice(0, warmup), y.slice(0, warmup), { epochs: 1, batchSize: 128, verbose: 0 });
    const t0 = performance.now();
    await model.fit(x, y, { epochs: 1, batchSize: 128, verbose: 0 });
    result[`${name} train samples/s`] = n / ((performance.now() - t0) / 1000);
    const evaluated = model.evaluate(xt, yt) as tf.Scalar[];
    result[`${name} test accuracy`] = evaluated[1].dataSync()[0];
  } catch (e) {
    // TF.js's wasm backend has no Conv2DBackpropFilter kernel: it cannot train the CNN, but it can run it
    console.error(`training failed: ${(e as Error).message}`);
  }
  const one = xt.slice([0, ...shape.map(() => 0)], [1, ...shape]);
  const predictOnce = () => tf.tidy(() => (model.predict(one) as tf.Tensor).dataSync());
  for (let i = 0; i < 20; i++) predictOnce();
  const t1 = performance.now();
  for (let i = 0; i < 200; i++) predictOnce();
  result[`${name} batch-1 inference us`] = ((performance.now() - t1) * 1000) / 200;
}
report(result);
