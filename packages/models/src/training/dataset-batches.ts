import { Tensor, formatShape } from '@rectify/core';
import { checkStructure, describeValue, type TensorStructure } from './tensor-structure.js';
import { classWeightsFor, combineWeights } from './class-weight.js';
import type { TrainingBatch } from './data-adapter.js';

/**
 * Anything async-iterable, such as a `Dataset` from `@rectify/data`; `size` (its number of elements,
 * Infinity when endless, null when unknown) gives the steps per epoch.
 */
export type DatasetLike = AsyncIterable<unknown> & { readonly size?: number | null };

/** True for an async-iterable dataset (and not a tensor or plain structure). */
export function isDatasetLike(v: unknown): v is DatasetLike {
  return typeof v === 'object' && v !== null && !(v instanceof Tensor) && typeof (v as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function';
}

const RECORD_KEYS = ['xs', 'ys', 'sampleWeight'];

/** Reads one dataset element as a training batch, checking its structure and batch sizes. */
function toBatch(op: string, element: unknown, index: number): { x: TensorStructure; y: TensorStructure; sampleWeight?: Tensor } {
  const where = `dataset element ${index}`;
  let parts: unknown[];
  if (Array.isArray(element) && (element.length === 2 || element.length === 3)) parts = element;
  else if (typeof element === 'object' && element !== null && !Array.isArray(element) && !(element instanceof Tensor) && 'xs' in element && 'ys' in element) {
    const extra = Object.keys(element).filter((k) => !RECORD_KEYS.includes(k));
    if (extra.length) throw new Error(`${op}: ${where} has unexpected keys ${extra.join(', ')}; expected { xs, ys } or { xs, ys, sampleWeight }`);
    const e = element as Record<string, unknown>;
    parts = e.sampleWeight === undefined ? [e.xs, e.ys] : [e.xs, e.ys, e.sampleWeight];
  } else {
    throw new Error(`${op}: ${where} must be { xs, ys }, [x, y] or [x, y, sampleWeight] of batched tensors, got ${describeValue(element)}`);
  }
  const names = Array.isArray(element) ? ['x', 'y'] : ['xs', 'ys'];
  const nx = checkStructure(op, `${where}: ${names[0]}`, parts[0]);
  const ny = checkStructure(op, `${where}: ${names[1]}`, parts[1]);
  if (nx !== ny) throw new Error(`${op}: ${where} has ${nx} samples in ${names[0]} but ${ny} in ${names[1]}`);
  const batch: { x: TensorStructure; y: TensorStructure; sampleWeight?: Tensor } = { x: parts[0] as TensorStructure, y: parts[1] as TensorStructure };
  if (parts.length === 3) {
    const sw = parts[2];
    if (!(sw instanceof Tensor) || sw.rank < 1 || sw.shape[0] !== nx || sw.size !== nx) {
      throw new Error(`${op}: ${where}: sampleWeight must be a Tensor of shape [${nx}] or [${nx}, 1], got ${sw instanceof Tensor ? `shape ${formatShape(sw.shape)}` : describeValue(sw)}`);
    }
    batch.sampleWeight = sw;
  }
  return batch;
}

/** One pass over a dataset as training batches, with class weights applied. */
export async function* datasetPass(op: string, dataset: DatasetLike, lookup: ((cls: number) => number) | null): AsyncGenerator<TrainingBatch> {
  let index = 0;
  for await (const element of dataset) {
    const batch = toBatch(op, element, index++);
    if (lookup) batch.sampleWeight = combineWeights(classWeightsFor(op, batch.y, lookup), batch.sampleWeight);
    yield batch;
  }
}
