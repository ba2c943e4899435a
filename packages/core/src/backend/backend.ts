import type { DataArray, DType } from '../dtype.js';
import type { Shape } from '../shape.js';
import type { BinaryOp, UnaryOp } from './elementwise-table.js';

// the op names come from the kernel table
export type { BinaryOp, UnaryOp } from './elementwise-table.js';

export type ReduceOp = 'sum' | 'max' | 'min';

/** Geometry of a 2-D convolution or pooling window over NHWC data. */
export interface Conv2DInfo {
  batch: number;
  inHeight: number;
  inWidth: number;
  inChannels: number;
  outHeight: number;
  outWidth: number;
  outChannels: number;
  kernelHeight: number;
  kernelWidth: number;
  strideHeight: number;
  strideWidth: number;
  dilationHeight: number;
  dilationWidth: number;
  padTop: number;
  padLeft: number;
}

/**
 * Geometry of an image resize over NHWC data: output row oy interpolates input rows rowLo[oy] and rowHi[oy]
 * with weights 1 - rowFrac[oy] and rowFrac[oy]; columns likewise. Nearest neighbour has all fractions 0.
 */
export interface ResizeInfo {
  batch: number;
  inHeight: number;
  inWidth: number;
  channels: number;
  outHeight: number;
  outWidth: number;
  rowLo: Int32Array;
  rowHi: Int32Array;
  rowFrac: Float64Array;
  colLo: Int32Array;
  colHi: Int32Array;
  colFrac: Float64Array;
}

/** Geometry of a (batched, broadcast) matrix product: out[b] = op(a[aOffsets[b]]) x op(b[bOffsets[b]]). */
export interface MatMulInfo {
  m: number;
  n: number;
  k: number;
  transA: boolean;
  transB: boolean;
  /** Element offset of each output batch's left operand. */
  aOffsets: readonly number[];
  /** Element offset of each output batch's right operand. */
  bOffsets: readonly number[];
}

/**
 * The kernels: the forward math over typed arrays, and nothing else. Autograd, shapes checks and
 * broadcasting rules live above this seam, so a faster backend replaces kernels without touching them.
 * Every kernel returns a new array of `dtype` (the inputs' dtype) and never mutates its inputs.
 */
export interface Backend {
  readonly name: string;
  unary(op: UnaryOp, x: DataArray): DataArray;
  binary(op: BinaryOp, a: DataArray, aShape: Shape, b: DataArray, bShape: Shape, outShape: Shape): DataArray;
  /**
   * ReLU's backward and the bias gradient in one pass over [rows, channels] data: dz = dy where y > 0
   * (else 0), and dbias = dz summed over the rows.
   */
  reluGradBias(dy: DataArray, y: DataArray, channels: number): { dz: DataArray; dbias: DataArray };
  where(cond: DataArray, condShape: Shape, a: DataArray, aShape: Shape, b: DataArray, bShape: Shape, outShape: Shape): DataArray;
  /** Reduces the given (sorted) axes; the result has the keepDims shape's size. */
  /** out[i] = min(max(x[i], 0), cap), NaN kept: a capped ReLU in one pass. */
  boundedRelu(x: DataArray, cap: number): DataArray;
  /** out[r, c] = min(max(x[r, c] * scale[c] + shift[c], lo), hi) over rows of scale.length features (no clamp by default); NaN kept. */
  scaleShift(x: DataArray, scale: DataArray, shift: DataArray, lo?: number, hi?: number): DataArray;
  reduce(op: ReduceOp, x: DataArray, shape: Shape, axes: readonly number[]): DataArray;
  /** Index of the largest (or smallest) element along `axis`. */
  argReduce(op: 'argmax' | 'argmin', x: DataArray, shape: Shape, axis: number): DataArray;
  matmul(a: DataArray, b: DataArray, info: MatMulInfo): DataArray;
  transpose(x: DataArray, shape: Shape, perm: readonly number[]): DataArray;
  /** Materializes `x` broadcast to `outShape`. */
  broadcastTo(x: DataArray, shape: Shape, outShape: Shape): DataArray;
  slice(x: DataArray, shape: Shape, begin: readonly number[], size: readonly number[]): DataArray;
  /** The inverse of slice: `x` placed at `begin` inside zeros of `outShape`. */
  unslice(x: DataArray, shape: Shape, begin: readonly number[], outShape: Shape): DataArray;
  concat(xs: readonly DataArray[], shapes: readonly Shape[], axis: number): DataArray;
  /** out[i] = x[indices[i]]. */
  gatherFlat(x: DataArray, indices: Int32Array): DataArray;
  /** out = zeros(size); out[indices[i]] += x[i]. */
  scatterAddFlat(x: DataArray, indices: Int32Array, size: number, dtype: DType): DataArray;
  /** Softmax (or log-softmax) over the last axis of a [rows, cols] view. */
  softmax(x: DataArray, rows: number, cols: number, log: boolean): DataArray;
  /** Per row of [rows, cols] logits: logSumExp - the label's logit, and the softmax probabilities. */
  sparseSoftmaxCrossentropy(z: DataArray, labels: Int32Array, rows: number, cols: number): { losses: DataArray; probs: DataArray };
  /** log(sum(exp(x))) over the last axis of a [rows, cols] view, computed stably. */
  logSumExp(x: DataArray, rows: number, cols: number): DataArray;
  conv2d(x: DataArray, w: DataArray, info: Conv2DInfo): DataArray;
  /** relu(conv2d(x, w) + bias) for a [outChannels] bias: the convolution with its epilogue, one output written. */
  conv2dAddRelu(x: DataArray, w: DataArray, bias: DataArray, info: Conv2DInfo): DataArray;
  conv2dBackpropInput(dy: DataArray, w: DataArray, info: Conv2DInfo): DataArray;
  conv2dBackpropFilter(x: DataArray, dy: DataArray, info: Conv2DInfo): DataArray;
  /**
   * maxPool(relu(conv2d(x, w) + bias)) with `pool` over the convolution's output: the pooled values and
   * their flat indices into that output (as maxPool), which need not be handed back itself.
   */
  conv2dReluMaxPool(x: DataArray, w: DataArray, bias: DataArray, conv: Conv2DInfo, pool: Conv2DInfo): { values: DataArray; indices: Int32Array };
  /**
   * conv2dReluMaxPool's first-order gradients from the gradient `dy` of its pooled output `pooled`: the ReLU
   * passes dy where pooled > 0 (else 0); dbias = that masked gradient summed per channel; dz = it scattered
   * to `indices` in the convolution's output; dw = conv2dBackpropFilter(x, dz); and (when `withDx`)
   * dx = conv2dBackpropInput(dz, w).
   */
  conv2dReluMaxPoolBackprop(x: DataArray, w: DataArray, dy: DataArray, pooled: DataArray, indices: Int32Array, conv: Conv2DInfo, withDx: boolean): { dw: DataArray; dbias: DataArray; dx: DataArray | null };
  /** Depthwise convolution: x [b, h, w, in], w [kh, kw, in, mult], out [b, oh, ow, in * mult] (outChannels = in * mult). */
  depthwiseConv2d(x: DataArray, w: DataArray, info: Conv2DInfo): DataArray;
  /** dx[.., c] = sum over taps and q of dy[.., c * mult + q] * w[ky, kx, c, q]. */
  depthwiseConv2dBackpropInput(dy: DataArray, w: DataArray, info: Conv2DInfo): DataArray;
  /** dw[ky, kx, c, q] = sum over the batch and output pixels of x[.., c] * dy[.., c * mult + q]. */
  depthwiseConv2dBackpropFilter(x: DataArray, dy: DataArray, info: Conv2DInfo): DataArray;
  /** Bilinear (or, with zero fractions, nearest-neighbour) interpolation of NHWC images. */
  resize(x: DataArray, info: ResizeInfo): DataArray;
  /** The adjoint of resize: dy spread back over the input pixels with the same weights. */
  resizeBackprop(dy: DataArray, info: ResizeInfo): DataArray;
  /**
   * The maximum of each pooling window (outChannels = inChannels) and its flat index into x, which the
   * gradient is routed to (the first maximum; the first NaN wins and stays).
   */
  maxPool(x: DataArray, info: Conv2DInfo): { values: DataArray; indices: Int32Array };
  avgPool(x: DataArray, info: Conv2DInfo): DataArray;
  avgPoolBackprop(dy: DataArray, info: Conv2DInfo): DataArray;
  /**
   * Optional fused optimizer updates, applied in place (they run under noGrad on parameter storage).
   * `optimizerSlot` gives zeroed float32 storage for optimizer state that the backend's updates can use
   * without copying it; `adamUpdate` returns false when it cannot take the arrays it is given, and the
   * optimizer then runs its reference loop.
   */
  optimizerSlot?(size: number): DataArray;
  adamUpdate?(p: DataArray, g: DataArray, m: DataArray, v: DataArray, hyper: AdamHyper): boolean;
  /**
   * Optional: a copy of `x` in the backend's own memory, where its kernels read it without copying it in
   * (the wasm backend's resident arrays), or null when the backend keeps none (or not this one). Optimizers
   * move each parameter there on its first step (`makeResident`).
   */
  residentCopy?(x: DataArray): DataArray | null;
}

export interface AdamHyper {
  lr: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  /** 1 - beta1^t and 1 - beta2^t. */
  biasCorrection1: number;
  biasCorrection2: number;
}
