import { Tensor, concat, noGrad, rngFor } from '@rectify/core';
import type { Model, Batch } from '../model.js';
import { CallbackList, toCallback, type CallbackLike, type Logs } from '../callbacks/callback.js';
import { History } from '../callbacks/history.js';
import { ProgressBar } from '../callbacks/progress-bar.js';
import { permutation, takeRows } from './batches.js';
import { sampleCount, type TensorStructure } from './structure.js';
import { checkFitOptions, checkKnownKeys, positiveInt } from './options.js';

/** Options of `fit`. */
export interface FitOptions {
  /** Passes over the data. Default 1. */
  epochs?: number;
  /** Samples per step. Default 32. */
  batchSize?: number;
  /** Reshuffle the samples every epoch. Default true. */
  shuffle?: boolean;
  /** Seed of the shuffling (default: the global generator set by setSeed). */
  seed?: number;
  /** Fraction of the samples (taken from the end, before shuffling) kept for validation. Default 0. */
  validationSplit?: number;
  /** Data to evaluate after each epoch: [x, y] (each a tensor, an array or a record). */
  validationData?: [TensorStructure, TensorStructure];
  /** Callback objects, plain objects with hooks (`{ onEpochEnd(epoch, logs) {} }`), or one such object. */
  callbacks?: CallbackLike | CallbackLike[];
  /** 0 silent, 1 progress bar (default). */
  verbose?: 0 | 1;
  /** Epoch to start at (for resuming). Default 0. */
  initialEpoch?: number;
}

/** Options of `evaluate`. */
export interface EvaluateOptions {
  /** Samples per step. Default 32. */
  batchSize?: number;
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

function rows(list: readonly Tensor[], order: Int32Array | null, start: number, end: number): Tensor[] {
  return list.map((t) => takeRows(t, order, start, end));
}

/** Mean loss and metrics over batches, weighted by batch size. */
function evaluateBatches(model: Model, data: Data, batchSize: number): Logs {
  const sums: Logs = {};
  noGrad(() => {
    for (let start = 0; start < data.n; start += batchSize) {
      const end = Math.min(start + batchSize, data.n);
      const logs = model.testStep({ x: rows(data.xs, null, start, end), y: rows(data.ys, null, start, end) });
      for (const [k, v] of Object.entries(logs)) sums[k] = (sums[k] ?? 0) + v * (end - start);
    }
  });
  return Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, v / data.n]));
}

/** The fit loop behind `Model.fit`: batches, `trainStep`, callbacks, validation. */
export async function fitModel(model: Model, x: TensorStructure, y: TensorStructure, options: FitOptions = {}): Promise<History> {
  checkFitOptions(options);
  model.outputTargets('fit');
  const data = prepare('fit', model, x, y);
  const { epochs = 1, batchSize = 32, shuffle = true, verbose = 1, initialEpoch = 0, validationSplit = 0 } = options;
  let validation: Data | null = null;
  let train = data;
  if (options.validationData !== undefined) {
    const v = options.validationData;
    if (!Array.isArray(v) || v.length !== 2) throw new Error('fit: validationData must be [x, y]');
    validation = prepare('fit (validationData)', model, v[0], v[1]);
  } else if (validationSplit > 0) {
    const split = Math.floor(data.n * (1 - validationSplit));
    if (split < 1 || split >= data.n) throw new Error(`fit: validationSplit ${validationSplit} leaves no training or no validation samples out of ${data.n}`);
    validation = { xs: rows(data.xs, null, split, data.n), ys: rows(data.ys, null, split, data.n), n: data.n - split };
    train = { xs: rows(data.xs, null, 0, split), ys: rows(data.ys, null, 0, split), n: split };
  }

  const n = train.n;
  const steps = Math.ceil(n / batchSize);
  const history = new History();
  const user = options.callbacks === undefined ? [] : (Array.isArray(options.callbacks) ? options.callbacks : [options.callbacks]).map(toCallback);
  // as in Keras: the progress bar first, user callbacks, then History, which sees what they added to the logs
  const list = new CallbackList([...(verbose ? [new ProgressBar()] : []), ...user, history]);
  list.setModel(model);
  const metricNames = ['loss', ...(model.targets.length > 1 ? model.targets.filter((t) => t.loss).map((t) => `${t.output}_loss`) : []), ...model.targets.flatMap((t) => t.metrics.map(([m]) => m))];
  list.setParams({ epochs, steps, samples: n, verbose, metrics: metricNames });
  const rng = rngFor(options.seed);
  model.stopTraining = false;

  await list.onTrainBegin();
  for (let epoch = initialEpoch; epoch < epochs && !model.stopTraining; epoch++) {
    await list.onEpochBegin(epoch);
    const order = shuffle ? permutation(n, rng) : null;
    const sums: Logs = {};
    let seen = 0;
    for (let step = 0; step < steps && !model.stopTraining; step++) {
      const start = step * batchSize;
      const end = Math.min(start + batchSize, n);
      await list.onBatchBegin(step, { batch: step, size: end - start });
      const batch: Batch = { x: rows(train.xs, order, start, end), y: rows(train.ys, order, start, end) };
      const logs = model.trainStep(batch);
      for (const [k, v] of Object.entries(logs)) sums[k] = (sums[k] ?? 0) + v * (end - start);
      seen += end - start;
      await list.onBatchEnd(step, { ...logs, batch: step, size: end - start });
      if (!Number.isFinite(logs.loss) && !model.stopTraining) {
        throw new Error(`fit: the loss became ${logs.loss} at epoch ${epoch + 1}, batch ${step}; lower the learning rate or check the data (add TerminateOnNaN to stop instead of failing)`);
      }
    }
    const epochLogs: Logs = Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, v / Math.max(seen, 1)]));
    if (validation) {
      const v = evaluateBatches(model, validation, batchSize);
      for (const [k, value] of Object.entries(v)) epochLogs[`val_${k}`] = value;
    }
    await list.onEpochEnd(epoch, epochLogs);
  }
  await list.onTrainEnd();
  return history;
}

/** `Model.evaluate`: loss and metrics averaged over all samples. */
export function evaluateModel(model: Model, x: TensorStructure, y: TensorStructure, options: EvaluateOptions = {}): Record<string, number> {
  checkKnownKeys('evaluate', options, ['batchSize', 'verbose']);
  model.outputTargets('evaluate');
  const batchSize = options.batchSize ?? 32;
  positiveInt('evaluate', 'batchSize', batchSize);
  return evaluateBatches(model, prepare('evaluate', model, x, y), batchSize);
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
      const batch = rows(xs, null, start, Math.min(start + batchSize, n));
      const out = model.apply(batch.length === 1 ? batch[0] : batch, { training: false });
      parts.push(Array.isArray(out) ? out : [out]);
    }
    const outputs = parts[0].map((_, i) => (parts.length === 1 ? parts[0][i] : concat(parts.map((p) => p[i]), 0)));
    return outputs.length === 1 ? outputs[0] : outputs;
  });
}
