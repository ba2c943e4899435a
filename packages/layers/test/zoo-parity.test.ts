import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Tensor, gradcheck, tensor } from '@rectify/core';
import {
  AveragePooling1D, Conv1D, Conv2D, Conv2DTranspose, Cropping2D, DepthwiseConv2D, GlobalAveragePooling1D, GlobalAveragePooling2D, GlobalMaxPooling1D,
  GlobalMaxPooling2D, LayerNormalization, MaxPooling1D, Permute, RepeatVector, Rescaling, SeparableConv2D, ThresholdedReLU, UpSampling2D, ZeroPadding2D,
  CenterCrop, Resizing, Normalization, GroupNormalization, ZeroPadding1D, RandomRotation, RandomTranslation, RandomZoom, regularizers, constraints,
} from '../src/index.js';
import { close, data, parity } from './tfjs-parity.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

describe('parity with TF.js 4.22 (forward and gradients of input and weights)', () => {
  it('DepthwiseConv2D same, multiplier 2', () => parity(new DepthwiseConv2D({ kernelSize: 3, padding: 'same', depthMultiplier: 2, biasInitializer: 'ones' }), tf.layers.depthwiseConv2d({ kernelSize: 3, padding: 'same', depthMultiplier: 2 }), [2, 5, 5, 3]));
  it('DepthwiseConv2D strided valid relu', () => parity(new DepthwiseConv2D({ kernelSize: 3, strides: 2, activation: 'relu', biasInitializer: 'ones' }), tf.layers.depthwiseConv2d({ kernelSize: 3, strides: 2, activation: 'relu' }), [1, 7, 6, 2]));
  // TF.js's conv2d gradient refuses dilations, so the dilated Conv2D is compared forward (the float64
  // gradcheck of the harness covers its gradients)
  it('Conv2D dilated (forward)', () => parity(new Conv2D({ filters: 2, kernelSize: 3, dilationRate: 2 }), tf.layers.conv2d({ filters: 2, kernelSize: 3, dilationRate: 2 }), [1, 7, 7, 2], { gradients: false }));
  it('SeparableConv2D', () => parity(new SeparableConv2D({ filters: 4, kernelSize: 3, padding: 'same', depthMultiplier: 2, biasInitializer: 'ones' }), tf.layers.separableConv2d({ filters: 4, kernelSize: 3, padding: 'same', depthMultiplier: 2 }), [2, 5, 5, 3]));
  it('Conv2DTranspose same stride 2', () => parity(new Conv2DTranspose({ filters: 3, kernelSize: 3, strides: 2, padding: 'same', biasInitializer: 'ones' }), tf.layers.conv2dTranspose({ filters: 3, kernelSize: 3, strides: 2, padding: 'same' }), [2, 3, 4, 2]));
  it('Conv2DTranspose valid', () => parity(new Conv2DTranspose({ filters: 2, kernelSize: [3, 2], strides: [1, 2] }), tf.layers.conv2dTranspose({ filters: 2, kernelSize: [3, 2], strides: [1, 2] }), [1, 3, 3, 2]));
  it('Conv1D valid', () => parity(new Conv1D({ filters: 3, kernelSize: 3, biasInitializer: 'ones' }), tf.layers.conv1d({ filters: 3, kernelSize: 3 }), [2, 7, 2]));
  it('Conv1D same stride 2', () => parity(new Conv1D({ filters: 2, kernelSize: 3, strides: 2, padding: 'same' }), tf.layers.conv1d({ filters: 2, kernelSize: 3, strides: 2, padding: 'same' }), [1, 7, 3]));
  it('ZeroPadding2D asymmetric', () => parity(new ZeroPadding2D({ padding: [[0, 1], [2, 1]] }), tf.layers.zeroPadding2d({ padding: [[0, 1], [2, 1]] }), [1, 3, 3, 2]));
  it('Cropping2D', () => parity(new Cropping2D({ cropping: [[1, 0], [1, 2]] }), tf.layers.cropping2D({ cropping: [[1, 0], [1, 2]] }), [1, 4, 5, 2]));
  it('UpSampling2D nearest', () => parity(new UpSampling2D({ size: [2, 3] }), tf.layers.upSampling2d({ size: [2, 3] }), [1, 2, 3, 2]));
  it('MaxPooling1D', () => parity(new MaxPooling1D({ poolSize: 2 }), tf.layers.maxPooling1d({ poolSize: 2 }), [2, 6, 3]));
  it('AveragePooling1D valid stride 1', () => parity(new AveragePooling1D({ poolSize: 3, strides: 1 }), tf.layers.averagePooling1d({ poolSize: 3, strides: 1 }), [2, 6, 3]));
  it('GlobalAveragePooling1D', () => parity(new GlobalAveragePooling1D(), tf.layers.globalAveragePooling1d(), [2, 4, 3]));
  it('GlobalAveragePooling2D', () => parity(new GlobalAveragePooling2D(), tf.layers.globalAveragePooling2d({}), [2, 3, 4, 2]));
  it('GlobalMaxPooling1D', () => parity(new GlobalMaxPooling1D(), tf.layers.globalMaxPooling1d(), [2, 4, 3]));
  it('GlobalMaxPooling2D', () => parity(new GlobalMaxPooling2D(), tf.layers.globalMaxPooling2d({}), [2, 3, 4, 2]));
  it('LayerNormalization', () => parity(new LayerNormalization({ gammaInitializer: 'glorotUniform', betaInitializer: 'glorotUniform' }), tf.layers.layerNormalization({}), [3, 5]));
  it('LayerNormalization over the last two axes', () => parity(new LayerNormalization({ axis: [1, 2] }), tf.layers.layerNormalization({ axis: [1, 2] }), [2, 3, 4]));
  it('Permute', () => parity(new Permute({ dims: [3, 1, 2] }), tf.layers.permute({ dims: [3, 1, 2] }), [2, 2, 3, 4]));
  it('RepeatVector', () => parity(new RepeatVector({ n: 3 }), tf.layers.repeatVector({ n: 3 }), [2, 4]));
  // TF.js has no gradient for its Greater op
  it('ThresholdedReLU (forward)', () => parity(new ThresholdedReLU({ theta: 0.5 }), tf.layers.thresholdedReLU({ theta: 0.5 }), [3, 5], { gradients: false }));
  it('Rescaling', () => parity(new Rescaling({ scale: 1 / 127.5, offset: -1 }), tf.layers.rescaling({ scale: 1 / 127.5, offset: -1 }), [2, 5]));
  it('CenterCrop (forward)', () => parity(new CenterCrop({ height: 2, width: 3 }), tf.layers.centerCrop({ height: 2, width: 3 }), [1, 5, 6, 2], { gradients: false }));
  it('Resizing nearest, an integer factor (forward)', () => parity(new Resizing({ height: 4, width: 6, interpolation: 'nearest' }), tf.layers.resizing({ height: 4, width: 6, interpolation: 'nearest' }), [1, 2, 3, 2], { gradients: false }));
});

describe('Keras semantics where TF.js differs or has no layer', () => {
  it('DepthwiseConv2D dilated matches the TF.js op (the TF.js layer drops its dilationRate)', () => {
    for (const padding of ['same', 'valid'] as const) {
      const shape = [1, 6, 7, 2];
      const layer = new DepthwiseConv2D({ kernelSize: 2, dilationRate: 2, padding, useBias: false });
      const y = layer.apply(tensor(data(shape), shape));
      const kernel = layer.getWeights()[0];
      const theirs = tf.depthwiseConv2d(tf.tensor4d(data(shape), shape as never), tf.tensor4d(Array.from(kernel.dataSync()), kernel.shape as never), 1, padding, 'NHWC', 2);
      expect([...y.shape]).toEqual(theirs.shape);
      close(y.dataSync(), theirs.dataSync());
    }
  });

  it('Conv1D causal equals zero-padding (k - 1) * dilation steps in front, then a valid convolution (TF.js has no causal conv1d)', () => {
    const shape = [2, 6, 3];
    const causal = new Conv1D({ filters: 2, kernelSize: 3, padding: 'causal', dilationRate: 2, biasInitializer: 'ones' });
    const x = tensor(data(shape), shape);
    const y = causal.apply(x);
    const valid = new Conv1D({ filters: 2, kernelSize: 3, dilationRate: 2 });
    valid.apply(new ZeroPadding1D({ padding: [4, 0] }).apply(x));
    valid.setWeights(causal.getWeights());
    expect(y.shape).toEqual([2, 6, 2]);
    close(y.dataSync(), valid.apply(new ZeroPadding1D({ padding: [4, 0] }).apply(x)).dataSync(), 1e-6);
    // output step t never depends on a later input step
    const later = x.dataSync().slice();
    for (let c = 0; c < 3; c++) later[5 * 3 + c] += 10;
    const moved = causal.apply(tensor(Array.from(later), shape)).dataSync();
    for (let t = 0; t < 5; t++) for (let f = 0; f < 2; f++) expect(moved[t * 2 + f]).toBe(y.dataSync()[t * 2 + f]);
  });

  it('UpSampling2D bilinear uses half-pixel centers (tf.image.resize), not TF.js corner sampling', () => {
    // [0, 1] upsampled by 2: sources at -0.25, 0.25, 0.75, 1.25, clamped: 0, 0.25, 0.75, 1
    const y = new UpSampling2D({ size: [1, 2], interpolation: 'bilinear' }).apply(tensor([0, 1], [1, 1, 2, 1]));
    close(y.dataSync(), [0, 0.25, 0.75, 1]);
    const theirs = tf.layers.upSampling2d({ size: [1, 2], interpolation: 'bilinear' }).apply(tf.tensor([0, 1], [1, 1, 2, 1])) as tf.Tensor;
    expect(Array.from(theirs.dataSync())).not.toEqual([0, 0.25, 0.75, 1]);
  });

  it('Resizing and UpSampling2D bilinear match tf.image.resizeBilinear with half-pixel centers (TF.js layers align corners instead)', () => {
    const shape = [2, 3, 5, 2];
    const x = tensor(data(shape), shape);
    const tx = tf.tensor4d(data(shape), shape as never);
    close(new Resizing({ height: 4, width: 7 }).apply(x).dataSync(), tf.image.resizeBilinear(tx, [4, 7], false, true).dataSync(), 1e-5);
    close(new Resizing({ height: 5, width: 3, interpolation: 'nearest' }).apply(x).dataSync(), tf.image.resizeNearestNeighbor(tx, [5, 3], false, true).dataSync(), 1e-6);
    close(new UpSampling2D({ size: [2, 3], interpolation: 'bilinear' }).apply(x).dataSync(), tf.image.resizeBilinear(tx, [6, 15], false, true).dataSync(), 1e-5);
  });

  it('RandomRotation by exactly a quarter turn rotates counter-clockwise about the center', () => {
    const x = tensor(Array.from({ length: 16 }, (_, i) => i), [1, 4, 4, 1]);
    const y = new RandomRotation({ factor: [0.25, 0.25], interpolation: 'nearest' }).apply(x, { training: true }).dataSync();
    // output (row r, col c) reads input (row c, col 3 - r): the top row becomes the left column
    for (let r = 0; r < 4; r++) for (let c = 0; c < 4; c++) expect(y[r * 4 + c]).toBeCloseTo(c * 4 + (3 - r), 4);
    expect(Array.from(new RandomRotation({ factor: 0.25 }).apply(x).dataSync())).toEqual(Array.from(x.dataSync()));
  });

  it('RandomTranslation shifts with each fill mode as TF fills (constant, nearest, wrap, reflect)', () => {
    const x = tensor([1, 2, 3, 4], [1, 1, 4, 1]);
    const shift = (fillMode: 'constant' | 'nearest' | 'wrap' | 'reflect') => Array.from(new RandomTranslation({ heightFactor: 0, widthFactor: [0.5, 0.5], fillMode, fillValue: -1 }).apply(x, { training: true }).dataSync());
    expect(shift('constant')).toEqual([-1, -1, 1, 2]);
    expect(shift('nearest')).toEqual([1, 1, 1, 2]);
    expect(shift('wrap')).toEqual([3, 4, 1, 2]);
    expect(shift('reflect')).toEqual([2, 1, 1, 2]);
  });

  it('RandomZoom by 1 + 0 is the identity; zooming in 2x samples the center half', () => {
    const x = tensor(Array.from({ length: 16 }, (_, i) => i), [1, 4, 4, 1]);
    expect(Array.from(new RandomZoom({ heightFactor: 0 }).apply(x, { training: true }).dataSync())).toEqual(Array.from(x.dataSync()));
    const y = new RandomZoom({ heightFactor: [-0.5, -0.5] }).apply(x, { training: true }).dataSync();
    // zoom 0.5 about the center 1.5: output pixel j reads input 0.75 + 0.5 j
    close([y[0], y[3], y[12], y[15]], [0.75 * 4 + 0.75, 0.75 * 4 + 2.25, 2.25 * 4 + 0.75, 2.25 * 4 + 2.25], 1e-5);
  });

  it('the warps are differentiable in their input (float64 gradcheck in training)', () => {
    const x = tensor(data([2, 3, 4, 2]), [2, 3, 4, 2], { dtype: 'float64' });
    for (const layer of [new RandomRotation({ factor: [0.1, 0.1] }), new RandomZoom({ heightFactor: [-0.3, -0.3], widthFactor: [0.2, 0.2], fillMode: 'constant', fillValue: 0.5 }), new RandomTranslation({ heightFactor: [0.2, 0.2], widthFactor: [-0.3, -0.3], fillMode: 'wrap' })]) {
      expect(gradcheck((xx: Tensor) => layer.call(xx, { training: true }).mul(tensor(data([2, 3, 4, 2], 3), [2, 3, 4, 2], { dtype: 'float64' })).sum(), [x])).toBe(true);
    }
  });

  it('Conv2D with groups equals independent convolutions over the channel blocks, joined (TF.js has no groups)', () => {
    const shape = [2, 5, 5, 4];
    const x = tensor(data(shape), shape);
    const grouped = new Conv2D({ filters: 6, kernelSize: 3, groups: 2, padding: 'same', biasInitializer: 'glorotUniform' });
    const y = grouped.apply(x);
    const [kernel, bias] = grouped.getWeights();
    expect(kernel.shape).toEqual([3, 3, 2, 6]);
    const k = kernel.dataSync();
    for (let g = 0; g < 2; g++) {
      const part = new Conv2D({ filters: 3, kernelSize: 3, padding: 'same' });
      const xg = x.slice([0, 0, 0, 2 * g], [-1, -1, -1, 2]);
      part.apply(xg);
      // the group's kernel: output channels 3g..3g+2 of the shared [3, 3, 2, 6] kernel
      const kg = Array.from({ length: 3 * 3 * 2 * 3 }, (_, i) => k[Math.floor(i / 3) * 6 + 3 * g + (i % 3)]);
      part.setWeights([tensor(kg, [3, 3, 2, 3]), tensor(Array.from(bias.dataSync()).slice(3 * g, 3 * g + 3))]);
      close(y.slice([0, 0, 0, 3 * g], [-1, -1, -1, 3]).dataSync(), part.apply(xg).dataSync(), 1e-5);
    }
  });

  it('global pooling over steps honours a mask: padded steps count neither in the mean nor in the max', () => {
    const x = tensor([[1, 10], [3, 20], [100, 100], [5, -7], [7, 2], [-100, 100]], [2, 3, 2]);
    const mask = tensor([[1, 1, 0], [1, 1, 0]]);
    close(new GlobalAveragePooling1D().apply(x, { mask }).dataSync(), [2, 15, 6, -2.5]);
    close(new GlobalMaxPooling1D().apply(x, { mask }).dataSync(), [3, 20, 7, 2]);
    const avg = new GlobalAveragePooling1D();
    expect(avg.computeMask(x, mask)).toBeNull();
  });

  it('Normalization with axis null keeps one mean and variance for everything', () => {
    const x = tensor([1, 2, 3, 4, 5, 6], [3, 2]);
    const norm = new Normalization({ axis: null });
    norm.adapt(x);
    expect(norm.getWeights().map((w) => w.shape)).toEqual([[], []]);
    close(norm.apply(x).dataSync(), [1, 2, 3, 4, 5, 6].map((v) => (v - 3.5) / Math.sqrt(35 / 12)), 1e-5);
    close(new Normalization({ mean: 3.5, variance: 35 / 12, invert: true }).apply(norm.apply(x)).dataSync(), [1, 2, 3, 4, 5, 6], 1e-5);
  });

  it('Normalization adapts per-feature mean and variance and standardizes with them', () => {
    const x = tensor(data([8, 3]), [8, 3]);
    const norm = new Normalization();
    norm.adapt(x);
    const y = norm.apply(x);
    const mean = (j: number) => Array.from({ length: 8 }, (_, i) => y.dataSync()[i * 3 + j]).reduce((a, b) => a + b) / 8;
    const sq = (j: number) => Array.from({ length: 8 }, (_, i) => y.dataSync()[i * 3 + j] ** 2).reduce((a, b) => a + b) / 8;
    for (const j of [0, 1, 2]) {
      expect(Math.abs(mean(j))).toBeLessThan(1e-5);
      expect(Math.abs(sq(j) - 1)).toBeLessThan(1e-4);
    }
    expect(norm.getWeights().map((w) => w.shape)).toEqual([[3], [3]]);
  });

  it('GroupNormalization matches a direct computation per sample and group', () => {
    const shape = [2, 2, 2, 4];
    const values = data(shape);
    const y = new GroupNormalization({ groups: 2, epsilon: 1e-3 }).apply(tensor(values, shape)).dataSync();
    for (let b = 0; b < 2; b++) {
      for (let g = 0; g < 2; g++) {
        const idx: number[] = [];
        for (let p = 0; p < 4; p++) for (let c = g * 2; c < g * 2 + 2; c++) idx.push(b * 16 + p * 4 + c);
        const m = idx.reduce((a, i) => a + values[i], 0) / idx.length;
        const v = idx.reduce((a, i) => a + (values[i] - m) ** 2, 0) / idx.length;
        close(idx.map((i) => y[i]), idx.map((i) => (values[i] - m) / Math.sqrt(v + 1e-3)));
      }
    }
  });

  it('regularizers and constraints compute the Keras formulas', () => {
    const w = tensor([[3, -4], [0, 1]]);
    expect(regularizers.l1({ l1: 0.1 }).apply(w).item()).toBeCloseTo(0.8);
    expect(regularizers.l2({ l2: 0.1 }).apply(w).item()).toBeCloseTo(2.6);
    expect(regularizers.l1l2({ l1: 0.1, l2: 0.1 }).apply(w).item()).toBeCloseTo(3.4);
    // column norms 3 and sqrt(17): maxNorm 2 scales both columns down to norm 2
    close(constraints.maxNorm({ maxValue: 2 }).apply(w).dataSync(), [2, -4 * 2 / Math.sqrt(17), 0, 2 / Math.sqrt(17)], 1e-5);
    close(constraints.nonNeg().apply(w).dataSync(), [3, 0, 0, 1]);
    close(constraints.unitNorm().apply(w).dataSync(), [1, -4 / Math.sqrt(17), 0, 1 / Math.sqrt(17)], 1e-5);
    close(constraints.minMaxNorm({ minValue: 3.5, maxValue: 4 }).apply(w).dataSync(), [3.5, -4 * 4 / Math.sqrt(17), 0, 4 / Math.sqrt(17)], 1e-5);
  });
});
