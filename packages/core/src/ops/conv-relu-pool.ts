import { isGradEnabled } from '../autograd/grad-mode.js';
import { constant, record } from '../autograd/record.js';
import { allocate } from '../dtype.js';
import type { Tensor } from '../tensor.js';
import { mul } from './arithmetic.js';
import { biasedConvOperands, conv2dBackpropFilter, conv2dBackpropInput, conv2dAddRelu, maxPool2d, poolInfo, type Pool2DOptions } from './conv.js';
import { outShapeOf, type Conv2DOptions } from './conv-geometry.js';
import { scatterAddFlat } from './layout.js';
import { kernels } from './operands.js';
import { sum } from './reduce.js';

/**
 * maxPool2d(relu(conv2d(x, kernel) + bias)) as one op, what a Conv2D layer with a ReLU followed by a
 * MaxPooling2D runs in a model: the convolution's output, four times the pooled one, is never handed back
 * (the wasm backend pools it where it lies in wasm memory), and the backward pass sends the pooled gradient,
 * masked by the ReLU (a window's maximum passes it when it is positive), straight to the convolution's
 * gradients instead of through a scatter and a ReLU backward over the full-size output. Gradients are the
 * composition's. No groups; a bias of another dtype than the input runs the composition.
 * @example conv2dReluMaxPool(zeros([1, 28, 28, 1]), zeros([3, 3, 1, 8]), zeros([8]), {}, { poolSize: 2 }).shape // [1, 13, 13, 8]
 */
export function conv2dReluMaxPool(x: Tensor, kernel: Tensor, bias: Tensor, convOptions: Conv2DOptions, poolOptions: Pool2DOptions): Tensor {
  const { xt, w, b, info: conv } = biasedConvOperands('conv2dReluMaxPool', x, kernel, bias, convOptions);
  if (b.dtype !== xt.dtype) return maxPool2d(conv2dAddRelu(xt, w, b, convOptions), poolOptions);
  const convShape = outShapeOf(conv);
  const pool = poolInfo('conv2dReluMaxPool', convShape, poolOptions);
  const { values, indices } = kernels().conv2dReluMaxPool(xt.values, w.values, b.values, conv, pool);
  return record('conv2dReluMaxPool', values, outShapeOf(pool), [xt, w, b], (dy) => {
    // a window passes its gradient to its maximum when the ReLU let that maximum through (values[i] > 0)
    if (isGradEnabled()) {
      // building a graph of the gradient (second order): the same gradients as ops
      const passes = allocate(dy.dtype, values.length);
      for (let i = 0; i < values.length; i++) passes[i] = values[i] > 0 ? 1 : 0;
      const dz = scatterAddFlat(mul(dy, constant(passes, dy.shape)), indices, convShape);
      return [xt.requiresGrad ? conv2dBackpropInput(dz, w, conv) : null, w.requiresGrad ? conv2dBackpropFilter(xt, dz, conv) : null, b.requiresGrad ? sum(dz, [0, 1, 2]) : null];
    }
    const { dw, dbias, dx } = kernels().conv2dReluMaxPoolBackprop(xt.values, w.values, dy.values, values, indices, conv, xt.requiresGrad);
    return [dx ? constant(dx, xt.shape) : null, constant(dw, w.shape), constant(dbias, b.shape)];
  });
}
