import { formatShape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { conv2d } from './conv.js';
import type { Conv2DOptions } from './conv-geometry.js';
import { depthwiseConv2d } from './depthwise-conv.js';
import { asTensor } from './operands.js';
import { checkOptions } from '../options.js';

/**
 * Depthwise-separable convolution (Keras SeparableConv2D): a depthwise convolution with `depthwiseFilter`
 * [kh, kw, in, mult] and the given strides, padding and dilations, then a 1x1 convolution with
 * `pointwiseFilter` of shape [1, 1, in * mult, out], so y = conv2d(depthwiseConv2d(x, dw), pw). Gradients flow through both.
 * @example separableConv2d(zeros([1, 8, 8, 3]), zeros([3, 3, 3, 1]), zeros([1, 1, 3, 16]), { padding: 'same' }).shape // [1, 8, 8, 16]
 */
export function separableConv2d(x: Tensor, depthwiseFilter: Tensor, pointwiseFilter: Tensor, options?: Conv2DOptions): Tensor {
  checkOptions('separableConv2d', options, ['strides', 'padding', 'dilations']);
  options ??= {};
  const dw = asTensor('separableConv2d', depthwiseFilter, 'float32', 'depthwiseFilter');
  const pw = asTensor('separableConv2d', pointwiseFilter, 'float32', 'pointwiseFilter');
  if (pw.rank !== 4 || pw.shape[0] !== 1 || pw.shape[1] !== 1) {
    throw new Error(`separableConv2d: pointwiseFilter must have shape [1, 1, in * mult, out], got ${formatShape(pw.shape)}`);
  }
  if (dw.rank === 4 && pw.shape[2] !== dw.shape[2] * dw.shape[3]) {
    throw new Error(`separableConv2d: the depthwise filter ${formatShape(dw.shape)} gives ${dw.shape[2] * dw.shape[3]} channels but the pointwise filter ${formatShape(pw.shape)} expects ${pw.shape[2]}`);
  }
  return conv2d(depthwiseConv2d(x, dw, options), pw);
}
