import { Layer, deserializeLayer, layerClassNames } from '@rectify/layers';
import { Sequential } from '../sequential.js';
import { convertKeys, toCamel, toSnake } from './format.js';

// Rectify layers that Keras spells as an Activation layer.
const AS_ACTIVATION: Record<string, string> = { Sigmoid: 'sigmoid', Tanh: 'tanh' };
// TF.js/Keras activation names <-> Rectify's.
const ACTIVATION_OUT: Record<string, string> = { leakyRelu: 'leaky_relu' };
const ACTIVATION_IN: Record<string, string> = { leaky_relu: 'leakyRelu', swish: 'swish', silu: 'swish' };

/** Options TF.js and Keras write that carry no state Rectify needs (weights are loaded separately). */
const IGNORED = /(_initializer|_regularizer|_constraint)$|^(noise_shape|input_dtype|autocast|synchronized|renorm.*)$/;

/** The Keras topology of a Sequential model: snake_case configs, `batch_input_shape` on the first layer. */
export function modelTopology(model: Sequential): Record<string, unknown> {
  const layers = model.layers.map((layer, i) => {
    let className = layer.className;
    let config: Record<string, unknown> = { ...layer.getConfig() };
    if (Object.hasOwn(AS_ACTIVATION, className)) {
      config = { name: config.name, trainable: config.trainable, dtype: config.dtype, activation: AS_ACTIVATION[className] };
      className = 'Activation';
    }
    if (typeof config.activation === 'string' && Object.hasOwn(ACTIVATION_OUT, config.activation)) config.activation = ACTIVATION_OUT[config.activation];
    if (className === 'Conv2D' || className.endsWith('Pooling2D') || className === 'Flatten') config.dataFormat = 'channels_last';
    for (const key of Object.keys(config)) if (key.endsWith('Initializer')) config[key] = initializerOut(config[key]);
    if (i === 0 && model.inputShape) config.batchInputShape = model.inputShape;
    return { class_name: className, config: convertKeys(config, toSnake) };
  });
  return { class_name: 'Sequential', config: { name: model.name, layers }, keras_version: 'tfjs-layers 4.22.0', backend: 'tensor_flow.js' };
}

function initializerOut(value: unknown): unknown {
  if (typeof value === 'string') return { class_name: value.charAt(0).toUpperCase() + value.slice(1), config: {} };
  const v = value as { className: string; config: Record<string, unknown> };
  return { class_name: v.className, config: { ...v.config } };
}

function fail(what: string): never {
  throw new Error(`loadModel: ${what}`);
}

/** Rebuilds a Sequential model from a Keras/TF.js topology (plain or wrapped in `model_config`). */
export function modelFromTopology(topology: Record<string, unknown>): Sequential {
  const root = (topology.model_config ?? topology) as Record<string, unknown>;
  if (root?.class_name !== 'Sequential') fail(`only Sequential models are supported, got class '${String(root?.class_name)}'`);
  const config = root.config as { name?: string; layers?: unknown } | unknown[];
  const layersJson = Array.isArray(config) ? config : config?.layers;
  if (!Array.isArray(layersJson) || layersJson.length === 0) fail('the topology has no layers');
  let inputShape: unknown = null;
  const layers: Layer[] = [];
  for (const [i, entry] of (layersJson as Array<Record<string, unknown>>).entries()) {
    const className = entry?.class_name;
    const raw = entry?.config as Record<string, unknown> | undefined;
    if (typeof className !== 'string' || !raw || typeof raw !== 'object') fail(`layer ${i} has no class_name/config`);
    if (className === 'InputLayer') {
      inputShape = raw.batch_input_shape ?? raw.batch_shape;
      continue;
    }
    layers.push(layerFromJson(className, raw, i));
  }
  const first = layers[0];
  if (!first) fail('the topology has no layers besides its input');
  if (inputShape && !first.batchInputShape) {
    if (!Array.isArray(inputShape) || inputShape.some((d) => d !== null && !(Number.isInteger(d) && d > 0))) fail(`bad input shape ${JSON.stringify(inputShape)}`);
    (first as { batchInputShape: unknown }).batchInputShape = inputShape;
  }
  const name = Array.isArray(config) ? undefined : config?.name;
  return new Sequential({ name: typeof name === 'string' ? name : undefined, layers });
}

function layerFromJson(className: string, raw: Record<string, unknown>, index: number): Layer {
  if (!layerClassNames().includes(className)) fail(`layer ${index}: unknown layer class '${className}'; known classes are ${layerClassNames().join(', ')}`);
  const config: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (IGNORED.test(key)) continue;
    if (key === 'data_format') {
      if (value !== 'channels_last' && value !== null) fail(`layer ${index} (${className}): data_format '${String(value)}' is not supported; Rectify uses channels_last (NHWC)`);
      continue;
    }
    config[toCamel(key)] = value;
  }
  if (typeof config.activation === 'string' && Object.hasOwn(ACTIVATION_IN, config.activation)) config.activation = ACTIVATION_IN[config.activation];
  if (className === 'BatchNormalization' && Array.isArray(config.axis)) {
    if (config.axis.length !== 1) fail(`layer ${index} (BatchNormalization): only one axis is supported, got ${JSON.stringify(config.axis)}`);
    config.axis = config.axis[0];
  }
  if (className === 'Dropout' && config.seed === null) delete config.seed;
  // Keras 3 writes the dtype as a policy object
  if (config.dtype && typeof config.dtype === 'object') config.dtype = (config.dtype as { config?: { name?: unknown } }).config?.name;
  if (config.dtype !== undefined && config.dtype !== 'float32') fail(`layer ${index} (${className}): dtype ${JSON.stringify(config.dtype)} is not supported; expected float32`);
  if (config.batchInputShape === undefined && Array.isArray(config.batchShape)) config.batchInputShape = config.batchShape;
  delete config.batchShape;
  try {
    return deserializeLayer({ className, config });
  } catch (e) {
    fail(`layer ${index} (${className}): ${(e as Error).message}`);
  }
}
