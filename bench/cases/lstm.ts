// LSTM training on sequences: LSTM(64) over 50 steps of 16 features, then Dense(1), MSE, Adam, batch 32,
// on a seeded synthetic regression (the target is a fixed function of the sequence). A warm-up epoch,
// then samples/s over one epoch, and batch-1 inference latency on a 100-step sequence.
import { argImpl, loadTf, quick, report } from '../lib/impl.js';

const impl = argImpl();
const steps = 50;
const features = 16;
const units = 64;
const n = quick ? 128 : 1024;
const warmup = 64;
const batchSize = 32;

let seed = 17;
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648 - 0.5;
};
const xs = Float32Array.from({ length: n * steps * features }, random);
// target: the mean of the first feature over the second half of the sequence
const ys = Float32Array.from({ length: n }, (_, i) => {
  let s = 0;
  for (let t = steps / 2; t < steps; t++) s += xs[(i * steps + t) * features];
  return s / (steps / 2);
});
const long = Float32Array.from({ length: 100 * features }, random);
const result: Record<string, number> = {};

if (impl === 'rectify') {
  const r = await import('@rectify/rectify');
  r.setSeed(1);
  const model = new r.Sequential({ layers: [new r.LSTM({ units, inputShape: [null as unknown as number, features] }), new r.Dense({ units: 1 })] });
  model.compile({ optimizer: new r.Adam({ learningRate: 0.001 }), loss: 'meanSquaredError' });
  const x = r.tensor(xs, [n, steps, features]);
  const y = r.tensor(ys, [n, 1]);
  await model.fit(x.slice([0, 0, 0], [warmup, steps, features]), y.slice([0, 0], [warmup, 1]), { epochs: 1, batchSize, verbose: 0, seed: 1 });
  const t0 = performance.now();
  await model.fit(x, y, { epochs: 1, batchSize, verbose: 0, seed: 1 });
  result['lstm train samples/s'] = n / ((performance.now() - t0) / 1000);
  const one = r.tensor(long, [1, 100, features]);
  for (let i = 0; i < 5; i++) model.predict(one);
  const t1 = performance.now();
  for (let i = 0; i < 30; i++) model.predict(one);
  result['lstm 100-step batch-1 inference us'] = ((performance.now() - t1) * 1000) / 30;
} else {
  const tf = await loadTf(impl);
  const model = tf.sequential({ layers: [tf.layers.lstm({ units, recurrentActivation: 'sigmoid', inputShape: [null, features] }), tf.layers.dense({ units: 1 })] });
  model.compile({ optimizer: tf.train.adam(0.001), loss: 'meanSquaredError' });
  const x = tf.tensor(xs, [n, steps, features]);
  const y = tf.tensor(ys, [n, 1]);
  await model.fit(x.slice(0, warmup), y.slice(0, warmup), { epochs: 1, batchSize, verbose: 0 });
  const t0 = performance.now();
  await model.fit(x, y, { epochs: 1, batchSize, verbose: 0 });
  result['lstm train samples/s'] = n / ((performance.now() - t0) / 1000);
  const one = tf.tensor(long, [1, 100, features]);
  const predictOnce = () => tf.tidy(() => (model.predict(one) as tf.Tensor).dataSync());
  for (let i = 0; i < 5; i++) predictOnce();
  const t1 = performance.now();
  for (let i = 0; i < 30; i++) predictOnce();
  result['lstm 100-step batch-1 inference us'] = ((performance.now() - t1) * 1000) / 30;
}
report(result);
