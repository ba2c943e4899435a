import type { Conv2DInfo } from '../backend/backend.js';
import { formatShape } from '../shape.js';

// The one place that turns window sizes, strides, dilations and a padding mode into output sizes and
// padding amounts. Every convolution and pooling op (and the layers, for their output shapes) goes through it.

/**
 * How a window meets the border: 'valid' (no padding), 'same' (zero-pad so out = ceil(in / stride), the
 * extra pixel of an odd total at the end, as TF), or 'causal' (1-D only: pad (k - 1) * dilation at the
 * start, so an output never sees a later step, as Keras Conv1D).
 */
export type Padding = 'valid' | 'same' | 'causal';

/** Options shared by the 2-D convolutions. */
export interface Conv2DOptions {
  /** Step between windows: one number or [height, width]. Default 1. */
  strides?: number | readonly [number, number];
  /** 'valid' (no padding, default) or 'same' (zero-pad so out = ceil(in / stride)). */
  padding?: Padding;
  /** Spacing between kernel taps: one number or [height, width]. Default 1. */
  dilations?: number | readonly [number, number];
}

/**
 * A positive integer or a pair of them as a pair, or an Error naming the op, the option and the value.
 * @example toPair('conv2d', 'strides', 2, 1) // [2, 2]
 */
export function toPair(op: string, name: string, v: number | readonly number[] | undefined, fallback: number): [number, number] {
  const p = v === undefined ? [fallback, fallback] : typeof v === 'number' ? [v, v] : Array.isArray(v) ? [...v] : [NaN];
  if (p.length !== 2 || p.some((d) => !Number.isInteger(d) || d < 1)) {
    throw new Error(`${op}: ${name} must be a positive integer or a pair of them, got ${JSON.stringify(v)}`);
  }
  return p as [number, number];
}

/**
 * A padding mode, checked: `allowed` lists the modes the op accepts (only Conv1D-style ops take 'causal').
 * @example checkPadding('conv2d', undefined) // 'valid'
 */
export function checkPadding(op: string, padding: unknown, allowed: readonly Padding[] = ['valid', 'same']): Padding {
  const p = padding ?? 'valid';
  if (!allowed.includes(p as Padding)) {
    throw new Error(`${op}: padding must be ${allowed.map((a) => `'${a}'`).join(' or ')}, got ${JSON.stringify(padding)}`);
  }
  return p as Padding;
}

/**
 * Output size and leading padding along one axis, as TF computes them. The trailing padding is whatever
 * the last window needs beyond the input; kernels treat every position outside the input as padding.
 * @example axisGeometry(5, 3, 2, 1, 'same') // [3, 1]: out = ceil(5 / 2), total padding 2, 1 before
 */
export function axisGeometry(size: number, k: number, stride: number, dilation: number, padding: Padding): [out: number, padBefore: number] {
  const eff = (k - 1) * dilation + 1;
  if (padding === 'valid') return [Math.max(Math.ceil((size - eff + 1) / stride), 0), 0];
  if (padding === 'causal') return [Math.ceil(size / stride), eff - 1];
  const out = Math.ceil(size / stride);
  const total = Math.max((out - 1) * stride + eff - size, 0);
  return [out, Math.floor(total / 2)];
}

/**
 * Geometry of a convolution or pooling window of [kh, kw] over an NHWC input: output size, padding,
 * strides and dilations, checked. 'causal' pads only the width axis (the time axis of a 1-D op seen as
 * a 2-D op of height 1).
 * @example convGeometry('conv2d', [1, 28, 28, 1], 3, 3, 8, { padding: 'same' }).outHeight // 28
 */
export function convGeometry(op: string, xShape: readonly number[], kh: number, kw: number, outChannels: number, options: Conv2DOptions, allowedPadding: readonly Padding[] = ['valid', 'same']): Conv2DInfo {
  if (xShape.length !== 4) throw new Error(`${op}: expected an NHWC input of rank 4, got shape ${formatShape(xShape)}`);
  const padding = checkPadding(op, options.padding, allowedPadding);
  const [sh, sw] = toPair(op, 'strides', options.strides, 1);
  const [dh, dw] = toPair(op, 'dilations', options.dilations, 1);
  const [batch, inHeight, inWidth, inChannels] = xShape;
  const [outHeight, padTop] = axisGeometry(inHeight, kh, sh, dh, padding === 'causal' ? 'valid' : padding);
  const [outWidth, padLeft] = axisGeometry(inWidth, kw, sw, dw, padding);
  if (outHeight <= 0 || outWidth <= 0) {
    throw new Error(`${op}: a ${kh}x${kw} window (dilations ${dh}x${dw}) does not fit the ${inHeight}x${inWidth} input with '${padding}' padding`);
  }
  return { batch, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels, kernelHeight: kh, kernelWidth: kw, strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw, padTop, padLeft };
}

/**
 * Output length of a transposed convolution along one axis when no output shape is given (Keras
 * `deconv_output_length` without output padding): 'valid' in * stride + max(eff - stride, 0), 'same' in * stride.
 * @example transposedLength(4, 3, 2, 1, 'valid') // 9
 */
export function transposedLength(size: number, k: number, stride: number, dilation: number, padding: Padding): number {
  const eff = (k - 1) * dilation + 1;
  return padding === 'same' ? size * stride : size * stride + Math.max(eff - stride, 0);
}

/** [batch, outHeight, outWidth, outChannels]. */
export const outShapeOf = (c: Conv2DInfo): number[] => [c.batch, c.outHeight, c.outWidth, c.outChannels];
/** [batch, inHeight, inWidth, inChannels]. */
export const inShapeOf = (c: Conv2DInfo): number[] => [c.batch, c.inHeight, c.inWidth, c.inChannels];
