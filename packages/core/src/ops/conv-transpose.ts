import { formatShape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { conv2dBackpropInput } from './conv.js';
import { checkPadding, convGeometry, toPair, transposedLength, type Conv2DOptions } from './conv-geometry.js';
import { asPair } from './operands.js';
import { checkOptions } from '../options.js';

/** Options of {@link conv2dTranspose}. */
export interface Conv2DTransposeOptions extends Conv2DOptions {
  /**
   * The output's [height, width] (or its whole [batch, height, width, channels] shape, as TF.js). By
   * default Keras' Conv2DTranspose size: in * stride for 'same', in * stride + max(k_eff - stride, 0) for 'valid'.
   */
  outputShape?: readonly number[];
}

/**
 * Transposed convolution (Keras Conv2DTranspose, TF's conv2d_transpose) of NHWC x with a [kh, kw, out, in]
 * filter: the gradient of conv2d(y, filter) with respect to its input y, so each input pixel spreads
 * filter-weighted copies of itself over a kh x kw window of the (stride times larger) output.
 * @example conv2dTranspose(zeros([1, 4, 4, 8]), zeros([3, 3, 16, 8]), { strides: 2, padding: 'same' }).shape // [1, 8, 8, 16]
 */
export function conv2dTranspose(x: Tensor, filter: Tensor, options?: Conv2DTransposeOptions): Tensor {
  const op = 'conv2dTranspose';
  checkOptions(op, options, ['outputShape', 'strides', 'padding', 'dilations']);
  options ??= {};
  const [xt, w] = asPair(op, x, filter);
  if (xt.rank !== 4) throw new Error(`${op}: expected an NHWC input of rank 4, got shape ${formatShape(xt.shape)}`);
  if (w.rank !== 4) throw new Error(`${op}: filter must have rank 4 [kh, kw, out, in], got shape ${formatShape(w.shape)}`);
  const [batch, inHeight, inWidth, inChannels] = xt.shape;
  const [kh, kw, outChannels, filterIn] = w.shape;
  if (filterIn !== inChannels) {
    throw new Error(`${op}: input has ${inChannels} channels (shape ${formatShape(xt.shape)}) but the filter ${formatShape(w.shape)} [kh, kw, out, in] expects ${filterIn}`);
  }
  const padding = checkPadding(op, options.padding);
  const [sh, sw] = toPair(op, 'strides', options.strides, 1);
  const [dh, dw] = toPair(op, 'dilations', options.dilations, 1);
  const [outHeight, outWidth] = options.outputShape === undefined
    ? [transposedLength(inHeight, kh, sh, dh, padding), transposedLength(inWidth, kw, sw, dw, padding)]
    : checkOutputShape(options.outputShape, batch, outChannels);
  // the geometry of the forward convolution this op is the input gradient of: output -> x
  const info = convGeometry(op, [batch, outHeight, outWidth, outChannels], kh, kw, inChannels, { strides: [sh, sw], dilations: [dh, dw], padding });
  if (info.outHeight !== inHeight || info.outWidth !== inWidth) {
    throw new Error(`${op}: an output of ${outHeight}x${outWidth} convolved with a ${kh}x${kw} window, strides ${sh}x${sw} and '${padding}' padding gives ${info.outHeight}x${info.outWidth}, not the input's ${inHeight}x${inWidth}`);
  }
  return conv2dBackpropInput(xt, w, info);
}

function checkOutputShape(shape: readonly number[], batch: number, channels: number): [number, number] {
  const op = 'conv2dTranspose';
  const ok = Array.isArray(shape) && (shape.length === 2 || shape.length === 4) && shape.every((d) => Number.isInteger(d) && d > 0);
  if (!ok) throw new Error(`${op}: outputShape must be [height, width] or [batch, height, width, channels] of positive integers, got ${JSON.stringify(shape)}`);
  if (shape.length === 4 && (shape[0] !== batch || shape[3] !== channels)) {
    throw new Error(`${op}: outputShape ${formatShape(shape)} must have the input's batch ${batch} and the filter's ${channels} output channels`);
  }
  return shape.length === 2 ? [shape[0], shape[1]] : [shape[1], shape[2]];
}
