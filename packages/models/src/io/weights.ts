import { formatShape } from '@rectify/core';
import type { Sequential } from '../sequential.js';
import type { WeightSpec } from './format.js';
import type { CheckedSpec } from './manifest.js';

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

/** Every `/`-separated suffix of a manifest name (`a/dense/kernel` -> `dense/kernel`, `kernel`), for prefix-tolerant lookup. */
function suffixes(name: string): string[] {
  const out: string[] = [];
  for (let i = name.indexOf('/'); i !== -1; i = name.indexOf('/', i + 1)) out.push(name.slice(i + 1));
  return out;
}

/**
 * Decodes the weight bytes and assigns them to the model's weights by name (a manifest name may carry a
 * prefix, e.g. `sequential/dense/kernel`). The specs come checked (`checkManifest`); everything is matched
 * and checked before anything is assigned.
 */
export function assignWeights(model: Sequential, specs: CheckedSpec[], data: ArrayBuffer): void {
  const expectedBytes = specs.reduce((a, s) => a + s.size, 0) * 4;
  if (data.byteLength !== expectedBytes) {
    throw new Error(`loadModel: the weights hold ${data.byteLength} bytes but the manifest describes ${expectedBytes} (${data.byteLength < expectedBytes ? 'truncated' : 'extra data'})`);
  }
  const byName = new Map<string, { spec: CheckedSpec; offset: number }>();
  // first spec in manifest order wins for a suffix, as an exact name always does
  const bySuffix = new Map<string, string>();
  let offset = 0;
  for (const spec of specs) {
    byName.set(spec.name, { spec, offset });
    for (const s of suffixes(spec.name)) if (!bySuffix.has(s)) bySuffix.set(s, spec.name);
    offset += spec.size * 4;
  }
  const used = new Set<string>();
  const weights = model.weights;
  const matched = weights.map((w) => {
    const key = byName.has(w.name) ? w.name : bySuffix.get(w.name);
    if (key === undefined) {
      const known = [...byName.keys()];
      throw new Error(`loadModel: weight '${w.name}' (shape ${formatShape(w.shape)}) is missing from the weights manifest; it has ${known.slice(0, 20).join(', ') || 'nothing'}${known.length > 20 ? `, ... (${known.length} in all)` : ''}`);
    }
    if (used.has(key)) throw new Error(`loadModel: manifest weight '${key}' matches two weights of the model, the second being '${w.name}'`);
    const { spec, offset: at } = byName.get(key)!;
    if (spec.shape.length !== w.shape.length || spec.shape.some((d, i) => d !== w.shape[i])) {
      throw new Error(`loadModel: weight '${w.name}' has shape ${formatShape(spec.shape)} in the file but the model expects ${formatShape(w.shape)}`);
    }
    used.add(key);
    return { size: spec.size, at };
  });
  const extra = [...byName.keys()].filter((k) => !used.has(k));
  if (extra.length) throw new Error(`loadModel: the file has weights the model does not use: ${extra.slice(0, 20).join(', ')}${extra.length > 20 ? `, ... (${extra.length} in all)` : ''}`);
  // decoded one weight at a time, so loading holds the file's bytes and the weights plus one weight at most
  weights.forEach((w, i) => {
    const { size, at } = matched[i];
    const out = new Float32Array(size);
    const view = new DataView(data, at, size * 4);
    for (let j = 0; j < size; j++) out[j] = view.getFloat32(j * 4, true);
    w.assign(out);
  });
}

/**
 * The weight bytes of in-memory artifacts as one buffer: TF.js `weightData` is an ArrayBuffer or a list of
 * them (shards). The total must be the manifest's size before anything is copied.
 */
export function weightDataBuffer(weightData: unknown, expectedBytes: number): ArrayBuffer {
  if (weightData === undefined || weightData === null) return new ArrayBuffer(0);
  if (weightData instanceof ArrayBuffer) return weightData;
  if (!Array.isArray(weightData) || !weightData.every((b) => b instanceof ArrayBuffer)) {
    throw new Error(`loadModel: the artifacts' weightData is ${Array.isArray(weightData) ? 'a list holding something other than ArrayBuffers' : typeof weightData}; expected an ArrayBuffer or a list of them`);
  }
  const total = weightData.reduce((n, b: ArrayBuffer) => n + b.byteLength, 0);
  if (total !== expectedBytes) throw new Error(`loadModel: the weights hold ${total} bytes but the manifest describes ${expectedBytes} (${total < expectedBytes ? 'truncated' : 'extra data'})`);
  const out = new Uint8Array(total);
  let at = 0;
  for (const b of weightData as ArrayBuffer[]) {
    out.set(new Uint8Array(b), at);
    at += b.byteLength;
  }
  return out.buffer;
}
