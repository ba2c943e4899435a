import { record } from '../autograd/record.js';
import type { Conv2DInfo } from '../backend/backend.js';
import { formatShape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { convGeometry, inShapeOf, outShapeOf, type Conv2DOptions } from './conv-geometry.js';
import { asPair, kernels } from './operands.js';
import { checkOptions } from '../options.js';

/**
 * Depthwise 2-D convolution of NHWC x with a [kh, kw, in, mult] filter: every input channel c is convolved
 * with its own `mult` filters, y[b, i, j, c * mult + q] = sum_{p, r} x[b, i * sh + p * dh - padTop,
 * j * sw + r * dw - padLeft, c] * w[p, r, c, q]. The output has in * mult channels (Keras DepthwiseConv2D).
 * @example depthwiseConv2d(zeros([1, 8, 8, 3]), zeros([3, 3, 3, 2]), { padding: 'same' }).shape // [1, 8, 8, 6]
 */
export function depthwiseConv2d(x: Tensor, filter: Tensor, options?: Conv2DOptions): Tensor {
  checkOptions('depthwiseConv2d', options, ['strides', 'padding', 'dilations']);
  options ??= {};
  const [xt, w] = asPair('depthwiseConv2d', x, filter);
  if (w.rank !== 4) throw new Error(`depthwiseConv2d: filter must have rank 4 [kh, kw, in, mult], got shape ${formatShape(w.shape)}`);
  const info = convGeometry('depthwiseConv2d', xt.shape, w.shape[0], w.shape[1], w.shape[2] * w.shape[3], options);
  if (w.shape[2] !== info.inChannels) {
    throw new Error(`depthwiseConv2d: input has ${info.inChannels} channels (shape ${formatShape(xt.shape)}) but the filter ${formatShape(w.shape)} expects ${w.shape[2]}`);
  }
  if (w.shape[3] < 1) throw new Error(`depthwiseConv2d: the channel multiplier (last axis of the filter ${formatShape(w.shape)}) must be at least 1`);
  return depthwiseWithInfo(xt, w, info);
}

function depthwiseWithInfo(x: Tensor, w: Tensor, info: Conv2DInfo): Tensor {
  // dx = depthwise-transpose(dy, w); dw = correlation of x with dy per channel
  return record('depthwiseConv2d', kernels().depthwiseConv2d(x.values, w.values, info), outShapeOf(info), [x, w], (dy) => [
    x.requiresGrad ? depthwiseBackpropInput(dy, w, info) : null,
    w.requiresGrad ? depthwiseBackpropFilter(x, dy, info) : null,
  ]);
}

// Both backprops are bilinear ops with the forward as their adjoint, so gradients of gradients stay in this set.
function depthwiseBackpropInput(dy: Tensor, w: Tensor, info: Conv2DInfo): Tensor {
  // d(dx) = depthwise(g, w) into dy, depthwise-filter(g, dy) into w
  return record('depthwiseConv2dBackpropInput', kernels().depthwiseConv2dBackpropInput(dy.values, w.values, info), inShapeOf(info), [dy, w], (g) => [
    depthwiseWithInfo(g, w, info),
    depthwiseBackpropFilter(g, dy, info),
  ]);
}

function depthwiseBackpropFilter(x: Tensor, dy: Tensor, info: Conv2DInfo): Tensor {
  const shape = [info.kernelHeight, info.kernelWidth, info.inChannels, info.outChannels / info.inChannels];
  // d(dw) = depthwise-transpose(dy, g) into x, depthwise(x, g) into dy
  return record('depthwiseConv2dBackpropFilter', kernels().depthwiseConv2dBackpropFilter(x.values, dy.values, info), shape, [x, dy], (g) => [
    depthwiseBackpropInput(dy, g, info),
    depthwiseWithInfo(x, g, info),
  ]);
}
