import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { randomNormal, randomUniform, type Tensor } from '@rectify/core';
import {
  BatchNormalization, Concatenate, Add, Conv1D, Conv2D, Conv2DTranspose, Cropping2D, Dense, DepthwiseConv2D, GlobalAveragePooling2D,
  GlobalMaxPooling1D, MaxPooling1D, MaxPooling2D, ReLU, UpSampling2D, ZeroPadding2D, SeparableConv2D, LayerNormalization, input, type SymbolicTensor,
} from '@rectify/layers';
import { Model, loadModel, modelToArtifacts, type ModelArtifacts } from '../../src/index.js';
import { close, sameOutputs, tfArtifacts, tfFromRectify, toTf } from './tfjs-helpers.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

type Sym = tf.SymbolicTensor;
const on = (layer: tf.layers.Layer, x: Sym | Sym[]) => layer.apply(x) as Sym;

/** Random weights everywhere (positive moving variances), so no layer is an identity by accident. */
function randomize(m: tf.LayersModel): void {
  m.setWeights(m.weights.map((w, i) => (w.name.includes('moving_variance') ? tf.randomUniform(w.shape, 0.5, 1.5, 'float32', i) : tf.randomNormal(w.shape, 0, 0.5, 'float32', i))));
}

// MobileNetV1 at alpha 0.25: a strided stem, depthwise-separable blocks, a padded strided depthwise, global pooling
function tfMobileNetV1(): tf.LayersModel {
  const x = tf.input({ shape: [16, 16, 3] });
  const relu6 = (t: Sym) => on(tf.layers.reLU({ maxValue: 6 }), t);
  const bn = (t: Sym) => on(tf.layers.batchNormalization({}), t);
  let h = relu6(bn(on(tf.layers.conv2d({ filters: 8, kernelSize: 3, strides: 2, padding: 'same', useBias: false }), x)));
  const block = (t: Sym, filters: number, strides: number) => {
    const padded = strides === 2 ? on(tf.layers.zeroPadding2d({ padding: [[0, 1], [0, 1]] }), t) : t;
    const d = relu6(bn(on(tf.layers.depthwiseConv2d({ kernelSize: 3, strides, padding: strides === 2 ? 'valid' : 'same', useBias: false }), padded)));
    return relu6(bn(on(tf.layers.conv2d({ filters, kernelSize: 1, useBias: false }), d)));
  };
  h = block(h, 16, 1);
  h = block(h, 32, 2);
  h = on(tf.layers.globalAveragePooling2d({}), h);
  const out = on(tf.layers.dense({ units: 5, activation: 'softmax' }), on(tf.layers.dropout({ rate: 0.001 }), h));
  const m = tf.model({ inputs: x, outputs: out });
  randomize(m);
  return m;
}

// MobileNetV2 inverted residual: expand 1x1, depthwise, project 1x1 (linear), Add with the input
function tfMobileNetV2Block(): tf.LayersModel {
  const x = tf.input({ shape: [8, 8, 4] });
  const relu6 = (t: Sym) => on(tf.layers.reLU({ maxValue: 6 }), t);
  const bn = (t: Sym) => on(tf.layers.batchNormalization({}), t);
  const e = relu6(bn(on(tf.layers.conv2d({ filters: 12, kernelSize: 1, useBias: false }), x)));
  const d = relu6(bn(on(tf.layers.depthwiseConv2d({ kernelSize: 3, padding: 'same', useBias: false }), e)));
  const p = bn(on(tf.layers.conv2d({ filters: 4, kernelSize: 1, useBias: false }), d));
  const m = tf.model({ inputs: x, outputs: on(tf.layers.add(), [x, p]) });
  randomize(m);
  return m;
}

// A text CNN over float features per token (word vectors), with pooling over time
function tfTextCnn(): tf.LayersModel {
  const x = tf.input({ shape: [12, 6] });
  const c1 = on(tf.layers.conv1d({ filters: 8, kernelSize: 3, activation: 'relu' }), x);
  const p1 = on(tf.layers.maxPooling1d({ poolSize: 2 }), c1);
  const c2 = on(tf.layers.conv1d({ filters: 8, kernelSize: 2, padding: 'same', dilationRate: 2, activation: 'relu' }), p1);
  const g = on(tf.layers.globalMaxPooling1d({}), c2);
  const m = tf.model({ inputs: x, outputs: on(tf.layers.dense({ units: 3, activation: 'softmax' }), g) });
  randomize(m);
  return m;
}

// U-Net: down with MaxPooling2D, up with Conv2DTranspose and UpSampling2D, skip joined by Concatenate
function tfUNetBlock(): tf.LayersModel {
  const x = tf.input({ shape: [8, 8, 2] });
  const skip = on(tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' }), x);
  const down = on(tf.layers.maxPooling2d({ poolSize: 2 }), skip);
  const mid = on(tf.layers.conv2d({ filters: 8, kernelSize: 3, padding: 'same', activation: 'relu' }), down);
  const up = on(tf.layers.conv2dTranspose({ filters: 4, kernelSize: 2, strides: 2, padding: 'same' }), mid);
  const up2 = on(tf.layers.upSampling2d({ size: [2, 2] }), mid);
  const padded = on(tf.layers.cropping2D({ cropping: [[1, 1], [1, 1]] }), on(tf.layers.zeroPadding2d({ padding: 1 }), skip));
  const joined = on(tf.layers.concatenate(), [up, up2, padded]);
  const sep = on(tf.layers.separableConv2d({ filters: 3, kernelSize: 3, padding: 'same' }), joined);
  const m = tf.model({ inputs: x, outputs: on(tf.layers.layerNormalization({}), sep) });
  randomize(m);
  return m;
}

const CASES: Array<[string, () => tf.LayersModel, number[]]> = [
  ['a MobileNetV1-style network (alpha 0.25)', tfMobileNetV1, [3, 16, 16, 3]],
  ['a MobileNetV2-style inverted residual block', tfMobileNetV2Block, [2, 8, 8, 4]],
  ['a Conv1D text CNN', tfTextCnn, [3, 12, 6]],
  ['a U-Net-style block', tfUNetBlock, [2, 8, 8, 2]],
];

describe('convnets built in TF.js 4.22 load in Rectify and predict the same (within 1e-5)', () => {
  for (const [name, build, shape] of CASES) {
    it(name, async () => {
      const m = build();
      const ours = await loadModel((await tfArtifacts(m)) as ModelArtifacts);
      const x = randomNormal(shape, { seed: 7 });
      sameOutputs(ours.predict(x), m.predict(toTf(x)) as tf.Tensor, 1e-5);
    });
  }
});

/**
 * Quantizes TF.js artifacts as tensorflowjs_converter --quantize_uint8 does (TF.js 4.22 cannot write quantized
 * weights itself): affine over each weight's range, min nudged to a multiple of the scale, values clipped.
 */
function quantizeUint8(a: tf.io.ModelArtifacts): { artifacts: tf.io.ModelArtifacts; dequantized: Map<string, Float32Array> } {
  const src = new Float32Array(a.weightData as ArrayBuffer);
  let at = 0;
  const parts: Uint8Array[] = [];
  const dequantized = new Map<string, Float32Array>();
  const specs = a.weightSpecs!.map((spec) => {
    const n = spec.shape.reduce((x, d) => x * d, 1);
    const values = src.subarray(at, at + n);
    at += n;
    const min = Math.min(...values);
    const max = Math.max(...values);
    const scale = max > min ? (max - min) / 255 : 1;
    const nudged = Math.round(min / scale) * scale;
    const q = Uint8Array.from(values, (v) => Math.round((Math.min(Math.max(v, nudged), nudged + 255 * scale) - nudged) / scale));
    parts.push(q);
    dequantized.set(spec.name, Float32Array.from(q, (v) => v * scale + nudged));
    return { ...spec, quantization: { dtype: 'uint8' as const, min: nudged, scale, original_dtype: 'float32' as const } };
  });
  const data = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    data.set(p, o);
    o += p.length;
  }
  return { artifacts: { ...a, weightSpecs: specs, weightData: data.buffer }, dequantized };
}

describe('quantized weights', () => {
  it('a uint8-quantized MobileNetV1 loads dequantized: the same weights and predictions as TF.js reading the same file', async () => {
    const m = tfMobileNetV1();
    const { artifacts, dequantized } = quantizeUint8(await tfArtifacts(m));
    const ours = await loadModel(artifacts as ModelArtifacts);
    expect(ours.weights.length).toBe(dequantized.size);
    for (const w of ours.weights) close(w.dataSync(), dequantized.get(w.name)!, 1e-6);
    const theirs = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
    const x = randomNormal([3, 16, 16, 3], { seed: 8 });
    sameOutputs(ours.predict(x), theirs.predict(toTf(x)) as tf.Tensor, 1e-5);
    // and within the quantization error of the float32 original
    const original = Array.from((m.predict(toTf(x)) as tf.Tensor).dataSync());
    const diff = Math.max(...Array.from(ours.predict(x).dataSync(), (v, i) => Math.abs(v - original[i])));
    expect(diff).toBeGreaterThan(0);
    expect(diff).toBeLessThan(0.05);
  });

  for (const dtype of ['uint8', 'uint16', 'float16'] as const) {
    it(`Rectify writes ${dtype} weights that TF.js dequantizes to the values Rectify reads back`, async () => {
      const ours = await loadModel((await tfArtifacts(tfMobileNetV2Block())) as ModelArtifacts);
      const artifacts = modelToArtifacts(ours, { quantize: dtype });
      const floatBytes = modelToArtifacts(ours).weightData.byteLength;
      expect(artifacts.weightData.byteLength).toBe(dtype === 'uint8' ? floatBytes / 4 : floatBytes / 2);
      const back = await loadModel(artifacts);
      const theirs = await tfFromRectify(artifacts);
      const x = randomNormal([2, 8, 8, 4], { seed: 9 });
      sameOutputs(back.predict(x), theirs.predict(toTf(x)) as tf.Tensor, 1e-5);
      const tolerance = { uint8: 0.02, uint16: 1e-4, float16: 2e-3 }[dtype];
      back.getWeights().forEach((w, i) => close(w.dataSync(), ours.getWeights()[i].dataSync(), tolerance * 4));
    });
  }
});

describe('convnets built in Rectify load in TF.js and predict the same (within 1e-5)', () => {
  const relu6 = (t: SymbolicTensor) => new ReLU({ maxValue: 6 }).apply(t);
  const bn = (t: SymbolicTensor) => new BatchNormalization().apply(t);
  const builds: Array<[string, () => Model, number[]]> = [
    ['a MobileNetV1-style network', () => {
      const x = input({ shape: [16, 16, 3] });
      let h = relu6(bn(new Conv2D({ filters: 8, kernelSize: 3, strides: 2, padding: 'same', useBias: false }).apply(x)));
      h = relu6(bn(new DepthwiseConv2D({ kernelSize: 3, padding: 'same', useBias: false }).apply(h)));
      h = relu6(bn(new Conv2D({ filters: 16, kernelSize: 1, useBias: false }).apply(h)));
      h = new ZeroPadding2D({ padding: [[0, 1], [0, 1]] }).apply(h);
      h = relu6(bn(new DepthwiseConv2D({ kernelSize: 3, strides: 2, useBias: false }).apply(h)));
      return new Model({ inputs: x, outputs: new Dense({ units: 4, activation: 'softmax' }).apply(new GlobalAveragePooling2D().apply(h)) });
    }, [2, 16, 16, 3]],
    ['a MobileNetV2-style block', () => {
      const x = input({ shape: [8, 8, 4] });
      const e = relu6(bn(new Conv2D({ filters: 12, kernelSize: 1 }).apply(x)));
      const d = relu6(bn(new DepthwiseConv2D({ kernelSize: 3, padding: 'same', depthMultiplier: 1 }).apply(e)));
      return new Model({ inputs: x, outputs: new Add().apply([x, bn(new Conv2D({ filters: 4, kernelSize: 1 }).apply(d))]) as SymbolicTensor });
    }, [2, 8, 8, 4]],
    ['a Conv1D text CNN', () => {
      const x = input({ shape: [12, 6] });
      const c = new MaxPooling1D({ poolSize: 2 }).apply(new Conv1D({ filters: 8, kernelSize: 3, activation: 'relu' }).apply(x));
      const g = new GlobalMaxPooling1D().apply(new Conv1D({ filters: 8, kernelSize: 3, padding: 'same' }).apply(c));
      return new Model({ inputs: x, outputs: new Dense({ units: 3, activation: 'softmax' }).apply(g) });
    }, [3, 12, 6]],
    ['a U-Net-style block', () => {
      const x = input({ shape: [8, 8, 2] });
      const skip = new Conv2D({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' }).apply(x);
      const mid = new Conv2D({ filters: 8, kernelSize: 3, padding: 'same' }).apply(new MaxPooling2D({ poolSize: 2 }).apply(skip));
      const up = new Conv2DTranspose({ filters: 4, kernelSize: 2, strides: 2, padding: 'same' }).apply(mid);
      const cropped = new Cropping2D({ cropping: [[1, 1], [1, 1]] }).apply(new ZeroPadding2D({ padding: 1 }).apply(skip));
      const joined = new Concatenate().apply([up, new UpSampling2D({ size: 2 }).apply(mid), cropped]) as SymbolicTensor;
      const out = new LayerNormalization().apply(new SeparableConv2D({ filters: 3, kernelSize: 3, padding: 'same' }).apply(joined));
      return new Model({ inputs: x, outputs: out });
    }, [2, 8, 8, 2]],
  ];
  for (const [name, make, shape] of builds) {
    it(name, async () => {
      const ours = make();
      // random non-trivial weights, moving variances positive
      ours.setWeights(ours.weights.map((w, i): Tensor => (w.name.includes('moving_variance') ? randomUniform([...w.shape], { minval: 0.5, maxval: 1.5, seed: i }) : randomNormal([...w.shape], { stddev: 0.5, seed: i }))));
      const theirs = await tfFromRectify(modelToArtifacts(ours));
      const x = randomNormal(shape, { seed: 11 });
      sameOutputs(ours.predict(x), theirs.predict(toTf(x)) as tf.Tensor, 1e-5);
    });
  }
});
