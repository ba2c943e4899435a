import { formatShape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { avgPool2d, conv2dWithInfo, maxPool2d } from './conv.js';
import { convGeometry, type Padding } from './conv-geometry.js';
import { asPair, asTensor } from './operands.js';
import { checkOptions } from '../options.js';
import { reshape } from './reshape.js';

// The 1-D ops are their 2-D versions over a height of 1: [batch, steps, channels] -> [batch, 1, steps, channels].

/** Options of {@link conv1d}. */
export interface Conv1DOptions {
  /** Step between windows. Default 1. */
  stride?: number;
  /** 'valid' (default), 'same', or 'causal' (left-pad (k - 1) * dilation: output t sees only inputs up to t). */
  padding?: Padding;
  /** Spacing between kernel taps. Default 1. */
  dilation?: number;
}

function positiveInt(op: string, name: string, v: unknown, fallback: number): number {
  const n = v ?? fallback;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) throw new Error(`${op}: ${name} must be a positive integer, got ${JSON.stringify(v)}`);
  return n;
}

function checkRank3(op: string, x: Tensor): void {
  if (x.rank !== 3) throw new Error(`${op}: expected an input of rank 3 [batch, steps, channels], got shape ${formatShape(x.shape)}`);
}

/**
 * 1-D convolution of x [batch, steps, in] with a [k, in, out] filter (Keras Conv1D):
 * y[b, t, o] = sum_{j, c} x[b, t * stride + j * dilation - padLeft, c] * w[j, c, o].
 * @example conv1d(zeros([2, 10, 4]), zeros([3, 4, 8]), { padding: 'causal' }).shape // [2, 10, 8]
 */
export function conv1d(x: Tensor, filter: Tensor, options?: Conv1DOptions): Tensor {
  const op = 'conv1d';
  checkOptions(op, options, ['stride', 'padding', 'dilation']);
  options ??= {};
  const [xt, w] = asPair(op, x, filter);
  checkRank3(op, xt);
  if (w.rank !== 3) throw new Error(`${op}: filter must have rank 3 [k, in, out], got shape ${formatShape(w.shape)}`);
  if (w.shape[1] !== xt.shape[2]) {
    throw new Error(`${op}: input has ${xt.shape[2]} channels (shape ${formatShape(xt.shape)}) but the filter ${formatShape(w.shape)} expects ${w.shape[1]}`);
  }
  const stride = positiveInt(op, 'stride', options.stride, 1);
  const dilation = positiveInt(op, 'dilation', options.dilation, 1);
  const [batch, steps, channels] = xt.shape;
  const info = convGeometry(op, [batch, 1, steps, channels], 1, w.shape[0], w.shape[2], { strides: [1, stride], dilations: [1, dilation], padding: options.padding }, ['valid', 'same', 'causal']);
  const y = conv2dWithInfo(reshape(xt, [batch, 1, steps, channels]), reshape(w, [1, ...w.shape]), info);
  return reshape(y, [batch, info.outWidth, info.outChannels]);
}

/** Options of {@link maxPool1d} and {@link avgPool1d}. */
export interface Pool1DOptions {
  /** Window length. */
  poolSize: number;
  /** Default: poolSize (non-overlapping windows). */
  strides?: number;
  /** 'valid' (default) or 'same'; windows never count padding. */
  padding?: 'valid' | 'same';
}

function pool1d(op: string, pool: typeof maxPool2d, x: Tensor, options: Pool1DOptions): Tensor {
  const xt = asTensor(op, x);
  checkRank3(op, xt);
  if (options === undefined) throw new Error(`${op}: expected options { poolSize, strides?, padding? }, got undefined`);
  checkOptions(op, options, ['poolSize', 'strides', 'padding']);
  const size = positiveInt(op, 'poolSize', options.poolSize, NaN);
  const stride = positiveInt(op, 'strides', options.strides, size);
  const [batch, steps, channels] = xt.shape;
  if ((options.padding ?? 'valid') === 'valid' && size > steps) {
    throw new Error(`${op}: a window of ${size} steps does not fit the ${steps} steps of the input ${formatShape(xt.shape)} with 'valid' padding`);
  }
  const y = pool(reshape(xt, [batch, 1, steps, channels]), { poolSize: [1, size], strides: [1, stride], padding: options.padding });
  return reshape(y, [batch, y.shape[2], channels]);
}

/**
 * Max over windows along the steps of x [batch, steps, channels] (Keras MaxPooling1D); the gradient goes to each window's maximum.
 * @example maxPool1d(tensor([[[1], [3], [2], [0]]]), { poolSize: 2 }) // [[[3], [2]]]
 */
export function maxPool1d(x: Tensor, options: Pool1DOptions): Tensor {
  return pool1d('maxPool1d', maxPool2d, x, options);
}

/**
 * Mean over windows along the steps of x [batch, steps, channels] (Keras AveragePooling1D); padding is not counted.
 * @example avgPool1d(tensor([[[1], [3], [2], [0]]]), { poolSize: 2 }) // [[[2], [1]]]
 */
export function avgPool1d(x: Tensor, options: Pool1DOptions): Tensor {
  return pool1d('avgPool1d', avgPool2d, x, options);
}
