import { record } from '../autograd/record.js';
import type { Conv2DInfo } from '../backend/backend.js';
import { assertSize, formatShape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { asPair, asTensor, kernels } from './operands.js';
import { convGeometry, inShapeOf, outShapeOf, toPair, type Conv2DOptions, type Padding } from './conv-geometry.js';
import { concat, scatterAddFlat, slice } from './layout.js';
import { depthwiseConv2d } from './depthwise-conv.js';
import { reshape } from './reshape.js';
import { checkOptions } from '../options.js';
import { addRelu, addReluBackprop } from './arithmetic.js';

export { convGeometry, type Conv2DOptions, type Padding } from './conv-geometry.js';

/** Options of {@link conv2d}: the shared geometry plus channel groups. */
export interface Conv2DGroupOptions extends Conv2DOptions {
  /**
   * Split the channels into `groups` independent convolutions (default 1): input channel block g meets
   * only output channel block g, and the kernel is [kh, kw, in / groups, out].
   */
  groups?: number;
}

/**
 * 2-D convolution (cross-correlation, as every framework) of NHWC input x with a [kh, kw, in / groups, out]
 * kernel: y[b, i, j, o] = sum_{p, q, c} x[b, i * sh + p * dh - padTop, j * sw + q * dw - padLeft, c] * w[p, q, c, o],
 * c running over the input channels of o's group.
 * @example conv2d(zeros([1, 28, 28, 1]), zeros([3, 3, 1, 8]), { padding: 'same' }).shape // [1, 28, 28, 8]
 */
export function conv2d(x: Tensor, kernel: Tensor, options: Conv2DGroupOptions = {}): Tensor {
  checkOptions('conv2d', options, ['strides', 'padding', 'dilations', 'groups']);
  options ??= {};
  const [xt, w] = asPair('conv2d', x, kernel);
  if (w.rank !== 4) throw new Error(`conv2d: kernel must have rank 4 [kh, kw, in, out], got shape ${formatShape(w.shape)}`);
  const groups = options.groups ?? 1;
  if (!Number.isInteger(groups) || groups < 1) throw new Error(`conv2d: groups must be a positive integer, got ${JSON.stringify(options.groups)}`);
  const info = convGeometry('conv2d', xt.shape, w.shape[0], w.shape[1], w.shape[3], options);
  if (w.shape[2] * groups !== info.inChannels) {
    const per = groups > 1 ? ` (${groups} groups of ${w.shape[2]})` : '';
    throw new Error(`conv2d: input has ${info.inChannels} channels (shape ${formatShape(xt.shape)}) but the kernel ${formatShape(w.shape)} expects ${w.shape[2] * groups}${per}`);
  }
  if (groups === 1) return conv2dWithInfo(xt, w, info);
  if (info.outChannels % groups !== 0) {
    throw new Error(`conv2d: ${info.outChannels} output channels (kernel ${formatShape(w.shape)}) do not split into ${groups} groups`);
  }
  // one input channel per group is a depthwise convolution: output o = c * mult + q reads input channel c
  if (w.shape[2] === 1) {
    const depthwise = reshape(w, [w.shape[0], w.shape[1], groups, info.outChannels / groups]);
    return depthwiseConv2d(xt, depthwise, { strides: options.strides, padding: options.padding, dilations: options.dilations });
  }
  return groupedConv2d(xt, w, info, groups);
}

// Each group is an ordinary convolution over its block of channels; the results join along channels.
function groupedConv2d(x: Tensor, w: Tensor, info: Conv2DInfo, groups: number): Tensor {
  const cin = info.inChannels / groups;
  const cout = info.outChannels / groups;
  const groupInfo = { ...info, inChannels: cin, outChannels: cout };
  const outputs = Array.from({ length: groups }, (_, g) => {
    const xg = slice(x, [0, 0, 0, g * cin], [-1, -1, -1, cin]);
    const wg = slice(w, [0, 0, 0, g * cout], [-1, -1, -1, cout]);
    return conv2dWithInfo(xg, wg, groupInfo);
  });
  return concat(outputs, 3);
}

/** conv2d over a checked geometry (the forward of conv2d and the adjoint of conv2dBackpropInput). */
export function conv2dWithInfo(x: Tensor, w: Tensor, info: Conv2DInfo): Tensor {
  // dx = conv2d^T(dy, w), dw = x (*) dy
  return record('conv2d', kernels().conv2d(x.values, w.values, info), outShapeOf(info), [x, w], (dy) => [
    x.requiresGrad ? conv2dBackpropInput(dy, w, info) : null,
    w.requiresGrad ? conv2dBackpropFilter(x, dy, info) : null,
  ]);
}

/**
 * relu(conv2d(x, kernel) + bias) for a [out] bias, the bias and ReLU applied to the convolution's output in
 * the kernel's own memory before it is handed back (what a Conv2D layer with a ReLU runs); no groups. The
 * gradient is the composition's. A bias of another dtype than the input runs the composition (add widens).
 * @example conv2dAddRelu(zeros([1, 28, 28, 1]), zeros([3, 3, 1, 8]), zeros([8]), { padding: 'same' }).shape // [1, 28, 28, 8]
 */
export function conv2dAddRelu(x: Tensor, kernel: Tensor, bias: Tensor, options: Conv2DOptions = {}): Tensor {
  const { xt, w, b, info } = biasedConvOperands('conv2dAddRelu', x, kernel, bias, options);
  if (b.dtype !== xt.dtype) return addRelu(conv2dWithInfo(xt, w, info), b);
  const out: Tensor = record('conv2dAddRelu', kernels().conv2dAddRelu(xt.values, w.values, b.values, info), outShapeOf(info), [xt, w, b], (dy) => {
    const [dz, db] = addReluBackprop(dy, out, b);
    return [xt.requiresGrad ? conv2dBackpropInput(dz, w, info) : null, w.requiresGrad ? conv2dBackpropFilter(xt, dz, info) : null, b.requiresGrad ? db : null];
  });
  return out;
}

/** The checked operands and geometry of a convolution with a [out] bias and no groups (`op` names the caller in errors). */
export function biasedConvOperands(op: string, x: Tensor, kernel: Tensor, bias: Tensor, options: Conv2DOptions): { xt: Tensor; w: Tensor; b: Tensor; info: Conv2DInfo } {
  checkOptions(op, options, ['strides', 'padding', 'dilations']);
  const [xt, w] = asPair(op, x, kernel);
  const b = asTensor(op, bias);
  if (w.rank !== 4) throw new Error(`${op}: kernel must have rank 4 [kh, kw, in, out], got shape ${formatShape(w.shape)}`);
  const info = convGeometry(op, xt.shape, w.shape[0], w.shape[1], w.shape[3], options ?? {});
  if (w.shape[2] !== info.inChannels) throw new Error(`${op}: input has ${info.inChannels} channels (shape ${formatShape(xt.shape)}) but the kernel ${formatShape(w.shape)} expects ${w.shape[2]}`);
  if (b.rank !== 1 || b.shape[0] !== info.outChannels) throw new Error(`${op}: bias must have shape [${info.outChannels}] for kernel ${formatShape(w.shape)}, got ${formatShape(b.shape)}`);
  return { xt, w, b, info };
}

// The two backprops are ops too, each linear in both arguments, so the set closes under differentiation.
/** dx of conv2d: the transposed convolution of dy with w; dy has the output shape of `info`. */
export function conv2dBackpropInput(dy: Tensor, w: Tensor, info: Conv2DInfo): Tensor {
  // bilinear in (dy, w): d(dy) = conv2d(g, w), d(w) = g (*) dy
  return record('conv2dBackpropInput', kernels().conv2dBackpropInput(dy.values, w.values, info), inShapeOf(info), [dy, w], (g) => [
    conv2dWithInfo(g, w, info),
    conv2dBackpropFilter(g, dy, info),
  ]);
}

/** dw of conv2d: the correlation of x with dy over the batch and the output pixels. */
export function conv2dBackpropFilter(x: Tensor, dy: Tensor, info: Conv2DInfo): Tensor {
  const shape = [info.kernelHeight, info.kernelWidth, info.inChannels, info.outChannels];
  // bilinear in (x, dy): d(x) = conv2d^T(dy, g), d(dy) = conv2d(x, g)
  return record('conv2dBackpropFilter', kernels().conv2dBackpropFilter(x.values, dy.values, info), shape, [x, dy], (g) => [
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

/** The geometry of pooling windows over an NHWC input of `shape` (outChannels = inChannels). */
export function poolInfo(op: string, shape: readonly number[], options: Pool2DOptions): Conv2DInfo {
  checkOptions(op, options, ['poolSize', 'strides', 'padding']);
  if (!options || options.poolSize === undefined) throw new Error(`${op}: options.poolSize is required`);
  const [ph, pw] = toPair(op, 'poolSize', options.poolSize, 1);
  return convGeometry(op, shape, ph, pw, shape[3] ?? 0, { strides: options.strides ?? [ph, pw], padding: options.padding });
}

/**
 * Max over each window of an NHWC input; the gradient goes to the (first) maximal element.
 * @example maxPool2d(x, { poolSize: 2 }) // halves height and width
 */
export function maxPool2d(x: Tensor, options: Pool2DOptions): Tensor {
  const xt = asTensor('maxPool2d', x);
  const info = poolInfo('maxPool2d', xt.shape, options);
  // the maxima and where they came from in one pass; the gradient scatters to them (and that scatter's gradient gathers)
  const { values, indices } = kernels().maxPool(xt.values, info);
  return record('maxPool2d', values, outShapeOf(info), [xt], (dy) => [scatterAddFlat(dy, indices, xt.shape)]);
}

/** Mean over each window of an NHWC input (windows exclude padding). */
export function avgPool2d(x: Tensor, options: Pool2DOptions): Tensor {
  const xt = asTensor('avgPool2d', x);
  return avgPoolWithInfo(xt, poolInfo('avgPool2d', xt.shape, options));
}

function avgPoolWithInfo(x: Tensor, info: Conv2DInfo): Tensor {
  return record('avgPool2d', kernels().avgPool(x.values, info), outShapeOf(info), [x], (dy) => [avgPoolBackprop(dy, info)]);
}

function avgPoolBackprop(dy: Tensor, info: Conv2DInfo): Tensor {
  return record('avgPool2dBackprop', kernels().avgPoolBackprop(dy.values, info), inShapeOf(info), [dy], (g) => [avgPoolWithInfo(g, info)]);
}
