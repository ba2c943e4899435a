import type { Model } from '../model.js';
import { safeParse, type ModelArtifacts, type ModelJson, type WeightSpec } from './format.js';
import { modelFromTopology, modelTopology } from './topology.js';
import { assignWeights, decodeWeights, encodeWeights, namedWeights } from './weights.js';
import { optimizerEntryNames, optimizerWeights, restoreTraining, trainingConfig } from './training-config.js';
import { readModelFiles, writeModelFiles, type SaveFs } from './files.js';

export type { ModelArtifacts, ModelJson, WeightSpec } from './format.js';
export type { SaveFs } from './files.js';

/** Options of `save`. */
export interface SaveOptions {
  /** Also save the compile settings and the optimizer's state, so `fit` resumes exactly. Default false. */
  includeOptimizer?: boolean;
  /** File operations (tests inject failures). */
  fs?: SaveFs;
}

/** Where `save` wrote the model. */
export interface SaveResult {
  modelJson: string;
  weights: string;
}

const SAVE_KEYS = ['includeOptimizer', 'fs'];

/** The model as in-memory artifacts (TF.js `ModelArtifacts` shape), for storage other than files. */
export function modelToArtifacts(model: Model, options: Pick<SaveOptions, 'includeOptimizer'> = {}): ModelArtifacts {
  if (!model.built || model.layers.length === 0) throw new Error(`saveModel: model '${model.name}' is not built yet; give the first layer an inputShape or call it on data first`);
  const { specs, data } = encodeWeights(namedWeights(model));
  const artifacts: ModelArtifacts = { modelTopology: modelTopology(model), weightSpecs: specs, weightData: data };
  if (options.includeOptimizer) {
    const training = trainingConfig(model);
    if (!training) throw new Error(`saveModel: includeOptimizer needs a compiled model; call model.compile first`);
    const state = optimizerWeights(model);
    const bytes = new Uint8Array(data.byteLength + state.data.byteLength);
    bytes.set(new Uint8Array(data), 0);
    bytes.set(new Uint8Array(state.data), data.byteLength);
    Object.assign(artifacts, { trainingConfig: training, weightSpecs: [...specs, ...state.specs], weightData: bytes.buffer });
  }
  return artifacts;
}

/**
 * Saves a model as `dir/model.json` + weights in the TF.js LayersModel format (TF.js's
 * `tf.loadLayersModel` reads it), atomically: an error leaves any previous model in `dir` intact.
 * @example await saveModel(model, 'models/mnist'); // also model.save('models/mnist')
 */
export async function saveModel(model: Model, dir: string, options: SaveOptions = {}): Promise<SaveResult> {
  if (typeof dir !== 'string' || dir === '') throw new Error(`saveModel: expected a folder path, got ${JSON.stringify(dir)}`);
  if (options === null || typeof options !== 'object') throw new Error(`saveModel: options must be an object such as { includeOptimizer: true }, got ${JSON.stringify(options)}`);
  for (const key of Object.keys(options)) if (!SAVE_KEYS.includes(key)) throw new Error(`saveModel: unknown option '${key}'; valid options are ${SAVE_KEYS.join(', ')}`);
  const artifacts = modelToArtifacts(model, options);
  const json: ModelJson = {
    format: 'layers-model',
    generatedBy: 'Rectify 0.1.0',
    convertedBy: null,
    modelTopology: artifacts.modelTopology,
    weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }],
  };
  if (artifacts.trainingConfig) json.trainingConfig = artifacts.trainingConfig;
  writeModelFiles(dir, json, artifacts.weightData, options.fs);
  return { modelJson: `${dir}/model.json`, weights: `${dir}/weights.bin` };
}

/** Rebuilds a model from in-memory artifacts, validating topology and weights before use. */
export function modelFromArtifacts(artifacts: ModelArtifacts | { modelTopology: unknown; weightSpecs?: unknown; weightData?: ArrayBuffer; trainingConfig?: unknown }): Model {
  const topology = typeof artifacts.modelTopology === 'string' ? safeParse(artifacts.modelTopology, 'modelTopology') : artifacts.modelTopology;
  if (!topology || typeof topology !== 'object') throw new Error('loadModel: the artifacts have no modelTopology');
  const model = modelFromTopology(topology as Record<string, unknown>);
  const specs = (artifacts.weightSpecs ?? []) as WeightSpec[];
  const data = artifacts.weightData ?? new ArrayBuffer(0);
  const state = optimizerEntryNames(specs);
  assignWeights(model, specs, data, state);
  const training = artifacts.trainingConfig ?? (topology as { training_config?: unknown }).training_config;
  if (training) {
    const byName = decodeWeights(specs, data);
    restoreTraining(model, training, (name) => (state.has(name) ? byName.get(name)?.values() : undefined), state);
  }
  return model;
}

/**
 * Loads a model saved by Rectify, by TF.js (`model.save`) or by the Keras converter: a folder, a path to
 * `model.json`, or in-memory artifacts. Weights are matched by name and everything is validated first;
 * a file with a training config comes back compiled (and with its optimizer state, when saved).
 * @example const model = await loadModel('models/mnist');
 */
export async function loadModel(source: string | ModelArtifacts): Promise<Model> {
  if (typeof source !== 'string') return modelFromArtifacts(source);
  const { json, specs, data } = readModelFiles(source);
  return modelFromArtifacts({ modelTopology: json.modelTopology, weightSpecs: specs, weightData: data, trainingConfig: json.trainingConfig });
}
