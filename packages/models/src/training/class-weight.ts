import { Tensor, formatShape, mul, reshape } from '@rectify/core';
import type { TensorStructure } from './tensor-structure.js';

/** A weight per class index: a record (`{ 0: 1, 1: 5 }`) or an array (`[1, 5]`). Classes not listed weigh 1. */
export type ClassWeight = Readonly<Record<number, number>> | readonly number[];

/** Validates a classWeight option and returns it as a lookup. */
export function classWeightLookup(op: string, classWeight: ClassWeight): (cls: number) => number {
  if (typeof classWeight !== 'object' || classWeight === null) throw new Error(`${op}: classWeight must be a record or array of class -> weight, got ${classWeight === null ? 'null' : typeof classWeight}`);
  const table = new Map<number, number>();
  for (const [key, w] of Object.entries(classWeight)) {
    const cls = Number(key);
    if (!Number.isInteger(cls) || cls < 0) throw new Error(`${op}: classWeight key '${key}' is not a class index (a non-negative integer)`);
    if (typeof w !== 'number' || !Number.isFinite(w) || w < 0) throw new Error(`${op}: classWeight for class ${cls} must be a finite non-negative number, got ${String(w)}`);
    table.set(cls, w);
  }
  return (cls) => table.get(cls) ?? 1;
}

/**
 * Per-sample weights from the labels of one batch (Keras `class_weight`): integer labels ([n] or
 * [n, 1], rounded) or one-hot / probability rows ([n, k], the argmax) pick their class's weight.
 */
export function classWeightsFor(op: string, y: TensorStructure, lookup: (cls: number) => number): Tensor {
  if (!(y instanceof Tensor)) throw new Error(`${op}: classWeight needs a single target tensor (one output); for several outputs pass sampleWeight instead`);
  if (y.rank < 1 || y.rank > 2) throw new Error(`${op}: classWeight needs labels of shape [n], [n, 1] or [n, classes], got ${formatShape(y.shape)}`);
  const n = y.shape[0];
  const k = y.rank === 2 ? y.shape[1] : 1;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let cls: number;
    if (k === 1) cls = Math.round(y.values[i]);
    else {
      cls = 0;
      for (let j = 1; j < k; j++) if (y.values[i * k + j] > y.values[i * k + cls]) cls = j;
    }
    out[i] = lookup(cls);
  }
  return new Tensor(out, [n]);
}

/** Class weights times sample weights (Keras multiplies them), aligned on the batch axis. */
export function combineWeights(classWeights: Tensor, sampleWeight: Tensor | undefined): Tensor {
  if (!sampleWeight) return classWeights;
  const aligned = sampleWeight.rank <= 1 ? reshape(sampleWeight, [classWeights.size]) : sampleWeight;
  return mul(aligned, reshape(classWeights, [classWeights.size, ...aligned.shape.slice(1).map(() => 1)]));
}
