import type { Sequential } from '../sequential.js';
import { safeParse, type ModelArtifacts, type ModelJson } from './format.js';
import { modelFromTopology, modelTopology } from './topology.js';
import { assignWeights, encodeWeights } from './weights.js';
import { readModelFiles, writeModelFiles, type SaveFs } from './files.js';

export type { ModelArtifacts, ModelJson, WeightSpec } from './format.js';
export type { SaveFs } from './files.js';

/** The model as in-memory artifacts (TF.js `ModelArtifacts` shape), for storage other than files. */
export function modelToArtifacts(model: Sequential): ModelArtifacts {
  if (!model.built) throw new Error(`saveModel: model '${model.name}' is not built yet; give the first layer an inputShape or call it on data first`);
  const { specs, data } = encodeWeights(model);
  return { modelTopology: modelTopology(model), weightSpecs: specs, weightData: data };
}

/**
 * Saves a model as `dir/model.json` + `dir/weights.bin` in the TF.js LayersModel format (TF.js's
 * `tf.loadLayersModel` reads it), atomically: an error leaves any previous model in `dir` intact.
 * @example await saveModel(model, 'models/mnist'); // also model.save('models/mnist')
 */
export async function saveModel(model: Sequential, dir: string, options: { fs?: SaveFs } = {}): Promise<{ modelJson: string; weights: string }> {
  if (typeof dir !== 'string' || dir === '') throw new Error(`saveModel: expected a folder path, got ${JSON.stringify(dir)}`);
  const artifacts = modelToArtifacts(model);
  const json: ModelJson = {
    format: 'layers-model',
    generatedBy: 'Rectify 0.1.0',
    convertedBy: null,
    modelTopology: artifacts.modelTopology,
    weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }],
  };
  writeModelFiles(dir, json, artifacts.weightData, options.fs);
  return { modelJson: `${dir}/model.json`, weights: `${dir}/weights.bin` };
}

/** Rebuilds a model from in-memory artifacts, validating topology and weights before use. */
export function modelFromArtifacts(artifacts: ModelArtifacts | { modelTopology: unknown; weightSpecs?: unknown; weightData?: ArrayBuffer }): Sequential {
  const topology = typeof artifacts.modelTopology === 'string' ? safeParse(artifacts.modelTopology, 'modelTopology') : artifacts.modelTopology;
  if (!topology || typeof topology !== 'object') throw new Error('loadModel: the artifacts have no modelTopology');
  const model = modelFromTopology(topology as Record<string, unknown>);
  const first = model.layers[0];
  if (!first.batchInputShape) throw new Error('loadModel: the topology does not give the input shape (batch_input_shape), so the weights cannot be placed');
  model.build(first.batchInputShape.map((d) => d ?? 1));
  assignWeights(model, (artifacts.weightSpecs ?? []) as ModelArtifacts['weightSpecs'], artifacts.weightData ?? new ArrayBuffer(0));
  return model;
}

/**
 * Loads a model saved by Rectify, by TF.js (`model.save`) or by the Keras converter: a folder, a path to
 * `model.json`, or in-memory artifacts. Weights are matched by name and everything is validated first.
 * @example const model = await loadModel('models/mnist');
 */
export async function loadModel(source: string | ModelArtifacts): Promise<Sequential> {
  if (typeof source !== 'string') return modelFromArtifacts(source);
  const { json, specs, data } = readModelFiles(source);
  return modelFromArtifacts({ modelTopology: json.modelTopology, weightSpecs: specs, weightData: data });
}
