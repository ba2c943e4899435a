import { activationRegistry, camelToSnake, deserializeLayer, deserializeWeightOption, kerasActivationName, layerClassNames, layerRegistry, snakeToCamel, weightOptionKind, type Layer } from '@rectify/layers';
import { convertKeys } from './format.js';

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

// 'hard_sigmoid' means relu6(x + 3) / 6 in Keras 3 but 0.2 x + 0.5 (clipped) in Keras 2 and TF.js: a file's
// dialect decides which, and a saved file says when it means Keras 3's.
type HardSigmoidDialect = 'keras3' | 'legacy';
let readingDialect: HardSigmoidDialect = 'keras3';
let writtenDialects: Set<HardSigmoidDialect> | null = null;

/** The root field of a saved topology that marks 'hard_sigmoid' as Keras 3's (TF.js ignores it). */
export const HARD_SIGMOID_MARK = { hard_sigmoid: 'relu6(x + 3) / 6' };

/**
 * Runs `read` with the meaning of 'hard_sigmoid' the topology's origin gives it: Keras 3 (no keras_version,
 * 3.x, or Rectify's mark) or legacy (a Keras 2 or TF.js keras_version).
 */
export function readingTopology<T>(topology: Record<string, unknown>, read: () => T): T {
  const version = topology.keras_version ?? (topology.model_config as { keras_version?: unknown } | undefined)?.keras_version;
  const marked = (topology.rectify as { hard_sigmoid?: unknown } | undefined)?.hard_sigmoid === HARD_SIGMOID_MARK.hard_sigmoid;
  const outer = readingDialect;
  readingDialect = !marked && typeof version === 'string' && !version.startsWith('3') ? 'legacy' : 'keras3';
  try {
    return read();
  } finally {
    readingDialect = outer;
  }
}

/** Runs `write` and returns its result with the hard sigmoid dialects the written layers used. */
export function writingTopology<T>(write: () => T): { result: T; dialects: Set<HardSigmoidDialect> } {
  const outer = writtenDialects;
  const dialects = new Set<HardSigmoidDialect>();
  writtenDialects = dialects;
  try {
    return { result: write(), dialects };
  } finally {
    writtenDialects = outer;
  }
}

/** An activation name as a file spells it, noting which hard sigmoid it is. */
function activationOut(name: string): string {
  const canonical = kerasActivationName(name);
  if (canonical === 'hard_sigmoid') writtenDialects?.add('keras3');
  if (canonical === 'legacy_hard_sigmoid') {
    writtenDialects?.add('legacy');
    return 'hard_sigmoid';
  }
  return canonical;
}

/** An activation name read from a file, in the file's dialect. */
function activationIn(name: unknown): unknown {
  if (typeof name !== 'string' || readingDialect !== 'legacy' || !activationRegistry.has(name)) return name;
  return activationRegistry.canonical(name) === 'hardSigmoid' ? 'legacyHardSigmoid' : name;
}

/** The error every refusal of a file becomes. */
export function fail(what: string): never {
  throw new Error(`loadModel: ${what}`);
}

/** Keras JSON of an initializer, regularizer or constraint: `{ class_name, config }` with snake_case keys. */
function weightOptionOut(key: string, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return { class_name: value.charAt(0).toUpperCase() + value.slice(1), config: {} };
  const v = value as { className: string; config: Record<string, unknown> };
  // TF.js knows only the L1L2 class; Keras reads it too
  if (weightOptionKind(key) === 'regularizer') return { class_name: 'L1L2', config: { l1: v.config.l1 ?? 0, l2: v.config.l2 ?? 0 } };
  return { class_name: v.className, config: convertKeys(v.config, camelToSnake) };
}

/** A Keras `{ class_name, config }` as Rectify's `{ className, config }` (camelCase keys); other values as they are. */
function weightOptionIn(value: unknown): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  const v = value as { class_name?: unknown; config?: unknown };
  if (typeof v.class_name !== 'string') return value;
  const config = convertKeys(v.config ?? {}, snakeToCamel) as Record<string, unknown>;
  for (const k of Object.keys(config)) if (config[k] === null || k === 'module' || k === 'registeredName') delete config[k];
  return { className: v.class_name, config };
}

/** A layer as Keras JSON: `{ class_name, config }` with snake_case keys. */
export function layerToJson(layer: Layer): { class_name: string; config: Record<string, unknown> } {
  let className = layer.className;
  let config: Record<string, unknown> = { ...layer.getConfig() };
  const asActivation = AS_ACTIVATION[className] ?? (layer as { kerasActivation?: unknown }).kerasActivation;
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
  // through JSON, so in-memory artifacts hold what a file would (no undefined entries, which TF.js trips on)
  return { class_name: className, config: JSON.parse(JSON.stringify(convertKeys(config, camelToSnake))) as Record<string, unknown> };
}

/**
 * A weight option read from a file. Regularizers and constraints change training, so an unknown one is
 * refused; an unknown initializer only matters for weights the file overwrites anyway, so it is dropped.
 */
function readWeightOption(key: string, value: unknown): unknown {
  const option = weightOptionIn(value);
  if (weightOptionKind(key) !== 'initializer') return option;
  try {
    return deserializeWeightOption(key, option);
  } catch {
    return undefined;
  }
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
    const read = weightOptionKind(camel) ? readWeightOption(camel, value) : /[aA]ctivation$/.test(camel) ? activationIn(value) : value;
    if (read !== undefined) config[camel] = read;
  }
  if (className === 'BatchNormalization' && Array.isArray(config.axis)) {
    if (config.axis.length !== 1) fail(`${where} (BatchNormalization): only one axis is supported, got ${JSON.stringify(config.axis)}`);
    config.axis = config.axis[0];
  }
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
