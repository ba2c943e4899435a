import { Tensor, concat, formatShape, noGrad, rngFor } from '@rectify/core';
import type { Sequential } from '../sequential.js';
import { Callback, CallbackList, type Logs } from '../callbacks/callback.js';
import { History } from '../callbacks/history.js';
import { ProgressBar } from '../callbacks/progress-bar.js';
import { permutation, takeRows } from './batches.js';

/** Options of `fit`. */
export interface FitOptions {
  epochs?: number;
  batchSize?: number;
  /** Reshuffle the samples every epoch. Default true. */
  shuffle?: boolean;
  /** Seed of the shuffling (default: the global generator set by setSeed). */
  seed?: number;
  /** Fraction of the samples (taken from the end, before shuffling) kept for validation. */
  validationSplit?: number;
  validationData?: [Tensor, Tensor];
  callbacks?: Callback[];
  /** 0 silent, 1 progress bar (default). */
  verbose?: 0 | 1;
  /** Epoch to start at (for resuming). Default 0. */
  initialEpoch?: number;
}

/** Options of `evaluate`. */
export interface EvaluateOptions {
  batchSize?: number;
}

const FIT_KEYS = ['epochs', 'batchSize', 'shuffle', 'seed', 'validationSplit', 'validationData', 'callbacks', 'verbose', 'initialEpoch'];

function checkData(op: string, model: Sequential, x: Tensor, y: Tensor): void {
  if (!(x instanceof Tensor) || !(y instanceof Tensor)) throw new Error(`${op}: x and y must be Tensors`);
  if (x.rank < 1 || y.rank < 1 || x.shape[0] !== y.shape[0]) {
    throw new Error(`${op}: x and y must have the same number of samples, got x ${formatShape(x.shape)} and y ${formatShape(y.shape)}`);
  }
  if (!model.built) model.build(x.shape);
  model.checkInputShape(op, x);
}

function positiveInt(op: string, name: string, v: number): void {
  if (!Number.isInteger(v) || v < 1) throw new Error(`${op}: ${name} must be a positive integer, got ${v}`);
}

/** Mean loss and metrics over batches, weighted by batch size. */
function evaluateBatches(model: Sequential, x: Tensor, y: Tensor, batchSize: number): Logs {
  const sums: Logs = { loss: 0 };
  const n = x.shape[0];
  noGrad(() => {
    for (let start = 0; start < n; start += batchSize) {
      const end = Math.min(start + batchSize, n);
      const yb = takeRows(y, null, start, end);
      const { loss, predictions } = model.computeLoss(takeRows(x, null, start, end), yb, { training: false });
      sums.loss += loss.item() * (end - start);
      for (const [name, fn] of model.metrics) sums[name] = (sums[name] ?? 0) + fn(yb, predictions) * (end - start);
    }
  });
  return Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, v / n]));
}

/** The fit loop behind `Sequential.fit`. */
export async function fitModel(model: Sequential, x: Tensor, y: Tensor, options: FitOptions = {}): Promise<History> {
  for (const key of Object.keys(options)) if (!FIT_KEYS.includes(key)) throw new Error(`fit: unknown option '${key}'; valid options are ${FIT_KEYS.join(', ')}`);
  if (!model.optimizer || !model.loss) throw new Error(`fit: model '${model.name}' must be compiled first: call model.compile({ optimizer, loss, metrics })`);
  checkData('fit', model, x, y);
  const { epochs = 1, batchSize = 32, shuffle = true, verbose = 1, initialEpoch = 0, validationSplit = 0 } = options;
  positiveInt('fit', 'epochs', epochs);
  positiveInt('fit', 'batchSize', batchSize);
  if (!(validationSplit >= 0 && validationSplit < 1)) throw new Error(`fit: validationSplit must be in [0, 1), got ${validationSplit}`);
  let validation = options.validationData ?? null;
  let [xTrain, yTrain] = [x, y];
  if (validationSplit > 0 && !validation) {
    const split = Math.floor(x.shape[0] * (1 - validationSplit));
    if (split < 1 || split >= x.shape[0]) throw new Error(`fit: validationSplit ${validationSplit} leaves no training or no validation samples out of ${x.shape[0]}`);
    validation = [takeRows(x, null, split, x.shape[0]), takeRows(y, null, split, y.shape[0])];
    [xTrain, yTrain] = [takeRows(x, null, 0, split), takeRows(y, null, 0, split)];
  }
  if (validation) checkData('fit (validationData)', model, validation[0], validation[1]);

  const n = xTrain.shape[0];
  const steps = Math.ceil(n / batchSize);
  const history = new History();
  // as in Keras: the progress bar first, user callbacks, then History, which sees what they added to the logs
  const list = new CallbackList([...(verbose ? [new ProgressBar()] : []), ...(options.callbacks ?? []), history]);
  list.setModel(model);
  list.setParams({ epochs, steps, samples: n, verbose, metrics: ['loss', ...model.metrics.map(([m]) => m)] });
  const rng = rngFor(options.seed);
  const params = model.trainableWeights;
  const optimizer = model.optimizer;
  model.stopTraining = false;

  await list.onTrainBegin();
  for (let epoch = initialEpoch; epoch < epochs && !model.stopTraining; epoch++) {
    await list.onEpochBegin(epoch);
    const order = shuffle ? permutation(n, rng) : null;
    const sums: Logs = { loss: 0 };
    let seen = 0;
    for (let step = 0; step < steps && !model.stopTraining; step++) {
      const start = step * batchSize;
      const end = Math.min(start + batchSize, n);
      await list.onBatchBegin(step, { batch: step, size: end - start });
      const xb = takeRows(xTrain, order, start, end);
      const yb = takeRows(yTrain, order, start, end);
      optimizer.zeroGrad(params);
      const { loss, predictions } = model.computeLoss(xb, yb, { training: true });
      const lossValue = loss.item();
      const logs: Logs = { loss: lossValue };
      if (Number.isFinite(lossValue)) {
        loss.backward();
        optimizer.step(params);
      }
      for (const [name, fn] of model.metrics) logs[name] = fn(yb, predictions);
      for (const [k, v] of Object.entries(logs)) sums[k] = (sums[k] ?? 0) + v * (end - start);
      seen += end - start;
      await list.onBatchEnd(step, { ...logs, batch: step, size: end - start });
      if (!Number.isFinite(lossValue) && !model.stopTraining) {
        throw new Error(`fit: the loss became ${lossValue} at epoch ${epoch + 1}, batch ${step}; lower the learning rate or check the data (add TerminateOnNaN to stop instead of failing)`);
      }
    }
    const epochLogs: Logs = Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, v / Math.max(seen, 1)]));
    if (validation) {
      const v = evaluateBatches(model, validation[0], validation[1], batchSize);
      for (const [k, value] of Object.entries(v)) epochLogs[`val_${k}`] = value;
    }
    await list.onEpochEnd(epoch, epochLogs);
  }
  await list.onTrainEnd();
  return history;
}

/** `Sequential.evaluate`: loss and metrics averaged over all samples. */
export function evaluateModel(model: Sequential, x: Tensor, y: Tensor, options: EvaluateOptions = {}): Record<string, number> {
  if (!model.loss) throw new Error(`evaluate: model '${model.name}' must be compiled first`);
  checkData('evaluate', model, x, y);
  const batchSize = options.batchSize ?? 32;
  positiveInt('evaluate', 'batchSize', batchSize);
  return evaluateBatches(model, x, y, batchSize);
}

/** `Sequential.predict`: outputs in batches, no gradients recorded. */
export function predictModel(model: Sequential, x: Tensor, options: { batchSize?: number } = {}): Tensor {
  if (!(x instanceof Tensor)) throw new Error(`predict: expected a Tensor, got ${x === null ? 'null' : typeof x}`);
  if (!model.built) model.build(x.shape);
  model.checkInputShape('predict', x);
  const batchSize = options.batchSize ?? 32;
  positiveInt('predict', 'batchSize', batchSize);
  return noGrad(() => {
    const parts: Tensor[] = [];
    for (let start = 0; start < x.shape[0]; start += batchSize) {
      parts.push(model.apply(takeRows(x, null, start, Math.min(start + batchSize, x.shape[0])), { training: false }));
    }
    return parts.length === 1 ? parts[0] : concat(parts, 0);
  });
}
