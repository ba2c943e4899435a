import { Tensor, div } from '@rectify/core';
import type { Regularizer } from './regularizers.js';

// Activity penalties are functions of a forward pass, so they are collected while one runs: the fit loop
// opens a collection around the model call and adds what the layers recorded to the loss.
let collecting: Tensor[] | null = null;

/**
 * Runs `forward` and returns its result with the activity penalties the layers recorded during it (each
 * layer's activityRegularizer of its output, divided by the batch size as Keras does).
 */
export function collectActivityLosses<T>(forward: () => T): { result: T; losses: Tensor[] } {
  const outer = collecting;
  const losses: Tensor[] = [];
  collecting = losses;
  try {
    return { result: forward(), losses };
  } finally {
    collecting = outer;
  }
}

/** Records the penalty of a layer output when a collection is open (outside one there is no loss to add it to). */
export function recordActivityLoss(regularizer: Regularizer, output: Tensor | Tensor[]): void {
  if (!collecting) return;
  for (const y of Array.isArray(output) ? output : [output]) {
    const penalty = regularizer.apply(y);
    collecting.push(y.rank > 0 && y.shape[0] > 0 ? div(penalty, y.shape[0]) : penalty);
  }
}
