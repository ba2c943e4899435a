import { Tensor, add, addRelu, checkChoice, describeValue, type Padding } from '@rectify/core';
import { canonicalActivation, getActivation, type ActivationFn } from '../activations/get-activation.js';

// Option checks and the bias + activation tail shared by the convolution layers.

/** Rectify computes channels-last only: a config asking for channels-first must fail, not be silently misread. */
export function checkDataFormat(layer: string, v: unknown): void {
  if (v !== undefined && v !== null && v !== 'channelsLast' && v !== 'channels_last') {
    throw new Error(`${layer}: dataFormat must be 'channelsLast' (NHWC, the only layout supported), got ${describeValue(v)}`);
  }
}

/** A positive integer or a pair of them (window sizes, strides, dilations), else an error naming the layer. */
export function checkPair(layer: string, name: string, v: unknown): void {
  const entries: unknown[] = typeof v === 'number' ? [v] : Array.isArray(v) && v.length === 2 ? v : [];
  if (entries.length === 0 || entries.some((d) => typeof d !== 'number' || !Number.isInteger(d) || d < 1)) {
    throw new Error(`${layer}: ${name} must be a positive integer or a pair of them, got ${describeValue(v)}`);
  }
}

/** A checked pair from a number or a pair; a required option passes fallback NaN. */
export function pairOption(layer: string, name: string, v: unknown, fallback: number): [number, number] {
  const value = v ?? (Number.isNaN(fallback) ? undefined : fallback);
  checkPair(layer, name, value);
  return typeof value === 'number' ? [value, value] : [(value as number[])[0], (value as number[])[1]];
}

/** A positive integer given as a number or a one-element list (TF.js and Keras write `kernel_size: [3]` for 1-D layers). */
export function singleOption(layer: string, name: string, v: unknown, fallback?: number): number {
  const value = Array.isArray(v) && v.length === 1 ? v[0] : v ?? fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new Error(`${layer}: ${name} must be a positive integer (or a list of one), got ${describeValue(v)}`);
  }
  return value;
}

/** A checked padding mode. */
export function paddingOption(layer: string, v: unknown, allowed: readonly Padding[] = ['valid', 'same']): Padding {
  return checkChoice(layer, 'padding', v as Padding | undefined, allowed, 'valid');
}

/** The canonical activation name and its function. */
export function activationOption(owner: string, v: unknown): { name: string; fn: ActivationFn } {
  const name = canonicalActivation(owner, (v ?? 'linear') as string);
  return { name, fn: getActivation(name) };
}

/** activation(z + bias), with bias + ReLU fused. */
export function biasAndActivation(z: Tensor, bias: Tensor | null, activation: { name: string; fn: ActivationFn }): Tensor {
  if (activation.name === 'relu' && bias) return addRelu(z, bias);
  return activation.fn(bias ? add(z, bias) : z);
}
