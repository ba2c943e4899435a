import type * as TF from '@tensorflow/tfjs';
import * as r from '../src/index.js';
import { Tensor, type DType } from '../src/index.js';

/** One op under test: Rectify's version, TF.js's version as the oracle, and whether to gradcheck. */
export interface OpCase {
  name: string;
  /** Fresh deterministic inputs in a dtype. */
  inputs: (dtype: DType) => Tensor[];
  fn: (...xs: Tensor[]) => Tensor;
  /** The same computation in TF.js (the forward oracle), or known values in `expected`. */
  tf?: (tf: typeof TF, ...xs: TF.Tensor[]) => TF.Tensor;
  expected?: unknown;
  /** Check the backward against central differences in float64. Default true. */
  gradcheck?: boolean;
  /** Also check the gradient of the gradient (with respect to every input) against central differences. */
  secondOrder?: boolean;
}

/** Deterministic values away from 0 (kinks of relu/abs sit there), in (-2, 2). */
export function values(shape: readonly number[], k = 0, dtype: DType = 'float32'): Tensor {
  const n = shape.reduce((a, d) => a * d, 1);
  const data = Array.from({ length: n }, (_, i) => {
    const v = 1.9 * Math.sin(1.7 * i + 0.9 * k + 0.3);
    return Math.abs(v) < 0.05 ? v + 0.1 : v;
  });
  return r.tensor(data, shape, { dtype });
}

const positive = (shape: number[], k = 0) => (d: DType) => r.add(r.abs(values(shape, k, d)), 0.2);
const v = (...shapes: number[][]) => (d: DType) => shapes.map((s, k) => values(s, k, d));

export const opCases: OpCase[] = [
  // arithmetic with broadcasting and plain-number operands
  { name: 'add same shape', inputs: v([2, 3], [2, 3]), fn: (a, b) => r.add(a, b), tf: (tf, a, b) => tf.add(a, b) },
  { name: 'add broadcast [2,1,3]+[4,1]', inputs: v([2, 1, 3], [4, 1]), fn: (a, b) => r.add(a, b), tf: (tf, a, b) => tf.add(a, b) },
  { name: 'add number', inputs: v([3]), fn: (a) => r.add(a, 2.5), tf: (tf, a) => tf.add(a, 2.5) },
  { name: 'sub broadcast [3]-[2,3]', inputs: v([3], [2, 3]), fn: (a, b) => r.sub(a, b), tf: (tf, a, b) => tf.sub(a, b) },
  { name: 'mul broadcast [2,3]*[3]', inputs: v([2, 3], [3]), fn: (a, b) => r.mul(a, b), tf: (tf, a, b) => tf.mul(a, b) },
  { name: 'div', inputs: (d) => [values([2, 3], 0, d), positive([2, 3], 1)(d)], fn: (a, b) => r.div(a, b), tf: (tf, a, b) => tf.div(a, b) },
  { name: 'pow positive base', inputs: (d) => [positive([4])(d), values([4], 2, d)], fn: (a, b) => r.pow(a, b), tf: (tf, a, b) => tf.pow(a, b) },
  { name: 'maximum', inputs: v([5], [5]), fn: (a, b) => r.maximum(a, b), tf: (tf, a, b) => tf.maximum(a, b) },
  { name: 'minimum', inputs: v([5], [5]), fn: (a, b) => r.minimum(a, b), tf: (tf, a, b) => tf.minimum(a, b) },
  { name: 'neg', inputs: v([4]), fn: (a) => r.neg(a), tf: (tf, a) => tf.neg(a) },
  { name: 'exp', inputs: v([4]), fn: (a) => r.exp(a), tf: (tf, a) => tf.exp(a) },
  { name: 'log', inputs: (d) => [positive([4])(d)], fn: (a) => r.log(a), tf: (tf, a) => tf.log(a) },
  { name: 'sqrt', inputs: (d) => [positive([4])(d)], fn: (a) => r.sqrt(a), tf: (tf, a) => tf.sqrt(a) },
  { name: 'square', inputs: v([4]), fn: (a) => r.square(a), tf: (tf, a) => tf.square(a) },
  { name: 'abs', inputs: v([6]), fn: (a) => r.abs(a), tf: (tf, a) => tf.abs(a) },
  { name: 'sign', inputs: v([6]), fn: (a) => r.sign(a), tf: (tf, a) => tf.sign(a), gradcheck: false },
  { name: 'clip', inputs: v([6]), fn: (a) => r.clip(a, -1, 1), tf: (tf, a) => tf.clipByValue(a, -1, 1) },
  { name: 'where', inputs: v([6], [6]), fn: (a, b) => r.where(r.greater(a, b), a, b), tf: (tf, a, b) => tf.where(tf.greater(a, b), a, b) },
  { name: 'equal', inputs: (d) => [r.tensor([1, 2, 3], undefined, { dtype: d }), r.tensor([1, 0, 3], undefined, { dtype: d })], fn: (a, b) => r.equal(a, b), expected: [1, 0, 1], gradcheck: false },
  { name: 'greater', inputs: v([5], [5]), fn: (a, b) => r.greater(a, b), tf: (tf, a, b) => tf.greater(a, b).toFloat(), gradcheck: false },
  { name: 'less', inputs: v([5], [5]), fn: (a, b) => r.less(a, b), tf: (tf, a, b) => tf.less(a, b).toFloat(), gradcheck: false },
  // reductions
  { name: 'sum all', inputs: v([2, 3]), fn: (a) => r.sum(a), tf: (tf, a) => tf.sum(a) },
  { name: 'sum axis -1 keepDims', inputs: v([2, 3, 4]), fn: (a) => r.sum(a, -1, true), tf: (tf, a) => tf.sum(a, -1, true) },
  { name: 'sum axes [0,2]', inputs: v([2, 3, 4]), fn: (a) => r.sum(a, [0, 2]), tf: (tf, a) => tf.sum(a, [0, 2]) },
  { name: 'mean axis 0', inputs: v([3, 4]), fn: (a) => r.mean(a, 0), tf: (tf, a) => tf.mean(a, 0) },
  { name: 'max axis 1', inputs: v([3, 4]), fn: (a) => r.max(a, 1), tf: (tf, a) => tf.max(a, 1) },
  { name: 'min all', inputs: v([3, 4]), fn: (a) => r.min(a), tf: (tf, a) => tf.min(a) },
  { name: 'variance axis -1', inputs: v([3, 4]), fn: (a) => r.variance(a, -1), tf: (tf, a) => tf.moments(a, -1).variance },
  { name: 'argmax axis -1', inputs: v([3, 4]), fn: (a) => r.argmax(a, -1), tf: (tf, a) => tf.argMax(a, -1).toFloat(), gradcheck: false },
  { name: 'argmin axis 0', inputs: v([3, 4]), fn: (a) => r.argmin(a, 0), tf: (tf, a) => tf.argMin(a, 0).toFloat(), gradcheck: false },
  { name: 'logSumExp axis -1', inputs: v([3, 4]), fn: (a) => r.logSumExp(a, -1), tf: (tf, a) => tf.logSumExp(a, -1) },
  { name: 'logSumExp every axis by default', inputs: v([3, 4]), fn: (a) => r.logSumExp(a), tf: (tf, a) => tf.logSumExp(a) },
  { name: 'logSumExp trailing axes [1,2]', inputs: v([2, 3, 4]), fn: (a) => r.logSumExp(a, [1, 2]), tf: (tf, a) => tf.logSumExp(a, [1, 2]) },
  { name: 'logSumExp leading axis 0 keepDims', inputs: v([3, 4]), fn: (a) => r.logSumExp(a, 0, true), tf: (tf, a) => tf.logSumExp(a, 0, true) },
  // matmul
  { name: 'matmul 2-D', inputs: v([3, 4], [4, 2]), fn: (a, b) => r.matmul(a, b), tf: (tf, a, b) => tf.matMul(a as TF.Tensor2D, b as TF.Tensor2D) },
  { name: 'matmul batched', inputs: v([2, 3, 4], [2, 4, 5]), fn: (a, b) => r.matmul(a, b), tf: (tf, a, b) => tf.matMul(a, b) },
  { name: 'matmul batch broadcast', inputs: v([2, 3, 4], [4, 5]), fn: (a, b) => r.matmul(a, b), tf: (tf, a, b) => tf.einsum('bij,jk->bik', a, b) },
  { name: 'matmul vector', inputs: v([3, 4], [4]), fn: (a, b) => r.matmul(a, b), tf: (tf, a, b) => tf.squeeze(tf.matMul(a as TF.Tensor2D, tf.reshape(b, [4, 1]) as TF.Tensor2D), [1]) },
  // layout
  { name: 'reshape', inputs: v([2, 6]), fn: (a) => r.reshape(a, [3, 4]).mul(values([3, 4], 5, a.dtype)), tf: (tf, a) => tf.mul(tf.reshape(a, [3, 4]), tf.tensor(values([3, 4], 5).dataSync() as Float32Array, [3, 4])) },
  { name: 'transpose', inputs: v([2, 3, 4]), fn: (a) => r.transpose(a, [2, 0, 1]), tf: (tf, a) => tf.transpose(a, [2, 0, 1]) },
  { name: 'expandDims + squeeze', inputs: v([3]), fn: (a) => r.squeeze(r.expandDims(a, 0)), tf: (tf, a) => a },
  { name: 'concat axis 1', inputs: v([2, 3], [2, 2]), fn: (a, b) => r.concat([a, b], 1), tf: (tf, a, b) => tf.concat([a, b], 1) },
  { name: 'stack axis 0', inputs: v([3], [3]), fn: (a, b) => r.stack([a, b], 0), tf: (tf, a, b) => tf.stack([a, b], 0) },
  { name: 'slice', inputs: v([4, 5]), fn: (a) => r.slice(a, [1, 2], [2, 3]), tf: (tf, a) => tf.slice(a, [1, 2], [2, 3]) },
  { name: 'gather axis 0', inputs: v([4, 3]), fn: (a) => r.gather(a, [3, 0, 3]), tf: (tf, a) => tf.gather(a, [3, 0, 3]) },
  { name: 'oneHot', inputs: () => [], fn: () => r.oneHot([2, 0], 3), expected: [[0, 0, 1], [1, 0, 0]], gradcheck: false },
  // activations
  { name: 'relu', inputs: v([6]), fn: (a) => r.relu(a), tf: (tf, a) => tf.relu(a) },
  { name: 'boundedRelu cap 1.2', inputs: v([3, 5]), fn: (x) => r.boundedRelu(x, 1.2), tf: (tf, x) => tf.minimum(tf.relu(x), 1.2), secondOrder: true },
  { name: 'scaleShift [2,3,4] by [4]', inputs: v([2, 3, 4], [4], [4]), fn: (x, s, b) => r.scaleShift(x, s, b), tf: (tf, x, s, b) => tf.add(tf.mul(x, s), b), secondOrder: true },
  { name: 'scaleShiftRelu [2,3,4] cap 0.8', inputs: v([2, 3, 4], [4], [4]), fn: (x, s, b) => r.scaleShiftRelu(x, s, b, 0.8), tf: (tf, x, s, b) => tf.minimum(tf.relu(tf.add(tf.mul(x, s), b)), 0.8), secondOrder: true },
  { name: 'scaleShiftRelu [5,3] uncapped', inputs: v([5, 3], [3], [3]), fn: (x, s, b) => r.scaleShiftRelu(x, s, b), tf: (tf, x, s, b) => tf.relu(tf.add(tf.mul(x, s), b)) },
  { name: 'scaleShift [5,3] by [3]', inputs: v([5, 3], [3], [3]), fn: (x, s, b) => r.scaleShift(x, s, b), tf: (tf, x, s, b) => tf.add(tf.mul(x, s), b) },
  { name: 'addRelu with a bias row [2,3]+[3]', inputs: v([2, 3], [3]), fn: (x, b) => r.addRelu(x, b), tf: (tf, x, b) => tf.relu(tf.add(x, b)) },
  { name: 'addRelu with a bias row [3,2,6]+[1,6] (vector and tail channels)', inputs: v([3, 2, 6], [1, 6]), fn: (x, b) => r.addRelu(x, b), tf: (tf, x, b) => tf.relu(tf.add(x, b)), secondOrder: true },
  { name: 'addRelu with a column bias [3,4]+[3,1]', inputs: v([3, 4], [3, 1]), fn: (x, b) => r.addRelu(x, b), tf: (tf, x, b) => tf.relu(tf.add(x, b)) },
  { name: 'reluGrad broadcast [2,3] by [3]', inputs: v([2, 3], [3]), fn: (dy, x) => r.reluGrad(dy, x), tf: (tf, dy, x) => tf.mul(dy, tf.step(x)) },
  { name: 'relu6', inputs: (d) => [r.mul(values([6], 0, d), 4)], fn: (a) => r.relu6(a), tf: (tf, a) => tf.relu6(a) },
  { name: 'leakyRelu', inputs: v([6]), fn: (a) => r.leakyRelu(a, 0.2), tf: (tf, a) => tf.leakyRelu(a, 0.2) },
  { name: 'prelu broadcast alpha', inputs: v([2, 3], [3]), fn: (a, b) => r.prelu(a, b), tf: (tf, a, b) => tf.prelu(a, b) },
  { name: 'elu', inputs: v([6]), fn: (a) => r.elu(a), tf: (tf, a) => tf.elu(a) },
  { name: 'selu', inputs: v([6]), fn: (a) => r.selu(a), tf: (tf, a) => tf.selu(a) },
  { name: 'sigmoid', inputs: v([6]), fn: (a) => r.sigmoid(a), tf: (tf, a) => tf.sigmoid(a) },
  { name: 'tanh', inputs: v([6]), fn: (a) => r.tanh(a), tf: (tf, a) => tf.tanh(a) },
  { name: 'softplus', inputs: v([6]), fn: (a) => r.softplus(a), tf: (tf, a) => tf.softplus(a) },
  { name: 'swish beta 1.5', inputs: v([6]), fn: (a) => r.swish(a, 1.5), tf: (tf, a) => tf.mul(a, tf.sigmoid(tf.mul(a, 1.5))) },
  { name: 'swish tensor beta', inputs: v([6], [1]), fn: (a, b) => r.swish(a, b), tf: (tf, a, b) => tf.mul(a, tf.sigmoid(tf.mul(a, b))) },
  { name: 'gelu exact', inputs: v([6]), fn: (a) => r.gelu(a), expected: null },
  { name: 'sparseSoftmaxCrossentropy [4,5]', inputs: (d) => [values([4, 5], 0, d)], fn: (z) => r.sparseSoftmaxCrossentropy(z, [3, 0, 4, 1]), tf: (tf, z) => tf.losses.softmaxCrossEntropy(tf.oneHot([3, 0, 4, 1], 5), z, undefined, undefined, tf.Reduction.NONE), secondOrder: true },
  { name: 'softmax axis -1', inputs: v([2, 4]), fn: (a) => r.softmax(a), tf: (tf, a) => tf.softmax(a) },
  { name: 'softmax axis 0', inputs: v([3, 2]), fn: (a) => r.softmax(a, 0), tf: (tf, a) => tf.transpose(tf.softmax(tf.transpose(a))) },
  { name: 'logSoftmax', inputs: v([2, 4]), fn: (a) => r.logSoftmax(a), tf: (tf, a) => tf.logSoftmax(a) },
  // convolution and pooling (NHWC)
  { name: 'conv2d valid', inputs: v([1, 5, 5, 2], [3, 3, 2, 3]), fn: (x, k) => r.conv2d(x, k), tf: (tf, x, k) => tf.conv2d(x as TF.Tensor4D, k as TF.Tensor4D, 1, 'valid') },
  { name: 'conv2d same stride 2', inputs: v([2, 5, 6, 2], [3, 3, 2, 2]), fn: (x, k) => r.conv2d(x, k, { strides: 2, padding: 'same' }), tf: (tf, x, k) => tf.conv2d(x as TF.Tensor4D, k as TF.Tensor4D, 2, 'same') },
  { name: 'conv2d dilation 2', inputs: v([1, 6, 6, 1], [2, 2, 1, 2]), fn: (x, k) => r.conv2d(x, k, { dilations: 2 }), tf: (tf, x, k) => tf.conv2d(x as TF.Tensor4D, k as TF.Tensor4D, 1, 'valid', 'NHWC', 2) },
  { name: 'conv2dAddRelu same', inputs: v([2, 4, 5, 2], [3, 3, 2, 3], [3]), fn: (x, k, b) => r.conv2dAddRelu(x, k, b, { padding: 'same' }), tf: (tf, x, k, b) => tf.relu(tf.add(tf.conv2d(x as TF.Tensor4D, k as TF.Tensor4D, 1, 'same'), b)) },
  { name: 'conv2dAddRelu valid stride 2', inputs: v([1, 7, 6, 3], [2, 3, 3, 4], [4]), fn: (x, k, b) => r.conv2dAddRelu(x, k, b, { strides: 2 }), tf: (tf, x, k, b) => tf.relu(tf.add(tf.conv2d(x as TF.Tensor4D, k as TF.Tensor4D, 2, 'valid'), b)) },
  { name: 'conv2dReluMaxPool valid pool 2', inputs: v([2, 6, 7, 2], [3, 3, 2, 3], [3]), fn: (x, k, b) => r.conv2dReluMaxPool(x, k, b, {}, { poolSize: 2 }), tf: (tf, x, k, b) => tf.maxPool(tf.relu(tf.add(tf.conv2d(x as TF.Tensor4D, k as TF.Tensor4D, 1, 'valid'), b)) as TF.Tensor4D, 2, 2, 'valid'), secondOrder: true },
  { name: 'conv2dReluMaxPool same, overlapping windows', inputs: v([1, 6, 6, 2], [2, 2, 2, 4], [4]), fn: (x, k, b) => r.conv2dReluMaxPool(x, k, b, { padding: 'same' }, { poolSize: 3, strides: 1, padding: 'same' }), tf: (tf, x, k, b) => tf.maxPool(tf.relu(tf.add(tf.conv2d(x as TF.Tensor4D, k as TF.Tensor4D, 1, 'same'), b)) as TF.Tensor4D, 3, 1, 'same') },
  { name: 'maxPool2d valid', inputs: v([1, 4, 4, 2]), fn: (x) => r.maxPool2d(x, { poolSize: 2 }), tf: (tf, x) => tf.maxPool(x as TF.Tensor4D, 2, 2, 'valid') },
  { name: 'maxPool2d same stride 1', inputs: v([1, 3, 3, 1]), fn: (x) => r.maxPool2d(x, { poolSize: 2, strides: 1, padding: 'same' }), tf: (tf, x) => tf.maxPool(x as TF.Tensor4D, 2, 1, 'same') },
  { name: 'avgPool2d valid', inputs: v([1, 4, 4, 2]), fn: (x) => r.avgPool2d(x, { poolSize: 2 }), tf: (tf, x) => tf.avgPool(x as TF.Tensor4D, 2, 2, 'valid') },
  { name: 'avgPool2d same', inputs: v([1, 5, 5, 1]), fn: (x) => r.avgPool2d(x, { poolSize: 3, strides: 2, padding: 'same' }), tf: (tf, x) => tf.avgPool(x as TF.Tensor4D, 3, 2, 'same') },
  { name: 'global average pooling: mean over axes [1,2] keepDims', inputs: v([2, 3, 4, 3]), fn: (x) => r.mean(x, [1, 2], true), tf: (tf, x) => tf.mean(x, [1, 2], true) },
  { name: 'global max pooling: max over axes [1,2]', inputs: v([2, 3, 4, 3]), fn: (x) => r.max(x, [1, 2]), tf: (tf, x) => tf.max(x, [1, 2]) },
  { name: 'cropping2d as a slice', inputs: v([2, 5, 6, 2]), fn: (x) => r.slice(x, [0, 1, 2, 0], [-1, 3, 3, -1]), tf: (tf, x) => tf.slice(x, [0, 1, 2, 0], [-1, 3, 3, -1]) },
  ...zooCases(),
];

/** The ops the layer zoo needs (MobileNets, U-Net, text CNNs, RNNs). TF.js is the oracle unless a case says otherwise. */
function zooCases(): OpCase[] {
  const t4 = (x: TF.Tensor) => x as TF.Tensor4D;
  const t3 = (x: TF.Tensor) => x as TF.Tensor3D;
  // Activations TF.js has no op for: checked against their closed forms evaluated in plain JS on the same inputs.
  const closedForm = (name: string, scale: number, fn: (x: Tensor) => Tensor, f: (x: number) => number): OpCase => ({
    name: `${name} (reference: closed form in JS; TF.js has no such op)`,
    inputs: (d) => [r.mul(values([8], 0, d), scale)],
    fn,
    expected: Array.from(r.mul(values([8]), scale).dataSync(), f),
  });
  const relu6 = (x: number) => Math.min(Math.max(x, 0), 6);
  const softplus = (x: number) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
  return [
    // convolutions
    { name: 'conv2d same dilation 2', inputs: v([1, 6, 5, 2], [3, 2, 2, 3]), fn: (x, k) => r.conv2d(x, k, { padding: 'same', dilations: 2 }), tf: (tf, x, k) => tf.conv2d(t4(x), t4(k), 1, 'same', 'NHWC', 2), secondOrder: true },
    {
      name: 'conv2d groups 2 (reference: TF.js conv2d per channel block)', inputs: v([2, 5, 5, 4], [3, 3, 2, 6]), secondOrder: true,
      fn: (x, k) => r.conv2d(x, k, { groups: 2, strides: [2, 1], padding: 'same' }),
      tf: (tf, x, k) => tf.concat([0, 1].map((g) => tf.conv2d(t4(tf.slice(x, [0, 0, 0, 2 * g], [-1, -1, -1, 2])), t4(tf.slice(k, [0, 0, 0, 3 * g], [-1, -1, -1, 3])), [2, 1], 'same')), 3),
    },
    { name: 'conv2d groups = channels is depthwise', inputs: v([1, 5, 5, 3], [3, 3, 1, 6]), fn: (x, k) => r.conv2d(x, k, { groups: 3 }), tf: (tf, x, k) => tf.depthwiseConv2d(t4(x), t4(tf.reshape(k, [3, 3, 3, 2])), 1, 'valid') },
    { name: 'depthwiseConv2d same stride 2', inputs: v([2, 6, 5, 3], [3, 3, 3, 1]), fn: (x, k) => r.depthwiseConv2d(x, k, { strides: 2, padding: 'same' }), tf: (tf, x, k) => tf.depthwiseConv2d(t4(x), t4(k), 2, 'same'), secondOrder: true },
    { name: 'depthwiseConv2d multiplier 2 dilation 2', inputs: v([1, 7, 6, 2], [2, 2, 2, 2]), fn: (x, k) => r.depthwiseConv2d(x, k, { dilations: 2 }), tf: (tf, x, k) => tf.depthwiseConv2d(t4(x), t4(k), 1, 'valid', 'NHWC', 2), secondOrder: true },
    { name: 'depthwiseConv2d multiplier 3 stride [1,2] valid', inputs: v([2, 4, 7, 2], [3, 2, 2, 3]), fn: (x, k) => r.depthwiseConv2d(x, k, { strides: [1, 2] }), tf: (tf, x, k) => tf.depthwiseConv2d(t4(x), t4(k), [1, 2], 'valid') },
    { name: 'separableConv2d same', inputs: v([1, 6, 6, 2], [3, 3, 2, 2], [1, 1, 4, 3]), fn: (x, d, p) => r.separableConv2d(x, d, p, { padding: 'same' }), tf: (tf, x, d, p) => tf.separableConv2d(t4(x), t4(d), t4(p), 1, 'same') },
    { name: 'conv2dTranspose same stride 2', inputs: v([1, 3, 3, 2], [3, 3, 4, 2]), fn: (x, k) => r.conv2dTranspose(x, k, { strides: 2, padding: 'same' }), tf: (tf, x, k) => tf.conv2dTranspose(t4(x), t4(k), [1, 6, 6, 4], 2, 'same'), secondOrder: true },
    { name: 'conv2dTranspose valid stride 2, Keras output size', inputs: v([2, 3, 4, 2], [3, 3, 3, 2]), fn: (x, k) => r.conv2dTranspose(x, k, { strides: 2 }), tf: (tf, x, k) => tf.conv2dTranspose(t4(x), t4(k), [2, 7, 9, 3], 2, 'valid') },
    { name: 'conv2dTranspose outputShape [7,7] same stride 2', inputs: v([1, 4, 4, 1], [3, 3, 2, 1]), fn: (x, k) => r.conv2dTranspose(x, k, { strides: 2, padding: 'same', outputShape: [7, 7] }), tf: (tf, x, k) => tf.conv2dTranspose(t4(x), t4(k), [1, 7, 7, 2], 2, 'same') },
    { name: 'conv1d same stride 2', inputs: v([2, 7, 3], [3, 3, 4]), fn: (x, k) => r.conv1d(x, k, { stride: 2, padding: 'same' }), tf: (tf, x, k) => tf.conv1d(t3(x), t3(k), 2, 'same') },
    {
      name: 'conv1d causal dilation 2 (reference: TF.js conv1d after a left pad)', inputs: v([1, 8, 2], [3, 2, 3]), secondOrder: true,
      fn: (x, k) => r.conv1d(x, k, { padding: 'causal', dilation: 2 }),
      tf: (tf, x, k) => tf.conv1d(t3(tf.pad(x, [[0, 0], [4, 0], [0, 0]])), t3(k), 1, 'valid', 'NWC', 2),
    },
    { name: 'maxPool1d valid', inputs: v([2, 7, 3]), fn: (x) => r.maxPool1d(x, { poolSize: 2 }), tf: (tf, x) => tf.squeeze(tf.maxPool(t4(tf.expandDims(x, 1)), [1, 2], [1, 2], 'valid'), [1]) },
    { name: 'avgPool1d same stride 2', inputs: v([1, 7, 2]), fn: (x) => r.avgPool1d(x, { poolSize: 3, strides: 2, padding: 'same' }), tf: (tf, x) => tf.squeeze(tf.avgPool(t4(tf.expandDims(x, 1)), [1, 3], [1, 2], 'same'), [1]) },
    // padding and resizing
    { name: 'pad zeros (ZeroPadding2D)', inputs: v([1, 3, 2, 2]), fn: (x) => r.pad(x, [[0, 0], [1, 2], [2, 0], [0, 0]]), tf: (tf, x) => tf.pad(x, [[0, 0], [1, 2], [2, 0], [0, 0]]), secondOrder: true },
    { name: 'pad a constant', inputs: v([2, 3]), fn: (x) => r.pad(x, [[1, 0], [1, 1]], -1.5), tf: (tf, x) => tf.pad(x, [[1, 0], [1, 1]], -1.5) },
    { name: 'resizeNearestNeighbor up', inputs: v([2, 3, 4, 2]), fn: (x) => r.resizeNearestNeighbor(x, [6, 7]), tf: (tf, x) => tf.image.resizeNearestNeighbor(t4(x), [6, 7]) },
    { name: 'resizeNearestNeighbor alignCorners', inputs: v([1, 3, 4, 1]), fn: (x) => r.resizeNearestNeighbor(x, [5, 7], { alignCorners: true }), tf: (tf, x) => tf.image.resizeNearestNeighbor(t4(x), [5, 7], true) },
    { name: 'resizeNearestNeighbor halfPixelCenters', inputs: v([1, 4, 3, 2]), fn: (x) => r.resizeNearestNeighbor(x, [8, 5], { halfPixelCenters: true }), tf: (tf, x) => tf.image.resizeNearestNeighbor(t4(x), [8, 5], false, true) },
    { name: 'resizeNearestNeighbor down, rank 3', inputs: v([5, 6, 2]), fn: (x) => r.resizeNearestNeighbor(x, [2, 4]), tf: (tf, x) => tf.image.resizeNearestNeighbor(t3(x), [2, 4]) },
    { name: 'resizeBilinear up', inputs: v([2, 3, 4, 2]), fn: (x) => r.resizeBilinear(x, [5, 7]), tf: (tf, x) => tf.image.resizeBilinear(t4(x), [5, 7]), secondOrder: true },
    { name: 'resizeBilinear alignCorners', inputs: v([1, 3, 4, 1]), fn: (x) => r.resizeBilinear(x, [5, 7], { alignCorners: true }), tf: (tf, x) => tf.image.resizeBilinear(t4(x), [5, 7], true) },
    { name: 'resizeBilinear halfPixelCenters', inputs: v([1, 4, 3, 2]), fn: (x) => r.resizeBilinear(x, [8, 6], { halfPixelCenters: true }), tf: (tf, x) => tf.image.resizeBilinear(t4(x), [8, 6], false, true) },
    { name: 'resizeBilinear down halfPixelCenters', inputs: v([1, 6, 5, 1]), fn: (x) => r.resizeBilinear(x, [4, 2], { halfPixelCenters: true }), tf: (tf, x) => tf.image.resizeBilinear(t4(x), [4, 2], false, true) },
    // activations
    { name: 'relu6 on both sides of 6', inputs: (d) => [r.mul(values([8], 0, d), 4.5)], fn: (a) => r.relu6(a), tf: (tf, a) => tf.relu6(a) },
    closedForm('hardSigmoid, Keras 3: relu6(x + 3) / 6', 2.5, (a) => r.hardSigmoid(a), (x) => relu6(x + 3) / 6),
    closedForm('hardSwish', 2.5, (a) => r.hardSwish(a), (x) => (x * relu6(x + 3)) / 6),
    closedForm('mish', 2, (a) => r.mish(a), (x) => x * Math.tanh(softplus(x))),
    closedForm('thresholdedRelu theta 0.5', 1, (a) => r.thresholdedRelu(a, 0.5), (x) => (x > 0.5 ? x : 0)),
    closedForm('softsign', 2, (a) => r.softsign(a), (x) => x / (1 + Math.abs(x))),
    { name: 'silu', inputs: v([6]), fn: (a) => r.silu(a), tf: (tf, a) => tf.mul(a, tf.sigmoid(a)) },
    { name: 'softplus far from 0', inputs: (d) => [r.mul(values([6], 0, d), 40)], fn: (a) => r.softplus(a), tf: (tf, a) => tf.softplus(a) },
    // splitting and reversing (RNN steps, Bidirectional)
    {
      name: 'split sizes [1,-1,2] axis 1', inputs: v([2, 6]),
      fn: (x) => { const [a, b, c] = r.split(x, [1, -1, 2], 1); return r.concat([c, r.mul(a, 2), b], 1); },
      tf: (tf, x) => { const [a, b, c] = tf.split(x, [1, -1, 2], 1); return tf.concat([c, tf.mul(a, 2), b], 1); },
    },
    {
      name: 'split 3 equal parts axis 0', inputs: v([6, 2]),
      fn: (x) => { const [a, b, c] = r.split(x, 3); return r.add(r.mul(a, b), c); },
      tf: (tf, x) => { const [a, b, c] = tf.split(x, 3); return tf.add(tf.mul(a, b), c); },
    },
    {
      name: 'unstack axis 1', inputs: v([2, 3, 2]),
      fn: (x) => { const [a, b, c] = r.unstack(x, 1); return r.stack([c, r.mul(a, b)], 1); },
      tf: (tf, x) => { const [a, b, c] = tf.unstack(x, 1); return tf.stack([c, tf.mul(a, b)], 1); },
    },
    { name: 'reverse axes [0,2]', inputs: v([2, 3, 4]), fn: (x) => r.reverse(x, [0, 2]), tf: (tf, x) => tf.reverse(x, [0, 2]) },
    { name: 'tile [2,3] by [3,1,2] after expandDims (RepeatVector)', inputs: v([2, 3]), fn: (x) => r.tile(r.expandDims(x, 1), [1, 3, 2]), tf: (tf, x) => tf.tile(tf.expandDims(x, 1), [1, 3, 2]), secondOrder: true },
    { name: 'stack axis 1', inputs: v([2, 3], [2, 3]), fn: (a, b) => r.stack([a, b], 1), tf: (tf, a, b) => tf.stack([a, b], 1) },
  ];
}

// gelu(x) = x * Phi(x): Phi from the erf series, independent of Rectify's erf kernel
function erfRef(x: number): number {
  let sum = 0;
  let term = x;
  for (let n = 0; n < 60; n++) {
    sum += term / (2 * n + 1);
    term *= (-x * x) / (n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}
const geluCase = opCases.find((c) => c.name === 'gelu exact')!;
geluCase.expected = Array.from(values([6]).dataSync(), (x) => 0.5 * x * (1 + erfRef(x / Math.SQRT2)));
