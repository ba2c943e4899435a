import { Tensor, formatShape } from '@rectify/core';
import type { Layer, Parameter } from '@rectify/layers';
import type { Model } from '../model.js';
import type { WeightSpec } from './format.js';
import { LOAD_LIMITS } from './limits.js';
import { bytesPerValue, quantizeValues, readValues, type QuantizeDtype } from './quantization.js';

/** A model weight with the name it is saved under: nested models' weights are scoped by the model's name. */
export interface NamedWeight {
  name: string;
  weight: Parameter;
}

/** Every weight of a model once, in model weight order, with its saved name. */
export function namedWeights(model: Model): NamedWeight[] {
  const out: NamedWeight[] = [];
  const seen = new Set<Parameter>();
  const walk = (layer: Layer, scope: string) => {
    const nested = 'inputNames' in layer && layer !== model;
    const prefix = nested ? `${scope}${layer.name}/` : scope;
    const own = new Set(layer.sublayers.flatMap((l) => l.weights));
    for (const w of layer.weights) {
      if (own.has(w) || seen.has(w)) continue;
      seen.add(w);
      out.push({ name: `${scope}${w.name}`, weight: w });
    }
    for (const sub of layer.sublayers) walk(sub, prefix);
  };
  walk(model, '');
  // TF.js names nested models' weights without the scope: keep the plain name unless two weights share it
  const counts = new Map<string, number>();
  for (const { weight } of out) counts.set(weight.name, (counts.get(weight.name) ?? 0) + 1);
  return out.map(({ name, weight }) => ({ name: counts.get(weight.name) === 1 ? weight.name : name, weight }));
}

/**
 * Weight specs and their bytes, concatenated in model weight order: little-endian float32, or with
 * `quantize` each weight quantized as the TF.js converter writes it (its spec then says how to dequantize).
 */
export function encodeWeights(weights: ReadonlyArray<{ name: string; weight: Tensor }>, quantize?: QuantizeDtype): { specs: WeightSpec[]; data: ArrayBuffer } {
  const parts: Uint8Array[] = [];
  const specs: WeightSpec[] = weights.map(({ name, weight }) => {
    const spec: WeightSpec = { name, shape: [...weight.shape], dtype: 'float32' };
    if (quantize) {
      const { bytes, quantization } = quantizeValues(weight.values, quantize);
      parts.push(bytes);
      return { ...spec, quantization };
    }
    const bytes = new Uint8Array(weight.size * 4);
    const view = new DataView(bytes.buffer);
    weight.values.forEach((v, i) => view.setFloat32(i * 4, v, true));
    parts.push(bytes);
    return spec;
  });
  const data = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    data.set(p, at);
    at += p.length;
  }
  return { specs, data: data.buffer };
}

function checkSpec(spec: WeightSpec, i: number): number {
  if (!spec || typeof spec !== 'object' || typeof spec.name !== 'string') throw new Error(`loadModel: weight ${i} has no name`);
  if (spec.dtype !== undefined && spec.dtype !== 'float32' && spec.dtype !== 'int32') throw new Error(`loadModel: weight '${spec.name}' has dtype ${JSON.stringify(spec.dtype)}; only float32 and int32 are supported`);
  if (!Array.isArray(spec.shape) || spec.shape.some((d) => !Number.isInteger(d) || d < 0)) throw new Error(`loadModel: weight '${spec.name}' has a bad shape ${JSON.stringify(spec.shape)}`);
  const size = spec.shape.reduce((a, d) => a * d, 1);
  if (size > LOAD_LIMITS.maxWeightElements) throw new Error(`loadModel: weight '${spec.name}' of shape ${formatShape(spec.shape)} is absurdly large`);
  return size;
}

/** The weights of a file by name: each entry's spec and its values, read from the concatenated bytes. */
export function decodeWeights(specs: WeightSpec[], data: ArrayBuffer): Map<string, { spec: WeightSpec; values: () => Float32Array }> {
  if (!Array.isArray(specs)) throw new Error('loadModel: the weight specs must be a list');
  const sizes = specs.map(checkSpec);
  const expectedBytes = sizes.reduce((a, b, i) => a + b * bytesPerValue(specs[i].quantization), 0);
  if (data.byteLength !== expectedBytes) {
    throw new Error(`loadModel: the weights hold ${data.byteLength} bytes but the manifest describes ${expectedBytes} (${data.byteLength < expectedBytes ? 'truncated' : 'extra data'})`);
  }
  const byName = new Map<string, { spec: WeightSpec; values: () => Float32Array }>();
  let offset = 0;
  specs.forEach((spec, i) => {
    if (byName.has(spec.name)) throw new Error(`loadModel: weight '${spec.name}' appears twice in the manifest`);
    const at = offset;
    const size = sizes[i];
    byName.set(spec.name, { spec, values: () => readValues(data, at, size, spec.dtype === 'int32' ? 'int32' : 'float32', spec.quantization) });
    offset += size * bytesPerValue(spec.quantization);
  });
  return byName;
}

/**
 * A manifest name without the RNN cell's scope: Keras and the TF.js converter save recurrent weights under
 * their cell (`lstm/lstm_cell/kernel`, `bidirectional/forward_lstm/lstm_cell_1/kernel`), Rectify's recurrent
 * layers own them directly (`lstm/kernel`).
 */
export function withoutCell(name: string): string {
  const parts = name.split('/');
  if (parts.length < 3 || !/_cell(_\d+)?$/.test(parts[parts.length - 2])) return name;
  return [...parts.slice(0, -2), parts[parts.length - 1]].join('/');
}

/** A name without its second-to-last path segment (`a/b/kernel` -> `a/kernel`), or the name when it has fewer than three. */
function withoutSegment(name: string): string {
  const parts = name.split('/');
  return parts.length < 3 ? name : [...parts.slice(0, -2), parts[parts.length - 1]].join('/');
}

/**
 * Assigns a file's weights to the model's weights by name: the saved (scoped) name, the weight's own name,
 * or a unique manifest name ending with it (a converter may prefix a root scope, e.g. `model/dense/kernel`),
 * either as written or without an RNN cell's scope (`lstm/lstm_cell/kernel` is `lstm/kernel`), and last a
 * wrapped layer's weight scoped by both names (`time_distributed/dense/kernel` is `time_distributed/kernel`).
 * Everything is checked before anything is assigned; names in `skip` (optimizer state) are left for later.
 */
export function assignWeights(model: Model, specs: WeightSpec[], data: ArrayBuffer, skip: ReadonlySet<string> = new Set()): void {
  const byName = decodeWeights(specs, data);
  const names = [...byName.keys()].filter((k) => !skip.has(k));
  const used = new Set<string>();
  const weights = namedWeights(model);
  const values = weights.map(({ name, weight: w }) => {
    let key = [name, w.name].find((k) => byName.has(k) && !skip.has(k) && !used.has(k));
    if (!key) {
      const candidates = names.filter((k) => !used.has(k) && [k, withoutCell(k)].some((n) => n === name || n === w.name || n.endsWith(`/${name}`) || n.endsWith(`/${w.name}`)));
      if (candidates.length > 1) throw new Error(`loadModel: weight '${name}' matches several manifest entries (${candidates.join(', ')})`);
      key = candidates[0];
    }
    if (!key) {
      // Keras 3 scopes a wrapped layer's weights by both names (`time_distributed/dense/kernel`); TF.js and
      // Rectify by the wrapper's alone (`time_distributed/kernel`)
      const nested = names.filter((k) => !used.has(k) && [name, w.name].includes(withoutSegment(k)));
      if (nested.length > 1) throw new Error(`loadModel: weight '${name}' matches several manifest entries (${nested.join(', ')})`);
      key = nested[0];
    }
    if (!key) throw new Error(`loadModel: weight '${name}' (shape ${formatShape(w.shape)}) is missing from the weights manifest; it has ${names.join(', ') || 'nothing'}`);
    const { spec, values: read } = byName.get(key)!;
    if (spec.shape.length !== w.shape.length || spec.shape.some((d, i) => d !== w.shape[i])) {
      throw new Error(`loadModel: weight '${name}' has shape ${formatShape(spec.shape)} in the file but the model expects ${formatShape(w.shape)}`);
    }
    used.add(key);
    return new Tensor(read(), w.shape);
  });
  const extra = names.filter((k) => !used.has(k));
  if (extra.length) throw new Error(`loadModel: the file has weights the model does not use: ${extra.join(', ')}`);
  weights.forEach(({ weight }, i) => weight.assign(values[i]));
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
