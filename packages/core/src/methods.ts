// Chainable methods on Tensor (`x.matmul(w).add(b).relu()`), attached here so tensor.ts stays free
// of the ops that themselves depend on it.
import type { DType } from './dtype.js';
import { Tensor, type TensorLike } from './tensor.js';
import * as arith from './ops/arithmetic.js';
import * as act from './ops/activations.js';
import * as red from './ops/reduce.js';
import * as lay from './ops/layout.js';
import * as shp from './ops/reshape.js';
import { where, clip } from './ops/select.js';
import { matmul } from './ops/matmul.js';
import { cast } from './ops/operands.js';
import { conv2d, maxPool2d, avgPool2d, type Conv2DGroupOptions, type Pool2DOptions } from './ops/conv.js';
import type { Conv2DOptions } from './ops/conv-geometry.js';
import { depthwiseConv2d } from './ops/depthwise-conv.js';
import { separableConv2d } from './ops/separable-conv.js';
import { conv2dTranspose, type Conv2DTransposeOptions } from './ops/conv-transpose.js';
import { conv1d, maxPool1d, avgPool1d, type Conv1DOptions, type Pool1DOptions } from './ops/conv1d.js';
import { pad } from './ops/pad.js';
import { resizeBilinear, resizeNearestNeighbor, type ResizeOptions } from './ops/resize.js';
import { split, unstack, reverse } from './ops/split.js';
import { tile } from './ops/tile.js';
import { dropout } from './ops/dropout.js';
import { runBackward, type BackwardOptions } from './autograd/backward.js';
import type { Axis } from './ops/reduce.js';
import { binaryMethodOps, unaryMethodOps, type BinaryMethodOp, type UnaryMethodOp } from './backend/elementwise-table.js';

/** The chainable methods of the unary elementwise ops marked `method` in the kernel table: `x.relu()` is `relu(x)`. */
export type UnaryOpMethods = { [K in UnaryMethodOp]: () => Tensor };

/** The chainable methods of the binary elementwise ops marked `method` in the kernel table: `x.add(b)` is `add(x, b)`. */
export type BinaryOpMethods = { [K in BinaryMethodOp]: (b: TensorLike) => Tensor };

// The methods that only forward to an elementwise op take their names from the kernel table; the others,
// with options or arguments of their own, are written out below.
declare module './tensor.js' {
  interface Tensor extends UnaryOpMethods, BinaryOpMethods {
    /** Fills `.grad` of every leaf that requires it; a non-scalar tensor needs a seed gradient. */
    backward(seed?: Tensor, options?: BackwardOptions): void;
    clip(lo: number, hi: number): Tensor;
    where(condition: Tensor, other: TensorLike): Tensor;
    sum(axis?: Axis, keepDims?: boolean): Tensor;
    mean(axis?: Axis, keepDims?: boolean): Tensor;
    max(axis?: Axis, keepDims?: boolean): Tensor;
    min(axis?: Axis, keepDims?: boolean): Tensor;
    variance(axis?: Axis, keepDims?: boolean): Tensor;
    logSumExp(axis?: Axis, keepDims?: boolean): Tensor;
    argmax(axis?: number): Tensor;
    argmin(axis?: number): Tensor;
    matmul(b: Tensor, transposeA?: boolean, transposeB?: boolean): Tensor;
    reshape(shape: readonly number[]): Tensor;
    transpose(perm?: readonly number[]): Tensor;
    expandDims(axis?: number): Tensor;
    squeeze(axis?: number | readonly number[]): Tensor;
    flatten(): Tensor;
    broadcastTo(shape: readonly number[]): Tensor;
    slice(begin: readonly number[], size?: readonly number[]): Tensor;
    gather(indices: Tensor | readonly number[], axis?: number): Tensor;
    cast(dtype: DType): Tensor;
    relu6(): Tensor;
    leakyRelu(alpha?: number): Tensor;
    prelu(alpha: TensorLike): Tensor;
    elu(alpha?: number): Tensor;
    selu(): Tensor;
    swish(beta?: TensorLike): Tensor;
    silu(beta?: TensorLike): Tensor;
    hardSigmoid(): Tensor;
    hardSwish(): Tensor;
    mish(): Tensor;
    thresholdedRelu(theta?: number): Tensor;
    softsign(): Tensor;
    gelu(approximate?: boolean): Tensor;
    softmax(axis?: number): Tensor;
    logSoftmax(axis?: number): Tensor;
    conv2d(kernel: Tensor, options?: Conv2DGroupOptions): Tensor;
    depthwiseConv2d(filter: Tensor, options?: Conv2DOptions): Tensor;
    separableConv2d(depthwiseFilter: Tensor, pointwiseFilter: Tensor, options?: Conv2DOptions): Tensor;
    conv2dTranspose(filter: Tensor, options?: Conv2DTransposeOptions): Tensor;
    conv1d(filter: Tensor, options?: Conv1DOptions): Tensor;
    maxPool2d(options: Pool2DOptions): Tensor;
    avgPool2d(options: Pool2DOptions): Tensor;
    maxPool1d(options: Pool1DOptions): Tensor;
    avgPool1d(options: Pool1DOptions): Tensor;
    pad(paddings: ReadonlyArray<readonly [number, number]>, constantValue?: number): Tensor;
    resizeBilinear(size: readonly [number, number], options?: ResizeOptions): Tensor;
    resizeNearestNeighbor(size: readonly [number, number], options?: ResizeOptions): Tensor;
    split(numOrSizeSplits: number | readonly number[], axis?: number): Tensor[];
    unstack(axis?: number): Tensor[];
    reverse(axis?: number | readonly number[]): Tensor;
    tile(reps: readonly number[]): Tensor;
    dropout(rate: number, options?: { seed?: number }): Tensor;
  }
}

const P = Tensor.prototype;
// each table op marked `method` must name an op function of the same signature (checked here by the types)
const opFunctions = { ...arith, ...act };
const unaryFunctions: { readonly [K in UnaryMethodOp]: (x: Tensor) => Tensor } = opFunctions;
const binaryFunctions: { readonly [K in BinaryMethodOp]: (a: Tensor, b: TensorLike) => Tensor } = opFunctions;
for (const op of unaryMethodOps) {
  const fn = unaryFunctions[op];
  P[op] = function (this: Tensor) { return fn(this); };
}
for (const op of binaryMethodOps) {
  const fn = binaryFunctions[op];
  P[op] = function (this: Tensor, b: TensorLike) { return fn(this, b); };
}
P.backward = function (this: Tensor, seed?: Tensor, options?: BackwardOptions) {
  runBackward(this, seed, [], true, options);
};
P.clip = function (lo, hi) { return clip(this, lo, hi); };
P.where = function (condition, other) { return where(condition, this, other); };
P.sum = function (axis, keepDims) { return red.sum(this, axis, keepDims); };
P.mean = function (axis, keepDims) { return red.mean(this, axis, keepDims); };
P.max = function (axis, keepDims) { return red.max(this, axis, keepDims); };
P.min = function (axis, keepDims) { return red.min(this, axis, keepDims); };
P.variance = function (axis, keepDims) { return red.variance(this, axis, keepDims); };
P.logSumExp = function (axis, keepDims) { return red.logSumExp(this, axis, keepDims); };
P.argmax = function (axis) { return red.argmax(this, axis); };
P.argmin = function (axis) { return red.argmin(this, axis); };
P.matmul = function (b, ta, tb) { return matmul(this, b, ta, tb); };
P.reshape = function (shape) { return shp.reshape(this, shape); };
P.transpose = function (perm) { return lay.transpose(this, perm); };
P.expandDims = function (axis) { return shp.expandDims(this, axis); };
P.squeeze = function (axis) { return shp.squeeze(this, axis); };
P.flatten = function () { return shp.flatten(this); };
P.broadcastTo = function (shape) { return shp.broadcastTo(this, shape); };
P.slice = function (begin, size) { return lay.slice(this, begin, size); };
P.gather = function (indices, axis) { return lay.gather(this, indices, axis); };
P.cast = function (dtype) { return cast(this, dtype); };
P.relu6 = function () { return act.relu6(this); };
P.leakyRelu = function (alpha) { return act.leakyRelu(this, alpha); };
P.prelu = function (alpha) { return act.prelu(this, alpha); };
P.elu = function (alpha) { return act.elu(this, alpha); };
P.selu = function () { return act.selu(this); };
P.swish = function (beta) { return act.swish(this, beta); };
P.silu = function (beta) { return act.silu(this, beta); };
P.hardSigmoid = function () { return act.hardSigmoid(this); };
P.hardSwish = function () { return act.hardSwish(this); };
P.mish = function () { return act.mish(this); };
P.thresholdedRelu = function (theta) { return act.thresholdedRelu(this, theta); };
P.softsign = function () { return act.softsign(this); };
P.gelu = function (approximate) { return act.gelu(this, approximate); };
P.softmax = function (axis) { return act.softmax(this, axis); };
P.logSoftmax = function (axis) { return act.logSoftmax(this, axis); };
P.conv2d = function (kernel, options) { return conv2d(this, kernel, options); };
P.depthwiseConv2d = function (filter, options) { return depthwiseConv2d(this, filter, options); };
P.separableConv2d = function (dw, pw, options) { return separableConv2d(this, dw, pw, options); };
P.conv2dTranspose = function (filter, options) { return conv2dTranspose(this, filter, options); };
P.conv1d = function (filter, options) { return conv1d(this, filter, options); };
P.maxPool1d = function (options) { return maxPool1d(this, options); };
P.avgPool1d = function (options) { return avgPool1d(this, options); };
P.pad = function (paddings, constantValue) { return pad(this, paddings, constantValue); };
P.resizeBilinear = function (size, options) { return resizeBilinear(this, size, options); };
P.resizeNearestNeighbor = function (size, options) { return resizeNearestNeighbor(this, size, options); };
P.split = function (numOrSizeSplits, axis) { return split(this, numOrSizeSplits, axis); };
P.unstack = function (axis) { return unstack(this, axis); };
P.reverse = function (axis) { return reverse(this, axis); };
P.tile = function (reps) { return tile(this, reps); };
P.maxPool2d = function (options) { return maxPool2d(this, options); };
P.avgPool2d = function (options) { return avgPool2d(this, options); };
P.dropout = function (rate, options) { return dropout(this, rate, options); };
