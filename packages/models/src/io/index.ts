import { withWeightBudget } from '@rectify/layers';
import type { Model } from '../model.js';
import type { ModelArtifacts, ModelJson, WeightSpec } from './format.js';
import { checkModelValue, parseModelJson } from './parse-json.js';
import { modelFromTopology, modelTopology } from './topology.js';
import { assignWeights, decodeWeights, encodeWeights, namedWeights, weightDataBuffer } from './weights.js';
import { optimizerEntryNames, optimizerWeights, restoreTraining, savableTrainingConfig, trainingConfig } from './training-config.js';
import { readModelFiles, writeModelFiles } from '#files';
import type { SaveFs } from './save-files.js';
import { readModelFromUrl, saveModelToUrl, urlScheme } from './url-scheme.js';
import { checkWeightSpecs, type CheckedManifest } from './manifest.js';
import { checkActivationSizes, checkTopologyFields } from './check-topology.js';
import type { QuantizeDtype } from './quantization.js';
import { withoutFileScheme } from './file-url.js';

export type { ModelArtifacts, ModelJson, WeightSpec } from './format.js';
export type { SaveFs } from './save-files.js';
export type { Quantization, QuantizeDtype } from './quantization.js';

/** Options of `save`. */
export interface SaveOptions {
  /** Also save the compile settings and the optimizer's state, so `fit` resumes exactly. Default false. */
  includeOptimizer?: boolean;
  /**
   * Store the model's weights quantized, as `tensorflowjs_converter --quantize_*` does: 'uint8' (a quarter
   * of the size, error up to (max - min) / 510 per weight tensor), 'uint16', or 'float16'. TF.js and Rectify
   * dequantize on load. The optimizer state stays float32. Default: float32.
   */
  quantize?: QuantizeDtype;
  /** File operations (tests inject failures). */
  fs?: SaveFs;
}

/** Where `save` wrote the model. */
export interface SaveResult {
  modelJson: string;
  weights: string;
}

const SAVE_KEYS = ['includeOptimizer', 'quantize', 'fs'];

/** The model as in-memory artifacts (TF.js `ModelArtifacts` shape), for storage other than files. */
export function modelToArtifacts(model: Model, options: Pick<SaveOptions, 'includeOptimizer' | 'quantize'> = {}): ModelArtifacts {
  if (!model.built || model.layers.length === 0) throw new Error(`saveModel: model '${model.name}' is not built yet; give the first layer an inputShape or call it on data first`);
  const quantize = options?.quantize;
  if (quantize !== undefined && quantize !== 'uint8' && quantize !== 'uint16' && quantize !== 'float16') {
    throw new Error(`saveModel: quantize must be 'uint8', 'uint16' or 'float16', got ${JSON.stringify(quantize)}`);
  }
  const { specs, data } = encodeWeights(namedWeights(model), quantize);
  const artifacts: ModelArtifacts = { modelTopology: modelTopology(model), weightSpecs: specs, weightData: data };
  if (options.includeOptimizer) {
    const training = trainingConfig(model);
    if (!training) throw new Error(`saveModel: includeOptimizer needs a compiled model; call model.compile first`);
    const state = optimizerWeights(model);
    const bytes = new Uint8Array(data.byteLength + state.data.byteLength);
    bytes.set(new Uint8Array(data), 0);
    bytes.set(new Uint8Array(state.data), data.byteLength);
    Object.assign(artifacts, { trainingConfig: training, weightSpecs: [...specs, ...state.specs], weightData: bytes.buffer });
  } else {
    const training = savableTrainingConfig(model);
    if (training) artifacts.trainingConfig = training;
  }
  return artifacts;
}

/**
 * Saves a model as `dir/model.json` + `dir/weights.<tag>.bin` (a fresh name per save) in the TF.js
 * LayersModel format (TF.js's `tf.loadLayersModel` reads it). The save is all-or-nothing even if the process
 * dies part way: the folder then still holds the complete previous model, and the next save removes the
 * leftovers. With `includeOptimizer`, the compile settings and the optimizer's state are saved too.
 * In a browser `dir` is a URL instead: 'indexeddb://name' or 'localstorage://name' (read back by
 * `loadModel` of the same URL) or 'downloads://name' (offered as `name.json` and `name.weights.bin`).
 * @example await saveModel(model, 'models/mnist'); // also model.save('models/mnist')
 */
export async function saveModel(model: Model, dir: string, options: SaveOptions = {}): Promise<SaveResult> {
  if (typeof dir !== 'string' || dir === '') throw new Error(`saveModel: expected a folder path or a URL such as 'indexeddb://name', got ${JSON.stringify(dir)}`);
  if (options === null || typeof options !== 'object') throw new Error(`saveModel: options must be an object such as { includeOptimizer: true }, got ${JSON.stringify(options)}`);
  for (const key of Object.keys(options)) if (!SAVE_KEYS.includes(key)) throw new Error(`saveModel: unknown option '${key}'; valid options are ${SAVE_KEYS.join(', ')}`);
  dir = withoutFileScheme(dir);
  const artifacts = modelToArtifacts(model, options);
  const json = (shard: string): ModelJson => ({
    format: 'layers-model',
    generatedBy: 'Rectify 0.1.0',
    convertedBy: null,
    modelTopology: artifacts.modelTopology,
    weightsManifest: [{ paths: [shard], weights: artifacts.weightSpecs }],
    ...(artifacts.trainingConfig ? { trainingConfig: artifacts.trainingConfig } : {}),
  });
  const scheme = urlScheme(dir);
  if (scheme) {
    if (options.fs) throw new Error(`saveModel: the fs option applies to folder paths, not to ${JSON.stringify(dir)}`);
    return saveModelToUrl(dir, scheme, json, artifacts.weightData);
  }
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
 * initialization, since the file overwrites them), and activation sizes are bounded. Then the weights, and
 * the compile settings and optimizer state when the file has them.
 */
function buildChecked(topology: Record<string, unknown>, manifest: CheckedManifest, data: ArrayBuffer, training: unknown): Model {
  checkTopologyFields(topology);
  const budget = { maxElements: manifest.totalElements, op: 'loadModel', reason: `the weights manifest describes only ${manifest.totalElements}` };
  let model: Model;
  try {
    model = withWeightBudget(budget, () => modelFromTopology(topology));
  } catch (e) {
    throw asLoadError(e, 'building the model from its topology');
  }
  checkActivationSizes(model);
  const specs = manifest.specs as unknown as WeightSpec[];
  const state = optimizerEntryNames(specs);
  try {
    assignWeights(model, specs, data, state);
  } catch (e) {
    throw asLoadError(e, 'assigning the weights');
  }
  const config = training ?? (topology as { training_config?: unknown }).training_config;
  if (config) {
    try {
      const byName = decodeWeights(specs, data);
      restoreTraining(model, config, (name) => (state.has(name) ? byName.get(name)?.values() : undefined), state);
    } catch (e) {
      throw asLoadError(e, 'restoring the training config');
    }
  }
  return model;
}

type ArtifactsLike = ModelArtifacts | { modelTopology: unknown; weightSpecs?: unknown; weightData?: ArrayBuffer | ArrayBuffer[]; trainingConfig?: unknown };

/** Rebuilds a model from in-memory artifacts, validating topology and weights before use. */
export function modelFromArtifacts(artifacts: ArtifactsLike): Model {
  try {
    if (!artifacts || typeof artifacts !== 'object') throw new Error(`loadModel: expected a folder path or model artifacts, got ${artifacts === null ? 'null' : typeof artifacts}`);
    const topology = typeof artifacts.modelTopology === 'string' ? parseModelJson(artifacts.modelTopology, 'modelTopology') : artifacts.modelTopology;
    if (!topology || typeof topology !== 'object' || Array.isArray(topology)) throw new Error('loadModel: the artifacts have no modelTopology object');
    if (typeof artifacts.modelTopology !== 'string') checkModelValue(topology, 'the artifacts\' modelTopology');
    const manifest = checkWeightSpecs(artifacts.weightSpecs, 'the artifacts');
    const data = weightDataBuffer(artifacts.weightData, manifest.totalBytes);
    return buildChecked(topology as Record<string, unknown>, manifest, data, artifacts.trainingConfig);
  } catch (e) {
    throw asLoadError(e, 'reading the artifacts');
  }
}

/**
 * Loads a model saved by Rectify, by TF.js (`model.save`) or by the Keras converter: a folder, a path to
 * `model.json`, a URL (an http(s) URL of model.json, its weights fetched relative to it, in Node too;
 * 'indexeddb://name' or 'localstorage://name' in a browser), or in-memory artifacts. Everything is validated within `LOAD_LIMITS` before it is used, and
 * every refusal is an Error whose message starts with `loadModel:`; a file with a training config comes back
 * compiled (and with its optimizer state, when saved).
 * @example const model = await loadModel('models/mnist');
 */
export async function loadModel(source: string | ModelArtifacts): Promise<Model> {
  if (typeof source !== 'string') return modelFromArtifacts(source);
  if (source === '') throw new Error('loadModel: expected a folder or model.json path, got an empty string');
  source = withoutFileScheme(source);
  let files: Awaited<ReturnType<typeof readModelFiles>>;
  try {
    const scheme = urlScheme(source);
    files = scheme ? await readModelFromUrl(source, scheme) : await readModelFiles(source);
  } catch (e) {
    throw asLoadError(e, `reading ${source}`);
  }
  try {
    return buildChecked(files.json.modelTopology, files.manifest, files.data, (files.json as { trainingConfig?: unknown }).trainingConfig);
  } catch (e) {
    throw asLoadError(e, `loading ${source}`);
  }
}
