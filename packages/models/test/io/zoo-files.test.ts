import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { randomNormal } from '@rectify/core';
import { Dense, DepthwiseConv2D, GlobalAveragePooling2D, constraints, input } from '@rectify/layers';
import { Model, loadModel, modelToArtifacts, type ModelArtifacts } from '../../src/index.js';
import { sameOutputs, tfArtifacts, toTf } from '../graph/tfjs-helpers.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

const temp = () => mkdtempSync(join(tmpdir(), 'rectify-zoo-io-'));

describe('weight files as converters write them', () => {
  it('Keras 2.0-era layout: no format field, one manifest group per layer, shard files without .bin', async () => {
    const m = tf.sequential({ layers: [tf.layers.conv2d({ filters: 2, kernelSize: 3, inputShape: [5, 5, 1] }), tf.layers.flatten(), tf.layers.dense({ units: 3 })] });
    const a = await tfArtifacts(m);
    const dir = temp();
    const bytes = new Uint8Array(a.weightData as ArrayBuffer);
    let at = 0;
    // one group per layer, each group's bytes split over two shards named like the old converter's
    const groups = [a.weightSpecs!.slice(0, 2), a.weightSpecs!.slice(2)].map((weights, g) => {
      const size = weights.reduce((n, w) => n + w.shape.reduce((x, d) => x * d, 1), 0) * 4;
      const half = Math.floor(size / 8) * 4;
      const paths = [`group${g + 1}-shard1of2`, `group${g + 1}-shard2of2`];
      writeFileSync(join(dir, paths[0]), bytes.subarray(at, at + half));
      writeFileSync(join(dir, paths[1]), bytes.subarray(at + half, at + size));
      at += size;
      return { paths, weights };
    });
    writeFileSync(join(dir, 'model.json'), JSON.stringify({ modelTopology: a.modelTopology, weightsManifest: groups }));
    const ours = await loadModel(dir);
    const x = randomNormal([2, 5, 5, 1], { seed: 2 });
    sameOutputs(ours.predict(x), m.predict(toTf(x)) as tf.Tensor);
  });

  it('int32 weights load as their values', async () => {
    const x = input({ shape: [2] });
    const model = new Model({ inputs: x, outputs: new Dense({ units: 2 }).apply(x) });
    const a = modelToArtifacts(model);
    const ints = [3, -2, 7, 0];
    const kernel = new Int32Array(ints);
    const data = new Uint8Array(a.weightData.byteLength);
    data.set(new Uint8Array(kernel.buffer), 0);
    data.set(new Uint8Array(a.weightData).subarray(16), 16);
    const loaded = await loadModel({ ...a, weightSpecs: [{ ...a.weightSpecs[0], dtype: 'int32' }, a.weightSpecs[1]], weightData: data.buffer });
    expect(Array.from(loaded.getWeights()[0].dataSync())).toEqual(ints);
  });

  it('refuses malformed quantization fields, naming the weight and the field', async () => {
    const x = input({ shape: [2] });
    const a = modelToArtifacts(new Model({ inputs: x, outputs: new Dense({ units: 2 }).apply(x) }), { quantize: 'uint8' });
    const bad = (q: unknown) => loadModel({ ...a, weightSpecs: [{ ...a.weightSpecs[0], quantization: q as never }, a.weightSpecs[1]] });
    await expect(bad({ dtype: 'int4', min: 0, scale: 1 })).rejects.toThrow(/quantization of weight '.*kernel' is .*expected \{ dtype: 'uint8' \| 'uint16', min, scale \}/);
    await expect(bad({ dtype: 'uint8', min: 0 })).rejects.toThrow(/needs a finite min and a finite scale/);
    await expect(bad({ dtype: 'uint8', min: 0, scale: 1, original_dtype: 'int32' })).rejects.toThrow(/original_dtype 'int32'|original_dtype "int32"/);
    // a uint16 claim on uint8 bytes: the data no longer matches the manifest
    await expect(bad({ dtype: 'uint16', min: 0, scale: 1 })).rejects.toThrow(/bytes but the manifest describes/);
  });

  it('save({ quantize }) refuses an unknown dtype', () => {
    const x = input({ shape: [2] });
    expect(() => modelToArtifacts(new Model({ inputs: x, outputs: new Dense({ units: 2 }).apply(x) }), { quantize: 'int8' as never })).toThrow(/quantize must be 'uint8', 'uint16' or 'float16', got "int8"/);
  });
});

describe('regularizers and constraints in files', () => {
  it('a Keras 3 config with an activity regularizer (which TF.js cannot run) loads with it', async () => {
    const reg = { module: 'keras.regularizers', class_name: 'L1L2', config: { l1: 0.001, l2: 0.002 }, registered_name: null };
    const dense = { class_name: 'Dense', config: { name: 'd', units: 2, activation: 'linear', use_bias: true, activity_regularizer: reg, kernel_regularizer: { class_name: 'L2', config: { l2: 0.03 } }, batch_input_shape: [null, 3] } };
    const ours = await loadModel({ modelTopology: { class_name: 'Sequential', config: { name: 's', layers: [dense] } }, weightSpecs: [{ name: 'd/kernel', shape: [3, 2], dtype: 'float32' }, { name: 'd/bias', shape: [2], dtype: 'float32' }], weightData: new Float32Array(8).fill(0.5).buffer });
    const d = ours.layers.find((l) => l instanceof Dense) as Dense;
    expect(d.activityRegularizer!.getConfig()).toEqual({ l1: 0.001, l2: 0.002 });
    expect(d.kernel.regularizer!.getConfig()).toEqual({ l2: 0.03 });
  });

  it('a TF.js model with kernel and bias regularizers and constraints loads with them, and saves them back', async () => {
    const m = tf.sequential({
      layers: [
        tf.layers.dense({ units: 4, inputShape: [3], kernelRegularizer: tf.regularizers.l2({ l2: 0.01 }), biasRegularizer: tf.regularizers.l1({ l1: 0.02 }), kernelConstraint: tf.constraints.maxNorm({ maxValue: 1.5, axis: 0 }) }),
        tf.layers.dense({ units: 2, biasConstraint: tf.constraints.nonNeg() }),
      ],
    });
    const ours = await loadModel((await tfArtifacts(m)) as ModelArtifacts);
    const [d1, d2] = ours.layers.filter((l) => l instanceof Dense) as Dense[];
    expect(d1.kernel.regularizer!.getConfig()).toEqual({ l1: 0, l2: 0.01 });
    expect(d1.bias!.regularizer!.getConfig()).toEqual({ l1: 0.02, l2: 0 });
    expect(d1.kernel.constraint!.getConfig()).toEqual({ maxValue: 1.5, axis: 0 });
    expect(d2.bias!.constraint!.className).toBe('NonNeg');
    // the penalty TF.js computes for the same weights and batch is the one Rectify adds to the loss
    const x = randomNormal([5, 3], { seed: 3 });
    const y = randomNormal([5, 2], { seed: 4 });
    m.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
    ours.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
    // Keras's evaluate includes the penalties; TF.js's leaves them out, so they are added by hand here
    const [kernel, bias] = m.getWeights().map((w) => Array.from(w.dataSync()));
    const penalty = 0.01 * kernel.reduce((a, v) => a + v * v, 0) + 0.02 * bias.reduce((a, v) => a + Math.abs(v), 0);
    const theirs = (m.evaluate(toTf(x), toTf(y)) as tf.Scalar).dataSync()[0] + penalty;
    expect(penalty).toBeGreaterThan(0);
    expect(Math.abs(ours.evaluate(x, y).loss - theirs)).toBeLessThan(1e-5);
    // and the config goes back out
    const saved = JSON.stringify(modelToArtifacts(ours).modelTopology);
    expect(saved).toContain('"kernel_regularizer":{"class_name":"L1L2","config":{"l1":0,"l2":0.01}}');
    expect(saved).toContain('"kernel_constraint":{"class_name":"MaxNorm","config":{"max_value":1.5,"axis":0}}');
    const back = await tf.loadLayersModel(tf.io.fromMemory(modelToArtifacts(ours) as never));
    back.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
    expect(Math.abs((back.evaluate(toTf(x), toTf(y)) as tf.Scalar).dataSync()[0] + penalty - theirs)).toBeLessThan(1e-5);
    expect((back.layers[0] as unknown as { kernelRegularizer: unknown }).kernelRegularizer).toBeTruthy();
  });

  it('training with a kernel regularizer matches TF.js: the penalty is in the loss and in the gradients', async () => {
    const m = tf.sequential({
      layers: [
        tf.layers.dense({ units: 4, inputShape: [3], activation: 'relu', kernelRegularizer: tf.regularizers.l2({ l2: 0.05 }) }),
        // a bias away from 0: TF.js's |x| gradient at 0 is -1, Keras's (and Rectify's) is sign(0) = 0
        tf.layers.dense({ units: 1, biasInitializer: 'ones', biasRegularizer: tf.regularizers.l1({ l1: 0.1 }) }),
      ],
    });
    const ours = await loadModel((await tfArtifacts(m)) as ModelArtifacts);
    const x = randomNormal([8, 3], { seed: 5 });
    const y = randomNormal([8, 1], { seed: 6 });
    m.compile({ optimizer: tf.train.sgd(0.1), loss: 'meanSquaredError' });
    ours.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
    ours.optimizer!.learningRate = 0.1;
    const theirs = await m.fit(toTf(x), toTf(y), { epochs: 3, batchSize: 4, shuffle: false, verbose: 0 });
    const mine = await ours.fit(x, y, { epochs: 3, batchSize: 4, shuffle: false, verbose: 0 });
    mine.history.loss.forEach((v, i) => expect(Math.abs(v - (theirs.history.loss[i] as number))).toBeLessThan(1e-5));
    const w = m.getWeights();
    ours.getWeights().forEach((t, i) => sameOutputs(t, w[i], 1e-5));
  });

  it('constraints project the weights after every step (maxNorm per unit, nonNeg)', async () => {
    const x = input({ shape: [3] });
    const hidden = new Dense({ units: 4, activation: 'relu', kernelConstraint: constraints.maxNorm({ maxValue: 0.5 }) });
    const out = new Dense({ units: 1, biasConstraint: 'nonNeg', biasInitializer: 'ones' });
    const model = new Model({ inputs: x, outputs: out.apply(hidden.apply(x)) });
    model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
    model.optimizer!.learningRate = 0.5;
    const xs = randomNormal([8, 3], { seed: 5 });
    // targets far below zero push the bias negative: only the constraint keeps it at 0
    const ys = randomNormal([8, 1], { seed: 6, mean: -20 });
    const before = hidden.kernel.dataSync().slice();
    expect(Math.max(...[0, 1, 2, 3].map((j) => Math.hypot(before[j], before[4 + j], before[8 + j])))).toBeGreaterThan(0.5);
    await model.fit(xs, ys, { epochs: 2, batchSize: 4, verbose: 0 });
    const k = hidden.kernel.dataSync();
    for (let j = 0; j < 4; j++) expect(Math.hypot(k[j], k[4 + j], k[8 + j])).toBeLessThanOrEqual(0.5 + 1e-6);
    expect(out.bias!.dataSync()[0]).toBe(0);
  });

  it('an activity regularizer adds its penalty divided by the batch size; a frozen layer adds no weight penalty', () => {
    const x = input({ shape: [3] });
    const hidden = new Dense({ units: 2, kernelRegularizer: 'l2', activityRegularizer: { className: 'L1', config: { l1: 0.5 } } });
    const model = new Model({ inputs: x, outputs: hidden.apply(x) });
    model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
    const xs = randomNormal([4, 3], { seed: 7 });
    const ys = randomNormal([4, 2], { seed: 8 });
    const pred = model.predict(xs).dataSync();
    const target = ys.dataSync();
    const mse = pred.reduce((a, v, i) => a + (v - target[i]) ** 2, 0) / pred.length;
    const activity = (0.5 * pred.reduce((a, v) => a + Math.abs(v), 0)) / 4;
    const l2 = 0.01 * hidden.kernel.dataSync().reduce((a, v) => a + v * v, 0);
    expect(model.evaluate(xs, ys).loss).toBeCloseTo(mse + activity + l2, 5);
    hidden.trainable = false;
    expect(model.losses).toEqual([]);
    expect(model.evaluate(xs, ys).loss).toBeCloseTo(mse + activity, 5);
  });
});

describe('a depthwise network saved by Rectify with uint8 weights', () => {
  it('predicts within the quantization error of the float original', async () => {
    const x = input({ shape: [6, 6, 2] });
    const model = new Model({ inputs: x, outputs: new Dense({ units: 3 }).apply(new GlobalAveragePooling2D().apply(new DepthwiseConv2D({ kernelSize: 3, depthMultiplier: 2 }).apply(x))) });
    const back = await loadModel(modelToArtifacts(model, { quantize: 'uint8' }));
    const xs = randomNormal([2, 6, 6, 2], { seed: 9 });
    const a = model.predict(xs).dataSync();
    const b = back.predict(xs).dataSync();
    const worst = Math.max(...Array.from(a, (v, i) => Math.abs(v - b[i])));
    expect(worst).toBeGreaterThan(0);
    expect(worst).toBeLessThan(0.05);
  });
});
