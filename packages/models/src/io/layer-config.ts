import { camelToSnake, snakeToCamel } from '@rectify/core';
import { deserializeLayer, layerClassNames, layerRegistry, weightOptionKind, type Layer } from '@rectify/layers';
import { convertKeys } from './format.js';
import { activationIn, activationOut } from './hard-sigmoid-dialect.js';
import { readWeightOption, weightOptionOut } from './weight-option-json.js';

// Rectify layers that Keras spells as an Activation layer (parameter-free activation layers carry their
// Keras activation string in `kerasActivation`).
const AS_ACTIVATION: Record<string, string> = { Sigmoid: 'sigmoid', Tanh: 'tanh' };
/** Classes whose Keras config carries `data_format` (Rectify computes channels-last only). */
const CHANNELS_LAST = new Set([
  'Conv2D', 'MaxPooling2D', 'AveragePooling2D', 'Flatten', 'DepthwiseConv2D', 'SeparableConv2D', 'Conv2DTranspose', 'Conv1D', 'ZeroPadding2D',
  'Cropping2D', 'UpSampling2D', 'MaxPooling1D', 'AveragePooling1D', 'GlobalAveragePooling1D', 'GlobalAveragePooling2D', 'GlobalMaxPooling1D',
  'GlobalMaxPooling2D', 'SpatialDropout2D',
]);
/** Keras keys whose camelCase is not Rectify's option name. */
const KEY_IN: Record<string, string> = { keepdims: 'keepDims' };
const KEY_OUT: Record<string, string> = { keepDims: 'keepdims' };

/** Options TF.js and Keras write that carry no state Rectify needs (weights are loaded separately). */
const IGNORED = /^(noise_shape|input_dtype|autocast|synchronized|renorm.*|module|registered_name|build_config|compile_config)$/;

/** The error every refusal of a file becomes. */
export function fail(what: string): never {
  throw new Error(`loadModel: ${what}`);
}

// Options that hold a whole layer (Bidirectional, TimeDistributed): written and read as nested layer entries.
const NESTED_LAYER_KEYS = new Set(['layer', 'backwardLayer']);

/** A layer as Keras JSON: `{ class_name, config }` with snake_case keys. */
export function layerToJson(layer: Layer): { class_name: string; config: Record<string, unknown> } {
  return configToJson(layer.className, layer.getConfig(), (layer as { kerasActivation?: unknown }).kerasActivation);
}

/** A layer's class name and (camelCase) config as Keras JSON, nested layers included. */
function configToJson(cls: string, layerConfig: Record<string, unknown>, kerasActivation?: unknown): { class_name: string; config: Record<string, unknown> } {
  let className = cls;
  let config: Record<string, unknown> = { ...layerConfig };
  for (const key of NESTED_LAYER_KEYS) {
    const nested = config[key] as { className?: unknown; config?: unknown } | undefined;
    if (nested && typeof nested.className === 'string' && nested.config && typeof nested.config === 'object') {
      const inner = configToJson(nested.className, nested.config as Record<string, unknown>);
      delete config[key];
      config[`${key}Json`] = inner;
    }
  }
  const asActivation = (Object.hasOwn(AS_ACTIVATION, className) ? AS_ACTIVATION[className] : undefined) ?? kerasActivation;
  if (typeof asActivation === 'string') {
    config = { name: config.name, trainable: config.trainable, dtype: config.dtype, activation: asActivation };
    className = 'Activation';
  }
  // activation, recurrentActivation, ...
  for (const key of Object.keys(config)) if (/[aA]ctivation$/.test(key) && typeof config[key] === 'string') config[key] = activationOut(config[key] as string);
  if (CHANNELS_LAST.has(className)) config.dataFormat = 'channels_last';
  for (const key of Object.keys(config)) if (weightOptionKind(key)) config[key] = weightOptionOut(key, config[key]);
  for (const key of Object.keys(config)) {
    if (!Object.hasOwn(KEY_OUT, key)) continue;
    config[KEY_OUT[key]] = config[key];
    delete config[key];
  }
  // nested layer entries are already Keras JSON: keep their keys as they are
  const nested = [...NESTED_LAYER_KEYS].filter((k) => config[`${k}Json`] !== undefined).map((k) => [k, config[`${k}Json`]] as const);
  for (const [k] of nested) delete config[`${k}Json`];
  const snake = convertKeys(config, camelToSnake) as Record<string, unknown>;
  for (const [k, v] of nested) snake[camelToSnake(k)] = v;
  // through JSON, so in-memory artifacts hold what a file would (no undefined entries, which TF.js trips on)
  return { class_name: className, config: JSON.parse(JSON.stringify(snake)) as Record<string, unknown> };
}

/** Rebuilds one (non-model) layer from Keras JSON, checking what Rectify cannot honour. */
export function layerFromJson(className: string, raw: Record<string, unknown>, where: string): Layer {
  if (!layerRegistry.has(className)) fail(`${where}: unknown layer class '${className}'; known classes are ${layerClassNames().join(', ')}`);
  const config: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (IGNORED.test(key)) continue;
    if (key === 'data_format') {
      if (value !== 'channels_last' && value !== null) fail(`${where} (${className}): data_format '${String(value)}' is not supported; Rectify uses channels_last (NHWC)`);
      continue;
    }
    const camel = Object.hasOwn(KEY_IN, key) ? KEY_IN[key] : snakeToCamel(key);
    if (NESTED_LAYER_KEYS.has(camel) && value !== null) {
      const nested = value as { class_name?: unknown; config?: unknown };
      if (!nested || typeof nested !== 'object' || typeof nested.class_name !== 'string' || !nested.config || typeof nested.config !== 'object' || Array.isArray(nested.config)) {
        fail(`${where} (${className}): ${key} must be a layer entry { class_name, config }, got ${JSON.stringify(value)?.slice(0, 120)}`);
      }
      config[camel] = layerFromJson(nested.class_name, nested.config as Record<string, unknown>, `${where} > ${key}`);
      continue;
    }
    const read = weightOptionKind(camel) ? readWeightOption(camel, value) : /[aA]ctivation$/.test(camel) ? activationIn(value) : value;
    if (read !== undefined) config[camel] = read;
  }
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
