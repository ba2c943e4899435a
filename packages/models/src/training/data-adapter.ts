import { Tensor, formatShape, rngFor } from '@rectify/core';
import { permutation, takeRows } from './batches.js';
import { checkStructure, describeValue, mapStructure, type TensorStructure } from './tensor-structure.js';
import { classWeightLookup, classWeightsFor, combineWeights, type ClassWeight } from './class-weight.js';
import { EpochSchedule } from './epoch-schedule.js';
import { datasetPass, isDatasetLike, type DatasetLike } from './dataset-batches.js';

/** One training step's data. */
export interface TrainingBatch {
  x: TensorStructure;
  y: TensorStructure;
  /** Per-sample weights (sample weights times class weights), when any were given. */
  sampleWeight?: Tensor;
}

/** Options of `createDataAdapter`. */
export interface DataAdapterOptions {
  /** In-memory data: samples per batch. Default 32. */
  batchSize?: number;
  /** In-memory data: reshuffle every pass (the fit loop's permutation). Default true. */
  shuffle?: boolean;
  /** In-memory data: seed of the shuffling (default: the global generator set by setSeed). */
  seed?: number;
  /** In-memory data: a weight per sample, [n] or [n, 1]. */
  sampleWeight?: Tensor;
  /** A weight per class, turned into per-sample weights from each batch's labels (single output only). */
  classWeight?: ClassWeight;
  /** Batches per epoch; the iterator then continues across epochs instead of restarting. */
  stepsPerEpoch?: number;
  /** The caller's name in error messages. Default 'fit'. */
  op?: string;
}

/** What a training loop iterates: the batches of each epoch, and how many there are when known. */
export interface DataAdapter {
  /** The batches of the next epoch; call once per epoch, in order. */
  epoch(): AsyncIterable<TrainingBatch>;
  /** Batches per epoch when known ahead (the progress bar's total), else null. */
  readonly steps: number | null;
  /** Samples per epoch when known (in-memory data without stepsPerEpoch), else null. */
  readonly samples: number | null;
  /** True once the data ran out before an epoch's stepsPerEpoch batches (Keras stops training then). */
  readonly exhausted: boolean;
  /** Releases an iterator kept open between epochs (with stepsPerEpoch). */
  close(): Promise<void>;
}

const KEYS = ['batchSize', 'shuffle', 'seed', 'sampleWeight', 'classWeight', 'stepsPerEpoch', 'op'];
const IN_MEMORY_ONLY = ['batchSize', 'shuffle', 'seed', 'sampleWeight'] as const;

function positiveInt(op: string, name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new Error(`${op}: ${name} must be a positive integer, got ${String(v)}`);
  return v;
}

function adapterOf(schedule: EpochSchedule, steps: number | null, samples: number | null): DataAdapter {
  return {
    epoch: () => schedule.epoch(),
    steps,
    samples,
    get exhausted() {
      return schedule.exhausted;
    },
    close: () => schedule.close(),
  };
}

/** Batches of in-memory tensors, drawn exactly as the fit loop draws them (same permutation and generator). */
function tensorAdapter(op: string, x: TensorStructure, y: TensorStructure, options: DataAdapterOptions): DataAdapter {
  const n = checkStructure(op, 'x', x);
  const ny = checkStructure(op, 'y', y);
  if (ny !== n) throw new Error(`${op}: x and y must have the same number of samples, got ${n} and ${ny}`);
  const batchSize = positiveInt(op, 'batchSize', options.batchSize ?? 32);
  const { sampleWeight, shuffle = true } = options;
  if (sampleWeight !== undefined) {
    if (!(sampleWeight instanceof Tensor) || sampleWeight.shape[0] !== n || sampleWeight.size !== n) {
      throw new Error(`${op}: sampleWeight must be a Tensor of shape [${n}] or [${n}, 1] (one weight per sample), got ${describeValue(sampleWeight)}`);
    }
  }
  const lookup = options.classWeight === undefined ? null : classWeightLookup(op, options.classWeight);
  if (lookup && !(y instanceof Tensor)) classWeightsFor(op, y, lookup);
  const rng = rngFor(options.seed);
  const perPass = Math.ceil(n / batchSize);
  async function* pass(): AsyncGenerator<TrainingBatch> {
    // drawn when the pass starts, as the fit loop does at the start of each epoch
    const order = shuffle ? permutation(n, rng) : null;
    for (let start = 0; start < n; start += batchSize) {
      const end = Math.min(start + batchSize, n);
      const rows = (t: Tensor) => takeRows(t, order, start, end);
      const yb = mapStructure(y, rows);
      let sw = sampleWeight ? rows(sampleWeight) : undefined;
      if (lookup) sw = combineWeights(classWeightsFor(op, yb, lookup), sw);
      yield sw ? { x: mapStructure(x, rows), y: yb, sampleWeight: sw } : { x: mapStructure(x, rows), y: yb };
    }
  }
  const steps = options.stepsPerEpoch;
  return adapterOf(new EpochSchedule(pass, steps, true), steps ?? perPass, steps === undefined ? n : null);
}

/** Batches of a dataset whose elements are already batched `{ xs, ys }`, `[x, y]` or `[x, y, sampleWeight]`. */
function datasetAdapter(op: string, dataset: DatasetLike, options: DataAdapterOptions): DataAdapter {
  for (const key of IN_MEMORY_ONLY) {
    if (options[key] !== undefined) throw new Error(`${op}: option '${key}' applies to tensors only; a dataset is batched, shuffled and weighted by its own elements (use dataset.batch(), dataset.shuffle() or [x, y, sampleWeight] elements)`);
  }
  const size = dataset.size ?? null;
  const steps = options.stepsPerEpoch;
  if (size === Infinity && steps === undefined) throw new Error(`${op}: the dataset is infinite (repeat() without a count); pass stepsPerEpoch to say how many batches make an epoch`);
  if (size === 0) throw new Error(`${op}: the dataset is empty`);
  const lookup = options.classWeight === undefined ? null : classWeightLookup(op, options.classWeight);
  const pass = () => datasetPass(op, dataset, lookup)[Symbol.asyncIterator]();
  return adapterOf(new EpochSchedule(pass, steps, size !== null && size !== Infinity), steps ?? size, null);
}

/**
 * The data side of a training loop: from in-memory tensors (`x`, `y`, batched and shuffled here) or from
 * a dataset of batches, the batches of each epoch as `{ x, y, sampleWeight? }` plus the step count when
 * known. `x` and `y` may be a tensor, an array of tensors or a record of tensors (several inputs/outputs).
 * @example
 * const adapter = createDataAdapter(xTrain, yTrain, { batchSize: 32, seed: 1, classWeight: { 0: 1, 1: 5 } });
 * for (let epoch = 0; epoch < 3; epoch++) for await (const { x, y, sampleWeight } of adapter.epoch()) console.log(x, y, sampleWeight);
 */
export function createDataAdapter(x: TensorStructure | DatasetLike, y?: TensorStructure, options: DataAdapterOptions = {}): DataAdapter {
  if (typeof options !== 'object' || options === null) throw new Error(`createDataAdapter: options must be an object, got ${options === null ? 'null' : typeof options}`);
  const op = options.op ?? 'fit';
  for (const key of Object.keys(options)) if (!KEYS.includes(key)) throw new Error(`${op}: unknown data option '${key}'; valid options are ${KEYS.join(', ')}`);
  if (options.stepsPerEpoch !== undefined) positiveInt(op, 'stepsPerEpoch', options.stepsPerEpoch);
  if (isDatasetLike(x)) {
    if (y !== undefined) throw new Error(`${op}: got a dataset and a separate y (${describeValue(y)}); a dataset's elements carry their own targets ({ xs, ys } or [x, y])`);
    return datasetAdapter(op, x, options);
  }
  if (y === undefined) throw new Error(`${op}: y is required with in-memory x (${x instanceof Tensor ? `shape ${formatShape(x.shape)}` : describeValue(x)})`);
  return tensorAdapter(op, x, y, options);
}

export type { DatasetLike } from './dataset-batches.js';
