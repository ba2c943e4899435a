import { formatShape } from '@rectify/core';
import { LOAD_LIMITS } from './limits.js';
import { showValue } from './show-value.js';
import { bytesPerValue, checkQuantization, type Quantization } from './quantization.js';

/** A manifest entry after validation: its name, shape and number of values. */
export interface CheckedSpec {
  name: string;
  shape: number[];
  size: number;
  dtype: 'float32' | 'int32';
  /** 'optimizer' for the optimizer's state. */
  group?: string;
  /** Present for quantized entries, which store fewer than 4 bytes per value. */
  quantization?: Quantization;
  /** Bytes of this entry in the weight data. */
  bytes: number;
}

/** The weights manifest after validation: shard files in read order, weights in data order. */
export interface CheckedManifest {
  paths: string[];
  specs: CheckedSpec[];
  /** Values over all weights. */
  totalElements: number;
  /** Bytes over all weights (4 per value, fewer for quantized entries): exactly what the shards must hold. */
  totalBytes: number;
}


const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A shard path must be a plain file name in the model's folder: no `..`, no separators, no absolute paths,
 * nothing the loader or a later save could mistake for model.json or a temporary.
 */
export function checkShardPath(path: unknown, field: string, file: string): string {
  if (typeof path !== 'string' || path === '' || path === '.' || path === '..' || /[\\/\0]/.test(path) || path.length > LOAD_LIMITS.maxNameLength) {
    throw new Error(`loadModel: ${file}: ${field} is ${showValue(path)}, a weights path outside the model folder; only plain file names are allowed`);
  }
  if (path === 'model.json') throw new Error(`loadModel: ${file}: ${field} names model.json itself as a weights file`);
  return path;
}

function checkSpec(spec: unknown, field: string, file: string): CheckedSpec {
  if (!isRecord(spec)) throw new Error(`loadModel: ${file}: ${field} is ${showValue(spec)}; expected { name, shape, dtype }`);
  const { name, shape, dtype } = spec;
  if (typeof name !== 'string' || name === '' || name.length > LOAD_LIMITS.maxNameLength) throw new Error(`loadModel: ${file}: ${field}.name is ${showValue(name)}; expected a weight name`);
  // int32 weights (the optimizer's step counter, integer tables of converted models) load as float32 values
  if (dtype !== undefined && dtype !== 'float32' && dtype !== 'int32') throw new Error(`loadModel: ${file}: ${field}.dtype of weight '${name}' is ${showValue(dtype)}; only float32 and int32 are supported`);
  const quantization = spec.quantization === undefined || spec.quantization === null ? undefined : checkQuantization(spec.quantization, field, file, name);
  if (quantization && dtype === 'int32') throw new Error(`loadModel: ${file}: ${field}: weight '${name}' is int32 and quantized; only float32 weights can be dequantized`);
  if (!Array.isArray(shape) || shape.length > LOAD_LIMITS.maxRank || shape.some((d) => !Number.isSafeInteger(d) || d < 0)) {
    throw new Error(`loadModel: ${file}: ${field}.shape of weight '${name}' is ${showValue(shape)}; expected at most ${LOAD_LIMITS.maxRank} non-negative integer sizes`);
  }
  const size = (shape as number[]).reduce((a, d) => a * d, 1);
  if (size > LOAD_LIMITS.maxWeightElements) {
    throw new Error(`loadModel: ${file}: ${field}: weight '${name}' of shape ${formatShape(shape as number[])} is absurdly large (${size} values; the limit is ${LOAD_LIMITS.maxWeightElements})`);
  }
  const group = typeof spec.group === 'string' ? spec.group : undefined;
  return { name, shape: (shape as number[]).slice(), size, dtype: dtype === 'int32' ? 'int32' : 'float32', ...(group ? { group } : {}), ...(quantization ? { quantization } : {}), bytes: size * bytesPerValue(quantization) };
}

// Running totals over every weight list of one manifest: names must be distinct, the total bounded.
interface SpecTally {
  specs: CheckedSpec[];
  names: Set<string>;
  totalElements: number;
  totalBytes: number;
}

function addSpecs(list: unknown[], at: string, file: string, tally: SpecTally): void {
  if (tally.specs.length + list.length > LOAD_LIMITS.maxManifestEntries) throw new Error(`loadModel: ${file}: ${at} makes the manifest list more than ${LOAD_LIMITS.maxManifestEntries} weights`);
  list.forEach((s: unknown, i) => {
    const spec = checkSpec(s, `${at}[${i}]`, file);
    if (tally.names.has(spec.name)) throw new Error(`loadModel: ${file}: ${at}[${i}]: weight '${spec.name}' appears twice in the manifest`);
    tally.names.add(spec.name);
    tally.totalElements += spec.size;
    tally.totalBytes += spec.bytes;
    if (tally.totalElements > LOAD_LIMITS.maxTotalWeightElements) {
      throw new Error(`loadModel: ${file}: ${at}[${i}]: the weights add up to more than ${LOAD_LIMITS.maxTotalWeightElements} values, the loader's limit`);
    }
    tally.specs.push(spec);
  });
}

/**
 * Validates `weightsManifest` (TF.js: groups of `{ paths, weights }`) before anything is read: plain,
 * distinct shard names, well-formed float32 specs with distinct names, sizes within `LOAD_LIMITS`.
 */
export function checkManifest(manifest: unknown, file: string): CheckedManifest {
  if (manifest === undefined || manifest === null) return { paths: [], specs: [], totalElements: 0, totalBytes: 0 };
  if (!Array.isArray(manifest) || manifest.length > LOAD_LIMITS.maxManifestEntries) throw new Error(`loadModel: ${file}: weightsManifest is ${showValue(manifest)}; expected an array of { paths, weights } groups`);
  const paths: string[] = [];
  const seenPaths = new Set<string>();
  const tally: SpecTally = { specs: [], names: new Set(), totalElements: 0, totalBytes: 0 };
  manifest.forEach((group: unknown, g) => {
    const at = `weightsManifest[${g}]`;
    if (!isRecord(group)) throw new Error(`loadModel: ${file}: ${at} is ${showValue(group)}; expected { paths, weights }`);
    if (!Array.isArray(group.paths)) throw new Error(`loadModel: ${file}: ${at}.paths is ${showValue(group.paths)}; expected an array of file names`);
    if (!Array.isArray(group.weights)) throw new Error(`loadModel: ${file}: ${at}.weights is ${showValue(group.weights)}; expected an array of weight specs`);
    if (paths.length + group.paths.length > LOAD_LIMITS.maxManifestEntries) throw new Error(`loadModel: ${file}: ${at}.paths makes the manifest list more than ${LOAD_LIMITS.maxManifestEntries} files`);
    group.paths.forEach((p: unknown, i) => {
      const path = checkShardPath(p, `${at}.paths[${i}]`, file);
      if (seenPaths.has(path)) throw new Error(`loadModel: ${file}: ${at}.paths[${i}] lists the weights file '${path}' a second time`);
      seenPaths.add(path);
      paths.push(path);
    });
    addSpecs(group.weights, `${at}.weights`, file, tally);
  });
  if (tally.specs.length > 0 && paths.length === 0) throw new Error(`loadModel: ${file}: weightsManifest describes ${tally.specs.length} weights but lists no weights file`);
  return { paths, specs: tally.specs, totalElements: tally.totalElements, totalBytes: tally.totalBytes };
}

/** The checked `weightSpecs` of in-memory artifacts (no files). */
export function checkWeightSpecs(weightSpecs: unknown, what: string): CheckedManifest {
  if (weightSpecs === undefined || weightSpecs === null) return { paths: [], specs: [], totalElements: 0, totalBytes: 0 };
  if (!Array.isArray(weightSpecs)) throw new Error(`loadModel: ${what}: weightSpecs is ${showValue(weightSpecs)}; expected an array of weight specs`);
  const tally: SpecTally = { specs: [], names: new Set(), totalElements: 0, totalBytes: 0 };
  addSpecs(weightSpecs, 'weightSpecs', what, tally);
  return { paths: [], specs: tally.specs, totalElements: tally.totalElements, totalBytes: tally.totalBytes };
}
