import type { Quantization } from './quantization.js';

/** A weight's entry in the manifest: `<layer>/<weight>`, shape, dtype. */
export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32';
  /** 'optimizer' for the optimizer's state (TF.js writes it after the model's weights). */
  group?: string;
  /** How the stored bytes map back to float32 (quantized files of the TF.js converter or `save({ quantize })`). */
  quantization?: Quantization;
}

/** The TF.js LayersModel `model.json`. */
export interface ModelJson {
  format: 'layers-model';
  generatedBy: string;
  convertedBy: string | null;
  modelTopology: Record<string, unknown>;
  weightsManifest: Array<{ paths: string[]; weights: WeightSpec[] }>;
  /** What `compile` was given (loss, metrics, optimizer), when saved with the optimizer. */
  trainingConfig?: Record<string, unknown>;
}

/** A model in memory, as TF.js `ModelArtifacts`: topology, weight specs and the concatenated float32 data. */
export interface ModelArtifacts {
  modelTopology: Record<string, unknown>;
  weightSpecs: WeightSpec[];
  weightData: ArrayBuffer;
  trainingConfig?: Record<string, unknown>;
}

/** Config key converters: the one pair in `@rectify/layers`, under the names this module has always exported. */
export { camelToSnake as toSnake, snakeToCamel as toCamel } from '@rectify/core';

/** Keys converted recursively (nested initializer configs too); arrays and values are copied. */
export function convertKeys(value: unknown, convert: (k: string) => string): unknown {
  if (Array.isArray(value)) return value.map((v) => convertKeys(v, convert));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [convert(k), convertKeys(v, convert)]));
  return value;
}
