import { Tensor, formatShape } from '@rectify/core';
import type { Sequential } from '../sequential.js';
import { MAX_WEIGHT_ELEMENTS, type WeightSpec } from './format.js';

/** Weight specs and little-endian float32 bytes, concatenated in model weight order. */
export function encodeWeights(model: Sequential): { specs: WeightSpec[]; data: ArrayBuffer } {
  const weights = model.weights;
  const total = weights.reduce((n, w) => n + w.size, 0);
  const data = new ArrayBuffer(total * 4);
  const view = new DataView(data);
  let offset = 0;
  for (const w of weights) for (const v of w.data) view.setFloat32((offset++) * 4, v, true);
  return { specs: weights.map((w) => ({ name: w.name, shape: [...w.shape], dtype: 'float32' })), data };
}

function checkSpec(spec: WeightSpec, i: number): number {
  if (!spec || typeof spec.name !== 'string') throw new Error(`loadModel: weight ${i} has no name`);
  if (spec.dtype !== undefined && spec.dtype !== 'float32') throw new Error(`loadModel: weight '${spec.name}' has dtype ${JSON.stringify(spec.dtype)}; only float32 is supported`);
  if (!Array.isArray(spec.shape) || spec.shape.some((d) => !Number.isInteger(d) || d < 0)) throw new Error(`loadModel: weight '${spec.name}' has a bad shape ${JSON.stringify(spec.shape)}`);
  const size = spec.shape.reduce((a, d) => a * d, 1);
  if (size > MAX_WEIGHT_ELEMENTS) throw new Error(`loadModel: weight '${spec.name}' of shape ${formatShape(spec.shape)} is absurdly large`);
  return size;
}

/**
 * Decodes the weight bytes and assigns them to the model's weights by name (a manifest name may carry a
 * prefix, e.g. `sequential/dense/kernel`). Everything is checked before anything is assigned.
 */
export function assignWeights(model: Sequential, specs: WeightSpec[], data: ArrayBuffer): void {
  const sizes = specs.map(checkSpec);
  const expectedBytes = sizes.reduce((a, b) => a + b, 0) * 4;
  if (data.byteLength !== expectedBytes) {
    throw new Error(`loadModel: the weights hold ${data.byteLength} bytes but the manifest describes ${expectedBytes} (${data.byteLength < expectedBytes ? 'truncated' : 'extra data'})`);
  }
  const byName = new Map<string, { spec: WeightSpec; offset: number; size: number }>();
  let offset = 0;
  specs.forEach((spec, i) => {
    if (byName.has(spec.name)) throw new Error(`loadModel: weight '${spec.name}' appears twice in the manifest`);
    byName.set(spec.name, { spec, offset, size: sizes[i] });
    offset += sizes[i] * 4;
  });
  const weights = model.weights;
  const used = new Set<string>();
  const values = weights.map((w) => {
    const key = [...byName.keys()].find((k) => k === w.name || k.endsWith(`/${w.name}`));
    if (!key) throw new Error(`loadModel: weight '${w.name}' (shape ${formatShape(w.shape)}) is missing from the weights manifest; it has ${[...byName.keys()].join(', ') || 'nothing'}`);
    const { spec, offset: at, size } = byName.get(key)!;
    if (spec.shape.length !== w.shape.length || spec.shape.some((d, i) => d !== w.shape[i])) {
      throw new Error(`loadModel: weight '${w.name}' has shape ${formatShape(spec.shape)} in the file but the model expects ${formatShape(w.shape)}`);
    }
    used.add(key);
    const out = new Float32Array(size);
    const view = new DataView(data, at, size * 4);
    for (let i = 0; i < size; i++) out[i] = view.getFloat32(i * 4, true);
    return new Tensor(out, w.shape);
  });
  const extra = [...byName.keys()].filter((k) => !used.has(k));
  if (extra.length) throw new Error(`loadModel: the file has weights the model does not use: ${extra.join(', ')}`);
  weights.forEach((w, i) => w.assign(values[i]));
}
