// Training throughput on real MNIST digits (Adam 1e-3, batch 128): the MLP (784-128-10, ReLU), with
// --wide the wide MLP (784-512-128-10), with --cnn the CNN (Conv2D 3x3x16 + MaxPooling2D + Flatten +
// Dense 10). A warm-up epoch over the same digits brings every JIT (V8's for the JavaScript, its wasm tiers)
// to steady state, which a few batches do not; then samples/s of the median of three timed epochs (one
// epoch is a fraction of a second, and a garbage collection or a busy neighbour moves a single one by
// half), test accuracy after the four, and batch-1 inference latency.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { argImpl, loadRectify, loadTf, python, blasEnv, quick, report } from '../lib/impl.js';
import { loadMnist } from '../../examples/data/mnist.js';

const impl = argImpl();
const cnn = process.argv.includes('--cnn');
const wide = process.argv.includes('--wide');
const name = cnn ? 'cnn' : wide ? 'wide mlp' : 'mlp';
// TF.js's cpu backend trains the CNN and the wide MLP at a few hundred samples/s or less: it times a
// quarter of the digits (same rate, a quarter of the wait) and reports no accuracy for them
const slowTf = impl === 'tfjs-cpu' && (cnn || wide);
const { train, test } = loadMnist({ limit: quick ? 1024 : slowTf ? 2048 : 8000 });
const n = train.count;
const shape = cnn ? [28, 28, 1] : [784];
const hidden = wide ? [512, 128] : [128];
const result: Record<string, number> = {};
const timedEpochs = quick ? 1 : 3;

/** Samples/s of the median of `timedEpochs` epochs, each run by `epoch` and timed alone. */
async function medianRate(epoch: () => Promise<unknown>): Promise<number> {
  const rates: number[] = [];
  for (let e = 0; e < timedEpochs; e++) {
    const t0 = performance.now();
    await epoch();
    rates.push(n / ((performance.now() - t0) / 1000));
  }
  return rates.sort((a, b) => a - b)[rates.length >> 1];
}

if (impl === 'pytorch') {
  const dir = mkdtempSync(join(tmpdir(), 'rectify-bench-'));
  try {
    const file = join(dir, 'digits.f32');
    const parts = [train.images, train.labels, test.images, test.labels].map((t) => Float32Array.from(t.dataSync()));
    writeFileSync(file, Buffer.concat(parts.map((p) => Buffer.from(p.buffer))));
    writeFileSync(`${file}.json`, JSON.stringify({ train: n, test: test.count }));
    const script = fileURLToPath(new URL('../pytorch/train.py', import.meta.url));
    const run = spawnSync(python, [script, file, cnn ? 'cnn' : wide ? 'wide' : 'mlp', '1,2', String(timedEpochs)], { encoding: 'utf8', env: blasEnv() });
    if (run.status !== 0) throw new Error(`PyTorch ${name}: ${run.stderr.trim().split('\n').at(-1) ?? `exit ${run.status}`}`);
    const best = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { rate: number; accuracy: number; latency: number; threads: number };
    result[`${name} train samples/s`] = best.rate;
    result[`${name} test accuracy`] = best.accuracy;
    result[`${name} batch-1 inference us`] = best.latency;
    result[`${name} pytorch best threads`] = best.threads;
    result.peakRssMB = process.resourceUsage().maxRSS / 1024; // Node's; the Python child's is not comparable
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
} else if (impl === 'rectify' || impl === 'rectify-native') {
  const r = await loadRectify(impl);
  r.setSeed(1);
  const layers = cnn
    ? [new r.Conv2D({ filters: 16, kernelSize: 3, activation: 'relu', inputShape: shape }), new r.MaxPooling2D({ poolSize: 2 }), new r.Flatten(), new r.Dense({ units: 10, activation: 'softmax' })]
    : [...hidden.map((units, i) => new r.Dense({ units, activation: 'relu', ...(i === 0 ? { inputShape: shape } : {}) })), new r.Dense({ units: 10, activation: 'softmax' })];
  const model = new r.Sequential({ layers });
  model.compile({ optimizer: new r.Adam({ learningRate: 0.001 }), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  const x = train.images.reshape([n, ...shape]);
  const xt = test.images.reshape([test.count, ...shape]);
  await model.fit(x, train.labels, { epochs: 1, batchSize: 128, verbose: 0, seed: 1 });
  result[`${name} train samples/s`] = await medianRate(() => model.fit(x, train.labels, { epochs: 1, batchSize: 128, verbose: 0, seed: 1 }));
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
    : [...hidden.map((units, i) => tf.layers.dense({ units, activation: 'relu', ...(i === 0 ? { inputShape: shape } : {}) })), tf.layers.dense({ units: 10, activation: 'softmax' })];
  const model = tf.sequential({ layers });
  model.compile({ optimizer: tf.train.adam(0.001), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  const x = tf.tensor(train.images.dataSync(), [n, ...shape]);
  const y = tf.tensor(train.labels.dataSync(), [n]);
  const xt = tf.tensor(test.images.dataSync(), [test.count, ...shape]);
  const yt = tf.tensor(test.labels.dataSync(), [test.count]);
  try {
    await model.fit(x, y, { epochs: 1, batchSize: 128, verbose: 0 });
    result[`${name} train samples/s`] = await medianRate(() => model.fit(x, y, { epochs: 1, batchSize: 128, verbose: 0 }));
    if (!slowTf) result[`${name} test accuracy`] = (model.evaluate(xt, yt) as import('@tensorflow/tfjs').Scalar[])[1].dataSync()[0];
  } catch (e) {
    // TF.js's wasm backend has no Conv2DBackpropFilter kernel: it cannot train the CNN, but it can run it
    console.error(`training failed: ${(e as Error).message}`);
  }
  const one = xt.slice([0, ...shape.map(() => 0)], [1, ...shape]);
  const predictOnce = () => tf.tidy(() => (model.predict(one) as import('@tensorflow/tfjs').Tensor).dataSync());
  for (let i = 0; i < 20; i++) predictOnce();
  const t1 = performance.now();
  for (let i = 0; i < 200; i++) predictOnce();
  result[`${name} batch-1 inference us`] = ((performance.now() - t1) * 1000) / 200;
}
report(result);
