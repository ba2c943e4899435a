import { deserializeLayer, layerClassNames, type Layer } from '@rectify/layers';
import { convertKeys, toCamel, toSnake } from './format.js';
import { recurrentActivationsIn, recurrentActivationsOut } from './recurrent-config.js';

// Rectify layers that Keras spells as an Activation layer.
const AS_ACTIVATION: Record<string, string> = { Sigmoid: 'sigmoid', Tanh: 'tanh' };
// TF.js/Keras activation names <-> Rectify's.
const ACTIVATION_OUT: Record<string, string> = { leakyRelu: 'leaky_relu' };
const ACTIVATION_IN: Record<string, string> = { leaky_relu: 'leakyRelu', swish: 'swish', silu: 'swish' };
const CHANNELS_LAST = new Set(['Conv2D', 'MaxPooling2D', 'AveragePooling2D', 'Flatten']);

/** Options TF.js and Keras write that carry no state Rectify needs (weights are loaded separately). */
const IGNORED = /(_initializer|_regularizer|_constraint)$|^(noise_shape|input_dtype|autocast|synchronized|renorm.*|module|registered_name|build_config|compile_config)$/;

/** The error every refusal of a file becomes. */
export function fail(what: string): never {
  throw new Error(`loadModel: ${what}`);
}

function initializerOut(value: unknown): unknown {
  if (typeof value === 'string') return { class_name: value.charAt(0).toUpperCase() + value.slice(1), config: {} };
  const v = value as { className: string; config: Record<string, unknown> };
  return { class_name: v.className, config: { ...v.config } };
}

// Options that hold a whole layer (Bidirectional, TimeDistributed): written and read as nested layer entries.
const NESTED_LAYER_KEYS = new Set(['layer', 'backwardLayer']);

/** A layer as Keras JSON: `{ class_name, config }` with snake_case keys. */
export function layerToJson(layer: Layer): { class_name: string; config: Record<string, unknown> } {
  return configToJson(layer.className, layer.getConfig());
}

/** A layer's class name and (camelCase) config as Keras JSON, nested layers included. */
function configToJson(cls: string, layerConfig: Record<string, unknown>): { class_name: string; config: Record<string, unknown> } {
  let className = cls;
  let config: Record<string, unknown> = recurrentActivationsOut(className, { ...layerConfig });
  for (const key of NESTED_LAYER_KEYS) {
    const nested = config[key] as { className?: unknown; config?: unknown } | undefined;
    if (nested && typeof nested.className === 'string' && nested.config && typeof nested.config === 'object') config[key] = configToJson(nested.className, nested.config as Record<string, unknown>);
  }
  if (Object.hasOwn(AS_ACTIVATION, className)) {
    config = { name: config.name, trainable: config.trainable, dtype: config.dtype, activation: AS_ACTIVATION[className] };
    className = 'Activation';
  }
  if (typeof config.activation === 'string' && Object.hasOwn(ACTIVATION_OUT, config.activation)) config.activation = ACTIVATION_OUT[config.activation];
  if (CHANNELS_LAST.has(className)) config.dataFormat = 'channels_last';
  for (const key of Object.keys(config)) if (key.endsWith('Initializer')) config[key] = initializerOut(config[key]);
  return { class_name: className, config: convertKeys(config, toSnake) as Record<string, unknown> };
}

/** Rebuilds one (non-model) layer from Keras JSON, checking what Rectify cannot honour. */
export function layerFromJson(className: string, raw: Record<string, unknown>, where: string): Layer {
  if (!layerClassNames().includes(className)) fail(`${where}: unknown layer class '${className}'; known classes are ${layerClassNames().join(', ')}`);
  const config: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(recurrentActivationsIn(className, raw))) {
    if (IGNORED.test(key)) continue;
    if (NESTED_LAYER_KEYS.has(toCamel(key)) && value !== null) {
      const nested = value as { class_name?: unknown; config?: unknown };
      if (!nested || typeof nested !== 'object' || typeof nested.class_name !== 'string' || !nested.config || typeof nested.config !== 'object' || Array.isArray(nested.config)) {
        fail(`${where} (${className}): ${key} must be a layer entry { class_name, config }, got ${JSON.stringify(value)?.slice(0, 120)}`);
      }
      config[toCamel(key)] = layerFromJson(nested.class_name, nested.config as Record<string, unknown>, `${where} > ${key}`);
      continue;
    }
    if (key === 'data_format') {
      if (value !== 'channels_last' && value !== null) fail(`${where} (${className}): data_format '${String(value)}' is not supported; Rectify uses channels_last (NHWC)`);
      continue;
    }
    config[toCamel(key)] = value;
  }
  if (typeof config.activation === 'string' && Object.hasOwn(ACTIVATION_IN, config.activation)) config.activation = ACTIVATION_IN[config.activation];
  if (className === 'BatchNormalization' && Array.isArray(config.axis)) {
    if (config.axis.length !== 1) fail(`${where} (BatchNormalization): only one axis is supported, got ${JSON.stringify(config.axis)}`);
    config.axis = config.axis[0];
  }
  if (className === 'Dropout' && config.seed === null) delete config.seed;
  // Keras 3 writes the dtype as a policy object
  if (config.dtype && typeof config.dtype === 'object') config.dtype = (config.dtype as { config?: { name?: unknown } }).config?.name;
  if (config.dtype !== undefined && config.dtype !== 'float32') fail(`${where} (${className}): dtype ${JSON.stringify(config.dtype)} is not supported; expected float32`);
  if (config.batchInputShape === undefined && Array.isArray(config.batchShape)) config.batchInputShape = config.batchShape;
  if (className !== 'InputLayer') delete config.batchShape;
  else {
    if (config.batchShape !== undefined) delete config.batchInputShape;
    delete config.ragged;
    delete config.optional;
    if (config.sparse === false || config.sparse === null) delete config.sparse;
  }
  try {
    return deserializeLayer({ className, config });
  } catch (e) {
    fail(`${where} (${className}): ${(e as Error).message}`);
  }
}
