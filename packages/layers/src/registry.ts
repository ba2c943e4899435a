import { describeValue } from '@rectify/core';
import { Layer } from './layer.js';
import { deserializeInitializer } from './initializers.js';
import { Dense } from './dense.js';
import { ReLU, LeakyReLU, ELU } from './activations/relu.js';
import { PReLU } from './activations/prelu.js';
import { Swish } from './activations/swish.js';
import { Sigmoid, Tanh, GELU, Softmax, Activation } from './activations/simple.js';
import { Dropout } from './dropout.js';
import { Flatten, Reshape } from './reshaping.js';
import { Conv2D } from './conv2d.js';
import { MaxPooling2D, AveragePooling2D } from './pooling.js';
import { BatchNormalization } from './batch-normalization.js';
import { InputLayer } from './graph/input-layer.js';
import { Add, Subtract, Multiply, Average, Maximum, Minimum, Concatenate, Dot } from './merge.js';
import { Embedding, Masking, SimpleRNN, LSTM, GRU, Bidirectional, TimeDistributed, setNestedLayerDeserializer } from './recurrent/index.js';

/** A layer class constructible from its own `getConfig()`. */
export type LayerClass = (new (config: never) => Layer) & { className: string };

/** A layer as data: its class name and constructor options. */
export interface SerializedLayer {
  className: string;
  config: Record<string, unknown>;
}

const registry = new Map<string, LayerClass>();

/** Makes a layer class loadable by name (built-in layers are registered already). */
export function registerLayer(cls: LayerClass): void {
  if (typeof cls !== 'function' || typeof cls.className !== 'string') throw new Error('registerLayer: expected a Layer class with a static className');
  registry.set(cls.className, cls);
}

/** The class registered under `className`. */
export function getLayerClass(className: string): LayerClass {
  const cls = registry.get(className);
  if (!cls) throw new Error(`deserializeLayer: unknown layer class '${className}'; known classes are ${[...registry.keys()].sort().join(', ')}`);
  return cls;
}

/** Names of every registered layer class. */
export function layerClassNames(): string[] {
  return [...registry.keys()].sort();
}

/** A layer's class name and config. */
export function serializeLayer(layer: Layer): SerializedLayer {
  return { className: layer.className, config: layer.getConfig() };
}

const INITIALIZER_KEYS = ['kernelInitializer', 'biasInitializer', 'alphaInitializer'];

/** Recreates a layer from `{ className, config }`. */
export function deserializeLayer(serialized: SerializedLayer): Layer {
  if (!serialized || typeof serialized !== 'object' || typeof serialized.className !== 'string') {
    throw new Error(`deserializeLayer: expected { className, config }, got ${describeValue(serialized)}`);
  }
  const cls = getLayerClass(serialized.className);
  const config: Record<string, unknown> = { ...serialized.config };
  for (const key of INITIALIZER_KEYS) if (key in config) config[key] = deserializeInitializer(config[key]);
  // a null option means "the default", unless the class lists it as meaningful (Bidirectional's mergeMode)
  const nullable = (cls as { nullableOptions?: readonly string[] }).nullableOptions ?? [];
  for (const key of Object.keys(config)) if (config[key] === null && !nullable.includes(key)) delete config[key];
  return new cls(config as never);
}

for (const cls of [Dense, ReLU, LeakyReLU, ELU, PReLU, Swish, Sigmoid, Tanh, GELU, Softmax, Activation, Dropout, Flatten, Reshape, Conv2D, MaxPooling2D, AveragePooling2D, BatchNormalization, InputLayer, Add, Subtract, Multiply, Average, Maximum, Minimum, Concatenate, Dot]) {
  registerLayer(cls as unknown as LayerClass);
}
for (const cls of [Embedding, Masking, SimpleRNN, LSTM, GRU, Bidirectional, TimeDistributed]) registerLayer(cls as unknown as LayerClass);
setNestedLayerDeserializer(deserializeLayer);
