import { record } from '../autograd/record.js';
import type { Conv2DInfo } from '../backend/backend.js';
import { assertSize, formatShape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { asPair, asTensor, kernels } from './operands.js';
import { gatherFlat } from './layout.js';
import { checkOptions, describeValue } from '../options.js';

export type Padding = 'valid' | 'same';

export interface Conv2DOptions {
  /** Step between windows: one number or [height, width]. Default 1. */
  strides?: number | readonly [number, number];
  /** 'valid' (no padding, default) or 'same' (zero-pad so out = ceil(in / stride)). */
  padding?: Padding;
  /** Spacing between kernel taps. Default 1. */
  dilations?: number | readonly [number, number];
}

function pair(op: string, name: string, v: number | readonly number[] | undefined, fallback: number): [number, number] {
  const p: unknown[] = v === undefined ? [fallback, fallback] : typeof v === 'number' ? [v, v] : Array.isArray(v) ? v : [];
  if (p.length !== 2 || p.some((d) => typeof d !== 'number' || !Number.isInteger(d) || d < 1)) {
    throw new Error(`${op}: ${name} must be a positive integer or a pair of them, got ${describeValue(v)}`);
  }
  return p as [number, number];
}

/** Output size and leading padding along one axis, as TF computes them. */
function axisGeometry(size: number, k: number, stride: number, dilation: number, padding: Padding): [number, number] {
  const eff = (k - 1) * dilation + 1;
  if (padding === 'valid') return [Math.max(Math.ceil((size - eff + 1) / stride), 0), 0];
  const out = Math.ceil(size / stride);
  const total = Math.max((out - 1) * stride + eff - size, 0);
  return [out, Math.floor(total / 2)];
}

/** Geometry of a convolution or pooling window of [kh, kw] over an NHWC input. */
export function convGeometry(op: string, xShape: readonly number[], kh: number, kw: number, outChannels: number, options: Conv2DOptions): Conv2DInfo {
  options ??= {};
  if (xShape.length !== 4) throw new Error(`${op}: expected an NHWC input of rank 4, got shape ${formatShape(xShape)}`);
  const padding = options.padding ?? 'valid';
  if (padding !== 'valid' && padding !== 'same') throw new Error(`${op}: padding must be 'valid' or 'same', got ${JSON.stringify(padding)}`);
  const [sh, sw] = pair(op, 'strides', options.strides, 1);
  const [dh, dw] = pair(op, 'dilations', options.dilations, 1);
  const [batch, inHeight, inWidth, inChannels] = xShape;
  const [outHeight, padTop] = axisGeometry(inHeight, kh, sh, dh, padding);
  const [outWidth, padLeft] = axisGeometry(inWidth, kw, sw, dw, padding);
  if (outHeight <= 0 || outWidth <= 0) {
    throw new Error(`${op}: a ${kh}x${kw} window does not fit the ${inHeight}x${inWidth} input with '${padding}' padding`);
  }
  assertSize(op, [batch, outHeight, outWidth, outChannels]);
  return { batch, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels, kernelHeight: kh, kernelWidth: kw, strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw, padTop, padLeft };
}

const outShapeOf = (c: Conv2DInfo): number[] => [c.batch, c.outHeight, c.outWidth, c.outChannels];
const inShapeOf = (c: Conv2DInfo): number[] => [c.batch, c.inHeight, c.inWidth, c.inChannels];

/**
 * 2-D convolution (cross-correlation, as every framework) of NHWC input x with a [kh, kw, in, out] kernel.
 * @example conv2d(zeros([1, 28, 28, 1]), zeros([3, 3, 1, 8]), { padding: 'same' }).shape // [1, 28, 28, 8]
 */
export function conv2d(x: Tensor, kernel: Tensor, options: Conv2DOptions = {}): Tensor {
  checkOptions('conv2d', options, ['strides', 'padding', 'dilations']);
  const [xt, w] = asPair('conv2d', x, kernel);
  if (w.rank !== 4) throw new Error(`conv2d: kernel must have rank 4 [kh, kw, in, out], got shape ${formatShape(w.shape)}`);
  const info = convGeometry('conv2d', xt.shape, w.shape[0], w.shape[1], w.shape[3], options);
  // the kernels build the [outPixels, window] patch matrix: it must fit one tensor too
  assertSize('conv2d (its patch matrix)', [info.batch * info.outHeight * info.outWidth, info.kernelHeight * info.kernelWidth * info.inChannels]);
  if (w.shape[2] !== info.inChannels) {
    throw new Error(`conv2d: input has ${info.inChannels} channels (shape ${formatShape(xt.shape)}) but the kernel ${formatShape(w.shape)} expects ${w.shape[2]}`);
  }
  return conv2dWithInfo(xt, w, info);
}

function conv2dWithInfo(x: Tensor, w: Tensor, info: Conv2DInfo): Tensor {
  return record('conv2d', kernels().conv2d(x.data, w.data, info), outShapeOf(info), [x, w], (dy) => [
    x.requiresGrad ? conv2dBackpropInput(dy, w, info) : null,
    w.requiresGrad ? conv2dBackpropFilter(x, dy, info) : null,
  ]);
}

// The two backprops are ops too, each linear in both arguments, so the set closes under differentiation.
function conv2dBackpropInput(dy: Tensor, w: Tensor, info: Conv2DInfo): Tensor {
  return record('conv2dBackpropInput', kernels().conv2dBackpropInput(dy.data, w.data, info), inShapeOf(info), [dy, w], (g) => [
    conv2dWithInfo(g, w, info),
    conv2dBackpropFilter(g, dy, info),
  ]);
}

function conv2dBackpropFilter(x: Tensor, dy: Tensor, info: Conv2DInfo): Tensor {
  const shape = [info.kernelHeight, info.kernelWidth, info.inChannels, info.outChannels];
  return record('conv2dBackpropFilter', kernels().conv2dBackpropFilter(x.data, dy.data, info), shape, [x, dy], (g) => [
    conv2dBackpropInput(dy, g, info),
    conv2dWithInfo(x, g, info),
  ]);
}

export interface Pool2DOptions {
  /** Window size: one number or [height, width]. */
  poolSize: number | readonly [number, number];
  /** Default: poolSize (non-overlapping windows). */
  strides?: number | readonly [number, number];
  padding?: Padding;
}

function poolInfo(op: string, x: Tensor, options: Pool2DOptions): Conv2DInfo {
  checkOptions(op, options, ['poolSize', 'strides', 'padding']);
  if (!options || options.poolSize === undefined) throw new Error(`${op}: options.poolSize is required (a positive integer or a pair of them)`);
  const [ph, pw] = pair(op, 'poolSize', options.poolSize, 1);
  const geometry = convGeometry(op, x.shape, ph, pw, x.shape[3] ?? 0, { strides: options.strides ?? [ph, pw], padding: options.padding });
  return geometry;
}

/**
 * Max over each window of an NHWC input; the gradient goes to the (first) maximal element.
 * @example maxPool2d(x, { poolSize: 2 }) // halves height and width
 */
export function maxPool2d(x: Tensor, options: Pool2DOptions): Tensor {
  const xt = asTensor('maxPool2d', x);
  const info = poolInfo('maxPool2d', xt, options);
  // max pooling is a gather of the window maxima: its gradient scatters, and that scatter's gradient gathers
  return gatherFlat(xt, kernels().maxPoolIndices(xt.data, info), outShapeOf(info));
}

/** Mean over each window of an NHWC input (windows exclude padding). */
export function avgPool2d(x: Tensor, options: Pool2DOptions): Tensor {
  const xt = asTensor('avgPool2d', x);
  return avgPoolWithInfo(xt, poolInfo('avgPool2d', xt, options));
}

function avgPoolWithInfo(x: Tensor, info: Conv2DInfo): Tensor {
  return record('avgPool2d', kernels().avgPool(x.data, info), outShapeOf(info), [x], (dy) => [avgPoolBackprop(dy, info)]);
}

function avgPoolBackprop(dy: Tensor, info: Conv2DInfo): Tensor {
  return record('avgPool2dBackprop', kernels().avgPoolBackprop(dy.data, info), inShapeOf(info), [dy], (g) => [avgPoolWithInfo(g, info)]);
}
