import { formatShape } from '@rectify/core';

/** Limits for weights created inside `withWeightBudget`. */
export interface WeightBudget {
  /** Most scalars all weights created in the scope may hold together. */
  maxElements: number;
  /** Prefix of the refusal message, e.g. `loadModel`. */
  op: string;
  /** Why the budget is what it is, appended to the refusal (e.g. "the weights manifest describes 120 values"). */
  reason: string;
}

interface ActiveBudget extends WeightBudget {
  used: number;
}

// Building is synchronous, so one active scope at a time (nested scopes stack) is enough.
const scopes: ActiveBudget[] = [];

/**
 * Runs `fn` (synchronous) with a cap on the weights layers create: `addWeight` refuses once the total would
 * exceed `maxElements`, and fills new weights with zeros instead of running their initializers, because the
 * caller is about to overwrite them (a loader building a model from a file). A hostile size is refused
 * before any memory is allocated for it.
 * @example withWeightBudget({ maxElements: 130, op: 'loadModel', reason: 'the manifest describes 130 values' }, () => new Dense({ units: 10 }).build([1, 12]));
 */
export function withWeightBudget<T>(budget: WeightBudget, fn: () => T): T {
  if (!(Number.isSafeInteger(budget?.maxElements) && budget.maxElements >= 0)) {
    throw new Error(`withWeightBudget: maxElements must be a non-negative integer, got ${JSON.stringify(budget?.maxElements)}`);
  }
  if (typeof fn !== 'function') throw new Error(`withWeightBudget: expected a function to run, got ${typeof fn}`);
  scopes.push({ ...budget, used: 0 });
  try {
    const result = fn();
    if (result instanceof Promise) throw new Error('withWeightBudget: the function must be synchronous; weights created after it returns would escape the budget');
    return result;
  } finally {
    scopes.pop();
  }
}

/**
 * Called by `Layer.addWeight` before it allocates: refuses a malformed or over-budget shape with an error
 * naming the layer and weight, and tells whether the initializer may be skipped (true inside a budget).
 */
export function claimWeight(layer: string, weight: string, shape: readonly number[]): boolean {
  const scope = scopes.at(-1);
  if (!scope) return false;
  const what = `layer '${layer}' weight '${weight}'`;
  if (!Array.isArray(shape) || shape.some((d) => !Number.isSafeInteger(d) || d < 0)) {
    throw new Error(`${scope.op}: ${what} has shape ${JSON.stringify(shape)}; expected non-negative integer sizes`);
  }
  // a float product stays exact up to the budget, and past it the comparison still fails
  const size = shape.reduce((a, d) => a * d, 1);
  if (scope.used + size > scope.maxElements) {
    throw new Error(`${scope.op}: ${what} of shape ${formatShape(shape)} (${size} values) would bring the model to ${scope.used + size} values, but ${scope.reason}`);
  }
  scope.used += size;
  return true;
}
