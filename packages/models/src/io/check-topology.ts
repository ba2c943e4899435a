import type { Model } from '../model.js';
import { LOAD_LIMITS } from './limits.js';
import { showValue } from './show-value.js';

type Check = (value: unknown) => string | null;

const isPositiveInt = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) > 0;
const isInt = (v: unknown): v is number => Number.isSafeInteger(v);

const positiveInt: Check = (v) => (isPositiveInt(v) ? null : 'a positive integer');
const finite: Check = (v) => (typeof v === 'number' && Number.isFinite(v) ? null : 'a finite number');
const bool: Check = (v) => (typeof v === 'boolean' ? null : 'true or false');
const text: Check = (v) => (typeof v === 'string' && v.length <= LOAD_LIMITS.maxNameLength ? null : `a string of at most ${LOAD_LIMITS.maxNameLength} characters`);
const nullable = (check: Check): Check => (v) => (v === null ? null : check(v) && `${check(v)} or null`);
const intOrList = (each: (d: unknown) => boolean, what: string): Check => (v) =>
  each(v) || (Array.isArray(v) && v.length >= 1 && v.length <= LOAD_LIMITS.maxRank && v.every(each)) ? null : `${what} or a list of at most ${LOAD_LIMITS.maxRank} of them`;

/** A sample shape: sizes (or null = any), few axes, and a bounded number of values per sample. */
const sampleShape = (withBatch: boolean): Check => (v) => {
  const rank = withBatch ? LOAD_LIMITS.maxRank + 1 : LOAD_LIMITS.maxRank;
  const what = `a list of at most ${rank} positive integer sizes (or null)${withBatch ? ', the first being the batch' : ''}`;
  if (!Array.isArray(v) || v.length === 0 || v.length > rank || v.some((d) => d !== null && !isPositiveInt(d))) return what;
  const values = (withBatch ? v.slice(1) : v).reduce((a: number, d) => a * (d ?? 1), 1);
  return values > LOAD_LIMITS.maxSampleElements ? `a shape of at most ${LOAD_LIMITS.maxSampleElements} values per sample (this one has ${values})` : null;
};

const isCount = (v: unknown): boolean => Number.isSafeInteger(v) && (v as number) >= 0;
/** Amounts per side (ZeroPadding, Cropping): n, [n, m] or [[before, after], ...], each a non-negative integer. */
const sides: Check = (v) =>
  isCount(v) || (Array.isArray(v) && v.length >= 1 && v.length <= LOAD_LIMITS.maxRank && v.every((e) => isCount(e) || (Array.isArray(e) && e.length === 2 && e.every(isCount))))
    ? null
    : 'a non-negative integer, a list of them, or [before, after] pairs';

const targetShape: Check = (v) =>
  Array.isArray(v) && v.length >= 1 && v.length <= LOAD_LIMITS.maxRank && v.every((d) => isPositiveInt(d) || d === -1) && v.filter((d) => d === -1).length <= 1
    ? null
    : `a list of at most ${LOAD_LIMITS.maxRank} positive integer sizes with at most one -1`;

/**
 * Types of the config fields loaded layers read, in Keras spelling. A field not listed here goes to the
 * layer's constructor, which refuses options it does not know.
 */
const FIELDS: Record<string, Check> = {
  name: text,
  trainable: bool,
  batch_input_shape: sampleShape(true),
  batch_shape: sampleShape(true),
  input_shape: sampleShape(false),
  units: positiveInt,
  filters: positiveInt,
  kernel_size: intOrList(isPositiveInt, 'a positive integer'),
  strides: nullable(intOrList(isPositiveInt, 'a positive integer')),
  pool_size: intOrList(isPositiveInt, 'a positive integer'),
  dilation_rate: intOrList(isPositiveInt, 'a positive integer'),
  padding: (v) => (typeof v === 'string' ? text(v) : sides(v) && `a padding mode string, or ${sides(v)}`),
  cropping: sides,
  depth_multiplier: positiveInt,
  n: positiveInt,
  size: intOrList(isPositiveInt, 'a positive integer'),
  groups: positiveInt,
  activation: text,
  use_bias: bool,
  center: bool,
  // BatchNormalization's learn-a-scale flag, Rescaling's factor
  scale: (v) => (typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v)) ? null : 'true, false or a finite number'),
  offset: finite,
  height: positiveInt,
  width: positiveInt,
  stddev: finite,
  theta: finite,
  l1: finite,
  l2: finite,
  approximate: bool,
  axis: intOrList(isInt, 'an integer'),
  shared_axes: nullable(intOrList(isInt, 'an integer')),
  target_shape: targetShape,
  rate: finite,
  momentum: finite,
  epsilon: finite,
  alpha: finite,
  beta: finite,
  threshold: finite,
  negative_slope: finite,
  max_value: nullable(finite),
  seed: nullable((v) => (isInt(v) ? null : 'an integer')),
};

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The layer entries of a topology (plain, wrapped in `model_config`, or a bare list). */
function layerEntries(topology: Record<string, unknown>): unknown[] | null {
  const root = isRecord(topology.model_config) ? topology.model_config : topology;
  const config = root.config;
  if (Array.isArray(config)) return config;
  return isRecord(config) && Array.isArray(config.layers) ? config.layers : null;
}

/**
 * Checks a topology's layer configs before any layer exists: at most `LOAD_LIMITS.maxLayers` layers, each
 * an object with a class name, and every known field of the right type and within the size limits (input
 * shapes included), so a malformed or hostile value is refused with the field's name.
 */
export function checkTopologyFields(topology: Record<string, unknown>): void {
  const entries = layerEntries(topology);
  if (!entries) return; // the topology reader reports the missing layer list
  if (entries.length > LOAD_LIMITS.maxLayers) throw new Error(`loadModel: the topology has ${entries.length} layers; the loader accepts at most ${LOAD_LIMITS.maxLayers}`);
  entries.forEach((entry, i) => {
    if (!isRecord(entry) || typeof entry.class_name !== 'string' || !isRecord(entry.config)) {
      throw new Error(`loadModel: layer ${i} is ${showValue(entry)}; expected { class_name, config }`);
    }
    const className = entry.class_name.length > 80 ? `${entry.class_name.slice(0, 77)}...` : entry.class_name;
    for (const [key, value] of Object.entries(entry.config)) {
      if (!Object.hasOwn(FIELDS, key)) continue;
      const expected = FIELDS[key](value);
      if (expected) throw new Error(`loadModel: layer ${i} (${className}): ${key} is ${showValue(value)}; expected ${expected}`);
    }
  });
}

/**
 * Checks a built model's activation sizes: no layer may output more than `LOAD_LIMITS.maxSampleElements`
 * values per sample, so a loaded model cannot make prediction allocate without bound.
 */
export function checkActivationSizes(model: Model): void {
  for (const node of model.graphNodes()) {
    for (const out of node.outputs) {
      const shape = out.shape;
      const values = shape.slice(1).reduce<number>((a, d) => a * (d ?? 1), 1);
      if (!Number.isFinite(values) || values > LOAD_LIMITS.maxSampleElements || shape.some((d) => d !== null && !(Number.isSafeInteger(d) && d >= 0))) {
        const layer = node.layer;
        throw new Error(`loadModel: layer ${layer.className} '${layer.name}' would output shape [${shape.map((d) => d ?? 'null').join(', ')}] (${values} values per sample); the loader accepts at most ${LOAD_LIMITS.maxSampleElements}`);
      }
    }
  }
}
