import { Tensor, concat, noGrad } from '@rectify/core';
import type { Model, Batch } from '../model.js';
import { CallbackList, toCallback, type CallbackLike, type Logs } from '../callbacks/callback.js';
import { History } from '../callbacks/history.js';
import { ProgressBar } from '../callbacks/progress-bar.js';
import { takeRows } from './batches.js';
import { sampleCount, type TensorStructure } from './structure.js';
import { checkFitOptions, checkKnownKeys, positiveInt } from './options.js';
import { createDataAdapter, type DataAdapter, type TrainingBatch } from './data-adapter.js';
import { isDatasetLike, type DatasetLike } from './dataset-batches.js';
import type { ClassWeight } from './class-weight.js';

/** Options of `fit`. */
export interface FitOptions {
  /** Passes over the data. Default 1. */
  epochs?: number;
  /** Samples per step (tensors only; a dataset is batched by itself). Default 32. */
  batchSize?: number;
  /** Reshuffle the samples every epoch (tensors only). Default true. */
  shuffle?: boolean;
  /** Seed of the shuffling (default: the global generator set by setSeed). */
  seed?: number;
  /** Fraction of the samples (taken from the end, before shuffling) kept for validation (tensors only). Default 0. */
  validationSplit?: number;
  /** Data to evaluate after each epoch: [x, y] (each a tensor, an array or a record) or a dataset of batches. */
  validationData?: [TensorStructure, TensorStructure] | DatasetLike;
  /** With a dataset as validationData: batches to evaluate (default: all of it). */
  validationSteps?: number;
  /** Batches per epoch; the data then continues across epochs instead of restarting (Keras). */
  stepsPerEpoch?: number;
  /** A weight per class (record or array), multiplying each sample's loss by its label's weight. */
  classWeight?: ClassWeight;
  /** A weight per sample ([n] or [n, 1]), multiplying its loss (tensors only; dataset elements carry their own). */
  sampleWeight?: Tensor;
  /** Callback objects, plain objects with hooks (`{ onEpochEnd(epoch, logs) {} }`), or one such object. */
  callbacks?: CallbackLike | CallbackLike[];
  /** 0 silent, 1 progress bar (default). */
  verbose?: 0 | 1;
  /** Epoch to start at (for resuming). Default 0. */
  initialEpoch?: number;
}

/** Options of `evaluate`. */
export interface EvaluateOptions {
  /** Samples per step (tensors only). Default 32. */
  batchSize?: number;
  /** With a dataset: batches to evaluate (default: all of it). */
  steps?: number;
  /** A weight per sample ([n] or [n, 1]) for the loss. */
  sampleWeight?: Tensor;
  /** Accepted for TF.js/Keras code; evaluate prints nothing. */
  verbose?: 0 | 1;
}

/** Options of `predict`. */
export interface PredictOptions {
  /** Samples per step. Default 32. */
  batchSize?: number;
  /** Accepted for TF.js/Keras code; predict prints nothing. */
  verbose?: 0 | 1;
}

/** Inputs and targets as the model orders them, with their sample count. */
interface Data {
  xs: Tensor[];
  ys: Tensor[];
  n: number;
}

function prepare(op: string, model: Model, x: unknown, y: unknown): Data {
  model.prepareFor(x);
  const xs = model.inputList(op, x);
  const ys = model.targetList(op, y);
  const n = sampleCount(op, [['x', xs], ['y', ys]]);
  model.checkInputs(op, xs);
  return { xs, ys, n };
}

function rows(list: readonly Tensor[], start: number, end: number): Tensor[] {
  return list.map((t) => takeRows(t, null, start, end));
}

/** A batch from the data adapter in the model's input and output order, checked against the model. */
function modelBatch(op: string, model: Model, batch: TrainingBatch): Batch {
  model.prepareFor(batch.x);
  const x = model.inputList(op, batch.x);
  const y = model.targetList(op, batch.y);
  model.checkInputs(op, x);
  return batch.sampleWeight ? { x, y, sampleWeight: batch.sampleWeight } : { x, y };
}

/** Runs `next` on an iterator, naming the epoch and step in any error the data raises. */
async function nextBatch(op: string, it: AsyncIterator<TrainingBatch>, where: string): Promise<IteratorResult<TrainingBatch>> {
  try {
    return await it.next();
  } catch (e) {
    throw new Error(`${op}: ${where}: ${(e as Error).message}`);
  }
}

/** Mean loss and metrics over every batch of one pass, weighted by batch size. */
async function evaluateAdapter(op: string, model: Model, adapter: DataAdapter, maxSteps?: number): Promise<Logs> {
  const sums: Logs = {};
  let seen = 0;
  const it = adapter.epoch()[Symbol.asyncIterator]();
  for (let step = 0; maxSteps === undefined || step < maxSteps; step++) {
    const next = await nextBatch(op, it, `step ${step}`);
    if (next.done) break;
    const batch = modelBatch(op, model, next.value);
    const size = batch.x[0].shape[0];
    const logs = noGrad(() => model.testStep(batch));
    for (const [k, v] of Object.entries(logs)) sums[k] = (sums[k] ?? 0) + v * size;
    seen += size;
  }
  await it.return?.();
  if (seen === 0) throw new Error(`${op}: the data produced no batches`);
  return Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, v / seen]));
}

/** The fit loop behind `Model.fit`: batches from the data adapter, `trainStep`, callbacks, validation. */
export async function fitModel(model: Model, x: TensorStructure | DatasetLike, yOrOptions?: TensorStructure | FitOptions, maybeOptions?: FitOptions): Promise<History> {
  const isDataset = isDatasetLike(x);
  const options = ((isDataset ? yOrOptions : maybeOptions) ?? {}) as FitOptions;
  checkFitOptions(options);
  model.outputTargets('fit');
  const { epochs = 1, batchSize = 32, shuffle = true, verbose = 1, initialEpoch = 0, validationSplit = 0 } = options;
  let train: DataAdapter;
  let validate: (() => Promise<Logs>) | null = null;
  const common = { classWeight: options.classWeight, stepsPerEpoch: options.stepsPerEpoch, op: 'fit' };
  if (isDataset) {
    for (const key of ['validationSplit', 'batchSize', 'shuffle', 'seed', 'sampleWeight'] as const) {
      if (options[key] !== undefined) throw new Error(`fit: option '${key}' applies to tensors only; a dataset is batched, shuffled and weighted by its elements (dataset.batch(), dataset.shuffle(), [x, y, sampleWeight] elements)`);
    }
    train = createDataAdapter(x as DatasetLike, undefined, common);
  } else {
    if (yOrOptions === undefined) throw new Error('fit: y is required with in-memory x (pass a dataset of { xs, ys } batches to train without it)');
    const data = prepare('fit', model, x, yOrOptions);
    let { xs, ys } = data;
    let sampleWeight = options.sampleWeight;
    if (validationSplit > 0 && options.validationData === undefined) {
      const split = Math.floor(data.n * (1 - validationSplit));
      if (split < 1 || split >= data.n) throw new Error(`fit: validationSplit ${validationSplit} leaves no training or no validation samples out of ${data.n}`);
      const held: Data = { xs: rows(xs, split, data.n), ys: rows(ys, split, data.n), n: data.n - split };
      validate = async () => evaluateTensors(model, held, batchSize);
      xs = rows(xs, 0, split);
      ys = rows(ys, 0, split);
      if (sampleWeight) sampleWeight = takeRows(sampleWeight, null, 0, split);
    }
    // one tensor rather than a list of one, so class weights can read the labels
    const single = (list: Tensor[]) => (list.length === 1 ? list[0] : list);
    train = createDataAdapter(single(xs), single(ys), { ...common, batchSize, shuffle, seed: options.seed, sampleWeight });
  }
  const v = options.validationData;
  if (v !== undefined) {
    if (isDatasetLike(v)) {
      if (options.validationSteps !== undefined) positiveInt('fit', 'validationSteps', options.validationSteps);
      const adapter = createDataAdapter(v, undefined, { op: 'fit (validationData)' });
      validate = () => evaluateAdapter('fit (validationData)', model, adapter, options.validationSteps);
    } else {
      if (!Array.isArray(v) || v.length !== 2) throw new Error('fit: validationData must be [x, y] or a dataset of { xs, ys } batches');
      const held = prepare('fit (validationData)', model, v[0], v[1]);
      validate = async () => evaluateTensors(model, held, batchSize);
    }
  }

  const history = new History();
  const user = options.callbacks === undefined ? [] : (Array.isArray(options.callbacks) ? options.callbacks : [options.callbacks]).map(toCallback);
  // as in Keras: the progress bar first, user callbacks, then History, which sees what they added to the logs
  const list = new CallbackList([...(verbose ? [new ProgressBar()] : []), ...user, history]);
  list.setModel(model);
  const metricNames = ['loss', ...(model.targets.length > 1 ? model.targets.filter((t) => t.loss).map((t) => `${t.output}_loss`) : []), ...model.targets.flatMap((t) => t.metrics.map(([m]) => m))];
  list.setParams({ epochs, steps: train.steps, samples: train.samples, verbose, metrics: metricNames });
  model.stopTraining = false;

  try {
    await list.onTrainBegin();
    for (let epoch = initialEpoch; epoch < epochs && !model.stopTraining; epoch++) {
      await list.onEpochBegin(epoch);
      const sums: Logs = {};
      let seen = 0;
      const it = train.epoch()[Symbol.asyncIterator]();
      for (let step = 0; !model.stopTraining; step++) {
        const next = await nextBatch('fit', it, `epoch ${epoch + 1}, step ${step}`);
        if (next.done) break;
        const batch = modelBatch('fit', model, next.value);
        const size = batch.x[0].shape[0];
        await list.onBatchBegin(step, { batch: step, size });
        const logs = model.trainStep(batch);
        for (const [k, value] of Object.entries(logs)) sums[k] = (sums[k] ?? 0) + value * size;
        seen += size;
        await list.onBatchEnd(step, { ...logs, batch: step, size });
        if (!Number.isFinite(logs.loss) && !model.stopTraining) {
          throw new Error(`fit: the loss became ${logs.loss} at epoch ${epoch + 1}, batch ${step}; lower the learning rate or check the data (add TerminateOnNaN to stop instead of failing)`);
        }
      }
      if (seen === 0 && !model.stopTraining) throw new Error(`fit: epoch ${epoch + 1} got no batches: the data is empty${options.stepsPerEpoch ? ' or ran out (repeat() the dataset)' : ''}`);
      const epochLogs: Logs = Object.fromEntries(Object.entries(sums).map(([k, value]) => [k, value / Math.max(seen, 1)]));
      if (validate) for (const [k, value] of Object.entries(await validate())) epochLogs[`val_${k}`] = value;
      await list.onEpochEnd(epoch, epochLogs);
      if (train.exhausted && epoch + 1 < epochs) {
        console.warn(`fit: the data ran out after epoch ${epoch + 1} before stepsPerEpoch batches; training stops (repeat() the dataset to train longer)`);
        model.stopTraining = true;
      }
    }
    await list.onTrainEnd();
  } finally {
    await train.close();
  }
  return history;
}

/** Loss and metrics over in-memory data, in batches. */
function evaluateTensors(model: Model, data: Data, batchSize: number, sampleWeight?: Tensor): Logs {
  const sums: Logs = {};
  noGrad(() => {
    for (let start = 0; start < data.n; start += batchSize) {
      const end = Math.min(start + batchSize, data.n);
      const batch: Batch = { x: rows(data.xs, start, end), y: rows(data.ys, start, end) };
      if (sampleWeight) batch.sampleWeight = takeRows(sampleWeight, null, start, end);
      const logs = model.testStep(batch);
      for (const [k, v] of Object.entries(logs)) sums[k] = (sums[k] ?? 0) + v * (end - start);
    }
  });
  return Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, v / data.n]));
}

/** `Model.evaluate`: loss and metrics averaged over all samples, from tensors or a dataset of batches. */
export async function evaluateDatasetModel(model: Model, dataset: DatasetLike, options: EvaluateOptions = {}): Promise<Record<string, number>> {
  checkKnownKeys('evaluate', options, ['steps', 'verbose']);
  model.outputTargets('evaluate');
  if (options.steps !== undefined) positiveInt('evaluate', 'steps', options.steps);
  return evaluateAdapter('evaluate', model, createDataAdapter(dataset, undefined, { op: 'evaluate' }), options.steps);
}

/** `Model.evaluate` on tensors: loss and metrics averaged over all samples. */
export function evaluateModel(model: Model, x: TensorStructure, y: TensorStructure, options: EvaluateOptions = {}): Record<string, number> {
  checkKnownKeys('evaluate', options, ['batchSize', 'verbose', 'sampleWeight']);
  model.outputTargets('evaluate');
  const batchSize = options.batchSize ?? 32;
  positiveInt('evaluate', 'batchSize', batchSize);
  const data = prepare('evaluate', model, x, y);
  if (options.sampleWeight !== undefined && !(options.sampleWeight instanceof Tensor && options.sampleWeight.shape[0] === data.n && options.sampleWeight.size === data.n)) {
    throw new Error(`evaluate: sampleWeight must be a Tensor of shape [${data.n}] (one weight per sample)`);
  }
  return evaluateTensors(model, data, batchSize, options.sampleWeight);
}

/** `Model.predict`: outputs in batches, no gradients recorded; an array for several outputs. */
export function predictModel(model: Model, x: TensorStructure, options: PredictOptions = {}): Tensor | Tensor[] {
  checkKnownKeys('predict', options, ['batchSize', 'verbose']);
  const batchSize = options.batchSize ?? 32;
  positiveInt('predict', 'batchSize', batchSize);
  model.prepareFor(x);
  const xs = model.inputList('predict', x);
  const n = sampleCount('predict', [['x', xs]]);
  model.checkInputs('predict', xs);
  return noGrad(() => {
    const parts: Tensor[][] = [];
    for (let start = 0; start < n; start += batchSize) {
      const batch = rows(xs, start, Math.min(start + batchSize, n));
      const out = model.apply(batch.length === 1 ? batch[0] : batch, { training: false });
      parts.push(Array.isArray(out) ? out : [out]);
    }
    return joinOutputs(parts);
  });
}

function joinOutputs(parts: Tensor[][]): Tensor | Tensor[] {
  const outputs = parts[0].map((_, i) => (parts.length === 1 ? parts[0][i] : concat(parts.map((p) => p[i]), 0)));
  return outputs.length === 1 ? outputs[0] : outputs;
}

/** `Model.predict` on a dataset whose elements are input batches (or `{ xs }` / `{ xs, ys }` batches). */
export async function predictDatasetModel(model: Model, dataset: DatasetLike): Promise<Tensor | Tensor[]> {
  const parts: Tensor[][] = [];
  let index = 0;
  for await (const element of dataset) {
    const e = element as { xs?: unknown };
    const x = e && typeof e === 'object' && !(e instanceof Tensor) && !Array.isArray(e) && 'xs' in e ? e.xs : element;
    model.prepareFor(x);
    const xs = model.inputList(`predict (dataset element ${index})`, x);
    model.checkInputs(`predict (dataset element ${index})`, xs);
    const out = noGrad(() => model.apply(xs.length === 1 ? xs[0] : xs, { training: false }));
    parts.push(Array.isArray(out) ? out : [out]);
    index++;
  }
  if (parts.length === 0) throw new Error('predict: the dataset is empty');
  return joinOutputs(parts);
}
