import { Registry } from '@rectify/layers';
import { Tensor, formatShape } from '@rectify/core';

/** A metric: (yTrue, yPred) -> the per-batch mean, averaged over samples across batches by the fit loop. */
export type MetricFn = ((yTrue: Tensor, yPred: Tensor) => number) & { metricName?: string };

function argmaxRow(d: ArrayLike<number>, offset: number, width: number): number {
  let best = 0;
  for (let j = 1; j < width; j++) if (d[offset + j] > d[offset + best]) best = j;
  return best;
}

/** Fraction of samples whose thresholded prediction (> 0.5) equals the label. */
export function binaryAccuracy(yTrue: Tensor, yPred: Tensor, threshold = 0.5): number {
  if (yTrue.size !== yPred.size) throw new Error(`binaryAccuracy: yTrue ${formatShape(yTrue.shape)} and yPred ${formatShape(yPred.shape)} differ in size`);
  let hits = 0;
  for (let i = 0; i < yPred.size; i++) if ((yPred.values[i] > threshold ? 1 : 0) === yTrue.values[i]) hits++;
  return hits / yPred.size;
}

/** Fraction of samples whose argmax prediction equals the argmax of the one-hot target. */
export function categoricalAccuracy(yTrue: Tensor, yPred: Tensor): number {
  if (yTrue.size !== yPred.size) throw new Error(`categoricalAccuracy: yTrue ${formatShape(yTrue.shape)} and yPred ${formatShape(yPred.shape)} differ in size`);
  const width = yPred.shape[yPred.rank - 1];
  const n = yPred.size / width;
  let hits = 0;
  for (let i = 0; i < n; i++) if (argmaxRow(yPred.values, i * width, width) === argmaxRow(yTrue.values, i * width, width)) hits++;
  return hits / n;
}

/** Fraction of samples whose argmax prediction equals the integer label. */
export function sparseCategoricalAccuracy(yTrue: Tensor, yPred: Tensor): number {
  const width = yPred.shape[yPred.rank - 1];
  const n = yPred.size / width;
  if (yTrue.size !== n) throw new Error(`sparseCategoricalAccuracy: expected ${n} integer labels for predictions ${formatShape(yPred.shape)}, got ${formatShape(yTrue.shape)}`);
  let hits = 0;
  for (let i = 0; i < n; i++) if (argmaxRow(yPred.values, i * width, width) === yTrue.values[i]) hits++;
  return hits / n;
}

/** Accuracy that picks binary, categorical or sparse from the shapes, as Keras does. */
export function accuracy(yTrue: Tensor, yPred: Tensor): number {
  const width = yPred.shape[yPred.rank - 1];
  if (width === 1 || yPred.rank === 1) return binaryAccuracy(yTrue, yPred);
  if (yTrue.size === yPred.size) return categoricalAccuracy(yTrue, yPred);
  return sparseCategoricalAccuracy(yTrue, yPred);
}

/** Mean squared error as a number. */
export function mse(yTrue: Tensor, yPred: Tensor): number {
  if (yTrue.size !== yPred.size) throw new Error(`mse: yTrue ${formatShape(yTrue.shape)} and yPred ${formatShape(yPred.shape)} differ in size`);
  let s = 0;
  for (let i = 0; i < yPred.size; i++) s += (yPred.values[i] - yTrue.values[i]) ** 2;
  return s / yPred.size;
}

/** Mean absolute error as a number. */
export function mae(yTrue: Tensor, yPred: Tensor): number {
  if (yTrue.size !== yPred.size) throw new Error(`mae: yTrue ${formatShape(yTrue.shape)} and yPred ${formatShape(yPred.shape)} differ in size`);
  let s = 0;
  for (let i = 0; i < yPred.size; i++) s += Math.abs(yPred.values[i] - yTrue.values[i]);
  return s / yPred.size;
}

/** Every metric by name. */
export const metrics = { accuracy, binaryAccuracy, categoricalAccuracy, sparseCategoricalAccuracy, mse, mae };

const ALIASES = {
  acc: 'accuracy', binary_accuracy: 'binaryAccuracy', categorical_accuracy: 'categoricalAccuracy',
  sparse_categorical_accuracy: 'sparseCategoricalAccuracy', meanSquaredError: 'mse', meanAbsoluteError: 'mae',
} as const satisfies Record<string, keyof typeof metrics>;

/** A built-in metric's name: camelCase, Keras snake_case, or an alias ('acc', 'meanSquaredError'). */
export type MetricName = keyof typeof metrics | keyof typeof ALIASES;

/**
 * A quantity in the epoch logs that callbacks can watch: the loss or a metric, `val_` for validation.
 * Any string is accepted (a custom metric's name); the known names autocomplete.
 */
export type MonitorName = 'loss' | 'val_loss' | MetricName | `val_${MetricName}` | (string & {});

/** Built-in metrics by name: camelCase, Keras's snake_case, and short aliases. */
const metricRegistry = new Registry<MetricFn>('metric');
for (const name of Object.keys(metrics)) metricRegistry.register(name, metrics[name as keyof typeof metrics] as MetricFn, Object.keys(ALIASES).filter((a) => (ALIASES as Record<string, string>)[a] === name));

/**
 * Resolves a metric name (or passes a function through) to `[logName, fn]`.
 * @example getMetric('accuracy')
 */
export function getMetric(metric: string | MetricFn): [string, MetricFn] {
  if (typeof metric === 'function') return [metric.metricName ?? (metric.name || 'metric'), metric];
  if (typeof metric === 'string') {
    if (metricRegistry.has(metric)) return [metric, metricRegistry.get(metric)];
  }
  throw new Error(`compile: unknown metric ${JSON.stringify(metric)}; valid names are ${[...Object.keys(metrics), ...Object.keys(ALIASES)].join(', ')} (or pass a function)`);
}
