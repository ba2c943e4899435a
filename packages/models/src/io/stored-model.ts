import type { ModelJson } from './format.js';
import { checkManifest, type CheckedManifest } from './manifest.js';
import { checkModelJson } from './model-json.js';

/** A saved model as browser storage keeps it: model.json's text and the weights' bytes. */
export interface StoredModel {
  modelJson: string;
  weightData: ArrayBuffer;
}

/** What the loader builds from: checked JSON, its manifest and exactly the manifest's bytes. */
export interface ReadModel {
  json: ModelJson;
  manifest: CheckedManifest;
  data: ArrayBuffer;
  file: string;
}

/** The checks a stored model gets before it is built, as a model read from files does. */
export function checkStoredModel(stored: unknown, where: string): ReadModel {
  const record = stored as Partial<StoredModel> | null;
  if (!record || typeof record !== 'object' || typeof record.modelJson !== 'string' || !(record.weightData instanceof ArrayBuffer)) {
    throw new Error(`loadModel: ${where} does not hold a saved model (expected { modelJson, weightData })`);
  }
  const json = checkModelJson(record.modelJson, where);
  const manifest = checkManifest(json.weightsManifest, where);
  const expected = manifest.totalElements * 4;
  const have = record.weightData.byteLength;
  if (have !== expected) throw new Error(`loadModel: the weights of ${where} hold ${have} bytes but the manifest describes ${expected} (${have < expected ? 'truncated' : 'extra data'})`);
  return { json, manifest, data: record.weightData, file: where };
}
