import { withWeightBudget } from '@rectify/layers';
import type { Sequential } from '../sequential.js';
import type { ModelArtifacts, ModelJson } from './format.js';
import { checkModelValue, parseModelJson } from './parse-json.js';
import { modelFromTopology, modelTopology } from './topology.js';
import { assignWeights, encodeWeights, weightDataBuffer } from './weights.js';
import { readModelFiles } from './read-files.js';
import { writeModelFiles, type SaveFs } from './save-files.js';
import { checkWeightSpecs, type CheckedManifest } from './manifest.js';
import { checkActivationSizes, checkTopologyFields } from './check-topology.js';

export type { ModelArtifacts, ModelJson, WeightSpec } from './format.js';
export type { SaveFs } from './save-files.js';

/** The model as in-memory artifacts (TF.js `ModelArtifacts` shape), for storage other than files. */
export function modelToArtifacts(model: Sequential): ModelArtifacts {
  if (!model.built) throw new Error(`saveModel: model '${model.name}' is not built yet; give the first layer an inputShape or call it on data first`);
  const { specs, data } = encodeWeights(model);
  return { modelTopology: modelTopology(model), weightSpecs: specs, weightData: data };
}

/**
 * Saves a model as `dir/model.json` + `dir/weights.<tag>.bin` (a fresh name per save) in the TF.js
 * LayersModel format (TF.js's `tf.loadLayersModel` reads it). The save is all-or-nothing even if the process
 * dies part way: the folder then still holds the complete previous model, and the next save removes the
 * leftovers. Resolves to the paths written.
 * @example await saveModel(model, 'models/mnist'); // also model.save('models/mnist')
 */
export async function saveModel(model: Sequential, dir: string, options: { fs?: SaveFs } = {}): Promise<{ modelJson: string; weights: string }> {
  if (typeof dir !== 'string' || dir === '') throw new Error(`saveModel: expected a folder path, got ${JSON.stringify(dir)}`);
  const artifacts = modelToArtifacts(model);
  const json = (shard: string): ModelJson => ({
    format: 'layers-model',
    generatedBy: 'Rectify 0.1.0',
    convertedBy: null,
    modelTopology: artifacts.modelTopology,
    weightsManifest: [{ paths: [shard], weights: artifacts.weightSpecs }],
  });
  const shard = writeModelFiles(dir, json, artifacts.weightData, options.fs);
  return { modelJson: `${dir}/model.json`, weights: `${dir}/${shard}` };
}

/** Any error that is not already a `loadModel:` refusal gets the prefix and the step it happened in. */
function asLoadError(e: unknown, step: string): Error {
  const message = e instanceof Error ? e.message : String(e);
  return message.startsWith('loadModel:') ? (e as Error) : new Error(`loadModel: ${step}: ${message}`);
}

/**
 * Builds the model of a topology with its weights checked against the manifest: layer fields are checked
 * first, the build may create no more weight values than the manifest describes (and skips their random
 * initialization, since the file overwrites them), and activation sizes are bounded.
 */
function buildChecked(topology: Record<string, unknown>, manifest: CheckedManifest, data: ArrayBuffer): Sequential {
  checkTopologyFields(topology);
  const budget = { maxElements: manifest.totalElements, op: 'loadModel', reason: `the weights manifest describes only ${manifest.totalElements}` };
  let model: Sequential;
  try {
    model = withWeightBudget(budget, () => {
      const m = modelFromTopology(topology);
      const first = m.layers[0];
      if (!first.batchInputShape) throw new Error('loadModel: the topology does not give the input shape (batch_input_shape), so the weights cannot be placed');
      if (!m.built) m.build(first.batchInputShape.map((d) => d ?? 1));
      return m;
    });
  } catch (e) {
    throw asLoadError(e, 'building the model from its topology');
  }
  checkActivationSizes(model);
  try {
    assignWeights(model, manifest.specs, data);
  } catch (e) {
    throw asLoadError(e, 'assigning the weights');
  }
  return model;
}

/** Rebuilds a model from in-memory artifacts, validating topology and weights before use. */
export function modelFromArtifacts(artifacts: ModelArtifacts | { modelTopology: unknown; weightSpecs?: unknown; weightData?: ArrayBuffer | ArrayBuffer[] }): Sequential {
  try {
    return artifactsToModel(artifacts);
  } catch (e) {
    throw asLoadError(e, 'reading the artifacts');
  }
}

function artifactsToModel(artifacts: ModelArtifacts | { modelTopology: unknown; weightSpecs?: unknown; weightData?: ArrayBuffer | ArrayBuffer[] }): Sequential {
  if (!artifacts || typeof artifacts !== 'object') throw new Error(`loadModel: expected a folder path or model artifacts, got ${artifacts === null ? 'null' : typeof artifacts}`);
  const topology = typeof artifacts.modelTopology === 'string' ? parseModelJson(artifacts.modelTopology, 'modelTopology') : artifacts.modelTopology;
  if (!topology || typeof topology !== 'object' || Array.isArray(topology)) throw new Error('loadModel: the artifacts have no modelTopology object');
  if (typeof artifacts.modelTopology !== 'string') checkModelValue(topology, 'the artifacts\' modelTopology');
  const manifest = checkWeightSpecs(artifacts.weightSpecs, 'the artifacts');
  const data = weightDataBuffer(artifacts.weightData, manifest.totalElements * 4);
  return buildChecked(topology as Record<string, unknown>, manifest, data);
}

/**
 * Loads a model saved by Rectify, by TF.js (`model.save`) or by the Keras converter: a folder, a path to
 * `model.json`, or in-memory artifacts. Everything is validated within `LOAD_LIMITS` before it is used, and
 * every refusal is an Error whose message starts with `loadModel:`.
 * @example const model = await loadModel('models/mnist');
 */
export async function loadModel(source: string | ModelArtifacts): Promise<Sequential> {
  if (typeof source !== 'string') return modelFromArtifacts(source);
  if (source === '') throw new Error('loadModel: expected a folder or model.json path, got an empty string');
  let files: Awaited<ReturnType<typeof readModelFiles>>;
  try {
    files = await readModelFiles(source);
  } catch (e) {
    throw asLoadError(e, `reading ${source}`);
  }
  try {
    return buildChecked(files.json.modelTopology, files.manifest, files.data);
  } catch (e) {
    throw asLoadError(e, `loading ${source}`);
  }
}

