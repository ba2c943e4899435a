import { InputLayer, getLayerClass, type Layer, type SymbolicTensor } from '@rectify/layers';
import type { Model } from '../model.js';
import type { Sequential } from '../sequential.js';
import { fail, layerFromJson, layerToJson } from './layer-config.js';
import { HARD_SIGMOID_MARK, readingTopology, writingTopology } from './hard-sigmoid-dialect.js';
import { functionalConfig, functionalFromConfig } from './functional-topology.js';

const MODEL_CLASSES = new Set(['Sequential', 'Functional', 'Model']);
const KERAS_VERSION = 'tfjs-layers 4.22.0';

/** Whether a layer is itself a model (it then serializes with its own layers). */
export function isModel(layer: Layer): layer is Model {
  return MODEL_CLASSES.has(layer.className) && 'inputNames' in layer;
}

/** Any layer as Keras JSON, models recursively. */
export function layerOrModelToJson(layer: Layer): { class_name: string; config: Record<string, unknown> } {
  if (!isModel(layer)) return layerToJson(layer);
  if (layer.className === 'Sequential') return { class_name: 'Sequential', config: sequentialConfig(layer as Sequential) };
  return { class_name: 'Functional', config: functionalConfig(layer, layerOrModelToJson) };
}

function sequentialConfig(model: Sequential): Record<string, unknown> {
  const layers = model.layers.map((layer, i) => {
    const json = layerOrModelToJson(layer);
    if (i === 0 && model.inputShape && !isModel(layer)) json.config.batch_input_shape = model.inputShape;
    return json;
  });
  if (model.inputShape && layers[0] && isModel(model.layers[0])) {
    layers.unshift({ class_name: 'InputLayer', config: { batch_input_shape: model.inputShape, dtype: 'float32', sparse: false, name: `${model.name}_input` } });
  }
  return { name: model.name, layers };
}

/** The Keras topology of a model (Sequential or graph), as TF.js writes it. */
export function modelTopology(model: Model): Record<string, unknown> {
  const { result: json, dialects } = writingTopology(() => layerOrModelToJson(model));
  if (dialects.size > 1) {
    throw new Error(`saveModel: model '${model.name}' uses both Keras 3's hard sigmoid (relu6(x + 3) / 6) and the Keras 2 / TF.js one (0.2 x + 0.5), which a file names alike ('hard_sigmoid'); use one of them`);
  }
  return { ...json, keras_version: KERAS_VERSION, backend: 'tensor_flow.js', ...(dialects.has('keras3') ? { rectify: { ...HARD_SIGMOID_MARK } } : {}) };
}

/** Rebuilds any layer from Keras JSON: a model entry recursively, anything else through the registry. */
export function layerFromEntry(entry: unknown, where: string): Layer {
  const e = entry as Record<string, unknown> | null;
  const className = e?.class_name;
  const raw = e?.config as Record<string, unknown> | undefined;
  if (typeof className !== 'string' || !raw || typeof raw !== 'object' || Array.isArray(raw)) fail(`${where} has no class_name/config`);
  if (className === 'Sequential') return sequentialFromConfig(raw, where);
  if (className === 'Functional' || className === 'Model') return functionalFromConfig(raw, where, layerFromEntry);
  return layerFromJson(className, raw, where);
}

function sequentialFromConfig(config: Record<string, unknown> | unknown[], where: string): Sequential {
  const layersJson = Array.isArray(config) ? config : config.layers;
  if (!Array.isArray(layersJson) || layersJson.length === 0) fail(`${where}: the Sequential model has no layers`);
  const name = Array.isArray(config) ? undefined : config.name;
  const layers = (layersJson as unknown[]).map((entry, i) => layerFromEntry(entry, `${where === 'the model' ? '' : `${where} > `}layer ${i}`));
  const Seq = getLayerClass('Sequential') as unknown as new (args: { name?: string }) => Sequential;
  const model = new Seq({ name: typeof name === 'string' ? name : undefined });
  let input: InputLayer | null = null;
  layers.forEach((layer, i) => {
    if (layer instanceof InputLayer) {
      if (i !== 0) fail(`${where}: an InputLayer can only come first in a Sequential model (layer ${i})`);
      input = layer;
    }
  });
  const first = layers.find((l) => !(l instanceof InputLayer));
  if (!first) fail(`${where}: the topology has no layers besides its input`);
  if (input) model.add(input);
  for (const layer of layers) if (!(layer instanceof InputLayer)) model.add(layer);
  return model;
}

/** Rebuilds a model from a Keras/TF.js topology (plain or wrapped in `model_config`). */
export function modelFromTopology(topology: Record<string, unknown>): Model {
  const root = (topology.model_config ?? topology) as Record<string, unknown>;
  if (!root || typeof root !== 'object' || !MODEL_CLASSES.has(root.class_name as string)) {
    fail(`the topology must describe a Sequential or Functional model, got class ${JSON.stringify(root?.class_name)}`);
  }
  const model = readingTopology(topology, () => layerFromEntry(root, 'the model')) as Model;
  if (!model.built) fail('the topology does not give the input shape (batch_input_shape or an InputLayer), so the weights cannot be placed');
  return model;
}

/** The output tensors of a model as `[layer, node, tensor]` triples. */
export type TensorRef = [string, number, number];
export type { SymbolicTensor };
